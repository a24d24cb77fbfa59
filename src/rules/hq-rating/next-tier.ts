/**
 * 距上一星级 — 温政办〔2023〕88号 二、星级标准 and 附件1 备注3—备注5: how far a rated headquarters is
 * from the next higher tier. The points needed are those that make its total (企业排名得分, 备注4)
 * equal to the total of the last headquarters in that tier: equal totals share a rank (docs/rules.md
 * §1.4), so it then has that headquarters' rank and tier. "The next higher tier" is the nearest
 * higher tier anyone holds (ties can leave a band empty, e.g. 15 headquarters sharing rank 2).
 *
 * The same gap in each base indicator alone (备注3: score = (x − min) / (max − min) × weight): the
 * increase of x that adds the points, with the other values and the batch's min and max held
 * fixed — Δx = points × (max − min) / weight — and only where x + Δx stays within the batch's
 * maximum (a larger value would move the maximum and every score). Not possible (null) for an
 * indicator whose max = min or whose weight is 0. With a tie-break setting (tieBreak) an equal
 * total is compared further, so equalling the total may not be enough: the points are the same.
 */
import { compactDecimal, Decimal, compareDecimals } from '../../exact/decimal';
import { productOf, sumOf } from '../../exact/words';
import type { IndicatorRange } from './efficacy-score';
import { HQ_INDICATORS, HqIndicator } from './types';

export interface TierGap {
  /** The tier reached. */
  stars: number;
  label: string;
  /** Points needed: the last total of that tier − this total (exact). */
  points: Decimal;
  /** The same in each indicator alone (canonical unit; 参保率 as a fraction), or null where not possible. */
  indicators: Record<HqIndicator, Decimal | null>;
}

export interface GapInput {
  total: Decimal;
  stars: number;
  starLabel: string;
  values: Record<HqIndicator, Decimal>;
}

/**
 * The gap of every result (in the order given: rank order) to the next higher tier; null for those
 * in the highest tier held.
 */
export function nextTierGaps(results: readonly GapInput[], ranges: Record<HqIndicator, IndicatorRange> | null, weights: Record<HqIndicator, Decimal>): Array<TierGap | null> {
  // The last (lowest) total of each tier held, and the tiers held from the top.
  const last = new Map<number, { total: Decimal; label: string }>();
  for (const r of results) {
    const cur = last.get(r.stars);
    if (!cur || compareDecimals(r.total, cur.total) < 0) last.set(r.stars, { total: r.total, label: r.starLabel });
  }
  const held = [...last.keys()].sort((a, b) => a - b);
  // (max − min) / weight per indicator, once: Δx = points × this.
  const per: Record<HqIndicator, Decimal | null> = {} as Record<HqIndicator, Decimal | null>;
  for (const f of HQ_INDICATORS) {
    const range = ranges?.[f];
    per[f] = !range || range.degenerate || weights[f].isZero() ? null : range.max.minus(range.min).dividedBy(weights[f]);
  }
  const next = new Map<number, number | null>();
  for (let i = 0; i < held.length; i++) next.set(held[i], i + 1 < held.length ? held[i + 1] : null);
  return results.map((r) => {
    const to = next.get(r.stars) ?? null;
    if (to === null) return null;
    const target = last.get(to)!;
    // Kept for the sheet and the JSON: at their exact size (compactDecimal).
    const points = compactDecimal(target.total.minus(r.total));
    const indicators = {} as Record<HqIndicator, Decimal | null>;
    for (const f of HQ_INDICATORS) {
      const factor = per[f];
      if (factor === null || !ranges) { indicators[f] = null; continue; }
      const delta = productOf(points, factor); // points.times(factor)
      // Kept, as points are: productOf gives its digits at their exact size.
      indicators[f] = compareDecimals(sumOf(r.values[f], delta), ranges[f].max) <= 0 ? delta : null; // value.plus(delta)
    }
    return { stars: to, label: target.label, points, indicators };
  });
}
