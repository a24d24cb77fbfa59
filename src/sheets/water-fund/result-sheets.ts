/**
 * The result sheets of 温政办函〔2023〕28号 (docs/interfaces.md): 补偿资金分配 (第八至十一条; with the
 * chart of base and reward per county), 资金筹集 (第三、六、七条), 分配参数 (the edition and the
 * settings). Values stay exact; display rounding is a number format, one per column.
 */
import { Decimal, ONE, dec, sum } from '../../exact/decimal';
import { WAN } from '../../exact/money';
import type { WaterFundEdition } from '../../policies/edition';
import type { Allocation, CountyAllocation } from '../../rules/water-fund/allocate-fund';
import type { Contributions } from '../../rules/water-fund/contributions';
import type { WaterFundParams } from '../../rules/water-fund/parameters';
import { sameCounty } from '../../rules/water-fund/parameters';
import type { WhatIfResult } from '../../rules/water-fund/what-if-split';
import { WHAT_IF_LABELS } from '../../rules/water-fund/what-if-split';
import { ResultCell, ResultSheet, SettingDescriptor, FMT, text, num, int, empty, fixColumnFormat, fixedFormat } from '../result-sheet';
import { FACTOR_FIELDS, labelOf } from './fields';
import { exactText, moneyText } from './format';

type Unit = 'yuan' | 'fen';
const moneyFmt = (unit: Unit) => (unit === 'yuan' ? FMT.yuan : FMT.fen);
const check = (ok: boolean) => (ok ? '✓' : '✗');
const YI = new Decimal(100000000);

/** A total for a chart title as 28号 writes it: 1.7 亿元, 3000 万元, else in yuan. */
export function bigMoneyText(value: Decimal, unit: Unit): string {
  const yi = value.dividedBy(YI);
  if (value.abs().gte(YI) && yi.decimalPlaces() <= 4) return `${yi.toFixed()} 亿元`;
  const wan = value.dividedBy(WAN);
  if (wan.isInteger() && !wan.isZero()) return `${wan.toFixed()} 万元`;
  return `${moneyText(value, unit)} 元`;
}

/** A number of 万元 in a one-value cell of a parameter sheet: its own fixed format. */
const wanCell = (value: Decimal): ResultCell => {
  const wan = value.dividedBy(WAN);
  return num(wan, fixedFormat([wan], 4));
};

/** 计算过程 of one county: the share's terms, the quota, the published base and the reward. */
export function derivation(row: CountyAllocation, params: WaterFundParams, unit: Unit): string {
  const terms = row.terms.map((t) => `${t.weight.toString()}×${exactText(t.value)}/${exactText(t.total)}`).join(' + ');
  const rounding = row.base.equals(row.quota)
    ? '无需取整'
    : `最大余数法取整 ${moneyText(row.base, unit)}${row.baseRoundedUp ? '（余数较大，进一位）' : ''}`;
  let out = `${terms} = ${exactText(row.share, 10)}；×${moneyText(params.baseTotal, 'yuan')} = ${exactText(row.quota, 6)}；${rounding}`;
  if (row.assessment) {
    const a = row.assessment;
    const perf = a.deduction.isZero()
      ? exactText(a.performance)
      : `max(${exactText(a.performanceBefore)}−${exactText(a.deduction)}, 0)=${exactText(a.performance)}${a.floored ? '（扣分超过得分，按 0 计）' : ''}`;
    out += `；考核得分 ${exactText(a.waterQuality)} + ${exactText(a.green.dividedBy(params.limits.greenWeight))}×${params.limits.greenWeight.toString()} + ${exactText(a.management)} + ${perf} = ${exactText(a.score)}`;
  }
  if (row.group && row.groupRank !== null) {
    out += `；${row.group}组第 ${row.groupRank} 名${row.tied ? '（并列）' : ''}，奖励 ${moneyText(row.reward, unit)}`;
    if (!row.reward.equals(row.rewardExact)) out += `（精确值 ${exactText(row.rewardExact)}，最大余数法取整）`;
  }
  return out;
}

