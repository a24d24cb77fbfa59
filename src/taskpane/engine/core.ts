/**
 * The pane's calculation engine: opens an uploaded workbook, reads sheets, runs a calculation
 * through the application service (src/app/run-calculation.ts, as the CLI does: the input sheet
 * and the further sheets of run options such as the 用水量测算 sheet) and makes the result
 * workbook or result sheets. It knows neither React nor the worker: worker.ts runs it in a Web
 * Worker, client.ts InlineEngine on the page when no worker can be started.
 */
import { CALCULATORS } from '../../calculators';
import { compareReports } from '../../calculators/compare';
import { reportOf } from '../../calculators/report';
import type { CalculationOutcome } from '../../calculators/types';
import { parseDraftEdition } from '../../policies/schema';
import type { SheetGrid } from '../../sheets/grid';
import { hasErrors } from '../../sheets/problem';
import type { ResultSheet } from '../../sheets/result-sheet';
import type { ReadSheetOptions, ResultTag, WorkbookPort } from '../../workbook/port';
import { runCalculation, type RunPhase } from '../../app/run-calculation';
import type { FileWorkbook } from '../host';
import { manualForRun, previewOf, settingsView, summaryViewOf } from '../model';
import type { EngineProgress, GridSlice, RunInput, RunOutput, SheetPreviewData } from './protocol';

export type FileOpener = (bytes: ArrayBuffer, name: string) => Promise<FileWorkbook>;

/** A run's result with the result sheets as the calculator made them (the caller sends or writes them). */
export interface CoreRunOutput extends Omit<RunOutput, 'sheets'> {
  resultSheets: ResultSheet[];
}

/** The port a run reads from: the uploaded workbook's, remembering each sheet read once. */
class CachingPort implements WorkbookPort {
  readonly grids = new Map<string, SheetGrid>();
  constructor(private readonly inner: WorkbookPort) {}
  sheetNames(): Promise<string[]> {
    return this.inner.sheetNames();
  }
  async readSheet(name: string, options?: ReadSheetOptions): Promise<SheetGrid> {
    let g = this.grids.get(name);
    if (!g) {
      g = await this.inner.readSheet(name, options);
      this.grids.set(name, g);
    }
    return g;
  }
  addSheets(): Promise<string[]> {
    throw new Error('结果由引擎另行保存');
  }
}

/** The grids handed over by the pane (Excel path), as a port. */
class GridPort implements WorkbookPort {
  constructor(private readonly grids: Map<string, SheetGrid>) {}
  async sheetNames(): Promise<string[]> {
    return [...this.grids.keys()];
  }
  async readSheet(name: string): Promise<SheetGrid> {
    const g = this.grids.get(name);
    if (!g) throw new Error(`工作表「${name}」尚未读取。`);
    return g;
  }
  addSheets(): Promise<string[]> {
    throw new Error('结果由任务窗格写入 Excel');
  }
}

export class EngineCore {
  private file: { wb: FileWorkbook; port: CachingPort } | null = null;
  /** Grids received from the pane (Excel path), by sheet name. */
  private readonly received = new Map<string, SheetGrid>();

  constructor(private readonly opener: FileOpener) {}

  async openFile(bytes: ArrayBuffer, name: string, progress: (p: EngineProgress) => void): Promise<{ sheets: string[]; first: string | null }> {
    this.file = null;
    progress({ phase: 'open', file: name });
    const wb = await this.opener(bytes, name);
    this.file = { wb, port: new CachingPort(wb.port) };
    const sheets = await wb.port.sheetNames();
    return { sheets, first: wb.firstSheet() ?? sheets[0] ?? null };
  }

  /** The first rows of a sheet of the uploaded workbook (the whole sheet is read and kept for the run). */
  async preview(sheet: string, progress: (p: EngineProgress) => void): Promise<SheetPreviewData> {
    const port = this.filePort();
    progress({ phase: 'read', sheet });
    const grid = await port.readSheet(sheet);
    const rows = grid.cells.length;
    progress({ phase: 'read', sheet, rowsRead: rows, totalRows: rows });
    let columns = 0;
    for (const r of grid.cells) columns = Math.max(columns, r.length);
    return { sheet, grid: previewOf(grid), totalRows: rows, columns };
  }

