/**
 * docs/rules.md edition 2 end to end in a real Chromium, through the standalone page and the task
 * pane (office.js replaced by the recording fake): names and counties come back exactly as typed,
 * 市外 / 49.99 % subsidiaries are not counted, the fund year picks the edition, relief is split to
 * the fen with non-pilot counties paid locally.
 */
import * as path from 'path';
import { Workbook } from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { OUTPUT, startE2eSession, type E2eSession } from './browser';
import { code } from '../fixtures/hq-rating/builders';

let session: E2eSession;
let context: BrowserContext;
let server: { url: string };
let pageErrors: string[];

beforeAll(async () => {
  session = await startE2eSession();
  ({ context, pageErrors } = session);
  server = { url: session.url };
}, 600_000);

afterAll(async () => {
  await session?.close();
});

afterEach(() => expect(pageErrors).toEqual([]));

async function bookBytes(sheet: string, rows: unknown[][]): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function uploadAndRun(name: string, bytes: Buffer, setup?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}index.html`);
  await page.getByRole('button', { name: '开始计算' }).waitFor();
  await page.getByLabel('选择工作簿').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
  await page.getByRole('table', { name: '表头映射表' }).waitFor({ timeout: 60_000 });
  if (setup) await setup(page);
  await page.getByRole('button', { name: '开始计算' }).click();
  await page.getByRole('region', { name: '计算结果摘要' }).waitFor({ timeout: 60_000 });
  return page;
}

async function download(page: Page, file: string): Promise<Workbook> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果' }).click()]);
  const saved = path.join(OUTPUT, file);
  await dl.saveAs(saved);
  const wb = new Workbook();
  await wb.xlsx.readFile(saved);
  return wb;
}

describe('standalone page, edition 2', () => {
  it('hq-rating on a 附件2-worded sheet: names exactly as typed, the 市外 and 49.99 % rows listed as 未计入', async () => {
    const H = code(31), OUT = code(32), MINOR = code(33), OTHER = code(34);
    const names = ['董贝科技（温州）有限公司', '董贝科技（上海）有限公司', '温州 参股 公司', ' 另一总部　集团 '];
    const rows = [
      ['统一社会信用代码', '总部企业名称', '所属总部统一社会信用代码', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）',
        '近两年可加计扣除研发费用合计（万元）', '上年度在温职工养老保险缴费人数', '在温个税申报人数', '上年度500强榜单入选情况',
        '企业总部上市情况（不含子公司）', '上市日期', '控股比例（%）', '所在地'],
      [H, names[0], '', 10, 2, 100, 90, 100, '上年度中国企业500强', '上海证券交易所', '2023-06-01', '', '在温'],
      [OUT, names[1], H, 50, 5, 500, 10, 10, '', '', '', 100, '市外'],
      [MINOR, names[2], H, 7, 1, 70, 10, 10, '', '', '', 49.99, '在温'],
      [OTHER, names[3], '', 5, 1, 50, 40, 50, '', '非上市企业', '', '', ''],
    ];
    const page = await uploadAndRun('附件2.xlsx', await bookBytes('总部企业', rows), async (p) => {
      const date = p.getByLabel('评定基准日', { exact: true });
      await date.fill('2024-12-31');
    });
    const summary = (await page.getByRole('region', { name: '计算结果摘要' }).textContent()) ?? '';
    expect(summary).toContain('未计入所属总部的分公司、子公司 2 行');
    const wb = await download(page, 'edition2-hq.xlsx');
    const ws = wb.getWorksheet('星级评定结果')!;
    const byCode = new Map<string, { tier: unknown; name: unknown }>();
    ws.eachRow((row) => byCode.set(String(row.getCell(4).value), { tier: row.getCell(3).value, name: row.getCell(5).value }));
    expect(byCode.get(H)!.name).toBe(names[0]);
    expect(byCode.get(OTHER)!.name).toBe(names[3]);
    expect(byCode.get(OUT)).toEqual({ tier: '未计入', name: names[1] });
    expect(byCode.get(MINOR)).toEqual({ tier: '未计入', name: names[2] });
    // H: 100 + 3 (中国企业500强) + 1 (listed 2023): its 市外 and 49.99 % rows do not add revenue.
    const total = ws.getRow(2).getCell(17).value;
    expect(ws.getRow(2).getCell(4).value).toBe(H);
    expect(total).toBe(104);
    await page.screenshot({ path: path.join(OUTPUT, 'edition2-hq.png'), fullPage: true });
    await page.close();
  });

  it('water-fund with fund year 2026: the 2023—2025 document is used with a warning, and 瓯海区 missing is said', async () => {
    const rows = [
      ['县（市、区）', '一级水源保护区面积（平方公里）', '集雨区面积（不含水域）（平方公里）', '集雨区内行政人口（人）', '水域面积（平方公里）'],
      ['瑞安市', 10, 300, 100000, 20],
      ['文成县', 30, 900, 200000, 40],
      ['泰顺 ', 40, 800, 100000, 30],
    ];
    const page = await uploadAndRun('水源地.xlsx', await bookBytes('补偿因素', rows), async (p) => {
      const year = p.getByLabel('资金年度');
      await year.fill('2026');
    });
    const problems = (await page.getByRole('region', { name: '校验问题' }).textContent()) ?? '';
    expect(problems).toContain('2026 年度不在');
    expect(problems).toContain('瓯海区');
    const wb = await download(page, 'edition2-water.xlsx');
    const ws = wb.getWorksheet('补偿资金分配')!;
    const counties: unknown[] = [];
    ws.eachRow((row, r) => { if (r > 1 && r <= 4) counties.push(row.getCell(1).value); });
    expect(counties).toEqual(['瑞安市', '文成县', '泰顺 ']);
    await page.close();
  });
});

describe('task pane (fake Excel), edition 2', () => {
  it('relief: 永嘉 and 永嘉县 are one county, 鹿城区 is paid locally, every county split to the fen', async () => {
    const rows: Array<Array<string | number>> = [
      ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'],
      ['YJ001', '张三', '', '永嘉县', 250000.01],
      ['YJ002', '李四', '', '永嘉', 150000.03],
      ['ＹＪ００１', '王五', '', '永嘉县', 130000],
      ['LC001', '赵六', '', '鹿城区', 180000.05],
    ];
    const page = await session.openFakeExcelPane(rows);
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.getByTestId('relief-total').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('relief-non-pilot').textContent()).resolves.toContain('市级基金承担 0 元');
    await expect(page.getByText('鹿城区（非试点）').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('button', { name: '写入结果' }).click();
    await page.getByText('已写入工作表').first().waitFor({ timeout: 30_000 });
    const summary = await page.evaluate(() => (window as unknown as { __excel: { valuesOf(n: string): unknown[][] } }).__excel.valuesOf('纾困县区汇总'));
    const header = summary[0] as string[];
    const col = (h: string) => header.findIndex((x) => typeof x === 'string' && x.startsWith(h));
    const countyRows = summary.filter((r) => typeof r[0] === 'string' && /永嘉|鹿城/.test(r[0] as string));
    expect(countyRows.map((r) => r[0])).toEqual(['永嘉县', '鹿城区']);
    const [yj, lc] = countyRows;
    // 永嘉县: 100,000 + 30,000.03 + 10,000 (ＹＪ００１ is its own family) = 140,000.03 → city 70,000.01, local 70,000.02
    expect(yj[col('化解总额')]).toBe(140000.03);
    expect(yj[col('市级')]).toBe(70000.01);
    expect(yj[col('地方')]).toBe(70000.02);
    expect(lc[col('市级')]).toBe(0);
    expect(lc[col('地方')]).toBe(60000.05);
    await page.screenshot({ path: path.join(OUTPUT, 'edition2-relief-pane.png'), fullPage: true });
    await page.close();
  });
});
