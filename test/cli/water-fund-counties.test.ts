/**
 * County names in wzpolicy water-fund on real .xlsx files (温政办函〔2023〕28号 第四条、第七条、第十条;
 * docs/rules.md §2.2, §2.4, §1.8): the 第四条 recipients, 考核组 overrides, the 第六条 what-if's
 * 温州海经区 / 温州湾新区, and names written back exactly as typed.
 */
import { Workbook } from 'exceljs';
import { Decimal, sum } from '../../src/exact/decimal';
import { addInputSheet, newWorkbook, WATER_HEADERS, WATER_WORKED_ROWS, type InputValue } from '../../scripts/example-workbooks';
import { cli, openWorkbook, parseJson, saveWorkbook, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Problem = { severity: string; sheet: string; cell: string | null; message: string };
interface Doc {
  problems: Problem[];
  results: Array<{ county: string; base: string; reward: string; group: string | null }>;
  totals: Record<string, string>;
  whatIf?: { total: string; rows: Array<{ district: string; waterUse: string; current: string | null; amount: string; includes?: string[] }> };
}

let n = 0;
async function input(rows: InputValue[][], whatIf?: InputValue[][]): Promise<string> {
  const wb: Workbook = newWorkbook();
  addInputSheet(wb, '补偿因素', WATER_HEADERS, rows, { formats: { 7: '0%' } });
  if (whatIf) addInputSheet(wb, '用水量测算', ['县（市、区）', '用水量（万立方米）'], whatIf);
  return saveWorkbook(wb, tmp.file(`water-${++n}.xlsx`));
}
async function run(file: string, ...args: string[]): Promise<Doc> {
  const r = await cli(['water-fund', file, '--json', '--fund-year', '2024', ...args]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return parseJson(r.stdout) as unknown as Doc;
}
const rows = (): InputValue[][] => WATER_WORKED_ROWS.map((r) => [...r]);
const warnings = (doc: Doc) => doc.problems.filter((p) => p.severity === 'warning');

describe('第四条 recipients', () => {
  test('a sheet without 瓯海区: a warning naming 瓯海区; the base still adds to 140,000,000 among the three', async () => {
    const doc = await run(await input(rows().slice(0, 3)));
    expect(doc.results.map((r) => r.county)).toEqual(['瑞安市', '文成县', '泰顺县']);
    expect(sum(doc.results.map((r) => new Decimal(r.base))).toFixed()).toBe('140000000');
    expect(doc.totals.base).toBe('140000000');
    expect(warnings(doc)).toEqual(expect.arrayContaining([
      expect.objectContaining({ sheet: '补偿因素', cell: null, message: expect.stringMatching(/第四条所列的水源地所在县（市、区）「瓯海区」（泽雅水库及集雨区）未在工作表「补偿因素」中填写：基础部分 140,000,000 元只在所填的 3 个县（市、区）之间分配/) }),
    ]));
    expect(warnings(doc).filter((p) => p.message.includes('未在工作表'))).toHaveLength(1);
  });

  test('a county not on the list: a warning naming its cell', async () => {
    const doc = await run(await input([...rows(), ['永嘉县', 5, 50, 10000, 2, null, null, null, null, null, null]]));
    expect(warnings(doc)).toEqual(expect.arrayContaining([
      expect.objectContaining({ sheet: '补偿因素', cell: 'A6', message: expect.stringContaining('「永嘉县」不是第四条所列的水源地所在县（市、区）（瑞安市、文成县、泰顺县、瓯海区）') }),
    ]));
    expect(doc.totals.base).toBe('140000000');
  });
});

describe('第十条 考核组 overrides', () => {
  test('a 考核组 cell putting 泰顺县 in group B is used and warned about, naming the cell', async () => {
    const r = rows(); r[2][5] = 'B';
    const doc = await run(await input(r));
    expect(doc.results.find((x) => x.county === '泰顺县')!.group).toBe('B');
    expect(warnings(doc)).toEqual(expect.arrayContaining([
      expect.objectContaining({ sheet: '补偿因素', cell: 'F4', message: '「考核组」填为 B，而第十条将「泰顺县」列为考核A组（山区26县）：已按所填 B 组参加排名和奖励，请核实。' }),
    ]));
  });
});

describe('county names are matched folded and written back exactly as typed (docs/rules.md §1.8)', () => {
  const typed = ['瑞安 市', '文成县 ', '　泰顺', '瓯海区人民政府'];

  test('spaces (ASCII, ideographic, inside) and a missing or extra suffix still match; JSON and 补偿资金分配 keep every character', async () => {
    const r = rows(); typed.forEach((t, i) => { r[i][0] = t; });
    const file = await input(r);
    const doc = await run(file);
    expect(doc.problems).toEqual([]);
    expect(doc.results.map((x) => x.county)).toEqual(typed);
    expect(doc.results.map((x) => x.group)).toEqual(['B', 'A', 'A', 'B']);
    expect(doc.totals).toEqual({ base: '140000000', reward: '30000000', total: '170000000' });
    const out = tmp.file('typed-out.xlsx');
    expect((await cli(['water-fund', file, '--fund-year', '2024', '--out', out])).code).toBe(0);
    const ws = (await openWorkbook(out)).getWorksheet('补偿资金分配')!;
    expect([2, 3, 4, 5].map((row) => ws.getCell(`A${row}`).value)).toEqual(typed);
  });

  test('a name with full-width brackets that is not a 第四条 county keeps its spelling and is warned about (and 瑞安市 is missing)', async () => {
    const r = rows(); r[0][0] = '瑞安市（测）';
    const doc = await run(await input(r));
    expect(doc.results[0].county).toBe('瑞安市（测）');
    expect(warnings(doc)).toEqual(expect.arrayContaining([
      expect.objectContaining({ cell: 'A2', message: expect.stringContaining('「瑞安市（测）」不是第四条所列') }),
      expect.objectContaining({ cell: null, message: expect.stringContaining('「瑞安市」（珊溪—赵山渡水库及集雨区）未在工作表') }),
    ]));
  });
});

describe('the 第六条 what-if: 温州海经区 = 海经区, 温州湾新区 folded into 龙湾区 (第七条)', () => {
  const WHAT_IF: InputValue[][] = [
    ['鹿城区', 5000], ['龙湾区', 3000], ['温州湾新区', 900], ['瓯海区', 3950], ['洞头区', 400], ['温州海经区', 300],
    ['乐清市', 450], ['瑞安市', 2950], ['永嘉县', 300], ['平阳县', 2150], ['龙港市', 1850],
  ];

  test('one 龙湾区 line with the water use added, a note at the 温州湾新区 cell, 温州海经区 compared with 海经区\'s 100万元', async () => {
    const doc = await run(await input(rows(), WHAT_IF), '--what-if-sheet', '用水量测算');
    const lines = doc.whatIf!.rows;
    expect(lines.map((l) => l.district)).toEqual(['鹿城区', '龙湾区', '瓯海区', '洞头区', '温州海经区', '乐清市', '瑞安市', '永嘉县', '平阳县', '龙港市']);
    const lw = lines[1];
    expect([lw.waterUse, lw.current, lw.includes]).toEqual(['3900', '12800000', ['温州湾新区']]);
    expect(lines[4].current).toBe('1000000');
    expect(doc.whatIf!.total).toBe('70000000');
    expect(sum(lines.map((l) => new Decimal(l.amount))).toFixed()).toBe('70000000');
    expect(doc.problems).toEqual([
      expect.objectContaining({ severity: 'warning', sheet: '用水量测算', cell: 'A4', message: expect.stringContaining('「温州湾新区」并入龙湾区测算（第七条：龙湾区1280万元（温州湾新区780万元）') }),
    ]);
  });

  test('a 温州湾新区 row without a 龙湾区 row stands for 龙湾区', async () => {
    const doc = await run(await input(rows(), WHAT_IF.filter((r) => r[0] !== '龙湾区')), '--what-if-sheet', '用水量测算');
    const lw = doc.whatIf!.rows.find((l) => l.district === '龙湾区')!;
    expect([lw.waterUse, lw.includes]).toEqual(['900', ['温州湾新区']]);
    expect(doc.problems).toEqual([expect.objectContaining({ cell: 'A3', message: expect.stringContaining('表中没有「龙湾区」一行，本行即按龙湾区测算') })]);
  });
});
