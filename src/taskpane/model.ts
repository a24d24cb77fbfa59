/**
 * The pane's logic without React: header detection for the mapping, settings from the edition,
 * and the figures of the summary read from the calculators' typed reports (src/calculators/report.ts,
 * the JSON of docs/interfaces.md): tier counts and money checks as the calculators made them, never
 * derived again here. Money and scores stay exact decimal strings, never JS numbers.
 */
import { Decimal, groupDigits } from '../exact/decimal';
import type { IsoDate } from '../policies/edition';
import { CALCULATORS, type AnyCalculator } from '../calculators';
import type { CalculatorKind, SettingDescriptor } from '../calculators/types';
import type { EditionJson, HqRatingReport, ReliefReport, WaterFundReport } from '../calculators/report';
import { cellAt, columnLetters, type SheetGrid } from '../sheets/grid';
import { cellText } from '../sheets/parse-cell';
import { readTable, type FieldSpec } from '../sheets/table';
import type { KeyValueStore } from './store';

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

/** Run header detection the same way the calculation will (readTable) and list the header row. */
export function detectMapping(grid: SheetGrid, fields: FieldSpec[]): MappingState {
  const table = readTable(grid, fields);
  const detected: Record<string, number | undefined> = {};
  for (const f of fields) detected[f.field] = table.columns[f.field]?.col;
  const headerIndex = Math.max(0, table.headerRowNumber - 1 - (grid.origin?.row ?? 0));
  let width = 0;
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
