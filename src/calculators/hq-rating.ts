/**
 * 总部企业星级评定 — the public entry for 温政办〔2023〕88号《温州市总部企业星级评定办法》 and its
 * 附件1《总部企业星级评定标准》 (spec §1): settings, reading the input sheet, the rating, the JSON of
 * interfaces.md ("hq-rating") and the result sheets 星级评定结果 / 评定参数 / 校验问题.
 *
 * For benchmarks and other callers with typed rows: `hqRatingCore(rows, settings)` runs the pure
 * rules (no sheet reading, no sheet building).
 */
import { decimalText } from '../exact/decimal';
import type { HqIndicator, HqRatingEdition, IsoDate } from '../policies/edition';
import { editionInForce, todayIso } from '../policies/registry';
import { rateHeadquarters, HqRatingOutcome } from '../rules/hq-rating/rate-headquarters';
import { HQ_INDICATORS, HqInputRow, HqRatingSettings } from '../rules/hq-rating/types';
import { starText } from '../rules/hq-rating/rank-and-tier';
import type { SheetGrid } from '../sheets/grid';
import { isValidIsoDate } from '../sheets/parse-cell';
import { Problem, hasErrors, warning } from '../sheets/problem';
import { problemsSheet, ResultSheet } from '../sheets/result-sheet';
import { HQ_FIELD_SPECS } from '../sheets/hq-rating/fields';
import { readHqInput } from '../sheets/hq-rating/read-input';
import { derivationTexts, SHORT_LABELS } from '../sheets/hq-rating/derivation';
import { parameterSheet, ratingResultSheet } from '../sheets/hq-rating/result-sheets';
import { hqTemplateSheet } from '../sheets/hq-rating/template';
import type { CalculationOutcome, Calculator, SettingDescriptor, SettingsResult } from './types';

export type { HqRatingSettings } from '../rules/hq-rating/types';

const SPEC_DEFAULT = '规则说明默认（可修改）';

/** Default rating date (spec §1.3): 31 December of the calendar year before `today`. */
export function defaultRatingDate(today: IsoDate): IsoDate {
  return `${String(Number(today.slice(0, 4)) - 1).padStart(4, '0')}-12-31`;
}

