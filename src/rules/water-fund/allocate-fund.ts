/**
 * 温政办函〔2023〕28号 第八条 — 专项资金分基础和奖励两部分兑现 (the whole allocation).
 *
 * 第八条: 专项资金分基础和奖励两部分兑现。其中基础部分1.4亿元根据…因素进行分配；奖励部分3000万元，
 * 根据水源地生态保护年度考核结果进行分配。
 *
 * Orchestrates 第九条 (base-shares.ts), 第十一条/第十四条 (assessment-score.ts) and 第十条
 * (group-rewards.ts), then publishes (docs/rules.md §2.5):
 *  - base: the exact quotas published by the largest-remainder method in the chosen unit
 *    (yuan | fen), so that the parts add up to exactly 基础部分 (140,000,000);
 *  - reward: each place is a whole amount already, but a tied set may not divide evenly
 *    (three-way tie): the tied places' sum is apportioned among the tied counties by largest
 *    remainder, so each set adds up exactly to its places' sum;
 *  - total per county = base + reward; the grand total adds up exactly (170,000,000 when all
 *    four places are paid).
 * Remainder ties (equal to 20 decimal places) go to the earlier row in input order.
 */
import { Decimal, ZERO, sum } from '../../exact/decimal';
import { apportionLargestRemainder } from '../../exact/apportion';
import { baseShares, BaseSharesIssue, FactorValues, ShareTerm } from './base-shares';
import { assessmentScore, AssessmentInput, AssessmentIssue, AssessmentScore } from './assessment-score';
import { assignGroups, groupRewards, GroupSummary, RewardIssue } from './group-rewards';
import type { RewardGroup, WaterFundParams } from './parameters';

export interface CountyInput {
  county: string;
  values: FactorValues;
  /** 考核组 given in the input; null/undefined = by county name (第十条). */
  groupOverride?: RewardGroup | null;
  /** Null when the assessment data are absent (or for a county outside the groups). */
  assessment: AssessmentInput | null;
}

export interface AllocateOptions {
  /** Publishing unit in yuan: 1 (yuan) or 0.01 (fen). */
  unit: Decimal;
  /** False when the input has no assessment columns at all: base part only. */
  withAssessment: boolean;
}

export type AllocationIssue =
  | { source: 'base'; issue: BaseSharesIssue }
  | { source: 'assessment'; row: number; issue: AssessmentIssue }
  | { source: 'reward'; issue: RewardIssue };

export interface CountyAllocation {
  county: string;
  values: FactorValues;
  share: Decimal;
  quota: Decimal;
  terms: ShareTerm[];
  /** Published base part. */
  base: Decimal;
  baseRoundedUp: boolean;
  assessment: AssessmentScore | null;
  group: RewardGroup | null;
  groupRank: number | null;
  tied: boolean;
  /** Exact reward (yuan). */
  rewardExact: Decimal;
  /** Published reward. */
  reward: Decimal;
  total: Decimal;
}

export interface Allocation {
  rows: CountyAllocation[];
  factorTotals: FactorValues;
  totals: { base: Decimal; reward: Decimal; total: Decimal };
  groups: GroupSummary[];
  withAssessment: boolean;
  unit: Decimal;
}

export type AllocationResult =
  | { ok: true; value: Allocation; warnings: AllocationIssue[] }
  | { ok: false; errors: AllocationIssue[] };

/** 温政办函〔2023〕28号 第八至十一条、第十四条: base and reward per county, published exactly. */
export function allocateFund(counties: readonly CountyInput[], params: WaterFundParams, options: AllocateOptions): AllocationResult {
  const errors: AllocationIssue[] = [];
  const warnings: AllocationIssue[] = [];

  const base = baseShares(counties.map((c) => c.values), params.factors, params.baseTotal);
  if (!base.ok) errors.push(...base.issues.map((issue) => ({ source: 'base' as const, issue })));

  // Without assessment data there is no ranking: groups (and 考核组 overrides) do not apply.
  const assigned = options.withAssessment
    ? assignGroups(counties.map((c) => ({ county: c.county, override: c.groupOverride })), params.groups)
    : { groups: counties.map(() => null), issues: [] };
  const groups = assigned.groups;
  warnings.push(...assigned.issues.map((issue) => ({ source: 'reward' as const, issue })));
  const scores: (AssessmentScore | null)[] = counties.map((c, row) => {
    if (!options.withAssessment || c.assessment === null) return null;
    const r = assessmentScore(c.assessment, params.limits);
    if (!r.ok) {
      errors.push(...r.issues.map((issue) => ({ source: 'assessment' as const, row, issue })));
      return null;
    }
    return r.value;
  });

  let rewards: ReturnType<typeof groupRewards> | null = null;
  if (options.withAssessment) {
    rewards = groupRewards(
      counties.map((c, i) => ({ county: c.county, group: groups[i], score: scores[i]?.score ?? null })),
      params.groups, params.rewardTotal,
    );
    for (const issue of rewards.issues) {
      if (issue.code === 'missing-score') {
        if (!errors.some((e) => e.source === 'assessment' && e.row === issue.index)) errors.push({ source: 'reward', issue });
      } else warnings.push({ source: 'reward', issue });
    }
  }
  if (errors.length > 0 || !base.ok) return { ok: false, errors };

  const unit = options.unit;
  const basePub = apportionLargestRemainder(params.baseTotal, base.shares.map((s) => s.quota), unit);
  const rewardPub: Decimal[] = counties.map(() => ZERO);
  if (rewards) {
    for (const set of rewards.paySets) {
      const quotas = set.members.map(() => set.amount.dividedBy(set.members.length));
      const { parts } = apportionLargestRemainder(set.amount, quotas, unit);
      set.members.forEach((m, k) => { rewardPub[m] = parts[k]; });
    }
  }
  const rows: CountyAllocation[] = counties.map((c, i) => {
    const placement = rewards?.placements[i];
    const s = base.shares[i];
    return {
      county: c.county,
      values: c.values,
      share: s.share,
      quota: s.quota,
      terms: s.terms,
      base: basePub.parts[i],
      baseRoundedUp: basePub.roundedUp.includes(i),
      assessment: scores[i],
      group: groups[i],
      groupRank: placement?.rank ?? null,
      tied: placement?.tied ?? false,
      rewardExact: placement?.reward ?? ZERO,
      reward: rewardPub[i],
      total: basePub.parts[i].plus(rewardPub[i]),
    };
  });
  const totals = {
    base: sum(rows.map((r) => r.base)),
    reward: sum(rows.map((r) => r.reward)),
    total: sum(rows.map((r) => r.total)),
  };
  return {
    ok: true,
    value: { rows, factorTotals: base.factorTotals, totals, groups: rewards?.groups ?? [], withAssessment: options.withAssessment, unit },
    warnings,
  };
}

