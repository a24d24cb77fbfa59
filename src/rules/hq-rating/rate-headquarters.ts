/**
 * 温政办〔2023〕88号《温州市总部企业星级评定办法》 二、星级标准 and 附件1《总部企业星级评定标准》
 * end to end: 备注2 grouping (group-by-headquarters), 五、3 exclusion of disqualified
 * headquarters before min/max, 备注3 efficacy scores (efficacy-score), 附加分 (bonus-points),
 * 备注4 企业排名得分 = 基本分 + 附加分, 备注5 rank and star tier (rank-and-tier).
 *
 * Typed rows in, results out; problems (errors stop the rating, warnings do not) name sheet and
 * cell through each row's `source`. Linear apart from the one sort of the ranking, so 10,000
 * headquarters rate in a few tens of milliseconds.
 */
import { Decimal } from '../../exact/decimal';
import { sumOf } from '../../exact/words';
import type { HqRatingParameters } from '../../policies/edition';
import { groupByHeadquarters, HqGroup, NotCountedRow } from './group-by-headquarters';
import { efficacyScorer, indicatorRange, IndicatorRange } from './efficacy-score';
import { checkListingColumns, listingBonus, ListingBonus, top500Bonus, Top500Bonus } from './bonus-points';
import { rankAndTier } from './rank-and-tier';
import {
  DEFAULT_SHEET, HQ_INDICATORS, HqIndicator, HqInputRow, HqRatingSettings, RuleProblem, ruleWarning,
} from './types';

export interface HqRatingInput {
  rows: readonly HqInputRow[];
  parameters: HqRatingParameters;
  settings: HqRatingSettings;
  /** Sheet named by problems that concern no single row (e.g. a degenerate range). */
  sheet?: string;
  /** Codes of rows present in the input but unreadable (see GroupingOptions.knownCodes). */
  knownCodes?: ReadonlySet<string>;
}

export interface HqRatedResult {
  creditCode: string;
  name: string;
  group: HqGroup;
  /** Indicator values after 备注2 summation (pensionRate as a fraction). */
  values: Record<HqIndicator, Decimal>;
  scores: Record<HqIndicator, Decimal>;
  base: Decimal;
  bonus: { top500: Decimal; listing: Decimal };
  top500: Top500Bonus;
  listing: ListingBonus;
  total: Decimal;
  rank: number;
  stars: number;
  starLabel: string;
  tied: boolean;
  /** Equal total with another headquarters (tied before any tie-break). */
  equalTotal: boolean;
}

export interface HqExcludedResult {
  creditCode: string;
  name: string;
  reason: string;
  group: HqGroup;
}

export interface HqRatingOutcome {
  /** In rank order; [] when there are errors. */
  results: HqRatedResult[];
  excluded: HqExcludedResult[];
  /** Branch and subsidiary rows not counted (docs/rules.md §1.6: 市外, 控股比例 below 50 %). */
  notCounted: NotCountedRow[];
  /** min/max per indicator over the rated headquarters; null when none is rated or on errors. */
  ranges: Record<HqIndicator, IndicatorRange> | null;
  problems: RuleProblem[];
  /** Headquarters per tier, highest tier first (every band listed, also with 0), with the band's ranks. */
  tierCounts: Array<{ stars: number; label: string; count: number; fromRank: number; toRank: number | null }>;
}

/** Weight of each indicator from the edition (附件1 基本分). */
export function indicatorWeights(parameters: HqRatingParameters): Record<HqIndicator, Decimal> {
  const out = {} as Record<HqIndicator, Decimal>;
  for (const ind of parameters.indicators.value) out[ind.field] = new Decimal(ind.weight);
  return out;
}

function indicatorLabel(parameters: HqRatingParameters, field: HqIndicator): string {
  return parameters.indicators.value.find((i) => i.field === field)?.label ?? field;
}

/** 备注3: indicatorRange of every indicator over the rated headquarters (at least one). */
function ratedRanges(rated: readonly HqGroup[]): Record<HqIndicator, IndicatorRange> {
  const out = {} as Record<HqIndicator, IndicatorRange>;
  for (const field of HQ_INDICATORS) out[field] = indicatorRange(rated.map((g) => g.values[field]))!;
  return out;
}

