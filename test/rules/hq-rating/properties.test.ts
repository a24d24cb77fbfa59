/**
 * Invariants of 温政办〔2023〕88号 附件1 备注3–备注5 checked on random batches (fast-check).
 */
import fc from 'fast-check';
import { compareForTie } from '../../../src/exact/decimal';
import { rateHeadquarters } from '../../../src/rules/hq-rating/rate-headquarters';
import { HQ_INDICATORS, HqInputRow } from '../../../src/rules/hq-rating/types';
import { code, parameters, row, settings } from '../../fixtures/hq-rating/builders';

const weights = Object.fromEntries(parameters.indicators.value.map((i) => [i.field, i.weight]));

const hqArb = fc.record({
  revenue: fc.integer({ min: 0, max: 1000 }),
  contribution: fc.integer({ min: 0, max: 1000 }),
  rd: fc.integer({ min: 0, max: 1000 }),
  filers: fc.integer({ min: 1, max: 200 }),
  share: fc.integer({ min: 0, max: 100 }),
  list: fc.constantFrom(null, '世界500强', '中国企业500强', '中国服务业企业500强'),
  listed: fc.boolean(),
});
type Hq = typeof hqArb extends fc.Arbitrary<infer T> ? T : never;

function rows(hqs: Hq[]): HqInputRow[] {
  return hqs.map((h, i) => row({
    code: code(i + 1), name: `E${i}`, revenue: h.revenue, contribution: h.contribution, rd: h.rd,
    contributors: Math.floor((h.filers * h.share) / 100), filers: h.filers,
    lists: h.list ? [h.list] : [], exchange: h.listed ? '上交所' : null, date: h.listed ? '2023-05-06' : null,
  }));
}

const batch = fc.array(hqArb, { minLength: 1, maxLength: 25 });
const mode = fc.constantFrom<'full' | 'zero'>('full', 'zero');

describe('properties of the rating', () => {
  it('every score lies within [0, weight] and base ≤ 100', () => {
    fc.assert(fc.property(batch, mode, (hqs, degenerateRange) => {
      const out = rateHeadquarters({ rows: rows(hqs), parameters, settings: settings({ degenerateRange }) });
      for (const r of out.results) {
        for (const f of HQ_INDICATORS) {
          if (r.scores[f].isNegative() || r.scores[f].greaterThan(weights[f])) return false;
        }
        if (r.base.greaterThan(100)) return false;
      }
      return out.results.length === hqs.length;
    }));
  });

  it('raising one enterprise\'s indicator never lowers its rank (competition ranking)', () => {
    fc.assert(fc.property(
      batch, fc.nat(), fc.constantFrom('revenue', 'contribution', 'rd') as fc.Arbitrary<'revenue' | 'contribution' | 'rd'>,
      fc.integer({ min: 1, max: 500 }), mode,
      (hqs, pick, field, delta, degenerateRange) => {
        const i = pick % hqs.length;
        const s = settings({ degenerateRange });
        const before = rateHeadquarters({ rows: rows(hqs), parameters, settings: s });
        const raised = hqs.map((h, k) => (k === i ? { ...h, [field]: h[field] + delta } : h));
        const after = rateHeadquarters({ rows: rows(raised), parameters, settings: s });
        const rankOf = (o: typeof before) => o.results.find((r) => r.creditCode === code(i + 1))!.rank;
        return rankOf(after) <= rankOf(before);
      },
    ));
  });

  it('ranks are monotone in totals: higher total → better rank, equal total → same rank', () => {
    fc.assert(fc.property(batch, (hqs) => {
      const out = rateHeadquarters({ rows: rows(hqs), parameters, settings: settings() });
      const res = out.results;
      for (let a = 0; a < res.length; a++) {
        for (let b = 0; b < res.length; b++) {
          const c = compareForTie(res[a].total, res[b].total);
          if (c > 0 && !(res[a].rank < res[b].rank)) return false;
          if (c === 0 && res[a].rank !== res[b].rank) return false;
        }
      }
      // competition ranking: rank = 1 + number of strictly higher totals
      return res.every((r) => r.rank === 1 + res.filter((o) => compareForTie(o.total, r.total) > 0).length);
    }));
  });

  it('per-tier counts add up to the number of rated headquarters', () => {
    fc.assert(fc.property(fc.array(hqArb, { minLength: 1, maxLength: 80 }), (hqs) => {
      const out = rateHeadquarters({ rows: rows(hqs), parameters, settings: settings() });
      return out.tierCounts.reduce((a, t) => a + t.count, 0) === out.results.length;
    }), { numRuns: 30 });
  });
});
