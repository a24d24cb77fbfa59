/**
 * The pane's logic without React: header detection for the mapping, settings from the edition,
 * and the figures of the summary read from the calculators' typed reports (src/calculators/report.ts,
 * the JSON of docs/interfaces.md): tier counts and money checks as the calculators made them, never
 * derived again here. Money and scores stay exact decimal strings, never JS numbers.
 */
import { Decimal, groupDigits } from '../exact/decimal';
import type { IsoDate } from '../policies/edition';
import { CALCULATORS, type AnyCalculator } from '../calculators';
import type { CalculationOutcome, CalculatorKind, SettingDescriptor } from '../calculators/types';
import { reportOf, type EditionJson, type HqRatingReport, type ReliefReport, type WaterFundReport } from '../calculators/report';
import type { Problem } from '../sheets/problem';
import { cellAt, columnLetters, type SheetGrid } from '../sheets/grid';
import { cellText } from '../sheets/parse-cell';
import { readTable, type FieldSpec } from '../sheets/table';
import type { KeyValueStore } from './store';
import { PREVIEW_ROWS } from '../workbook/office-workbook';

// ---------------------------------------------------------------------------------------------
// Header mapping

export interface HeaderOption {
  /** Zero-based column of the grid. */
  col: number;
  /** "C 列：企业名称". */
  label: string;
}

export interface MappingState {
  /** The columns found by header detection, field → column. */
  detected: Record<string, number | undefined>;
  /** The columns in the header row, for the drop-downs. */
  headers: HeaderOption[];
  /** 1-based sheet row of the header. */
  headerRowNumber: number;
}

/** Rows of a sheet the pane keeps for header detection and the mapping: the workbook adapter's. */
export { PREVIEW_ROWS };

/**
 * The first rows of a grid: what header detection and the calculation suggestion need. The pane
 * never runs them over a whole 10,000-row sheet on its thread.
 */
export function previewOf(grid: SheetGrid, rows = PREVIEW_ROWS): SheetGrid {
  if (grid.cells.length <= rows) return grid;
  return { ...grid, cells: grid.cells.slice(0, rows), numberFormats: grid.numberFormats?.slice(0, rows) };
}

/**
 * Run header detection the same way the calculation will (readTable) and list the header row.
 * `grid` may be a preview (previewOf): detection only looks at the first rows; `width` is then the
 * sheet's column count, when known, so that every column can be chosen by hand.
 */
export function detectMapping(grid: SheetGrid, fields: FieldSpec[], width = 0): MappingState {
  const table = readTable(grid, fields);
  const detected: Record<string, number | undefined> = {};
  for (const f of fields) detected[f.field] = table.columns[f.field]?.col;
  const headerIndex = Math.max(0, table.headerRowNumber - 1 - (grid.origin?.row ?? 0));
  for (const r of grid.cells) width = Math.max(width, r.length);
  const headers: HeaderOption[] = [];
  for (let col = 0; col < width; col++) {
    const text = cellText(cellAt(grid, headerIndex, col)).trim();
    headers.push({ col, label: `${columnLetters(col + (grid.origin?.col ?? 0))} 列${text ? `：${text}` : ''}` });
  }
  return { detected, headers, headerRowNumber: table.headerRowNumber };
}

/** The mapping in effect: detection, overridden by what the user chose by hand. */
export function effectiveMapping(state: MappingState, manual: Record<string, number | null>): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = { ...state.detected };
  for (const [field, col] of Object.entries(manual)) out[field] = col === null ? undefined : col;
  return out;
}

/** Required fields with no column: shown in red, and the run is refused until they are mapped. */
export function missingRequired(fields: FieldSpec[], mapping: Record<string, number | undefined>): FieldSpec[] {
  return fields.filter((f) => f.required && mapping[f.field] === undefined);
}

