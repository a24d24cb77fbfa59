/**
 * 温政办〔2023〕90号 三、（五）: "市级每年筹集2000万元‘慈善医疗救助共富基金’，专项用于5个加快发展县
 * 和洞头区……当地政府应积极引导社会力量按照1：1比例筹集配套化解资金" and 一、工作目标 (the pilot:
 * 5个加快发展县和洞头区; "其他有条件的县（市、区）可参照执行").
 *
 * Per county: families, families relieved (relief > 0), relief total, and who pays it
 * (docs/rules.md §3):
 * - a county IN the pilot list (setting pilotCounties): the city money is "专项用于5个加快发展县和
 *   洞头区", matched locally 1:1. With local matching ratio r (1 for 1:1) the city's part is
 *   cityFund = relief / (1 + r) rounded DOWN to the fen, and localMatch = relief − cityFund: for
 *   1:1 the odd fen, if any, is local (1,538,473.73 → 769,236.86 city + 769,236.87 local). So
 *   cityFund + localMatch = relief exactly in every published figure, county rows and totals.
 * - a county OUTSIDE the list ("其他有条件的县（市、区）可参照执行"): computed all the same and paid
 *   locally: cityFund = 0, localMatch = relief; reported (warning).
 * The city fund per year (2,000万) is compared with the city's total, which holds pilot counties
 * only; exceeding it strictly is reported (warning).
 *
 * Counties are matched by countyKey (docs/rules.md §2.2: 永嘉 = 永嘉县, 温州海经区 = 海经区), the
 * pilot list too; a county is shown with the spelling of its first row.
 */
import { Decimal, ZERO, ONE } from '../../exact/decimal';
import { countyKey } from '../counties/county-names';
import type { CountySpelling, FamilyRelief } from './relief-per-family';
import { addFen, decimalOfFen, fenOf } from './fen';

