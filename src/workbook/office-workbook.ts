/// <reference types="office-js" />
/**
 * The Office.js adapter of the workbook port: the workbook open in Excel (desktop, Mac, web).
 * Office.js stays behind this one module (and office-settings.ts); the pane talks to the port.
 *
 * What real Excel needs, and how it is met here:
 * - reading: the used range (values only) of a sheet — its size first, then values, value types
 *   and number formats together in one sync (so dates and percentages are recognised); a sheet
 *   above the cell limit is refused with a clear message instead of being transferred;
 * - writing: values in row blocks, each a 2-D array of values preceded by its 2-D array of number
 *   formats (so text columns are "@" before their values arrive and an 18-digit credit code stays
 *   text; any text cell is "@", so a string starting with = + - is never a formula), packed into
 *   requests whose estimated size stays under `maxRequestBytes` (default 1.8 MB, well under the
 *   5 MB limit of Excel on the web); on a payload-size error the request budget is halved and the
 *   request retried; then formats, freeze panes, widths, ★ colours and the chart in one final sync;
 * - `suspendApiCalculationUntilNextSync` before every write sync, `Excel.run({ delayForCellEdit })`;
 * - all or nothing: if a write fails, the sheets created in this run are deleted and the error is
 *   rethrown in Chinese — the workbook is as before;
 * - re-run: result sheets carry a worksheet custom property (ExcelApi 1.12) naming the source sheet;
 *   `replaceResults` deletes only sheets so marked for the same source sheet, and only after the
 *   new ones were written completely.
 */
import type { SheetGrid, CellValue } from '../sheets/grid';
import { columnLetters } from '../sheets/grid';
import { serialFromIso } from '../sheets/parse-cell';
import type { ResultCell, ResultSheet } from '../sheets/result-sheet';
import { fitWidths } from '../sheets/result-sheet';
import type { ResultTag, WorkbookPort } from './port';
import { freshSheetName } from './sheet-names';

/** Reports write progress: requests done of the planned total. */
export type Progress = (done: number, total: number) => void;

/** The workbook open in Excel, as the pane uses it. */
export interface ExcelWorkbook extends WorkbookPort {
  activeSheetName(): Promise<string>;
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
  /** Whether Application.suspendApiCalculationUntilNextSync (ExcelApi 1.8) is available. */
  suspendCalculation?: boolean;
}

/**
 * Sheets above this many cells are refused: with values, value types and formats the one read
 * stays near the 5 MB response limit of Excel on the web (a larger read falls back to row blocks).
 */
export const DEFAULT_CELL_LIMIT = 200_000;
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

function isPayloadError(e: unknown): boolean {
  const code = errorCode(e);
  if (/PayloadSizeLimitExceeded/i.test(code)) return true;
  const message = e instanceof Error ? e.message : '';
  return /payload|请求负载|too large/i.test(message);
}

function messageOf(e: unknown): string {
  return e instanceof Error && e.message ? e.message : String(e);
}

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


export class OfficeWorkbook implements ExcelWorkbook {
  readonly cellLimit: number;
  readonly maxRequestBytes: number;
  private readonly customProperties: boolean;
  private readonly suspendCalculation: boolean;

