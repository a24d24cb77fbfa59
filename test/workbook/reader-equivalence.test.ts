/**
 * Equivalence proof of the package reader (src/workbook/xlsx-package/read-grid.ts, used by the
 * CLI and the web page) against the ExcelJS-based reader it replaces (src/workbook/exceljs-read.ts):
 * on generated workbooks (written by ExcelJS) and on every workbook in test/fixtures and
 * examples, both give the same sheet names, default sheet, visibility, 1904 flag and, cell by
 * cell, the same values (and number formats of every number and date).
 *
 * The comparison ignores only how far a row's trailing blanks reach (ExcelJS filled merged
 * areas with nulls to their right edge) — never a value.
 *
 * Where the two differ because ExcelJS read the file wrongly, the generator does not go (each has
 * its own test in reader-cells.test.ts / reader-safety.test.ts / test/cli/reader-cli.test.ts):
 *  1. t="d" ISO date cells: ExcelJS parseFloat → 2023 (then a 1905 date when date-formatted);
 *     ours: the date.
 *  2. Built-in number formats 27–36 and 50–58 (East Asian dates and times): ExcelJS no format,
 *     a bare number; ours: a date, with the zh-CN format text.
 *  3. Custom formats with escaped or uppercase-only date letters: "0.0\d" a date to ExcelJS (it
 *     dropped the backslash first), "YYYY" / "DD" not; ours: Excel's reading (not / is a date).
 *  4. Inline strings: `_xHHHH_` escapes undecoded by ExcelJS in <is><t> (decoded in shared strings
 *     and runs); a <rPh> phonetic run inside <is> emptied ExcelJS's whole sheet; ours: decoded,
 *     phonetic text left out, as in shared strings.
 *  5. t="str" cached formula text decoded twice by ExcelJS ("&amp;lt;" → "<"); ours once ("&lt;").
 *  6. A formula whose cached result is 0 or FALSE: ExcelJS blank (its FormulaValue drops falsy
 *     results); ours 0 / false, as Excel shows them.
 *  7. Corrupt cells: a shared-string index out of range crashed ExcelJS's load (or, with no
 *     shared-string part, read the index as a number); "1e400" / "12abc" / "0x1F" → {error:'#NUM!'} /
 *     12 / 0; an unreadable boolean → true. Ours: error values naming the fault (Chinese), which
 *     the sheets layer reports as a problem naming the cell.
 *  8. Rows without r: ExcelJS refused the file; cells without r after an empty <c r=…/>: ExcelJS
 *     put them one column too far left. Ours: each follows the previous one (OOXML).
 *  9. Merged cells: ExcelJS expanded every merge (a merge over F1:XFD1048576 took minutes and
 *     gigabytes) and filled text below / right of the used range; ours applies the merge rule
 *     inside the used range only. Overlapping merges: ExcelJS refused the file; ours applies them
 *     in order.
 * 10. Names: sheet names decoded twice by ExcelJS ("A&amp;amp;B" → "A&B"), names over 31
 *     characters cut; "History" and names with : \ / ? * [ ] refused. Ours: as written.
 * 11. `date1904="true"`: ExcelJS only knew "1".
 * 12. Worksheet parts not named xl/worksheets/sheetN.xml, Strict OOXML relationship types,
 *     a prefixed main namespace (<x:c>): ExcelJS lost those sheets or their cells; ours reads them.
 * 13. `<si/>` (an empty shared string without <t>): ExcelJS "[object Object]"; ours "".
 * 14. A formula's text, boolean or error result in a date format: ExcelJS converted it as a serial,
 *     an invalid Date; ours the text, boolean or error.
 * And what ours refuses that ExcelJS read: shadow / duplicate / escaping part names, parts over the
 * limits, DOCTYPEs, cells beyond XFD1048576, ZIP64 packages (ExcelJS read them; ours asks for a
 * re-save), UTF-16 parts.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Workbook, type CellValue as ExcelCellValue } from 'exceljs';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { PackageWorkbook } from '../../src/workbook/package-workbook';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { formatAt, type SheetGrid } from '../../src/sheets/grid';
import { values } from './reader-helpers';

const ROOT = path.join(__dirname, '..', '..');

/** Both readers' view of a workbook. */
async function bothViews(bytes: Uint8Array): Promise<Array<{ names: string[]; first: string | null; states: Array<string | null>; grids: SheetGrid[] }>> {
  const exceljs = await ExcelJsWorkbook.load(bytes);
  const ours = await PackageWorkbook.open(bytes, nodeZipCodec());
  const theirs = {
    names: await exceljs.sheetNames(),
    first: exceljs.firstSheetName(),
    states: exceljs.workbook.worksheets.map((ws) => (ws.state === undefined || ws.state === 'visible' ? 'visible' : ws.state)),
    grids: [] as SheetGrid[],
  };
  const mine = { names: await ours.sheetNames(), first: ours.firstSheetName(), states: [] as Array<string | null>, grids: [] as SheetGrid[] };
  mine.states = mine.names.map((n) => ours.sheetState(n));
  for (const n of theirs.names) theirs.grids.push(await exceljs.readSheet(n));
  for (const n of mine.names) mine.grids.push(await ours.readSheet(n));
  return [theirs, mine];
}

