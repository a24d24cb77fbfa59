/**
 * One public entry per calculation (in the manner of HyperFormula's API boundary): the CLI, the
 * web page and the task pane call only these, never the rules or the sheet readers directly.
 */
import type { IsoDate } from '../policies/edition';
import type { SheetGrid } from '../sheets/grid';
import type { Problem } from '../sheets/problem';
import type { ResultSheet, SettingDescriptor } from '../sheets/result-sheet';
import type { FieldSpec } from '../sheets/table';

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
}