  constructor(private readonly excel: ExcelRunner = (globalThis as unknown as { Excel: ExcelRunner }).Excel, options: OfficeWorkbookOptions = {}) {
    this.cellLimit = options.cellLimit ?? DEFAULT_CELL_LIMIT;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.customProperties = options.customProperties ?? excelApiSupported('1.12');
    this.suspendCalculation = options.suspendCalculation ?? excelApiSupported('1.8');
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

  /** The used range (values only) with number formats; refused above the cell limit. */
  async readSheet(name: string): Promise<SheetGrid> {
    return this.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(name);
      const used = ws.getUsedRangeOrNullObject(true);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      await ctx.sync();
      if (ws.isNullObject) throw new Error(`工作簿中没有名为「${name}」的工作表。`);
      if (used.isNullObject) return { name, cells: [], numberFormats: [] };
      const cells = used.rowCount * used.columnCount;
      if (cells > this.cellLimit) {
        throw new Error(`工作表「${name}」的已用区域有 ${used.rowCount} 行 × ${used.columnCount} 列 = ${cells} 个单元格，超过上限 ${this.cellLimit} 个。请把需要计算的数据复制到新工作表（删除多余的行列）后重试。`);
      }
      let values: unknown[][];
      let types: string[][];
      let formats: unknown[][];
      used.load('values,valueTypes,numberFormat');
      try {
        await ctx.sync();
        values = used.values as unknown[][];
        types = used.valueTypes as string[][];
        formats = used.numberFormat as unknown[][];
      } catch (e) {
        if (!isPayloadError(e)) throw e;
        // Over the response limit of Excel on the web: read in row blocks, halving on refusal.
        ({ values, types, formats } = await this.readInBlocks(ctx, ws, used.rowIndex, used.columnIndex, used.rowCount, used.columnCount));
      }
      const grid: SheetGrid = {
        name,
        cells: values.map((row, r) => row.map((v, c): CellValue => {
          if (types[r]?.[c] === 'Error') return { error: String(v) };
          if (v === '' || v === null || v === undefined) return null;
          return typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
        })),
        numberFormats: formats.map((row) => row.map((f) => (typeof f === 'string' && f !== GENERAL ? f : null))),
        origin: { row: used.rowIndex, col: used.columnIndex },
      };
      return grid;
    });
  }

  private async readInBlocks(ctx: Excel.RequestContext, ws: Excel.Worksheet, row0: number, col0: number, rows: number, cols: number): Promise<{ values: unknown[][]; types: string[][]; formats: unknown[][] }> {
    const out = { values: [] as unknown[][], types: [] as string[][], formats: [] as unknown[][] };
    let block = Math.max(1, Math.ceil(rows / 2));
    let r = 0;
    while (r < rows) {
      const n = Math.min(block, rows - r);
      const range = ws.getRangeByIndexes(row0 + r, col0, n, cols);
      range.load('values,valueTypes,numberFormat');
      try {
        await ctx.sync();
      } catch (e) {
        if (!isPayloadError(e) || n === 1) throw e;
        block = Math.max(1, Math.floor(n / 2));
        continue;
      }
      out.values.push(...(range.values as unknown[][]));
      out.types.push(...(range.valueTypes as string[][]));
      out.formats.push(...(range.numberFormat as unknown[][]));
      r += n;
    }
    return out;
  }

  async addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]> {
    return this.write(sheets, tag, false);
  }

  async replaceResults(sheets: ResultSheet[], tag: ResultTag, onProgress?: Progress): Promise<string[]> {
    return this.write(sheets, tag, true, onProgress);
  }

  private async write(sheets: ResultSheet[], tag: ResultTag, replace: boolean, onProgress?: Progress): Promise<string[]> {
    const created: string[] = [];
    try {
      return await this.run(async (ctx) => {
        const collection = ctx.workbook.worksheets;
        collection.load('items/name');
        await ctx.sync();
        const existing = collection.items.map((s) => s.name);

        // One sync: read the marks of earlier results (replaced at the end) and create the new
        // sheets, marked as ours. Names are fresh against the sheets that exist now.
        const names: string[] = [];
        const matrices = sheets.map(toMatrix);
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
      if (created.length > 0) await this.deleteSheets(created);
      throw new Error(`写入结果失败（已删除本次新建的工作表 ${created.length} 个）：${messageOf(e)}`);
    }
  }

  private formatSheet(ws: Excel.Worksheet, sheet: ResultSheet): void {
    const width = sheet.columns.length;
    if (width === 0) return;
    const header = ws.getRangeByIndexes(0, 0, 1, width);
    header.format.font.bold = true;
    header.format.fill.color = '#DDEBF7';
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
    if (sheet.chart && dataRows > 0) {
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

  /** Undo: delete the named sheets (those created in a failed run). */
  private async deleteSheets(names: string[]): Promise<void> {
    try {
      await this.run(async (ctx) => {
        const handles = names.map((n) => ctx.workbook.worksheets.getItemOrNullObject(n));
        await ctx.sync();
        for (const h of handles) if (!h.isNullObject) h.delete();
        await ctx.sync();
      });
    } catch {
      // The original error is what the user needs to see; nothing more can be done here.
    }
  }
}
