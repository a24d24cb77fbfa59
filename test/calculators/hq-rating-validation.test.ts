/**
 * docs/rules.md §1.7 (温政办〔2023〕88号 总部企业星级评定): every input error stops the rating and is
 * reported with sheet, cell and a Chinese message; warnings do not stop it.
 */
import fc from 'fast-check';
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import type { CellValue } from '../../src/sheets/grid';
import { A, B, C, C_SUB, code, grid, settings, CANONICAL_HEADERS } from '../fixtures/hq-rating/builders';

// Columns: A code, B name, C hq, D revenue, E contribution, F R&D, G contributors, H filers, I rate,
//          J lists, K exchange, L listing date, M disqualification.
const good = (): CellValue[][] => [
  [A, '甲', null, 100, 10, 5000, 900, 1000, null, null, null, null, null],
  [B, '乙', null, 40, 4, 1000, 400, 500, null, null, null, null, null],
];
const run = (rows: CellValue[][], headers = CANONICAL_HEADERS) =>
  hqRatingCalculator.run(grid(rows, headers), settings(), { today: '2025-03-01' } as never);
const withCell = (r: number, c: number, v: CellValue) => { const rows = good(); rows[r][c] = v; return rows; };

function expectError(outcome: ReturnType<typeof run>, cell: string | null, fragment: string) {
  const hit = outcome.problems.find((p) => p.severity === 'error' && p.cell === cell && p.message.includes(fragment));
  if (!hit) throw new Error(`no error at ${cell} containing 「${fragment}」; got ${JSON.stringify(outcome.problems, null, 1)}`);
  expect(hit.sheet).toBe('总部企业');
  expect(outcome.sheets).toEqual([]);
  expect(outcome.json.results).toBeUndefined();
  expect(outcome.json.ranges).toBeUndefined();
  expect(outcome.json.excluded).toBeUndefined();
}

describe('errors of docs/rules.md §1.7 name sheet, cell and what is wrong — and nothing is computed', () => {
  it('a missing required header', () => {
    const headers = CANONICAL_HEADERS.filter((h) => !h.includes('研发费用'));
    const rows = good().map((r) => r.filter((_, i) => i !== 5));
    expectError(run(rows, headers), 'A1', '缺少必填列「近两年可加计扣除研发费用合计（万元）」');
  });

  it('no pension columns at all (neither both counts nor the rate)', () => {
    const headers = CANONICAL_HEADERS.filter((h) => !h.includes('人数') && !h.includes('参保率'));
    const rows = good().map((r) => r.filter((_, i) => i < 6 || i > 8));
    expectError(run(rows, headers), 'A1', '缺少必填列');
  });

  it('an empty required cell', () => {
    expectError(run(withCell(0, 1, '  ')), 'B2', '「企业名称」不能为空');
    expectError(run(withCell(1, 3, null)), 'D3', '不能为空');
  });

  it('a non-numeric value', () => {
    expectError(run(withCell(0, 3, '一百亿')), 'D2', '不是数字');
  });

  it.each([
    ['revenue', 3, 'D2'], ['contribution', 4, 'E2'], ['R&D', 5, 'F2'], ['contributors', 6, 'G2'], ['filers', 7, 'H2'],
  ])('a negative %s', (_l, col, cell) => {
    expectError(run(withCell(0, col, -1)), cell, '不能为负数');
  });

  it('contributors more than filers', () => {
    expectError(run(withCell(0, 6, 1001)), 'G2', '大于个税申报人数');
  });

  it('a rate above 100 %', () => {
    const rows = good();
    rows[0][6] = null; rows[0][7] = null; rows[0][8] = '120%';
    expectError(run(rows), 'I2', '超过 100%');
  });

  it('filers 0 with contributors', () => {
    const rows = good();
    rows[0][6] = 5; rows[0][7] = 0;
    expectError(run(rows), 'H2', '申报人数为 0');
  });

  it('a credit code with a wrong check digit', () => {
    expectError(run(withCell(0, 0, A.slice(0, 17) + (A[17] === '0' ? '1' : '0'))), 'A2', '校验位错误');
  });

  it('a duplicate credit code', () => {
    expectError(run(withCell(1, 0, A)), 'A3', '重复');
  });

  it('an unknown list name', () => {
    expectError(run(withCell(0, 9, '中国企业500强、胡润百富榜')), 'J2', '「胡润百富榜」不是可加分的榜单');
  });

  it('an exchange without a date', () => {
    expectError(run(withCell(0, 10, '港交所')), 'L2', '缺少上市日期');
  });

  it('a listing date that is not a date', () => {
    const rows = good();
    rows[0][10] = '上交所'; rows[0][11] = '去年五月';
    expectError(run(rows), 'L2', '不是有效日期');
  });

  it('a hqCreditCode that names no row', () => {
    expectError(run([...good(), [C_SUB, '子', code(777), 1, 1, 1, 1, 1, null, null, null, null, null]]), 'C4', '找不到对应的企业行');
  });

  it('a cycle of hqCreditCodes', () => {
    const rows = [...good(),
      [C, '丙', C_SUB, 1, 1, 1, 1, 1, null, null, null, null, null],
      [C_SUB, '丁', C, 1, 1, 1, 1, 1, null, null, null, null, null]];
    const out = run(rows);
    expect(out.problems.some((p) => p.severity === 'error' && (p.cell === 'C4' || p.cell === 'C5') && p.message.includes('循环'))).toBe(true);
    expect(out.sheets).toEqual([]);
  });

  it('a rate given directly on a headquarters that has several rows', () => {
    const rows = good();
    rows[0][6] = null; rows[0][7] = null; rows[0][8] = '90%';
    rows.push([C_SUB, '甲子公司', A, 1, 1, 1, 1, 1, null, null, null, null, null]);
    expectError(run(rows), 'I2', '缴费人数之和');
  });

  it('a percentage column mixing 0.85-style and 85-style numbers (named at its header)', () => {
    const rows = good();
    rows[0][6] = null; rows[0][7] = null; rows[0][8] = 0.9;
    rows[1][6] = null; rows[1][7] = null; rows[1][8] = 85;
    const out = run(rows);
    expectError(out, 'I1', '既有 ≤1 的小数又有 >1 的数');
    expect(out.problems.filter((p) => p.severity === 'error')).toHaveLength(1);
  });

  it('a sheet with headers but no data rows', () => {
    expectError(run([]), 'A1', '没有企业数据行');
  });

  it('reports several errors at once (one per bad cell)', () => {
    const rows = good();
    rows[0][3] = 'abc';
    rows[1][9] = '福布斯';
    const out = run(rows);
    expect(out.problems.filter((p) => p.severity === 'error').map((p) => p.cell)).toEqual(['D2', 'J3']);
  });
});