/** The mapping handed to Calculator.run: only the hand-made choices (detection is the calculator's). */
export function manualForRun(manual: Record<string, number | null>): Record<string, number> | undefined {
  const entries = Object.entries(manual).filter((e): e is [string, number] => e[1] !== null);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

const mappingKey = (kind: string, sheet: string): string => `wzpolicy.mapping.${kind}.${sheet}`;

export function loadMapping(store: KeyValueStore, kind: string, sheet: string): Record<string, number | null> {
  const raw = store.get(mappingKey(kind, sheet));
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    const out: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0)) out[k] = v as number | null;
    }
    return out;
  } catch {
    return {};
  }
}

export async function saveMapping(store: KeyValueStore, kind: string, sheet: string, manual: Record<string, number | null>): Promise<void> {
  await store.set(mappingKey(kind, sheet), JSON.stringify(manual));
}

// ---------------------------------------------------------------------------------------------
// Settings and edition

export interface EditionInfo {
  document: string;
  title: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  warning: string | null;
  /** The draft edition file when the settings carry one. */
  draft?: string | null;
}

function infoOf(e: EditionJson): EditionInfo {
  return { document: e.document, title: e.title, effectiveFrom: e.effectiveFrom, effectiveTo: e.effectiveTo, warning: e.warning ?? null, draft: e.draft?.file ?? null };
}

/**
 * The edition a run with these (parsed) settings uses, as the calculator says (Calculator.editionFor:
 * the draft when the settings carry one, else what the rating date / fund year / day chooses).
 */
export function editionOf(calc: AnyCalculator, settings: unknown, today: IsoDate): EditionInfo | null {
  if (!calc.editionFor || settings === null || settings === undefined) return null;
  return infoOf(calc.editionFor(settings, today));
}

/**
 * The edition for the settings header by date (and, for the water fund, fund year), as the
 * calculator chooses it: the rating date for hq-rating, the fund year for the water fund
 * (docs/rules.md §2; the year before the date when none is given), the day for relief.
 */
export function editionInfo(kind: CalculatorKind, date: IsoDate, fundYear?: number | null): EditionInfo {
  const calc = CALCULATORS[kind];
  const settings = { ...calc.defaultSettings(date) } as Record<string, unknown>;
  if (kind === 'hq-rating') settings.ratingDate = date;
  if (kind === 'water-fund' && typeof fundYear === 'number') settings.fundYear = fundYear;
  return editionOf(calc, settings, date)!;
}

/** The fund year of parsed settings (water-fund's `fundYear`), or null when they have none. */
export function fundYearOf(settings: unknown): number | null {
  const y = (settings as { fundYear?: unknown } | null)?.fundYear;
  return typeof y === 'number' && Number.isInteger(y) ? y : null;
}

/** The key of the rating date setting; the pane shows it as the 评定基准日 field at the top. */
export const RATING_DATE_KEY = 'ratingDate';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * A date as officers type it: 2025-12-31, 2025/12/31, 2025.12.31 or 2025年12月31日 (one-digit
 * month and day, full-width digits and spaces accepted) → 2025-12-31; null when it is not a date
 * of the calendar.
 */
export function parseDateInput(text: string): IsoDate | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** The ways a date may be typed, for hints and messages. */
export const DATE_FORMATS_TEXT = '2025-12-31、2025/12/31、2025.12.31 或 2025年12月31日';

export interface SettingsView {
  descriptors: SettingDescriptor[];
  /** Parsed settings when valid. */
  settings: unknown;
  error: string | null;
}

/**
 * Settings from the user's strings: Calculator.settingsFrom, then describeSettings for the labels,
 * defaults, sources and the "changed" flags (the same rows the parameter sheet shows).
 */
export function settingsView(calc: AnyCalculator, values: Record<string, string>, today: IsoDate): SettingsView {
  const defaults = calc.defaultSettings(today);
  const base = calc.describeSettings(defaults, today);
  const options: Record<string, string | undefined> = {};
  for (const d of base) {
    const v = values[d.key];
    if (v !== undefined && v !== d.defaultValue) options[d.key] = v;
  }
  const parsed = calc.settingsFrom(options, today);
  if (!parsed.ok) {
    return { descriptors: base.map((d) => ({ ...d, value: values[d.key] ?? d.value, changed: (values[d.key] ?? d.value) !== d.defaultValue })), settings: null, error: parsed.message };
  }
  return { descriptors: calc.describeSettings(parsed.settings, today), settings: parsed.settings, error: null };
}

