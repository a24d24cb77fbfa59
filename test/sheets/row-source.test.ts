/**
 * Sheets whose rows are made on demand (sheetOfRowSource, issue 10): every consumer sees the rows
 * a sheet literal would have, the package writer writes the same bytes without ever making the
 * rows array, and copies keep the source. The hq sheets built this way (星级评定结果, 公示名单) are
 * written without their rows being read.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import {
  FMT, empty, fitWidths, int, num, sheetOfRowSource, sheetRows, sheetWith, text, withDocument, type ResultCell, type ResultSheet,
} from '../../src/sheets/result-sheet';
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { XlsxPackage } from '../../src/workbook/xlsx-package/package';
import { sheetLayout } from '../../src/workbook/xlsx-package/layout';
import { worksheetXml } from '../../src/workbook/xlsx-package/sheet-xml';
import { StyleBook } from '../../src/workbook/xlsx-package/styles';
import { joinParts, makeEntry, writeZip } from '../../src/workbook/xlsx-package/zip';
import { fixtureParts } from '../workbook/xlsx-package-fixture';
import { gridFromWorksheet } from '../../src/workbook/exceljs-read';
import { hqWorkedExampleWorkbook } from '../../scripts/example-workbooks';

const styles = (): StyleBook => new StyleBook(fixtureParts().find(([n]) => n === 'xl/styles.xml')![1] as string);
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
/** Whether a sheet's rows are still unread (its `rows` is the accessor sheetOfRowSource defines). */
const unread = (sheet: ResultSheet): boolean => Object.getOwnPropertyDescriptor(sheet, 'rows')?.get !== undefined;

/** A source over fixed rows that counts how often rows are asked for. */
function counted(rows: ResultCell[][]): { source: { length: number; row(i: number): ResultCell[] }; asked: () => number } {
  let n = 0;
  return { source: { length: rows.length, row: (i) => { n++; return rows[i].slice(); } }, asked: () => n };
}

const FIELDS = {
  name: '明细', role: 'result' as const,
  columns: [{ header: '序号' }, { header: '名称' }, { header: '得分' }, { header: '说明', wrap: true }],
  totalsRows: [2], starColumn: 1,
};
const ROWS: ResultCell[][] = [
  [int(1), text('甲'), num(new Decimal('1.5'), FMT.score), text('很长的说明文字，'.repeat(20))],
  [int(2), text('乙'), num(new Decimal('2'), FMT.score), empty],
  [text('合计'), empty, num(new Decimal('3.5'), FMT.score), empty],
];

