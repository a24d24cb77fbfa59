/**
 * The 计算过程 text of one rated headquarters: every step of 温政办〔2023〕88号 附件1 备注1–备注4
 * with the actual values, e.g. `营业收入 (40−10)/(100−10)×30 = 10；…`. Display only (shortText).
 */
import { Decimal, shortText } from '../../exact/decimal';
import type { HqRatingParameters } from '../../policies/edition';
import type { IndicatorRange } from '../../rules/hq-rating/efficacy-score';
import type { HqRatedResult } from '../../rules/hq-rating/rate-headquarters';
import { indicatorWeights } from '../../rules/hq-rating/rate-headquarters';
import { HQ_INDICATORS, HqIndicator, HqRatingSettings } from '../../rules/hq-rating/types';

export const SHORT_LABELS: Record<HqIndicator, string> = {
  revenue: '营业收入',
  localContribution: '地方综合贡献',
  rdExpense: '研发费用',
  pensionRate: '参保率',
};

/** An indicator value as written in the derivation: 参保率 as a percentage, the rest as is. */
export function indicatorText(field: HqIndicator, value: Decimal): string {
  return field === 'pensionRate' ? `${shortText(value.times(100), 4)}%` : shortText(value);
}

/** Per-batch texts shared by every derivation (weights and ranges are the same for all). */
interface BatchTexts {
  weight: Record<HqIndicator, string>;
  min: Record<HqIndicator, string>;
  max: Record<HqIndicator, string>;
}

function batchTexts(ranges: Record<HqIndicator, IndicatorRange>, parameters: HqRatingParameters): BatchTexts {
  const weights = indicatorWeights(parameters);
  const t: BatchTexts = { weight: {} as Record<HqIndicator, string>, min: {} as Record<HqIndicator, string>, max: {} as Record<HqIndicator, string> };
  for (const f of HQ_INDICATORS) {
    t.weight[f] = weights[f].toFixed();
    t.min[f] = indicatorText(f, ranges[f].min);
    t.max[f] = indicatorText(f, ranges[f].max);
  }
  return t;
}

function derive(r: HqRatedResult, ranges: Record<HqIndicator, IndicatorRange>, t: BatchTexts, parameters: HqRatingParameters, settings: HqRatingSettings): string {
  const parts: string[] = [];
  for (const field of HQ_INDICATORS) {
    const score = shortText(r.scores[field]);
    let prefix = `${SHORT_LABELS[field]} `;
    if (field === 'pensionRate' && r.group.pension.kind === 'counts') {
      prefix += `${r.group.pension.contributors.toFixed()}/${r.group.pension.filers.toFixed()} = ${indicatorText(field, r.values[field])}，`;
    }
    if (ranges[field].degenerate) {
      parts.push(`${prefix}最高值 = 最低值 = ${t.min[field]}，按设置 degenerateRange=${settings.degenerateRange} 得 ${score}`);
    } else {
      const x = indicatorText(field, r.values[field]);
      parts.push(`${prefix}(${x}−${t.min[field]})/(${t.max[field]}−${t.min[field]})×${t.weight[field]} = ${score}`);
    }
  }
  const base = shortText(r.base);
  const top500 = shortText(r.bonus.top500);
  const listingPoints = shortText(r.bonus.listing);
  parts.push(`基本分 ${base}`);
  parts.push(r.top500.list ? `榜单加分 ${r.top500.lists.join('、')} 就高取 ${r.top500.list} ${top500}` : '榜单加分 0');
  const counted = r.listing.checks.filter((c) => c.status === 'counted');
  const notCounted = r.listing.checks.filter((c) => c.status !== 'counted');
  let listing = `上市加分 ${counted.length} 家×${parameters.listingBonusPerCompany.value} = ${listingPoints}`;
  if (counted.length > 0) listing += `（${counted.map((c) => `${c.listing.name} ${c.listing.date} ${c.listing.exchange}`).join('，')}）`;
  if (notCounted.length > 0) {
    listing += `；不计：${notCounted.map((c) => `${c.listing.name} ${c.listing.date}${c.status === 'after-rating-date' ? ' 晚于评定基准日' : ` 早于 ${r.listing.windowStart}`}`).join('，')}`;
  }
  parts.push(listing);
  parts.push(`总分 ${base} + ${top500} + ${listingPoints} = ${shortText(r.total)}`);
  if (r.group.members.length > 0) parts.push(`含下属 ${r.group.members.length} 家（${r.group.members.map((m) => m.name).join('、')}）数据加总`);
  return parts.join('；');
}

/** The derivation of every rated headquarters of a batch, in result order. */
export function derivationTexts(
  results: readonly HqRatedResult[],
  ranges: Record<HqIndicator, IndicatorRange> | null,
  parameters: HqRatingParameters,
  settings: HqRatingSettings,
): string[] {
  if (!ranges || results.length === 0) return [];
  const t = batchTexts(ranges, parameters);
  return results.map((r) => derive(r, ranges, t, parameters, settings));
}

/** The derivation of one rated headquarters. */
export function derivationText(
  r: HqRatedResult,
  ranges: Record<HqIndicator, IndicatorRange>,
  parameters: HqRatingParameters,
  settings: HqRatingSettings,
): string {
  return derive(r, ranges, batchTexts(ranges, parameters), parameters, settings);
}
