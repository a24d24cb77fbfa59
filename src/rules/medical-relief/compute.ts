/**
 * 温政办〔2023〕90号 三、（五）and 一、工作目标 — the whole relief calculation on typed rows:
 * rows → families (relief-per-family.ts) → counties (county-summary.ts). Pure; this is the core the
 * benchmark measures (1,000,000 rows).
 */
import type { ReliefParameters } from './parameters';
import { reliefPerFamily, ReliefRow, FamilyRelief, CountyConflict } from './relief-per-family';
import { summariseCounties, CountySummaryResult } from './county-summary';

export interface ReliefComputation extends CountySummaryResult {
  families: FamilyRelief[];
  conflicts: CountyConflict[];
}

/** 温政办〔2023〕90号 三、（五）: relief per family and the county summary, for the given pilot list. */
export function computeRelief(rows: readonly ReliefRow[], params: ReliefParameters, pilotCounties: readonly string[] = params.pilotCounties): ReliefComputation {
  const { families, conflicts } = reliefPerFamily(rows, params);
  const summary = summariseCounties(families, {
    cityFundPerYear: params.cityFundPerYear,
    localMatchRatio: params.localMatchRatio,
    pilotCounties,
  });
  return { families, conflicts, ...summary };
}
