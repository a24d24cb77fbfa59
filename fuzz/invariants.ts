/**
 * What every run must satisfy, whatever the input (issue «hardened against what arrives by
 * e-mail», «Done means»): the JSON of a computed run obeys the rules' invariants — sums, bands, the
 * relief formula, the fund split — and repeats input texts byte for byte; nothing prints an
 * unmasked ID number. Each function returns the broken invariants as sentences (empty = fine).
 * Decimal arithmetic only (decimal.js), as in the calculators.
 */
import { Decimal } from '../src/exact/decimal';
import { isIdNumber } from '../src/rules/medical-relief/mask-id';

type Json = Record<string, unknown>;
const D = (v: unknown) => new Decimal(String(v));
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** Ranks, bands, total = base + bonuses, scores within their weights, tier counts. */
export function hqInvariants(json: Json, texts: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const weights: Record<string, number> = { revenue: 30, localContribution: 50, rdExpense: 10, pensionRate: 10 };
  const results = list(json.results);
  let lastRank = 0;
  results.forEach((r, i) => {
    const rank = r.rank as number;
    if (rank < lastRank || rank > i + 1) out.push(`名次不单调：第 ${i + 1} 个结果名次 ${rank}`);
    lastRank = rank;
    const band = rank <= 5 ? 5 : rank <= 15 ? 4 : rank <= 30 ? 3 : rank <= 60 ? 2 : 1;
    if (r.stars !== band) out.push(`名次 ${rank} 的星级为 ${r.stars}，应为 ${band}`);
    const scores = r.scores as Json;
    let base = new Decimal(0);
    for (const [k, w] of Object.entries(weights)) {
      const s = D(scores[k]);
      if (s.isNegative() || s.greaterThan(w)) out.push(`「${r.name}」${k} 得分 ${s} 超出 0—${w}`);
      base = base.plus(s);
    }
    if (!base.minus(D(r.base)).abs().lessThan('1e-25')) out.push(`「${r.name}」基本分 ${r.base} ≠ 各项之和 ${base}`);
    const bonus = r.bonus as Json;
    if (!D(r.base).plus(D(bonus.top500)).plus(D(bonus.listing)).minus(D(r.total)).abs().lessThan('1e-25')) out.push(`「${r.name}」总分不等于基本分 + 附加分`);
    if (!['0', '1', '2', '3', '5'].includes(String(bonus.top500))) out.push(`「${r.name}」榜单加分 ${bonus.top500} 不是 0/1/2/3/5`);
    if (i > 0 && D(results[i - 1].total).lessThan(D(r.total))) out.push(`总分未从高到低：${results[i - 1].total} < ${r.total}`);
    if (!texts.has(String(r.name))) out.push(`企业名称「${r.name}」不是输入中的原文`);
  });
  const tiers = list(json.tierCounts).reduce((a, t) => a + (t.count as number), 0);
  if (tiers !== results.length) out.push(`各星级家数之和 ${tiers} ≠ 参评 ${results.length}`);
  for (const n of list(json.notCounted)) if (!texts.has(String(n.name))) out.push(`未计入清单中的名称「${n.name}」不是输入原文`);
  for (const e of list(json.excluded)) if (!texts.has(String(e.name))) out.push(`取消资格清单中的名称「${e.name}」不是输入原文`);
  return out;
}

/** Published parts add up to the whole; total = base + reward per county; counties as typed. */
export function waterInvariants(json: Json, texts: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const results = list(json.results);
  const totals = json.totals as Json;
  let base = new Decimal(0);
  let reward = new Decimal(0);
  for (const r of results) {
    if (!D(r.base).plus(D(r.reward)).equals(D(r.total))) out.push(`「${r.county}」合计 ≠ 基础 + 奖励`);
    if (D(r.base).isNegative() || D(r.reward).isNegative()) out.push(`「${r.county}」金额为负`);
    base = base.plus(D(r.base));
    reward = reward.plus(D(r.reward));
    if (!texts.has(String(r.county))) out.push(`县名「${r.county}」不是输入中的原文`);
  }
  if (results.length > 0 && !base.equals(D(totals.base))) out.push(`基础部分之和 ${base} ≠ ${totals.base}`);
  if (results.length > 0 && !base.equals(140_000_000)) out.push(`基础部分之和 ${base} ≠ 140,000,000`);
  if (!reward.equals(D(totals.reward))) out.push(`奖励部分之和 ${reward} ≠ ${totals.reward}`);
  if (reward.greaterThan(30_000_000)) out.push(`奖励部分 ${reward} 超过 30,000,000`);
  if (!D(totals.base).plus(D(totals.reward)).equals(D(totals.total))) out.push('总额 ≠ 基础 + 奖励');
  return out;
}

const THRESHOLD = new Decimal(120000);
const CAP = new Decimal(100000);

/** relief = min(max(selfPay − 120,000, 0), 100,000); city + local = relief to the fen; sums. */
export function reliefInvariants(json: Json, texts: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let total = new Decimal(0);
  for (const f of list(json.families)) {
    const expected = Decimal.min(Decimal.max(D(f.selfPay).minus(THRESHOLD), 0), CAP);
    if (!expected.equals(D(f.relief))) out.push(`家庭「${f.familyId}」化解 ${f.relief}，应为 ${expected}`);
    if (!texts.has(String(f.familyId))) out.push(`家庭编号「${f.familyId}」不是输入中的原文`);
    if (!texts.has(String(f.county))) out.push(`家庭的县名「${f.county}」不是输入中的原文`);
    total = total.plus(D(f.relief));
  }
  let counties = new Decimal(0);
  for (const c of list(json.counties)) {
    const relief = D(c.relief);
    counties = counties.plus(relief);
    if (!D(c.cityFund).plus(D(c.localMatch)).equals(relief)) out.push(`「${c.county}」市级 + 地方 ≠ 化解`);
    if (D(c.cityFund).decimalPlaces() > 2 || D(c.localMatch).decimalPlaces() > 2) out.push(`「${c.county}」金额不到分`);
    if (c.pilot === false && !D(c.cityFund).isZero()) out.push(`非试点「${c.county}」市级资金不为 0`);
    if (c.pilot === true && !D(c.cityFund).equals(relief.dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_FLOOR))) out.push(`试点「${c.county}」市级资金不是化解金额的一半（向下到分）`);
    if (!texts.has(String(c.county))) out.push(`县名「${c.county}」不是输入中的原文`);
  }
  if (!total.equals(D(json.total))) out.push(`各户化解之和 ${total} ≠ 总额 ${json.total}`);
  if (!counties.equals(D(json.total))) out.push(`各县化解之和 ${counties} ≠ 总额 ${json.total}`);
  return out;
}

const ID_SHAPED = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/** Every valid ID number printed in full in a text (CLI output, a result sheet). */
export function unmaskedIds(text: string): string[] {
  return (text.match(ID_SHAPED) ?? []).filter((m) => isIdNumber(m));
}
