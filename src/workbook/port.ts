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

export interface WorkbookPort {
  sheetNames(): Promise<string[]>;
  readSheet(name: string): Promise<SheetGrid>;
  /**
   * Add result sheets under fresh names (never overwriting or deleting a sheet the tool did not
   * create in the same run) and return the names used, in order. All or nothing: if writing
   * fails, sheets created in this call are removed before the error is rethrown.
   */
  addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]>;
}
