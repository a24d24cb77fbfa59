/**
 * 饮用水水源地生态保护补偿资金 — the public entry for 温政办函〔2023〕28号
 * 《温州市级饮用水水源地生态保护补偿专项资金管理办法（2023—2025年）》 (docs/rules.md §2).
 *
 * Settings (all shown on 分配参数):
 *  - fundYear: the fund year (资金年度) computed, CLI `--fund-year YYYY` (docs/rules.md §2). Default the
 *    calendar year before today: the scores of year Y arrive by the end of March of Y+1 (第十一条
 *    "各有关部门于次年3月底前将得分情况反馈"). It chooses the edition (第七条 "2023—2025年，每年安排…"):
 *    the edition whose fund years include it, else the nearest with a warning;
 *  - date (deprecated, CLI `--date YYYY-MM-DD`, the option that chose the edition in force on a
 *    date before fund years): still accepted — alone it means the fund year of that date's year,
 *    with a warning that it is superseded by fundYear; given together with fundYear it is refused;
 *  - unit: 'yuan' (default) | 'fen' — publishing unit (docs/rules.md §2.5), CLI `--unit yuan|fen`;
 *  - whatIfWeights: 第六条 what-if weights 用水量 / 人口 / 用水结构 (default 1 / 0 / 0).
 * The what-if split of the districts' 7000万元 (第六条) is computed when the caller passes a second
 * sheet (`run(grid, settings, { whatIfGrid })`), or on its own with `whatIfDistrictSplit`.
 */
import { Decimal, dec, decimalText } from '../exact/decimal';
import { RoundingUnit, unitSize } from '../exact/money';
import type { IsoDate, WaterFundEdition } from '../policies/edition';
import { editionForFundYear, fundYearsOf, todayIso } from '../policies/registry';
import type { DraftEdition } from '../policies/schema';
import type { SheetGrid } from '../sheets/grid';
import { Problem, warning, hasErrors } from '../sheets/problem';
import { ResultSheet, markDraft, problemsSheet, withDocument } from '../sheets/result-sheet';
import { isValidIsoDate } from '../sheets/parse-cell';
import { allocateFund, Allocation } from '../rules/water-fund/allocate-fund';
import { contributions, Contributions } from '../rules/water-fund/contributions';
import { countyKey, waterFundParams, WaterFundParams } from '../rules/water-fund/parameters';
import {
  whatIfSplit, WhatIfFactor, WhatIfResult, WHAT_IF_FACTORS, WHAT_IF_LABELS, DEFAULT_WHAT_IF_WEIGHTS,
} from '../rules/water-fund/what-if-split';
import { WATER_FUND_FIELDS } from '../sheets/water-fund/fields';
import { readWaterFundInput } from '../sheets/water-fund/read-input';
import { readWhatIfInput, WhatIfInput } from '../sheets/water-fund/read-what-if';
import { allocationProblem, whatIfNoteProblem, whatIfProblem } from '../sheets/water-fund/issue-problems';
import { allocationSheet, contributionsSheet, parametersSheet } from '../sheets/water-fund/result-sheets';
import { moneyJson, moneyText } from '../sheets/water-fund/format';
import type { Calculator, CalculationOutcome, CalculatorOption, ReportedOutcome, SettingDescriptor, SettingsResult } from './types';
import type { EditionJson, WaterFundReport } from './report';

export interface WaterFundSettings {
  /** Publishing unit (docs/rules.md §2.5): whole yuan (default) or fen. */
  unit: RoundingUnit;
  /** The fund year (资金年度) computed; chooses the edition (docs/rules.md §2). Default: last year. */
  fundYear: number;
  /** The day the settings were made (today): the default fund year is the year before it. */
  today: IsoDate;
  /**
   * The date of the deprecated `date` option (CLI --date) when given — the fund year is then its
   * year — else today. Kept in the JSON settings as before.
   */
  date: IsoDate;
  /** 第六条 what-if weights as exact decimal strings (default 用水量 1, 人口 0, 用水结构 0). */
  whatIfWeights: Record<WhatIfFactor, string>;
  /** Whether each setting was given by the user (for the parameter sheet). */
  given?: { unit?: boolean; fundYear?: boolean; date?: boolean; whatIfWeights?: boolean };
  /** A draft edition (`--edition FILE.json`) used instead of the edition of the fund year. */
  draft?: DraftEdition<WaterFundEdition>;
}

