/**
 * Issue 12 — result workbooks a finance office can print, present and file: the package writer
 * (CLI --out, the web page) draws a chart for every result from the result cells, every result
 * sheet prints A4 landscape one page wide with the header row on every page and a footer with
 * the document number, cells are in a named CJK font with rows tall enough for wrapped text and
 * one number format per column, and the hq-rating result has the 公示 list. LibreOffice renders
 * the workbooks to PDF; the PDFs are read back (pdf-text.ts) for page size, header and footer.
 *
 * The workbooks and PDFs are kept in test-output/print/ (CI validates every .xlsx there against
 * the ECMA-376 schemas).
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { Decimal } from '../../src/exact/decimal';
import { calculatorFor } from '../../src/calculators';
import { FMT, int, num, text, type ResultSheet } from '../../src/sheets/result-sheet';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { linesOf, sheetLayout } from '../../src/workbook/xlsx-package/layout';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { XlsxPackage } from '../../src/workbook/xlsx-package/package';
import { PackageWorkbook } from '../../src/workbook/package-workbook';
import * as saveCopyModule from '../../src/workbook/xlsx-package/save-copy';
import { entryData, readZip } from '../../src/workbook/xlsx-package/zip';
import { cli, ROOT } from '../cli/helpers';
import { chartWorkbookBytes } from './xlsx-package-fixture';
import { readPdf, type PdfPage } from './pdf-text';

jest.setTimeout(300_000);

const OUT = path.join(ROOT, 'test-output', 'print');
mkdirSync(OUT, { recursive: true });
const profile = mkdtempSync(path.join(tmpdir(), 'wzpolicy-print-lo-'));
afterAll(() => rmSync(profile, { recursive: true, force: true }));
const codec = nodeZipCodec();

const RESULTS = {
  hq: { input: '总部企业星级评定-示例.xlsx', out: '总部企业星级评定-结果.xlsx', args: ['hq-rating'] },
  water: { input: '水源地补偿资金-示例.xlsx', out: '水源地补偿资金-结果.xlsx', args: ['water-fund', '--what-if-sheet', '用水量测算'] },
  relief: { input: '医保纾困-示例.xlsx', out: '医保纾困-结果.xlsx', args: ['relief'] },
};
type Kind = keyof typeof RESULTS;
const file = (k: Kind): string => path.join(OUT, RESULTS[k].out);

/** The parts of an .xlsx as text, by name. */
function partsOf(bytes: Uint8Array): Map<string, string> {
  return new Map(readZip(bytes).map((e) => [e.name, Buffer.from(entryData(e, codec)).toString('utf8')]));
}

const unescape = (t: string): string => t.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], unescape(m[2])]));
}

function rels(parts: Map<string, string>, relsPath: string): Array<Record<string, string>> {
  return [...(parts.get(relsPath) ?? '').matchAll(/<Relationship [^>]*\/>/g)].map((m) => attrsOf(m[0]));
}

const relsPathOf = (part: string): string => `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels`;
const resolve = (from: string, target: string): string => path.posix.normalize(path.posix.join(path.posix.dirname(from), target));

/** The worksheet part of a sheet, and the chart parts its drawing holds (following the relationships). */
function sheetParts(parts: Map<string, string>, sheet: string): { part: string; xml: string; drawing: string | null; charts: string[] } {
  const wb = parts.get('xl/workbook.xml')!;
  const tag = [...wb.matchAll(/<sheet [^>]*\/>/g)].map((m) => attrsOf(m[0])).find((a) => a.name === sheet);
  if (!tag) throw new Error(`no sheet ${sheet}`);
  const target = rels(parts, 'xl/_rels/workbook.xml.rels').find((r) => r.Id === tag['r:id'])!.Target;
  const part = resolve('xl/workbook.xml', target);
  const xml = parts.get(part)!;
  const drawingId = /<drawing r:id="([^"]+)"\/>/.exec(xml)?.[1];
  if (!drawingId) return { part, xml, drawing: null, charts: [] };
  const d = rels(parts, relsPathOf(part)).find((r) => r.Id === drawingId)!;
  expect(d.Type).toBe('http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing');
  const drawing = resolve(part, d.Target);
  const dxml = parts.get(drawing)!;
  const chartIds = [...dxml.matchAll(/<c:chart [^>]*r:id="([^"]+)"/g)].map((m) => m[1]);
  const chartRels = rels(parts, relsPathOf(drawing));
  const charts = chartIds.map((id) => {
    const r = chartRels.find((x) => x.Id === id)!;
    expect(r.Type).toBe('http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart');
    return resolve(drawing, r.Target);
  });
  return { part, xml, drawing, charts };
}

