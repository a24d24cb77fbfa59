/**
 * One public entry per calculation (in the manner of HyperFormula's API boundary): the CLI, the
 * web page and the task pane call only these, never the rules or the sheet readers directly.
 */
import type { IsoDate } from '../policies/edition';
import type { SheetGrid } from '../sheets/grid';
import type { Problem } from '../sheets/problem';
import type { ResultSheet, SettingDescriptor } from '../sheets/result-sheet';
import type { FieldSpec } from '../sheets/table';
import type { CalculationReport, EditionJson } from './report';

export type CalculatorKind = 'hq-rating' | 'water-fund' | 'relief';

/** A setting as shown on the parameter sheet and in the pane (defined beside the sheet model). */
export type { SettingDescriptor };

export interface CalculationOutcome {
  kind: CalculatorKind;
  /** Document number of the edition used, e.g. 温政办〔2023〕88号. */
  policy: string;
  problems: Problem[];
  /** The JSON document of docs/interfaces.md "JSON output"; result fields absent when there are errors. */
  json: Record<string, unknown>;
  /** Sheets to write: the result sheets (+ 校验问题 when any problem); empty when there are errors. */
  sheets: ResultSheet[];
  /** A few readable Chinese lines (CLI demo, pane summary). */
  summary: string[];
  /**
   * The typed report (src/calculators/report.ts); `json` is this report serialised. Every calculator
   * of src/calculators sets it; read it with `reportOf(outcome)`.
   */
  report?: CalculationReport;
}

/** An outcome whose typed report is known to be there (what the three calculators return). */
export interface ReportedOutcome<R extends CalculationReport> extends CalculationOutcome {
  report: R;
}

/**
 * An option of a calculation as the command line and the pane offer it (declared by each
 * calculator; cli/main.ts builds the commander options from these).
 */
export interface CalculatorOption {
  /** The key of settingsFrom's options (commander's camel-case name of the flag). */
  key: string;
  /** The flag, e.g. --rating-date. */
  flag: string;
  /** The value placeholder, e.g. <YYYY-MM-DD>. */
  value: string;
  /** The Chinese help text. */
  help: string;
  /**
   * The usage error for an empty value (`--unit ""` would silently mean the default); default
   * `${flag} 的值不能为空（不写该选项即用默认值）。`
   */
  emptyMessage?: string;
  /**
   * The option names a further sheet of the same workbook handed to run() under this run-option
   * name (water-fund --what-if-sheet → whatIfGrid), instead of a setting.
   */
  sheetRunOption?: string;
}

export type SettingsResult<S> = { ok: true; settings: S } | { ok: false; message: string };

export interface Calculator<S> {
  kind: CalculatorKind;
  /** Chinese title, e.g. 总部企业星级评定. */
  title: string;
  /** Input columns: canonical header, synonyms, required. Drives reading, detection and mapping. */
  fields: FieldSpec[];
  defaultSettings(today: IsoDate): S;
  /** Settings from string options (CLI flags, pane inputs), e.g. {ratingDate: '2024-12-31'}. */
  settingsFrom(options: Record<string, string | undefined>, today: IsoDate): SettingsResult<S>;
  describeSettings(settings: S, today: IsoDate): SettingDescriptor[];
  /** Read the grid, validate, calculate. Pure: no I/O. */
  run(grid: SheetGrid, settings: S, options?: { mapping?: Record<string, number> }): CalculationOutcome;
  /** The input template sheet: canonical headers, a note row, drop-down validations. */
  template(): ResultSheet;
  /** The calculation's own options (CLI flags and help texts), in the order they are listed. */
  options?: readonly CalculatorOption[];
  /**
   * The edition a run with these settings uses and what chose it (the pane's settings header):
   * the draft edition when the settings carry one.
   */
  editionFor?(settings: S, today: IsoDate): EditionJson;
  /** The policy of the edition files this calculation reads (a draft must be of this policy). */
  policy?: 'hq-rating' | 'water-fund' | 'medical-relief';
  /** The settings with a draft edition (or without one: null), for `--edition` and the pane's picker. */
  withDraft?(settings: S, draft: DraftEditionOf | null): S;
}

/** A draft edition as the settings carry it (src/policies/schema.ts DraftEdition). */
export interface DraftEditionOf {
  edition: { policy: string; document: string; title: string; published: IsoDate; effectiveFrom: IsoDate; effectiveTo: IsoDate | null; parameters: unknown };
  file: string;
}
