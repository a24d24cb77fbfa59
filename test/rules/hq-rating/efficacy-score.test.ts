/**
 * 温政办〔2023〕88号 附件1 备注3 — 功效系数法 (x − min) / (max − min) × weight.
 */
import { Decimal } from '../../../src/exact/decimal';
import { efficacyScore, indicatorRange } from '../../../src/rules/hq-rating/efficacy-score';
import { rateHeadquarters } from '../../../src/rules/hq-rating/rate-headquarters';
import { code, parameters, row, settings } from '../../fixtures/hq-rating/builders';

const d = (v: string | number) => new Decimal(v);

describe('备注3 efficacy coefficient', () => {
  it('scores the minimum 0, the maximum the full weight and a value in between proportionally', () => {
    const range = indicatorRange([d(10), d(100), d(40)])!;
    expect(efficacyScore(d(10), range, d(30), 'full').toString()).toBe('0');
    expect(efficacyScore(d(100), range, d(30), 'full').toString()).toBe('30');
    expect(efficacyScore(d(40), range, d(30), 'full').toString()).toBe('10');
  });

  it('is exact where the result terminates (30·30/90 = 10, not 9.999…)', () => {
    const range = { min: d(10), max: d(100), degenerate: false };
    expect(efficacyScore(d(40), range, d(30), 'zero').equals(10)).toBe(true);
  });

  it('with max = min gives the full weight by default (degenerateRange = full) …', () => {
    const range = indicatorRange([d(5), d(5)])!;
    expect(range.degenerate).toBe(true);
    expect(efficacyScore(d(5), range, d(50), 'full').toString()).toBe('50');
  });

  it('… and 0 with degenerateRange = zero', () => {
    const range = indicatorRange([d(5)])!;
    expect(efficacyScore(d(5), range, d(50), 'zero').toString()).toBe('0');
  });

  it('warns naming the indicator when its range is degenerate', () => {
    const rows = [
      row({ code: code(1), revenue: 5, contribution: 1, rd: 1 }),
      row({ code: code(2), revenue: 5, contribution: 2, rd: 2 }),
    ];
    const full = rateHeadquarters({ rows, parameters, settings: settings() });
    const warning = full.problems.find((p) => p.message.includes('近两年在温营业收入合计'));
    expect(warning).toEqual(expect.objectContaining({ severity: 'warning' }));
    expect(warning!.message).toContain('按设置「指标最高值等于最低值时的得分」每家均得满分 30 分');
    expect(warning!.message).not.toMatch(/degenerateRange/);
    expect(full.results.every((r) => r.scores.revenue.equals(30))).toBe(true);
    const zero = rateHeadquarters({ rows, parameters, settings: settings({ degenerateRange: 'zero' }) });
    expect(zero.results.every((r) => r.scores.revenue.isZero())).toBe(true);
    expect(zero.problems.some((p) => p.message.includes('按设置「指标最高值等于最低值时的得分」每家均得 0 分'))).toBe(true);
  });
});

describe('五、3: disqualified headquarters are excluded before min and max are taken', () => {
  const rated = [
    row({ code: code(1), name: '甲', revenue: 10, contribution: 1, rd: 0, contributors: 8, filers: 10 }),
    row({ code: code(2), name: '乙', revenue: 20, contribution: 3, rd: 100, contributors: 9, filers: 10 }),
  ];
  const giant = row({ code: code(3), name: '巨头', revenue: 1000, contribution: 500, rd: 99999, contributors: 10, filers: 10, disq: '被列入严重失信名单' });

  it('lists the disqualified headquarters with its reason instead of a tier', () => {
    const out = rateHeadquarters({ rows: [...rated, giant], parameters, settings: settings() });
    expect(out.excluded).toEqual([expect.objectContaining({ name: '巨头', reason: '被列入严重失信名单' })]);
    expect(out.results.map((r) => r.name)).toEqual(['乙', '甲']);
  });

  it('leaves the others\' scores exactly as if it were not in the input', () => {
    const without = rateHeadquarters({ rows: rated, parameters, settings: settings() });
    const withIt = rateHeadquarters({ rows: [...rated, giant], parameters, settings: settings() });
    expect(withIt.results.map((r) => r.total.toString())).toEqual(without.results.map((r) => r.total.toString()));
    expect(withIt.ranges!.revenue.max.toString()).toBe('20');
  });
});

describe('all-zero indicators', () => {
  it('warn (the headquarters is still rated)', () => {
    const out = rateHeadquarters({
      rows: [row({ code: code(1), name: '零', contributors: 0, filers: 5 }), row({ code: code(2), revenue: 1, contribution: 1, rd: 1 })],
      parameters, settings: settings(),
    });
    expect(out.problems.some((p) => p.severity === 'warning' && p.message.includes('四项基本分指标') && p.message.includes('零'))).toBe(true);
    expect(out.results).toHaveLength(2);
  });
});
