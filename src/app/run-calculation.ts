/**
 * The application service shared by the CLI and the web page: workbook port → calculator →
 * workbook port. It knows neither files nor ExcelJS; the caller loads and saves the workbook.
 */
import type { Calculator, CalculationOutcome } from '../calculators/types';
import type { SheetGrid } from '../sheets/grid';
import { hasErrors } from '../sheets/problem';
import type { ResultTag, WorkbookPort } from '../workbook/port';
import { NotAnXlsxError } from '../workbook/load-errors';

export interface RunRequest<S> {
  calculator: Calculator<S>;
  settings: S;
  /** Input sheet; default: `defaultSheet`, else the first sheet of the workbook. */
  sheet?: string;
  defaultSheet?: string | null;
  /** Write the result sheets into the workbook (only when there are no errors). */
  write: boolean;
  /** Column mapping by hand (field → zero-based column), passed to the calculator. */
  mapping?: Record<string, number>;
  /**
   * Further sheets a calculator takes as run options, read from the same workbook: option name →
   * sheet name (e.g. water-fund's { whatIfGrid: '用水量测算' } for the 第六条 what-if split).
   */
  extraSheets?: Record<string, string>;
  /** Run time stamp for the tag; default now. */
  runAt?: string;
  /**
   * Told before each step, for a progress display: a sheet about to be read, then the calculation
   * with the rows of the input sheet. The pane's calculation worker reports these to the pane.
   */
  onPhase?: (phase: RunPhase) => void;
}

export type RunPhase = { phase: 'read'; sheet: string } | { phase: 'calculate'; sheet: string; rows: number };

export type RunResult =
  | { ok: true; sheet: string; outcome: CalculationOutcome; written: string[] }
  | { ok: false; reason: 'missing-sheet' | 'no-sheets' | 'unreadable'; message: string };

export async function runCalculation<S>(port: WorkbookPort, request: RunRequest<S>): Promise<RunResult> {
  const names = await port.sheetNames();
  if (names.length === 0) return { ok: false, reason: 'no-sheets', message: '工作簿中没有任何工作表。' };
  const sheet = resolveSheetName(request.sheet ?? request.defaultSheet ?? names[0], names);
  if (!names.includes(sheet)) {
    return {
      ok: false,
      reason: 'missing-sheet',
      message: `工作簿中没有名为「${sheet}」的工作表；现有工作表：${names.map((n) => `「${n}」`).join('、')}。`,
    };
  }
  const runOptions: Record<string, unknown> = {};
  if (request.mapping) runOptions.mapping = request.mapping;
  for (const [option, given] of Object.entries(request.extraSheets ?? {})) {
    const extra = resolveSheetName(given, names);
    if (!names.includes(extra)) {
      return { ok: false, reason: 'missing-sheet', message: `工作簿中没有名为「${extra}」的工作表；现有工作表：${names.map((n) => `「${n}」`).join('、')}。` };
    }
    request.onPhase?.({ phase: 'read', sheet: extra });
    const extraGrid = await readGrid(port, extra);
    if (!('cells' in extraGrid)) return extraGrid;
    runOptions[option] = extraGrid;
  }
  request.onPhase?.({ phase: 'read', sheet });
  const grid = await readGrid(port, sheet);
  if (!('cells' in grid)) return grid;
  request.onPhase?.({ phase: 'calculate', sheet, rows: grid.cells.length });
  const outcome = request.calculator.run(grid, request.settings, Object.keys(runOptions).length > 0 ? runOptions : undefined);
  let written: string[] = [];
  if (request.write && !hasErrors(outcome.problems) && outcome.sheets.length > 0) {
    const tag: ResultTag = { sourceSheet: sheet, calculator: request.calculator.kind, runAt: request.runAt ?? new Date().toISOString() };
    written = await port.addSheets(outcome.sheets, tag);
  }
  return { ok: true, sheet, outcome, written };
}

/**
 * A sheet's grid; a sheet the reader cannot or must not read (corrupt XML, over a limit of the
 * package reader: xlsx-package/limits.ts) is an 'unreadable' result carrying its Chinese message.
 */
async function readGrid(port: WorkbookPort, sheet: string): Promise<SheetGrid | { ok: false; reason: 'unreadable'; message: string }> {
  try {
    return await port.readSheet(sheet);
  } catch (e) {
    if (e instanceof NotAnXlsxError) return { ok: false, reason: 'unreadable', message: e.message };
    throw e;
  }
}

/** Excel treats sheet names case-insensitively: an exact match, else the one equal ignoring case and outer spaces. */
export function resolveSheetName(wanted: string, names: readonly string[]): string {
  if (names.includes(wanted)) return wanted;
  const key = wanted.trim().toLowerCase();
  return names.find((n) => n.trim().toLowerCase() === key) ?? wanted;
}
