/// <reference types="office-js" />
/**
 * The Office.js adapter of the workbook port: the workbook open in Excel (desktop, Mac, web).
 * Office.js stays behind this one module (and office-settings.ts); the pane talks to the port.
 *
 * What real Excel needs, and how it is met here:
 * - reading: the used range (values only) of a sheet — its size first, then values, value types
 *   and number formats (so dates and percentages are recognised) in row chunks: each chunk's
 *   response stays near 2 MB, under the 5 MB response limit of Excel on the web, and far under
 *   the 5 million cells of one range operation; the chunk size follows the bytes per row actually
 *   seen, and halves on a payload-size refusal. Progress (rows read of the total) is reported
 *   after each chunk and an AbortSignal stops the read between chunks. Up to DEFAULT_CELL_LIMIT
 *   cells (1,000,000 rows of a 10-column list) are read; a larger used range is refused with a
 *   Chinese message before anything is transferred;
 * - writing: values in row blocks, each a 2-D array of values preceded by its 2-D array of number
 *   formats (so text columns are "@" before their values arrive and an 18-digit credit code stays
 *   text; any text cell is "@", so a string starting with = + - is never a formula), packed into
 *   requests whose estimated size stays under `maxRequestBytes` (default 1.8 MB, well under the
 *   5 MB limit of Excel on the web); on a payload-size error the request budget is halved and the
 *   request retried; then formats, freeze panes, widths, ★ colours and the chart in one final sync.
 *   The rows are turned into Office.js arrays in slices with a yield between them, so that a
 *   10,000-row result does not hold the pane's thread;
 * - `suspendApiCalculationUntilNextSync` (ExcelApi 1.6) before every write sync,
 *   `Excel.run({ delayForCellEdit })` for every batch;
 * - all or nothing: if a write fails, the sheets created in this run are deleted and the error is
 *   rethrown in Chinese (WriteResultsError), saying what was cleaned up and what could not be;
 * - re-run: result sheets carry a worksheet custom property (ExcelApi 1.12) naming the source sheet;
 *   `replaceResults` deletes only sheets so marked for the same source sheet, and only after the
 *   new ones were written completely.
 */
import { groupDigits } from '../exact/decimal';
import type { SheetGrid, CellValue } from '../sheets/grid';
import { columnLetters } from '../sheets/grid';
import { serialFromIso } from '../sheets/parse-cell';
import type { ResultCell, ResultChart, ResultSheet } from '../sheets/result-sheet';
import { fitWidths } from '../sheets/result-sheet';
import { abortError, type ReadSheetOptions, type ResultTag, type WorkbookPort } from './port';
import { freshSheetName } from './sheet-names';

/** Reports write progress: requests done of the planned total. */
export type Progress = (done: number, total: number) => void;

/** The first rows of a sheet, for header detection, with the size of its used range. */
export interface SheetPreview {
  grid: SheetGrid;
  /** Rows of the used range (header rows included). */
  totalRows: number;
  columns: number;
}

/** The workbook open in Excel, as the pane uses it. */
export interface ExcelWorkbook extends WorkbookPort {
  activeSheetName(): Promise<string>;
  /**
   * The first `rows` rows of the used range and its size: enough to find the header (within the
   * first 20 rows) without transferring the whole sheet. Absent in simple test doubles: the pane
   * then reads the whole sheet.
   */
  readSheetPreview?(name: string, rows?: number): Promise<SheetPreview>;
  selectCell(sheet: string, cell: string): Promise<void>;
  /** Write result sheets, then delete those this add-in wrote earlier for the same source sheet. */
  replaceResults(sheets: ResultSheet[], tag: ResultTag, onProgress?: Progress): Promise<string[]>;
}

