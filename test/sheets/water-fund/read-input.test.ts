import { readWaterFundInput, parseGroup } from '../../../src/sheets/water-fund/read-input';
import { editionInForce } from '../../../src/policies/registry';
import { waterFundParams } from '../../../src/rules/water-fund/parameters';
import type { CellValue } from '../../../src/sheets/grid';
import { ASSESSMENT_HEADERS, FACTOR_HEADERS, WORKED_ASSESSMENT, WORKED_FACTORS, baseOnlyGrid, fullGrid, grid } from '../../fixtures/water-fund/grids';

const params = waterFundParams(editionInForce('water-fund', '2024-06-30').edition);
const read = (g = fullGrid()) => readWaterFundInput(g, params);
const errors = (g: ReturnType<typeof fullGrid>) => read(g).problems.filter((p) => p.severity === 'error');
const clone = (rows: CellValue[][]) => rows.map((r) => [...r]);

describe('reading the 水源地补偿资金 sheet (docs/rules.md §2.7)', () => {
  it('reads the worked example with assessment data', () => {
    const r = read();
    expect(r.problems).toEqual([]);
    expect(r.withAssessment).toBe(true);
    expect(r.counties.map((c) => c.county)).toEqual(['瑞安市', '文成县', '泰顺县', '瓯海区']);
    expect(r.counties[1].values.catchmentArea.toString()).toBe('900');
    expect(r.counties[1].assessment!.greenRate.toString()).toBe('0.95');
    expect(r.counties[2].assessment!.deduction!.toString()).toBe('1');
    expect(r.rows[1].cells.county).toBe('A3');
  });

  it('accepts short headers and converts 公顷 and 万人 to 平方公里 and 人', () => {
    const g = grid([
      ['县市区', '一级水源保护区面积（公顷）', '集雨区面积', '行政人口（万人）', '水域面积', '组别', '水质得分', '绿色发展得分率', '水源地管理得分', '绩效评价得分', '扣分'],
      ['瑞安市', 1000, 300, 10, 20, 'B', 45, '90%', 14, 5, ''],
      ['文成县', 3000, 900, 20, 40, 'A组', 48, '95%', 15, 5, ''],
    ]);
    const r = read(g);
    // two of the four 第四条 counties: the other two are named in warnings (edition 2, docs/rules.md §2.2)
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'warning', cell: null, message: expect.stringContaining('「泰顺县」') }),
      expect.objectContaining({ severity: 'warning', cell: null, message: expect.stringContaining('「瓯海区」') }),
    ]);
    expect(r.counties[0].values.primaryZoneArea.toString()).toBe('10');
    expect(r.counties[1].values.population.toString()).toBe('200000');
    expect(r.counties[1].groupOverride).toBe('A');
    expect(r.counties[0].assessment!.greenRate.toString()).toBe('0.9');
  });

  it('without any assessment column reads the base part only, with a warning', () => {
    const r = read(baseOnlyGrid());
    expect(r.withAssessment).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: null, message: expect.stringContaining('只计算基础部分') })]);
    expect(r.counties.every((c) => c.assessment === null)).toBe(true);
  });

  it('a county outside 第四条 is computed with a warning naming its cell', () => {
    const r = read(baseOnlyGrid([...WORKED_FACTORS, ['永嘉县', 1, 1, 1, 1]]));
    expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'warning', cell: 'A6', message: expect.stringContaining('不是第四条所列') })]));
    expect(r.counties).toHaveLength(5);
  });

  it('parses 考核组 as officers type it', () => {
    expect(['A', 'a', 'A组', '考核B组', 'Ｂ', ' '].map((t) => parseGroup(t.normalize('NFKC')))).toEqual(['A', 'A', 'A', 'B', 'B', null]);
    expect(parseGroup('C')).toBeUndefined();
  });

  it('parses 考核组 typed in full width or with spaces itself (cell text now comes exactly as typed)', () => {
    expect(['Ｂ', ' ａ组 ', '考核　Ａ　组', '\u3000'].map(parseGroup)).toEqual(['B', 'A', 'A', null]);
  });

  it('county names come back exactly as typed, and still match 第四条 and 第十条', () => {
    const f = clone(WORKED_FACTORS); f[0][0] = '瑞安 市'; f[1][0] = '文成县 '; f[2][0] = '　泰顺'; f[3][0] = '瓯海区人民政府';
    const r = read(fullGrid(f));
    expect(r.counties.map((c) => c.county)).toEqual(['瑞安 市', '文成县 ', '　泰顺', '瓯海区人民政府']);
    expect(r.problems).toEqual([]);
  });

  it('a 第四条 county missing from the input is a warning naming it; the others are read as usual', () => {
    const r = read(baseOnlyGrid(WORKED_FACTORS.slice(0, 3)));
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('只计算基础部分') }),
      expect.objectContaining({ severity: 'warning', cell: null, message: expect.stringContaining('「瓯海区」（泽雅水库及集雨区）未在工作表「水源地补偿资金」中填写：基础部分 140,000,000 元只在所填的 3 个县（市、区）之间分配') }),
    ]);
    expect(r.counties.map((c) => c.county)).toEqual(['瑞安市', '文成县', '泰顺县']);
  });
});