// ---------------------------------------------------------------------------------------------
// Summary figures from the typed reports

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export interface StarSummaryData {
  distribution: Array<{ stars: number; count: number }>;
  top: Array<{ rank: number; name: string; creditCode: string; total: string; stars: number; tied: boolean }>;
  excluded: Array<{ name: string; reason: string }>;
}

/** Star distribution (the report's tierCounts: the edition's bands) and the first ten by rank. */
export function starSummary(json: object): StarSummaryData {
  const report = json as Partial<HqRatingReport>;
  const results = report.results ?? [];
  const distribution = (report.tierCounts ?? []).map((t) => ({ stars: t.stars, count: t.count }));
  // results are in rank order (docs/interfaces.md「3.2」)
  const top = results.slice(0, 10).map((r) => ({ rank: Number(r.rank), name: str(r.name), creditCode: str(r.creditCode), total: str(r.total), stars: Number(r.stars), tied: r.tied === true }));
  const excluded = (report.excluded ?? []).map((e) => ({ name: str(e.name), reason: str(e.reason) }));
  return { distribution, top, excluded };
}

export interface AllocationSummaryData {
  rows: Array<{ county: string; base: string; reward: string; total: string; group: string; groupRank: string }>;
  totals: { base: string; reward: string; total: string };
  /** Money in: the fund raised (第七条), in yuan — the report's moneyCheck. */
  moneyIn: string;
  /** Σ of the county totals as published. */
  moneyOut: string;
  /** Every sum checks and money in = money out (the report's moneyCheck.balanced). */
  balanced: boolean;
  /** Reward places not paid (e.g. a group with one county): money in − money out. */
  unallocated: string;
}

/** County allocation with the money-in = money-out check of the report (温政办函〔2023〕28号 第七、八、十条). */
export function allocationSummary(json: object): AllocationSummaryData {
  const report = json as Partial<WaterFundReport>;
  const rows = (report.results ?? []).map((r) => ({
    county: str(r.county), base: str(r.base), reward: str(r.reward), total: str(r.total),
    group: r.group == null ? '' : str(r.group), groupRank: r.groupRank == null ? '' : str(r.groupRank),
  }));
  const t = report.totals;
  const m = report.moneyCheck;
  return {
    rows, totals: { base: str(t?.base), reward: str(t?.reward), total: str(t?.total) },
    moneyIn: str(m?.moneyIn), moneyOut: str(m?.moneyOut), balanced: m?.balanced === true, unallocated: str(m?.difference),
  };
}

export interface ReliefSummaryData {
  counties: Array<{ county: string; families: number; relieved: number; relief: string; cityFund: string; localMatch: string; pilot: boolean }>;
  total: string;
  /** Σ relief = total and city + local = relief everywhere (the report's `balanced`). */
  balanced: boolean;
}

/** Relief totals per county (温政办〔2023〕90号 三、（五）) with the report's check. */
export function reliefSummary(json: object): ReliefSummaryData {
  const report = json as Partial<ReliefReport>;
  const counties = (report.counties ?? []).map((c) => ({
    county: str(c.county), families: Number(c.families) || 0, relieved: Number(c.relieved) || 0,
    relief: str(c.relief), cityFund: str(c.cityFund), localMatch: str(c.localMatch), pilot: c.pilot !== false,
  }));
  return { counties, total: str(report.total), balanced: report.balanced === true };
}

/** Yuan as officers read it: 1,234,567 (exact; decimals kept when present). */
export function formatYuan(text: string): string {
  return /^-?\d+(\.\d+)?$/.test(text) ? groupDigits(text) : text;
}

