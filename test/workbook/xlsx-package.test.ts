/**
 * The package writer (src/workbook/xlsx-package): result sheets inserted into the ORIGINAL
 * .xlsx, every other part copied byte for byte; the CLI's --out uses it and falls back to the
 * ExcelJS save for packages it does not handle.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { Workbook, type Worksheet } from 'exceljs';
import { Decimal } from '../../src/exact/decimal';
import { warning } from '../../src/sheets/problem';
import { date, empty, FMT, int, num, problemsSheet, text, type ResultSheet } from '../../src/sheets/result-sheet';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { nodeZipCodec, crc32Js } from '../../src/workbook/xlsx-package/node-codec';
import { XlsxPackage, updateAppProperties } from '../../src/workbook/xlsx-package/package';
import * as saveCopyModule from '../../src/workbook/xlsx-package/save-copy';
import { preparePackageCopy, saveCopy } from '../../src/workbook/xlsx-package/save-copy';
import { columnLetter, dateSerial, decimalToNumber, worksheetXml, worksheetXmlParts } from '../../src/workbook/xlsx-package/sheet-xml';
import { StyleBook } from '../../src/workbook/xlsx-package/styles';
import { escapeXml } from '../../src/workbook/xlsx-package/xml';
import { crc32, entryData, joinParts, makeEntry, makeEntryOfParts, readZip, UnsupportedPackageError, writeZip, type ZipEntry } from '../../src/workbook/xlsx-package/zip';
import { main } from '../../src/cli/main';
import { CHART_XML, chartWorkbookBytes, fixtureParts, macroWorkbookBytes } from './xlsx-package-fixture';
import { sheetValues } from '../cli/helpers';

const codec = nodeZipCodec();
const CODE = '913303007236000000';
const TAG = { sourceSheet: '输入', calculator: 'hq-rating', runAt: '2026-11-29T10:00:00.000Z' };
const EDITED = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/styles.xml', 'docProps/app.xml']);

const dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-xlsxpkg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string): string => path.join(dir, name);

function resultSheet(): ResultSheet {
  return {
    name: '星级评定结果',
    role: 'result',
    columns: [{ header: '统一社会信用代码', text: true }, { header: '企业名称', text: true }, { header: '得分' }, { header: '名次' }, { header: '日期' }, { header: '星级' }, { header: '说明', width: 70 }],
    rows: [
      [text(CODE), text('=1+1'), num(new Decimal('38.666666666666666666666666666666666666666666666667'), FMT.score), int(1), date('2023-05-06'), text('★★★★★'), text('第一行\n第二行')],
      [text('1234'), text('+8613800000000'), num(new Decimal('1234567.891'), FMT.yuan), int(2), empty, text('★★★★'), text(' 前后空格 ')],
      [text('-'), text('@名称'), num(new Decimal(0), FMT.score), int(3, '0'), empty, text('★'), text('A&B <c> "d" \'e\'')],
      [text('合计'), empty, num(new Decimal('1234606.557666'), FMT.yuan)],
      [text('说明：本表由 wzpolicy 生成。')],
      [text('0.0000%'), text(''), num(new Decimal('0.123456789'), FMT.share), num(new Decimal('-98765.4321'), FMT.fen), date('1999-12-31')],
    ],
    totalsRows: [3],
    noteRows: [4],
    starColumn: 5,
    validations: [
      { col: 5, values: ['★', '★★', '★★★'], firstRow: 0, lastRow: 99 },
      { col: 1, values: ['甲', '乙'], firstRow: 0, lastRow: 9, allowOther: true },
    ],
  };
}

const SHEETS = (): ResultSheet[] => [
  resultSheet(),
  problemsSheet([warning('输入', 'B2', '金额为 0')]),
  { name: 'R&D <甲>', role: 'parameters', columns: [{ header: '项目' }, { header: '值' }], rows: [[text('x'), int(5)]] },
];

async function inputBytes(): Promise<Uint8Array> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('输入');
  ws.addRow(['企业名称', '金额', '日期']);
  ws.addRow(['甲', 1, new Date(Date.UTC(2024, 1, 29))]);
  ws.addRow(['乙', 2.5, null]);
  ws.getCell('B2').numFmt = '#,##0.00';
  wb.addWorksheet('星级评定结果').getCell('A1').value = '用户自己的表';
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function open(bytes: Uint8Array): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** What a reader sees of each cell: value, number format, bold/italic/colour, fill, wrap. */
function looks(ws: Worksheet): unknown[] {
  const out: unknown[] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
      out.push({
        at: cell.address,
        // an empty text is an empty inline string here, which ExcelJS reads as a blank cell
        value: cell.value instanceof Date ? cell.value.toISOString() : cell.value === '' ? null : cell.value,
        numFmt: cell.numFmt ?? null,
        bold: Boolean(cell.font?.bold),
        italic: Boolean(cell.font?.italic),
        color: cell.font?.color?.argb ?? null,
        fill: fill?.fgColor?.argb ?? null,
        wrap: Boolean(cell.alignment?.wrapText),
        border: cell.border?.bottom?.style ?? null,
      });
    });
  });
  return out;
}

