/**
 * End to end in a real Chromium: the standalone page served from dist/ on localhost. For each
 * example workbook: upload, run, download, open the download with ExcelJS and compare its result
 * sheets with what the calculator computes in Node; a workbook with an error shows the problem
 * and offers no download. Screenshots of the summaries go to test-output/e2e/. The first-render
 * time is printed (a benchmark figure, not a timed assertion).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workbook, type CellValue as XlsxValue } from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CALCULATORS } from '../../src/calculators';
import type { CalculationOutcome, CalculatorKind } from '../../src/calculators/types';
import { todayIso } from '../../src/policies/registry';
import type { ResultCell } from '../../src/sheets/result-sheet';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { OUTPUT, ROOT, ensureDist, fakeOfficeJs, launchChromium, serveDist } from './browser';
import { readZip } from '../../src/workbook/xlsx-package/zip';
import { pivotWorkbookBytes } from '../workbook/xlsx-package-fixture';

const EXAMPLES: Array<{ file: string; kind: CalculatorKind; sheets: string[] }> = [
  { file: '总部企业星级评定-示例.xlsx', kind: 'hq-rating', sheets: ['星级评定结果', '评定参数'] },
  { file: '水源地补偿资金-示例.xlsx', kind: 'water-fund', sheets: ['补偿资金分配', '资金筹集', '分配参数'] },
  { file: '医保纾困-示例.xlsx', kind: 'relief', sheets: ['纾困化解明细', '纾困县区汇总'] },
];
const RATING_DATE = '2024-12-31';

let browser: Browser;
let server: { url: string; close(): Promise<void> };
let context: BrowserContext;
const external: string[] = [];
/** Uncaught errors in any page: every test ends by checking there were none. */
const pageErrors: string[] = [];

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

beforeAll(async () => {
  ensureDist();
  fs.mkdirSync(OUTPUT, { recursive: true });
  server = await serveDist({ root: path.join(ROOT, 'dist'), port: 0 });
  browser = await launchChromium();
  context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN', viewport: { width: 900, height: 1400 } });
  // No network at run time: anything not on our localhost server is refused and recorded.
  await context.route((url) => !url.href.startsWith(server.url), (route) => {
    external.push(route.request().url());
    return route.abort();
  });
}, 600_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** What the calculator computes in Node for the example (the reference for the download). */
async function expected(file: string, kind: CalculatorKind): Promise<{ outcome: CalculationOutcome; sheet: string }> {
  const wb = await ExcelJsWorkbook.load(fs.readFileSync(path.join(ROOT, 'examples', file)));
  const sheet = wb.firstSheetName()!;
  const grid = await wb.readSheet(sheet);
  const calc = CALCULATORS[kind];
  const today = todayIso();
  const parsed = calc.settingsFrom(kind === 'hq-rating' ? { ratingDate: RATING_DATE } : {}, today);
  if (!parsed.ok) throw new Error(parsed.message);
  return { outcome: calc.run(grid, parsed.settings), sheet };
}

function plain(v: XlsxValue): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as unknown as Record<string, unknown>;
    if ('result' in o) return o.result;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join('');
  }
  return v;
}

function expectCell(actual: unknown, cell: ResultCell | undefined, where: string): void {
  // An empty text is written as no cell at all (the package writer, as the CLI's --out).
  if (!cell || cell.kind === 'empty' || (cell.kind === 'text' && cell.text === '')) {
    expect([null, undefined, ''].includes(actual as null) ? null : { where, actual }).toBeNull();
    return;
  }
  switch (cell.kind) {
    case 'text':
      expect({ where, v: actual }).toEqual({ where, v: cell.text });
      break;
    case 'number': {
      const want = cell.value.toNumber();
      expect(typeof actual).toBe('number');
      expect(Math.abs((actual as number) - want)).toBeLessThanOrEqual(Math.max(1e-9, Math.abs(want) * 1e-12));
      break;
    }
    case 'integer':
      expect({ where, v: actual }).toEqual({ where, v: cell.value });
      break;
    case 'date':
      expect(actual instanceof Date ? (actual as Date).toISOString().slice(0, 10) : actual).toBe(cell.iso);
      break;
  }
}

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url);
  await page.getByRole('button', { name: '开始计算' }).waitFor();
  return page;
}

