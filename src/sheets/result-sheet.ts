/**
 * The result-sheet model: what a calculation wants written, independent of ExcelJS and
 * Office.js. Numbers stay exact Decimals here; adapters write them as numbers with a number
 * format (display rounding is a format, never a change of the value).
 */
import { Decimal } from '../exact/decimal';
import type { IsoDate } from '../policies/edition';
import type { Problem } from './problem';

export type ResultCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: Decimal; format: string }
  | { kind: 'integer'; value: number; format?: string }
  | { kind: 'date'; iso: IsoDate }
  | { kind: 'empty' };

export interface ResultColumn {
  header: string;
  /** Width in Excel character units; computed by fitWidths when absent. */
  width?: number;
  /** Text column: written with number format "@" so codes and IDs stay text. */
  text?: boolean;
  /**
   * Long text (计算过程, 依据, 说明 …): wrapped within the column, the row made tall enough for it
   * (the writers estimate the lines from displayWidth). Columns at least WRAP_WIDTH wide wrap
   * whether or not this is set.
   */
  wrap?: boolean;
  /**
   * A blank column separating a side table from the results (the 星级分布 table of 星级评定结果):
   * no header fill, no cell borders, and the printed table grid stops before it. Its header is
   * a single space, so that every column has a header cell that reads back as it was written.
   */
  spacer?: boolean;
}

/**
 * A setting as shown on the parameter sheet and in the pane (the calculators' SettingDescriptor;
 * the parameter sheets of every calculation take this one type).
 */
export interface SettingDescriptor {
  key: string;
  label: string;
  value: string;
  defaultValue: string;
  /**
   * The value and the default as people read them, where `value` is a code the command line takes
   * (full → 全部得满分, yuan → 取整到元): what the parameter sheets print. Absent: `value` itself.
   */
  shown?: { value: string; defaultValue: string };
  /** Where the value comes from: an article, or "本工具默认（可修改）" for spec-fixed defaults. */
  source: string;
  changed: boolean;
}

export type SheetRole = 'result' | 'parameters' | 'problems' | 'input-template' | 'signature';

export interface ResultSheet {
  /** Desired name; the writer picks a fresh one (" (2)") if taken. */
  name: string;
  role: SheetRole;
  columns: ResultColumn[];
  /**
   * The rows below the header. A sheet made by `sheetOfRowSource` (10,000s of rows) makes this
   * array from its row source on first read; the package writer reads the source instead.
   */
  rows: ResultCell[][];
  /** Indexes into rows that are totals/check rows (shown bold). */
  totalsRows?: number[];
  /** Column index holding ★ tiers (coloured by a conditional format where supported). */
  starColumn?: number;
  /**
   * Drop-down lists for input templates: column index → allowed values. firstRow/lastRow are
   * zero-based indexes in the same space as `rows`, totalsRows and noteRows (index 0 = the sheet
   * row just below the header, i.e. sheet row index + 2) and may extend beyond `rows` so that
   * the empty rows an officer fills in get the list too (e.g. firstRow 0, lastRow 999).
   */
  validations?: Array<{
    col: number; values: string[]; firstRow: number; lastRow: number;
    /** The list is a suggestion: other values may be typed (Excel: error style "information"). */
    allowOther?: boolean;
  }>;
  /** Rows of free text shown above nothing: kept in rows; this only flags a note row index. */
  noteRows?: number[];
  /** A chart the Office.js adapter may add: category column and value column. */
  chart?: { title: string; categoryCol: number; valueCol: number; kind: 'column' | 'pie' };
  /**
   * Charts of the sheet's own cells (docs/interfaces.md, result workbooks): written as DrawingML
   * chart parts by the package writer and as Excel charts by the Office.js adapter, so that both
   * show the same thing and a reader sees which cells each chart is drawn from. The package
   * writer places them below the last row, from column A.
   */
  charts?: ResultChart[];
  /**
   * The document number of the edition the sheet was computed under (温政办〔2023〕88号 …), printed
   * in the page footer; set by the calculator from its edition (withDocument), never by a writer.
   */
  document?: string;
  /** A title printed at the top of every page (the page header), e.g. the 公示 list's. */
  printTitle?: string;
  /**
   * Protect the sheet (no password: cells locked, objects and scenarios protected) — the 签章
   * sheet. Written by the package writer (xlsx-package/sheet-xml.ts); adapters that do not know
   * it leave the sheet unprotected.
   */
  protect?: boolean;
  /**
   * Headquarters per tier as the calculation reports them (星级评定结果): the Office.js adapter
   * writes this small table and its chart beside the results, instead of counting ★ cells.
   */
  tierTable?: Array<{ tier: string; count: number }>;
}