/** The part of the Office.js `Excel` namespace used here (injectable: tests pass a fake). */
export interface ExcelRunner {
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

export interface OfficeWorkbookOptions {
  /** Largest sheet read, in cells (rows × columns of the used range). */
  cellLimit?: number;
  /** Budget for one request's estimated payload, in bytes. */
  maxRequestBytes?: number;
  /** Whether worksheet custom properties (ExcelApi 1.12) can be used to mark result sheets. */
  customProperties?: boolean;
  /** Whether Application.suspendApiCalculationUntilNextSync (ExcelApi 1.6) is available. */
  suspendCalculation?: boolean;
  /** Target size of one read chunk's response, in bytes (default READ_CHUNK_BYTES). */
  readChunkBytes?: number;
}

/**
 * Sheets whose used range has more cells are refused: 1,000,000 rows of a 10-column list fit. The
 * limit is about the pane's memory (the grid, and its copy in the calculation worker), not about
 * Office.js, which is read in chunks whatever the size.
 */
export const DEFAULT_CELL_LIMIT = 10_000_000;
/**
 * Target response of one read chunk (values + value types + number formats as JSON): well under
 * the 5 MB response limit of Excel on the web, large enough that a 1,000,000-row sheet is read in
 * a few hundred round trips.
 */
export const READ_CHUNK_BYTES = 2_000_000;
/** Cells of the first chunk, before the bytes per row are known. */
const FIRST_CHUNK_CELLS = 20_000;
/** The most cells one chunk asks for: a tenth of the 5 million cells of one range operation. */
const MAX_CHUNK_CELLS = 500_000;
/** Rows of the preview the pane reads to find the header (detection looks at the first 20). */
export const PREVIEW_ROWS = 60;
/** Rows turned into Office.js arrays between two yields when writing. */
const MATRIX_SLICE_ROWS = 2_000;
export const DEFAULT_MAX_REQUEST_BYTES = 1_800_000;
/** Custom property key marking a sheet this add-in wrote; its value is the JSON ResultTag. */
export const TAG_PROPERTY = 'wzpolicy.result';
/** Estimated fixed cost of one operation in a request (object path, method, ids). */
const OP_OVERHEAD = 160;

const TEXT = '@';
const GENERAL = 'General';
const DATE = 'yyyy-mm-dd';

/** An Office.js error (OfficeExtension.Error) has a `code`. */
function errorCode(e: unknown): string {
  return (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') ? (e as { code: string }).code : '';
}

/** A refusal of a request or response over Excel's size limit (also used by signing's reads). */
export function isPayloadError(e: unknown): boolean {
  const code = errorCode(e);
  if (/PayloadSizeLimitExceeded/i.test(code)) return true;
  const message = e instanceof Error ? e.message : '';
  return /payload|请求负载|too large/i.test(message);
}

function messageOf(e: unknown): string {
  return e instanceof Error && e.message ? e.message : String(e);
}

/** 1234567 → 1,234,567 (counts in messages): the project's one digit grouping. */
const grouped = (n: number): string => groupDigits(String(n));

/** UTF-8 length of a string, without allocating. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The serial Excel stores for a date (1900 date system): serialFromIso of sheets/parse-cell. */
export const excelSerial = (iso: string): number => serialFromIso(iso);

type Scalar = string | number | boolean;

/** One result cell as the value and number format Office.js receives. */
export function officeCell(cell: ResultCell | undefined, textColumn: boolean): { value: Scalar; format: string } {
  if (!cell) return { value: '', format: textColumn ? TEXT : GENERAL };
  switch (cell.kind) {
    case 'text':
      // "@" for every text cell: Excel then stores the string as typed, never as a formula or number.
      return { value: cell.text, format: TEXT };
    case 'number':
      return textColumn ? { value: cell.value.toFixed(), format: TEXT } : { value: cell.value.toNumber(), format: cell.format };
    case 'integer':
      return textColumn ? { value: String(cell.value), format: TEXT } : { value: cell.value, format: cell.format ?? '0' };
    case 'date':
      return textColumn ? { value: cell.iso, format: TEXT } : { value: excelSerial(cell.iso), format: DATE };
    default:
      return { value: '', format: textColumn ? TEXT : GENERAL };
  }
}

/** A sheet as Office.js rows: the header row, then the data rows; values and formats. */
interface Matrix {
  values: Scalar[][];
  formats: string[][];
  /** Estimated bytes of each row (values + formats as JSON). */
  rowBytes: number[];
}

export function toMatrix(sheet: ResultSheet): Matrix {
  const width = sheet.columns.length;
  const values: Scalar[][] = [sheet.columns.map((c) => c.header)];
  const formats: string[][] = [sheet.columns.map(() => TEXT)];
  for (const row of sheet.rows) {
    const v: Scalar[] = new Array(width);
    const f: string[] = new Array(width);
    for (let c = 0; c < width; c++) {
      const cell = officeCell(row[c], sheet.columns[c].text === true);
      v[c] = cell.value;
      f[c] = cell.format;
    }
    values.push(v);
    formats.push(f);
  }
  const rowBytes = values.map((v, i) => utf8Bytes(JSON.stringify(v)) + utf8Bytes(JSON.stringify(formats[i])) + 2);
  return { values, formats, rowBytes };
}

const yieldToUi = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** toMatrix in slices of rows with a yield between them (the pane stays responsive while writing). */
export async function toMatrixInSlices(sheet: ResultSheet, sliceRows = MATRIX_SLICE_ROWS): Promise<Matrix> {
  if (sheet.rows.length <= sliceRows) return toMatrix(sheet);
  const head = toMatrix({ ...sheet, rows: [] });
  for (let start = 0; start < sheet.rows.length; start += sliceRows) {
    await yieldToUi();
    const part = toMatrix({ ...sheet, rows: sheet.rows.slice(start, start + sliceRows) });
    for (let i = 1; i < part.values.length; i++) {
      head.values.push(part.values[i]);
      head.formats.push(part.formats[i]);
      head.rowBytes.push(part.rowBytes[i]);
    }
  }
  return head;
}

/** A rectangle of one sheet's rows [start, start + count) written as one values + one formats array. */
interface Block {
  sheet: number;
  start: number;
  count: number;
  bytes: number;
}

/**
 * Pack the remaining rows of the sheets into requests of at most `budget` estimated bytes: big
 * sheets are cut into row blocks, small ones share a request. Each block is one 2-D array.
 */
export function planRequests(matrices: Matrix[], budget: number, from: Array<{ sheet: number; row: number }> = []): Block[][] {
  const requests: Block[][] = [];
  let current: Block[] = [];
  let used = 0;
  const flush = (): void => {
    if (current.length > 0) requests.push(current);
    current = [];
    used = 0;
  };
  matrices.forEach((m, s) => {
    let row = from.find((f) => f.sheet === s)?.row ?? 0;
    while (row < m.values.length) {
      let count = 0;
      let bytes = 2 * OP_OVERHEAD;
      while (row + count < m.values.length && used + bytes + m.rowBytes[row + count] <= budget) {
        bytes += m.rowBytes[row + count];
        count++;
      }
      if (count === 0) {
        if (current.length > 0) {
          flush();
          continue;
        }
        // One row larger than the budget: it goes alone.
        bytes += m.rowBytes[row];
        count = 1;
      }
      current.push({ sheet: s, start: row, count, bytes });
      used += bytes;
      row += count;
      if (row < m.values.length) flush();
    }
  });
  flush();
  return requests;
}

/** Parse the tag stored on a result sheet (null when absent or not ours). */
function parseTag(text: string | undefined | null): ResultTag | null {
  if (!text) return null;
  try {
    const t = JSON.parse(text) as Partial<ResultTag>;
    return typeof t.sourceSheet === 'string' && typeof t.calculator === 'string' ? (t as ResultTag) : null;
  } catch {
    return null;
  }
}

/** Office.context.requirements.isSetSupported('ExcelApi', version); true when it cannot be asked. */
function excelApiSupported(version: string): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported?(n: string, v: string): boolean } } } }).Office;
  const check = office?.context?.requirements?.isSetSupported;
  return check ? Boolean(check.call(office!.context!.requirements, 'ExcelApi', version)) : true;
}

