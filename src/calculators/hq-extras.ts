/**
 * What 星级评定结果 says besides the rating itself (issue 11): 距上一星级 (温政办〔2023〕88号 二、; 附件1
 * 备注3—5; rules/hq-rating/next-tier.ts), 政策保障 of the tier (四、; rules/hq-rating/benefits.ts), the
 * 温政办〔2023〕89号 lists the name is on (rules/hq-rating/lists-89.ts), and — when the input has the
 * column — 所在县（市、区） with the 分县统计 (三、评定程序; rules/hq-rating/by-county.ts). Computed once
 * per batch, shared by the JSON and the result sheets.
 */
import { decimalText } from '../exact/decimal';
import type { HqRatingParameters } from '../policies/edition';
import type { HqRatingOutcome } from '../rules/hq-rating/rate-headquarters';
import { indicatorWeights } from '../rules/hq-rating/rate-headquarters';
import { nextTierGaps, TierGap } from '../rules/hq-rating/next-tier';
import { benefitsOf, benefitsText, TierBenefit } from '../rules/hq-rating/benefits';
import { listsOf, ListMembership } from '../rules/hq-rating/lists-89';
import { countByCounty, CountyTierCount } from '../rules/hq-rating/by-county';
import type { HqResultJson, HqRatingReport } from './report';

export interface HqExtras {
  gaps: Array<TierGap | null>;
  benefits: TierBenefit[][];
  /** The benefits as one line per result (政策保障 column). */
  benefitTexts: string[];
  lists: ListMembership[][];
  /** Whether the input has 所在县（市、区） / 自有产权办公用房 columns. */
  withCounty: boolean;
  withOwnOffice: boolean;
  /** 分县统计, when withCounty. */
  counties: CountyTierCount[] | null;
}

export function hqExtras(outcome: HqRatingOutcome, parameters: HqRatingParameters, columns: { county: boolean; ownOffice: boolean }): HqExtras {
  const results = outcome.results;
  const gaps = nextTierGaps(results, outcome.ranges, indicatorWeights(parameters));
  // The benefits depend only on the tier and 自有产权办公用房: made once per combination.
  const cache = new Map<string, { list: TierBenefit[]; text: string }>();
  const benefits: TierBenefit[][] = new Array(results.length);
  const benefitTexts: string[] = new Array(results.length);
  const lists: ListMembership[][] = new Array(results.length);
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const office = r.group.head.ownOffice ?? null;
    const key = `${r.stars}|${office}`;
    let b = cache.get(key);
    if (!b) {
      const list = benefitsOf(r.stars, office, parameters);
      b = { list, text: benefitsText(list) };
      cache.set(key, b);
    }
    benefits[i] = b.list;
    benefitTexts[i] = b.text;
    lists[i] = listsOf(r.name);
  }
  const counties = columns.county
    ? countByCounty(
      results.map((r) => ({ county: r.group.head.county, stars: r.stars })),
      outcome.excluded.map((e) => ({ county: e.group.head.county })),
      outcome.tierCounts,
    )
    : null;
  return { gaps, benefits, benefitTexts, lists, withCounty: columns.county, withOwnOffice: columns.ownOffice, counties };
}

/** The JSON additions of result i (docs/interfaces.md「3.2」, added fields). */
export function extrasJson(x: HqExtras, i: number, outcome: HqRatingOutcome): Partial<HqResultJson> {
  const g = x.gaps[i];
  const head = outcome.results[i].group.head;
  const out: Partial<HqResultJson> = {
    nextTier: g === null ? null : {
      stars: g.stars, label: g.label, points: decimalText(g.points),
      indicators: {
        revenue: g.indicators.revenue === null ? null : decimalText(g.indicators.revenue),
        localContribution: g.indicators.localContribution === null ? null : decimalText(g.indicators.localContribution),
        rdExpense: g.indicators.rdExpense === null ? null : decimalText(g.indicators.rdExpense),
        pensionRate: g.indicators.pensionRate === null ? null : decimalText(g.indicators.pensionRate),
      },
    },
    benefits: x.benefits[i].map((b) => ({ key: b.key, name: b.name, article: b.article, applies: b.applies, ...(b.note ? { note: b.note } : {}) })),
    lists89: x.lists[i].map((l) => ({ list: l.list, label: l.label, district: l.district, document: l.document })),
  };
  if (x.withCounty) out.county = head.county ?? null;
  if (x.withOwnOffice) out.ownOffice = head.ownOffice ?? null;
  return out;
}

/** JSON `counties` (added): enterprises per tier per county. */
export function countiesJson(x: HqExtras): HqRatingReport['counties'] {
  return x.counties?.map((c) => ({ county: c.county, tiers: c.tiers.map((t) => ({ ...t })), excluded: c.excluded, total: c.total }));
}

