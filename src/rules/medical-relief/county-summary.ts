/**
 * 温政办〔2023〕90号 三、（五）: "市级每年筹集2000万元‘慈善医疗救助共富基金’，专项用于5个加快发展县
 * 和洞头区……当地政府应积极引导社会力量按照1：1比例筹集配套化解资金" and 一、工作目标 (the pilot:
 * 5个加快发展县和洞头区; 其他有条件的县（市、区）可参照执行).
 *
 * Per county: families, families relieved (relief > 0), relief total, and its split: with local
 * matching ratio r (1 for 1:1), cityFund = relief × 1/(1 + r) and localMatch = relief − cityFund —
 * exactly relief / 2 each for 1:1, so the two parts always add up to the relief. Findings (spec §3):
 * the city's part of the grand total above the city fund per year (2,000万); counties outside the
 * pilot list (setting pilotCounties) — computed all the same.
 */
import { Decimal, ZERO, ONE } from '../../exact/decimal';
import type { FamilyRelief } from './relief-per-family';

export interface CountySummary {
  county: string;
  pilot: boolean;
  families: number;
  relieved: number;
  relief: Decimal;
  cityFund: Decimal;
  localMatch: Decimal;
}

export interface ReliefTotals {
  families: number;
  relieved: number;
  relief: Decimal;
  cityFund: Decimal;
  localMatch: Decimal;
}

export interface FundingTerms {
  cityFundPerYear: Decimal;
  localMatchRatio: Decimal;
  pilotCounties: readonly string[];
}

export interface CountySummaryResult {
  /** Counties in order of first appearance in the input. */
  counties: CountySummary[];
  totals: ReliefTotals;
  /** The city's part of the grand total exceeds the city fund per year (warning). */
  cityFundExceeded: { cityFund: Decimal; available: Decimal; excess: Decimal } | null;
  /** Counties with families that are not on the pilot list (warning), in order of appearance. */
  nonPilotCounties: string[];
}

/**
 * 温政办〔2023〕90号 三、（五）: the city's part of a relief amount with local matching ratio r
 * (1:1 → r = 1): relief / (1 + r). The local part is the rest, so the parts add up exactly.
 */
export function splitRelief(relief: Decimal, localMatchRatio: Decimal): { cityFund: Decimal; localMatch: Decimal } {
  const cityFund = relief.isZero() ? ZERO : relief.dividedBy(ONE.plus(localMatchRatio));
  return { cityFund, localMatch: relief.minus(cityFund) };
}

/** 温政办〔2023〕90号 三、（五）and 一、工作目标: the per-county summary with the fund split. */
export function summariseCounties(families: readonly FamilyRelief[], terms: FundingTerms): CountySummaryResult {
  const pilot = new Set(terms.pilotCounties);
  const byCounty = new Map<string, CountySummary>();
  const counties: CountySummary[] = [];
  for (let i = 0; i < families.length; i++) {
    const fam = families[i];
    let c = byCounty.get(fam.county);
    if (c === undefined) {
      c = { county: fam.county, pilot: pilot.has(fam.county), families: 0, relieved: 0, relief: ZERO, cityFund: ZERO, localMatch: ZERO };
      byCounty.set(fam.county, c);
      counties.push(c);
    }
    c.families++;
    if (!fam.relief.isZero()) {
      c.relieved++;
      c.relief = c.relief.plus(fam.relief);
    }
  }
  const totals: ReliefTotals = { families: 0, relieved: 0, relief: ZERO, cityFund: ZERO, localMatch: ZERO };
  const nonPilotCounties: string[] = [];
  for (const c of counties) {
    const split = splitRelief(c.relief, terms.localMatchRatio);
    c.cityFund = split.cityFund;
    c.localMatch = split.localMatch;
    totals.families += c.families;
    totals.relieved += c.relieved;
    totals.relief = totals.relief.plus(c.relief);
    totals.cityFund = totals.cityFund.plus(c.cityFund);
    if (!c.pilot) nonPilotCounties.push(c.county);
  }
  // The local part of the total is the rest, so city + local = relief holds exactly even for a
  // ratio whose city part does not terminate (for 1:1 it is also Σ of the counties' halves).
  totals.localMatch = totals.relief.minus(totals.cityFund);
  const cityFundExceeded = totals.cityFund.greaterThan(terms.cityFundPerYear)
    ? { cityFund: totals.cityFund, available: terms.cityFundPerYear, excess: totals.cityFund.minus(terms.cityFundPerYear) }
    : null;
  return { counties, totals, cityFundExceeded, nonPilotCounties };
}
