/**
 * 总部企业星级评定 — the public entry for 温政办〔2023〕88号《温州市总部企业星级评定办法》 and its
 * 附件1《总部企业星级评定标准》 (docs/rules.md §1): settings, reading the input sheet, the rating, the JSON of
 * docs/interfaces.md ("hq-rating") and the result sheets 星级评定结果 / 评定参数 / 校验问题.
 *
 * For benchmarks and other callers with typed rows: `hqRatingCore(rows, settings)` runs the pure
 * rules (no sheet reading, no sheet building).
 */
import { decimalText, decimalTextOfFixed } from '../exact/decimal';
import type { HqIndicator, HqRatingEdition, IsoDate } from '../policies/edition';
import { editionInForce, todayIso } from '../policies/registry';
import type { DraftEdition } from '../policies/schema';
import { rateHeadquarters, HqRatedResult, HqRatingOutcome } from '../rules/hq-rating/rate-headquarters';
import { HQ_INDICATORS, HqInputRow, HqRatingSettings, shownCreditCode } from '../rules/hq-rating/types';
import { starText } from '../rules/hq-rating/rank-and-tier';
import type { SheetGrid } from '../sheets/grid';
import { isValidIsoDate } from '../sheets/parse-cell';
import { Problem, hasErrors, warning } from '../sheets/problem';
import { markDraft, problemsSheet, ResultSheet, withDocument } from '../sheets/result-sheet';
import { HQ_FIELD_SPECS } from '../sheets/hq-rating/fields';
import { readHqInput } from '../sheets/hq-rating/read-input';
import { derivationTexts, fixedTextsOf, type HqFixedTexts, SHORT_LABELS } from '../sheets/hq-rating/derivation';
import { countySheet, parameterSheet, publicListSheet, ratingResultSheet } from '../sheets/hq-rating/result-sheets';
import { countiesJson, extrasJson, hqExtras, type HqExtras } from './hq-extras';
import { hqTemplateSheet } from '../sheets/hq-rating/template';
import type { CalculationOutcome, Calculator, CalculatorOption, ReportedOutcome, SettingDescriptor, SettingsResult } from './types';
import { defineComputed, type EditionJson, type HqRatingReport, type HqResultJson, type ProblemJson } from './report';

export type { HqRatingSettings } from '../rules/hq-rating/types';

const SPEC_DEFAULT = '本工具默认（可修改）';

/** Default rating date (docs/rules.md §1.3): 31 December of the calendar year before `today`. */
export function defaultRatingDate(today: IsoDate): IsoDate {
  return `${String(Number(today.slice(0, 4)) - 1).padStart(4, '0')}-12-31`;
}

function defaults(today: IsoDate): HqRatingSettings {
  return { ratingDate: defaultRatingDate(today), tieBreak: [], degenerateRange: 'full' };
}

/** The options of `wzpolicy hq-rating` (docs/interfaces.md「1.2」), declared here; cli/main.ts builds the flags from them. */
export const HQ_RATING_OPTIONS: readonly CalculatorOption[] = [
  { key: 'ratingDate', flag: '--rating-date', value: '<YYYY-MM-DD>', help: '评定基准日，上市"三年内"从此日倒推（默认：上一年 12 月 31 日）' },
  { key: 'tieBreak', flag: '--tie-break', value: '<none|f1,f2,…>', help: '并列时依次比较的基本分指标，如 localContribution,revenue（默认 none：并列同名次）' },
  { key: 'degenerateRange', flag: '--degenerate-range', value: '<full|zero>', help: '某指标最大值=最小值时各企业得满分(full)或 0 分(zero)（默认 full）' },
];

/**
 * The edition of a rating: the draft when the settings carry one (`--edition`), else the edition
 * in force on the rating date (docs/rules.md §1.3).
 */
export function hqEditionChoice(settings: HqRatingSettings): { edition: HqRatingEdition; warning: string | null; json: EditionJson } {
  const draft = settings.draft;
  if (draft) {
    const e = draft.edition;
    return { edition: e, warning: null, json: { document: e.document, title: e.title, effectiveFrom: e.effectiveFrom, effectiveTo: e.effectiveTo, warning: null, draft: { file: draft.file } } };
  }
  const { edition: e, warning } = editionInForce('hq-rating', settings.ratingDate);
  return { edition: e, warning, json: { document: e.document, title: e.title, effectiveFrom: e.effectiveFrom, effectiveTo: e.effectiveTo, chosenBy: { ratingDate: settings.ratingDate }, warning } };
}