const contentType = (parts: Map<string, string>, part: string): string | undefined =>
  [...parts.get('[Content_Types].xml')!.matchAll(/<Override [^>]*\/>/g)].map((m) => attrsOf(m[0])).find((a) => a.PartName === `/${part}`)?.ContentType;

interface Series { name: string; nameRef: string; catRef: string; categories: string[]; valRef: string; values: number[] }
function seriesOf(chartXml: string): Series[] {
  return [...chartXml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
    const s = m[1];
    const tx = /<c:tx><c:strRef><c:f>([^<]*)<\/c:f>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(s)!;
    const cat = /<c:cat><c:strRef><c:f>([^<]*)<\/c:f>([\s\S]*?)<\/c:strRef><\/c:cat>/.exec(s)!;
    const val = /<c:val><c:numRef><c:f>([^<]*)<\/c:f>([\s\S]*?)<\/c:numRef><\/c:val>/.exec(s)!;
    return {
      name: unescape(tx[2]), nameRef: unescape(tx[1]),
      catRef: unescape(cat[1]), categories: [...cat[2].matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((x) => unescape(x[1])),
      valRef: unescape(val[1]), values: [...val[2].matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((x) => Number(x[1])),
    };
  });
}

/** Values of a column range such as 'S'!$AB$2:$AB$6 in the workbook as ExcelJS reads it. */
function rangeValues(wb: Workbook, ref: string): unknown[] {
  const m = /^'((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a column range: ${ref}`);
  const ws = wb.getWorksheet(m[1].replace(/''/g, "'"))!;
  const out: unknown[] = [];
  for (let r = Number(m[3]); r <= Number(m[5]); r++) out.push(ws.getCell(`${m[2]}${r}`).value);
  return out;
}

function headerLetter(wb: Workbook, sheet: string, header: string): string {
  let letter = '';
  wb.getWorksheet(sheet)!.getRow(1).eachCell((c) => { if (c.value === header) letter = c.address.replace(/\d+$/, ''); });
  if (!letter) throw new Error(`no header ${header} on ${sheet}`);
  return letter;
}

/** Convert an .xlsx to PDF with LibreOffice (own profile: parallel runs do not clash). */
function toPdf(xlsx: string): PdfPage[] {
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', OUT, xlsx], { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  return readPdf(readFileSync(xlsx.replace(/\.xlsx$/, '.pdf')));
}

const flat = (t: string): string => t.replace(/\s+/g, '');
/** The pages printed from one sheet: its name is in the footer (&A). */
const pagesOf = (pages: PdfPage[], document: string, sheet: string): PdfPage[] =>
  pages.filter((p) => new RegExp(`${document.replace(/[〔〕]/g, '.')}${sheet}第\\d+页，共\\d+页`).test(flat(p.text)));
const a4Landscape = (p: PdfPage): boolean => Math.round(p.mediaBox[2] - p.mediaBox[0]) === 842 && Math.round(p.mediaBox[3] - p.mediaBox[1]) === 595;

const bytes: Partial<Record<Kind, Uint8Array>> = {};
beforeAll(async () => {
  for (const k of Object.keys(RESULTS) as Kind[]) {
    const r = RESULTS[k];
    const run = await cli([...r.args.slice(0, 1), path.join(ROOT, 'examples', r.input), ...r.args.slice(1), '--out', file(k), '--force']);
    expect({ k, code: run.code, stderr: run.stderr }).toEqual({ k, code: 0, stderr: '' });
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    bytes[k] = readFileSync(file(k));
  }
});

describe('charts (DrawingML parts drawn from the result cells)', () => {
  test('星级评定结果: enterprises per tier from the 星级分布 table right of the results, after a blank column', async () => {
    const parts = partsOf(bytes.hq!);
    const s = sheetParts(parts, '星级评定结果');
    expect(s.charts).toHaveLength(1);
    expect(contentType(parts, s.drawing!)).toBe('application/vnd.openxmlformats-officedocument.drawing+xml');
    expect(contentType(parts, s.charts[0])).toBe('application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
    const chart = parts.get(s.charts[0])!;
    expect(chart).toContain('<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(chart).toContain('<a:t>各星级总部企业数（家）</a:t>');
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.from(bytes.hq!) as unknown as ArrayBuffer);
    const tier = headerLetter(wb, '星级评定结果', '星级分布');
    const count = headerLetter(wb, '星级评定结果', '企业数（家）');
    // the existing columns keep their places (docs/interfaces.md §4): 排名 … in A …; one blank column before the table
    expect(['A', 'B', 'C', 'D', 'E'].map((c) => wb.getWorksheet('星级评定结果')!.getCell(`${c}1`).value)).toEqual(['排名', '星级', '星级（★）', '统一社会信用代码', '企业名称']);
    const ser = seriesOf(chart);
    expect(ser).toHaveLength(1);
    expect(ser[0]).toMatchObject({ name: '企业数（家）', nameRef: `'星级评定结果'!$${count}$1`, catRef: `'星级评定结果'!$${tier}$2:$${tier}$6`, valRef: `'星级评定结果'!$${count}$2:$${count}$6` });
    expect(ser[0].categories).toEqual(['五星级', '四星级', '三星级', '二星级', '一星级']);
    expect(ser[0].values).toEqual([5, 10, 15, 30, 19]);
    // the cache is what the cells hold
    expect(rangeValues(wb, ser[0].valRef)).toEqual(ser[0].values);
    expect(rangeValues(wb, ser[0].catRef)).toEqual(ser[0].categories);
  });

  test('补偿资金分配: base and reward per county stacked, the year\'s 1.7 亿元 in the title', async () => {
    const parts = partsOf(bytes.water!);
    const s = sheetParts(parts, '补偿资金分配');
    expect(s.charts).toHaveLength(1);
    const chart = parts.get(s.charts[0])!;
    expect(chart).toContain('<c:grouping val="stacked"/>');
    expect(chart).toContain('<c:overlap val="100"/>');
    expect(chart).toContain('<a:t>各县（市、区）补偿资金（合计 1.7 亿元）</a:t>');
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.from(bytes.water!) as unknown as ArrayBuffer);
    const ser = seriesOf(chart);
    expect(ser.map((x) => x.name)).toEqual(['基础部分（元）', '奖励（元）']);
    const base = headerLetter(wb, '补偿资金分配', '基础部分（元）');
    expect(ser[0].valRef).toBe(`'补偿资金分配'!$${base}$2:$${base}$5`);
    expect(ser[0].catRef).toBe("'补偿资金分配'!$A$2:$A$5");
    expect(ser[0].categories).toEqual(['瑞安市', '文成县', '泰顺县', '瓯海区']);
    for (const x of ser) expect(rangeValues(wb, x.valRef)).toEqual(x.values);
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    expect(sum(ser[0].values)).toBe(140_000_000);
    expect(sum(ser[1].values)).toBe(30_000_000);
  });

  test('纾困县区汇总: relief per county as 市级基金承担 and 地方配套, stacked', async () => {
    const parts = partsOf(bytes.relief!);
    const s = sheetParts(parts, '纾困县区汇总');
    expect(s.charts).toHaveLength(1);
    const chart = parts.get(s.charts[0])!;
    expect(chart).toContain('<c:grouping val="stacked"/>');
    const ser = seriesOf(chart);
    expect(ser.map((x) => [x.name, x.valRef])).toEqual([['市级基金承担', "'纾困县区汇总'!$F$2:$F$8"], ['地方配套', "'纾困县区汇总'!$G$2:$G$8"]]);
    expect(ser[0].categories).toEqual(['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区', '乐清市']);
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.from(bytes.relief!) as unknown as ArrayBuffer);
    for (const x of ser) expect(rangeValues(wb, x.valRef)).toEqual(x.values);
    // the non-pilot county: no city fund (docs/rules.md §3)
    expect(ser[0].values[6]).toBe(0);
    expect(ser[1].values[6]).toBe(200_000);
    // the other result sheets have no drawing
    expect(sheetParts(parts, '纾困化解明细').drawing).toBeNull();
  });

  test('an input that already has a chart: its drawing and chart stay, the new ones get fresh part names', async () => {
    const input = path.join(OUT, 'chart-input.xlsx');
    const output = path.join(OUT, 'chart-input-relief.xlsx');
    writeFileSync(input, chartWorkbookBytes());
    expect((await cli(['relief', input, '--out', output, '--force'])).code).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    const before = partsOf(readFileSync(input));
    const after = partsOf(readFileSync(output));
    expect(after.get('xl/charts/chart1.xml')).toBe(before.get('xl/charts/chart1.xml'));
    expect(after.get('xl/drawings/drawing1.xml')).toBe(before.get('xl/drawings/drawing1.xml'));
    const s = sheetParts(after, '纾困县区汇总');
    expect(s.drawing).toBe('xl/drawings/drawing2.xml');
    expect(s.charts).toEqual(['xl/charts/chart2.xml']);
    expect(contentType(after, 'xl/charts/chart1.xml')).toBeDefined();
    expect(contentType(after, 'xl/charts/chart2.xml')).toBe('application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
  });

  test('a sheet name with a quote is quoted in the chart formulas, and ExcelJS reads the copy', async () => {
    const wb = new Workbook();
    wb.addWorksheet('输入').getCell('A1').value = 1;
    const pkg = XlsxPackage.open(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), codec);
    const sheet: ResultSheet = {
      name: 'x', role: 'result', columns: [{ header: '县' }, { header: '金额' }],
      rows: [[text('甲'), num(new Decimal('1.5'), FMT.fen)], [text('乙'), num(new Decimal(2), FMT.fen)]],
      charts: [{ title: 'T', kind: 'pie', categoryCol: 0, valueCols: [1], firstRow: 0, lastRow: 1 }],
    };
    const out = pkg.insertSheets([{ name: "O'Brien 表", sheet }]);
    const parts = partsOf(out);
    const ser = seriesOf(parts.get(sheetParts(parts, "O'Brien 表").charts[0])!);
    expect(ser[0]).toMatchObject({ catRef: "'O''Brien 表'!$A$2:$A$3", valRef: "'O''Brien 表'!$B$2:$B$3", values: [1.5, 2] });
    const back = new Workbook();
    await back.xlsx.load(Buffer.from(out) as unknown as ArrayBuffer);
    expect(back.getWorksheet("O'Brien 表")!.getCell('B2').value).toBe(1.5);
  });
});

