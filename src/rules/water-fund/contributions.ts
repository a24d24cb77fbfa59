/**
 * 温政办函〔2023〕28号 第三条、第六条、第七条 — 专项资金筹集 (money in).
 *
 * 第三条: 专项资金由市级财政、用水区域县（市、区）财政共同保障，由市人民政府筹集后向…水源地所在县（市、区）
 * 政府财政转移支付.
 * 第七条: 每年安排专项资金总额1.7亿元，由市财政筹集专项资金1亿元，用水区域县（市、区）财政筹集专项资金
 * 7000万元，其中鹿城区1650万元、龙湾区1280万元（温州湾新区780万元）、…龙港市610万元。
 * 第六条: the district shares are reviewed every three years (see what-if-split.ts).
 * 第八条: the money goes out as 基础部分1.4亿元 + 奖励部分3000万元.
 *
 * The checks: city + Σ districts = annual total (in), base + reward = annual total (out), and
 * every named part of a district (温州湾新区) lies within that district's amount.
 */
import { Decimal, sum } from '../../exact/decimal';
import type { WaterFundParams } from './parameters';

export interface Contribution {
  payer: string;
  /** yuan */
  amount: Decimal;
  article: string;
  note?: string;
  /** Named parts inside this amount (not added again). */
  parts: Array<{ name: string; amount: Decimal }>;
}

export interface Contributions {
  city: Contribution;
  districts: Contribution[];
  districtTotal: Decimal;
  /** Money in: city + districts. */
  totalIn: Decimal;
  /** The edition's annual total (第七条). */
  annualTotal: Decimal;
  /** Money out as budgeted (第八条): base + reward. */
  budgetOut: Decimal;
  /** in = annual total = base + reward. */
  balanced: boolean;
  /** Named parts that exceed their district's amount (edition errors). */
  partsExceeding: Array<{ district: string; part: string }>;
}

/** 温政办函〔2023〕28号 第三、六、七条: who pays in and whether in = out. */
export function contributions(params: WaterFundParams): Contributions {
  const city: Contribution = { payer: '市财政', amount: params.cityShare, article: params.articles.cityShare, parts: [] };
  const districts: Contribution[] = params.districtShares.map((d) => ({
    payer: d.district, amount: d.amount, article: params.articles.districtShares, note: d.note, parts: d.parts,
  }));
  const districtTotal = sum(districts.map((d) => d.amount));
  const totalIn = city.amount.plus(districtTotal);
  const budgetOut = params.baseTotal.plus(params.rewardTotal);
  const partsExceeding = districts.flatMap((d) => d.parts.filter((p) => p.amount.greaterThan(d.amount)).map((p) => ({ district: d.payer, part: p.name })));
  return {
    city, districts, districtTotal, totalIn, annualTotal: params.annualTotal, budgetOut,
    balanced: totalIn.equals(params.annualTotal) && budgetOut.equals(params.annualTotal),
    partsExceeding,
  };
}
