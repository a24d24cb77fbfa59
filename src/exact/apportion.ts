/**
 * Largest-remainder (Hamilton) apportionment of a whole into published parts.
 *
 * 温政办函〔2023〕28号 第七、八条 fix the wholes (1.7亿, 1.4亿, 3000万, 7000万); docs/rules.md §2.5 fixes
 * how they are published: each part is its exact quota floored to the unit, and the units left
 * over go one each to the parts with the largest remainders. Remainders are compared to 20
 * decimal places (differences below 1e-20 are ties), and a tie goes to the earlier part in
 * input order. Unlike dinero.js's `allocate` (leftovers by largest ratio) this is the
 * largest-remainder method: every part is within one unit of its exact quota and the parts add
 * up exactly to the whole.
 */
import { Decimal, ZERO, sum, compareForTie } from './decimal';

export interface Apportionment {
  /** Published parts, same order as the quotas, each a multiple of `unit`. */
  parts: Decimal[];
  /** Indexes (input order) that received one extra unit. */
  roundedUp: number[];
}

/**
 * @param whole  the amount to publish exactly (a multiple of unit)
 * @param quotas exact (unrounded) parts, non-negative, summing to `whole` (up to 1e-30)
 * @param unit   publishing unit, e.g. 1 (yuan) or 0.01 (fen)
 */
export function apportionLargestRemainder(whole: Decimal, quotas: Decimal[], unit: Decimal): Apportionment {
  if (!whole.mod(unit).isZero()) throw new RangeError(`whole ${whole} is not a multiple of unit ${unit}`);
  if (quotas.some((q) => q.isNegative())) throw new RangeError('quotas must be non-negative');
  const quotaSum = sum(quotas);
  if (quotaSum.minus(whole).abs().greaterThan('1e-30')) {
    throw new RangeError(`quotas sum to ${quotaSum}, not ${whole}`);
  }
  const floors = quotas.map((q) => q.dividedBy(unit).floor().times(unit));
  const remainders = quotas.map((q, i) => q.minus(floors[i]));
  const leftoverUnits = whole.minus(sum(floors)).dividedBy(unit).toDecimalPlaces(0).toNumber();
  const order = quotas.map((_, i) => i).sort((a, b) => {
    const byRemainder = compareForTie(remainders[b], remainders[a]);
    return byRemainder !== 0 ? byRemainder : a - b;
  });
  const roundedUp = order.slice(0, Math.max(0, leftoverUnits)).sort((a, b) => a - b);
  const up = new Set(roundedUp);
  const parts = floors.map((f, i) => (up.has(i) ? f.plus(unit) : f));
  return { parts, roundedUp };
}

/** Quotas proportional to weights (weights need not be normalised); all-zero weights is a caller error. */
export function quotasByWeight(whole: Decimal, weights: Decimal[]): Decimal[] {
  const total = sum(weights);
  if (total.isZero()) throw new RangeError('weights sum to zero');
  return weights.map((w) => whole.times(w).dividedBy(total));
}

export { ZERO };
