/**
 * What the pane and its calculation engine say to each other. The engine runs in a Web Worker
 * (worker.ts, bundled by webpack as its own file) so that opening, reading and calculating a
 * 10,000-row workbook never holds the pane's thread; where a worker cannot be started the same
 * engine runs on the page (client.ts InlineEngine). Everything here is structured-clone data:
 * grids, problems, the summary view, and result sheets with their exact decimals as strings
 * (transfer.ts).
 */
import type { CalculatorKind } from '../../calculators/types';
import type { CompareReport } from '../../calculators/compare';
import type { IsoDate } from '../../policies/edition';
import type { SheetGrid } from '../../sheets/grid';
import type { Problem } from '../../sheets/problem';
import type { ResultSheet } from '../../sheets/result-sheet';
import type { SummaryView } from '../model';

/** The first rows of a sheet (header detection and the mapping) and the size of the sheet. */
export interface SheetPreviewData {
  sheet: string;
  grid: SheetGrid;
  /** Rows of the sheet (header rows included). */
  totalRows: number;
  columns: number;
}

export interface RunInput {
  kind: CalculatorKind;
  today: IsoDate;
  sheet: string;
  /** Setting strings by key as the pane holds them (dates already yyyy-mm-dd). */
  values: Record<string, string>;
  /** Columns chosen by hand (field → zero-based column; null = not used). */
  manual: Record<string, number | null>;
  /** A draft edition file as picked. */
  draft: { name: string; text: string } | null;
  /** Further sheets by run option (water-fund whatIfGrid → the 用水量测算 sheet's name). */
  extraSheets: Record<string, string>;
  /** 'run': the calculation; 'compare': 方案对比 (edition in force against the draft). */
  mode: 'run' | 'compare';
  /** 'workbook': the result workbook as .xlsx bytes (file path); 'sheets': the result sheets (Excel). */
  output: 'workbook' | 'sheets';
  /** Time stamp of the result tag. */
  runAt: string;
}

export interface RunOutput {
  /** A run that could not start (a sheet missing, settings or draft not valid): the reason. */
  refused: string | null;
  problems: Problem[];
  hasErrors: boolean;
  /** The figures of the summary; null when there are errors or the run was refused. */
  view: SummaryView | null;
  /** Names of the result sheets as calculated. */
  sheetNames: string[];
  /** Rows of the input sheet (header rows included). */
  inputRows: number;
  /** output 'workbook': the upload with the result sheets added. */
  workbook?: ArrayBuffer;
  /** output 'workbook': how it was written (host.ts FileWorkbook.withResults); 'exceljs' is said to the user. */
  savedBy?: 'package' | 'exceljs';
  /** output 'sheets': the result sheets, for the Office.js adapter to write. */
  sheets?: ResultSheet[];
  /** mode 'compare'. */
  comparison?: CompareReport;
}

/** How far the engine has got, for the pane's progress line. */
export type EngineProgress =
  | { phase: 'open'; file: string }
  | { phase: 'read'; sheet: string; rowsRead?: number; totalRows?: number }
  | { phase: 'send'; rowsSent: number; totalRows: number }
  | { phase: 'calculate'; sheet: string; rows: number }
  | { phase: 'book' }
  | { phase: 'receive'; rowsReceived: number; totalRows: number };

/** A slice of rows of a grid handed to the engine (Excel path: the sheet read through Office.js). */
export interface GridSlice {
  name: string;
  /** Index of the slice's first row in the grid. */
  start: number;
  /** Rows of the whole grid. */
  total: number;
  cells: SheetGrid['cells'];
  numberFormats?: SheetGrid['numberFormats'];
  origin?: SheetGrid['origin'];
  date1904?: boolean;
}

// ---- messages -------------------------------------------------------------------------------

export type ToEngine =
  | { id: number; type: 'open'; bytes: ArrayBuffer; name: string }
  | { id: number; type: 'preview'; sheet: string }
  | { id: number; type: 'grid'; slice: GridSlice }
  | { id: number; type: 'run'; input: RunInput };

export type FromEngine =
  | { type: 'ready' }
  | { id: number; type: 'progress'; progress: EngineProgress }
  /** A result sheet without its rows (they follow in 'rows' messages). */
  | { id: number; type: 'sheet'; index: number; meta: unknown; rowCount: number }
  | { id: number; type: 'rows'; index: number; start: number; rows: unknown[][] }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; name: string; message: string };
