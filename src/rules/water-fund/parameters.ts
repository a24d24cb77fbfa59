/**
 * 温政办函〔2023〕28号《温州市级饮用水水源地生态保护补偿专项资金管理办法（2023—2025年）》:
 * the edition's parameters as exact decimals in yuan. Every amount keeps the article it comes
 * from (第七条 fund years and money in, 第四条 recipients, 第八、九条 base part, 第十、十一条 reward
 * part, 第十四条 deduction).
 * Nothing here is hard-coded: a new round is a new edition file.
 */
import { Decimal, dec } from '../../exact/decimal';
import { WAN } from '../../exact/money';
import type { WaterFactor, WaterFundEdition } from '../../policies/edition';
import { sameCounty } from '../counties/county-names';

export { countyKey, sameCounty } from '../counties/county-names';

export type RewardGroup = 'A' | 'B';

export interface FactorParam {
  field: WaterFactor;
  label: string;
  weight: Decimal;
  verifiedBy: string;
}

export interface GroupParam {
  group: RewardGroup;
  label: string;
  counties: string[];
  /** Amount per place in yuan: prizes[0] for the 1st place, … (第十条). */
  prizes: Decimal[];
}

export interface AssessmentLimits {
  waterQualityMax: Decimal;
  /** 绿色发展综合绩效 = 绿色发展模块得分率 × greenWeight (第十一条). */
  greenWeight: Decimal;
  managementMax: Decimal;
  performanceMax: Decimal;
}

export interface DistrictShare {
  district: string;
  amount: Decimal;
  note?: string;
  parts: Array<{ name: string; amount: Decimal }>;
}

export interface WaterFundParams {
  document: string;
  /** 第七条: the fund years the amounts are for ("2023—2025年，每年安排…"), both ends included. */
  fundYears: { first: number; last: number };
  /** 第七条: annual total, yuan. */
  annualTotal: Decimal;
  /** 第七条: 市财政, yuan. */
  cityShare: Decimal;
  /** 第七条: user districts, yuan. */
  districtShares: DistrictShare[];
  /** 第四条. */
  recipients: Array<{ county: string; source: string }>;
  /** 第八条: base part, yuan. */
  baseTotal: Decimal;
  /** 第九条. */
  factors: FactorParam[];
  /** 第八条、第十条: reward part, yuan. */
  rewardTotal: Decimal;
  /** 第十条. */
  groups: GroupParam[];
  /** 第十一条. */
  limits: AssessmentLimits;
  articles: {
    fundYears: string; annualTotal: string; cityShare: string; districtShares: string; recipients: string; baseTotal: string;
    factors: string; rewardTotal: string; groups: string; limits: string; districtReview: string;
  };
}

const wan = (v: string): Decimal => dec(v).times(WAN);

/** 温政办函〔2023〕28号 第七至十一条: the edition's values converted from 万元 to yuan. */
export function waterFundParams(edition: WaterFundEdition): WaterFundParams {
  const p = edition.parameters;
  return {
    document: edition.document,
    fundYears: { first: p.fundYears.value.first, last: p.fundYears.value.last },
    annualTotal: wan(p.annualTotalWan.value),
    cityShare: wan(p.cityShareWan.value),
    districtShares: p.districtSharesWan.value.map((d) => ({
      district: d.district,
      amount: wan(d.amount),
      note: d.note,
      parts: (d.parts ?? []).map((x) => ({ name: x.name, amount: wan(x.amount) })),
    })),
    recipients: p.recipients.value.map((r) => ({ ...r })),
    baseTotal: wan(p.baseTotalWan.value),
    factors: p.baseFactors.value.map((f) => ({ field: f.field, label: f.label, weight: dec(f.weight), verifiedBy: f.verifiedBy })),
    rewardTotal: wan(p.rewardTotalWan.value),
    groups: p.rewardGroups.value.map((g) => ({ group: g.group, label: g.label, counties: [...g.counties], prizes: g.prizesWan.map(wan) })),
    limits: {
      waterQualityMax: dec(p.assessmentComponents.value.waterQualityMax),
      greenWeight: dec(p.assessmentComponents.value.greenWeight),
      managementMax: dec(p.assessmentComponents.value.managementMax),
      performanceMax: dec(p.assessmentComponents.value.performanceMax),
    },
    articles: {
      fundYears: p.fundYears.article,
      annualTotal: p.annualTotalWan.article,
      cityShare: p.cityShareWan.article,
      districtShares: p.districtSharesWan.article,
      recipients: p.recipients.article,
      baseTotal: p.baseTotalWan.article,
      factors: p.baseFactors.article,
      rewardTotal: p.rewardTotalWan.article,
      groups: p.rewardGroups.article,
      limits: p.assessmentComponents.article,
      districtReview: p.districtReviewYears.article,
    },
  };
}

/** 温政办函〔2023〕28号 第十条: the group a county belongs to by name, or null (no reward). */
export function defaultGroup(county: string, groups: readonly GroupParam[]): RewardGroup | null {
  const g = groups.find((x) => x.counties.some((c) => sameCounty(c, county)));
  return g ? g.group : null;
}

// 第四条 (who receives): rules/water-fund/recipients.ts.
