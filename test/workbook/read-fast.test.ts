/**
 * The fast paths of the package reader against its plain implementations (issue: reading
 * faster and lighter): the XmlScanner reading common tags by hand, passing attribute text and
 * text as ranges and finishing a cut tag from the chunk's start, and the SheetHandler reading
 * r/s/t, row numbers, shared-string indices and plain numbers in place and gathering rows in one
 * reused array. Both must give exactly what the reference (START_TAG, sliced strings, rows grown
 * by push) gives — the same events, the same grid, the same errors.
 */
import fc from 'fast-check';
import { XmlScanner, type XmlHandler } from '../../src/workbook/xlsx-package/xml-scan';
import { PackageReader, simpleNumber } from '../../src/workbook/xlsx-package/read-grid';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { readLimits } from '../../src/cli/io';
import { oneSheet } from './reader-helpers';

type Event = ['open', string, string, boolean] | ['close', string] | ['text', string];

class Recorder implements XmlHandler {
  wantText = true;
  readonly events: Event[] = [];
  constructor(withRanges: boolean) {
    if (!withRanges) {
      this.openAt = undefined;
      this.textAt = undefined;
    }
  }
  open(name: string, attrs: string, selfClosing: boolean): void {
    this.events.push(['open', name, attrs, selfClosing]);
    this.wantText = name.length % 2 === 1; // text wanted in some elements only
  }
  openAt?(name: string, src: string, from: number, to: number, selfClosing: boolean): void {
    this.open(name, src.slice(from, to), selfClosing);
  }
  close(name: string): void {
    this.events.push(['close', name]);
    this.wantText = true;
  }
  text(raw: string): void {
    const last = this.events[this.events.length - 1];
    if (last?.[0] === 'text') last[1] += raw; // a run may come in several pieces
    else this.events.push(['text', raw]);
  }
  textAt?(src: string, from: number, to: number): void {
    this.text(src.slice(from, to));
  }
}

function scanAll(xml: string, cuts: number[], fast: boolean, ranges: boolean): { events: Event[]; error: string | null } {
  const h = new Recorder(ranges);
  const scanner = new XmlScanner(h, 'xl/test.xml', !fast);
  let error: string | null = null;
  try {
    let at = 0;
    for (const c of [...cuts].sort((a, b) => a - b)) {
      const to = Math.min(xml.length, c);
      if (to < at) continue;
      scanner.feed(xml.slice(at, to));
      at = to;
    }
    scanner.feed(xml.slice(at));
    scanner.end();
  } catch (e) {
    error = (e as Error).message;
  }
  return { events: h.events, error };
}

const names = fc.constantFrom('c', 'v', 'row', 'x:c', 'si', 'rPh', 'sheetData', 'is', 't', 'a-b.c_d', 'x14ac:dyDescent', '中', 'a:b:c', '');
const spaces = fc.constantFrom('', ' ', '  ', '\n', '\t', '\r\n', '\u00A0', '\u3000', '\v');
const values = fc.constantFrom('', 'A1', '1', 's', 'inlineStr', 'a>b', "it's", 'x"y', '&amp;', '1:5', '0.25', '中文');
const attr = fc.tuple(spaces, names, spaces, spaces, fc.constantFrom('"', "'"), values).map(([w, k, a, b, q, v]) =>
  `${w}${k}${a}=${b}${q}${q === '"' ? v.replace(/"/g, '') : v.replace(/'/g, '')}${q}`);
const startTag = fc.tuple(names, fc.array(attr, { maxLength: 3 }), spaces, fc.constantFrom('', '/')).map(([n, a, w, s]) => `<${n}${a.join('')}${w}${s}>`);
const piece = fc.oneof(
  { weight: 6, arbitrary: startTag },
  { weight: 4, arbitrary: fc.tuple(names, spaces).map(([n, w]) => `</${n}${w}>`) },
  { weight: 4, arbitrary: fc.constantFrom('123.45', 'text', ' ', '&lt;', '中文', '-0', '>', ']]>') },
  { weight: 1, arbitrary: fc.constantFrom('<!-- a > b -->', '<![CDATA[x<y>z]]>', '<?pi a="1"?>', '<!DOCTYPE x>', '<!x>', '<', '<c r="A1"', '<=>', '< c>') },
);
const doc = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

describe('XmlScanner fast path = reference', () => {
  it('the same events and errors, however the text is cut into chunks', () => {
    fc.assert(fc.property(doc, fc.array(fc.nat({ max: 400 }), { maxLength: 6 }), (xml, cuts) => {
      const reference = scanAll(xml, cuts, false, false);
      expect(scanAll(xml, cuts, true, true)).toEqual(reference);
      expect(scanAll(xml, cuts, true, false)).toEqual(reference);
      // and as one piece, as the reference reads the whole part
      expect(scanAll(xml, [], true, true)).toEqual(scanAll(xml, [], false, false));
    }), { numRuns: 3000 });
  });

  it('a tag cut by a chunk end in many places', () => {
    const xml = '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c><!-- > --><c r="B1"><v>12.5</v></c></row>';
    const reference = scanAll(xml, [], false, false);
    for (let a = 0; a <= xml.length; a++) {
      for (let b = a; b <= xml.length; b += 7) expect(scanAll(xml, [a, b], true, true)).toEqual(reference);
    }
  });
});