describe('sheetOfRowSource', () => {
  test('reads as the sheet literal: rows, keys in order, spread, JSON and structured clone', () => {
    const literal: ResultSheet = { name: FIELDS.name, role: FIELDS.role, columns: FIELDS.columns, rows: ROWS, totalsRows: FIELDS.totalsRows, starColumn: 1 };
    const make = () => sheetOfRowSource(FIELDS, counted(ROWS).source);
    expect(Object.keys(make())).toEqual(Object.keys(literal));
    expect(make().rows).toEqual(ROWS);
    expect({ ...make() }).toEqual(literal);
    expect(JSON.parse(JSON.stringify(make()))).toEqual(JSON.parse(JSON.stringify(literal)));
    // A sheet posted to another thread: a plain sheet with its rows (Decimals aside, which no
    // structured clone takes).
    const plainRows = ROWS.map((r) => r.filter((c) => c.kind !== 'number'));
    expect(structuredClone(sheetOfRowSource(FIELDS, counted(plainRows).source))).toEqual(structuredClone({ ...literal, rows: plainRows }));
  });

  test('the rows are made once, on first read; then the array is the sheet’s own', () => {
    const { source, asked } = counted(ROWS);
    const sheet = sheetOfRowSource(FIELDS, source);
    expect(sheetRows(sheet)).toBe(source);
    expect(asked()).toBe(0);
    const rows = sheet.rows;
    expect(asked()).toBe(ROWS.length);
    expect(sheet.rows).toBe(rows);
    expect(asked()).toBe(ROWS.length);
    expect(unread(sheet)).toBe(false);
    // After the read the writers take the array, changes included.
    rows.push([text('附注')]);
    expect(sheetRows(sheet).length).toBe(ROWS.length + 1);
    expect(sheetRows(sheet).row(ROWS.length)).toEqual([text('附注')]);
    // Rows set before any read replace the source.
    const other = sheetOfRowSource(FIELDS, counted(ROWS).source);
    other.rows = [[text('只有一行')]];
    expect(sheetRows(other).length).toBe(1);
    expect(unread(other)).toBe(false);
  });

  test('sheetWith and withDocument copy it without reading the rows; the original is not changed', () => {
    const { source, asked } = counted(ROWS);
    const sheet = sheetOfRowSource(FIELDS, source);
    const [copy] = withDocument([sheet], '温政办〔2023〕88号');
    expect(asked()).toBe(0);
    expect(unread(copy)).toBe(true);
    expect(sheetRows(copy)).toBe(source);
    expect(copy.document).toBe('温政办〔2023〕88号');
    expect(sheet.document).toBeUndefined();
    expect(Object.keys(copy)).toEqual([...Object.keys(sheet), 'document']);
    const renamed = sheetWith(sheet, { name: '改名' });
    expect([renamed.name, sheet.name]).toEqual(['改名', '明细']);
    expect(Object.keys(renamed)).toEqual(Object.keys(sheet));
    expect(renamed.rows).toEqual(ROWS);
    expect(unread(sheet)).toBe(true);
    // New rows given: an ordinary copy.
    expect(sheetWith(sheet, { rows: [] }).rows).toEqual([]);
    expect(unread(sheet)).toBe(true);
  });

  test('fitWidths, the layout and the worksheet XML are those of the literal, and leave the rows unread', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }).map((t) => text(t)),
      fc.constantFrom('你好世界', '已是最高星级', '<&>"', ' 空格 ', '多行\n文字').map((t) => text(t)),
      fc.integer({ min: -1e6, max: 1e6 }).map((v) => int(v)),
      fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 45 })).map(([m, k]) => num(new Decimal(m.toString()).dividedBy(new Decimal(10).pow(k)), FMT.score)),
      fc.constant(empty),
    );
    const sheetArb = fc.record({
      rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 40 }),
      widths: fc.array(fc.option(fc.integer({ min: 4, max: 70 }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
      role: fc.constantFrom('result' as const, 'parameters' as const, 'input-template' as const),
      notes: fc.array(fc.nat(45), { maxLength: 3 }),
      totals: fc.array(fc.nat(45), { maxLength: 3 }),
    });
    fc.assert(fc.property(sheetArb, ({ rows, widths, role, notes, totals }) => {
      const fields = {
        name: '表', role, columns: widths.map((width, i) => ({ header: `列${i}`, width, wrap: i === 4 })),
        noteRows: notes, totalsRows: totals,
        charts: rows.length > 0 ? [{ title: '图', kind: 'column' as const, categoryCol: 1, valueCols: [2], firstRow: 0, lastRow: rows.length - 1 }] : [],
      };
      const literal: ResultSheet = { ...fields, rows };
      const sourced = sheetOfRowSource(fields, counted(rows).source);
      expect(fitWidths(sourced)).toEqual(fitWidths(literal));
      expect(sheetLayout(sourced, true)).toEqual(sheetLayout(literal, true));
      expect(same(worksheetXml(sourced, styles(), false), worksheetXml(literal, styles(), false))).toBe(true);
      expect(unread(sourced)).toBe(true);
    }), { numRuns: 200 });
  });
});

describe('星级评定结果 and 公示名单 are made row by row', () => {
  test('written into a package without their rows being read; read, they are the rows written', async () => {
    const grid = gridFromWorksheet(hqWorkedExampleWorkbook().getWorksheet('总部企业')!, false);
    const settings = hqRatingCalculator.settingsFrom({ ratingDate: '2024-12-31' }, '2025-03-01');
    if (!settings.ok) throw new Error(settings.message);
    const run = () => hqRatingCalculator.run(grid, settings.settings);
    const sheets = run().sheets;
    const lazy = sheets.filter(unread).map((s) => s.name);
    expect(lazy).toEqual(['星级评定结果', '星级总部企业公示名单']);
    const codec = nodeZipCodec();
    const when = new Date(2024, 0, 1);
    const bytes = writeZip(fixtureParts().map(([n, t]) => makeEntry(n, typeof t === 'string' ? new TextEncoder().encode(t) : t, codec, undefined, when)));
    const written = joinParts(await XlsxPackage.open(bytes, codec).insertSheetsAsPieces(sheets.map((s) => ({ name: s.name, sheet: s })), [], when));
    expect(sheets.filter(unread).map((s) => s.name)).toEqual(lazy);
    // The same sheets with their rows read first (an ordinary sheet each): the same package.
    const read = run().sheets;
    for (const s of read) void s.rows;
    expect(read.filter(unread)).toEqual([]);
    const again = joinParts(await XlsxPackage.open(bytes, codec).insertSheetsAsPieces(read.map((s) => ({ name: s.name, sheet: s })), [], when));
    expect(same(written, again)).toBe(true);
    // The rows: the three worked-example headquarters on both sheets.
    const names = (sheet: ResultSheet, col: number) => sheet.rows.slice(0, 3).map((r) => (r[col] as { text: string }).text).sort();
    expect(names(read.find((x) => x.name === '星级评定结果')!, 4)).toEqual(names(read.find((x) => x.name === '星级总部企业公示名单')!, 1));
    expect(names(read.find((x) => x.name === '星级评定结果')!, 4)).toHaveLength(3);
  });
});