/** A score to two places for display (the stored value is exact). */
export function formatScore(text: string): string {
  try {
    return new Decimal(text).toFixed(2);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Settings in Chinese: the calculators' descriptors carry option codes (full, yuan, none,
// localContribution) and sources written for the parameter sheet and the command line (§ numbers
// of the rules document, --flags). The pane shows Chinese choices and Chinese explanations.

export interface Choice {
  value: string;
  label: string;
}

/** How the pane shows one setting. */
export type SettingControl =
  | { kind: 'date' }
  | { kind: 'choice'; choices: Choice[] }
  | { kind: 'tie-break' }
  | { kind: 'weights' }
  | { kind: 'text' };

export interface SettingUi {
  control: SettingControl;
  /** What the setting means and where its default comes from, in words the user has. */
  hint: string;
}

/** Indicators a tie may be broken by (hq-rating tieBreak), with their Chinese names. */
export const TIE_BREAK_INDICATORS: Choice[] = [
  { value: 'revenue', label: '营业收入得分' },
  { value: 'localContribution', label: '地方综合贡献得分' },
  { value: 'rdExpense', label: '研发费用得分' },
  { value: 'pensionRate', label: '参保率得分' },
];

/** The 第六条 what-if factors (water-fund whatIfWeights), in the order settingsFrom takes them. */
export const WHAT_IF_WEIGHT_FACTORS: Choice[] = [
  { value: 'waterUse', label: '用水量' },
  { value: 'population', label: '人口' },
  { value: 'structure', label: '用水结构' },
];

const SETTING_UI: Record<string, SettingUi> = {
  ratingDate: {
    control: { kind: 'date' },
    hint: '上市“三年内”自此日倒推。文件未写明，默认为上一年 12 月 31 日，可修改。',
  },
  tieBreak: {
    control: { kind: 'tie-break' },
    hint: '文件未规定总分相同时如何排先后。默认不区分：并列者名次、星级相同；也可依次比较所选指标的得分。',
  },
  degenerateRange: {
    control: { kind: 'choice', choices: [{ value: 'full', label: '全部得满分' }, { value: 'zero', label: '全部得 0 分' }] },
    hint: '某项指标所有企业都相同时，功效系数法的分母为 0，附件1 备注3 未写明得分。默认全部得满分。',
  },
  fundYear: {
    control: { kind: 'text' },
    hint: '按资金年度选用政策文件（第七条）。默认上一年度：考核得分于次年 3 月底前反馈（第十一条）。',
  },
  unit: {
    control: { kind: 'choice', choices: [{ value: 'yuan', label: '取整到元' }, { value: 'fen', label: '精确到分（保留两位小数）' }] },
    hint: '公布金额的精度。按最大余额法分配，各县之和始终等于总额。默认取整到元。',
  },
  whatIfWeights: {
    control: { kind: 'weights' },
    hint: '第六条：用水区域的分担“以实际用水量为主”。默认只按用水量；三项权重按比例折算。',
  },
};

/** The pane's presentation of a setting; unknown settings are a text field with a cleaned source. */
export function settingUi(d: SettingDescriptor): SettingUi {
  return SETTING_UI[d.key] ?? { control: { kind: 'text' }, hint: cleanSource(d.source) };
}

/**
 * A descriptor's source without what only the developers have: 「规则说明 §1.4」 (a document the
 * user does not have), command-line flags (--unit yuan|fen) and option codes in brackets.
 */
export function cleanSource(text: string): string {
  return text
    .replace(/[（(][^（）()]*--[a-z][^（）()]*[）)]/g, '')
    .replace(/--[a-z][a-z-]*(\s+[^\s；，。）)]+)?/g, '')
    .replace(/规则说明\s*§\s*[\d.]+\s*(默认)?/g, '本工具默认')
    .replace(/规则说明(默认)?/g, '本工具默认')
    .replace(/§\s*[\d.]+/g, '')
    .replace(/本工具默认（可修改）[：:]\s*本工具默认/g, '本工具默认')
    .replace(/\s+([；，。])/g, '$1')
    .replace(/[；;]\s*$/, '')
    .trim();
}

/**
 * A calculator's message about a setting, without the names of the command line: 「（--fund-year）」,
 * 「--unit」 and camel-case option keys (ratingDate) are for the CLI's users, not the pane's.
 */
export function paneMessage(text: string): string {
  return text
    .replace(/[（(]--[a-z][a-z-]*[）)]/g, '')
    .replace(/--[a-z][a-z-]*\s*/g, '')
    .replace(/\s*\b[a-z]+[A-Z][A-Za-z]*\b\s*(?=「)/g, '')
    .replace(/(设置|处理设置)\s*(?=「)/g, '$1');
}

/** The code at the start of a descriptor value ("yuan（元，取整到元）" → "yuan"). */
export function choiceValue(control: SettingControl, value: string): string {
  if (control.kind !== 'choice') return value;
  return control.choices.find((c) => value === c.value || value.startsWith(c.value))?.value ?? value;
}

/** tieBreak as stored ("none" or "localContribution,revenue") → the indicators in order. */
export function tieBreakList(value: string): string[] {
  const t = value.trim();
  if (t === '' || t.toLowerCase() === 'none' || t === '无') return [];
  return t.split(/[,，、]/).map((x) => x.trim()).filter((x) => x !== '');
}

/** 第六条 weights as the descriptor writes them ("用水量 1、人口 0、用水结构 0") or as typed → three strings. */
export function weightsList(value: string): string[] {
  const out = WHAT_IF_WEIGHT_FACTORS.map(() => '0');
  const named = WHAT_IF_WEIGHT_FACTORS.map((f, i) => {
    const m = new RegExp(`${f.label}\\s*[=:：]?\\s*(\\d+(?:\\.\\d+)?)`).exec(value);
    return m ? ((out[i] = m[1]), true) : false;
  });
  if (named.some(Boolean)) return out;
  const parts = value.split(/[,，;；、]/).map((p) => p.trim());
  return WHAT_IF_WEIGHT_FACTORS.map((_f, i) => parts[i] ?? '0');
}

/** A setting's value (or default) for people: option codes as their Chinese labels. */
export function displayValue(d: Pick<SettingDescriptor, 'key'>, value: string): string {
  const ui = SETTING_UI[d.key];
  if (!ui) return value;
  const c = ui.control;
  if (c.kind === 'choice') {
    const code = choiceValue(c, value);
    return c.choices.find((x) => x.value === code)?.label ?? value;
  }
  if (c.kind === 'tie-break') {
    const list = tieBreakList(value);
    return list.length === 0 ? '不区分（并列）' : `依次比较 ${list.map((x) => TIE_BREAK_INDICATORS.find((i) => i.value === x)?.label ?? x).join('、')}`;
  }
  return value.replace(/（[^（）]*的上一年度）$/, '');
}

// ---------------------------------------------------------------------------------------------
// The summary of a run, made where the outcome is (the calculation worker): the figures the pane
// shows, small enough to hand over whatever the size of the input.

export interface SummaryView {
  kind: CalculatorKind;
  policy: string;
  /** The draft edition file the run used, or null. */
  draftFile: string | null;
  /** Readable lines (the calculator's summary; for relief made from the report in the pane's words). */
  lines: string[];
  star?: StarSummaryData;
  allocation?: AllocationSummaryData;
  relief?: ReliefSummaryData;
  /** The 第六条 what-if split, when a what-if sheet was given. */
  whatIf?: WhatIfSummaryData;
}

export interface WhatIfSummaryData {
  /** Per district: the what-if amount and, where 第七条 names one, the current amount and the difference. */
  rows: Array<{ district: string; amount: string; current: string; difference: string }>;
  total: string;
}

/** The report's whatIf (docs/interfaces.md water-fund JSON): amounts as exact strings. */
function whatIfSummary(json: Record<string, unknown>): WhatIfSummaryData | undefined {
  const w = json.whatIf as { rows?: Array<Record<string, unknown>>; total?: unknown } | undefined;
  if (!w || !Array.isArray(w.rows)) return undefined;
  return {
    rows: w.rows.map((l) => ({ district: str(l.district), amount: str(l.amount), current: str(l.current), difference: str(l.difference) })),
    total: str(w.total),
  };
}

export function summaryViewOf(outcome: CalculationOutcome): SummaryView {
  const report = reportOf(outcome) as unknown as Record<string, unknown>;
  const draftFile = (report.edition as { draft?: { file?: string } } | undefined)?.draft?.file ?? null;
  const view: SummaryView = { kind: outcome.kind, policy: outcome.policy, draftFile, lines: outcome.summary };
  if (outcome.kind === 'hq-rating') view.star = starSummary(report);
  if (outcome.kind === 'water-fund') {
    view.allocation = allocationSummary(report);
    view.whatIf = whatIfSummary(report);
  }
  if (outcome.kind === 'relief') {
    view.relief = reliefSummary(report);
    view.lines = reliefLines(report as Partial<ReliefReport>);
  }
  return view;
}

/**
 * Relief in the words of the result sheets' headers (市级基金承担, 地方配套): the calculator's
 * summary lines say 市级基金 / 市级 / 地方, which the pane does not repeat.
 */
function reliefLines(report: Partial<ReliefReport>): string[] {
  const t = report.totals;
  const lines: string[] = [];
  if (t) {
    lines.push(`家庭 ${t.families} 户，获化解 ${t.relieved} 户；化解总额 ${formatYuan(t.relief)} 元，其中市级基金承担 ${formatYuan(t.cityFund)} 元、地方配套 ${formatYuan(t.localMatch)} 元。`);
  }
  const c = report.cityFund;
  if (c) {
    lines.push(c.exceeded
      ? `市级基金承担（只计试点县（市、区））${formatYuan(c.used)} 元，超过年度安排 ${formatYuan(c.available)} 元。`
      : `市级基金承担（只计试点县（市、区））${formatYuan(c.used)} 元，未超过年度安排 ${formatYuan(c.available)} 元。`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Problems grouped by kind: a 10,000-row sheet may give hundreds of the same warning.

export interface ProblemGroup {
  key: string;
  severity: Problem['severity'];
  /** The message with its particulars (names, numbers, cells) left out. */
  label: string;
  problems: Problem[];
}

/** The kind of a message: quoted texts and numbers replaced, so the same warning for other rows matches. */
export function problemKind(message: string): string {
  return message
    .replace(/「[^」]*」/g, '「…」')
    .replace(/（[^（）]*![A-Z]+\d+）/g, '')
    .replace(/[A-Z]{1,3}\d+/g, '…')
    .replace(/\d+(?:[.,-]\d+)*/g, '…');
}

/** Errors first, then warnings; within each, kinds by first appearance. */
export function groupProblems(problems: readonly Problem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const p of problems) {
    const kind = problemKind(p.message);
    const key = `${p.severity}:${kind}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, severity: p.severity, label: kind, problems: [] };
      groups.set(key, g);
    }
    g.problems.push(p);
  }
  const all = [...groups.values()];
  for (const g of all) if (g.problems.length === 1) g.label = g.problems[0].message;
  return [...all.filter((g) => g.severity === 'error'), ...all.filter((g) => g.severity !== 'error')];
}

/** "企业名单!C7" (or the sheet alone when the problem has no cell). */
export function problemWhere(p: Problem): string {
  return p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
}

/** 10000 → "10,000" (counts of rows and problems). */
export function count(n: number): string {
  return groupDigits(String(n));
}

/**
 * A count's share of the total as a percentage with one decimal, rounded half up, in integer
 * arithmetic (counts are far below 2^53): 5 of 12 → "41.7%".
 */
export function sharePercent(part: number, total: number): string {
  if (total <= 0) return '—';
  const tenths = Math.floor((part * 2_000 + total) / (2 * total));
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
