/**
 * Personal data in what is about to be signed (issue 8, item 12). The payload lists every
 * covered cell in full and is exported as X.payload.json — for a relief result whose input
 * sheet is covered, that is every member's ID number unmasked. Signing does not refuse it (the
 * reviewer may have to sign the inputs), but it says so, naming the sheets, so the files are
 * handled as personal data, or the input sheet is left out (`--sheets`, the pane's 「不签输入表」).
 *
 * A cell counts when it holds a valid ID number (GB 11643-1999 check character), alone or inside
 * a text, or an 18-digit number shaped like one — the same tests as the rest of wzpolicy
 * (rules/medical-relief/mask-id.ts).
 */
import { looksLikeIdNumberTypedAsNumber, maskIdNumbersIn } from '../rules/medical-relief/mask-id';
import { a1, type SheetRole, type SignedRange } from './canonical';

export interface IdNumbersFound {
  sheet: string;
  role: SheetRole;
  /** How many cells hold a full ID number. */
  cells: number;
  /** The first such cell (A1 form). */
  first: string;
}

export function idNumbersIn(ranges: SignedRange[]): IdNumbersFound[] {
  const out: IdNumbersFound[] = [];
  for (const range of ranges) {
    let cells = 0;
    let first = '';
    range.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        const hit =
          (typeof v === 'string' && v.length >= 18 && maskIdNumbersIn(v) !== v) || (typeof v === 'number' && looksLikeIdNumberTypedAsNumber(v));
        if (hit && cells++ === 0) first = a1(r, c);
      }),
    );
    if (cells) out.push({ sheet: range.sheet, role: range.role, cells, first });
  }
  return out;
}