/**
 * The rows of a sheet made one at a time, on demand (issue 10: 星级评定结果 and 公示名单 of
 * 100,000 headquarters hold millions of cells). `row(i)` gives the cells of row i (0 = the row
 * below the header), the same cells each time it is asked; it may make new cell objects every time.
 */
export interface RowSource {
  readonly length: number;
  row(index: number): ResultCell[];
}

/** The row source of a sheet made by sheetOfRowSource (a property no copy or message carries). */
const ROW_SOURCE = new WeakMap<object, RowSource>();

/**
 * A sheet whose rows come from `source`. Writers that stream (the package writer: sheetRows) read
 * the rows from the source one at a time, so the cells of a long sheet are made while it is laid
 * out and written, and let go. `rows` is an own enumerable property made from the source on its
 * first read (ExcelJS, Office.js, the pane, JSON, tests), after which the array is the sheet's
 * rows, as for any other sheet. Copies keep the source while their rows are still unread
 * (sheetWith); a spread copy reads the rows and is an ordinary sheet.
 */
export function sheetOfRowSource(fields: Omit<ResultSheet, 'rows'>, source: RowSource): ResultSheet {
  const sheet = {} as Record<string, unknown>;
  // rows right after columns, where a sheet literal has it.
  for (const [key, value] of Object.entries(fields)) {
    sheet[key] = value;
    if (key === 'columns') defineSourcedRows(sheet as unknown as ResultSheet, source);
  }
  return sheet as unknown as ResultSheet;
}

function defineSourcedRows(sheet: ResultSheet, source: RowSource): void {
  const fix = (self: ResultSheet, rows: ResultCell[][]): void => {
    ROW_SOURCE.delete(self);
    Object.defineProperty(self, 'rows', { value: rows, writable: true, configurable: true, enumerable: true });
  };
  ROW_SOURCE.set(sheet, source);
  Object.defineProperty(sheet, 'rows', {
    configurable: true,
    enumerable: true,
    get(this: ResultSheet): ResultCell[][] {
      const rows: ResultCell[][] = new Array(source.length);
      for (let i = 0; i < source.length; i++) rows[i] = source.row(i);
      fix(this, rows);
      return rows;
    },
    set(this: ResultSheet, rows: ResultCell[][]) {
      fix(this, rows);
    },
  });
}

/**
 * The rows of a sheet as a source to read one at a time: a sheet's own row source while its rows
 * are still unread, else its rows array. What the package writer lays out and writes.
 */
export function sheetRows(sheet: ResultSheet): RowSource {
  const source = ROW_SOURCE.get(sheet);
  if (source) return source;
  const rows = sheet.rows;
  return { length: rows.length, row: (i) => rows[i] };
}

/**
 * A copy of `sheet` with `fields` changed; the original is not changed. A sheet whose rows are
 * still unread (sheetOfRowSource) stays so: the copy has the same row source.
 */
export function sheetWith(sheet: ResultSheet, fields: Partial<ResultSheet>): ResultSheet {
  const source = ROW_SOURCE.get(sheet);
  if (!source) return { ...sheet, ...fields };
  const given = fields as Record<string, unknown>;
  const from = sheet as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  // The keys in the order of the original, as a spread copy has them; its rows not read.
  for (const key of Object.keys(sheet)) {
    if (key in given) copy[key] = given[key];
    else if (key === 'rows') defineSourcedRows(copy as unknown as ResultSheet, source);
    else copy[key] = from[key];
  }
  for (const key of Object.keys(given)) if (!(key in copy)) copy[key] = given[key];
  return copy as unknown as ResultSheet;
}

/**
 * One chart over a block of the sheet's rows. Rows are zero-based in the `rows` index space
 * (0 = sheet row 2, just below the header), inclusive; series are named by their column headers
 * (header cells of row 1, referred to as cells). Categories are the text cells of `categoryCol`,
 * values the number cells of `valueCols` in the same rows.
 */