describe('print setup, fonts, row heights, number formats', () => {
  const RESULT_SHEETS: Record<Kind, string[]> = {
    hq: ['星级评定结果', '评定参数', '星级总部企业公示名单', '校验问题'],
    water: ['补偿资金分配', '资金筹集', '分配参数'],
    relief: ['纾困化解明细', '纾困县区汇总', '校验问题'],
  };
  const DOCUMENTS: Record<Kind, string> = { hq: '温政办〔2023〕88号', water: '温政办函〔2023〕28号', relief: '温政办〔2023〕90号' };

  test.each(Object.keys(RESULTS) as Kind[])('%s: every result sheet A4 landscape, one page wide, header row repeated, footer with the document, print area', (k) => {
    const parts = partsOf(bytes[k]!);
    const wb = parts.get('xl/workbook.xml')!;
    const sheets = [...wb.matchAll(/<sheet [^>]*\/>/g)].map((m) => attrsOf(m[0]).name);
    for (const name of RESULT_SHEETS[k]) {
      const { xml } = sheetParts(parts, name);
      expect({ name, pr: /<sheetPr>.*?<\/sheetPr>/.exec(xml)?.[0] }).toEqual({ name, pr: expect.stringContaining('<pageSetUpPr fitToPage="1"/>') });
      expect(xml).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
      expect(xml).toContain(`<oddFooter>&amp;L${DOCUMENTS[k]}&amp;C&amp;A&amp;R第 &amp;P 页，共 &amp;N 页</oddFooter>`);
      // CT_Worksheet order: … pageMargins, pageSetup, headerFooter, rowBreaks?, …, drawing?
      const order = ['<pageMargins', '<pageSetup', '<headerFooter', '<rowBreaks', '<drawing'].map((t) => xml.indexOf(t)).filter((i) => i >= 0);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      const id = sheets.indexOf(name);
      const dim = /<dimension ref="A1:([A-Z]+)(\d+)"\/>/.exec(xml)!;
      expect(wb).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${id}">&apos;${name}&apos;!$1:$1</definedName>`);
      const area = new RegExp(`<definedName name="_xlnm.Print_Area" localSheetId="${id}">&apos;${name}&apos;!\\$A\\$1:\\$([A-Z]+)\\$(\\d+)</definedName>`).exec(wb);
      expect({ name, area: Boolean(area) }).toEqual({ name, area: true });
      // the print area covers the used range (and the charts below it)
      expect(Number(area![2])).toBeGreaterThanOrEqual(Number(dim[2]));
    }
    // the user's sheets are not given a print setup
    const first = sheetParts(parts, sheets[0]).xml;
    expect(first).not.toContain('paperSize="9"');
  });

  test('the fonts the writer adds are named (等线, GB2312 charset, sans-serif family), bold header included', () => {
    const styles = partsOf(bytes.hq!).get('xl/styles.xml')!;
    const before = partsOf(readFileSync(path.join(ROOT, 'examples', RESULTS.hq.input))).get('xl/styles.xml')!;
    const fonts = (xml: string) => [...(/<fonts[^>]*>([\s\S]*?)<\/fonts>/.exec(xml)?.[1] ?? '').matchAll(/<font>([\s\S]*?)<\/font>|<font\/>/g)].map((m) => m[0]);
    const added = fonts(styles).slice(fonts(before).length);
    expect(added.length).toBeGreaterThanOrEqual(3);
    for (const f of added) expect(f).toMatch(/<name val="等线"\/><family val="2"\/><charset val="134"\/>/);
    expect(added.some((f) => f.startsWith('<font><b/>'))).toBe(true);
    // every cell of a result sheet points at an added font
    const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]).matchAll(/<xf [^>]*>/g)].map((m) => attrsOf(m[0]));
    const { xml } = sheetParts(partsOf(bytes.hq!), '星级评定结果');
    const used = new Set([...xml.matchAll(/<c r="[A-Z]+\d+" s="(\d+)"/g)].map((m) => Number(m[1])));
    for (const s of used) expect({ s, font: Number(xfs[s].fontId) >= fonts(before).length }).toEqual({ s, font: true });
  });

  test('rows are tall enough for their wrapped 计算过程 (estimated from the text), header rows for wrapped headers', () => {
    const { xml } = sheetParts(partsOf(bytes.hq!), '星级评定结果');
    const rowTag = (n: number) => new RegExp(`<row r="${n}"[^>]*>`).exec(xml)![0];
    expect(Number(/ht="([\d.]+)" customHeight="1"/.exec(rowTag(1))![1])).toBeGreaterThanOrEqual(30);
    const ht = Number(/ht="([\d.]+)"/.exec(rowTag(2))![1]);
    expect(ht).toBeGreaterThanOrEqual(60); // the derivation of the first headquarters takes several lines
    expect(linesOf('a'.repeat(10), 20)).toBe(1);
    expect(linesOf('一'.repeat(30), 21)).toBe(3); // 60 units in lines of 20
    expect(linesOf('甲\n乙\n丙', 60)).toBe(3);
  });

  test('one fixed number format per column: no #,##0.#### on any result sheet', () => {
    const today = '2025-03-01';
    const sheets: ResultSheet[] = [];
    return (async () => {
      for (const k of Object.keys(RESULTS) as Kind[]) {
        const r = RESULTS[k];
        const book = await PackageWorkbook.open(readFileSync(path.join(ROOT, 'examples', r.input)), codec);
        const calc = calculatorFor(r.args[0])!;
        const extra = (k === 'water' ? { whatIfGrid: await book.readSheet('用水量测算') } : undefined) as { mapping?: Record<string, number> } | undefined;
        const settings = calc.settingsFrom({}, today);
        if (!settings.ok) throw new Error(settings.message);
        const outcome = calc.run(await book.readSheet(book.firstSheetName()!), settings.settings, extra);
        sheets.push(...outcome.sheets);
      }
      for (const s of sheets) {
        const formats = s.columns.map(() => new Set<string>());
        for (const row of s.rows) row.forEach((c, i) => { if (c.kind === 'number') formats[i]?.add(c.format); });
        formats.forEach((f, i) => {
          expect({ sheet: s.name, col: s.columns[i].header, decimal: f.has(FMT.decimal) }).toEqual({ sheet: s.name, col: s.columns[i].header, decimal: false });
          // a column of like values (not the 值 column of a parameter sheet) has one format
          if (s.role === 'result') expect({ sheet: s.name, col: s.columns[i].header, formats: f.size <= 1 }).toEqual({ sheet: s.name, col: s.columns[i].header, formats: true });
        });
        // no option keys on the sheets (设置「…」 by their labels), no ASCII question mark in a header
        const all = [...s.columns.map((c) => c.header), ...s.rows.flatMap((r) => r.map((c) => (c.kind === 'text' ? c.text : '')))].join('\n');
        expect({ sheet: s.name, keys: /（(ratingDate|tieBreak|degenerateRange|pilotCounties|unit|fundYear)）|设置 (tieBreak|degenerateRange|pilotCounties)/.test(all) }).toEqual({ sheet: s.name, keys: false });
        expect(s.columns.some((c) => c.header.includes('?'))).toBe(false);
        if (s.name === '纾困县区汇总') expect(all).not.toMatch(/市级承担|市级 \+ 地方/);
      }
      const allocation = sheets.find((s) => s.name === '补偿资金分配')!;
      const area = allocation.rows[0][1];
      expect(area.kind === 'number' && area.format).toBe('#,##0.0');
    })();
  });
});