export interface CountySummary {
  /** The spelling of the county's first row, exactly as typed. */
  county: string;
  /** countyKey(county). */
  key: string;
  /** Index (into the input rows) of the county's first row. */
  firstRow: number;
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

/** Another spelling of a county merged into it (warning): 永嘉 (row) into 永嘉县 (countyFirstRow). */
export interface MergedSpelling {
  county: string;
  countyFirstRow: number;
  spelling: string;
  row: number;
}

export interface CountySummaryResult {
  /** Counties in order of first appearance in the input. */
  counties: CountySummary[];
  totals: ReliefTotals;
  /** The city's total (pilot counties only) exceeds the city fund per year (warning). */
  cityFundExceeded: { cityFund: Decimal; available: Decimal; excess: Decimal } | null;
  /** Counties with families that are not on the pilot list (warning), as shown, in order of appearance. */
  nonPilotCounties: string[];
}

const FEN = 2;
const ONE_FEN = new Decimal('0.01');

/**
 * 温政办〔2023〕90号 三、（五）: the split of a pilot county's relief with local matching ratio r
 * (1:1 → r = 1): cityFund = relief / (1 + r) rounded down to the fen, localMatch = the rest, so
 * the parts add up exactly. Outside the pilot (`pilot` false) the city pays nothing.
 */
export function splitRelief(relief: Decimal, localMatchRatio: Decimal, pilot = true): { cityFund: Decimal; localMatch: Decimal } {
  if (!pilot || relief.isZero()) return { cityFund: ZERO, localMatch: relief };
  const parts = ONE.plus(localMatchRatio);
  let cityFund = relief.dividedBy(parts).toDecimalPlaces(FEN, Decimal.ROUND_FLOOR);
  // The quotient is rounded to the working precision before the floor; make the floor exact even
  // for a ratio whose quotient does not terminate: cityFund × (1 + r) ≤ relief < (cityFund + 0.01) × (1 + r).
  while (cityFund.times(parts).greaterThan(relief)) cityFund = cityFund.minus(ONE_FEN);
  while (cityFund.plus(ONE_FEN).times(parts).lessThanOrEqualTo(relief)) cityFund = cityFund.plus(ONE_FEN);
  return { cityFund, localMatch: relief.minus(cityFund) };
}

/**
 * 温政办〔2023〕90号 三、（五）and 一、工作目标: the per-county summary with the fund split. The relief
 * of a county is summed in whole fen (fen.ts, exact integers) while every family's relief is a
 * whole number of fen, in decimal.js otherwise: the same values as summariseCountiesPlain.
 */
export function summariseCounties(families: readonly FamilyRelief[], terms: FundingTerms): CountySummaryResult {
  const pilotKeys = new Set(terms.pilotCounties.map(countyKey));
  const byCounty = new Map<string, number>();
  const counties: CountySummary[] = [];
  /** Σ relief of counties[i] in fen, or −1 once it is kept in counties[i].relief. */
  const fens: number[] = [];
  let last: CountySummary | null = null;
  let lastAt = -1;
  for (let i = 0; i < families.length; i++) {
    const fam = families[i];
    let c: CountySummary | null = last;
    let at = lastAt;
    if (c === null || c.key !== fam.countyKey) {
      const found = byCounty.get(fam.countyKey);
      if (found === undefined) {
        c = {
          county: fam.county, key: fam.countyKey, firstRow: fam.firstRow, pilot: pilotKeys.has(fam.countyKey),
          families: 0, relieved: 0, relief: ZERO, cityFund: ZERO, localMatch: ZERO,
        };
        at = counties.length;
        byCounty.set(fam.countyKey, at);
        counties.push(c);
        fens.push(0);
      } else {
        at = found;
        c = counties[at];
      }
      last = c;
      lastAt = at;
    }
    c.families++;
    if (!fam.relief.isZero()) {
      c.relieved++;
      const sum = fens[at];
      const fen = sum < 0 ? -1 : addFen(sum, fenOf(fam.relief));
      if (fen >= 0) fens[at] = fen;
      else {
        c.relief = (sum < 0 ? c.relief : decimalOfFen(sum)).plus(fam.relief);
        fens[at] = -1;
      }
    }
  }
  for (let i = 0; i < counties.length; i++) if (fens[i] >= 0) counties[i].relief = decimalOfFen(fens[i]);
  return fundCounties(counties, terms);
}

/** The plain reference of summariseCounties (every sum in decimal.js), for the property test. */
export function summariseCountiesPlain(families: readonly FamilyRelief[], terms: FundingTerms): CountySummaryResult {
  const pilotKeys = new Set(terms.pilotCounties.map(countyKey));
  const byCounty = new Map<string, CountySummary>();
  const counties: CountySummary[] = [];
  for (let i = 0; i < families.length; i++) {
    const fam = families[i];
    let c = byCounty.get(fam.countyKey);
    if (c === undefined) {
      c = {
        county: fam.county, key: fam.countyKey, firstRow: fam.firstRow, pilot: pilotKeys.has(fam.countyKey),
        families: 0, relieved: 0, relief: ZERO, cityFund: ZERO, localMatch: ZERO,
      };
      byCounty.set(fam.countyKey, c);
      counties.push(c);
    }
    c.families++;
    if (!fam.relief.isZero()) {
      c.relieved++;
      c.relief = c.relief.plus(fam.relief);
    }
  }
  return fundCounties(counties, terms);
}

/** 温政办〔2023〕90号 三、（五）: each county's split into 市级基金承担 and 地方配套, the totals and the fund check. */
function fundCounties(counties: CountySummary[], terms: FundingTerms): CountySummaryResult {
  const totals: ReliefTotals = { families: 0, relieved: 0, relief: ZERO, cityFund: ZERO, localMatch: ZERO };
  const nonPilotCounties: string[] = [];
  for (const c of counties) {
    const split = splitRelief(c.relief, terms.localMatchRatio, c.pilot);
    c.cityFund = split.cityFund;
    c.localMatch = split.localMatch;
    totals.families += c.families;
    totals.relieved += c.relieved;
    totals.relief = totals.relief.plus(c.relief);
    totals.cityFund = totals.cityFund.plus(c.cityFund);
    totals.localMatch = totals.localMatch.plus(c.localMatch);
    if (!c.pilot) nonPilotCounties.push(c.county);
  }
  // totals.cityFund holds pilot counties only (cityFund is 0 elsewhere): "专项用于5个加快发展县和洞头区".
  const cityFundExceeded = totals.cityFund.greaterThan(terms.cityFundPerYear)
    ? { cityFund: totals.cityFund, available: terms.cityFundPerYear, excess: totals.cityFund.minus(terms.cityFundPerYear) }
    : null;
  return { counties, totals, cityFundExceeded, nonPilotCounties };
}

/**
 * docs/rules.md §2.2 and §3 (one county never appears twice): each spelling that is merged into a
 * county shown with another spelling, at its first row. Spellings that differ only by outer
 * spaces are not reported (the county is the same to the eye).
 */
export function mergedSpellings(spellings: readonly CountySpelling[], counties: readonly CountySummary[]): MergedSpelling[] {
  const byKey = new Map<string, CountySummary>();
  for (const c of counties) byKey.set(c.key, c);
  const out: MergedSpelling[] = [];
  for (const s of spellings) {
    const c = byKey.get(s.key);
    if (c === undefined || s.spelling === c.county || s.spelling.trim() === c.county.trim()) continue;
    out.push({ county: c.county, countyFirstRow: c.firstRow, spelling: s.spelling, row: s.firstRow });
  }
  return out;
}
