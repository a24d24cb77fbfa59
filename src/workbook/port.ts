/**
 * The workbook port: everything the application needs from a workbook, whether it is an .xlsx
 * file (ExcelJS: CLI and web page), the open workbook in Excel (Office.js: task pane) or memory
 * (tests). Adapters implement it; nothing above this port knows which one it has.
 */
import type { SheetGrid } from '../sheets/grid';
import type { ResultSheet } from '../sheets/result-sheet';

/** Marks sheets this tool created, so a re-run can replace exactly those and nothing else. */
export interface ResultTag {
  /** The input sheet the results were computed from. */
  sourceSheet: string;
  calculator: string;
  /** ISO timestamp of the run. */
  runAt: string;
}

/** How far a read has got: rows of the sheet's used range read so far, of all its rows. */
export interface ReadProgress {
  rowsRead: number;
  totalRows: number;
}

/**
 * Options of a read. Adapters that read a sheet in one step (ExcelJS, the package reader, memory)
 * may ignore them; the Office.js adapter reads in row chunks and honours both.
 */
export interface ReadSheetOptions {
  /** Called after each chunk of rows (the pane shows 已读取 3,200 / 10,000 行). */
  onProgress?: (progress: ReadProgress) => void;
  /** Stops the read between chunks; the read then rejects with an error named AbortError. */
  signal?: AbortSignal;
}

export interface WorkbookPort {
  sheetNames(): Promise<string[]>;
  readSheet(name: string, options?: ReadSheetOptions): Promise<SheetGrid>;
  /**
   * Add result sheets under fresh names (never overwriting or deleting a sheet the tool did not
   * create in the same run) and return the names used, in order. All or nothing: if writing
   * fails, sheets created in this call are removed before the error is rethrown.
   */
  addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]>;
}

/** The error a read or a run stopped through its AbortSignal rejects with. */
export function abortError(message = '已取消'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