describe('星级总部企业公示名单 (温政办〔2023〕88号 三、5 公示)', () => {
  test('序号, 企业名称, 星级 — by tier (五星 first), then by name; no values, scores or ranks', async () => {
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.from(bytes.hq!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('星级总部企业公示名单')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '企业名称', '星级']);
    const rows: Array<[number, string, string]> = [];
    for (let r = 2; typeof ws.getCell(`A${r}`).value === 'number'; r++) rows.push([ws.getCell(`A${r}`).value as number, String(ws.getCell(`B${r}`).value), String(ws.getCell(`C${r}`).value)]);
    expect(rows).toHaveLength(79);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_r, i) => i + 1));
    expect(rows[0][2]).toBe('★★★★★ 五星级');
    expect(rows[78][2]).toBe('★ 一星级');
    const stars = rows.map((r) => r[2].indexOf(' '));
    expect(stars).toEqual([...stars].sort((a, b) => b - a));
    const collator = new Intl.Collator('zh-Hans-CN');
    for (let i = 1; i < rows.length; i++) if (rows[i][2] === rows[i - 1][2]) expect(collator.compare(rows[i - 1][1], rows[i][1])).toBeLessThanOrEqual(0);
    // the same headquarters and tiers as 星级评定结果
    const result = wb.getWorksheet('星级评定结果')!;
    const rated = new Map<string, string>();
    for (let r = 2; typeof result.getCell(`A${r}`).value === 'number'; r++) rated.set(String(result.getCell(`E${r}`).value), String(result.getCell(`C${r}`).value));
    expect(new Map(rows.map((r) => [r[1], r[2]]))).toEqual(rated);
    // nothing but names and tiers: no number other than 序号
    ws.eachRow((row, r) => row.eachCell((c, col) => { if (typeof c.value === 'number') expect({ r, col }).toEqual({ r, col: 1 }); }));
    const sheetXml = sheetParts(partsOf(bytes.hq!), '星级总部企业公示名单').xml;
    expect(sheetXml).toContain('<oddHeader>&amp;C&amp;&quot;等线,Bold&quot;&amp;14星级总部企业（机构）名单（公示）</oddHeader>');
  });
});