const INDICATOR_NAMES: Record<string, HqIndicator> = {};
for (const f of HQ_INDICATORS) {
  INDICATOR_NAMES[f.toLowerCase()] = f;
  INDICATOR_NAMES[SHORT_LABELS[f]] = f;
}

function parseTieBreak(text: string): { ok: true; value: HqIndicator[] } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'none' || t === '无') return { ok: true, value: [] };
  const out: HqIndicator[] = [];
  for (const part of t.split(/[,，、]/).map((s) => s.trim()).filter((s) => s !== '')) {
    const f = INDICATOR_NAMES[part.toLowerCase()] ?? INDICATOR_NAMES[part];
    if (!f) {
      return { ok: false, message: `并列处理设置 tieBreak 中的「${part}」无法识别：应为 none，或以逗号分隔的 ${HQ_INDICATORS.join('、')}（基本分指标得分）。` };
    }
    if (out.includes(f)) return { ok: false, message: `并列处理设置 tieBreak 中「${part}」重复。` };
    out.push(f);
  }
  return { ok: true, value: out };
}

/** 备注3 with max = min, as people read the setting (the codes full / zero are for the command line). */
export const DEGENERATE_SHOWN: Record<'full' | 'zero', string> = { full: '全部得满分（该项权重分）', zero: '全部得 0 分' };

/** The tie-break indicators by their column names, in order; 不区分 for none. */
function tieBreakShown(tieBreak: readonly HqIndicator[]): string {
  return tieBreak.length === 0 ? '不区分' : tieBreak.map((f) => HQ_FIELD_SPECS.find((s) => s.field === f)?.label ?? f).join('、');
}

function tieBreakText(tieBreak: readonly HqIndicator[]): string {
  return tieBreak.length === 0 ? 'none' : tieBreak.join(',');
}

function settingsJson(s: HqRatingSettings): HqRatingReport['settings'] {
  return { ratingDate: s.ratingDate, tieBreak: s.tieBreak.length === 0 ? 'none' : [...s.tieBreak], degenerateRange: s.degenerateRange };
}

/** The pure rating on typed rows with the edition in force on the rating date (bench entry). */
export function hqRatingCore(rows: readonly HqInputRow[], settings: HqRatingSettings): HqRatingOutcome {
  const { edition } = hqEditionChoice(settings);
  return rateHeadquarters({ rows, parameters: edition.parameters, settings });
}

function describe(settings: HqRatingSettings, today: IsoDate): SettingDescriptor[] {
  const d = defaults(today);
  return [
    {
      key: 'ratingDate', label: '评定基准日（上市“三年内”起算日）', value: settings.ratingDate, defaultValue: d.ratingDate,
      source: `${SPEC_DEFAULT}：条文未规定基准日，默认为上一年 12 月 31 日；上市日期在基准日前 3 年至基准日（含）内加分`,
      changed: settings.ratingDate !== d.ratingDate,
    },
    {
      key: 'tieBreak', label: '总分并列时的区分指标', value: tieBreakText(settings.tieBreak), defaultValue: 'none',
      shown: { value: tieBreakShown(settings.tieBreak), defaultValue: tieBreakShown([]) },
      source: `${SPEC_DEFAULT}：附件1 备注5 未规定总分相同时如何区分，默认不区分（并列者名次、星级相同）`,
      changed: settings.tieBreak.length > 0,
    },
    {
      key: 'degenerateRange', label: '指标最高值等于最低值时的得分', value: settings.degenerateRange, defaultValue: d.degenerateRange,
      shown: { value: DEGENERATE_SHOWN[settings.degenerateRange], defaultValue: DEGENERATE_SHOWN[d.degenerateRange] },
      source: `${SPEC_DEFAULT}：附件1 备注3 的功效系数法在最高值等于最低值时分母为 0、未规定得分，默认全部得满分`,
      changed: settings.degenerateRange !== d.degenerateRange,
    },
  ];
}