/** The options of `wzpolicy water-fund` (docs/interfaces.md「1.3」); cli/main.ts builds the flags from them. */
export const WATER_FUND_OPTIONS: readonly CalculatorOption[] = [
  { key: 'unit', flag: '--unit', value: '<yuan|fen>', help: '公布金额精确到元(yuan)或分(fen)（默认 yuan），按最大余额法分配' },
  {
    key: 'fundYear', flag: '--fund-year', value: '<YYYY>', help: '资金年度：按该年度的政策文件计算（默认：上一年度，Y 年度得分于次年 3 月底前反馈）；不在已收录文件年度内时按最近的文件计算并提示',
    // settingsFrom reads a blank value as "not given" (an empty pane field); on the command line an
    // empty --fund-year is a mistake
    emptyMessage: '--fund-year 需要一个四位年份（资金年度），例如 --fund-year 2024。',
  },
  { key: 'date', flag: '--date', value: '<YYYY-MM-DD>', help: '已停用，由 --fund-year 取代：取该日期所在年份为资金年度并给出提示；不能与 --fund-year 同时使用' },
  { key: 'whatIfSheet', flag: '--what-if-sheet', value: '<NAME>', help: '同一工作簿中的用水量测算表（县（市、区）、用水量，可选人口、用水结构）：按第六条测算 7000 万元的分担', sheetRunOption: 'whatIfGrid' },
  { key: 'whatIfWeights', flag: '--what-if-weights', value: '<用水量,人口,用水结构>', help: '用水区域分担测算的权重（默认只按用水量）' },
];

export interface WaterFundRunOptions {
  mapping?: Record<string, number>;
  /** Optional second sheet with 县（市、区） + 用水量 (+ 人口, 用水结构) for the 第六条 what-if split. */
  whatIfGrid?: SheetGrid;
}

const KIND = 'water-fund' as const;
const TITLE = '饮用水水源地生态保护补偿资金';
const TEMPLATE_SHEET = '水源地补偿资金';

/**
 * The default fund year (docs/rules.md §2): the calendar year before `today`, since the scores of
 * year Y arrive by the end of March of Y+1 (温政办函〔2023〕28号 第十一条).
 */
export function defaultFundYear(today: IsoDate): number {
  return Number(today.slice(0, 4)) - 1;
}

/**
 * A fund year as typed (CLI --fund-year, the pane): four digits, full-width digits and a trailing
 * 年 / 年度 accepted ("２０２４年度" = 2024); a Chinese message otherwise.
 */
export function parseFundYear(text: string): number | string {
  const t = text.normalize('NFKC').trim().replace(/\s*年度?$/, '');
  if (!/^[1-9]\d{3}$/.test(t)) return `资金年度（--fund-year）应为四位年份，例如 2024，不能是「${text}」。`;
  return Number(t);
}

function defaultSettings(today: IsoDate): WaterFundSettings {
  return { unit: 'yuan', fundYear: defaultFundYear(today), today, date: today, whatIfWeights: { ...DEFAULT_WHAT_IF_WEIGHTS } };
}