/** Values to compare: a date as its time (an out-of-range serial is an invalid Date in both). */
function comparable(grid: SheetGrid): unknown[][] {
  return values(grid).map((row) => row.map((v) => (v instanceof Date ? { date: Number.isNaN(v.getTime()) ? 'invalid' : v.getTime() } : v)));
}

/** The number formats of the number and date cells (the only ones a format changes). */
function formatsOfNumbers(grid: SheetGrid): Array<[number, number, string | null]> {
  const out: Array<[number, number, string | null]> = [];
  grid.cells.forEach((row, r) => row.forEach((v, c) => {
    if (typeof v === 'number' || v instanceof Date) out.push([r, c, formatAt(grid, r, c)]);
  }));
  return out;
}

async function expectSameReading(bytes: Uint8Array): Promise<void> {
  const [theirs, mine] = await bothViews(bytes);
  expect(mine.names).toEqual(theirs.names);
  expect(mine.first).toEqual(theirs.first);
  expect(mine.states).toEqual(theirs.states);
  theirs.grids.forEach((g, i) => {
    const m = mine.grids[i];
    expect(m.name).toBe(g.name);
    expect(m.date1904).toBe(g.date1904);
    expect(comparable(m)).toEqual(comparable(g));
    expect(formatsOfNumbers(m)).toEqual(formatsOfNumbers(g));
  });
}

// ---- generated workbooks ------------------------------------------------------------------------

const CHARS = Array.from('abcXYZ 0129-_.,;:/()（）、，。！？Ａｚ０９　温州市鹿城区龙湾瓯海瑞安乐清永嘉平阳苍南文成泰顺洞头𠀀𠀁𪚥䶮&<>"\'\n');
/** Text as officers type it: CJK (rare characters outside the BMP too), full-width forms, spaces, XML specials. */
const text = fc
  .array(fc.constantFrom(...CHARS), { maxLength: 14 })
  .map((a) => a.join(''))
  // item 5 above: ExcelJS decodes t="str" text twice, so "&lt;" typed as text would differ
  .filter((s) => !/&[a-z]*;/.test(s));
const number = fc.oneof(
  fc.constantFrom(0.1, -0, 1e-7, 0.30000000000000004, 123456789012345, 9007199254740993, 1e21, -1e-300, 5e-324, 1.7976931348623157e308, 100000.5, 45278),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1e9, max: 1e9 }),
);
const date = fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
const error = fc.constantFrom('#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!');
const FORMATS = [undefined, '0.00', '0%', '0.00%', '#,##0', '@', 'yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[Red]0.0', '0.0"h"', 'h:mm', 'mm:ss', '"¥"#,##0.00', '[$-804]yyyy/m/d', 'd-mmm-yy'];

const DATE_FORMATS = new Set(['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm', 'mm:ss', '[$-804]yyyy/m/d', 'd-mmm-yy']);

type GenCell = { value: ExcelCellValue; numFmt?: string };
const cell: fc.Arbitrary<GenCell | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: text.map((t) => ({ value: t })) },
  { weight: 3, arbitrary: fc.record({ value: number, numFmt: fc.constantFrom(...FORMATS) }) },
  { weight: 1, arbitrary: fc.boolean().map((b) => ({ value: b })) },
  { weight: 1, arbitrary: error.map((e) => ({ value: { error: e } as ExcelCellValue })) },
  { weight: 2, arbitrary: date.map((d) => ({ value: d })) },
  { weight: 1, arbitrary: fc.array(fc.record({ text, bold: fc.boolean() }), { minLength: 1, maxLength: 3 }).map((runs) => ({ value: { richText: runs.map((r) => (r.bold ? { text: r.text, font: { bold: true } } : { text: r.text })) } as ExcelCellValue })) },
  {
    weight: 2,
    arbitrary: fc.record({
      formula: fc.constantFrom('A1*2', 'SUM(A1:B2)', 'TODAY()', 'IF(A1>0,"是","否")'),
      // no 0 or FALSE result (item 6 above)
      result: fc.option(fc.oneof(number.filter((n) => n !== 0), text, fc.constant(true), error.map((e) => ({ error: e }))), { nil: undefined }),
      numFmt: fc.constantFrom(...FORMATS),
    }).map(({ formula, result, numFmt }) => ({
      value: (result === undefined ? { formula } : { formula, result }) as ExcelCellValue,
      // no text, boolean or error result in a date format (item 14 above)
      numFmt: typeof result !== 'number' && numFmt && DATE_FORMATS.has(numFmt) ? undefined : numFmt,
    })),
  },
);

