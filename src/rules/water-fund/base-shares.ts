/**
 * 温政办函〔2023〕28号 第八条、第九条 — 基础部分 (base part).
 *
 * 第八条: 基础部分1.4亿元根据一级水源保护区面积、集雨区面积、水域面积、集雨区内行政人口数量等因素进行分配.
 * 第九条: 一级水源保护区分配权重5%…集雨区面积（不含水域）分配权重45%…人口分配权重30%…水域面积分配权重20%,
 * each "按…占比计算" (by the county's proportion of the factor).
 *
 *   share_c = Σ_f weight_f × value_{c,f} / Σ_c value_{c,f}
 *   quota_c = 基础部分总额 × share_c          (exact; published by largest remainder in allocate-fund.ts)
 *
 * Gap in the text (docs/rules.md §2.3): a factor whose column sums to 0 has no proportion — an error.
 * The weights must add up to 1 (an edition whose weights do not is refused, not rescaled).
 */
import { Decimal, ZERO, ONE, sum } from '../../exact/decimal';
import type { WaterFactor } from '../../policies/edition';
import type { FactorParam } from './parameters';

export type FactorValues = Record<WaterFactor, Decimal>;

export interface ShareTerm {
  field: WaterFactor;
  weight: Decimal;
  value: Decimal;
  total: Decimal;
  /** weight × value / total (exact). */
  term: Decimal;
}

export interface CountyShare {
  /** Exact weighted share (unrounded). */
  share: Decimal;
  /** Exact quota in yuan: baseTotal × share. */
  quota: Decimal;
  terms: ShareTerm[];
}

export type BaseSharesIssue =
  | { code: 'factor-sum-zero'; field: WaterFactor; label: string }
  | { code: 'weights-not-one'; total: Decimal }
  | { code: 'negative-value'; row: number; field: WaterFactor }
  | { code: 'no-counties' };

export type BaseSharesResult =
  | { ok: true; shares: CountyShare[]; factorTotals: FactorValues }
  | { ok: false; issues: BaseSharesIssue[] };

/**
 * 温政办函〔2023〕28号 第九条: each county's exact base share and quota.
 * @param rows       factor values per county, in input order
 * @param factors    the edition's factors and weights (第九条)
 * @param baseTotal  基础部分 in yuan (第八条: 1.4亿元)
 */
export function baseShares(rows: readonly FactorValues[], factors: readonly FactorParam[], baseTotal: Decimal): BaseSharesResult {
  const issues: BaseSharesIssue[] = [];
  if (rows.length === 0) issues.push({ code: 'no-counties' });
  const weightTotal = sum(factors.map((f) => f.weight));
  if (!weightTotal.equals(ONE)) issues.push({ code: 'weights-not-one', total: weightTotal });
  rows.forEach((r, row) => {
    for (const f of factors) if (r[f.field].isNegative()) issues.push({ code: 'negative-value', row, field: f.field });
  });
  const factorTotals = {} as FactorValues;
  for (const f of factors) {
    factorTotals[f.field] = sum(rows.map((r) => r[f.field]));
    if (rows.length > 0 && factorTotals[f.field].isZero()) issues.push({ code: 'factor-sum-zero', field: f.field, label: f.label });
  }
  if (issues.length > 0) return { ok: false, issues };
  const shares = rows.map((r) => {
    const terms = factors.map((f) => ({
      field: f.field,
      weight: f.weight,
      value: r[f.field],
      total: factorTotals[f.field],
      term: f.weight.times(r[f.field]).dividedBy(factorTotals[f.field]),
    }));
    const share = terms.reduce((acc, t) => acc.plus(t.term), ZERO);
    return { share, quota: baseTotal.times(share), terms };
  });
  return { ok: true, shares, factorTotals };
}
