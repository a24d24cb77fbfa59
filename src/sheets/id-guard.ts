/**
 * ID numbers where they do not belong (docs/rules.md §3 Personal data; 温政办〔2023〕90号 三、（五）
 * identifies families by their members' ID numbers, which every output shows only masked). An ID
 * pasted into an amount, a name, a county or any other column but 身份证号 would be printed in full
 * or — all digits — read as an amount of hundreds of trillions. So any cell outside the ID column
 * holding a valid ID number (GB 11643-1999 check) or an 18-digit number shaped like one is an
 * error naming the cell, its number masked.
 */
import { isIdNumber, looksLikeIdNumberTypedAsNumber, maskIdNumber } from '../rules/medical-relief/mask-id';
import type { CellValue } from './grid';
import { error, Problem } from './problem';

/** The masked ID when the cell holds an ID number (as text, or typed as a number), else null. */
export function idNumberInCell(value: CellValue): string | null {
  if (typeof value === 'string') {
    // Quick reject first: most cells are not 18 characters once trimmed.
    if (value.length < 18) return null;
    const t = value.trim();
    return t.length === 18 && isIdNumber(t) ? maskIdNumber(t.toUpperCase()) : null;
  }
  if (typeof value === 'number' && value >= 1e17 && looksLikeIdNumberTypedAsNumber(value)) {
    return maskIdNumber(BigInt(value).toString());
  }
  return null;
}

/** The error for an ID number found in the column `header` at `address`. */
export function misplacedIdProblem(sheet: string, address: string, header: string, masked: string): Problem {
  return error(sheet, address, `「${header}」中是一个身份证号（${masked}），不是该列应填的内容：请核对是否错列或合并单元格把身份证号带入了此列；身份证号只应填在「身份证号」列。`);
}