export interface ResultChart {
  title: string;
  /** 'column': clustered columns; 'stacked': stacked columns (parts of one whole); 'pie'. */
  kind: 'column' | 'stacked' | 'pie';
  categoryCol: number;
  valueCols: number[];
  firstRow: number;
  lastRow: number;
}

export const FMT = {
  yuan: '#,##0',
  fen: '#,##0.00',
  score: '0.00',
  share: '0.0000%',
  percent: '0.00%',
  /**
   * Variable decimals: 339.76, 369.7 and 49 in one column. Not used on result sheets any more
   * (one fixed format per column: fixedFormat); kept for callers outside the sheets.
   */
  decimal: '#,##0.####',
  integer: '0',
} as const;

/**
 * One fixed number format for a column of values (issue 12: 339.76, 369.70, 49.00 rather than
 * 339.76, 369.7, 49): thousands separators and as many decimals as the most precise value has,
 * at most `maxPlaces` (a display format only; the cells keep every digit).
 */
export function fixedFormat(values: Iterable<Decimal | null | undefined>, maxPlaces = 2): string {
  let places = 0;
  for (const v of values) {
    if (!v || !v.isFinite()) continue;
    const dp = v.decimalPlaces();
    if (dp > places) {
      places = Math.min(dp, maxPlaces);
      if (places === maxPlaces) break;
    }
  }
  return places === 0 ? '#,##0' : `#,##0.${'0'.repeat(places)}`;
}

/**
 * Column `col` of `rows` with one fixed format: every number cell formatted `from` (the variable
 * FMT.decimal) is replaced by one in fixedFormat of all of them. For the small sheets (a row per
 * county); the rows are changed in place, the cells (immutable) replaced.
 */
export function fixColumnFormat(rows: ResultCell[][], col: number, maxPlaces = 4, from: string = FMT.decimal): void {
  const values: Decimal[] = [];
  for (const row of rows) {
    const cell = row[col];
    if (cell?.kind === 'number' && cell.format === from) values.push(cell.value);
  }
  if (values.length === 0) return;
  const format = fixedFormat(values, maxPlaces);
  for (const row of rows) {
    const cell = row[col];
    if (cell?.kind === 'number' && cell.format === from) row[col] = num(cell.value, format);
  }
}

/**
 * The sheets with the document number of the edition they were computed under (the printed
 * footer: 温政办〔2023〕88号 …); copies, the given sheets are not changed.
 */
export function withDocument(sheets: readonly ResultSheet[], document: string): ResultSheet[] {
  return sheets.map((s) => (s.document ? s : sheetWith(s, { document })));
}

export const text = (t: string): ResultCell => ({ kind: 'text', text: t });
export const num = (value: Decimal, format: string): ResultCell => ({ kind: 'number', value, format });
export const int = (value: number, format?: string): ResultCell => ({ kind: 'integer', value, format });
export const date = (iso: IsoDate): ResultCell => ({ kind: 'date', iso });
export const empty: ResultCell = { kind: 'empty' };

/**
 * A text-cell maker that gives one shared cell per distinct text (cells are immutable): for the
 * columns of a long sheet whose texts repeat on every row (星级, 依据, 政策保障 …), so that 10,000
 * rows do not keep 10,000 equal cells. Keeps at most `limit` texts; beyond that, new cells.
 */
export function sharedTextCells(limit = 1024): (t: string) => ResultCell {
  const cells = new Map<string, ResultCell>();
  return (t) => {
    let cell = cells.get(t);
    if (cell === undefined) {
      cell = text(t);
      if (cells.size < limit) cells.set(t, cell);
    }
    return cell;
  };
}

/** The wide ranges of the BMP as [lo, hi] pairs, the CJK block (the usual one) first. */
const WIDE_RANGES = new Uint16Array([
  0x2e80, 0xa4cf, 0x1100, 0x115f, 0x2605, 0x2606, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe30, 0xfe4f, 0xff00, 0xff60, 0xffe0, 0xffe6,
]);

/**
 * Display width of text in Excel character units: one per code point, two for each CJK /
 * full-width / ★☆ character of the BMP. No regular expression and no iterator per character
 * (10,000-row sheets: the writers measure every wrapped text for its row height).
 */