describe('LibreOffice prints the result workbooks', () => {
  let pages: Record<Kind, PdfPage[]>;
  beforeAll(() => {
    pages = { hq: toPdf(file('hq')), water: toPdf(file('water')), relief: toPdf(file('relief')) };
  });

  test('星级评定结果 of the 80-enterprise example: A4 landscape pages, one page wide, each with the header row and the footer; the chart on its own page', () => {
    const p = pagesOf(pages.hq, '温政办〔2023〕88号', '星级评定结果');
    expect(p.length).toBeGreaterThanOrEqual(3);
    expect(p.length).toBeLessThanOrEqual(10);
    for (const page of p) {
      expect(a4Landscape(page)).toBe(true);
      const t = flat(page.text);
      // the header row on every page, from its first column to the last: one page wide
      for (const h of ['排名', '统一社会信用代码', '企业名称', '计算过程', '89号名单（2023）', '星级分布', '企业数（家）']) expect({ h, on: t.includes(h) }).toEqual({ h, on: true });
    }
    // every enterprise printed once, the last page the chart's
    expect(flat(p.slice(0, -1).map((x) => x.text).join(''))).toContain('参评79家；取消资格1家');
    expect(flat(p[p.length - 1].text)).toContain('各星级总部企业数（家）');
    // the footer numbers the pages of the printout
    const numbers = p.map((x) => Number(/第(\d+)页，共\d+页/.exec(flat(x.text))![1]));
    expect(numbers).toEqual(numbers.map((_n, i) => numbers[0] + i));
  });

  test('the 公示 list prints on its own pages with its title; 补偿资金分配 and 纾困县区汇总 with their charts', () => {
    const list = pagesOf(pages.hq, '温政办〔2023〕88号', '星级总部企业公示名单');
    expect(list.length).toBeGreaterThanOrEqual(1);
    for (const page of list) {
      expect(a4Landscape(page)).toBe(true);
      expect(flat(page.text)).toContain('星级总部企业（机构）名单（公示）');
      expect(flat(page.text)).toContain('序号企业名称星级');
    }
    const water = pagesOf(pages.water, '温政办函〔2023〕28号', '补偿资金分配');
    expect(water).toHaveLength(1);
    expect(a4Landscape(water[0])).toBe(true);
    expect(flat(water[0].text)).toContain('各县（市、区）补偿资金（合计1.7亿元）');
    const relief = pagesOf(pages.relief, '温政办〔2023〕90号', '纾困县区汇总');
    expect(relief.length).toBeGreaterThanOrEqual(1);
    expect(relief.length).toBeLessThanOrEqual(2);
    expect(flat(relief.map((x) => x.text).join(''))).toContain('各县（市、区）纾困化解金额（合计15,452,976.06元）');
    for (const k of Object.keys(pages) as Kind[]) {
      // every page printed from a result sheet is A4 landscape and carries a footer
      const printed = pages[k].filter((x) => /第\d+页，共\d+页/.test(flat(x.text)));
      expect(printed.length).toBeGreaterThanOrEqual(2);
      for (const page of printed) expect(a4Landscape(page)).toBe(true);
    }
  });
});