async function upload(page: Page, file: string, bytes?: Buffer): Promise<void> {
  const input = page.getByLabel('选择工作簿');
  if (bytes) await input.setInputFiles({ name: file, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
  else await input.setInputFiles(path.join(ROOT, 'examples', file));
  // Ready when the mapping of the first sheet is shown.
  await page.getByRole('table', { name: '表头映射表' }).waitFor({ timeout: 60_000 });
}

describe('standalone page in Chromium', () => {
  it('renders the empty page quickly and without any request outside localhost (time printed)', async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const started = Date.now();
    await page.goto(`${server.url}index.html`);
    await page.getByRole('button', { name: '开始计算' }).waitFor();
    const wall = Date.now() - started;
    const mark = await page.evaluate(() => performance.getEntriesByName('wz-first-render')[0]?.startTime ?? null);
    // eslint-disable-next-line no-console
    console.log(`独立网页首次渲染（headless Chromium，localhost）：${mark === null ? '未记录' : `${mark.toFixed(0)} ms（performance mark）`}，goto→按钮可见 ${wall} ms`);
    expect(mark).not.toBeNull();
    await expect(page.getByLabel('选择工作簿').count()).resolves.toBe(1);
    // Nothing to set before a file is chosen; 开始计算 says why it is not available yet.
    await expect(page.getByLabel('评定基准日', { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '开始计算' }).isDisabled()).resolves.toBe(true);
    await expect(page.locator('#wz-why-run').textContent()).resolves.toBe('请先在步骤 ① 选择 .xlsx 工作簿。');
    await expect(page.getByRole('button', { name: '下载结果' }).count()).resolves.toBe(0);
    expect(external).toEqual([]);
    await page.close();
  });

  it('a workbook with its own chart and pivot table comes back from the page with both (package insertion, not an ExcelJS re-save)', async () => {
    const input = Buffer.from(pivotWorkbookBytes());
    fs.writeFileSync(path.join(OUTPUT, 'page-pivot-input.xlsx'), input);
    const page = await openPage(`${server.url}index.html`);
    await upload(page, '透视与图表.xlsx', input);
    await expect(page.getByLabel('测算项目').inputValue()).resolves.toBe('relief');
    await page.getByRole('button', { name: '开始计算' }).click();
    const downloadButton = page.getByRole('button', { name: '下载结果' });
    await downloadButton.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    const saved = path.join(OUTPUT, 'page-pivot-result.xlsx');
    await download.saveAs(saved);
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const partsOf = (bytes: Uint8Array) => new Map(readZip(bytes).map((e) => [e.name, e]));
    const before = partsOf(new Uint8Array(input));
    const after = partsOf(new Uint8Array(fs.readFileSync(saved)));
    // Every part of the user's workbook but the four the insertion edits comes back byte for byte.
    const edited = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/styles.xml', 'docProps/app.xml'];
    for (const [name, entry] of before) {
      if (edited.includes(name)) continue;
      expect({ name, kept: after.has(name) && Buffer.compare(Buffer.from(after.get(name)!.raw), Buffer.from(entry.raw)) === 0 }).toEqual({ name, kept: true });
    }
    expect([...after.keys()]).toEqual(expect.arrayContaining(['xl/pivotTables/pivotTable1.xml', 'xl/pivotCache/pivotCacheDefinition1.xml', 'xl/charts/chart1.xml']));
    // The pivot cache is still registered in the workbook, and the result sheets got their own chart.
    const workbook = after.get('xl/workbook.xml')!;
    const inflate = (e: { raw: Uint8Array; method: number }) => (e.method === 0 ? e.raw : new Uint8Array(require('zlib').inflateRawSync(e.raw)));
    expect(text(inflate(workbook))).toContain('<pivotCache cacheId="1" r:id="rId6"/>');
    expect([...after.keys()].filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).length).toBeGreaterThanOrEqual(2);
    await expect(page.getByText('完整重存').count()).resolves.toBe(0); // no fallback notice
    await page.close();
  });

  for (const ex of EXAMPLES) {
    it(`${ex.file}: upload, run, download; the download holds the result sheets and totals`, async () => {
      const { outcome, sheet } = await expected(ex.file, ex.kind);
      expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const page = await openPage(`${server.url}index.html`);
      await upload(page, ex.file);
      // The calculation is suggested from the headers.
      await expect(page.getByLabel('测算项目').inputValue()).resolves.toBe(ex.kind);
      // Typed key by key, as an officer would (not the date picker); only the rating has this setting.
      const date = page.getByLabel('评定基准日', { exact: true });
      await expect(date.count()).resolves.toBe(ex.kind === 'hq-rating' ? 1 : 0);
      if (ex.kind === 'hq-rating') {
        await date.fill('');
        await date.pressSequentially(RATING_DATE);
      }
      await page.getByRole('button', { name: '开始计算' }).click();
      const downloadButton = page.getByRole('button', { name: '下载结果' });
      await downloadButton.waitFor({ timeout: 60_000 });
      const summary = page.getByRole('region', { name: '计算结果摘要' });
      await summary.waitFor();
      if (ex.kind === 'water-fund') await expect(page.getByTestId('money-check').textContent()).resolves.toContain('收支相等');
      if (ex.kind === 'relief') await expect(page.getByTestId('relief-total').textContent()).resolves.toContain('✓');
      if (ex.kind === 'hq-rating') await expect(page.getByRole('table', { name: '前十名' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: path.join(OUTPUT, `summary-${ex.kind}.png`), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
      expect(download.suggestedFilename()).toBe(ex.file.replace('.xlsx', '-测算结果.xlsx'));
      const saved = path.join(OUTPUT, download.suggestedFilename());
      await download.saveAs(saved);

      const wb = new Workbook();
      await wb.xlsx.readFile(saved);
      const names = wb.worksheets.map((w) => w.name);
      // The user's sheets are all still there, followed by the result sheets.
      const original = new Workbook();
      await original.xlsx.readFile(path.join(ROOT, 'examples', ex.file));
      expect(names.slice(0, original.worksheets.length)).toEqual(original.worksheets.map((w) => w.name));
      for (const s of ex.sheets) expect(names).toContain(s);
      expect(names).toContain(sheet);
      // Every result sheet cell equals what the calculator computes (totals rows included).
      for (const rs of outcome.sheets) {
        const ws = wb.getWorksheet(rs.name)!;
        expect(ws).toBeDefined();
        rs.columns.forEach((c, j) => expect(plain(ws.getCell(1, j + 1).value)).toBe(c.header));
        rs.rows.forEach((row, i) => {
          rs.columns.forEach((_c, j) => expectCell(plain(ws.getCell(i + 2, j + 1).value), row[j], `${rs.name}!R${i + 2}C${j + 1}`));
        });
      }
      const json = outcome.json as Record<string, unknown>;
      if (ex.kind === 'water-fund') {
        const totals = json.totals as { total: string };
        const allocation = outcome.sheets.find((s) => s.name === '补偿资金分配')!;
        const ws = wb.getWorksheet('补偿资金分配')!;
        const totalCol = allocation.columns.findIndex((c) => c.header.includes('合计'));
        const dataRows = allocation.rows.map((_r, i) => i).filter((i) => !(allocation.totalsRows ?? []).includes(i) && !(allocation.noteRows ?? []).includes(i));
        const sum = dataRows.reduce((s, i) => s + Number(plain(ws.getCell(i + 2, totalCol + 1).value)), 0);
        expect(sum).toBe(Number(totals.total));
      }
      if (ex.kind === 'relief') {
        await expect(page.getByTestId('relief-total').textContent()).resolves.toContain(Number(json.total as string).toLocaleString('en-US'));
      }
      await page.close();
    });
  }

  it('a workbook with an error shows the problem and offers no download', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('企业名单');
    ws.addRow(['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '上年度在温职工养老保险缴费人数', '在温个税申报人数']);
    ws.addRow(['91330300MA2AXXXX1X', '甲公司', '十亿', 1, 5000, 900, 1000]);
    ws.addRow(['91330300MA2AXXXX1X', '乙公司', 40, 4, 1000, 450, 500]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const page = await openPage(`${server.url}index.html`);
    await upload(page, '有错误.xlsx', bytes);
    await expect(page.getByLabel('测算项目').inputValue()).resolves.toBe('hq-rating');
    await page.getByRole('button', { name: '开始计算' }).click();
    const problems = page.getByRole('region', { name: '校验问题' });
    await problems.waitFor({ timeout: 60_000 });
    const textContent = (await problems.textContent()) ?? '';
    expect(textContent).toMatch(/错误 企业名单!C2/);
    await expect(page.getByRole('button', { name: '下载结果' }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(OUTPUT, 'problems-hq-rating.png'), fullPage: true });
    await page.close();
  });

  it('a file that is not a workbook gets a Chinese message, no calculation', async () => {
    const page = await openPage(`${server.url}index.html`);
    await page.getByLabel('选择工作簿').setInputFiles({ name: '名单.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('这不是工作簿') });
    await page.getByText('不是 .xlsx 文件').first().waitFor({ timeout: 30_000 });
    // Announced as well, for screen readers.
    await page.getByTestId('live-region').filter({ hasText: '不是 .xlsx 文件' }).waitFor({ timeout: 10_000 });
    await expect(page.getByRole('button', { name: '开始计算' }).isDisabled()).resolves.toBe(true);
    await page.close();
  });

  it('the add-in page works as the standalone page when office.js cannot load', async () => {
    const page = await openPage(`${server.url}taskpane.html`);
    await upload(page, '水源地补偿资金-示例.xlsx');
    await expect(page.getByLabel('测算项目').inputValue()).resolves.toBe('water-fund');
    // The default build loads office.js from Microsoft's CDN (OFFICE_JS_URL unset), and nothing else.
    expect(external).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(external.every((u) => u.startsWith('https://appsforoffice.microsoft.com/'))).toBe(true);
    await page.close();
  });
});

describe('task pane in Chromium with a fake Excel behind office.js', () => {
  it('reads the active sheet, runs, writes the result sheets, re-runs in place; an error selects its cell', async () => {
    const rows = [
      ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'],
      ['F001', '张三', '', '文成县', 250000],
      ['F002', '李四', '', '泰顺县', 150000],
      ['F003', '王五', '', '泰顺县', 100000],
    ];
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: fakeOfficeJs(rows) }));
    await page.goto(`${server.url}taskpane.html`);
    await page.getByRole('button', { name: '使用当前工作表' }).waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: '表头映射表' }).waitFor();
    await expect(page.getByLabel('测算项目').inputValue()).resolves.toBe('relief');
    await expect(page.getByLabel('选择工作簿').count()).resolves.toBe(0); // Excel mode: no file input

    for (let run = 1; run <= 2; run++) {
      await page.getByRole('button', { name: '开始计算' }).click();
      await expect(page.getByTestId('relief-total').textContent()).resolves.toContain('化解总额 130,000 元');
      await page.getByRole('button', { name: '写入结果' }).click();
      await page.getByText('已写入工作表').first().waitFor({ timeout: 30_000 });
      const state = await page.evaluate(() => {
        const excel = (window as unknown as { __excel: { live(): Array<{ name: string; props: Map<string, string> }>; valuesOf(n: string): unknown[][]; syncs: unknown[]; runOptions: unknown[] } }).__excel;
        return {
          names: excel.live().map((s) => s.name),
          detail: excel.valuesOf('纾困化解明细'),
          note: excel.valuesOf('说明'),
          tagged: excel.live().filter((s) => s.props.size > 0).map((s) => JSON.parse(s.props.get('wzpolicy.result')!).sourceSheet),
          delay: excel.runOptions.every((o) => (o as { delayForCellEdit?: boolean }).delayForCellEdit === true),
        };
      });
      // Re-running replaces the add-in's own sheets: same names, no " (2)".
      expect(state.names.slice(0, 2)).toEqual(['家庭名单', '说明']);
      expect(state.names).toEqual(expect.arrayContaining(['纾困化解明细', '纾困县区汇总']));
      expect(state.names.some((n) => n.includes('(2)'))).toBe(false);
      expect(state.detail.length).toBeGreaterThan(3);
      expect(state.note).toEqual([['本表不动']]);
      expect(state.tagged.every((t) => t === '家庭名单')).toBe(true);
      expect(state.delay).toBe(true);
    }
    await page.screenshot({ path: path.join(OUTPUT, 'excel-mode-relief.png'), fullPage: true });

    // The officer types a bad amount; the pane re-reads the sheet on each run.
    await page.evaluate(() => {
      const excel = (window as unknown as { __excel: { sheet(n: string): { cells: Map<string, { value: unknown; format: string }> } } }).__excel;
      excel.sheet('家庭名单').cells.set('2,4', { value: '很多', format: 'General' });
    });
    await page.getByRole('button', { name: '开始计算' }).click();
    const problem = page.getByRole('button', { name: '错误 家庭名单!E3' });
    await problem.waitFor({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: '写入结果' }).count()).resolves.toBe(0);
    await problem.click();
    await expect(page.evaluate(() => (window as unknown as { __excel: { selected: unknown } }).__excel.selected)).resolves.toEqual({ sheet: '家庭名单', address: 'E3' });
    await page.close();
  });
});