/** '1,0.5,0' or '用水量=1,人口=0.5' or 'waterUse=1,population=0.5' → weights. */
export function parseWhatIfWeights(text: string): Record<WhatIfFactor, string> | string {
  const parts = text.split(/[,，;；、]/).map((p) => p.trim()).filter((p) => p !== '');
  const out: Record<WhatIfFactor, string> = { ...DEFAULT_WHAT_IF_WEIGHTS };
  const named = parts.some((p) => /[=:：]/.test(p));
  if (!named) {
    // Exactly three: "1,2" would silently mean 1,2,0.
    if (parts.length !== 3) return `测算权重应写成「用水量,人口,用水结构」三个数（现为 ${parts.length} 个），例如 1,0.5,0；或写成「用水量=1,人口=0.5」。`;
    WHAT_IF_FACTORS.forEach((f, i) => { out[f] = parts[i] ?? '0'; });
  } else {
    for (const f of WHAT_IF_FACTORS) out[f] = '0';
    for (const p of parts) {
      const [k, v] = p.split(/[=:：]/).map((x) => x.trim());
      const factor = WHAT_IF_FACTORS.find((f) => f === k || WHAT_IF_LABELS[f] === k);
      if (!factor) return `测算权重中「${k}」不是用水量、人口或用水结构。`;
      out[factor] = v ?? '';
    }
  }
  for (const f of WHAT_IF_FACTORS) {
    if (!/^\d+(\.\d+)?$/.test(out[f])) return `测算权重「${WHAT_IF_LABELS[f]}」应为非负数：「${out[f]}」。`;
    out[f] = dec(out[f]).toString();
  }
  if (WHAT_IF_FACTORS.every((f) => dec(out[f]).isZero())) return '测算权重不能全部为 0。';
  return out;
}

function settingsFrom(options: Record<string, string | undefined>, today: IsoDate): SettingsResult<WaterFundSettings> {
  const s = defaultSettings(today);
  s.given = {};
  // a blank option (an empty pane field) means "not given"
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  if (given(options.unit)) {
    const u = options.unit.trim().toLowerCase();
    if (u !== 'yuan' && u !== 'fen') return { ok: false, message: `--unit 只能是 yuan（元，默认）或 fen（分），不能是「${options.unit}」。` };
    s.unit = u;
    s.given.unit = true;
  }
  if (given(options.fundYear) && given(options.date)) {
    return { ok: false, message: `--fund-year 与 --date 不能同时使用：--date（按日期选用政策版本）已由 --fund-year（资金年度）取代，请只给 --fund-year ${options.fundYear.trim()}。` };
  }
  if (given(options.fundYear)) {
    const year = parseFundYear(options.fundYear);
    if (typeof year === 'string') return { ok: false, message: year };
    s.fundYear = year;
    s.given.fundYear = true;
  }
  if (given(options.date)) {
    if (!isValidIsoDate(options.date.trim())) return { ok: false, message: `日期应为 YYYY-MM-DD：「${options.date}」。` };
    s.date = options.date.trim();
    s.fundYear = Number(s.date.slice(0, 4));
    s.given.date = true;
  }
  const w = options.whatIfWeights;
  if (given(w)) {
    const parsed = parseWhatIfWeights(w);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    s.whatIfWeights = parsed;
    s.given.whatIfWeights = true;
  }
  return { ok: true, settings: s };
}

const weightsText = (w: Record<WhatIfFactor, string>) => WHAT_IF_FACTORS.map((f) => `${WHAT_IF_LABELS[f]} ${w[f]}`).join('、');

function describeSettings(settings: WaterFundSettings, today: IsoDate): SettingDescriptor[] {
  const d = defaultSettings(today);
  const unitLabel = (u: RoundingUnit) => (u === 'yuan' ? 'yuan（元，取整到元）' : 'fen（分，元保留两位小数）');
  const unitShown = (u: RoundingUnit) => (u === 'yuan' ? '取整到元' : '精确到分（元保留两位小数）');
  const fromDate = settings.given?.date ? `；本次由已停用的 --date ${settings.date} 取其年份` : '';
  return [
    {
      key: 'fundYear', label: '资金年度', value: String(settings.fundYear), defaultValue: `${d.fundYear}（${today} 的上一年度）`,
      source: `本工具默认上一年度（第十一条：得分于次年3月底前反馈）；按资金年度选用政策文件（第七条）；可修改${fromDate}`,
      changed: settings.fundYear !== d.fundYear,
    },
    {
      key: 'unit', label: '金额单位', value: unitLabel(settings.unit), defaultValue: unitLabel(d.unit),
      shown: { value: unitShown(settings.unit), defaultValue: unitShown(d.unit) },
      source: '本工具默认（可修改）：按最大余额法分配，各县之和恰等于总额', changed: settings.unit !== d.unit,
    },
    {
      key: 'whatIfWeights', label: '用水区域分担测算权重', value: weightsText(settings.whatIfWeights), defaultValue: weightsText(d.whatIfWeights),
      source: '第六条（以实际用水量为主）；本工具默认（可修改）',
      changed: WHAT_IF_FACTORS.some((f) => !dec(settings.whatIfWeights[f]).equals(dec(d.whatIfWeights[f]))),
    },
  ];
}