interface GenSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rows: Array<Array<GenCell | null> | null>;
  merges: Array<[number, number, number, number]>;
}

const SHEET_NAMES = ['总部企业', '明细', '补偿因素', '用水量测算', '说明', 'Sheet 1', '２０２４年', '鹿城区（汇总）'];

const sheet = (name: string): fc.Arbitrary<GenSheet> =>
  fc.record({
    state: fc.constantFrom<GenSheet['state']>('visible', 'visible', 'hidden', 'veryHidden'),
    rows: fc.array(fc.option(fc.array(cell, { maxLength: 7 }), { nil: null, freq: 4 }), { maxLength: 12 }),
    merges: fc.array(fc.tuple(fc.nat(10), fc.nat(6), fc.nat(3), fc.nat(3)), { maxLength: 3 }),
  }).map(({ state, rows, merges }) => {
    // merges inside the used range (item 9 above), not overlapping: a sentinel value at the
    // bottom-right corner, outside every merge, keeps the used range what the generator meant
    const height = Math.max(rows.length, 1);
    const width = Math.max(1, ...rows.map((r) => r?.length ?? 0));
    const kept: GenSheet['merges'] = [];
    for (const [t, l, h, w] of merges) {
      const m: [number, number, number, number] = [t % height, l % width, Math.min(height - 1, (t % height) + h), Math.min(width - 1, (l % width) + w)];
      if (m[0] === m[2] && m[1] === m[3]) continue;
      if (kept.some((k) => k[0] <= m[2] && m[0] <= k[2] && k[1] <= m[3] && m[1] <= k[3])) continue;
      kept.push(m);
    }
    const full = [...rows];
    if (kept.length > 0) {
      while (full.length < height + 1) full.push(null);
      const last = Array<GenCell | null>(width + 1).fill(null);
      last[width] = { value: '角' };
      full[height] = last;
    }
    return { name, state, rows: full, merges: kept };
  });

const workbook = fc.record({
  sheets: fc.shuffledSubarray(SHEET_NAMES, { minLength: 1, maxLength: 3 }).chain((names) => fc.tuple(...names.map(sheet))),
  date1904: fc.boolean(),
  useSharedStrings: fc.boolean(),
});

async function write(model: { sheets: GenSheet[]; date1904: boolean; useSharedStrings: boolean }): Promise<Uint8Array> {
  const wb = new Workbook();
  if (model.date1904) wb.properties.date1904 = true;
  for (const s of model.sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state });
    s.rows.forEach((row, r) => row?.forEach((c, col) => {
      if (!c) return;
      const target = ws.getCell(r + 1, col + 1);
      target.value = c.value;
      if (c.numFmt) target.numFmt = c.numFmt;
    }));
    for (const [t, l, b, r] of s.merges) ws.mergeCells(t + 1, l + 1, b + 1, r + 1);
  }
  const out = await wb.xlsx.writeBuffer({ useSharedStrings: model.useSharedStrings } as Parameters<Workbook['xlsx']['writeBuffer']>[0]);
  return new Uint8Array(out as ArrayBuffer);
}

describe('the package reader reads what the ExcelJS reader read', () => {
  test('generated workbooks: strings (full-width, rare characters), numbers, booleans, errors, dates (1900 and 1904), rich text, merges, blank rows, formulas', async () => {
    await fc.assert(
      fc.asyncProperty(workbook, async (model) => {
        await expectSameReading(await write(model));
      }),
      { numRuns: Number(process.env.READER_EQUIVALENCE_RUNS ?? 150) },
    );
  }, 120_000);

  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : /\.xls[xm]$/i.test(f) ? [p] : [];
    });
  const files = [path.join(ROOT, 'test', 'fixtures'), path.join(ROOT, 'examples')].flatMap(walk);

  test('there are fixture and example workbooks to compare', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  test.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', async (_rel, file) => {
    await expectSameReading(readFileSync(file));
  });
});
