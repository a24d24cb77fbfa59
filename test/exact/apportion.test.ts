import fc from 'fast-check';
import { Decimal, sum } from '../../src/exact/decimal';
import { apportionLargestRemainder, quotasByWeight } from '../../src/exact/apportion';

const d = (v: string | number) => new Decimal(v);

describe('largest-remainder apportionment (docs/rules.md §2.5)', () => {
  it('gives leftover units to the largest remainders, not the largest ratios', () => {
    // quotas 6.6 / 2.7 / 0.7 of 10: floors 6, 2, 0 (8); two units left go to the .7 remainders
    const { parts } = apportionLargestRemainder(d(10), [d('6.6'), d('2.7'), d('0.7')], d(1));
    expect(parts.map(String)).toEqual(['6', '3', '1']);
  });

  it('breaks equal remainders by input order', () => {
    const { parts, roundedUp } = apportionLargestRemainder(d(10), quotasByWeight(d(10), [d(1), d(1), d(1)]), d(1));
    expect(parts.map(String)).toEqual(['4', '3', '3']);
    expect(roundedUp).toEqual([0]);
  });

  it('works in fen', () => {
    const { parts } = apportionLargestRemainder(d(1), quotasByWeight(d(1), [d(1), d(1), d(1)]), d('0.01'));
    expect(parts.map((p) => p.toFixed(2))).toEqual(['0.34', '0.33', '0.33']);
  });

  it('property: parts add up to the whole and each is within one unit of its quota', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }).filter((ws) => ws.some((w) => w > 0)),
      fc.integer({ min: 0, max: 200_000_000 }),
      fc.constantFrom('1', '0.01'),
      (weights, wholeInt, unitText) => {
        const unit = d(unitText);
        const whole = d(wholeInt);
        const quotas = quotasByWeight(whole, weights.map(d));
        const { parts } = apportionLargestRemainder(whole, quotas, unit);
        expect(sum(parts).equals(whole)).toBe(true);
        parts.forEach((p, i) => {
          expect(p.minus(quotas[i]).abs().lessThan(unit)).toBe(true);
          expect(p.mod(unit).isZero()).toBe(true);
        });
      },
    ));
  });
});
