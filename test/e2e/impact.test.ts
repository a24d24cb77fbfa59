/**
 * Issue 11 in a real Chromium: the standalone page and the task pane (office.js replaced by the
 * recording fake) offer a draft edition file; a run with it marks every result sheet; 方案对比 shows
 * the input under the edition in force and under the draft side by side; an invalid draft is said
 * with the field it is about, and the run is refused.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workbook } from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { OUTPUT, ROOT, startE2eSession, type E2eSession } from './browser';
import hqEdition from '../../src/policies/hq-rating/2023-12-19.json';
import waterEdition from '../../src/policies/water-fund/2023-12-08.json';
import reliefEdition from '../../src/policies/medical-relief/2024-02-01.json';

let session: E2eSession;
let context: BrowserContext;
let server: { url: string };
let pageErrors: string[];

beforeAll(async () => {
  session = await startE2eSession({ width: 900, height: 1600 });
  ({ context, pageErrors } = session);
  server = { url: session.url };
}, 600_000);

afterAll(async () => {
  await session?.close();
});

afterEach(() => expect(pageErrors).toEqual([]));

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const draft = (base: unknown, edit: (e: any) => void, name: string) => {
  const e = JSON.parse(JSON.stringify(base));
  edit(e);
  return { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(e, null, 2)) };
};
const bands = draft(hqEdition, (e) => { e.document = '2026年草案'; e.parameters.starBands.value[1].toRank = 20; e.parameters.starBands.value[2].fromRank = 21; }, '四星6-20.json');

async function openPage(file: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}index.html`);
  await page.getByRole('button', { name: '开始计算' }).waitFor();
  await page.getByLabel('选择工作簿').setInputFiles({ name: path.basename(file), mimeType: XLSX, buffer: fs.readFileSync(file) });
  await page.getByRole('table', { name: '表头映射表' }).waitFor({ timeout: 60_000 });
  return page;
}

describe('standalone page', () => {
  it('hq-rating with a draft edition: the run says so, the result sheets are marked; 方案对比 lists who moves', async () => {
    const page = await openPage(path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx'));
    await page.getByLabel('草案版本文件（可选）').setInputFiles(bands);
    await page.getByTestId('draft-status').filter({ hasText: '已选草案版本「四星6-20.json」：2026年草案' }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('edition').textContent()).resolves.toContain('草案版本「四星6-20.json」');
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.getByRole('region', { name: '计算结果摘要' }).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('draft-note').textContent()).resolves.toContain('按草案版本「四星6-20.json」计算');
    const dist = page.getByRole('table', { name: '星级分布' });
    const counts = await dist.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent));
    expect(counts).toEqual(['5', '15', '10', '30', '19']);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载结果' }).click()]);
    const saved = path.join(OUTPUT, 'impact-hq-draft.xlsx');
    await dl.saveAs(saved);
    const wb = new Workbook();
    await wb.xlsx.readFile(saved);
    for (const name of ['星级评定结果', '评定参数']) {
      const texts: string[] = [];
      wb.getWorksheet(name)!.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') texts.push(c.value); }));
      expect({ name, marked: texts.some((t) => t.includes('草案版本') && t.includes('四星6-20.json')) }).toEqual({ name, marked: true });
    }

    await page.getByRole('button', { name: '方案对比' }).click();
    const view = page.getByRole('region', { name: '方案对比' });
    await view.waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('compare-sides').textContent()).resolves.toBe('基准：现行 温政办〔2023〕88号；方案：草案「四星6-20.json」（2026年草案）');
    await expect(page.getByTestId('compare-counts').textContent()).resolves.toBe('升星 5 家、降星 0 家、星级不变 74 家；有变化的 5 家'); // ranks 16–20 become 四星级
    const rows = await view.getByRole('table', { name: '方案对比表' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toHaveLength(5);
    expect(rows[0].slice(1)).toEqual(['16', '★★★', expect.any(String), '16', '★★★★', expect.any(String), '升星']);
    await page.screenshot({ path: path.join(OUTPUT, 'impact-compare-hq.png'), fullPage: true });
    await page.close();
  });

  it('water-fund: 方案对比 per county, before → after and the difference, the sums checked; 不用草案 goes back', async () => {
    const page = await openPage(path.join(ROOT, 'examples', '水源地补偿资金-示例.xlsx'));
    const weights = draft(waterEdition, (e) => { e.parameters.baseFactors.value[0].weight = '0.10'; e.parameters.baseFactors.value[1].weight = '0.40'; }, '权重草案.json');
    await page.getByLabel('草案版本文件（可选）').setInputFiles(weights);
    await page.getByRole('button', { name: '方案对比' }).click();
    const table = page.getByRole('table', { name: '方案对比表' });
    await table.waitFor({ timeout: 60_000 });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.map((r) => r[0])).toEqual(['瑞安市', '文成县', '泰顺县', '瓯海区', '合计']);
    expect(rows[4].slice(1)).toEqual(['170,000,000', '170,000,000', '0']);
    expect(rows.slice(0, 4).some((r) => r[3] !== '0')).toBe(true);
    await expect(page.getByTestId('compare-sums').textContent()).resolves.toContain('✓');
    await page.getByRole('button', { name: '不用草案' }).click();
    await expect(page.getByRole('button', { name: '方案对比' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('edition').textContent()).resolves.toContain('适用政策：温政办函〔2023〕28号');
    await page.close();
  });

  it('an invalid draft is said with its field, and the run is refused until it is removed', async () => {
    const page = await openPage(path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx'));
    await page.getByLabel('草案版本文件（可选）').setInputFiles(draft(hqEdition, (e) => { e.parameters.starBands.value[2].fromRank = 17; }, '错误.json'));
    await page.getByTestId('draft-status').filter({ hasText: '字段「parameters.starBands.value[2].fromRank」应为 16' }).waitFor({ timeout: 10_000 });
    await expect(page.getByRole('button', { name: '开始计算' }).isDisabled()).resolves.toBe(true);
    // a relief edition is not a draft of the rating
    await page.getByLabel('草案版本文件（可选）').setInputFiles(draft(reliefEdition, () => undefined, '纾困.json'));
    await page.getByTestId('draft-status').filter({ hasText: '字段「policy」为「medical-relief」' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: '不用草案' }).click();
    await expect(page.getByRole('button', { name: '开始计算' }).isDisabled()).resolves.toBe(false);
    await page.close();
  });
});

describe('task pane (fake Excel)', () => {
  it('relief with a draft threshold: 方案对比 in the pane, then the draft run written to Excel is marked', async () => {
    const rows: Array<Array<string | number>> = [
      ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'],
      ['YJ001', '张三', '', '永嘉县', 250000.01],
      ['YJ002', '李四', '', '永嘉', 150000.03],
      ['LC001', '赵六', '', '鹿城区', 110000],
    ];
    const page = await session.openFakeExcelPane(rows);
    await page.getByLabel('草案版本文件（可选）').setInputFiles(draft(reliefEdition, (e) => { e.parameters.selfPayThreshold.value = '100000'; }, '起付线10万.json'));
    await page.getByRole('button', { name: '方案对比' }).click();
    const table = page.getByRole('table', { name: '方案对比表' });
    await table.waitFor({ timeout: 30_000 });
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    // 永嘉县 100,000 + 30,000.03 → 100,000 + 50,000.03 (cap 10万 each); 鹿城区 0 → 10,000
    expect(cells).toEqual([
      ['永嘉县', '130,000.03', '150,000.03', '20,000'],
      ['鹿城区', '0', '10,000', '10,000'],
      ['合计', '130,000.03', '160,000.03', '30,000'],
    ]);
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.getByTestId('relief-total').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '写入结果' }).click();
    await page.getByText('已写入工作表').first().waitFor({ timeout: 30_000 });
    const summary = await page.evaluate(() => (window as unknown as { __excel: { valuesOf(n: string): unknown[][] } }).__excel.valuesOf('纾困县区汇总'));
    const texts = summary.flat().filter((v): v is string => typeof v === 'string');
    expect(texts.some((t) => t.includes('草案版本') && t.includes('起付线10万.json'))).toBe(true);
    await page.screenshot({ path: path.join(OUTPUT, 'impact-relief-pane.png'), fullPage: true });
    await page.close();
  });
});