describe('the ExcelJS writer (fallback save) sets the same print setup, fonts and row heights', () => {
  test('page setup, print titles and area, footer with the document; 等线; a wrapped row\'s height', async () => {
    const sheet: ResultSheet = {
      name: '补偿资金分配', role: 'result', document: '温政办函〔2023〕28号',
      columns: [{ header: '县（市、区）' }, { header: '合计（元）' }, { header: '计算过程', width: 30, wrap: true }],
      rows: [[text('文成县'), num(new Decimal(72608269), FMT.yuan), text('很长的计算过程'.repeat(10))], [text('合计'), int(1), text('')]],
      totalsRows: [1],
    };
    const book = ExcelJsWorkbook.create();
    await book.addSheets([sheet], { sourceSheet: '输入', calculator: 'water-fund', runAt: '2026-01-01T00:00:00.000Z' });
    const saved = await book.save();
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.from(saved) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('补偿资金分配')!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(ws.pageSetup.printArea).toMatch(/^\$?A\$?1:\$?C\$?3$/);
    expect(ws.headerFooter.oddFooter).toBe('&L温政办函〔2023〕28号&C&A&R第 &P 页，共 &N 页');
    expect(ws.getCell('A1').font).toMatchObject({ name: '等线', bold: true });
    expect(ws.getCell('A2').font).toMatchObject({ name: '等线' });
    expect(ws.getCell('A3').font).toMatchObject({ name: '等线', bold: true });
    expect(ws.getRow(2).height).toBe(sheetLayout(sheet, false).heights![1]);
    expect(ws.getRow(2).height).toBeGreaterThanOrEqual(75); // 140 units in lines of 29: 5 lines
  });
});