/** 补偿资金分配: one row per county and a totals/check row. */
export function allocationSheet(alloc: Allocation, params: WaterFundParams, unit: Unit): ResultSheet {
  const mf = moneyFmt(unit);
  const columns = [
    { header: '县（市、区）', text: true },
    ...FACTOR_FIELDS.map((f) => ({ header: labelOf(f) })),
    { header: '基础部分占比' },
    { header: '基础部分（元）' },
    { header: '入库支流断面水质得分' },
    { header: '绿色发展综合绩效得分' },
    { header: '水源地管理得分' },
    { header: '绩效评价得分（扣分后）' },
    { header: '考核得分' },
    { header: '考核组', text: true },
    { header: '组内名次' },
    { header: '奖励（元）' },
    { header: '合计（元）' },
    { header: '计算过程', width: 60, wrap: true },
    { header: '依据', text: true, width: 30, wrap: true },
    { header: '备注', text: true },
  ];
  const art = params.articles;
  const rows: ResultCell[][] = alloc.rows.map((r) => {
    const a = r.assessment;
    const notes: string[] = [];
    if (r.tied) notes.push('并列');
    if (alloc.withAssessment && r.group === null) notes.push('不属于考核组，无奖励');
    if (a?.floored) notes.push('绩效评价扣分后按 0 计');
    return [
      text(r.county),
      ...FACTOR_FIELDS.map((f) => num(r.values[f], FMT.decimal)),
      num(r.share, FMT.share),
      num(r.base, mf),
      a ? num(a.waterQuality, FMT.score) : empty,
      a ? num(a.green, FMT.score) : empty,
      a ? num(a.management, FMT.score) : empty,
      a ? num(a.performance, FMT.score) : empty,
      a ? num(a.score, FMT.score) : empty,
      r.group ? text(r.group) : empty,
      r.groupRank !== null ? int(r.groupRank) : empty,
      num(r.reward, mf),
      num(r.total, mf),
      text(derivation(r, params, unit)),
      text(alloc.withAssessment
        ? `基础部分：${art.factors}；奖励：${art.groups}；考核得分：第十一条${a && !a.deduction.isZero() ? '、第十四条' : ''}`
        : `基础部分：${art.factors}；奖励：未分配（无考核得分，${art.groups}）`),
      text(notes.join('；')),
    ];
  });
  const shareSum = alloc.rows.reduce((acc, r) => acc.plus(r.share), dec(0));
  const baseOk = alloc.totals.base.equals(params.baseTotal);
  const rewardOk = alloc.totals.reward.equals(params.rewardTotal);
  const totalOk = alloc.totals.total.equals(params.baseTotal.plus(params.rewardTotal));
  const checks = [
    `基础部分合计 = ${moneyText(alloc.totals.base, unit)} ${check(baseOk)}`,
    alloc.withAssessment
      ? `奖励合计 = ${moneyText(alloc.totals.reward, unit)}${rewardOk ? ' ✓' : `（第十条 ${moneyText(params.rewardTotal, unit)}，未分配 ${moneyText(params.rewardTotal.minus(alloc.totals.reward), unit)}）`}`
      : '奖励合计 = 0（无考核得分，未分配奖励部分）',
    `总计 = ${moneyText(alloc.totals.total, unit)}${totalOk ? ' ✓' : ''}`,
  ];
  rows.push([
    text('合计'),
    ...FACTOR_FIELDS.map((f) => num(alloc.factorTotals[f], FMT.decimal)),
    num(shareSum, FMT.share),
    num(alloc.totals.base, mf),
    empty, empty, empty, empty, empty, empty, empty,
    num(alloc.totals.reward, mf),
    num(alloc.totals.total, mf),
    text(checks.join('；')),
    text(`${art.baseTotal}（基础部分 ${moneyText(params.baseTotal, unit)}）；${art.rewardTotal}（奖励部分 ${moneyText(params.rewardTotal, unit)}）`),
    empty,
  ]);
  // The factor values: one format per column (not 339.76, 369.7 and 49 one under the other).
  FACTOR_FIELDS.forEach((_f, i) => fixColumnFormat(rows, 1 + i));
  const baseCol = columns.findIndex((c) => c.header === '基础部分（元）');
  const rewardCol = columns.findIndex((c) => c.header === '奖励（元）');
  const totalCol = columns.findIndex((c) => c.header === '合计（元）');
  return {
    name: '补偿资金分配',
    role: 'result',
    columns,
    rows,
    totalsRows: [rows.length - 1],
    chart: { title: '各县（市、区）补偿资金合计（元）', categoryCol: 0, valueCol: totalCol, kind: 'column' },
    // Base (第八、九条) and reward (第十条) of each county stacked; the year's total in the title.
    charts: alloc.rows.length > 0
      ? [{ title: `各县（市、区）补偿资金（合计 ${bigMoneyText(alloc.totals.total, unit)}）`, kind: 'stacked', categoryCol: 0, valueCols: [baseCol, rewardCol], firstRow: 0, lastRow: alloc.rows.length - 1 }]
      : [],
  };
}

