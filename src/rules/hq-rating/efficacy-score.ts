/**
 * 温政办〔2023〕88号 附件1 备注3（功效系数法）：
 * 基本分各项指标得分 =（总部企业指标值 − 认定总部企业指标最低值）/（认定总部企业指标最高值 −
 * 认定总部企业指标最低值）× 权重分.
 *
 * min and max are taken over the rated headquarters only (disqualified ones are removed first,
 * 五、3 and docs/rules.md §1.1). Open point (docs/rules.md §1.2 note 3): when max = min the formula is undefined;
 * setting `degenerateRange` decides — `full` (default) gives every rated headquarters the whole
 * weight, `zero` gives 0 — and a warning names the indicator.
 */
import { compareDecimals, Decimal, ZERO } from '../../exact/decimal';
import { differenceOf, productOf } from '../../exact/words';

export interface IndicatorRange {
  min: Decimal;
  max: Decimal;
  /** max = min: the efficacy formula is undefined and `degenerateRange` applies. */
  degenerate: boolean;
}

/** min and max of an indicator over the rated headquarters (备注3); null for no values. */
export function indicatorRange(values: Iterable<Decimal>): IndicatorRange | null {
  let min: Decimal | null = null;
  let max: Decimal | null = null;
  for (const v of values) {
    if (min === null || max === null) { min = v; max = v; continue; }
    if (compareDecimals(v, min) < 0) min = v; // v < min (no copy per comparison)
    else if (compareDecimals(v, max) > 0) max = v;
  }
  if (min === null || max === null) return null;
  return { min, max, degenerate: compareDecimals(min, max) === 0 };
}

/**
 * Decimal places kept in a score. The factor weight / (max − min) is computed once per indicator
 * (50 significant digits), each score as (x − min) × factor and then rounded to 40 places: the
 * error before that rounding is below 1e-46 for any weight up to 1,000, so every score that
 * terminates within 40 places (30·30/90 = 10, not 9.99…) comes out exact, and the others are
 * correct to 40 places — far beyond the 20 places that decide ties (docs/rules.md §1.4) and the 30
 * decimals shown in JSON. One multiplication instead of one division per score keeps 10,000
 * headquarters fast.
 */
export const SCORE_PLACES = 40;

/** 备注3 scorer for one indicator: x ↦ (x − min) / (max − min) × weight (see SCORE_PLACES). */
export function efficacyScorer(range: IndicatorRange, weight: Decimal, degenerateRange: 'full' | 'zero'): (x: Decimal) => Decimal {
  if (range.degenerate) {
    const fixed = degenerateRange === 'full' ? weight : ZERO;
    return () => fixed;
  }
  const factor = weight.dividedBy(range.max.minus(range.min));
  const min = range.min;
  // factor × (x − min) rounded to 50 significant digits, then to SCORE_PLACES: productOf is
  // decimal.js's times and toDecimalPlaces in one step (the same Decimal, its digits at their exact
  // size: a score is kept to the end of the run, 10,000s of them).
  return (x) => productOf(factor, differenceOf(x, min), SCORE_PLACES); // factor × x.minus(min)
}

/** 备注3 score of one value; with max = min: the weight (`full`) or 0 (`zero`). */
export function efficacyScore(x: Decimal, range: IndicatorRange, weight: Decimal, degenerateRange: 'full' | 'zero'): Decimal {
  return efficacyScorer(range, weight, degenerateRange)(x);
}