function defaults(today: IsoDate): HqRatingSettings {
  return { ratingDate: defaultRatingDate(today), tieBreak: [], degenerateRange: 'full' };
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

function tieBreakText(tieBreak: readonly HqIndicator[]): string {
  return tieBreak.length === 0 ? 'none' : tieBreak.join(',');
}

function settingsJson(s: HqRatingSettings) {
  return { ratingDate: s.ratingDate, tieBreak: s.tieBreak.length === 0 ? 'none' : [...s.tieBreak], degenerateRange: s.degenerateRange };
}

/** The pure rating on typed rows with the edition in force on the rating date (bench entry). */
export function hqRatingCore(rows: readonly HqInputRow[], settings: HqRatingSettings): HqRatingOutcome {
  const { edition } = editionInForce('hq-rating', settings.ratingDate);
  return rateHeadquarters({ rows, parameters: edition.parameters, settings });
}

function describe(settings: HqRatingSettings, today: IsoDate): SettingDescriptor[] {
  const d = defaults(today);
  return [
    {
      key: 'ratingDate', label: '评定基准日（上市“三年内”起算日）', value: settings.ratingDate, defaultValue: d.ratingDate,
      source: `${SPEC_DEFAULT}：规则说明 §1.3，默认为上一年 12 月 31 日；上市日期在基准日前 3 年至基准日（含）内加分`,
      changed: settings.ratingDate !== d.ratingDate,
    },
    {
      key: 'tieBreak', label: '总分并列时的区分指标', value: tieBreakText(settings.tieBreak), defaultValue: 'none',
      source: `${SPEC_DEFAULT}：规则说明 §1.4，默认不区分（并列者名次、星级相同）`,
      changed: settings.tieBreak.length > 0,
    },
    {
      key: 'degenerateRange', label: '指标最高值等于最低值时的得分', value: settings.degenerateRange, defaultValue: d.degenerateRange,
      source: `${SPEC_DEFAULT}：规则说明 §1.2 备注3，full = 得满分，zero = 得 0 分`,
      changed: settings.degenerateRange !== d.degenerateRange,
    },
  ];
}

function resultJson(outcome: HqRatingOutcome, derivations: readonly string[]) {
  const ranges: Record<string, { min: string; max: string }> = {};
  for (const f of HQ_INDICATORS) {
    const r = outcome.ranges?.[f];
    if (r) ranges[f] = { min: decimalText(r.min), max: decimalText(r.max) };
  }
  const map = <T>(fn: (f: HqIndicator) => T) => Object.fromEntries(HQ_INDICATORS.map((f) => [f, fn(f)])) as Record<HqIndicator, T>;
  return {
    ranges,
    results: outcome.results.map((r, i) => ({
      creditCode: r.creditCode,
      name: r.name,
      rank: r.rank,
      stars: r.stars,
      scores: map((f) => decimalText(r.scores[f])),
      base: decimalText(r.base),
      bonus: { top500: decimalText(r.bonus.top500), listing: decimalText(r.bonus.listing) },
      total: decimalText(r.total),
      tied: r.tied,
      starLabel: r.starLabel,
      values: map((f) => decimalText(r.values[f])),
      top500List: r.top500.list,
      listingsCounted: r.listing.checks.filter((c) => c.status === 'counted').map((c) => ({ creditCode: c.listing.creditCode, name: c.listing.name, exchange: c.listing.exchange, date: c.listing.date })),
      members: r.group.members.map((m) => m.creditCode),
      derivation: derivations[i],
    })),
    excluded: outcome.excluded.map((e) => ({ creditCode: e.creditCode, name: e.name, reason: e.reason })),
    tierCounts: outcome.tierCounts,
  };
}

function summaryLines(outcome: HqRatingOutcome, problems: readonly Problem[], edition: HqRatingEdition): string[] {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (errors > 0) return [`总部企业星级评定（${edition.document}）：输入有 ${errors} 个错误${warnings ? `、${warnings} 个提示` : ''}，未计算，请先修正。`];
  const lines = [
    `总部企业星级评定（${edition.document}）：参评 ${outcome.results.length} 家${outcome.excluded.length ? `，取消资格 ${outcome.excluded.length} 家` : ''}。`,
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

  run(grid: SheetGrid, settings: HqRatingSettings, options: { mapping?: Record<string, number>; today?: IsoDate } = {}): CalculationOutcome {
    const choice = editionInForce('hq-rating', settings.ratingDate);
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
    const json: Record<string, unknown> = {
      kind: 'hq-rating',
      policy: edition.document,
      settings: settingsJson(settings),
      problems: problems.map((p) => ({ severity: p.severity, sheet: p.sheet, cell: p.cell, message: p.message })),
      edition: { document: edition.document, title: edition.title, effectiveFrom: edition.effectiveFrom, effectiveTo: edition.effectiveTo },
    };
    let sheets: ResultSheet[] = [];
    if (!failed) {
      const derivations = derivationTexts(outcome.results, outcome.ranges, edition.parameters, settings);
      Object.assign(json, resultJson(outcome, derivations));
      const today = options.today ?? todayIso();
      sheets = [
        ratingResultSheet(outcome, edition, settings, derivations),
        parameterSheet(outcome, edition, describe(settings, today), choice.warning),
      ];
      if (problems.length > 0) sheets.push(problemsSheet(problems));
    }
    return { kind: 'hq-rating', policy: edition.document, problems, json, sheets, summary: summaryLines(outcome, problems, edition) };
  },

  template: (): ResultSheet => hqTemplateSheet(editionInForce('hq-rating', todayIso()).edition),
};