/** 资金筹集: money in (第七条) against money out, plus the 第六条 what-if split when given. */
export function contributionsSheet(c: Contributions, allocated: Decimal, params: WaterFundParams, unit: Unit, whatIf: WhatIfResult | null): ResultSheet {
  const mf = moneyFmt(unit);
  const columns: ResultSheet['columns'] = [
    { header: '出资方', text: true },
    { header: '金额（万元）' },
    { header: '金额（元）' },
    { header: '依据', text: true },
    { header: '说明', width: 60, wrap: true },
  ];
  if (whatIf) {
    columns.push(
      { header: '测算：用水量' }, { header: '测算：人口' }, { header: '测算：用水结构' },
      { header: '测算分担比例' }, { header: '测算分担额（元）' }, { header: '测算与现行差额（元）' },
    );
  }
  const whatIfCells = (district: string | null): ResultCell[] => {
    if (!whatIf) return [];
    const line = district ? whatIf.lines.find((l) => sameCounty(l.district, district)) : undefined;
    if (!line) return [empty, empty, empty, empty, empty, empty];
    const row = whatIf.lines.indexOf(line);
    const input = whatIf.inputs[row];
    return [
      input.waterUse ? num(input.waterUse, FMT.decimal) : empty,
      input.population ? num(input.population, FMT.decimal) : empty,
      input.structure ? num(input.structure, FMT.decimal) : empty,
      num(line.share, FMT.share),
      num(line.amount, mf),
      line.difference ? num(line.difference, mf) : empty,
    ];
  };
  const rows: ResultCell[][] = [];
  rows.push([text(c.city.payer), num(c.city.amount.dividedBy(WAN), FMT.decimal), num(c.city.amount, mf), text(c.city.article), text('市级财政'), ...whatIfCells(null)]);
  for (const d of c.districts) {
    rows.push([text(d.payer), num(d.amount.dividedBy(WAN), FMT.decimal), num(d.amount, mf), text(d.article), text(d.note ?? ''), ...whatIfCells(d.payer)]);
    for (const p of d.parts) {
      // 第七条 counts the part inside its district; the what-if folds a row for it in (docs/rules.md §2.1)
      const folded = whatIf?.lines.find((l) => sameCounty(l.district, d.payer))?.folded.some((x) => sameCounty(x, p.name)) ?? false;
      rows.push([text(`　其中：${p.name}`), num(p.amount.dividedBy(WAN), FMT.decimal), num(p.amount, mf), text(d.article),
        text(`已含在${d.payer} ${moneyText(d.amount, unit)} 元内，不重复计入合计${folded ? `；测算表中的${p.name}一行已并入${d.payer}测算` : ''}`),
        ...(whatIf ? [empty, empty, empty, empty, empty, empty] : [])]);
    }
  }
  if (whatIf) {
    whatIf.lines.forEach((l, i) => {
      if (l.current !== null) return;
      rows.push([text(l.district), empty, empty, text(params.articles.districtReview), text('不在第七条所列用水区域中，仅测算'), ...whatIfCells(whatIf.lines[i].district)]);
    });
  }
  const districtsOk = c.districtTotal.equals(c.annualTotal.minus(c.city.amount));
  const sumWhatIf = whatIf ? [empty, empty, empty, num(ONE, FMT.share), num(whatIf.total, mf), empty] : [];
  rows.push([text('用水区域合计'), num(c.districtTotal.dividedBy(WAN), FMT.decimal), num(c.districtTotal, mf), text(c.districts[0]?.article ?? ''),
    text(`用水区域合计 ${moneyText(c.districtTotal, unit)} ${check(districtsOk)}${whatIf ? `；测算合计 ${moneyText(whatIf.total, unit)} ${check(whatIf.total.equals(whatIf.whole))}` : ''}`), ...sumWhatIf]);
  const balanced = c.totalIn.equals(allocated);
  const inOut = balanced
    ? `筹集合计 ${moneyText(c.totalIn, unit)} = 分配合计 ${moneyText(allocated, unit)} ✓`
    : `筹集合计 ${moneyText(c.totalIn, unit)} ≠ 分配合计 ${moneyText(allocated, unit)}（${moneyText(c.totalIn.minus(allocated), unit)} 为未分配的奖励部分，见校验问题）`;
  rows.push([text('筹集合计'), num(c.totalIn.dividedBy(WAN), FMT.decimal), num(c.totalIn, mf), text(`第三条、${params.articles.annualTotal}`), text(inOut), ...(whatIf ? [empty, empty, empty, empty, empty, empty] : [])]);
  rows.push([text('分配预算'), num(c.budgetOut.dividedBy(WAN), FMT.decimal), num(c.budgetOut, mf), text(params.articles.baseTotal),
    text(`基础部分 ${moneyText(params.baseTotal, unit)} + 奖励部分 ${moneyText(params.rewardTotal, unit)} = ${moneyText(c.budgetOut, unit)} ${check(c.balanced)}`), ...(whatIf ? [empty, empty, empty, empty, empty, empty] : [])]);
  const n = rows.length;
  // 万元 and the 第六条 inputs: one format per column.
  for (const col of [1, 5, 6, 7]) fixColumnFormat(rows, col);
  const sheet: ResultSheet = { name: '资金筹集', role: 'result', columns, rows, totalsRows: [n - 3, n - 2, n - 1] };
  if (whatIf) {
    const w = whatIf.factors.map((f) => `${WHAT_IF_LABELS[f]} ${whatIf.weights[f].toString()}`).join('、');
    rows.push([text('说明'), empty, empty, text(params.articles.districtReview),
      text(`测算列为第六条分担比例评估的假设测算（权重：${w}），按最大余数法精确到${unit === 'yuan' ? '元' : '分'}，不改变第七条现行分担额。`), ...[empty, empty, empty, empty, empty, empty]]);
    sheet.noteRows = [rows.length - 1];
  }
  return sheet;
}

