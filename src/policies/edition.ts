/**
 * Dated policy editions, in the manner of OpenFisca parameter files: every value carries the
 * article it comes from, and every edition its effective dates. A new round (e.g. 2026) is a new
 * JSON file registered in registry.ts, not an edit of code.
 */
export type IsoDate = string; // yyyy-mm-dd

export interface Parameter<T> {
  /** Article of the document the value comes from, e.g. "第九条". */
  article: string;
  value: T;
}

export interface Edition<P> {
  policy: PolicyKind;
  /** Document number, e.g. 温政办函〔2023〕28号. */
  document: string;
  title: string;
  published: IsoDate;
  effectiveFrom: IsoDate;
  /** Last day in force (inclusive), or null when open-ended. */
  effectiveTo: IsoDate | null;
  parameters: P;
}

export type PolicyKind = 'hq-rating' | 'water-fund' | 'medical-relief';

export interface HqRatingParameters {
  indicators: Parameter<Array<{ field: HqIndicator; label: string; unit: string; weight: string; verifiedBy: string }>>;
  top500Bonus: Parameter<Array<{ list: string; points: string; aliases: string[] }>>;
  listingBonusPerCompany: Parameter<string>;
  listingWindowYears: Parameter<number>;
  exchanges: Parameter<string[]>;
  starBands: Parameter<Array<{ stars: number; label: string; fromRank: number; toRank: number | null }>>;
  disqualificationGrounds: Parameter<string[]>;
  reratingIntervalYears: Parameter<number>;
  /**
   * 四、政策保障: the benefits of a tier (from `minStars` up), each with its article; optional (an
   * edition without it shows no benefits). `requiresNoOwnOffice`: only for an enterprise without
   * its own office in Wenzhou (四、2; 附件2 第21项 自有产权办公用房).
   */
  benefits?: Parameter<Array<{ key: string; name: string; minStars: number; article: string; text: string; requiresNoOwnOffice?: boolean }>>;
}
export type HqIndicator = 'revenue' | 'localContribution' | 'rdExpense' | 'pensionRate';

export interface WaterFundParameters {
  /**
   * The fund years (资金年度) the document's amounts are for, both ends included: 温政办函〔2023〕28号
   * 第七条 "2023—2025年，每年安排…" → { first: 2023, last: 2025 }. The edition of a calculation is
   * chosen by fund year (registry.editionForFundYear), not by the day the tool runs.
   */
  fundYears: Parameter<{ first: number; last: number }>;
  annualTotalWan: Parameter<string>;
  cityShareWan: Parameter<string>;
  /** `parts`: amounts named inside a district's share (第七条: 龙湾区1280万元，其中温州湾新区780万元); not added again. */
  districtSharesWan: Parameter<Array<{ district: string; amount: string; note?: string; parts?: Array<{ name: string; amount: string }> }>>;
  districtReviewYears: Parameter<number>;
  recipients: Parameter<Array<{ county: string; source: string }>>;
  baseTotalWan: Parameter<string>;
  baseFactors: Parameter<Array<{ field: WaterFactor; label: string; weight: string; verifiedBy: string }>>;
  rewardTotalWan: Parameter<string>;
  rewardGroups: Parameter<Array<{ group: 'A' | 'B'; label: string; counties: string[]; prizesWan: string[] }>>;
  assessmentComponents: Parameter<{ waterQualityMax: string; greenWeight: string; managementMax: string; performanceMax: string }>;
}
export type WaterFactor = 'primaryZoneArea' | 'catchmentArea' | 'population' | 'waterArea';

export interface MedicalReliefParameters {
  selfPayThreshold: Parameter<string>;
  familyCap: Parameter<string>;
  cityFundPerYear: Parameter<string>;
  localMatchRatio: Parameter<string>;
  pilotCounties: Parameter<string[]>;
}

export type HqRatingEdition = Edition<HqRatingParameters>;
export type WaterFundEdition = Edition<WaterFundParameters>;
export type MedicalReliefEdition = Edition<MedicalReliefParameters>;
