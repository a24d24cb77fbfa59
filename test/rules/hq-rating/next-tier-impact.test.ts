/**
 * 距上一星级 (温政办〔2023〕88号 二、星级标准; 附件1 备注3—5; src/rules/hq-rating/next-tier.ts), property
 * over random batches: raising an enterprise's total by the reported gap gives it the next tier; so
 * does raising one base indicator alone by its reported gap (other values and the batch's min/max
 * held fixed), and a gap reported as not possible would pass the batch's maximum.
 */
import fc from 'fast-check';
import { Decimal } from '../../../src/exact/decimal';
import { rateHeadquarters, indicatorWeights, HqRatedResult } from '../../../src/rules/hq-rating/rate-headquarters';
import { rankAndTier } from '../../../src/rules/hq-rating/rank-and-tier';
import { efficacyScorer } from '../../../src/rules/hq-rating/efficacy-score';
import { nextTierGaps } from '../../../src/rules/hq-rating/next-tier';
import { HQ_INDICATORS, HqInputRow } from '../../../src/rules/hq-rating/types';
import { code, parameters, row, settings } from '../../fixtures/hq-rating/builders';

const hqArb = fc.record({
  revenue: fc.integer({ min: 0, max: 60 }),
  contribution: fc.integer({ min: 0, max: 60 }),
  rd: fc.integer({ min: 0, max: 60 }),
  filers: fc.integer({ min: 1, max: 20 }),
  share: fc.integer({ min: 0, max: 100 }),
  list: fc.constantFrom(null, null, '中国企业500强', '中国服务业企业500强'),
});
type Hq = typeof hqArb extends fc.Arbitrary<infer T> ? T : never;

function rows(hqs: Hq[]): HqInputRow[] {
  return hqs.map((h, i) => row({
    code: code(i + 1), name: `E${i}`, revenue: h.revenue, contribution: h.contribution, rd: h.rd,
    contributors: Math.floor((h.filers * h.share) / 100), filers: h.filers, lists: h.list ? [h.list] : [],
  }));
}

/** The tier of result i when its total is `total` and every other result keeps its own. */
function starsWith(results: HqRatedResult[], i: number, total: Decimal): number {
  const items = results.map((r, k) => ({ total: k === i ? total : r.total, scores: r.scores, k }));
  return rankAndTier(items, [], parameters.starBands.value).find((x) => x.item.k === i)!.stars;
}

const weights = indicatorWeights(parameters);
const batch = fc.array(hqArb, { minLength: 1, maxLength: 90 });

describe('距上一星级', () => {
  it('raising the total by the reported points gives the reported tier, which is the next higher tier held', () => {
    fc.assert(fc.property(batch, (hqs) => {
      const out = rateHeadquarters({ rows: rows(hqs), parameters, settings: settings() });
      const gaps = nextTierGaps(out.results, out.ranges, weights);
      const held = [...new Set(out.results.map((r) => r.stars))].sort((a, b) => a - b);
      return out.results.every((r, i) => {
        const g = gaps[i];
        const higher = held.filter((s) => s > r.stars);
        if (g === null) return higher.length === 0;
        if (g.stars !== higher[0] || !g.points.isPositive()) return false;
        if (starsWith(out.results, i, r.total.plus(g.points)) !== g.stars) return false;
        // a little less is not enough (the tier's last total is the least that reaches it)
        return starsWith(out.results, i, r.total.plus(g.points).minus('1e-15')) < g.stars;
      });
    }), { numRuns: 60 });
  });

  it('raising one indicator alone by its reported gap (min/max held fixed) reaches the tier; "not possible" would pass the maximum', () => {
    fc.assert(fc.property(batch, (hqs) => {
      const out = rateHeadquarters({ rows: rows(hqs), parameters, settings: settings() });
      if (!out.ranges) return true;
      const gaps = nextTierGaps(out.results, out.ranges, weights);
      return out.results.every((r, i) => {
        const g = gaps[i];
        if (g === null) return true;
        return HQ_INDICATORS.every((f) => {
          const range = out.ranges![f];
          const d = g.indicators[f];
          if (range.degenerate) return d === null;
          const needed = g.points.times(range.max.minus(range.min)).dividedBy(weights[f]);
          if (d === null) return r.values[f].plus(needed).greaterThan(range.max);
          const score = efficacyScorer(range, weights[f], 'full')(r.values[f].plus(d));
          const total = r.total.minus(r.scores[f]).plus(score);
          return !r.values[f].plus(d).greaterThan(range.max) && starsWith(out.results, i, total) === g.stars;
        });
      });
    }), { numRuns: 40 });
  });

  it('a band left empty by ties is skipped: the gap is to the nearest higher tier anyone holds', () => {
    // 16 enterprises share rank 1…: rank 1 alone, 15 tied at rank 2 (all 五星级), then rank 17 (三星级)
    const hqs: Hq[] = [
      { revenue: 60, contribution: 60, rd: 60, filers: 10, share: 100, list: null },
      ...Array.from({ length: 15 }, () => ({ revenue: 30, contribution: 30, rd: 30, filers: 10, share: 50, list: null })),
      { revenue: 0, contribution: 0, rd: 0, filers: 10, share: 0, list: null },
    ];
    const out = rateHeadquarters({ rows: rows(hqs), parameters, settings: settings() });
    expect(out.results.map((r) => r.stars)).toEqual([...Array(16).fill(5), 3]);
    const gaps = nextTierGaps(out.results, out.ranges, weights);
    expect(gaps[16]).toMatchObject({ stars: 5, label: '五星级' });
    expect(gaps[16]!.points.equals(out.results[15].total)).toBe(true);
  });
});
