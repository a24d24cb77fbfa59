/**
 * Rule findings of 温政办函〔2023〕28号 (base-shares, assessment-score, group-rewards, what-if-split)
 * as Chinese problems naming sheet and cell.
 */
import { Problem, error, warning } from '../problem';
import { Decimal, shortText } from '../../exact/decimal';
import { unitSize, WAN } from '../../exact/money';
import type { Allocation, AllocationIssue } from '../../rules/water-fund/allocate-fund';
import type { RewardIssue } from '../../rules/water-fund/group-rewards';
import type { WhatIfIssue, WhatIfNote } from '../../rules/water-fund/what-if-split';
import { WHAT_IF_LABELS } from '../../rules/water-fund/what-if-split';
import type { WaterFundParams } from '../../rules/water-fund/parameters';
import { sameCounty } from '../../rules/water-fund/parameters';
import type { WaterFundInput } from './read-input';
import type { WhatIfInput } from './read-what-if';
import { labelOf, WaterFundField } from './fields';
import { groupDigits, moneyText } from './format';

/**
 * The share of each tied county (docs/rules.md §2.4): the tied places' sum ÷ the number of counties.
 * Exact when it divides to the publishing unit; otherwise the exact quotient is shown as such
 * (20,000,000 ÷ 3 ≈ 6,666,666.67, not a rounded "6,666,667") beside the published amounts, which
 * are apportioned by largest remainder so that they add up to the sum (docs/rules.md §2.5).
 */
function tieShareText(issue: Extract<RewardIssue, { code: 'tie' }>, unit: 'yuan' | 'fen', alloc: Allocation | undefined, name: (i: number) => string): string {
  const each = issue.amountEach;
  const n = issue.members.length;
  const whole = issue.amount;
  if (each.mod(unitSize(unit)).isZero()) return `每县 ${moneyText(each, unit)} 元`;
  const approx = groupDigits(shortText(each, unit === 'yuan' ? 2 : 4).replace(/…$/, ''));
  const published = alloc
    ? `：${issue.members.map((i) => `${name(i)} ${moneyText(alloc.rows[i].reward, unit)} 元`).join('、')}`
    : '';
  // digits cut, not rounded, before the "…": 6,666,666.666666… (the repeating decimal)
  const exact = `${groupDigits(each.toFixed(6, Decimal.ROUND_DOWN))}…`;
  return `每县 ${moneyText(whole, unit)} 元 ÷ ${n} = ${exact} 元（除不尽，≈ ${approx} 元）；发布金额按最大余数法取整，合计仍为 ${moneyText(whole, unit)} 元${published}`;
}

const COMPONENT_FIELD: Record<string, WaterFundField> = {
  waterQuality: 'waterQuality', greenRate: 'greenRate', management: 'management', performance: 'performance', deduction: 'deduction',
};

export function allocationProblem(item: AllocationIssue, input: WaterFundInput, params: WaterFundParams, unit: 'yuan' | 'fen', alloc?: Allocation): Problem {
  const sheet = input.sheet;
  const countyCell = (i: number) => input.rows[i]?.cells.county ?? null;
  const name = (i: number) => input.counties[i]?.county ?? `第 ${i + 1} 行`;
  const names = (ix: number[]) => ix.map(name).join('、');
  const money = (d: Decimal) => `${moneyText(d, unit)} 元`;
  if (item.source === 'base') {
    const issue = item.issue;
    switch (issue.code) {
      case 'factor-sum-zero':
        return error(sheet, input.headerCells[issue.field] ?? null, `「${labelOf(issue.field)}」一列合计为 0，无法按占比分配基础部分（第九条）。`);
      case 'weights-not-one':
        return error(sheet, null, `政策版本中第九条各因素权重之和为 ${issue.total.toString()}，不等于 100%，无法计算。`);
      case 'negative-value':
        return error(sheet, input.rows[issue.row]?.cells[issue.field] ?? null, `「${labelOf(issue.field)}」不能为负数。`);
      case 'no-counties':
        return error(sheet, null, `工作表「${sheet}」没有县（市、区）数据行。`);
    }
  }
  if (item.source === 'assessment') {
    const issue = item.issue;
    const field = COMPONENT_FIELD[issue.component];
    const cell = input.rows[item.row]?.cells[field] ?? null;
    if (issue.code === 'negative') return error(sheet, cell, `「${labelOf(field)}」不能为负数：${issue.value.toString()}。`);
    const max = issue.component === 'greenRate' ? '100%' : issue.max.toString();
    return error(sheet, cell, `「${labelOf(field)}」不能超过 ${max}（第十一条）：${issue.value.toString()}。`);
  }
  const issue = item.issue;
  const groupLabel = (g: string) => params.groups.find((x) => x.group === g)?.label ?? `考核${g}组`;
  switch (issue.code) {
    case 'tie': {
      const last = issue.rank + issue.members.length - 1;
      return warning(sheet, countyCell(issue.members[0]),
        `${groupLabel(issue.group)}并列第 ${issue.rank} 名：${names(issue.members)} 考核得分相同（比较到小数点后20位），按本工具做法平分第 ${issue.rank}—${last} 名的奖励，${tieShareText(issue, unit, alloc, name)}。请提交评审确认。`);
    }
    case 'group-override': {
      const byName = issue.byName === null
        ? `${params.articles.groups}所列考核组（${params.groups.map((g) => `${g.group}组：${g.counties.join('、')}`).join('；')}）不含「${name(issue.index)}」`
        : `${params.articles.groups}将「${name(issue.index)}」列为${groupLabel(issue.byName)}`;
      return warning(sheet, input.rows[issue.index]?.cells.group ?? null,
        `「考核组」填为 ${issue.given}，而${byName}：已按所填 ${issue.given} 组参加排名和奖励，请核实。`);
    }
    case 'no-group':
      return warning(sheet, countyCell(issue.index), `「${name(issue.index)}」不属于考核A组或B组（第十条），不参与奖励分配；如属误填，请在「考核组」列填 A 或 B。`);
    case 'group-short':
      return warning(sheet, null, `${groupLabel(issue.group)}只有 ${issue.counties} 个县（市、区）参加排名，设 ${issue.places} 个名次，其余名次奖励 ${money(issue.unpaid)} 无人获得，不予分配。`);
    case 'group-over':
      return warning(sheet, null, `${groupLabel(issue.group)}有 ${issue.counties} 个县（市、区），只设 ${issue.places} 个名次（第十条），第 ${issue.places + 1} 名及以后无奖励。`);
    case 'total-short':
      return warning(sheet, null, `奖励部分实际分配 ${money(issue.paid)}，少于第十条规定的 ${money(issue.rewardTotal)}（${money(issue.rewardTotal.minus(issue.paid))} 未分配）。`);
    case 'missing-score':
      return error(sheet, countyCell(issue.index), `「${name(issue.index)}」属于考核组，但缺少考核得分。`);
  }
}

