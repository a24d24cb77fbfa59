/** wzpolicy demo on the bundled examples, and the committed .xlsx files match their generator. */
import { existsSync } from 'fs';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { GENERATED } from '../../scripts/example-workbooks';
import { creditCheckChar, idCheckChar } from '../../scripts/codes';
import { EXAMPLES, grouped } from '../../src/cli/demo';
import { cli, openWorkbook, ROOT, sheetValues, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('wzpolicy demo', () => {
  let run: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    run = await cli(['demo', '--out-dir', tmp.file('demo')]);
  });

  test('exits 0 and writes one result workbook per calculator', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const ex of EXAMPLES) expect(existsSync(tmp.file(path.join('demo', ex.out)))).toBe(true);
  });

  test('prints top headquarters and tier counts', () => {
    expect(run.stdout).toMatch(/【总部企业星级评定】/);
    expect(run.stdout).toMatch(/第 1 名 ★★★★★ /);
    expect(run.stdout).toMatch(/五星级 5 家、四星级 10 家、三星级 15 家、二星级 30 家、一星级 \d+ 家/);
  });

  test('prints the county allocation with checked totals 140,000,000 ✓ and 170,000,000 ✓', () => {
    expect(run.stdout).toMatch(/基础部分 140,000,000 ✓/);
    expect(run.stdout).toMatch(/奖励部分 30,000,000 ✓/);
    expect(run.stdout).toMatch(/总额 170,000,000 ✓/);
    for (const county of ['瑞安市', '文成县', '泰顺县', '瓯海区']) expect(run.stdout).toContain(county);
  });

  test('prints the 第六条 what-if split of the districts\' 70,000,000 with its check', () => {
    expect(run.stdout).toMatch(/第六条用水区域分担测算.*合计 70,000,000 ✓/);
  });

  test('prints relief totals per county', () => {
    expect(run.stdout).toMatch(/【医保纾困专项保障】/);
    for (const county of ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区']) expect(run.stdout).toContain(county);
    expect(run.stdout).toMatch(/纾困总额：[\d,.]+ 元/);
  });

  test('the result workbooks keep the example sheets and add the contract\'s result sheets', async () => {
    const hq = await openWorkbook(tmp.file(path.join('demo', '总部企业星级评定-结果.xlsx')));
    expect(hq.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['总部企业', '说明', '星级评定结果', '评定参数']);
    const water = await openWorkbook(tmp.file(path.join('demo', '水源地补偿资金-结果.xlsx')));
    expect(water.worksheets.map((w) => w.name).slice(0, 6)).toEqual(['补偿因素', '用水量测算', '说明', '补偿资金分配', '资金筹集', '分配参数']);
    const relief = await openWorkbook(tmp.file(path.join('demo', '医保纾困-结果.xlsx')));
    expect(relief.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['自负费用明细', '说明', '纾困化解明细', '纾困县区汇总']);
  });

  test('grouped() puts thousands separators in decimal strings', () => {
    expect(grouped('140000000')).toBe('140,000,000');
    expect(grouped('1538473.715')).toBe('1,538,473.715');
    expect(grouped('-1234.5')).toBe('-1,234.5');
    expect(grouped('999')).toBe('999');
  });
});

describe('committed example workbooks and fixtures', () => {
  test.each(GENERATED.map((g) => [g.path, g]))('%s holds exactly what scripts/make-examples generates', async (_p, item) => {
    const committed = await openWorkbook(path.join(ROOT, item.path));
    const generated = new Workbook();
    await generated.xlsx.load((await item.build().xlsx.writeBuffer()) as ArrayBuffer);
    expect(committed.worksheets.map((w) => w.name)).toEqual(generated.worksheets.map((w) => w.name));
    for (const ws of generated.worksheets) expect(sheetValues(committed, ws.name)).toEqual(sheetValues(generated, ws.name));
  });

  test('the hq example: ~80 headquarters with subsidiary rows, valid credit codes, listings, a disqualification', async () => {
    const wb = await openWorkbook(path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx'));
    const rows = sheetValues(wb, '总部企业').slice(1);
    const codes = rows.map((r) => String(r[0]));
    expect(codes.every((c) => /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c) && creditCheckChar(c.slice(0, 17)) === c[17])).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const hqs = rows.filter((r) => r[2] === null || r[2] === undefined);
    expect(hqs.length).toBe(80);
    expect(rows.length - hqs.length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => r[9]).length).toBeGreaterThanOrEqual(5);
    expect(rows.filter((r) => r[11]).length).toBeGreaterThanOrEqual(5);
    expect(rows.filter((r) => r[12]).length).toBe(1);
  });

  test('the relief example: a few hundred families, valid ID check digits, self-pay around 120,000–250,000', async () => {
    const wb = await openWorkbook(path.join(ROOT, 'examples', '医保纾困-示例.xlsx'));
    const rows = sheetValues(wb, '自负费用明细').slice(1);
    const families = new Map<string, number>();
    for (const r of rows) families.set(String(r[0]), (families.get(String(r[0])) ?? 0) + Number(r[4]));
    expect(families.size).toBe(300);
    expect(rows.length).toBeGreaterThan(families.size);
    expect(rows.every((r) => idCheckChar(String(r[2]).slice(0, 17)) === String(r[2])[17])).toBe(true);
    const totals = [...families.values()];
    expect(Math.min(...totals)).toBeGreaterThanOrEqual(90000);
    expect(Math.max(...totals)).toBeLessThanOrEqual(260000);
    expect(totals.filter((t) => t > 120000).length).toBeGreaterThan(200);
  });
});
