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
 * remainder ties to the earlier row (docs/rules.md §2.5), so they add up to the whole.
 *
 * 第七条 names 温州湾新区 inside 龙湾区 (龙湾区1280万元（温州湾新区780万元）): a row for such a part
 * is folded into its district — its values added to the district's — with a note (docs/rules.md
 * §2.1). District names match as in rules/counties/county-names.ts (温州海经区 = 海经区, 鹿城 =
 * 鹿城区); each line shows the user's spelling.
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
  /**
   * The district as the user typed it; the edition's name (e.g. 龙湾区) when only a part of it
   * (温州湾新区) was given.
   */
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
  /** Indexes of the input rows in this line (more than one when a part was folded in). */
  rows: number[];
  /** Parts folded into this line, as typed (第七条: 温州湾新区 in 龙湾区). */
  folded: string[];
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
  | { code: 'district-not-given'; district: string }
  /**
   * A row naming a part of a district (第七条: 温州湾新区 in 龙湾区) was folded into that district.
   * `districtRow` is the row of the district itself, or null when the input has none.
   */
  | { code: 'part-folded'; row: number; part: string; district: string; districtRow: number | null };

export interface WhatIfResult {
  weights: WhatIfWeights;
  /** Factors used (weight > 0). */
  factors: WhatIfFactor[];
  totals: Partial<Record<WhatIfFactor, Decimal>>;
  lines: WhatIfLine[];
  /** The values of each line (same order as lines): a row as given, or the sum of folded rows. */
  inputs: WhatIfRow[];
  whole: Decimal;
  total: Decimal;
  notes: WhatIfNote[];
}

/** The district a row names a part of (第七条 parts), or null. */
function partOf(name: string, current: readonly DistrictShare[]): { district: DistrictShare; part: string } | null {
  for (const d of current) {
    const p = d.parts.find((x) => sameCounty(x.name, name));
    if (p) return { district: d, part: p.name };
  }
  return null;
}

/** Σ of the given values; null when none is given. */
function sumGiven(values: ReadonlyArray<Decimal | null | undefined>): Decimal | null {
  const given = values.filter((v): v is Decimal => v !== null && v !== undefined);
  return given.length === 0 ? null : sum(given);
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

  // 第七条 counts 温州湾新区 inside 龙湾区 ("龙湾区1280万元（温州湾新区780万元）"): a row for a part is
  // folded into its district's line — values added — placed at the first of the rows (docs/rules.md §2.1).
  const notes: WhatIfNote[] = [];
  const groups: Array<{ rows: number[]; district: DistrictShare | null; own: number | null; folded: number[] }> = [];
  rows.forEach((r, i) => {
    const part = partOf(r.district, current);
    const district = part ? part.district : current.find((c) => sameCounty(c.district, r.district)) ?? null;
    // a district's own second row (a duplicate, which the reader reports) is not merged
    const group = district ? groups.find((g) => g.district === district && (part !== null || g.own === null)) : undefined;
    const target = group ?? { rows: [], district, own: null, folded: [] };
    if (!group) groups.push(target);
    target.rows.push(i);
    if (part) target.folded.push(i);
    else target.own = i;
  });
  const inputs: WhatIfRow[] = groups.map((g) => {
    const members = g.rows.map((i) => rows[i]);
    if (g.folded.length === 0) return members[0];
    return {
      district: g.own !== null ? rows[g.own].district : g.district!.district,
      waterUse: sumGiven(members.map((m) => m.waterUse)),
      population: sumGiven(members.map((m) => m.population)),
      structure: sumGiven(members.map((m) => m.structure)),
    };
  });
  for (const g of groups) {
    for (const i of g.folded) notes.push({ code: 'part-folded', row: i, part: rows[i].district, district: g.district!.district, districtRow: g.own });
  }

  const weightTotal = sum(factors.map((f) => weights[f]));
  const shares = inputs.map((r) => factors.reduce((acc, f) => acc.plus(weights[f].dividedBy(weightTotal).times(r[f]!).dividedBy(totals[f]!)), ZERO));
  const quotas = shares.map((s) => whole.times(s));
  const { parts } = apportionLargestRemainder(whole, quotas, unit);
  const lines = groups.map((g, k) => {
    const match = g.district;
    if (!match && current.length > 0) notes.push({ code: 'unknown-district', row: g.rows[0] });
    return {
      district: inputs[k].district,
      share: shares[k], quota: quotas[k], amount: parts[k],
      current: match ? match.amount : null, difference: match ? parts[k].minus(match.amount) : null,
      rows: [...g.rows], folded: g.folded.map((i) => rows[i].district),
    };
  });
  for (const c of current) if (!groups.some((g) => g.district === c)) notes.push({ code: 'district-not-given', district: c.district });
  return { ok: true, value: { weights, factors, totals, lines, inputs, whole, total: sum(parts), notes } };
}