export function displayWidth(s: string): number {
  let w = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x1100) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      // a surrogate pair is one code point (two code units, counted once)
      if (next >= 0xdc00 && next <= 0xdfff) { i++; w--; continue; }
    }
    for (let k = 0; k < WIDE_RANGES.length; k += 2) {
      if (c >= WIDE_RANGES[k] && c <= WIDE_RANGES[k + 1]) { w++; break; }
    }
  }
  return w;
}

/**
 * Display width of a number in a fixed format ('#,##0.00', '0.00%' …) from its exponent, without
 * formatting it: integer digits, thousands separators, decimals, sign and percent sign (widths
 * of 10,000-row sheets).
 */
export function numberDisplayWidth(value: Decimal, format: string): number {
  if (!value.isFinite()) return 3;
  const shape = formatShapeOf(format);
  const digits = value.isZero() ? 1 : Math.max(1, value.e + 1 + (shape.percent ? 2 : 0));
  return digits + (shape.grouped ? Math.floor((digits - 1) / 3) : 0) + shape.tail + (value.isNegative() ? 1 : 0);
}

/** What a fixed format adds to the integer digits: the decimals with their point, the % sign. */
interface FormatShape { percent: boolean; grouped: boolean; tail: number }
const FORMAT_SHAPES = new Map<string, FormatShape>();
/** The shape of a format, read once per format (a sheet has a handful; 100,000 rows measure every cell). */
function formatShapeOf(format: string): FormatShape {
  let shape = FORMAT_SHAPES.get(format);
  if (shape === undefined) {
    const percent = format.endsWith('%');
    const dot = format.indexOf('.');
    const decimals = dot < 0 ? 0 : format.length - dot - 1 - (percent ? 1 : 0);
    shape = { percent, grouped: format.includes(','), tail: (decimals > 0 ? decimals + 1 : 0) + (percent ? 1 : 0) };
    if (FORMAT_SHAPES.size < 256) FORMAT_SHAPES.set(format, shape);
  }
  return shape;
}

function cellDisplay(cell: ResultCell): string {
  switch (cell.kind) {
    case 'text': return cell.text;
    case 'number': return cell.value.toDecimalPlaces(2).toFixed() + ',,';
    case 'integer': return String(cell.value);
    case 'date': return cell.iso;
    default: return '';
  }
}

/** Column widths that fit the header and the contents (capped at 60; long text wraps). */
export function fitWidths(sheet: ResultSheet): number[] {
  const rows = sheetRows(sheet);
  const notes = new Set(sheet.noteRows ?? []);
  return sheet.columns.map((c, i) => {
    if (c.width) return c.width;
    let w = displayWidth(c.header);
    for (let r = 0; r < rows.length; r++) {
      if (notes.has(r)) continue;
      const cell = rows.row(r)[i];
      if (cell) w = Math.max(w, displayWidth(cellDisplay(cell)));
    }
    return Math.min(60, Math.max(6, w + 2));
  });
}

/** The 校验问题 sheet (docs/interfaces.md): one row per problem. */
export function problemsSheet(problems: readonly Problem[]): ResultSheet {
  return {
    name: '校验问题',
    role: 'problems',
    columns: [{ header: '级别' }, { header: '工作表' }, { header: '单元格' }, { header: '说明', width: 80 }],
    rows: problems.map((p) => [text(p.severity === 'error' ? '错误' : '提示'), text(p.sheet), text(p.cell ?? ''), text(p.message)]),
  };
}

/** The line every result sheet of a draft run carries (docs/interfaces.md「6」`--edition`). */
export function draftNote(file: string, document: string): string {
  return `草案版本：本表按版本文件「${file}」（${document}）计算，不是现行政策文件的结果，仅供测算比较。`;
}

/**
 * Mark every sheet of a run with a draft edition: a blank row and the note row below its contents
 * (the parameter sheets also say so in their first row). The sheets are copied, never changed.
 */
export function markDraft(sheets: readonly ResultSheet[], file: string, document: string): ResultSheet[] {
  const note = text(draftNote(file, document));
  return sheets.map((sheet) => {
    const width = Math.max(1, sheet.columns.length);
    const blank: ResultCell[] = Array(width).fill(empty);
    const line: ResultCell[] = [note, ...Array(width - 1).fill(empty)];
    const rows = [...sheet.rows, blank, line];
    return { ...sheet, rows, noteRows: [...(sheet.noteRows ?? []), rows.length - 1] };
  });
}