function weightsOf(settings: WaterFundSettings): Record<WhatIfFactor, Decimal> {
  return { waterUse: dec(settings.whatIfWeights.waterUse), population: dec(settings.whatIfWeights.population), structure: dec(settings.whatIfWeights.structure) };
}

interface EditionContext { edition: WaterFundEdition; params: WaterFundParams; problems: Problem[]; json: EditionJson; warning: string | null }

/**
 * Settings built by hand in the shape before fund years ({ unit, date, whatIfWeights }) still run:
 * today falls back to their date, the fund year to the year before it.
 */
function completed(settings: WaterFundSettings): WaterFundSettings {
  if (typeof settings.fundYear === 'number' && typeof settings.today === 'string') return settings;
  const today = settings.today ?? settings.date ?? todayIso();
  return { ...settings, today, date: settings.date ?? today, fundYear: settings.fundYear ?? defaultFundYear(today) };
}

/**
 * The edition of the fund year (docs/rules.md §2), or the draft when the settings carry one (with
 * the same warning when the fund year is outside the draft's fund years).
 */
function editionChoice(settings: WaterFundSettings): { edition: WaterFundEdition; warning: string | null; json: EditionJson } {
  const draft = settings.draft;
  let edition: WaterFundEdition;
  let warningText: string | null;
  if (draft) {
    edition = draft.edition;
    const y = fundYearsOf(edition);
    warningText = settings.fundYear >= y.first && settings.fundYear <= y.last ? null
      : `${settings.fundYear} 年度不在草案版本 ${draft.file}（${edition.document}）所定的 ${y.first}—${y.last} 年度内，已按该草案计算，请核实。`;
  } else {
    const choice = editionForFundYear('water-fund', settings.fundYear);
    edition = choice.edition;
    warningText = choice.warning;
  }
  const y = fundYearsOf(edition);
  return {
    edition, warning: warningText,
    json: {
      document: edition.document, title: edition.title, effectiveFrom: edition.effectiveFrom, effectiveTo: edition.effectiveTo,
      fundYears: { first: y.first, last: y.last },
      ...(draft ? {} : { chosenBy: { fundYear: settings.fundYear } }), warning: warningText, ...(draft ? { draft: { file: draft.file } } : {}),
    },
  };
}

/** The edition of the fund year (docs/rules.md §2), and the warnings about the choice. */
function editionFor(settings: WaterFundSettings, sheet: string): EditionContext {
  const choice = editionChoice(settings);
  const problems: Problem[] = [];
  if (settings.given?.date && !settings.given.fundYear) {
    problems.push(warning(sheet, null,
      `--date 已由 --fund-year（资金年度）取代：已按 --date ${settings.date} 所在年份计为 ${settings.fundYear} 年度；请改用 --fund-year ${settings.fundYear}（资金年度默认为上一年度）。`));
  }
  if (choice.warning) problems.push(warning(sheet, null, choice.warning));
  return { edition: choice.edition, params: waterFundParams(choice.edition), problems, json: choice.json, warning: choice.warning };
}

/** The 第六条 what-if split alone, from a sheet with 县（市、区） + 用水量 (+ 人口, 用水结构). */
export function whatIfDistrictSplit(grid: SheetGrid, given: WaterFundSettings): {
  problems: Problem[]; result: WhatIfResult | null; json: Record<string, unknown> | null;
} {
  const settings = completed(given);
  const ctx = editionFor(settings, grid.name);
  const { problems, result } = computeWhatIf(grid, settings, ctx.params);
  return { problems: [...ctx.problems, ...problems], result, json: result ? whatIfJson(result, settings.unit) : null };
}