/** A setting as shown on the parameter sheet: the calculators' SettingDescriptor. */
export type SettingRow = SettingDescriptor;

export interface ParameterSheetContext {
  edition: WaterFundEdition;
  params: WaterFundParams;
  settings: SettingRow[];
  /** The fund year computed (docs/rules.md §2); also one of `settings`. */
  fundYear?: number;
  /** The draft edition file when the calculation used one (`--edition`). */
  draftFile?: string | null;
}

/** 分配参数: the edition with each value's article, the open points and the settings. */
export function parametersSheet(ctx: ParameterSheetContext): ResultSheet {
  const { edition, params } = ctx;
  const rows: ResultCell[][] = [];
  const add = (item: string, value: ResultCell, source: string, note = '') => rows.push([text(item), value, text(source), text(note)]);
  if (ctx.draftFile) add('草案版本', text(ctx.draftFile), '按 --edition 给出的草案版本文件计算', '不是现行政策文件的结果，仅供测算比较');
  add('政策文件', text(edition.document), '', '');
  add('文件标题', text(edition.title), '', '');
  add('发布日期', text(edition.published), '', '');
  add('有效期', text(`${edition.effectiveFrom} 至 ${edition.effectiveTo ?? '长期'}`), '第十六条后', '本办法自发布之日起实施，有效期3年');
  const fy = params.fundYears;
  const inRange = ctx.fundYear === undefined ? ''
    : ctx.fundYear >= fy.first && ctx.fundYear <= fy.last
      ? `本次计算 ${ctx.fundYear} 年度（在本文件年度内）`
      : `本次计算 ${ctx.fundYear} 年度，不在本文件年度内，已按本文件计算（见校验问题）`;
  add('资金年度', text(`${fy.first}—${fy.last} 年度`), params.articles.fundYears, `每年安排；按资金年度选用政策文件${inRange ? `；${inRange}` : ''}`);
  add('专项资金总额（万元）', wanCell(params.annualTotal), params.articles.annualTotal, '每年');
  add('市财政筹集（万元）', wanCell(params.cityShare), params.articles.cityShare, '');
  for (const d of params.districtShares) {
    add(`用水区域筹集：${d.district}（万元）`, wanCell(d.amount), params.articles.districtShares, d.note ?? '');
  }
  add('用水区域分担比例评估', text('以实际用水量为主，兼顾人口、用水结构'), params.articles.districtReview, '每三年评估调整一次；本工具提供测算（见设置）');
  add('受偿县（市、区）', text(params.recipients.map((r) => `${r.county}（${r.source}）`).join('；')), params.articles.recipients,
    '所列县未填写的，基础部分在所填各县之间分配；未列入的县照算；两者均提示（本工具做法，条文未规定）');
  add('县（市、区）名称', text('比较时不计空格、全半角和末尾的县/市/区（文成 = 文成县），温州海经区 = 海经区；结果中照录所填写法'), '第七条；本工具做法', '第六条测算中，温州湾新区一行并入龙湾区（第七条：龙湾区1280万元（温州湾新区780万元）；本工具做法）');
  add('基础部分（万元）', wanCell(params.baseTotal), params.articles.baseTotal, '按因素占比分配');
  for (const f of params.factors) {
    add(`基础部分权重：${f.label}`, num(f.weight, FMT.percent), params.articles.factors, `按${f.verifiedBy}确认的数值占比计算`);
  }
  add('奖励部分（万元）', wanCell(params.rewardTotal), params.articles.rewardTotal, '按水源地生态保护年度考核结果分配');
  for (const g of params.groups) {
    add(g.label, text(g.counties.join('、')), params.articles.groups,
      g.prizes.map((p, i) => `第${i + 1}名 ${p.dividedBy(WAN).toString()}万元`).join('，'));
  }
  const L = params.limits;
  add('入库支流断面水质满分', num(L.waterQualityMax, FMT.score), '第十一条', '市生态环境局提供');
  add('绿色发展综合绩效', text(`绿色发展模块得分率 × ${L.greenWeight.toString()}`), '第十一条', '得分率 0–100%');
  add('水源地管理满分', num(L.managementMax, FMT.score), '第十一条', '市生态环境局提供');
  add('绩效评价满分', num(L.performanceMax, FMT.score), '第十一条、第十四条', '市财政局提供；第十四条扣分后最低为 0');
  const groupNames = params.groups.map((g) => g.group);
  add('考核组', text(`默认按县名（${params.groups.map((g) => `${g.counties.join('、')}为${g.group}组`).join('，')}），可在「考核组」列改填 ${groupNames.join(' 或 ')}`), params.articles.groups,
    `改填的组与${params.articles.groups}不同时照改填的组计算，并提示（本工具做法，条文未规定）`);
  add('组内排名', text('按考核得分从高到低，精确比较到小数点后20位；得分相同为并列（1、1、3）'), '本工具做法（条文未规定）', '');
  const example = params.groups.find((g) => g.prizes.length >= 2);
  const exampleText = example ? `（${example.group}组并列第一：各${sum(example.prizes.slice(0, 2)).dividedBy(2).dividedBy(WAN).toString()}万元）` : '';
  add('并列名次的奖励', text(`并列各县平分所占名次的奖励之和${exampleText}，标注并列`), '本工具做法（条文未规定）', '固定规则（条文未规定）');
  add(`不在${groupNames.join('、')}组的县`, text(`不参与奖励分配；奖励合计为实际兑现名次之和，少于${params.rewardTotal.dividedBy(WAN).toString()}万元时提示`), '本工具做法（条文未规定）', '');
  add('取整方法', text('最大余数法：各部分先取整到发布单位，剩余单位依次给余数最大者，各部分之和恰等于总额'), '本工具做法（条文未规定）', '');
  add('余数相同时', text('余数比较到小数点后20位，相同时按输入顺序在前者优先'), '本工具做法（条文未规定）', '');
  for (const s of ctx.settings) {
    add(`设置：${s.label}`, text(s.shown?.value ?? s.value), s.source, `默认 ${s.shown?.defaultValue ?? s.defaultValue}；${s.changed ? '已修改' : '未修改（默认）'}`);
  }
  return {
    name: '分配参数',
    role: 'parameters',
    columns: [{ header: '项目', wrap: true }, { header: '值', wrap: true }, { header: '依据', wrap: true }, { header: '说明', width: 50, wrap: true }],
    rows,
  };
}