  /** A slice of a grid from the pane; the first slice (start 0) replaces what was kept under that name. */
  putGrid(slice: GridSlice): void {
    let g = this.received.get(slice.name);
    if (slice.start === 0 || !g) {
      g = { name: slice.name, cells: new Array(slice.total), numberFormats: slice.numberFormats ? new Array(slice.total) : undefined, origin: slice.origin, date1904: slice.date1904 };
      this.received.set(slice.name, g);
    }
    slice.cells.forEach((row, i) => {
      g!.cells[slice.start + i] = row;
      if (g!.numberFormats && slice.numberFormats) g!.numberFormats[slice.start + i] = slice.numberFormats[i];
    });
  }

  private filePort(): CachingPort {
    if (!this.file) throw new Error('尚未打开工作簿。');
    return this.file.port;
  }

  async run(input: RunInput, progress: (p: EngineProgress) => void): Promise<CoreRunOutput> {
    const calc = CALCULATORS[input.kind];
    const refused = (message: string): CoreRunOutput => ({ refused: message, problems: [], hasErrors: true, view: null, sheetNames: [], inputRows: 0, resultSheets: [] });
    const view = settingsView(calc, input.values, input.today);
    if (view.error || view.settings === null) return refused(`参数有误：${view.error ?? '无法解析'}`);
    let draft = null;
    if (input.draft) {
      if (!calc.policy) return refused(`${calc.title}不接受草案版本文件。`);
      const parsed = parseDraftEdition(calc.policy, input.draft.text, input.draft.name);
      if (!parsed.ok) return refused(parsed.message);
      draft = parsed.draft;
    }
    const settingsWith = (d: typeof draft): unknown => (calc.withDraft ? calc.withDraft(view.settings as never, d as never) : view.settings);
    const port: WorkbookPort = input.output === 'workbook' ? this.filePort() : new GridPort(this.received);
    const onPhase = (p: RunPhase): void => progress(p.phase === 'read' ? { phase: 'read', sheet: p.sheet } : { phase: 'calculate', sheet: p.sheet, rows: p.rows });
    const once = async (settings: unknown) => {
      const r = await runCalculation(port, {
        calculator: calc as never, settings, sheet: input.sheet, write: false,
        mapping: manualForRun(input.manual), extraSheets: input.extraSheets, runAt: input.runAt, onPhase,
      });
      return r;
    };

    if (input.mode === 'compare') {
      if (!draft) return refused('方案对比需要先选择草案版本文件。');
      const before = await once(settingsWith(null));
      if (!before.ok) return refused(before.message);
      const after = await once(settingsWith(draft));
      if (!after.ok) return refused(after.message);
      const comparison = compareReports(reportOf(before.outcome), reportOf(after.outcome), { baseline: null, alternative: draft.file });
      const failed = comparison.problems.some((p) => p.severity === 'error');
      return {
        ...this.outputOf(after.outcome, input, failed),
        // The pane lists only what changed (CompareView): unchanged enterprises are not handed over.
        comparison: failed ? undefined : comparison.calculation === 'hq-rating' ? { ...comparison, changes: comparison.changes.filter((c) => !('changed' in c) || c.changed) as typeof comparison.changes } : comparison,
        resultSheets: [],
      };
    }

    const result = await once(settingsWith(draft));
    if (!result.ok) return refused(result.message);
    const out = this.outputOf(result.outcome, input, hasErrors(result.outcome.problems));
    if (out.hasErrors) return out;
    if (input.output === 'workbook') {
      progress({ phase: 'book' });
      const tag: ResultTag = { sourceSheet: result.sheet, calculator: calc.kind, runAt: input.runAt };
      const saved = await this.file!.wb.withResults(result.outcome.sheets, tag);
      out.workbook = saved.bytes;
      out.savedBy = saved.method;
    } else {
      out.resultSheets = result.outcome.sheets;
    }
    return out;
  }

  private outputOf(outcome: CalculationOutcome, input: RunInput, failed: boolean): CoreRunOutput {
    const grid = input.output === 'workbook' ? this.file?.port.grids.get(input.sheet) : this.received.get(input.sheet);
    return {
      refused: null,
      problems: outcome.problems,
      hasErrors: failed,
      view: failed ? null : summaryViewOf(outcome),
      sheetNames: outcome.sheets.map((s) => s.name),
      inputRows: grid?.cells.length ?? 0,
      resultSheets: [],
    };
  }
}