function computeWhatIf(grid: SheetGrid, settings: WaterFundSettings, params: WaterFundParams): { problems: Problem[]; result: WhatIfResult | null; input: WhatIfInput } {
  const input = readWhatIfInput(grid);
  const problems = [...input.problems];
  if (hasErrors(problems)) return { problems, result: null, input };
  const whole = params.annualTotal.minus(params.cityShare);
  const r = whatIfSplit(input.rows, weightsOf(settings), whole, unitSize(settings.unit), params.districtShares);
  if (!r.ok) return { problems: [...problems, ...r.issues.map((i) => whatIfProblem(i, input))], result: null, input };
  problems.push(...r.value.notes.map((n) => whatIfNoteProblem(n, input, params)));
  return { problems, result: r.value, input };
}

function whatIfJson(w: WhatIfResult, unit: RoundingUnit): NonNullable<WaterFundReport['whatIf']> {
  const opt = (d: Decimal | null | undefined) => (d === null || d === undefined ? null : decimalText(d));
  return {
    weights: Object.fromEntries(WHAT_IF_FACTORS.map((f) => [f, w.weights[f].toString()])),
    rows: w.lines.map((l, i) => ({
      district: l.district,
      waterUse: opt(w.inputs[i].waterUse),
      population: opt(w.inputs[i].population),
      structure: opt(w.inputs[i].structure),
      share: decimalText(l.share),
      amount: moneyJson(l.amount, unit),
      current: l.current === null ? null : moneyJson(l.current, unit),
      difference: l.difference === null ? null : moneyJson(l.difference, unit),
      // 第七条 parts folded into this district (温州湾新区 in 龙湾区), as typed
      ...(l.folded.length > 0 ? { includes: [...l.folded] } : {}),
    })),
    total: moneyJson(w.total, unit),
    // added: the districts' whole of 第七条 the published amounts must add up to
    check: { expected: moneyJson(w.whole, unit), published: moneyJson(w.total, unit), ok: w.total.equals(w.whole) },
  };
}

function contributionsJson(c: Contributions, allocated: Decimal, unit: RoundingUnit): NonNullable<WaterFundReport['contributions']> {
  return {
    city: moneyJson(c.city.amount, unit),
    districts: c.districts.map((d) => ({
      district: d.payer,
      amount: moneyJson(d.amount, unit),
      ...(d.note ? { note: d.note } : {}),
      ...(d.parts.length ? { parts: d.parts.map((p) => ({ name: p.name, amount: moneyJson(p.amount, unit) })) } : {}),
    })),
    districtTotal: moneyJson(c.districtTotal, unit),
    total: moneyJson(c.totalIn, unit),
    budgetOut: moneyJson(c.budgetOut, unit),
    allocated: moneyJson(allocated, unit),
    balanced: c.balanced,
    inEqualsOut: c.totalIn.equals(allocated),
  };
}

