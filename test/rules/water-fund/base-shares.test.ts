import fc from 'fast-check';
import { Decimal, sum } from '../../../src/exact/decimal';
import { apportionLargestRemainder } from '../../../src/exact/apportion';
import { baseShares } from '../../../src/rules/water-fund/base-shares';
import { d, fv, params, WORKED } from './helpers';

describe('base part by factor shares (温政办函〔2023〕28号 第九条, docs/rules.md §2.3/§2.6)', () => {
  it('文成县 gets exactly 0.015 + 0.45×900/2200 + 0.12 + 0.08 = 0.399090909… of 14,000万', () => {
    const r = baseShares(WORKED, params.factors, params.baseTotal);
    if (!r.ok) throw new Error('expected ok');
    const expected = d('0.015').plus(d('0.45').times(900).dividedBy(2200)).plus('0.12').plus('0.08');
    expect(r.shares[1].share.equals(expected)).toBe(true);
    expect(r.shares[1].share.toFixed(12)).toBe('0.399090909091');
    expect(r.shares[1].quota.toFixed(6)).toBe('55872727.272727');
    expect(r.factorTotals.catchmentArea.toString()).toBe('2200');
    expect(r.factorTotals.population.toString()).toBe('500000');
  });

  it('the base quota is 140,000,000 yuan times the share and the shares add up to 1', () => {
    const r = baseShares(WORKED, params.factors, params.baseTotal);
    if (!r.ok) throw new Error('expected ok');
    expect(params.baseTotal.toString()).toBe('140000000');
    expect(sum(r.shares.map((s) => s.share)).minus(1).abs().lessThan('1e-40')).toBe(true);
    r.shares.forEach((s) => expect(s.quota.equals(s.share.times(140000000))).toBe(true));
  });

  it('a factor column summing to 0 is an error naming the factor', () => {
    const rows = WORKED.map((r) => ({ ...r, waterArea: d(0) }));
    const r = baseShares(rows, params.factors, params.baseTotal);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ code: 'factor-sum-zero', field: 'waterArea' })]);
  });

  it('weights that do not add up to 1 are refused, not rescaled', () => {
    const factors = params.factors.map((f, i) => (i === 0 ? { ...f, weight: d('0.06') } : f));
    const r = baseShares(WORKED, factors, params.baseTotal);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toEqual(expect.objectContaining({ code: 'weights-not-one' }));
  });

  it('a single county takes the whole base part', () => {
    const r = baseShares([fv(1, 2, 3, 4)], params.factors, params.baseTotal);
    expect(r.ok && r.shares[0].quota.toString()).toBe('140000000');
  });

  it('property: published bases add exactly to 140,000,000, each within one unit of its quota; shares sum to 1 (1e-40)', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }));
    const row = fc.tuple(value, value, value, value);
    fc.assert(fc.property(
      fc.array(row, { minLength: 1, maxLength: 12 }).filter((rows) => [0, 1, 2, 3].every((k) => rows.some((r) => r[k] > 0))),
      fc.constantFrom('1', '0.01'),
      (rows, unitText) => {
        const unit = new Decimal(unitText);
        const values = rows.map((r) => fv(String(r[0]), String(r[1]), String(r[2]), String(r[3])));
        const r = baseShares(values, params.factors, params.baseTotal);
        if (!r.ok) throw new Error('expected ok');
        expect(sum(r.shares.map((s) => s.share)).minus(1).abs().lessThan('1e-40')).toBe(true);
        const { parts } = apportionLargestRemainder(params.baseTotal, r.shares.map((s) => s.quota), unit);
        expect(sum(parts).equals(140000000)).toBe(true);
        parts.forEach((p, i) => expect(p.minus(r.shares[i].quota).abs().lessThan(unit)).toBe(true));
      },
    ), { numRuns: 200 });
  });
});
