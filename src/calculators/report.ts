/**
 * The typed reports of the three calculations. Each calculator builds one; the JSON of
 * docs/interfaces.md「3 JSON 输出」is that report serialised (`outcome.json` is the same object), and
 * the pane, the CLI report, the demo and the Office adapter read its fields — tier counts with
 * their bands, the money checks, the edition and what chose it — instead of deriving them again.
 *
 * Decimals are strings holding the exact value (docs/interfaces.md「3.1」); counts and ranks are
 * numbers. Fields marked "result" are absent when the input has errors.
 */
import type { IsoDate } from '../policies/edition';
import type { CalculatorKind } from './types';

export interface ProblemJson {
  severity: 'error' | 'warning';
  sheet: string;
  cell: string | null;
  message: string;
}

/** What chose the edition (added): the rating date (hq-rating), the fund year (water-fund) or the day (relief). */
export type EditionChoiceJson = { ratingDate: IsoDate } | { fundYear: number } | { date: IsoDate };

/** The edition used (JSON `edition`). */
export interface EditionJson {
  document: string;
  title: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** water-fund: the fund years of the edition. */
  fundYears?: { first: number; last: number };
  /** Added: the date or fund year that chose the edition. */
  chosenBy?: EditionChoiceJson;
  /** Added: the warning when the date or fund year is outside every edition's dates, else null. */
  warning?: string | null;
  /** Added: only when a draft edition was used (`--edition FILE.json`): the file as given. */
  draft?: { file: string };
}

export interface ReportBase {
  kind: CalculatorKind;
  /** Document number of the edition used. */
  policy: string;
  settings: Record<string, unknown>;
  problems: ProblemJson[];
}

// ---------------------------------------------------------------------------------------------
// hq-rating

export type IndicatorValuesJson = { revenue: string; localContribution: string; rdExpense: string; pensionRate: string };

/** 距上一星级 (added): what an enterprise needs to reach the next higher tier. */
export interface NextTierJson {
  /** The tier reached by tying the last enterprise in it. */
  stars: number;
  label: string;
  /** Total points needed (to tie that enterprise's total). */
  points: string;
  /**
   * The same gap in each base indicator alone (in its unit; 参保率 as a fraction), the other
   * values and the batch's min/max held fixed; null where it is not possible (the value would
   * pass the batch's maximum, or max = min).
   */
  indicators: { revenue: string | null; localContribution: string | null; rdExpense: string | null; pensionRate: string | null };
}

/** 政策保障 (added): a benefit of the tier under 88号 四、. */
export interface BenefitJson {
  key: string;
  name: string;
  article: string;
  /** 'yes' = applies; 'conditional' = applies only without its own office (自有产权办公用房 not given); 'no' = not for this enterprise. */
  applies: 'yes' | 'conditional' | 'no';
  note?: string;
}

export interface HqResultJson {
  creditCode: string;
  name: string;
  rank: number;
  stars: number;
  scores: IndicatorValuesJson;
  base: string;
  bonus: { top500: string; listing: string };
  total: string;
  tied: boolean;
  starLabel: string;
  values: IndicatorValuesJson;
  top500List: string | null;
  listingsCounted: Array<{ creditCode: string; name: string; exchange: string; date: IsoDate }>;
  members: string[];
  derivation: string;
  /** Added: 距上一星级; null for the highest tier. */
  nextTier?: NextTierJson | null;
  /** Added: 政策保障 of the tier (88号 四、). */
  benefits?: BenefitJson[];
  /** Added: the 89号 lists the name is on (exact match after matching-only folding). */
  lists89?: Array<{ list: string; label: string; district: string; document: string }>;
  /** Added: 所在县（市、区） as typed, when the input has the column. */
  county?: string | null;
  /** Added: 自有产权办公用房 as read (true / false), null when not given; only when the input has the column. */
  ownOffice?: boolean | null;
}

/** Headquarters per tier with the tier's band (fromRank, toRank added). */
export interface TierCountJson {
  stars: number;
  label: string;
  count: number;
  fromRank?: number;
  toRank?: number | null;
}