export function whatIfProblem(issue: WhatIfIssue, input: WhatIfInput): Problem {
  const sheet = input.sheet;
  switch (issue.code) {
    case 'no-rows': return error(sheet, null, `工作表「${sheet}」没有用水区域数据行。`);
    case 'weights-zero': return error(sheet, null, '分担测算权重（用水量、人口、用水结构）全部为 0，无法测算（第六条）；请至少给一项大于 0 的权重。');
    case 'negative-weight': return error(sheet, null, `分担测算权重「${WHAT_IF_LABELS[issue.factor]}」不能为负数。`);
    case 'missing-value': {
      const cell = input.cells[issue.row]?.[issue.factor] ?? null;
      return cell
        ? error(sheet, cell, `「${WHAT_IF_LABELS[issue.factor]}」不能为空（其测算权重大于 0）。`)
        : error(sheet, null, `缺少「${WHAT_IF_LABELS[issue.factor]}」列，但其测算权重大于 0。`);
    }
    case 'negative-value': return error(sheet, input.cells[issue.row]?.[issue.factor] ?? null, `「${WHAT_IF_LABELS[issue.factor]}」不能为负数。`);
    case 'factor-sum-zero': return error(sheet, input.headerCells[issue.factor] ?? null, `「${WHAT_IF_LABELS[issue.factor]}」一列合计为 0，无法按占比测算。`);
  }
}

export function whatIfNoteProblem(note: WhatIfNote, input: WhatIfInput, params: WaterFundParams): Problem {
  const art = params.articles.districtShares;
  if (note.code === 'unknown-district') {
    return warning(input.sheet, input.cells[note.row]?.district ?? null, `「${input.rows[note.row].district}」不在${art}所列用水区域中，测算照算，无现行分担额可比。`);
  }
  if (note.code === 'part-folded') {
    const d = params.districtShares.find((x) => x.district === note.district);
    const p = d?.parts.find((x) => sameCounty(x.name, note.part));
    const wan = (v: Decimal) => v.dividedBy(WAN).toString();
    const quote = d && p ? `${art}：${d.district}${wan(d.amount)}万元（${p.name}${wan(p.amount)}万元）` : art;
    const where = note.districtRow !== null
      ? `本行的用水量、人口、用水结构已与「${input.rows[note.districtRow].district}」一行（${input.cells[note.districtRow]?.district ?? ''}）相加，合为一行测算；如「${input.rows[note.districtRow].district}」一行已含${note.part}，请删去本行`
      : `表中没有「${note.district}」一行，本行即按${note.district}测算`;
    return warning(input.sheet, input.cells[note.row]?.district ?? null,
      `「${note.part}」并入${note.district}测算（${quote}，${note.part}的分担额含在${note.district}之内）：${where}。`);
  }
  return warning(input.sheet, null, `${art}所列用水区域「${note.district}」未在测算表中填写，测算中不分担。`);
}
