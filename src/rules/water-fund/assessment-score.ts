/**
 * 温政办函〔2023〕28号 第十一条、第十四条 — 水源地保护考核得分 (assessment score, 100 points).
 *
 * 第十一条: 水源地保护考核分值100分，其中水源地入库支流断面水质占比50%、绿色发展综合绩效占比30%、
 * 水源地管理占比15%、绩效评价占比5%。…绿色发展综合绩效得分根据市对县高质量发展指标体系中绿色发展模块
 * 得分率×30计算获取。
 * 第十四条: 对发现存在问题的县（市、区）政府，在年度考核绩效评价赋分中予以扣分.
 *
 *   score = waterQuality (0–50) + greenRate × 30 (rate 0–100 %, as a fraction 0–1)
 *         + management (0–15) + max(performance − deduction, 0) (performance 0–5)
 *
 * Gaps fixed by docs/rules.md §2.4: a component above its maximum (or a rate above 100 %) is an error;
 * the deduction cannot take the 绩效评价 score below 0 (floored, noted in the derivation).
 */
import { Decimal, ZERO, ONE } from '../../exact/decimal';
import type { AssessmentLimits } from './parameters';

export interface AssessmentInput {
  waterQuality: Decimal;
  /** 绿色发展模块得分率 as a fraction (0.9 for 90 %). */
  greenRate: Decimal;
  management: Decimal;
  performance: Decimal;
  /** 第十四条 扣分 (≥ 0); null or absent = none. */
  deduction?: Decimal | null;
}

export type AssessmentComponent = 'waterQuality' | 'greenRate' | 'management' | 'performance' | 'deduction';

export interface AssessmentScore {
  score: Decimal;
  waterQuality: Decimal;
  /** 绿色发展综合绩效 = greenRate × greenWeight. */
  green: Decimal;
  management: Decimal;
  /** 绩效评价 after the deduction, floored at 0. */
  performance: Decimal;
  performanceBefore: Decimal;
  deduction: Decimal;
  /** The deduction exceeded the performance score and the result was floored at 0. */
  floored: boolean;
}

export type AssessmentIssue =
  | { code: 'above-max'; component: AssessmentComponent; value: Decimal; max: Decimal }
  | { code: 'negative'; component: AssessmentComponent; value: Decimal };

export type AssessmentResult = { ok: true; value: AssessmentScore } | { ok: false; issues: AssessmentIssue[] };

/** 温政办函〔2023〕28号 第十一条、第十四条: the assessment score of one county. */
export function assessmentScore(input: AssessmentInput, limits: AssessmentLimits): AssessmentResult {
  const deduction = input.deduction ?? ZERO;
  const issues: AssessmentIssue[] = [];
  const checks: Array<[AssessmentComponent, Decimal, Decimal | null]> = [
    ['waterQuality', input.waterQuality, limits.waterQualityMax],
    ['greenRate', input.greenRate, ONE],
    ['management', input.management, limits.managementMax],
    ['performance', input.performance, limits.performanceMax],
    ['deduction', deduction, null],
  ];
  for (const [component, value, max] of checks) {
    if (value.isNegative()) issues.push({ code: 'negative', component, value });
    else if (max && value.greaterThan(max)) issues.push({ code: 'above-max', component, value, max });
  }
  if (issues.length > 0) return { ok: false, issues };
  const green = input.greenRate.times(limits.greenWeight);
  const net = input.performance.minus(deduction);
  const performance = net.isNegative() ? ZERO : net;
  return {
    ok: true,
    value: {
      score: input.waterQuality.plus(green).plus(input.management).plus(performance),
      waterQuality: input.waterQuality,
      green,
      management: input.management,
      performance,
      performanceBefore: input.performance,
      deduction,
      floored: net.isNegative(),
    },
  };
}