function validations(ws: Worksheet): Record<string, unknown> {
  const model = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[]; errorStyle?: string; allowBlank?: boolean } | undefined> } }).dataValidations.model;
  return Object.fromEntries(Object.entries(model).filter(([, v]) => v).map(([k, v]) => [k, { type: v!.type, formulae: v!.formulae, errorStyle: v!.errorStyle ?? 'stop', allowBlank: Boolean(v!.allowBlank) }]));
}

function byName(bytes: Uint8Array): Map<string, ZipEntry> {
  return new Map(readZip(bytes).map((e) => [e.name, e]));
}

function partText(bytes: Uint8Array, name: string): string {
  const e = byName(bytes).get(name);
  if (!e) throw new Error(`no part ${name}`);
  return Buffer.from(entryData(e, codec)).toString('utf8');
}

/** Every part of `input` other than the edited ones is in `output` with the same compressed bytes. */
function expectCopiedByteForByte(input: Uint8Array, output: Uint8Array): void {
  const out = byName(output);
  for (const e of readZip(input)) {
    const o = out.get(e.name);
    expect({ name: e.name, present: Boolean(o) }).toEqual({ name: e.name, present: true });
    if (EDITED.has(e.name)) continue;
    expect({ name: e.name, method: o!.method, crc: o!.crc, size: o!.size, same: Buffer.compare(Buffer.from(o!.raw), Buffer.from(e.raw)) === 0 })
      .toEqual({ name: e.name, method: e.method, crc: e.crc, size: e.size, same: true });
  }
}