/**
 * Headquarters per tier as the calculation reported them (ResultSheet.tierTable, from the typed
 * report's tierCounts: every band of the edition, highest first) — never recounted from ★ cells.
 */
export function tierCounts(sheet: ResultSheet): Array<{ tier: string; count: number }> {
  return sheet.tierTable ?? [];
}

/**
 * Writing results failed. The message says what happened to the sheets this run created: all
 * deleted again, or which of them could not be deleted (the user must remove those by hand).
 */
export class WriteResultsError extends Error {
  constructor(
    readonly cause: unknown,
    /** Sheets created by the failed run. */
    readonly created: string[],
    /** Of those, the ones still in the workbook (the clean-up failed for them). */
    readonly leftOver: string[],
    /** Why the clean-up failed, when it did. */
    readonly cleanupError: string | null,
  ) {
    super(WriteResultsError.text(messageOf(cause), created, leftOver, cleanupError));
    this.name = 'WriteResultsError';
  }

  private static text(cause: string, created: string[], leftOver: string[], cleanupError: string | null): string {
    const head = `写入结果失败：${cause.replace(/[。.]\s*$/, '')}。`;
    if (created.length === 0) return `${head}没有新建任何工作表。`;
    if (leftOver.length === 0) return `${head}本次新建的 ${created.length} 个工作表已全部删除。`;
    const names = leftOver.map((n) => `「${n}」`).join('、');
    return `${head}本次新建的工作表中${names}未能删除${cleanupError ? `（${cleanupError}）` : ''}，请在 Excel 中手动删除。`;
  }
}

