/**
 * Typed input and shared shapes of 温政办〔2023〕88号《温州市总部企业星级评定办法》 and its
 * 附件1《总部企业星级评定标准》. Rules take these typed rows (Decimals in the canonical unit,
 * ISO date strings) and the edition's parameters — never cells. A row may carry a `source`
 * (sheet and cell addresses) so that a rule's problem can name the cell it is about.
 */
import type { Decimal } from '../../exact/decimal';
import type { HqIndicator, HqRatingEdition, IsoDate } from '../../policies/edition';
import type { DraftEdition } from '../../policies/schema';
import { maskIdNumbersIn } from '../medical-relief/mask-id';

export type { HqIndicator } from '../../policies/edition';

/** The four base indicators, in the order of 附件1 基本分. */
export const HQ_INDICATORS: readonly HqIndicator[] = ['revenue', 'localContribution', 'rdExpense', 'pensionRate'];

/** Every input field of docs/rules.md §1.6. */
export type HqField =
  | 'creditCode' | 'name' | 'hqCreditCode'
  | 'revenue' | 'localContribution' | 'rdExpense'
  | 'pensionContributors' | 'taxFilers' | 'pensionRate'
  | 'top500Lists' | 'listingExchange' | 'listingDate' | 'disqualification'
  | 'holdingShare' | 'location'
  | 'county' | 'ownOffice';

/** Where a row came from: the sheet, its 1-based row number and the A1 address of each field. */
export interface SourceRef {
  sheet: string;
  rowNumber: number;
  cells: Partial<Record<HqField, string>>;
}

/**
 * One legal entity (a headquarters, or a branch / controlled subsidiary of one) as typed input.
 * Units: revenue and localContribution in 亿元, rdExpense in 万元, pensionRate as a fraction
 * (0.9 for 90 %), counts in persons.
 */
export interface HqInputRow {
  /** The code as matched: GB 32100 alphabet, width and spaces folded, upper case. */
  creditCode: string;
  /** The code exactly as typed, for every output (docs/rules.md §1.8); defaults to creditCode. */
  creditCodeAsTyped?: string;
  /** Exactly as typed (docs/rules.md §1.8). */
  name: string;
  /** The headquarters this row belongs to; null (or equal to creditCode) = a headquarters row. */
  hqCreditCode: string | null;
  /** hqCreditCode exactly as typed, when it differs from the folded code. */
  hqCreditCodeAsTyped?: string;
  revenue: Decimal;
  localContribution: Decimal;
  rdExpense: Decimal;
  pensionContributors: Decimal | null;
  taxFilers: Decimal | null;
  pensionRate: Decimal | null;
  /** List names as written (aliases allowed); [] = none. */
  top500Lists: string[];
  listingExchange: string | null;
  listingDate: IsoDate | null;
  /** Non-empty text = disqualified (五、3), the text being the reason. */
  disqualification: string | null;
  /** 控股比例 as a fraction (0.5 for 50 %) of a subsidiary held by its headquarters; null = not
   *  given (a branch, or unknown): counts (docs/rules.md §1.6). */
  holdingShare?: Decimal | null;
  /** 所在地 exactly as typed; null = not given (在温, the default). */
  location?: string | null;
  /**
   * 所在县（市、区） exactly as typed (the county whose 初审 the headquarters is under, 三、评定程序);
   * null / absent = not given. Only the headquarters row's counts (分县统计).
   */
  county?: string | null;
  /**
   * 附件2 第21项「总部企业母公司在温是否拥有自有产权办公用房」: true = 是, false = 否, null / absent = not
   * given. Only the headquarters row's counts (四、2 租用购建补助).
   */
  ownOffice?: boolean | null;
  source?: SourceRef;
}

/** A problem found by a rule: structurally the same as the sheets layer's Problem. */
export interface RuleProblem {
  severity: 'error' | 'warning';
  sheet: string;
  cell: string | null;
  message: string;
}

/** The settings of docs/rules.md §1.3/§1.4/§1.2 note 3 (all shown on the parameter sheet). */
export interface HqRatingSettings {
  /** The rating date the three-year listing window counts back from (docs/rules.md §1.3). */
  ratingDate: IsoDate;
  /** Ordered base-indicator scores used to break equal totals; [] = none (docs/rules.md §1.4). */
  tieBreak: HqIndicator[];
  /** Score of every rated headquarters when max = min for an indicator (docs/rules.md §1.2 note 3). */
  degenerateRange: 'full' | 'zero';
  /**
   * A draft edition (`--edition FILE.json`, the pane's picker) used instead of the edition in
   * force on the rating date; absent = the edition in force.
   */
  draft?: DraftEdition<HqRatingEdition>;
}

export const DEFAULT_SHEET = '输入';

function where(row: HqInputRow | undefined, field: HqField | null): { sheet: string; cell: string | null } {
  const sheet = row?.source?.sheet ?? DEFAULT_SHEET;
  const cell = field && row?.source ? row.source.cells[field] ?? null : null;
  return { sheet, cell };
}

// Messages quote names and codes as typed; a full ID number in them is masked (docs/rules.md §3).
export function ruleError(row: HqInputRow | undefined, field: HqField | null, message: string): RuleProblem {
  return { severity: 'error', ...where(row, field), message: maskIdNumbersIn(message) };
}

export function ruleWarning(row: HqInputRow | undefined, field: HqField | null, message: string): RuleProblem {
  return { severity: 'warning', ...where(row, field), message: maskIdNumbersIn(message) };
}

/** "第 7 行" when the row's sheet row is known, else the credit code. */
export function rowLabel(row: HqInputRow): string {
  return row.source ? `第 ${row.source.rowNumber} 行「${row.name}」` : `「${row.name}」（${row.creditCode}）`;
}

/** The credit code as the user typed it (docs/rules.md §1.8), for every output. */
export function shownCreditCode(row: Pick<HqInputRow, 'creditCode' | 'creditCodeAsTyped'>): string {
  return row.creditCodeAsTyped ?? row.creditCode;
}