describe('simpleNumber = Number', () => {
  it('gives Number(text) whenever it gives a number', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '5', '9'), { minLength: 0, maxLength: 18 }).map((d) => d.join(''));
    const text = fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.constantFrom('', '.'), digits, fc.constantFrom('', 'e5', ' ', 'x'))
      .map(([s, a, d, b, e]) => s + a + d + b + e);
    fc.assert(fc.property(fc.oneof(text, fc.double().map(String), fc.string({ maxLength: 12 })), (t) => {
      const n = simpleNumber(t, 0, t.length);
      if (n !== undefined) expect(Object.is(n, Number(t))).toBe(true);
    }), { numRuns: 20000 });
    expect(simpleNumber('86427.22', 0, 8)).toBe(86427.22);
    expect(Object.is(simpleNumber('-0', 0, 2), -0)).toBe(true);
  });
});

/**
 * The grid as read with the plain implementations (reference), with every fast path (the scanner's
 * hand-read tags too, whatever the part's size: handReadFromBytes 0), or as a real reading does
 * (hand-read tags only from HAND_READ_FROM_BYTES; a test sheet is smaller).
 */
async function gridOf(bytes: Uint8Array, mode: 'reference' | 'fast' | 'default'): Promise<unknown> {
  try {
    const reader = await PackageReader.open(bytes, nodeZipCodec(), readLimits({}));
    reader.reference = mode === 'reference';
    if (mode === 'fast') reader.handReadFromBytes = 0;
    const grid = await reader.readSheet(reader.firstSheetName()!);
    // Dates by their time (an invalid Date is not toEqual to another invalid Date)
    return { ...grid, cells: grid.cells.map((row) => row.map((v) => (v instanceof Date ? { date: String(v.getTime()) } : v))) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const cellArb = fc.record({
  col: fc.oneof(fc.constant(null), fc.nat({ max: 6 }), fc.constantFrom('a', ' B', 'A0', '1', '&#65;', 'XFE', 'A 1')),
  s: fc.constantFrom(null, '0', '1', '2', '01', ' 1', '', 'x', '9999999999'),
  t: fc.constantFrom(null, 's', 'n', 'str', 'b', 'e', 'd', 'inlineStr', 'x', '&#115;'),
  v: fc.oneof(
    fc.constantFrom(null, '', '0', '1', '3', '7', ' 2', '12.50', '-0', '1e3', '0x1F', '123456789012345', '1234567890123456', '2023-05-06',
      'TRUE', '#N/A', 'abc', '&lt;b&gt;', '1.', '.5', '+3', '45123'),
    fc.double({ noNaN: true }).map(String),
  ),
  f: fc.constantFrom(null, '', 'SUM(A1)', '<f t="shared" si="0"/>'),
  inline: fc.constantFrom(null, '<is><t>x</t></is>', '<is><r><t></t></r></is>'),
});
const rowArb = fc.record({
  r: fc.oneof(fc.constant(null), fc.nat({ max: 8 }), fc.constantFrom(' 3 ', 'x', '0', '1048577', '&#50;')),
  extra: fc.constantFrom('', ' spans="1:5"', ' x14ac:dyDescent="0.25" ht="15"'),
  cells: fc.array(cellArb, { maxLength: 6 }),
});

function sheetData(rows: Array<{ r: number | string | null; extra: string; cells: Array<Record<string, unknown>> }>): string {
  const letters = 'ABCDEFG';
  return rows.map((row) => {
    const cells = row.cells.map((c) => {
      const at: string[] = [];
      if (c.col !== null) {
        const ref = typeof c.col === 'number' ? `${letters[c.col]}${typeof row.r === 'number' ? row.r + 1 : 1}` : String(c.col);
        at.push(`r="${ref}"`);
      }
      if (c.s !== null) at.push(`s="${c.s}"`);
      if (c.t !== null) at.push(`t="${c.t}"`);
      let inner = '';
      if (typeof c.f === 'string') inner += c.f.startsWith('<') ? c.f : `<f>${c.f}</f>`;
      if (c.v !== null) inner += `<v>${c.v}</v>`;
      if (c.inline !== null) inner += c.inline;
      return `<c ${at.join(' ')}${inner === '' ? '/>' : `>${inner}</c>`}`;
    }).join('');
    const r = row.r === null ? '' : ` r="${typeof row.r === 'number' ? row.r + 1 : row.r}"`;
    return `<row${r}${row.extra}>${cells}</row>`;
  }).join('');
}

describe('SheetHandler fast paths = reference', () => {
  it('the same grid (values, formats, dates) or the same error, for any sheet', async () => {
    await fc.assert(fc.asyncProperty(fc.array(rowArb, { maxLength: 8 }), fc.boolean(), async (rows, merge) => {
      const bytes = oneSheet(sheetData(rows), {
        strings: ['a', 'b', 'c', '家庭编号', ''],
        numFmts: { 164: 'yyyy-mm-dd' },
        cellXfs: [0, 164, 49],
        after: merge ? '<mergeCells count="1"><mergeCell ref="A1:C3"/></mergeCells>' : undefined,
      });
      const reference = await gridOf(bytes, 'reference');
      expect(await gridOf(bytes, 'fast')).toStrictEqual(reference);
      expect(await gridOf(bytes, 'default')).toStrictEqual(reference);
    }), { numRuns: 1500 });
  });

  it('a large sheet read in many chunks', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 30000; r++) {
      rows.push(`<row r="${r}" spans="1:3"><c r="A${r}" s="2" t="s"><v>${r % 3}</v></c><c r="B${r}"${r % 7 === 0 ? ' s="1"' : ''}><v>${r * 1.25}</v></c><c r="C${r}" t="str"><v>t${r}</v></c></row>`);
    }
    const bytes = oneSheet(rows.join(''), { strings: ['a', 'b', 'c'], numFmts: { 164: 'yyyy-mm-dd' }, cellXfs: [0, 164, 49] });
    const reference = await gridOf(bytes, 'reference');
    expect(await gridOf(bytes, 'fast')).toStrictEqual(reference);
    expect(await gridOf(bytes, 'default')).toStrictEqual(reference);
  });
});