/** One result of the JSON (docs/interfaces.md "hq-rating"), its numbers cut from the printed texts. */
function resultJsonRow(r: HqRatedResult, f: HqFixedTexts, derivation: string): HqResultJson {
  const s = f.scores;
  const v = f.values;
  const counted = [];
  for (const c of r.listing.checks) {
    if (c.status === 'counted') counted.push({ creditCode: shownCreditCode(c.listing.row), name: c.listing.name, exchange: c.listing.exchange, date: c.listing.date });
  }
  const base = decimalTextOfFixed(f.base);
  const members = new Array<string>(r.group.members.length);
  for (let m = 0; m < members.length; m++) members[m] = shownCreditCode(r.group.members[m]);
  return {
    creditCode: shownCreditCode(r.group.head),
    name: r.name,
    rank: r.rank,
    stars: r.stars,
    scores: { revenue: decimalTextOfFixed(s.revenue), localContribution: decimalTextOfFixed(s.localContribution), rdExpense: decimalTextOfFixed(s.rdExpense), pensionRate: decimalTextOfFixed(s.pensionRate) },
    base,
    bonus: { top500: decimalTextOfFixed(f.top500), listing: decimalTextOfFixed(f.listing) },
    total: f.total === f.base ? base : decimalTextOfFixed(f.total),
    tied: r.tied,
    starLabel: r.starLabel,
    values: { revenue: decimalTextOfFixed(v.revenue), localContribution: decimalTextOfFixed(v.localContribution), rdExpense: decimalTextOfFixed(v.rdExpense), pensionRate: decimalTextOfFixed(v.pensionRate) },
    top500List: r.top500.list,
    listingsCounted: counted,
    members,
    derivation,
  };
}

/** JSON `results` (docs/interfaces.md「3.2」): each result's numbers cut from its printed texts. */
function resultsJson(outcome: HqRatingOutcome, derivations: readonly string[], extras: HqExtras): HqResultJson[] {
  const n = outcome.ranges ? outcome.results.length : 0;
  const results: HqResultJson[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = outcome.results[i];
    results[i] = Object.assign(resultJsonRow(r, fixedTextsOf(r), derivations[i]), extrasJson(extras, i, outcome));
  }
  return results;
}

/**
 * The JSON of the results, added to the report in the key order of docs/interfaces.md. `results`
 * is computed when first read (defineComputed): the --json writer and the pane read it; a run that
 * only writes the workbook does not pay for 10,000 results' JSON.
 */
function addResultsJson(report: HqRatingReport, outcome: HqRatingOutcome, derivations: readonly string[], extras: HqExtras): void {
  const ranges: Record<string, { min: string; max: string }> = {};
  for (const f of HQ_INDICATORS) {
    const r = outcome.ranges?.[f];
    if (r) ranges[f] = { min: decimalText(r.min), max: decimalText(r.max) };
  }
  report.ranges = ranges;
  defineComputed(report, 'results', () => resultsJson(outcome, derivations, extras));
  report.excluded = outcome.excluded.map((e) => ({ creditCode: shownCreditCode(e.group.head), name: e.name, reason: e.reason }));
  report.notCounted = notCountedJson(outcome);
  report.tierCounts = outcome.tierCounts;
  if (extras.counties) report.counties = countiesJson(extras);
}

/** JSON `notCounted` (docs/interfaces.md): rows left out under docs/rules.md §1.6, in input order. */
function notCountedJson(outcome: HqRatingOutcome) {
  return outcome.notCounted.map((n) => ({
    creditCode: shownCreditCode(n.row), name: n.row.name,
    hqCreditCode: n.row.hqCreditCodeAsTyped ?? n.row.hqCreditCode, reason: n.reason,
  }));
}

function summaryLines(outcome: HqRatingOutcome, problems: readonly Problem[], edition: HqRatingEdition, draftFile: string | null): string[] {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const doc = draftFile === null ? edition.document : `草案版本 ${draftFile}：${edition.document}`;
  if (errors > 0) return [`总部企业星级评定（${doc}）：输入有 ${errors} 个错误${warnings ? `、${warnings} 个提示` : ''}，未计算，请先修正。`];
  const lines = [
    `总部企业星级评定（${doc}）：参评 ${outcome.results.length} 家${outcome.excluded.length ? `，取消资格 ${outcome.excluded.length} 家` : ''}${outcome.notCounted.length ? `，未计入所属总部的分公司、子公司 ${outcome.notCounted.length} 行（市外或控股比例低于 50%）` : ''}。`,
    outcome.tierCounts.map((t) => `${t.label} ${t.count} 家`).join('，') + '。',
  ];
  const top = outcome.results.slice(0, 3).map((r) => `${r.rank}. ${r.name}（${r.total.toDecimalPlaces(2).toFixed(2)} 分，${starText(r.stars, r.starLabel)}${r.tied ? '，并列' : ''}）`);
  if (top.length) lines.push(`前三名：${top.join('；')}`);
  if (warnings) lines.push(`另有 ${warnings} 个提示，见「校验问题」。`);
  return lines;
}