function run(grid: SheetGrid, given: WaterFundSettings, options: WaterFundRunOptions = {}): ReportedOutcome<WaterFundReport> {
  const settings = completed(given);
  const ctx = editionFor(settings, grid.name);
  const { params, edition } = ctx;
  const unit = settings.unit;
  const settingsJson = { unit, fundYear: settings.fundYear, date: settings.date, whatIfWeights: { ...settings.whatIfWeights } };
  const problems: Problem[] = [...ctx.problems];
  const input = readWaterFundInput(grid, params, { mapping: options.mapping });
  problems.push(...input.problems);

  let whatIf: WhatIfResult | null = null;
  if (options.whatIfGrid) {
    const w = computeWhatIf(options.whatIfGrid, settings, params);
    problems.push(...w.problems);
    whatIf = w.result;
  }
  const fail = (): ReportedOutcome<WaterFundReport> => {
    // As before: kind, policy, settings and problems only (docs/interfaces.md「3.1」).
    const report: WaterFundReport = { kind: KIND, policy: edition.document, settings: settingsJson, problems };
    return {
      kind: KIND, policy: edition.document, problems, report, json: report as unknown as Record<string, unknown>,
      sheets: [],
      summary: [`${TITLE}：输入有 ${problems.filter((p) => p.severity === 'error').length} 个错误，未计算。`],
    };
  };
  if (hasErrors(problems)) return fail();

  const result = allocateFund(input.counties, params, { unit: unitSize(unit), withAssessment: input.withAssessment });
  if (!result.ok) {
    problems.push(...result.errors.map((e) => allocationProblem(e, input, params, unit)));
    return fail();
  }
  const alloc: Allocation = result.value;
  problems.push(...result.warnings.map((e) => allocationProblem(e, input, params, unit, alloc)));
  const money = contributions(params);
  if (!money.balanced) {
    problems.push(warning(grid.name, null, `政策版本中资金筹集 ${moneyText(money.totalIn, unit)} 元、总额 ${moneyText(money.annualTotal, unit)} 元与分配预算 ${moneyText(money.budgetOut, unit)} 元不一致，请核对政策版本。`));
  }

  const describe = describeSettings(settings, settings.today);

  const baseOk = alloc.totals.base.equals(params.baseTotal);
  const rewardExpected = params.rewardTotal;
  const moneyIn = money.totalIn;
  const moneyOut = alloc.rows.reduce((acc, r) => acc.plus(r.total), dec(0));
  const sumsAgree = moneyOut.equals(alloc.totals.total)
    && alloc.rows.reduce((acc, r) => acc.plus(r.base), dec(0)).equals(alloc.totals.base)
    && alloc.rows.reduce((acc, r) => acc.plus(r.reward), dec(0)).equals(alloc.totals.reward);
  const report: WaterFundReport = {
    kind: KIND,
    policy: edition.document,
    settings: settingsJson,
    problems,
    results: alloc.rows.map((r) => ({
      county: r.county,
      baseShare: decimalText(r.share),
      base: moneyJson(r.base, unit),
      assessmentScore: r.assessment ? decimalText(r.assessment.score) : null,
      group: r.group,
      groupRank: r.groupRank,
      reward: moneyJson(r.reward, unit),
      total: moneyJson(r.total, unit),
      tied: r.tied,
      baseQuota: decimalText(r.quota),
    })),
    totals: {
      base: moneyJson(alloc.totals.base, unit),
      reward: moneyJson(alloc.totals.reward, unit),
      total: moneyJson(alloc.totals.total, unit),
    },
    unit,
    edition: ctx.json,
    assessment: alloc.withAssessment,
    check: {
      base: { expected: moneyJson(params.baseTotal, unit), published: moneyJson(alloc.totals.base, unit), ok: baseOk },
      reward: { expected: moneyJson(rewardExpected, unit), published: moneyJson(alloc.totals.reward, unit), ok: alloc.totals.reward.equals(rewardExpected) },
      total: { expected: moneyJson(params.annualTotal, unit), published: moneyJson(alloc.totals.total, unit), ok: alloc.totals.total.equals(params.annualTotal) },
    },
    contributions: contributionsJson(money, alloc.totals.total, unit),
    ...(whatIf ? { whatIf: whatIfJson(whatIf, unit) } : {}),
    moneyCheck: {
      moneyIn: moneyJson(moneyIn, unit), moneyOut: moneyJson(moneyOut, unit), difference: moneyJson(moneyIn.minus(moneyOut), unit),
      balanced: sumsAgree && moneyOut.equals(moneyIn),
    },
  };

  let sheets: ResultSheet[] = [
    allocationSheet(alloc, params, unit),
    contributionsSheet(money, alloc.totals.total, params, unit, whatIf),
    parametersSheet({ edition, params, settings: describe, fundYear: settings.fundYear, draftFile: settings.draft?.file ?? null }),
  ];
  if (problems.length > 0) sheets.push(problemsSheet(problems));
  if (settings.draft) sheets = markDraft(sheets, settings.draft.file, edition.document);
  // The printed footer names the document the sheets were computed under.
  sheets = withDocument(sheets, edition.document);

  const u = (d: Decimal) => `${moneyText(d, unit)} 元`;
  const doc = settings.draft ? `草案版本 ${settings.draft.file}：${edition.document}` : edition.document;
  const summary = [
    `${TITLE}（${doc}，${settings.fundYear} 年度）：${alloc.rows.length} 个县（市、区），基础部分 ${u(alloc.totals.base)}，奖励 ${u(alloc.totals.reward)}，合计 ${u(alloc.totals.total)}。`,
    ...alloc.rows.map((r) => `  ${r.county}：基础 ${u(r.base)}${r.group ? `，${r.group}组第 ${r.groupRank} 名${r.tied ? '（并列）' : ''}奖励 ${u(r.reward)}` : ''}，合计 ${u(r.total)}`),
  ];
  if (!alloc.withAssessment) summary.push('  未提供考核得分，只计算了基础部分。');
  if (whatIf) summary.push(`  第六条分担测算：${whatIf.lines.length} 个用水区域，合计 ${u(whatIf.total)}。`);
  return { kind: KIND, policy: edition.document, problems, report, json: report as unknown as Record<string, unknown>, sheets, summary };
}