interface UsedRange {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

/** Upper bound of a cell's JSON size, without encoding it (3 bytes per UTF-16 unit). */
function jsonBytes(v: unknown): number {
  if (typeof v === 'string') return v.length * 3 + 3;
  if (typeof v === 'number') return 12;
  return 6;
}


export class OfficeWorkbook implements ExcelWorkbook {
  readonly cellLimit: number;
  readonly maxRequestBytes: number;
  readonly readChunkBytes: number;
  private readonly customProperties: boolean;
  private readonly suspendCalculation: boolean;

  constructor(private readonly excel: ExcelRunner = (globalThis as unknown as { Excel: ExcelRunner }).Excel, options: OfficeWorkbookOptions = {}) {
    this.cellLimit = options.cellLimit ?? DEFAULT_CELL_LIMIT;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.readChunkBytes = options.readChunkBytes ?? READ_CHUNK_BYTES;
    this.customProperties = options.customProperties ?? excelApiSupported('1.12');
    // Application.suspendApiCalculationUntilNextSync is ExcelApi 1.6.
    this.suspendCalculation = options.suspendCalculation ?? excelApiSupported('1.6');
  }

  private run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return this.excel.run({ delayForCellEdit: true }, batch);
  }

  async sheetNames(): Promise<string[]> {
    return this.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load('items/name');
      await ctx.sync();
      return sheets.items.map((s) => s.name);
    });
  }

  async activeSheetName(): Promise<string> {
    return this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getActiveWorksheet();
      ws.load('name');
      await ctx.sync();
      return ws.name;
    });
  }

  async selectCell(sheet: string, cell: string): Promise<void> {
    await this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(cell).select();
      await ctx.sync();
    });
  }

  /**
   * The used range (values only) with number formats, read in row chunks (see the module comment);
   * refused above the cell limit.
   */
  async readSheet(name: string, options: ReadSheetOptions = {}): Promise<SheetGrid> {
    return this.run(async (ctx) => {
      const { ws, used } = await this.usedRange(ctx, name);
      if (!used) return { name, cells: [], numberFormats: [] };
      const cells = used.rowCount * used.columnCount;
      if (cells > this.cellLimit) {
        throw new Error(`工作表「${name}」的已用区域有 ${grouped(used.rowCount)} 行 × ${grouped(used.columnCount)} 列 = ${grouped(cells)} 个单元格，超过上限 ${grouped(this.cellLimit)} 个。请把需要计算的数据复制到新工作表（删除多余的行列）后重试。`);
      }
      return this.readRows(ctx, ws, name, used, used.rowCount, options);
    });
  }

  async readSheetPreview(name: string, rows = PREVIEW_ROWS): Promise<SheetPreview> {
    return this.run(async (ctx) => {
      const { ws, used } = await this.usedRange(ctx, name);
      if (!used) return { grid: { name, cells: [], numberFormats: [] }, totalRows: 0, columns: 0 };
      const grid = await this.readRows(ctx, ws, name, used, Math.min(rows, used.rowCount), {});
      return { grid, totalRows: used.rowCount, columns: used.columnCount };
    });
  }

  /** The sheet and its used range (values only), or null for an empty sheet; a missing sheet is an error. */
  private async usedRange(ctx: Excel.RequestContext, name: string): Promise<{ ws: Excel.Worksheet; used: UsedRange | null }> {
    const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    await ctx.sync();
    if (ws.isNullObject) throw new Error(`工作簿中没有名为「${name}」的工作表。`);
    if (used.isNullObject) return { ws, used: null };
    return { ws, used: { rowIndex: used.rowIndex, columnIndex: used.columnIndex, rowCount: used.rowCount, columnCount: used.columnCount } };
  }

  /**
   * The first `count` rows of the used range as a grid, in chunks: the first of FIRST_CHUNK_CELLS,
   * the next ones sized so that their response is about `readChunkBytes` by the bytes per row seen
   * so far; a payload-size refusal halves the chunk.
   */
  private async readRows(ctx: Excel.RequestContext, ws: Excel.Worksheet, name: string, used: UsedRange, count: number, options: ReadSheetOptions): Promise<SheetGrid> {
    const cols = used.columnCount;
    const cells: CellValue[][] = new Array(count);
    const numberFormats: (string | null)[][] = new Array(count);
    // The most rows a chunk may ask for: MAX_CHUNK_CELLS, lowered for good by a refusal.
    let maxRows = Math.max(1, Math.floor(MAX_CHUNK_CELLS / cols));
    let chunk = Math.min(count, maxRows, Math.max(1, Math.floor(FIRST_CHUNK_CELLS / cols)));
    let r = 0;
    while (r < count) {
      if (options.signal?.aborted) throw abortError(`已取消读取工作表「${name}」。`);
      const n = Math.min(chunk, count - r);
      const range = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, n, cols);
      range.load('values,valueTypes,numberFormat');
      try {
        await ctx.sync();
      } catch (e) {
        if (!isPayloadError(e) || n === 1) throw e;
        maxRows = Math.max(1, Math.floor(n / 2));
        chunk = maxRows;
        continue;
      }
      const values = range.values as unknown[][];
      const types = range.valueTypes as string[][];
      const formats = range.numberFormat as unknown[][];
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        const vRow = values[i] ?? [];
        const tRow = types[i] ?? [];
        const fRow = formats[i] ?? [];
        const outCells: CellValue[] = new Array(vRow.length);
        const outFormats: (string | null)[] = new Array(fRow.length);
        for (let c = 0; c < vRow.length; c++) {
          const v = vRow[c];
          const t = tRow[c];
          bytes += jsonBytes(v) + (typeof t === 'string' ? t.length + 3 : 6);
          if (t === 'Error') outCells[c] = { error: String(v) };
          else if (v === '' || v === null || v === undefined) outCells[c] = null;
          else outCells[c] = typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
        }
        for (let c = 0; c < fRow.length; c++) {
          const f = fRow[c];
          bytes += jsonBytes(f);
          outFormats[c] = typeof f === 'string' && f !== GENERAL ? f : null;
        }
        cells[r + i] = outCells;
        numberFormats[r + i] = outFormats;
      }
      r += n;
      options.onProgress?.({ rowsRead: r, totalRows: count });
      const perRow = Math.max(1, bytes / n);
      chunk = Math.max(1, Math.min(maxRows, Math.floor(this.readChunkBytes / perRow)));
      // A host may settle sync() without a round trip (no task boundary): yield, so the pane
      // paints the progress and stays responsive between chunks.
      if (r < count) await yieldToUi();
    }
    return { name, cells, numberFormats, origin: { row: used.rowIndex, col: used.columnIndex } };
  }

  async addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]> {
    return this.write(sheets, tag, false);
  }

  async replaceResults(sheets: ResultSheet[], tag: ResultTag, onProgress?: Progress): Promise<string[]> {
    return this.write(sheets, tag, true, onProgress);
  }

  private async write(sheets: ResultSheet[], tag: ResultTag, replace: boolean, onProgress?: Progress): Promise<string[]> {
    const created: string[] = [];
    // Before Excel.run: the arrays of a large result are built in slices, yielding to the pane.
    const matrices: Matrix[] = [];
    for (const sheet of sheets) matrices.push(await toMatrixInSlices(sheet));
    try {
      return await this.run(async (ctx) => {
        const collection = ctx.workbook.worksheets;
        collection.load('items/name');
        await ctx.sync();
        const existing = collection.items.map((s) => s.name);

        // One sync: read the marks of earlier results (replaced at the end) and create the new
        // sheets, marked as ours. Names are fresh against the sheets that exist now.
        const names: string[] = [];
        const props = replace && this.customProperties
          ? collection.items.map((s) => {
            const p = s.customProperties.getItemOrNullObject(TAG_PROPERTY);
            p.load('value');
            return p;
          })
          : [];
        const handles = sheets.map((sheet, i) => {
          const name = freshSheetName(sheet.name, [...existing, ...names]);
          names.push(name);
          const ws = collection.add(name);
          if (this.customProperties) ws.customProperties.add(TAG_PROPERTY, JSON.stringify({ ...tag, role: sheet.role, index: i }));
          return ws;
        });
        await ctx.sync();
        created.push(...names);
        const previous = existing.filter((n, i) => {
          const t = props[i] && !props[i].isNullObject ? parseTag(props[i].value) : null;
          return t !== null && t.sourceSheet === tag.sourceSheet && n !== tag.sourceSheet;
        });

        // Values (with their formats first) in row blocks packed into requests under the budget.
        let budget = this.maxRequestBytes;
        let requests = planRequests(matrices, budget);
        let done = 0;
        const total = requests.length + 1;
        while (requests.length > 0) {
          const request = requests[0];
          for (const b of request) {
            const m = matrices[b.sheet];
            const range = handles[b.sheet].getRangeByIndexes(b.start, 0, b.count, m.values[0].length);
            range.numberFormat = m.formats.slice(b.start, b.start + b.count);
            range.values = m.values.slice(b.start, b.start + b.count);
          }
          if (this.suspendCalculation) ctx.application.suspendApiCalculationUntilNextSync();
          try {
            await ctx.sync();
          } catch (e) {
            if (!isPayloadError(e) || budget < 2048) throw e;
            // Excel refused the request as too large: halve the budget and re-plan from this request.
            budget = Math.floor(budget / 2);
            const from = request.map((b) => ({ sheet: b.sheet, row: b.start }));
            const firstSheet = request[0].sheet;
            requests = planRequests(matrices.map((m, s) => (s < firstSheet ? { ...m, values: [], formats: [], rowBytes: [] } : m)), budget, from);
            continue;
          }
          requests = requests.slice(1);
          done++;
          onProgress?.(done, total);
        }

        // Formats once: header, frozen row, widths, totals bold, ★ colours, chart.
        sheets.forEach((sheet, i) => this.formatSheet(handles[i], sheet));
        // Replace: delete the earlier results, then give the new sheets the freed names.
        for (const old of previous) collection.getItem(old).delete();
        const finalNames = [...names];
        if (previous.length > 0) {
          const remaining = existing.filter((n) => !previous.includes(n));
          sheets.forEach((sheet, i) => {
            const wanted = freshSheetName(sheet.name, [...remaining, ...finalNames.filter((_n, j) => j !== i)]);
            if (wanted !== names[i]) {
              handles[i].name = wanted;
              finalNames[i] = wanted;
            }
          });
        }
        if (handles.length > 0) handles[0].activate();
        if (this.suspendCalculation) ctx.application.suspendApiCalculationUntilNextSync();
        await ctx.sync();
        onProgress?.(total, total);
        return finalNames;
      });
    } catch (e) {
      const cleanup = created.length > 0 ? await this.deleteSheets(created) : { leftOver: [], error: null };
      throw new WriteResultsError(e, [...created], cleanup.leftOver, cleanup.error);
    }
  }

  private formatSheet(ws: Excel.Worksheet, sheet: ResultSheet): void {
    const width = sheet.columns.length;
    if (width === 0) return;
    // The header look on every column but spacers (the blank column before the HQ tier table).
    for (let c = 0; c < width;) {
      if (sheet.columns[c].spacer) { c++; continue; }
      let end = c;
      while (end + 1 < width && !sheet.columns[end + 1].spacer) end++;
      const header = ws.getRangeByIndexes(0, c, 1, end - c + 1);
      header.format.font.bold = true;
      header.format.fill.color = '#DDEBF7';
      c = end + 1;
    }
    ws.freezePanes.freezeRows(1);
    fitWidths(sheet).forEach((w, c) => {
      ws.getRangeByIndexes(0, c, 1, 1).format.columnWidth = Math.round(w * 6 + 6);
    });
    for (const r of sheet.totalsRows ?? []) ws.getRangeByIndexes(r + 1, 0, 1, width).format.font.bold = true;
    const dataRows = this.leadingDataRows(sheet);
    if (sheet.starColumn !== undefined && dataRows > 0) {
      const stars = ws.getRangeByIndexes(1, sheet.starColumn, dataRows, 1);
      const colours = ['#C00000', '#ED7D31', '#BF8F00', '#548235', '#2F5597'];
      for (let n = 5; n >= 1; n--) {
        const cf = stars.conditionalFormats.add('ContainsText' as Excel.ConditionalFormatType);
        cf.textComparison.format.font.color = colours[5 - n];
        cf.textComparison.rule = { operator: 'Contains' as Excel.ConditionalTextOperator, text: '★'.repeat(n) };
        cf.stopIfTrue = true;
        cf.priority = 5 - n;
      }
    }
    if (sheet.charts && sheet.charts.length > 0) {
      // The charts of the model (the same as the package writer draws, from the same cells); the
      // HQ tier table they refer to is part of the sheet's rows, so no table is added here.
      sheet.charts.forEach((c, i) => this.addModelChart(ws, sheet, c, i));
    } else if (sheet.chart && dataRows > 0) {
      const { categoryCol, valueCol, title, kind } = sheet.chart;
      this.addChart(ws, width, title, kind, ws.getRangeByIndexes(1, categoryCol, dataRows, 1), ws.getRangeByIndexes(1, valueCol, dataRows, 1));
    } else if (sheet.starColumn !== undefined && dataRows > 0 && tierCounts(sheet).length > 0) {
      // Stars per tier as the calculation counted them: a small table beside the results (values,
      // not formulas), and its chart.
      const tiers = tierCounts(sheet);
      const at = width + 1;
      const table = ws.getRangeByIndexes(0, at, tiers.length + 1, 2);
      table.numberFormat = [[TEXT, TEXT], ...tiers.map(() => [TEXT, '0'])];
      table.values = [['星级', '企业数'], ...tiers.map((t): Scalar[] => [t.tier, t.count])];
      ws.getRangeByIndexes(0, at, 1, 2).format.font.bold = true;
      ws.getRangeByIndexes(0, at, 1, 1).format.columnWidth = 60;
      this.addChart(ws, width + 3, '各星级企业数', 'column', ws.getRangeByIndexes(1, at, tiers.length, 1), ws.getRangeByIndexes(1, at + 1, tiers.length, 1));
    }
  }

  /**
   * One chart of ResultSheet.charts (ExcelApi 1.7: series.add, setValues, setXAxisValues): a
   * series per value column, named by its header, over rows firstRow..lastRow; placed to the right
   * of the sheet's columns, one below the other.
   */
  private addModelChart(ws: Excel.Worksheet, sheet: ResultSheet, c: ResultChart, index: number): void {
    const n = c.lastRow - c.firstRow + 1;
    if (n <= 0 || c.valueCols.length === 0) return;
    const type = c.kind === 'pie' ? 'Pie' : c.kind === 'stacked' ? 'ColumnStacked' : 'ColumnClustered';
    const values = (col: number) => ws.getRangeByIndexes(c.firstRow + 1, col, n, 1);
    const categories = ws.getRangeByIndexes(c.firstRow + 1, c.categoryCol, n, 1);
    const chart = ws.charts.add(type as Excel.ChartType, values(c.valueCols[0]), 'Columns' as Excel.ChartSeriesBy);
    chart.title.text = c.title;
    chart.legend.visible = c.kind === 'pie' || c.valueCols.length > 1;
    const first = chart.series.getItemAt(0);
    first.name = sheet.columns[c.valueCols[0]]?.header ?? '';
    first.setXAxisValues(categories);
    for (const col of c.valueCols.slice(1)) {
      const series = chart.series.add(sheet.columns[col]?.header ?? '');
      series.setValues(values(col));
      series.setXAxisValues(categories);
    }
    const left = sheet.columns.length + 1;
    const top = 1 + index * 20;
    chart.setPosition(`${columnLetters(left)}${top + 1}`, `${columnLetters(left + 8)}${top + 19}`);
  }

  /** One chart (ExcelApi 1.7: setXAxisValues) to the right of column `rightOf`. */
  private addChart(ws: Excel.Worksheet, rightOf: number, title: string, kind: 'column' | 'pie', categories: Excel.Range, values: Excel.Range): void {
    const chart = ws.charts.add((kind === 'pie' ? 'Pie' : 'ColumnClustered') as Excel.ChartType, values, 'Columns' as Excel.ChartSeriesBy);
    chart.title.text = title;
    chart.legend.visible = kind === 'pie';
    chart.series.getItemAt(0).setXAxisValues(categories);
    chart.setPosition(`${columnLetters(rightOf + 1)}2`, `${columnLetters(rightOf + 8)}20`);
  }

  /** Data rows before the first totals or note row (the rows a chart or ★ colours cover). */
  private leadingDataRows(sheet: ResultSheet): number {
    const stops = [...(sheet.totalsRows ?? []), ...(sheet.noteRows ?? [])];
    return stops.length > 0 ? Math.min(sheet.rows.length, ...stops) : sheet.rows.length;
  }

  /**
   * Undo: delete the named sheets (those created in a failed run). Returns the ones still there
   * afterwards — all of them when the clean-up itself failed — so the message can name them.
   */
  private async deleteSheets(names: string[]): Promise<{ leftOver: string[]; error: string | null }> {
    try {
      await this.run(async (ctx) => {
        const handles = names.map((n) => ctx.workbook.worksheets.getItemOrNullObject(n));
        await ctx.sync();
        for (const h of handles) if (!h.isNullObject) h.delete();
        await ctx.sync();
      });
    } catch (e) {
      const error = messageOf(e);
      // What is left: asked again, since part of the batch may have run.
      try {
        const left = await this.sheetNames();
        return { leftOver: names.filter((n) => left.includes(n)), error };
      } catch {
        return { leftOver: [...names], error };
      }
    }
    return { leftOver: [], error: null };
  }
}
