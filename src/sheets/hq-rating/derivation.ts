/**
 * The 计算过程 text of one rated headquarters: every step of 温政办〔2023〕88号 附件1 备注1–备注4
 * with the actual values, e.g. `营业收入 (40−10)/(100−10)×30 = 10；…`. Display only (shortText,
 * printed from the digits by shortTextOfDigits: the same texts without writing out 40 decimals).
 */
import { Decimal, shortText, shortTextOfDigits } from '../../exact/decimal';
import type { HqRatingParameters } from '../../policies/edition';
import type { IndicatorRange } from '../../rules/hq-rating/efficacy-score';
import type { HqRatedResult } from '../../rules/hq-rating/rate-headquarters';
import { indicatorWeights } from '../../rules/hq-rating/rate-headquarters';
import { HQ_INDICATORS, HqIndicator } from '../../rules/hq-rating/types';

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

/**
 * The exact texts (toFixed()) of the numbers of one result, printed once for its JSON
 * (decimalTextOfFixed cuts the 30-decimal texts from them).
 */
export interface HqFixedTexts {
  values: Record<HqIndicator, string>;
  scores: Record<HqIndicator, string>;
  base: string;
  top500: string;
  listing: string;
  total: string;
}

const fixed = (value: Decimal): string => (value.isZero() ? '0' : value.toFixed());

export function fixedTextsOf(r: HqRatedResult): HqFixedTexts {
  const v = r.values;
  const s = r.scores;
  const base = fixed(r.base);
  return {
    values: { revenue: fixed(v.revenue), localContribution: fixed(v.localContribution), rdExpense: fixed(v.rdExpense), pensionRate: fixed(v.pensionRate) },
    scores: { revenue: fixed(s.revenue), localContribution: fixed(s.localContribution), rdExpense: fixed(s.rdExpense), pensionRate: fixed(s.pensionRate) },
    base,
    top500: fixed(r.bonus.top500),
    listing: fixed(r.bonus.listing),
    // The total is the base itself when there is no bonus (the same Decimal).
    total: r.total === r.base ? base : fixed(r.total),
  };
}

/** Per-batch texts shared by every derivation (weights and ranges are the same for all). */
interface BatchTexts {
  /** 上市公司 points per company as written in the edition. */
  perCompany: string;
  weight: Record<HqIndicator, string>;
  min: Record<HqIndicator, string>;
  max: Record<HqIndicator, string>;
  /** The fixed middle of a non-degenerate step: `−min)/(max−min)×weight = `. */
  formula: Record<HqIndicator, string>;
}

function batchTexts(ranges: Record<HqIndicator, IndicatorRange>, parameters: HqRatingParameters): BatchTexts {
  const weights = indicatorWeights(parameters);
  const t: BatchTexts = { perCompany: String(parameters.listingBonusPerCompany.value), weight: {} as Record<HqIndicator, string>, min: {} as Record<HqIndicator, string>, max: {} as Record<HqIndicator, string>, formula: {} as Record<HqIndicator, string> };
  for (const f of HQ_INDICATORS) {
    t.weight[f] = weights[f].toFixed();
    t.min[f] = indicatorText(f, ranges[f].min);
    t.max[f] = indicatorText(f, ranges[f].max);
    t.formula[f] = `−${t.min[f]})/(${t.max[f]}−${t.min[f]})×${t.weight[f]} = `;
  }
  return t;
}

/** An indicator value as written in the derivation (indicatorText), printed from its digits. */
function indicatorTextOfDigits(field: HqIndicator, value: Decimal): string {
  return field === 'pensionRate' ? `${shortTextOfDigits(value, 4, 2)}%` : shortTextOfDigits(value);
}

function derive(r: HqRatedResult, ranges: Record<HqIndicator, IndicatorRange>, t: BatchTexts): string {
  // Parts joined once: the result is one flat string (no rope of pieces kept alive per row).
  const parts: string[] = [];
  for (let i = 0; i < HQ_INDICATORS.length; i++) {
    const field = HQ_INDICATORS[i];
    const score = shortTextOfDigits(r.scores[field]);
    let prefix = `${SHORT_LABELS[field]} `;
    let x: string | null = null;
    if (field === 'pensionRate' && r.group.pension.kind === 'counts') {
      x = indicatorTextOfDigits(field, r.values[field]);
      prefix += `${r.group.pension.contributors.toFixed()}/${r.group.pension.filers.toFixed()} = ${x}，`;
    }
    if (ranges[field].degenerate) {
      parts.push(`${prefix}最高值 = 最低值 = ${t.min[field]}，按设置「指标最高值等于最低值时的得分」得 ${score}`);
    } else {
      if (x === null) x = indicatorTextOfDigits(field, r.values[field]);
      parts.push(`${prefix}(${x}${t.formula[field]}${score}`);
    }
  }
  const base = shortTextOfDigits(r.base);
  const top500 = shortTextOfDigits(r.bonus.top500);
  const listingPoints = shortTextOfDigits(r.bonus.listing);
  parts.push(`基本分 ${base}`);
  parts.push(r.top500.list ? `榜单加分 ${r.top500.lists.join('、')} 就高取 ${r.top500.list} ${top500}` : '榜单加分 0');
  const checks = r.listing.checks;
  let counted = 0;
  for (const c of checks) if (c.status === 'counted') counted++;
  let listing = `上市加分 ${counted} 家×${t.perCompany} = ${listingPoints}`;
  if (counted > 0) listing += `（${checks.filter((c) => c.status === 'counted').map((c) => `${c.listing.name} ${c.listing.date} ${c.listing.exchange}`).join('，')}）`;
  if (counted < checks.length) {
    listing += `；不计：${checks.filter((c) => c.status !== 'counted').map((c) => `${c.listing.name} ${c.listing.date}${c.status === 'after-rating-date' ? ' 晚于评定基准日' : ` 早于 ${r.listing.windowStart}`}`).join('，')}`;
  }
  parts.push(listing);
  const total = r.total === r.base ? base : shortTextOfDigits(r.total);
  parts.push(`总分 ${base} + ${top500} + ${listingPoints} = ${total}`);
  if (r.group.members.length > 0) parts.push(`含下属 ${r.group.members.length} 家（${r.group.members.map((m) => m.name).join('、')}）数据加总`);
  return parts.join('；');
}

/**
 * A deriver for one batch: the per-batch texts are made once, then `(result)` gives the derivation
 * of a result, its numbers printed from their digits (shortTextOfDigits).
 */
export function derivationWriter(
  ranges: Record<HqIndicator, IndicatorRange>,
  parameters: HqRatingParameters,
): (r: HqRatedResult) => string {
  const t = batchTexts(ranges, parameters);
  return (r) => derive(r, ranges, t);
}

/** The derivation of every rated headquarters of a batch, in result order. */
export function derivationTexts(
  results: readonly HqRatedResult[],
  ranges: Record<HqIndicator, IndicatorRange> | null,
  parameters: HqRatingParameters,
): string[] {
  if (!ranges || results.length === 0) return [];
  const derive = derivationWriter(ranges, parameters);
  return results.map((r) => derive(r));
}