export interface HqRatingReport extends ReportBase {
  kind: 'hq-rating';
  settings: { ratingDate: IsoDate; tieBreak: 'none' | string[]; degenerateRange: 'full' | 'zero' };
  edition: EditionJson;
  /** result */
  ranges?: Record<string, { min: string; max: string }>;
  results?: HqResultJson[];
  excluded?: Array<{ creditCode: string; name: string; reason: string }>;
  notCounted?: Array<{ creditCode: string; name: string; hqCreditCode: string | null; reason: string }>;
  tierCounts?: TierCountJson[];
  /** Added: enterprises per tier per county, only when the input has 所在县（市、区）. */
  counties?: Array<{ county: string; tiers: Array<{ stars: number; label: string; count: number }>; excluded: number; total: number }>;
}

// ---------------------------------------------------------------------------------------------
// water-fund

export interface WaterResultJson {
  county: string;
  baseShare: string;
  base: string;
  assessmentScore: string | null;
  group: 'A' | 'B' | null;
  groupRank: number | null;
  reward: string;
  total: string;
  tied: boolean;
  baseQuota: string;
}

export interface MoneyCheckJson {
  expected: string;
  published: string;
  ok: boolean;
}

export interface WaterFundReport extends ReportBase {
  kind: 'water-fund';
  settings: { unit: 'yuan' | 'fen'; fundYear: number; date: IsoDate; whatIfWeights: Record<string, string> };
  /** result */
  results?: WaterResultJson[];
  totals?: { base: string; reward: string; total: string };
  unit?: 'yuan' | 'fen';
  edition?: EditionJson;
  assessment?: boolean;
  check?: { base: MoneyCheckJson; reward: MoneyCheckJson; total: MoneyCheckJson };
  contributions?: {
    city: string;
    districts: Array<{ district: string; amount: string; note?: string; parts?: Array<{ name: string; amount: string }> }>;
    districtTotal: string; total: string; budgetOut: string; allocated: string; balanced: boolean; inEqualsOut: boolean;
  };
  whatIf?: Record<string, unknown>;
  /**
   * Added: money in (第七条 annual total) against money out (Σ of the published county totals):
   * `difference` = in − out (reward places not paid), `balanced` when every sum checks and in = out.
   */
  moneyCheck?: { moneyIn: string; moneyOut: string; difference: string; balanced: boolean };
}

// ---------------------------------------------------------------------------------------------
// relief

export interface ReliefCountyJson {
  county: string;
  families: number;
  relieved: number;
  relief: string;
  cityFund: string;
  localMatch: string;
  pilot: boolean;
}

export interface ReliefReport extends ReportBase {
  kind: 'relief';
  settings: { pilotCounties: string[] };
  /** Added: the edition used. */
  edition?: EditionJson;
  /** result */
  families?: Array<{ familyId: string; county: string; selfPay: string; relief: string; name?: string; idNumber?: string }>;
  counties?: ReliefCountyJson[];
  total?: string;
  /** Added: the sums and the money checks (三、（五）). */
  totals?: { families: number; relieved: number; relief: string; cityFund: string; localMatch: string };
  /** Added: Σ county relief = total, and city + local = relief in every county and in total. */
  balanced?: boolean;
  /** Added: the city's part (pilot counties only) against the city fund per year. */
  cityFund?: { available: string; used: string; exceeded: boolean };
}

export type CalculationReport = HqRatingReport | WaterFundReport | ReliefReport;

/**
 * The report of an outcome: the typed report the calculators attach, or the JSON document read as
 * one (the JSON is the report serialised, e.g. a document read back from a file).
 */
export function reportOf(outcome: { report?: CalculationReport; json: Record<string, unknown> }): CalculationReport {
  return outcome.report ?? (outcome.json as unknown as CalculationReport);
}

/**
 * Define `key` of `report` as a value computed on first read (then kept, as a plain data property),
 * in the key order of a plain assignment — so the report serialises byte for byte as if the value
 * had been assigned (JSON.stringify, the piecewise --json writer and structured clone all read
 * own enumerable properties through [[Get]]). For the large per-result JSON arrays: a run that
 * only writes the workbook never reads them, and 10,000 results' JSON costs about a tenth of the run.
 */
export function defineComputed<T extends object, K extends keyof T>(report: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(report, key, {
    configurable: true,
    enumerable: true,
    get(): T[K] {
      const value = compute();
      Object.defineProperty(report, key, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(report, key, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