describe('warnings of docs/rules.md §1.7 do not stop the rating', () => {
  it('a listing dated after the rating date is ignored with a warning', () => {
    const rows = good();
    rows[0][10] = '上交所'; rows[0][11] = '2025-01-02';
    const out = run(rows);
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'warning', sheet: '总部企业', cell: 'L2' })]);
    expect((out.json.results as Array<{ bonus: { listing: string } }>)[0].bonus.listing).toBe('0');
    expect(out.sheets.map((s) => s.name)).toEqual(['星级评定结果', '评定参数', '星级总部企业公示名单', '校验问题']);
  });

  it('a listing date without an exchange is ignored with a warning', () => {
    const out = run(withCell(0, 11, '2023-01-01'));
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'L2' })]);
    expect(out.problems[0].message).toContain('未填写上市交易所');
  });

  it('an enterprise with all-zero indicators is warned about', () => {
    const out = run([...good(), [C, '零企业', null, 0, 0, 0, 0, 10, null, null, null, null, null]]);
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'B4' })]);
    expect(out.problems[0].message).toContain('均为 0');
  });

  it('a degenerate range and a tie are warnings', () => {
    const out = run([
      [A, '甲', null, 10, 10, 10, 1, 1, null, null, null, null, null],
      [B, '乙', null, 10, 10, 10, 1, 1, null, null, null, null, null],
    ]);
    expect(out.problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(out.problems.filter((p) => p.message.includes('最高值等于最低值'))).toHaveLength(4);
    expect(out.problems.some((p) => p.message.includes('并列'))).toBe(true);
    expect((out.json.results as Array<{ tied: boolean; total: string }>).map((r) => [r.tied, r.total])).toEqual([[true, '100'], [true, '100']]);
  });
});

describe('bad input never throws', () => {
  it('a sheet without any recognisable header is one error naming the sheet', () => {
    const out = hqRatingCalculator.run({ name: '杂表', cells: [['姓名', '年龄'], ['张三', 30]] }, settings(), { today: '2025-03-01' } as never);
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'error', sheet: '杂表' })]);
    expect(out.problems[0].message).toContain('未找到表头');
    expect(out.sheets).toEqual([]);
  });

  it('any cell values under the canonical headers give problems or results, never an exception', () => {
    const cell = fc.oneof(
      fc.constant(null), fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 2000 }), fc.double({ noNaN: false }),
      fc.constantFrom(A, B, C, C_SUB, '无', '世界500强', '上交所', '2023-05-06', '85%', { error: '#N/A' }, true),
    );
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 13, maxLength: 13 }), { maxLength: 6 }), (rows) => {
      const out = run(rows as CellValue[][]);
      const failed = out.problems.some((p) => p.severity === 'error');
      return failed ? out.sheets.length === 0 && out.json.results === undefined : Array.isArray(out.json.results);
    }), { numRuns: 200 });
  });
});