export const hqRatingCalculator: Calculator<HqRatingSettings> = {
  kind: 'hq-rating',
  title: '总部企业星级评定',
  fields: HQ_FIELD_SPECS,

  defaultSettings: (today: IsoDate) => defaults(today),

  settingsFrom(options: Record<string, string | undefined>, today: IsoDate): SettingsResult<HqRatingSettings> {
    const s = defaults(today);
    const date = options.ratingDate?.trim();
    if (date !== undefined && date !== '') {
      if (!isValidIsoDate(date)) return { ok: false, message: `评定基准日 ratingDate「${date}」不是有效日期，应为 YYYY-MM-DD，例如 ${s.ratingDate}。` };
      s.ratingDate = date;
    }
    if (options.tieBreak !== undefined) {
      const t = parseTieBreak(options.tieBreak);
      if (!t.ok) return t;
      s.tieBreak = t.value;
    }
    const range = options.degenerateRange?.trim();
    if (range !== undefined && range !== '') {
      if (range !== 'full' && range !== 'zero') return { ok: false, message: `设置 degenerateRange「${range}」无效：应为 full（得满分）或 zero（得 0 分）。` };
      s.degenerateRange = range;
    }
    return { ok: true, settings: s };
  },

  describeSettings: (settings: HqRatingSettings, today: IsoDate) => describe(settings, today),

  run(grid: SheetGrid, settings: HqRatingSettings, options: { mapping?: Record<string, number>; today?: IsoDate } = {}): ReportedOutcome<HqRatingReport> {
    const choice = hqEditionChoice(settings);
    const edition = choice.edition;
    const problems: Problem[] = [];
    if (choice.warning) problems.push(warning(grid.name, null, choice.warning));
    const reading = readHqInput(grid, { mapping: options.mapping });
    problems.push(...reading.problems);
    const outcome = rateHeadquarters({
      rows: reading.rows, parameters: edition.parameters, settings, sheet: grid.name, knownCodes: reading.knownCodes,
    });
    problems.push(...outcome.problems);
    const failed = hasErrors(problems);
    const report: HqRatingReport = {
      kind: 'hq-rating',
      policy: edition.document,
      settings: settingsJson(settings),
      problems: problems.map((p): ProblemJson => ({ severity: p.severity, sheet: p.sheet, cell: p.cell, message: p.message })),
      edition: choice.json,
    };
    let sheets: ResultSheet[] = [];
    if (!failed) {
      const columns = reading.table.columns;
      const extras = hqExtras(outcome, edition.parameters, { county: Boolean(columns.county), ownOffice: Boolean(columns.ownOffice) });
      const derivations = derivationTexts(outcome.results, outcome.ranges, edition.parameters);
      addResultsJson(report, outcome, derivations, extras);
      const today = options.today ?? todayIso();
      sheets = [
        ratingResultSheet(outcome, edition, settings, derivations, extras),
        parameterSheet(outcome, edition, describe(settings, today), choice.warning, settings.draft?.file ?? null),
      ];
      // 分县统计 only when the input says the county (三、评定程序: 初审 by each 县（市、区）).
      if (extras.counties) sheets.push(countySheet(extras.counties, outcome, edition));
      // The list to publish (88号 三、5 公示): names and tiers only.
      sheets.push(publicListSheet(outcome, edition, extras.withCounty));
      if (problems.length > 0) sheets.push(problemsSheet(problems));
      if (settings.draft) sheets = markDraft(sheets, settings.draft.file, edition.document);
      // The printed footer names the document the sheets were computed under.
      sheets = withDocument(sheets, edition.document);
    }
    return {
      kind: 'hq-rating', policy: edition.document, problems, report, json: report as unknown as Record<string, unknown>, sheets,
      summary: summaryLines(outcome, problems, edition, settings.draft?.file ?? null),
    };
  },

  options: HQ_RATING_OPTIONS,
  policy: 'hq-rating',
  editionFor: (settings: HqRatingSettings) => hqEditionChoice(settings).json,
  withDraft: (settings: HqRatingSettings, draft) => {
    const { draft: _old, ...rest } = settings;
    return draft ? { ...rest, draft: draft as DraftEdition<HqRatingEdition> } : rest;
  },

  template: (): ResultSheet => hqTemplateSheet(editionInForce('hq-rating', todayIso()).edition),
};

export type { CalculationOutcome };