/** Rate a batch of headquarters (the whole of docs/rules.md §1). */
export function rateHeadquarters(input: HqRatingInput): HqRatingOutcome {
  const { parameters, settings } = input;
  const sheet = input.sheet ?? input.rows[0]?.source?.sheet ?? DEFAULT_SHEET;
  const problems: RuleProblem[] = [];
  const tierCounts = () => parameters.starBands.value.map((b) => ({ stars: b.stars, label: b.label, count: 0, fromRank: b.fromRank, toRank: b.toRank }))
    .sort((a, b) => b.stars - a.stars);

  for (const row of input.rows) checkListingColumns(row, problems);
  const grouping = groupByHeadquarters(input.rows, { knownCodes: input.knownCodes });
  problems.push(...grouping.problems);

  const perCompany = new Decimal(parameters.listingBonusPerCompany.value);
  const groups = grouping.groups;
  const top500s: Top500Bonus[] = new Array(groups.length);
  const listings: ListingBonus[] = new Array(groups.length);
  for (let g = 0; g < groups.length; g++) {
    top500s[g] = top500Bonus(groups[g].top500Lists, parameters.top500Bonus.value, problems);
    listings[g] = listingBonus(groups[g].listings, settings.ratingDate, parameters.listingWindowYears.value, perCompany, problems);
  }
  if (problems.some((p) => p.severity === 'error')) {
    return { results: [], excluded: [], notCounted: grouping.notCounted, ranges: null, problems, tierCounts: tierCounts() };
  }

  // 五、3: disqualified headquarters are not rated — removed before min/max are taken.
  const ratedIndex: number[] = [];
  for (let g = 0; g < groups.length; g++) if (groups[g].disqualification === null) ratedIndex.push(g);
  const rated = ratedIndex.map((g) => groups[g]);
  const excluded: HqExcludedResult[] = grouping.groups
    .filter((g) => g.disqualification !== null)
    .map((g) => ({ creditCode: g.creditCode, name: g.name, reason: g.disqualification!, group: g }));

  for (const g of rated) {
    if (HQ_INDICATORS.every((f) => g.values[f].isZero())) {
      problems.push(ruleWarning(g.head, 'name', `总部「${g.name}」四项基本分指标（含下属企业合计）均为 0，请核实数据。`));
    }
  }

  if (rated.length === 0) {
    if (grouping.groups.length > 0) problems.push({ severity: 'warning', sheet, cell: null, message: '所有总部企业均已取消资格，没有参评企业。' });
    return { results: [], excluded, notCounted: grouping.notCounted, ranges: null, problems, tierCounts: tierCounts() };
  }

  // 备注3: min/max over the rated headquarters, then each score.
  const weights = indicatorWeights(parameters);
  const ranges = {} as Record<HqIndicator, IndicatorRange>;
  const found = ratedRanges(rated);
  for (const field of HQ_INDICATORS) {
    const range = found[field];
    ranges[field] = range;
    if (range.degenerate) {
      const shown = field === 'pensionRate' ? `${range.min.times(100).toFixed()}%` : range.min.toFixed();
      const outcome = settings.degenerateRange === 'full' ? `每家均得满分 ${weights[field].toFixed()} 分` : '每家均得 0 分';
      problems.push({
        severity: 'warning', sheet, cell: null,
        message: `指标「${indicatorLabel(parameters, field)}」所有参评总部企业数值相同（均为 ${shown}），功效系数法最高值等于最低值，按设置「指标最高值等于最低值时的得分」${outcome}。`,
      });
    }
  }

  const scorers = HQ_INDICATORS.map((f) => efficacyScorer(ranges[f], weights[f], settings.degenerateRange));
  // Each result is built once, ranked, then given its rank and tier (no second copy per result).
  const scored: HqRatedResult[] = new Array(rated.length);
  for (let k = 0; k < rated.length; k++) {
    const group = rated[k];
    const v = group.values;
    const scores: Record<HqIndicator, Decimal> = {
      revenue: scorers[0](v.revenue),
      localContribution: scorers[1](v.localContribution),
      rdExpense: scorers[2](v.rdExpense),
      pensionRate: scorers[3](v.pensionRate),
    };
    // plus, in this order (sumOf: the same Decimal, its digits at their exact size).
    const base = sumOf(sumOf(sumOf(scores.revenue, scores.localContribution), scores.rdExpense), scores.pensionRate);
    const top500 = top500s[ratedIndex[k]];
    const listing = listings[ratedIndex[k]];
    const bonus = { top500: top500.points, listing: listing.points };
    // 备注4 企业排名得分 = 基本分 + 附加分
    const extra = bonus.top500.isZero() ? bonus.listing : bonus.listing.isZero() ? bonus.top500 : bonus.top500.plus(bonus.listing);
    const total = extra.isZero() ? base : sumOf(base, extra);
    scored[k] = {
      creditCode: group.creditCode,
      name: group.name,
      group,
      values: v,
      scores,
      base,
      bonus,
      top500,
      listing,
      total,
      rank: 0,
      stars: 0,
      starLabel: '',
      tied: false,
      equalTotal: false,
    };
  }

  const ranked = rankAndTier(scored, settings.tieBreak, parameters.starBands.value);
  const results: HqRatedResult[] = new Array(ranked.length);
  for (let i = 0; i < ranked.length; i++) {
    const r = ranked[i];
    const result = r.item;
    result.rank = r.rank;
    result.stars = r.stars;
    result.starLabel = r.starLabel;
    result.tied = r.tied;
    result.equalTotal = r.equalTotal;
    results[i] = result;
  }

  // Ties are warnings for the review committee (docs/rules.md §1.4, §1.7).
  for (let i = 0; i < results.length;) {
    let j = i + 1;
    while (j < results.length && results[j].rank === results[i].rank) j++;
    if (j - i > 1) {
      const names = results.slice(i, j).map((r) => `「${r.name}」`).join('、');
      const byTieBreak = settings.tieBreak.length > 0 ? '（按并列处理规则比较后仍相同）' : '';
      problems.push({
        severity: 'warning', sheet, cell: null,
        message: `第 ${results[i].rank} 名并列：${names} 总分相同${byTieBreak}，同列${results[i].starLabel}，请评审委员会确认。`,
      });
    }
    i = j;
  }

  const counts = tierCounts();
  const byStars = new Map<number, (typeof counts)[number]>();
  for (const t of counts) if (!byStars.has(t.stars)) byStars.set(t.stars, t);
  for (const r of results) {
    const c = byStars.get(r.stars);
    if (c) c.count++;
  }
  return { results, excluded, notCounted: grouping.notCounted, ranges, problems, tierCounts: counts };
}

