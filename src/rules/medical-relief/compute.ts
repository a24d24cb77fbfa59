/**
 * 温政办〔2023〕90号 三、（五）and 一、工作目标 — the whole relief calculation on typed rows:
 * rows → families (relief-per-family.ts) → counties (county-summary.ts). Pure; this is the core the
 * benchmark measures (1,000,000 rows). See docs/rules.md §3.
 */
import type { ReliefParameters } from './parameters';
import { reliefPerFamily, ReliefRow, FamilyRelief, CountyConflict, LookalikeIds, FamiliesResult } from './relief-per-family';
import { summariseCounties, mergedSpellings, CountySummaryResult, MergedSpelling } from './county-summary';

export interface ReliefComputation extends CountySummaryResult {
  families: FamilyRelief[];
  /** Families under two counties (error). */
  conflicts: CountyConflict[];
  /** Distinct family ids equal after width/space folding (warning; still two families). */
  lookalikes: LookalikeIds[];
  /** Other spellings of a county merged into it (warning). */
  merged: MergedSpelling[];
}

/** 温政办〔2023〕90号 三、（五）: relief per family and the county summary, for the given pilot list. */
export function computeRelief(rows: readonly ReliefRow[], params: ReliefParameters, pilotCounties: readonly string[] = params.pilotCounties): ReliefComputation {
  return reliefOfFamilies(reliefPerFamily(rows, params), params, pilotCounties);
}

/**
 * The county summary of families already relieved (reliefPerFamily, or a FamilyAccumulator the
 * reader filled row by row without building typed rows: issue 10, memory).
 */
export function reliefOfFamilies(
  { families, conflicts, lookalikes, spellings }: FamiliesResult, params: ReliefParameters, pilotCounties: readonly string[] = params.pilotCounties,
): ReliefComputation {
  const summary = summariseCounties(families, {
    cityFundPerYear: params.cityFundPerYear,
    localMatchRatio: params.localMatchRatio,
    pilotCounties,
  });
  return { families, conflicts, lookalikes, merged: mergedSpellings(spellings, summary.counties), ...summary };
}