describe('the package writer writes the same result sheets as the ExcelJS writer', () => {
  let input: Uint8Array;
  let viaExcelJs: Workbook;
  let viaPackage: Workbook;
  let packageBytes: Uint8Array;
  let names: string[];

  beforeAll(async () => {
    input = await inputBytes();
    const a = await ExcelJsWorkbook.load(input);
    const namesA = await a.addSheets(SHEETS(), TAG);
    viaExcelJs = await open(await a.save());

    const b = await ExcelJsWorkbook.load(input);
    const pkg = preparePackageCopy(b, codec);
    expect(pkg).not.toBeNull();
    names = await b.addSheets(SHEETS(), TAG);
    expect(names).toEqual(namesA);
    packageBytes = await saveCopy(b, pkg);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    viaPackage = await open(packageBytes);
  });

  test('fresh names (" (2)"), in order after the user\'s sheets, which keep their values', async () => {
    expect(names).toEqual(['星级评定结果 (2)', '校验问题', 'R&D <甲>']);
    expect(viaPackage.worksheets.map((w) => w.name)).toEqual(['输入', '星级评定结果', ...names]);
    const original = await open(input);
    for (const name of ['输入', '星级评定结果']) expect(sheetValues(viaPackage, name)).toEqual(sheetValues(original, name));
    expect(viaPackage.getWorksheet('输入')!.getCell('B2').numFmt).toBe('#,##0.00');
    expect(viaPackage.getWorksheet('输入')!.getCell('C2').value).toEqual(new Date(Date.UTC(2024, 1, 29)));
  });

  test('values, number formats, fonts, fills and wrapping cell by cell as the ExcelJS writer has them', () => {
    for (const name of names) {
      expect(looks(viaPackage.getWorksheet(name)!)).toEqual(looks(viaExcelJs.getWorksheet(name)!));
    }
    const ws = viaPackage.getWorksheet('星级评定结果 (2)')!;
    expect(ws.getCell('A2').value).toBe(CODE);
    expect(ws.getCell('A2').numFmt).toBe('@');
    expect(ws.getCell('B2').value).toBe('=1+1'); // a string, never a formula
    expect(ws.getCell('B2').formula).toBeUndefined();
    expect(ws.getCell('B3').value).toBe('+8613800000000');
    expect(ws.getCell('A4').value).toBe('-');
    expect(ws.getCell('B4').value).toBe('@名称');
    expect(ws.getCell('C2').value).toBe(38.666666666666664);
    expect(ws.getCell('C2').numFmt).toBe('0.00');
    expect(ws.getCell('E2').value).toEqual(new Date(Date.UTC(2023, 4, 6)));
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('G3').value).toBe(' 前后空格 ');
    expect(ws.getCell('G2').value).toBe('第一行\n第二行');
    expect(ws.getCell('G4').value).toBe('A&B <c> "d" \'e\'');
    expect(ws.getCell('C7').numFmt).toBe('0.0000%');
    expect(ws.getCell('D7').value).toBe(-98765.4321);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('C5').font?.bold).toBe(true); // totals row
    expect(ws.getCell('A6').font?.italic).toBe(true); // note row
    expect(ws.getCell('F2').font?.color?.argb).toBe('FFC55A11'); // ★
  });

  test('frozen header, column widths and text-column formats, tab colour, drop-downs', () => {
    for (const name of names) {
      const p = viaPackage.getWorksheet(name)!;
      const e = viaExcelJs.getWorksheet(name)!;
      expect(p.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
      const n = e.columnCount;
      for (let c = 1; c <= n; c++) {
        expect({ name, c, width: p.getColumn(c).width, numFmt: p.getColumn(c).numFmt ?? null }).toEqual({ name, c, width: e.getColumn(c).width, numFmt: e.getColumn(c).numFmt ?? null });
      }
      expect(p.properties.tabColor).toEqual(e.properties.tabColor);
      expect(validations(p)).toEqual(validations(e));
    }
    const v = validations(viaPackage.getWorksheet('星级评定结果 (2)')!);
    expect(v.F2).toEqual({ type: 'list', formulae: ['"★,★★,★★★"'], errorStyle: 'warning', allowBlank: true });
    expect(v.F101).toBeDefined();
    expect(v.F102).toBeUndefined();
    expect(v.B11).toEqual({ type: 'list', formulae: ['"甲,乙"'], errorStyle: 'information', allowBlank: true });
  });

  test('the created sheets carry the tool\'s marks, as with the ExcelJS save', () => {
    expect(new ExcelJsWorkbook(viaPackage).createdSheets()).toEqual(new ExcelJsWorkbook(viaExcelJs).createdSheets());
    expect(new ExcelJsWorkbook(viaPackage).createdSheets().map((t) => t.sheet)).toEqual(names);
  });

  test('every original part other than the edited ones is copied byte for byte; the new parts are the sheets', () => {
    expectCopiedByteForByte(input, packageBytes);
    const before = new Set(readZip(input).map((e) => e.name));
    const added = readZip(packageBytes).filter((e) => !before.has(e.name)).map((e) => e.name);
    expect(added).toHaveLength(3);
    for (const part of added) {
      expect(part).toMatch(/^xl\/worksheets\/sheet\d+\.xml$/);
      expect(partText(packageBytes, '[Content_Types].xml')).toContain(`<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
    }
    // sharedStrings.xml is untouched: new strings are inline
    expect(partText(packageBytes, added[0])).toContain('t="inlineStr"');
    expect(partText(packageBytes, added[0])).not.toContain('t="s"');
  });

  test('workbook.xml: new sheets with fresh sheetIds and r:ids, names XML-escaped; existing styles keep their indexes', () => {
    const wbXml = partText(packageBytes, 'xl/workbook.xml');
    const ids = [...wbXml.matchAll(/sheetId="(\d+)"/g)].map((m) => Number(m[1]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(wbXml).toContain('name="R&amp;D &lt;甲&gt;"');
    const rels = partText(packageBytes, 'xl/_rels/workbook.xml.rels');
    const relIds = [...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(relIds).size).toBe(relIds.length);
    const oldStyles = partText(input, 'xl/styles.xml');
    const newStyles = partText(packageBytes, 'xl/styles.xml');
    for (const list of ['numFmts', 'fonts', 'fills', 'borders', 'cellXfs']) {
      const section = (xml: string) => {
        const m = new RegExp(`<${list}(?: count="(\\d+)")?[^>]*>(.*?)</${list}>`).exec(xml);
        return m ? { count: m[1] === undefined ? null : Number(m[1]), children: m[2] } : { count: 0, children: '' };
      };
      const before = section(oldStyles);
      const after = section(newStyles);
      // the existing entries come first, unchanged (indexes kept); the count covers the new ones
      expect({ list, prefix: after.children.startsWith(before.children) }).toEqual({ list, prefix: true });
      const tag = { numFmts: 'numFmt', fonts: 'font', fills: 'fill', borders: 'border', cellXfs: 'xf' }[list]!;
      expect({ list, count: after.count }).toEqual({ list, count: after.children.split(`<${tag}`).length - 1 });
    }
  });
});

describe('a workbook with a chart, defined-name constants and custom XML', () => {
  let input: Uint8Array;
  let output: Uint8Array;
  const inFile = file('chart-in.xlsx');
  const outFile = file('chart-out.xlsx');

  beforeAll(async () => {
    input = chartWorkbookBytes();
    writeFileSync(inFile, input);
    const run = await main(['relief', inFile, '--out', outFile], { stdout: () => undefined, stderr: () => undefined, today: () => '2025-03-01', cwd: () => dir });
    expect(run).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    output = readFileSync(outFile);
  });

  test('the fixture itself is a workbook ExcelJS reads', async () => {
    const wb = await open(input);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细']);
    expect(wb.getWorksheet('明细')!.getCell('E3').value).toBe(70000.5);
  });

  test('chart, drawing, custom XML, shared strings and the data sheet are byte for byte the same; a stored entry stays stored', () => {
    expectCopiedByteForByte(input, output);
    const out = byName(output);
    expect(out.get('customXml/item1.xml')!.method).toBe(0);
    expect(partText(output, 'xl/charts/chart1.xml')).toBe(CHART_XML);
    expect(readZip(output).slice(0, fixtureParts().length).map((e) => e.name)).toEqual(fixtureParts().map(([n]) => n));
  });

  test('workbook.xml keeps its defined names (constant, formula, print area), book views and calcPr, and gains the marks', () => {
    const before = partText(input, 'xl/workbook.xml');
    const after = partText(output, 'xl/workbook.xml');
    for (const kept of ['<definedName name="费率">0.05</definedName>', '<definedName name="合计">SUM(明细!$E$2:$E$5)</definedName>', '<definedName name="_xlnm.Print_Area" localSheetId="0">明细!$A$1:$E$5</definedName>', '<calcPr calcId="145621"/>', 'activeTab="0"']) {
      expect(before).toContain(kept);
      expect(after).toContain(kept);
    }
    expect(after).toMatch(/<definedName name="_wzpolicy\.1\.relief\.\d+T\d+Z\.1">&apos;纾困化解明细&apos;!\$A\$1<\/definedName>/);
    expect(after).toMatch(/<definedName name="_wzpolicy\.1\.relief\.\d+T\d+Z\.src">&apos;明细&apos;!\$A\$1<\/definedName>/);
    // everything before </sheets> except the new entries is unchanged
    expect(after.startsWith(before.slice(0, before.indexOf('</sheets>')))).toBe(true);
  });

  test('ExcelJS reads the copy: the data sheet as it was, the results, the marks', async () => {
    const wb = await open(output);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '纾困化解明细', '纾困县区汇总']);
    expect(sheetValues(wb, '明细')).toEqual(sheetValues(await open(input), '明细'));
    const detail = JSON.stringify(sheetValues(wb, '纾困化解明细'));
    expect(detail).toContain('50000.5');
    expect(detail).not.toContain('11010519491231002X');
    expect(new ExcelJsWorkbook(wb).createdSheets().map((t) => [t.sheet, t.tag.sourceSheet, t.tag.calculator])).toEqual([
      ['纾困化解明细', '明细', 'relief'],
      ['纾困县区汇总', '明细', 'relief'],
    ]);
  });

  test('docProps/app.xml lists the new sheets in the worksheet group, before the named ranges', () => {
    const app = partText(output, 'docProps/app.xml');
    expect(app).toContain('<vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>3</vt:i4>');
    expect(app).toContain('<vt:vector size="4" baseType="lpstr"><vt:lpstr>明细</vt:lpstr><vt:lpstr>纾困化解明细</vt:lpstr><vt:lpstr>纾困县区汇总</vt:lpstr><vt:lpstr>明细!Print_Area</vt:lpstr></vt:vector>');
  });

  test('a second run on the copy adds the next sheets and run mark and keeps the first results byte for byte', async () => {
    const again = file('chart-out-2.xlsx');
    expect(await main(['relief', outFile, '--out', again], { stdout: () => undefined, stderr: () => undefined, today: () => '2025-03-01', cwd: () => dir })).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    const bytes = readFileSync(again);
    expectCopiedByteForByte(output, bytes);
    const wb = await open(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '纾困化解明细', '纾困县区汇总', '纾困化解明细 (2)', '纾困县区汇总 (2)']);
    expect(new ExcelJsWorkbook(wb).createdSheets().map((t) => t.run)).toEqual([1, 1, 2, 2]);
  });
});

describe('macro-enabled workbooks (.xlsm)', () => {
  const run = async (args: string[]): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await main(args, { stdout: () => undefined, stderr: (t) => void (stderr += t), today: () => '2025-03-01', cwd: () => dir });
    return { code, stderr };
  };

  test('--out OUT.xlsm keeps the VBA project and the macro-enabled content type, byte for byte', async () => {
    const input = file('macro-in.xlsm');
    writeFileSync(input, macroWorkbookBytes());
    expect((await run(['relief', input, '--out', file('macro-out.xlsm')])).code).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    const out = readFileSync(file('macro-out.xlsm'));
    expectCopiedByteForByte(readFileSync(input), out);
    expect(partText(out, '[Content_Types].xml')).toContain('application/vnd.ms-excel.sheet.macroEnabled.main+xml');
    expect((await open(out)).worksheets.map((w) => w.name)).toEqual(['明细', '纾困化解明细', '纾困县区汇总']);
  });

  test('--out OUT.xlsx of an .xlsm goes through ExcelJS as before (an .xlsx cannot hold macros)', async () => {
    const input = file('macro-in-2.xlsm');
    writeFileSync(input, macroWorkbookBytes());
    expect((await run(['relief', input, '--out', file('macro-out.xlsx')])).code).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('exceljs');
    const out = readFileSync(file('macro-out.xlsx'));
    expect(partText(out, '[Content_Types].xml')).not.toContain('macroEnabled');
    expect((await open(out)).worksheets.map((w) => w.name)).toEqual(['明细', '纾困化解明细', '纾困县区汇总']);
  });

  test('--out OUT.xlsm of an ordinary workbook is a usage error', async () => {
    const input = file('plain-in.xlsx');
    writeFileSync(input, chartWorkbookBytes());
    const r = await run(['relief', input, '--out', file('plain-out.xlsm')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.xlsx 结尾.*\.xlsm 只用于启用宏的输入工作簿/);
  });
});

describe('the CLI --out on docs/rules.md fixture uses the package writer', () => {
  test('hq-rating: parts copied byte for byte, results readable', async () => {
    const spec = path.join(__dirname, '..', 'fixtures', 'cli', 'hq-rating-spec-1.5.xlsx');
    const out = file('hq-out.xlsx');
    const code = await main(['hq-rating', spec, '--out', out, '--rating-date', '2024-12-31'], { stdout: () => undefined, stderr: () => undefined, today: () => '2025-03-01', cwd: () => dir });
    expect(code).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    expectCopiedByteForByte(readFileSync(spec), readFileSync(out));
    const wb = await open(readFileSync(out));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['总部企业', '星级评定结果', '评定参数', '星级总部企业公示名单']);
  });
});

describe('fallback to the ExcelJS save', () => {
  test('no package (a workbook made in memory): the ExcelJS save, unchanged', async () => {
    const book = await ExcelJsWorkbook.load(await inputBytes());
    await book.addSheets([resultSheet()], TAG);
    const bytes = await saveCopy(book, null);
    expect(saveCopyModule.lastSaveMethod).toBe('exceljs');
    expect((await open(bytes)).worksheets.map((w) => w.name)).toEqual(['输入', '星级评定结果', '星级评定结果 (2)']);
  });

  test('when inserting fails, the deferred sheets are written through ExcelJS instead', async () => {
    const book = await ExcelJsWorkbook.load(await inputBytes());
    // a package whose sheet names clash with the names the book picks
    const other = XlsxPackage.open(chartWorkbookBytes(), codec);
    book.deferResultSheets([]);
    const names = await book.addSheets([{ ...resultSheet(), name: '明细' }], TAG);
    expect(names).toEqual(['明细']);
    expect(book.deferredSheets).toHaveLength(1);
    const bytes = await saveCopy(book, other);
    expect(saveCopyModule.lastSaveMethod).toBe('exceljs');
    expect(saveCopyModule.lastFallbackReason).toMatch(/明细 is taken/);
    const wb = await open(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['输入', '星级评定结果', '明细']);
    expect(wb.getWorksheet('明细')!.getCell('A2').value).toBe(CODE);
    expect(new ExcelJsWorkbook(wb).createdSheets().map((t) => t.sheet)).toEqual(['明细']);
  });

  test('names of sheets ExcelJS does not list (chart sheets) are avoided while deferred', async () => {
    const book = await ExcelJsWorkbook.load(await inputBytes());
    book.deferResultSheets(['图表1']);
    expect(await book.addSheets([{ ...resultSheet(), name: '图表1' }], TAG)).toEqual(['图表1 (2)']);
    expect(await book.sheetNames()).toEqual(['输入', '星级评定结果', '图表1 (2)']);
  });

  test('strict OOXML, a missing workbook part or a broken zip are unsupported (preparePackageCopy gives null)', () => {
    const rebuild = (edit: (name: string, text: string) => string | null): Uint8Array =>
      writeZip(fixtureParts().flatMap(([name, content]) => {
        const t = edit(name, content as string);
        return t === null ? [] : [makeEntry(name, new TextEncoder().encode(t), codec)];
      }));
    const strict = rebuild((n, t) => (n === 'xl/workbook.xml' ? t.replace('http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main') : t));
    expect(() => XlsxPackage.open(strict, codec)).toThrow(UnsupportedPackageError);
    const noWorkbook = rebuild((n, t) => (n === 'xl/workbook.xml' ? null : t));
    expect(() => XlsxPackage.open(noWorkbook, codec)).toThrow(UnsupportedPackageError);
    expect(() => XlsxPackage.open(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), codec)).toThrow(UnsupportedPackageError);
    const fake = { sourceBytes: strict, deferResultSheets: () => { throw new Error('must not defer'); } } as unknown as ExcelJsWorkbook;
    expect(preparePackageCopy(fake, codec)).toBeNull();
  });

  test('an encrypted entry or an unknown compression method is unsupported', () => {
    const good = chartWorkbookBytes();
    const entries = readZip(good);
    const encrypted = writeZip(entries.map((e, i) => (i === 2 ? { ...e, flags: e.flags | 1 } : e)));
    expect(() => readZip(encrypted)).toThrow(UnsupportedPackageError);
    const deflate64 = writeZip(entries.map((e, i) => (i === 2 ? { ...e, method: 9 } : e)));
    expect(() => readZip(deflate64)).toThrow(/compression method 9/);
  });
});

describe('building blocks', () => {
  test('zip: entries read back exactly (names, data, CRC) after writing', () => {
    const data = [new TextEncoder().encode('<a>甲</a>'), new Uint8Array(100000).map((_v, i) => i % 251), new Uint8Array(0)];
    const zip = writeZip(data.map((d, i) => makeEntry(`d/${i}.bin`, d, codec)));
    const back = readZip(zip);
    expect(back.map((e) => e.name)).toEqual(['d/0.bin', 'd/1.bin', 'd/2.bin']);
    back.forEach((e, i) => {
      expect(Buffer.from(entryData(e, codec)).equals(Buffer.from(data[i]))).toBe(true);
      expect(e.crc).toBe(crc32Js(data[i]));
    });
  });

  test('crc32Js agrees with zlib', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => crc32Js(bytes) === codec.crc32(bytes)));
  });

  test('decimalToNumber is exactly Decimal.toNumber (the double nearest the decimal)', () => {
    const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: -40, max: 30 }))
      .map(([m, k]) => new Decimal(`${m}e${k}`));
    const quotient = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 })).map(([a, b]) => new Decimal(a).div(b));
    fc.assert(fc.property(fc.oneof(decimal, quotient), (d) => Object.is(decimalToNumber(d), d.toNumber())), { numRuns: 3000 });
    for (const s of ['0', '-0', '1e-7', '123456789012345678', '9007199254740993', '0.1', '1234567.891', '-98765.4321', '1e21', '38.666666666666666666666666666666666666666666666667']) {
      expect(decimalToNumber(new Decimal(s))).toBe(new Decimal(s).toNumber());
    }
  });

  test('column letters and date serials', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(dateSerial('1900-03-01', false)).toBe(61);
    expect(dateSerial('2023-05-06', false)).toBe(45052);
    expect(dateSerial('2023-05-06', true)).toBe(45052 - 1462);
  });

  test('XML escaping: markup, control characters, a literal _xHHHH_, lone surrogates', () => {
    expect(escapeXml('a&b<c>"d"\'e\'')).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
    expect(escapeXml('x\u0001y\tz\n')).toBe('x_x0001_y\tz\n');
    expect(escapeXml('_x0041_')).toBe('_x005F_x0041_');
    expect(escapeXml('a\uD800b')).toBe('a\uFFFDb');
    expect(escapeXml('普通文本 ★')).toBe('普通文本 ★');
  });

  test('styles: a prefixed styleSheet without numFmts gets them in front; existing custom formats are reused', () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const xml = `<x:styleSheet xmlns:x="${ns}"><x:fonts count="1"><x:font><x:b/><x:sz val="12"/><x:name val="Arial"/></x:font></x:fonts><x:fills count="2"><x:fill/><x:fill/></x:fills><x:borders count="1"><x:border/></x:borders><x:cellXfs count="1"><x:xf numFmtId="0"/></x:cellXfs></x:styleSheet>`;
    const book = new StyleBook(xml);
    expect(book.xf({ numFmt: '0.00' })).toBe(1);
    expect(book.xf({ numFmt: 'yyyy-mm-dd', font: { italic: true, color: 'FF808080' } })).toBe(2);
    expect(book.xf({ numFmt: '0.00' })).toBe(1);
    const out = book.xml();
    expect(out).toContain('<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></x:numFmts>');
    expect(out).toContain('<x:fonts count="2"><x:font><x:b/><x:sz val="12"/><x:name val="Arial"/></x:font><x:font><x:i/><x:color rgb="FF808080"/><x:sz val="12"/><x:name val="Arial"/></x:font></x:fonts>');
    expect(out).toContain('<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="2" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>');
    const reuse = new StyleBook(`<styleSheet xmlns="${ns}"><numFmts count="1"><numFmt numFmtId="180" formatCode="yyyy-mm-dd"/></numFmts><fonts><font/></fonts><fills><fill/><fill/></fills><borders><border/></borders><cellXfs><xf/></cellXfs></styleSheet>`);
    reuse.xf({ numFmt: 'yyyy-mm-dd' });
    reuse.xf({ numFmt: '#,##0.####' });
    expect(reuse.xml()).toContain('<numFmts count="2"><numFmt numFmtId="180" formatCode="yyyy-mm-dd"/><numFmt numFmtId="181" formatCode="#,##0.####"/></numFmts>');
    expect(reuse.xml()).toContain('<cellXfs count="3"><xf/><xf numFmtId="180" ');
  });

  test('app.xml: left alone when its layout is not the usual one', () => {
    const vt = 'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"';
    expect(updateAppProperties(`<Properties ${vt}><Application>x</Application></Properties>`, ['a'])).toBeNull();
    // counts that do not add up
    expect(updateAppProperties(`<Properties ${vt}><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>A</vt:lpstr></vt:vector></TitlesOfParts></Properties>`, ['b'])).toBeNull();
    expect(updateAppProperties(`<Properties ${vt}><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>A</vt:lpstr></vt:vector></TitlesOfParts></Properties>`, ['B&C']))
      .toBe(`<Properties ${vt}><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>A</vt:lpstr><vt:lpstr>B&amp;C</vt:lpstr></vt:vector></TitlesOfParts></Properties>`);
  });

  function fixtureWith(edit: (workbookXml: string) => string): Uint8Array {
    return writeZip(fixtureParts().map(([n, t]) => makeEntry(n, new TextEncoder().encode(n === 'xl/workbook.xml' ? edit(t as string) : (t as string)), codec)));
  }

  test('a workbook.xml without definedNames gets one after </sheets>', async () => {
    const pkg = XlsxPackage.open(fixtureWith((t) => t.replace(/<definedNames>.*<\/definedNames>/, '')), codec);
    const out = pkg.insertSheets([{ name: '结果', sheet: resultSheet() }], [{ name: '_wzpolicy.1.x.1Z.1', ref: "'结果'!$A$1" }]);
    expect(partText(out, 'xl/workbook.xml')).toContain('<sheet name="结果" sheetId="2" r:id="rId6"/></sheets><definedNames><definedName name="_wzpolicy.1.x.1Z.1">&apos;结果&apos;!$A$1</definedName>'
      + '<definedName name="_xlnm.Print_Area" localSheetId="1">&apos;结果&apos;!$A$1:$G$7</definedName><definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;结果&apos;!$1:$1</definedName></definedNames><calcPr');
    const wb = await open(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '结果']);
    expect(wb.getWorksheet('结果')!.getCell('A2').value).toBe(CODE);
    expect(new ExcelJsWorkbook(wb).createdSheets().map((t) => t.sheet)).toEqual(['结果']);
  });

  test('dates are serials in the workbook\'s date system (1904 too)', async () => {
    const pkg = XlsxPackage.open(fixtureWith((t) => t.replace('<workbookPr ', '<workbookPr date1904="1" ')), codec);
    expect(pkg.date1904).toBe(true);
    const out = pkg.insertSheets([{ name: '结果', sheet: resultSheet() }]);
    expect(partText(out, readZip(out).at(-1)!.name)).toContain(`<c r="E2" s="`);
    expect(partText(out, readZip(out).at(-1)!.name)).toMatch(new RegExp(`<c r="E2" s="\\d+"><v>${45052 - 1462}</v></c>`));
    const wb = await open(out);
    expect(wb.getWorksheet('结果')!.getCell('E2').value).toEqual(new Date(Date.UTC(2023, 4, 6)));
    expect(wb.getWorksheet('结果')!.getCell('E7').value).toEqual(new Date(Date.UTC(1999, 11, 31)));
  });

  test('the relationships prefix of the workbook is used (or declared when there is none)', () => {
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const other = XlsxPackage.open(fixtureWith((t) => t.replace(`xmlns:r="${REL}"`, `xmlns:rel="${REL}"`).replace('r:id="rId1"', 'rel:id="rId1"')), codec);
    expect(partText(other.insertSheets([{ name: '结果', sheet: resultSheet() }]), 'xl/workbook.xml')).toContain('<sheet name="结果" sheetId="2" rel:id="rId6"/></sheets>');
    const none = XlsxPackage.open(fixtureWith((t) => t.replace(` xmlns:r="${REL}"`, '').replace('r:id="rId1"', `xmlns:r="${REL}" r:id="rId1"`)), codec);
    expect(partText(none.insertSheets([{ name: '结果', sheet: resultSheet() }]), 'xl/workbook.xml')).toContain(`<sheet name="结果" sheetId="2" xmlns:r="${REL}" r:id="rId6"/></sheets>`);
  });
});

describe('sheet protection (ResultSheet.protect)', () => {
  const styles = (): StyleBook => new StyleBook(fixtureParts().find(([n]) => n === 'xl/styles.xml')![1] as string);
  const sheet = (protect?: boolean): ResultSheet => ({
    name: '签章', role: 'signature', columns: [{ header: '键' }, { header: '值' }], rows: [[text('a'), text('b')]],
    validations: [{ col: 0, values: ['a', 'b'], firstRow: 0, lastRow: 5 }],
    ...(protect === undefined ? {} : { protect }),
  });
  const xmlOf = (s: ResultSheet): string => new TextDecoder().decode(worksheetXml(s, styles(), false));

  test('protect: sheetProtection after sheetData, before dataValidations and pageMargins (CT_Worksheet order)', () => {
    const xml = xmlOf(sheet(true));
    expect(xml).toContain('</sheetData><sheetProtection sheet="1" objects="1" scenarios="1"/><dataValidations ');
    expect(xml.indexOf('<sheetProtection')).toBeLessThan(xml.indexOf('<pageMargins'));
  });

  test('no protect (or false): no sheetProtection element', () => {
    expect(xmlOf(sheet())).not.toContain('sheetProtection');
    expect(xmlOf(sheet(false))).not.toContain('sheetProtection');
  });
});

describe('printed result tables: a blank separator row is not boxed', () => {
  const styles = (): StyleBook => new StyleBook(fixtureParts().find(([n]) => n === 'xl/styles.xml')![1] as string);
  test('the rows around it get their cells (bordered grid); the blank row gets no cell at all', () => {
    const sheet: ResultSheet = {
      name: '结果', role: 'result', columns: [{ header: '县' }, { header: '金额' }, { header: '说明' }],
      rows: [[text('甲'), text('1'), text('')], [text(''), { kind: 'empty' }, text('')], [text('乙'), text('2'), { kind: 'empty' }]],
    };
    const xml = new TextDecoder().decode(worksheetXml(sheet, styles(), false));
    expect(xml).toMatch(/<row r="2"[^>]*>.*<c r="C2"/); // blank cell of a data row: drawn (part of the table)
    expect(xml).toMatch(/<row r="4"[^>]*>.*<c r="C4"/);
    expect(xml).not.toMatch(/<c r="[ABC]3"[^>]*\/?>/); // the separator row: no bordered cells
  });
});

describe('large parts deflated part by part (makeEntryOfParts: the whole XML is never joined)', () => {
  const codec = nodeZipCodec();
  test('any split of any bytes: the entry inflates to their concatenation and carries its CRC-32 and size', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 6 }), (parts) => {
      const whole = joinParts(parts);
      const entry = makeEntryOfParts('xl/worksheets/sheet9.xml', parts, codec, undefined, new Date(2024, 0, 1));
      expect(Buffer.from(entryData(entry, codec)).equals(Buffer.from(whole))).toBe(true);
      expect(entry.crc).toBe(crc32(whole));
      expect(entry.crc).toBe(codec.crc32(whole));
      expect(entry.size).toBe(whole.byteLength);
    }), { numRuns: 200 });
  });

  test('the CRC continues across parts in the JavaScript fallback too', () => {
    const a = new TextEncoder().encode('<row r="1">');
    const b = new TextEncoder().encode('<c r="A1"/></row>');
    expect(crc32(b, crc32(a))).toBe(crc32(joinParts([a, b])));
    expect(crc32Js(b, crc32Js(a))).toBe(crc32Js(joinParts([a, b])));
  });

  test('a 20,000-row sheet comes in several parts, and the written package holds exactly worksheetXml', () => {
    const sheet: ResultSheet = {
      name: '明细', role: 'result', columns: [{ header: '编号', text: true }, { header: '说明' }],
      rows: Array.from({ length: 20000 }, (_v, i) => [text(`F${i}`), text(`第 ${i} 行的说明文字，用来把工作表撑大到几兆字节。`)]),
    };
    const styles = () => new StyleBook(fixtureParts().find(([n]) => n === 'xl/styles.xml')![1] as string);
    const parts = worksheetXmlParts(sheet, styles(), false);
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.from(joinParts(parts)).equals(Buffer.from(worksheetXml(sheet, styles(), false)))).toBe(true);
  });
});