describe('input errors name the sheet and cell in Chinese (docs/rules.md §2.7)', () => {
  const expectError = (g: ReturnType<typeof fullGrid>, cell: string | null, fragment: string) => {
    expect(errors(g)).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: '水源地补偿资金', cell, message: expect.stringContaining(fragment) })]));
  };

  it('an empty county', () => {
    const f = clone(WORKED_FACTORS); f[1][0] = '';
    expectError(fullGrid(f), 'A3', '不能为空');
  });

  it('a county listed twice (also as 文成 and 文成县)', () => {
    const f = clone(WORKED_FACTORS); f[2][0] = '文成';
    expectError(fullGrid(f), 'A4', '重复');
  });

  it('a non-numeric value', () => {
    const f = clone(WORKED_FACTORS); f[0][2] = '约300';
    expectError(fullGrid(f), 'C2', '不是数字');
  });

  it('a negative value', () => {
    const f = clone(WORKED_FACTORS); f[3][4] = -1;
    expectError(fullGrid(f), 'E5', '不能为负数');
  });

  it('an empty factor cell', () => {
    const f = clone(WORKED_FACTORS); f[3][3] = null;
    expectError(fullGrid(f), 'D5', '不能为空');
  });

  it('a component above its maximum', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][1] = 51; a[1][3] = 16; a[2][4] = 6;
    const g = fullGrid(undefined, a);
    expectError(g, 'G2', '不能超过 50');
    expectError(g, 'I3', '不能超过 15');
    expectError(g, 'J4', '不能超过 5');
  });

  it('a green rate above 100 %', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][2] = '120%';
    expectError(fullGrid(undefined, a), 'H2', '不能超过 100%');
  });

  it('a green-rate column mixing fractions and percentages', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][2] = 0.9;
    expectError(fullGrid(undefined, a), null, '既有 ≤1 的小数又有 >1 的数');
  });

  it('a group other than A or B', () => {
    const a = clone(WORKED_ASSESSMENT); a[1][0] = 'C';
    expectError(fullGrid(undefined, a), 'F3', '只能填 A 或 B');
  });

  it('a factor column summing to 0, at its header cell', () => {
    const f = WORKED_FACTORS.map((r) => [r[0], r[1], r[2], r[3], 0]);
    expectError(fullGrid(f), 'E1', '合计为 0');
  });

  it('a missing required column', () => {
    const g = grid([FACTOR_HEADERS.slice(0, 4), ...WORKED_FACTORS.map((r) => r.slice(0, 4))]);
    expectError(g, 'A1', '缺少必填列「水域面积（平方公里）」');
  });

  it('assessment columns present but one missing', () => {
    const headers = [...FACTOR_HEADERS, ...ASSESSMENT_HEADERS.slice(0, 4)];
    const g = grid([headers, ...WORKED_FACTORS.map((r, i) => [...r, ...WORKED_ASSESSMENT[i].slice(0, 4)])]);
    expectError(g, 'A1', '缺少考核得分列「绩效评价得分」');
  });

  it('an empty assessment cell for a county in a group', () => {
    const a = clone(WORKED_ASSESSMENT); a[2][3] = null; a[3][2] = '';
    const g = fullGrid(undefined, a);
    expectError(g, 'I4', '不能为空');
    expectError(g, 'H5', '不能为空');
  });

  it('a negative deduction', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][5] = -2;
    expectError(fullGrid(undefined, a), 'K2', '不能为负数');
  });

  it('a sheet without a header', () => {
    expectError(grid([['甲', '乙'], [1, 2]]), null, '未找到表头');
  });

  it('a header with no data rows', () => {
    expectError(grid([FACTOR_HEADERS]), null, '没有数据行');
  });

  it('the deduction may exceed the performance score (floored later), no error', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][5] = 9;
    expect(errors(fullGrid(undefined, a))).toEqual([]);
  });
});

describe('a missing county column', () => {
  it('gives one error for the column, not one per row', () => {
    const g = grid([FACTOR_HEADERS.slice(1), ...WORKED_FACTORS.map((r) => r.slice(1))]);
    const errs = readWaterFundInput(g, params).problems.filter((p) => p.severity === 'error');
    expect(errs).toEqual([expect.objectContaining({ cell: 'A1', message: expect.stringContaining('缺少必填列「县（市、区）」') })]);
  });
});
