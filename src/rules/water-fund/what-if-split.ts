/**
 * 温政办函〔2023〕28号 第六条 — what-if split of the user districts' share (用水区域分担比例测算).
 *
 * 第六条: 用水区域县（市、区）财政分担比例以实际用水量为主，兼顾人口、用水结构等因素每三年做一次评估调整。
 *
 * The text names the factors but not their weights, so this is a what-if tool, not a rule: the
 * districts' total (第七条: 7000万元) is split by user-given water use, optionally also
 * population and a use-structure value, with user weights (setting `whatIfWeights`; default
 * 用水量 1, 人口 0, 用水结构 0 — "以实际用水量为主"). For each factor with weight > 0:
 *
 *   share_d = Σ_f (w_f / Σw) × value_{d,f} / Σ_d value_{d,f}
 *
 * and the amounts are published exactly (to the yuan, or fen) by the largest-remainder method,
 * remainder ties to the earlier row (spec §2.5), so they add up to the whole.
 */
import { Decimal, ZERO, sum } from '../../exact/decimal';
import { apportionLargestRemainder } from '../../exact/apportion';
import type { DistrictShare } from './parameters';
import { sameCounty } from './parameters';

export type WhatIfFactor = 'waterUse' | 'population' | 'structure';
export const WHAT_IF_FACTORS: readonly WhatIfFactor[] = ['waterUse', 'population', 'structure'];
export const WHAT_IF_LABELS: Record<WhatIfFactor, string> = { waterUse: '用水量', population: '人口', structure: '用水结构' };

export type WhatIfWeights = Record<WhatIfFactor, Decimal>;
/** Default weights (setting `whatIfWeights`): 用水量 1, 人口 0, 用水结构 0. */
export const DEFAULT_WHAT_IF_WEIGHTS: Record<WhatIfFactor, string> = { waterUse: '1', population: '0', structure: '0' };

export interface WhatIfRow {
  district: string;
  waterUse: Decimal | null;
  population?: Decimal | null;
  structure?: Decimal | null;
}

export interface WhatIfLine {
  district: string;
  /** Exact combined share. */
  share: Decimal;
  /** Exact amount: whole × share. */
  quota: Decimal;
  /** Published amount. */
  amount: Decimal;
  /** 第七条 amount of the same district, when it has one. */
  current: Decimal | null;
  difference: Decimal | null;
}

export type WhatIfIssue =
  | { code: 'no-rows' }
  | { code: 'weights-zero' }
  | { code: 'negative-weight'; factor: WhatIfFactor }
  | { code: 'missing-value'; row: number; factor: WhatIfFactor }
  | { code: 'negative-value'; row: number; factor: WhatIfFactor }
  | { code: 'factor-sum-zero'; factor: WhatIfFactor };

export type WhatIfNote =
  | { code: 'unknown-district'; row: number }
  | { code: 'district-not-given'; district: string };

export interface WhatIfResult {
  weights: WhatIfWeights;
  /** Factors used (weight > 0). */
  factors: WhatIfFactor[];
  totals: Partial<Record<WhatIfFactor, Decimal>>;
  lines: WhatIfLine[];
  /** The rows as given (same order as lines). */
  inputs: WhatIfRow[];
  whole: Decimal;
  total: Decimal;
  notes: WhatIfNote[];
}

/** 温政办函〔2023〕28号 第六条: what-if split of `whole` (yuan) among the given districts. */
export function whatIfSplit(
  rows: readonly WhatIfRow[], weights: WhatIfWeights, whole: Decimal, unit: Decimal, current: readonly DistrictShare[] = [],
): { ok: true; value: WhatIfResult } | { ok: false; issues: WhatIfIssue[] } {
  const issues: WhatIfIssue[] = [];
  if (rows.length === 0) issues.push({ code: 'no-rows' });
  for (const f of WHAT_IF_FACTORS) if (weights[f].isNegative()) issues.push({ code: 'negative-weight', factor: f });
  const factors = WHAT_IF_FACTORS.filter((f) => weights[f].greaterThan(0));
  if (factors.length === 0) issues.push({ code: 'weights-zero' });
  const totals: Partial<Record<WhatIfFactor, Decimal>> = {};
  for (const f of factors) {
    rows.forEach((r, row) => {
      const v = r[f];
      if (v === null || v === undefined) issues.push({ code: 'missing-value', row, factor: f });
      else if (v.isNegative()) issues.push({ code: 'negative-value', row, factor: f });
    });
    totals[f] = sum(rows.map((r) => r[f] ?? ZERO));
    const complete = rows.every((r) => r[f] !== null && r[f] !== undefined);
    if (rows.length > 0 && complete && totals[f]!.isZero()) issues.push({ code: 'factor-sum-zero', factor: f });
  }
  if (issues.length > 0) return { ok: false, issues };
  const weightTotal = sum(factors.map((f) => weights[f]));
  const shares = rows.map((r) => factors.reduce((acc, f) => acc.plus(weights[f].dividedBy(weightTotal).times(r[f]!).dividedBy(totals[f]!)), ZERO));
  const quotas = shares.map((s) => whole.times(s));
  const { parts } = apportionLargestRemainder(whole, quotas, unit);
  const notes: WhatIfNote[] = [];
  const lines = rows.map((r, i) => {
    const match = current.find((c) => sameCounty(c.district, r.district));
    if (!match && current.length > 0) notes.push({ code: 'unknown-district', row: i });
    return {
      district: r.district, share: shares[i], quota: quotas[i], amount: parts[i],
      current: match ? match.amount : null, difference: match ? parts[i].minus(match.amount) : null,
    };
  });
  for (const c of current) if (!rows.some((r) => sameCounty(r.district, c.district))) notes.push({ code: 'district-not-given', district: c.district });
  return { ok: true, value: { weights, factors, totals, lines, inputs: [...rows], whole, total: sum(parts), notes } };
}
