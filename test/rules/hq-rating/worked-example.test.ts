/**
 * 温政办〔2023〕88号 附件1 — the worked example of docs/rules.md §1.5 through the pure rules.
 */
import { Decimal } from '../../../src/exact/decimal';
import { rateHeadquarters } from '../../../src/rules/hq-rating/rate-headquarters';
import { A, B, C, C_SUB, parameters, settings, workedExampleRows } from '../../fixtures/hq-rating/builders';

const outcome = rateHeadquarters({ rows: workedExampleRows(), parameters, settings: settings() });
const byName = (name: string) => outcome.results.find((r) => r.name === name)!;

describe('docs/rules.md §1.5 worked example (three headquarters, C with a subsidiary row)', () => {
  it('has no problems at all', () => {
    expect(outcome.problems).toEqual([]);
  });

  it('takes min/max over the rated headquarters: revenue 10/100, contribution 1/10, R&D 0/5000, rate 0.8/0.9', () => {
    const r = outcome.ranges!;
    expect([r.revenue.min, r.revenue.max].map(String)).toEqual(['10', '100']);
    expect([r.localContribution.min, r.localContribution.max].map(String)).toEqual(['1', '10']);
    expect([r.rdExpense.min, r.rdExpense.max].map(String)).toEqual(['0', '5000']);
    expect([r.pensionRate.min, r.pensionRate.max].map(String)).toEqual(['0.8', '0.9']);
  });

  it('gives A the full 100 base points, bonus 3 (就高: 中国企业500强 over 中国民营企业500强) + 1 listing = total 104', () => {
    const a = byName('A');
    expect(a.creditCode).toBe(A);
    expect(a.base.toString()).toBe('100');
    expect(a.bonus.top500.toString()).toBe('3');
    expect(a.top500.list).toBe('中国企业500强');
    expect(a.bonus.listing.toString()).toBe('1');
    expect(a.total.toString()).toBe('104');
  });

  it('gives B 10 + 16.666… + 2 + 10 = 38.666… (38 + 2/3 to more than 20 places)', () => {
    const b = byName('B');
    expect(b.creditCode).toBe(B);
    expect(b.scores.revenue.toString()).toBe('10');
    expect(b.scores.rdExpense.toString()).toBe('2');
    expect(b.scores.pensionRate.toString()).toBe('10');
    const exact = new Decimal(38).plus(new Decimal(2).dividedBy(3));
    expect(b.total.minus(exact).abs().lessThan('1e-30')).toBe(true);
    expect(b.total.toFixed(25)).toBe('38.6666666666666666666666667');
    expect(b.bonus.top500.isZero() && b.bonus.listing.isZero()).toBe(true);
  });

  it('gives C zero base points and 2 listing points (C and its subsidiary each listed within three years)', () => {
    const c = byName('C');
    expect(c.creditCode).toBe(C);
    expect(c.group.members.map((m) => m.creditCode)).toEqual([C_SUB]);
    expect(c.base.toString()).toBe('0');
    expect(c.bonus.listing.toString()).toBe('2');
    expect(c.total.toString()).toBe('2');
  });

  it('ranks A 1, B 2, C 3, all five stars, no ties', () => {
    expect(outcome.results.map((r) => [r.name, r.rank, r.stars, r.tied])).toEqual([
      ['A', 1, 5, false], ['B', 2, 5, false], ['C', 3, 5, false],
    ]);
    expect(outcome.tierCounts.find((t) => t.stars === 5)!.count).toBe(3);
  });
});
