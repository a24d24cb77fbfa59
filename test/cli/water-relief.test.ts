/** wzpolicy water-fund and relief on real .xlsx files. */
import * as path from 'path';
import { Decimal, sum } from '../../src/exact/decimal';
import { Workbook } from 'exceljs';
import { addInputSheet, newWorkbook, RELIEF_HEADERS } from '../../scripts/example-workbooks';
import { cli, FIXTURES, openWorkbook, parseJson, ROOT, saveWorkbook, sheetValues, tempDir } from './helpers';

const WATER = path.join(FIXTURES, 'water-fund-spec-2.6.xlsx');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface WaterResult { county: string; baseShare: string; base: string; reward: string; total: string; group: string | null; groupRank: number | null }

describe('water-fund: docs/rules.md §2.6 worked example through an .xlsx file', () => {
  let json: Record<string, unknown>;
  beforeAll(async () => {
    const run = await cli(['water-fund', WATER, '--json']);
    expect(run.code).toBe(0);
    json = parseJson(run.stdout);
  });

  test('文成 base share 0.399090909…, bases adding to exactly 140,000,000 yuan', () => {
    const results = json.results as WaterResult[];
    const wencheng = results.find((r) => r.county === '文成县')!;
    expect(wencheng.baseShare.startsWith('0.3990909090909090909')).toBe(true);
    expect(['55872727', '55872728']).toContain(wencheng.base);
    expect(sum(results.map((r) => new Decimal(r.base))).toFixed()).toBe('140000000');
    expect(results.every((r) => /^\d+$/.test(r.base))).toBe(true);
  });

  test('rewards by group rank and totals 30,000,000 / 170,000,000', () => {
    const results = json.results as WaterResult[];
    const by = Object.fromEntries(results.map((r) => [r.county, r]));
    expect(by['文成县'].reward).toBe('11000000');
    expect(by['泰顺县'].reward).toBe('9000000');
    expect(by['瓯海区'].reward).toBe('6000000');
    expect(by['瑞安市'].reward).toBe('4000000');
    expect(json.totals).toEqual({ base: '140000000', reward: '30000000', total: '170000000' });
  });

  test('--unit fen publishes yuan with two decimals, still adding up exactly', async () => {
    const run = await cli(['water-fund', WATER, '--json', '--unit', 'fen']);
    expect(run.code).toBe(0);
    const results = parseJson(run.stdout).results as WaterResult[];
    expect(sum(results.map((r) => new Decimal(r.base))).equals(140000000)).toBe(true);
    expect(results.some((r) => r.base.includes('.'))).toBe(true);
  });

  test('--out adds 补偿资金分配, 资金筹集, 分配参数 with numbers as numbers', async () => {
    const out = tmp.file('water-out.xlsx');
    const run = await cli(['water-fund', WATER, '--out', out]);
    expect(run.code).toBe(0);
    const wb = await openWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['补偿因素', '补偿资金分配', '资金筹集', '分配参数']);
    const ws = wb.getWorksheet('补偿资金分配')!;
    let numbers = 0;
    ws.eachRow((row, r) => {
      if (r > 1) row.eachCell((cell) => void (typeof cell.value === 'number' && numbers++));
    });
    expect(numbers).toBeGreaterThan(8);
  });
});

describe('water-fund --what-if-sheet (第六条)', () => {
  test('the what-if sheet of the same workbook is passed to the calculator; a missing one is a usage error', async () => {
    const example = path.join(ROOT, 'examples', '水源地补偿资金-示例.xlsx');
    const run = await cli(['water-fund', example, '--json', '--what-if-sheet', '用水量测算', '--what-if-weights', '1,0.5,0']);
    expect(run.code).toBe(0);
    const whatIf = parseJson(run.stdout).whatIf as { rows: Array<{ amount: string }> };
    expect(sum(whatIf.rows.map((r) => new Decimal(r.amount))).toFixed()).toBe('70000000');
    const missing = await cli(['water-fund', example, '--what-if-sheet', '没有这张表']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/没有名为「没有这张表」的工作表/);
  });
});

describe('relief', () => {
  async function reliefInput(): Promise<string> {
    const wb: Workbook = newWorkbook();
    addInputSheet(wb, '明细', RELIEF_HEADERS, [
      ['F1', '陈一', '11010519491231002X', '文成县', 100000],
      ['F1', '陈二', '330328198001010012', '文成县', 70000.5], // same family: summed → 170,000.50
      ['F2', '林三', null, '泰顺县', 260000],
      ['F3', '王四', null, '洞头区', 119999.99],
    ], { textCols: [0, 2] });
    return saveWorkbook(wb, tmp.file('relief-in.xlsx'));
  }

  test('families summed, relief = min(max(selfPay − 120,000, 0), 100,000), IDs masked in JSON', async () => {
    const run = await cli(['relief', await reliefInput(), '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('11010519491231002X');
    expect(run.stdout).not.toContain('330328198001010012');
    const json = parseJson(run.stdout);
    const families = Object.fromEntries((json.families as Array<{ familyId: string; relief: string; selfPay: string }>).map((f) => [f.familyId, f]));
    expect(families.F1.selfPay).toBe('170000.5');
    expect(families.F1.relief).toBe('50000.5');
    expect(families.F2.relief).toBe('100000');
    expect(families.F3.relief).toBe('0');
    expect(json.total).toBe('150000.5');
  });

  test('--out: result sheets masked, the copy of the input sheet keeps the IDs as given', async () => {
    const input = await reliefInput();
    const out = tmp.file('relief-out.xlsx');
    expect((await cli(['relief', input, '--out', out])).code).toBe(0);
    const wb = await openWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '纾困化解明细', '纾困县区汇总']);
    expect(sheetValues(wb, '明细')).toEqual(sheetValues(await openWorkbook(input), '明细'));
    const detail = JSON.stringify(sheetValues(wb, '纾困化解明细'));
    expect(detail).not.toContain('11010519491231002X');
    expect(detail).toContain('110105');
  });

  test('--pilot-counties is passed to the calculator (a county outside it is warned about)', async () => {
    const run = await cli(['relief', await reliefInput(), '--json', '--pilot-counties', '文成县、泰顺县']);
    expect(run.code).toBe(0);
    const problems = parseJson(run.stdout).problems as Array<{ severity: string; message: string }>;
    expect(problems.some((p) => p.severity === 'warning' && p.message.includes('洞头区'))).toBe(true);
  });

  test('the bundled example computes with only the non-pilot warning', async () => {
    const run = await cli(['relief', path.join(ROOT, 'examples', '医保纾困-示例.xlsx'), '--json']);
    expect(run.code).toBe(0);
    const json = parseJson(run.stdout);
    expect((json.families as unknown[]).length).toBe(300);
    expect((json.problems as Array<{ severity: string }>).every((p) => p.severity === 'warning')).toBe(true);
  });
});