function template(): ResultSheet {
  const edition = editionForFundYear('water-fund', defaultFundYear(todayIso())).edition;
  const params = waterFundParams(edition);
  const L = params.limits;
  const groupHint = params.groups.map((g) => `${g.counties.map(countyKey).join('、')}${g.group}组`).join('，');
  const notes: Record<string, string> = {
    county: '说明：每个水源地所在县（市、区）一行（第四条）',
    primaryZoneArea: '说明：市生态环境局确认；单位平方公里（表头写公顷则按公顷换算）',
    catchmentArea: '说明：市水利局确认，不含水域',
    population: '说明：市公安局确认的集雨区内行政人口（人；表头写万人则按万人换算）',
    waterArea: '说明：市水利局确认',
    group: `说明：${params.groups.map((g) => g.group).join(' 或 ')}；留空按县名（${groupHint}）`,
    waterQuality: `说明：0–${L.waterQualityMax.toString()} 分，市生态环境局提供；无考核数据时删去四列得分，只算基础部分`,
    greenRate: `说明：绿色发展模块得分率 0–100%，得分 = 得分率×${L.greenWeight.toString()}`,
    management: `说明：0–${L.managementMax.toString()} 分，市生态环境局提供`,
    performance: `说明：0–${L.performanceMax.toString()} 分，市财政局提供`,
    deduction: '说明：第十四条扣分，可空；扣后最低为 0',
  };
  const groupCol = WATER_FUND_FIELDS.findIndex((f) => f.field === 'group');
  const rows = [
    WATER_FUND_FIELDS.map((f) => ({ kind: 'text' as const, text: notes[f.field] })),
    ...params.recipients.map((r) => WATER_FUND_FIELDS.map((f) => {
      if (f.field === 'county') return { kind: 'text' as const, text: r.county };
      if (f.field === 'group') {
        const g = params.groups.find((x) => x.counties.includes(r.county));
        return g ? { kind: 'text' as const, text: g.group } : { kind: 'empty' as const };
      }
      return { kind: 'empty' as const };
    })),
  ];
  return {
    name: TEMPLATE_SHEET,
    role: 'input-template',
    columns: WATER_FUND_FIELDS.map((f) => ({ header: f.canonical, text: f.field === 'county' || f.field === 'group' })),
    rows,
    noteRows: [0],
    // indexes in the space of `rows` (0 = the note row): the four prefilled rows and the empty rows below
    validations: [{ col: groupCol, values: params.groups.map((g) => g.group), firstRow: 1, lastRow: 999 }],
  };
}

export const waterFundCalculator: Calculator<WaterFundSettings> & {
  run(grid: SheetGrid, settings: WaterFundSettings, options?: WaterFundRunOptions): ReportedOutcome<WaterFundReport>;
} = {
  kind: KIND,
  title: TITLE,
  fields: WATER_FUND_FIELDS,
  defaultSettings,
  settingsFrom,
  describeSettings,
  run,
  template,
  options: WATER_FUND_OPTIONS,
  policy: 'water-fund',
  editionFor: (settings: WaterFundSettings) => editionChoice(completed(settings)).json,
  withDraft: (settings: WaterFundSettings, draft) => {
    const { draft: _old, ...rest } = settings;
    return draft ? { ...rest, draft: draft as DraftEdition<WaterFundEdition> } : rest;
  },
};

export type { CalculationOutcome };
