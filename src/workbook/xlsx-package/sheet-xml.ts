/**
 * A ResultSheet as worksheet XML (xl/worksheets/sheetN.xml), with the same look as the ExcelJS
 * writer (exceljs-write.ts): numbers as numbers with a number format, text as inline strings
 * (t="inlineStr": never a formula, whatever it starts with, and no change to sharedStrings.xml),
 * dates as serial numbers formatted yyyy-mm-dd, text columns formatted "@", a bold header with a
 * fill and a bottom border, the header row frozen, fitted column widths, bold totals rows, the ★
 * column coloured, italic grey note rows, wrapped long-text columns in rows tall enough for them,
 * every cell in the named font 等线 (layout.ts RESULT_FONT), drop-down lists, the tab colour of the
 * sheet's role and, when `protect` is set, sheet protection without a password. Result,
 * parameter and problem sheets get the print setup of layout.ts (A4 landscape, one page wide,
 * footer with the document number) and, when the package writer draws charts, a <drawing>.
 */
import { wordDigits, type Decimal } from '../../exact/decimal';
import { sheetRows, type ResultCell, type ResultSheet } from '../../sheets/result-sheet';
import {
  CELL_BORDER_COLOUR, HEADER_BORDER_COLOUR, HEADER_FILL_COLOUR, MAX_ROWS, NOTE_COLOUR, STAR_COLOUR, checkSheetSize, gridColumns, isBlankRow,
  TAB_COLOURS, TEMPLATE_ROWS, TEXT_FORMAT, formatOf, listFormula,
} from '../exceljs-write';
import { PAGE, RESULT_FONT, sheetLayout, type SheetLayout } from './layout';
import type { CellStyleSpec, StyleBook } from './styles';
import { escapeXml, utf8Bytes } from './xml';
import { joinParts } from './zip';
import { columnLetters } from '../../sheets/grid';
import { serialFromIso } from '../../sheets/parse-cell';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Excel limits a validation's error message to 255 characters and its title to 32. */
const MAX_ERROR = 255;

/** Column letters of a zero-based column index (0 → A, 26 → AA): the one in sheets/grid. */
export const columnLetter = columnLetters;

/** The serial number of an ISO date in the workbook's date system. */
export const dateSerial = (iso: string, date1904: boolean): number => serialFromIso(iso, date1904);

/**
 * UTF-8 output written row by row into byte chunks, so the XML of a 10,000-row sheet is never
 * one huge string (which the garbage collector would have to keep and copy).
 */
class ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private buf = new Uint8Array(1 << 20);
  private pos = 0;
  private readonly encoder = new TextEncoder();

  write(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.buf.length - this.pos < s.length * 3) {
      this.flush();
      if (this.buf.length < s.length * 3) this.buf = new Uint8Array(s.length * 3);
    }
    this.pos += this.encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** A row written as bytes: `row` writes from the end of what is written (RowBytes.begin). */
  beginRow(row: RowBytes): void {
    row.begin(this.buf, this.pos);
  }

  /**
   * The row `row` wrote since beginRow, cut into parts exactly where write() would cut the same row
   * given as text (of row.units UTF-16 code units): the byte-level rows give the same parts as the
   * text ones. It was written in place unless it outgrew the buffer, which then ends a part anyway.
   */
  endRow(row: RowBytes): void {
    const units = row.units;
    const length = row.length - row.start;
    if (this.buf.length - this.pos < units * 3) {
      const bytes = row.buf.subarray(row.start, row.length);
      this.flush();
      if (this.buf.length < units * 3) this.buf = new Uint8Array(units * 3);
      this.buf.set(bytes, 0);
    } else if (row.buf !== this.buf || row.start !== this.pos) {
      this.buf.set(row.buf.subarray(row.start, row.length), this.pos);
    }
    this.pos += length;
  }

  private flush(): void {
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = new Uint8Array(Math.max(1 << 20, this.buf.length));
    this.pos = 0;
  }

  /** Whether whole parts are waiting to be taken. */
  get ready(): boolean {
    return this.chunks.length > 0;
  }

  /** The parts written so far (about 1 MB each), handed on and forgotten; `end`: the rest too. */
  take(end = false): Uint8Array[] {
    if (end) this.flush();
    return this.chunks.splice(0, this.chunks.length);
  }
}

const TWO_53 = 9007199254740992;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * decimal.toNumber(), faster for the usual amounts and scores: when the significant digits form
 * an integer M < 2^53 and the value is M × 10^k with |k| ≤ 22, one IEEE multiplication or
 * division gives the correctly rounded double — the same number Number(string) gives. Anything
 * else goes through toNumber().
 */
export function decimalToNumber(value: Decimal): number {
  const x = value as unknown as { d?: number[] | null; e?: number; s?: number };
  const d = x.d;
  if (!Array.isArray(d) || d.length === 0 || typeof x.e !== 'number' || (x.s !== 1 && x.s !== -1)) return value.toNumber();
  let m = d[0];
  if (m === 0) return value.toNumber();
  const first = wordDigits(m);
  const k = x.e - first - 7 * (d.length - 1) + 1;
  let exact = true;
  for (let i = 1; i < d.length && exact; i++) {
    m = m * 1e7 + d[i];
    if (m >= TWO_53) exact = false;
  }
  let v: number;
  if (exact && k >= 0 && k <= 22) v = m * POW10[k];
  else if (exact && k < 0 && k >= -22) v = m / POW10[-k];
  else v = exact ? allDigits(d, k) : longToNumber(d, k);
  return x.s < 0 ? -v : v;
}

/** 2^27 + 1: Veltkamp's constant, which splits a double into two halves of 26 bits. */
const SPLIT = 134217729;
const TWO_POW_MINUS_48 = 2 ** -48;

/** The rounding error of the double product p = a × b: a × b = p + the result, exactly (Dekker). */
function productError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * The double nearest to N × 10^k, N the integer of the words d (more than 2^53), without writing
 * its digits out — for the scores of 40 decimals that fill a result sheet. With T the first words
 * (three, or four when the first has fewer than six digits: at least 20 digits) and R ∈ [0, 1) the
 * rest, the value is (T + R) × 10^k3. For 10^-22 ≤ 10^k3 < 1 (P = 10^−k3 exact): T = hi + lo
 * exactly (lo an integer below 2^53), q = T / P rounded, and the remainder T − q·P computed from
 * an error-free product (Dekker) to within a bound, so the value is known to lie in
 * [q + lo', q + hi']. Rounding is monotone: when both ends round to the same double, so does the
 * value, and that is the double Number() gives for its digits. Otherwise — the value within about
 * 10^-20 (relative) of halfway between two doubles, or out of that range — the digits are written
 * out (allDigits). Held equal to decimal.js's toNumber by test/workbook/row-bytes.test.ts (random
 * digits, and values next to a midpoint).
 */
function longToNumber(d: number[], k: number): number {
  const n = d.length;
  const w = Math.min(n, d[0] >= 1e5 ? 3 : 4);
  const k3 = k + 7 * (n - w);
  if (w < 3 || k3 >= 0 || k3 < -22) return allDigits(d, k);
  // Every term is an integer: the rounding errors of products of integers are integers too.
  const a = d[0] * 1e7 + d[1]; // below 10^14: exact
  let hi = a * 1e7;
  let lo = productError(a, 1e7, hi) + d[2]; // below 2^25
  if (w === 4) {
    const p = hi * 1e7;
    lo = productError(hi, 1e7, p) + lo * 1e7 + d[3]; // below 2^50
    hi = p;
  }
  const P = POW10[-k3];
  const q = (hi + lo) / P;
  const h = q * P;
  const l = productError(q, P, h); // q·P = h + l exactly
  const d1 = hi - h; // exact (Sterbenz: h is within a factor of 2 of hi)
  const rem = d1 + lo - l; // T − q·P, two roundings off
  const delta = rem / P;
  const slack = ((Math.abs(d1) + Math.abs(lo) + Math.abs(l) + Math.abs(rem)) * TWO_POW_MINUS_48) / P;
  let rest = false;
  for (let i = w; i < n && !rest; i++) rest = d[i] !== 0;
  const v = q + delta;
  return q + (delta - slack) === v && q + (delta + slack + (rest ? 1.0000001 / P : 0)) === v ? v : allDigits(d, k);
}

const pad7 = (w: number): string => {
  const s = String(w);
  return s.length === 7 ? s : '0000000'.slice(s.length) + s;
};

/** The digits as an integer string times a power of ten: Number() rounds it correctly. */
function allDigits(d: number[], k: number): number {
  let digits = String(d[0]);
  for (let i = 1; i < d.length; i++) digits += pad7(d[i]);
  return Number(`${digits}e${k}`);
}

/** A text cell's inline string, escaped (the plain form the per-column cache keeps). @internal */
export function inlineString(text: string): string {
  const t = escapeXml(text);
  const preserve = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<is><t${preserve}>${t}</t></is>`;
}

export interface WorksheetOptions {
  /** The layout (layout.ts sheetLayout); computed here when absent. */
  layout?: SheetLayout;
  /** The relationship id of the sheet's drawing part (its charts), when the caller writes one. */
  drawingRelId?: string;
  /**
   * Rows written as text (a string per row, then encoded): the plain writer that the byte-level
   * one (RowBytes) is held equal to by test/workbook/row-bytes.test.ts. False for every real write.
   */
  reference?: boolean;
}

/** The cell of a short row's missing columns (shared: never changed). */
const EMPTY: ResultCell = { kind: 'empty' };

const FONT = { name: RESULT_FONT.name, size: RESULT_FONT.size, family: RESULT_FONT.family, charset: RESULT_FONT.charset };

/** The worksheet XML (UTF-8) for one result sheet; styles are added to `styles` as needed. */
export function worksheetXml(sheet: ResultSheet, styles: StyleBook, date1904: boolean, options: WorksheetOptions = {}): Uint8Array {
  return joinParts(worksheetXmlParts(sheet, styles, date1904, options));
}

/** worksheetXml in parts of about 1 MB, as written (the package writer deflates them part by part). */
export function worksheetXmlParts(sheet: ResultSheet, styles: StyleBook, date1904: boolean, options: WorksheetOptions = {}): Uint8Array[] {
  return [...worksheetXmlPartStream(sheet, styles, date1904, options)];
}

/** Texts a column caches the XML of before it checks whether they repeat at all. */
const CACHE_TRIAL = 256;
/** At most this many texts cached per column (a bound on the memory of a sheet of distinct texts). */
const CACHE_SIZE = 4096;

/**
 * The inline-string XML of one column's texts, kept for texts that repeat (依据, 政策保障, the
 * star texts, 已是最高星级 … the same on thousands of rows): escaped once, not on every row. A
 * column whose texts mostly differ (names, codes) stops caching after CACHE_TRIAL misses.
 * @internal (exported for the test that holds it to inlineString)
 */
export class InlineStrings {
  private readonly xml = new Map<string, string>();
  private hits = 0;
  private misses = 0;
  private on = true;

  of(text: string): string {
    if (!this.on) return inlineString(text);
    const known = this.xml.get(text);
    if (known !== undefined) {
      this.hits++;
      return known;
    }
    const xml = inlineString(text);
    if (this.xml.size < CACHE_SIZE) this.xml.set(text, xml);
    if (++this.misses >= CACHE_TRIAL && this.hits < this.misses) {
      this.on = false;
      this.xml.clear();
    }
    return xml;
  }
}

/** Bytes of a fixed piece of XML and its length as text (UTF-16 code units). @internal */
export interface EncodedText {
  readonly bytes: Uint8Array;
  readonly units: number;
}

/** A fixed piece of ASCII XML: as many bytes as code units. */
const asciiPiece = (s: string): EncodedText => ({ bytes: utf8Bytes(s), units: s.length });
const CELL_END = asciiPiece('</c>');
const VALUE_END = asciiPiece('</v></c>');
const ROW_END = asciiPiece('</row>');
const utf8 = new TextEncoder();


/**
 * One row of worksheet XML as UTF-8 bytes in a reused buffer, with the length the same row has as
 * a string (`units`, for ByteSink.endRow's cuts). @internal (exported for its tests)
 */
export class RowBytes {
  /** The buffer written to: the sink's, or a larger one the row moved to when it outgrew it. */
  buf: Uint8Array = new Uint8Array(0);
  /** Where the row starts in buf. */
  start = 0;
  /** Where the row ends in buf (the next byte to write). */
  length = 0;
  /** The length of the row as text, in UTF-16 code units. */
  units = 0;

  begin(buf: Uint8Array, at: number): void {
    this.buf = buf;
    this.start = at;
    this.length = at;
    this.units = 0;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const written = this.length - this.start;
    const grown = new Uint8Array(Math.max(1 << 16, 2 * (written + n)));
    grown.set(this.buf.subarray(this.start, this.length));
    this.buf = grown;
    this.start = 0;
    this.length = written;
  }

  /** A text of ASCII characters only (tags, attributes, numbers). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.length;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.length = p;
    this.units += n;
  }

  piece(e: EncodedText): void {
    const src = e.bytes;
    const n = src.length;
    this.room(n);
    if (n > 32) this.buf.set(src, this.length);
    else {
      const b = this.buf;
      let p = this.length;
      for (let i = 0; i < n; i++) b[p++] = src[i];
    }
    this.length += n;
    this.units += e.units;
  }

  /** `open`, the ASCII digits of a number, then </v></c>. */
  value(open: EncodedText, digits: string): void {
    this.piece(open);
    this.ascii(digits);
    this.piece(VALUE_END);
  }

  /** escapeXml(s), UTF-8 encoded (by the platform's encoder: far faster than a loop in script). */
  escaped(s: string): void {
    const t = escapeXml(s); // the text itself when it needs no escape (escapeXml's own first test)
    this.room(t.length * 3);
    this.length += utf8.encodeInto(t, this.buf.subarray(this.length)).written;
    this.units += t.length;
  }
}

/** Whether a UTF-16 code unit is white space to a regular expression's \s (WhiteSpace and LineTerminator). */
export function isRegExpSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** inlineString's test for xml:space="preserve" (/^\s|\s$|\n/) without a regular expression. */
export function keepsSpace(text: string): boolean {
  const n = text.length;
  return n > 0 && (isRegExpSpace(text.charCodeAt(0)) || isRegExpSpace(text.charCodeAt(n - 1)) || text.indexOf('\n') >= 0);
}

const IS_OPEN = asciiPiece('<is><t>');
const IS_OPEN_PRESERVE = asciiPiece('<is><t xml:space="preserve">');
const IS_CLOSE = asciiPiece('</t></is>');

/** inlineString(text) written as bytes. */
export function writeInlineString(out: RowBytes, text: string): void {
  out.piece(keepsSpace(text) ? IS_OPEN_PRESERVE : IS_OPEN);
  out.escaped(text);
  out.piece(IS_CLOSE);
}

/** InlineStrings for the byte writer: a column's repeated texts kept as their bytes. @internal */
export class InlineStringBytes {
  private readonly known = new Map<string, EncodedText>();
  private hits = 0;
  private misses = 0;
  private on = true;

  write(out: RowBytes, text: string): void {
    if (!this.on) {
      writeInlineString(out, text);
      return;
    }
    const known = this.known.get(text);
    if (known !== undefined) {
      this.hits++;
      out.piece(known);
      return;
    }
    // Relative to the row's start: the row may move to a larger buffer while the text is written.
    const from = out.length - out.start;
    const units = out.units;
    writeInlineString(out, text);
    if (this.known.size < CACHE_SIZE) this.known.set(text, { bytes: out.buf.slice(out.start + from, out.length), units: out.units - units });
    if (++this.misses >= CACHE_TRIAL && this.hits < this.misses) {
      this.on = false;
      this.known.clear();
    }
  }
}

/**
 * worksheetXmlParts as a stream: each part is handed on as soon as it is written, so that the
 * package writer can compress it (zip.ts makeEntryOfPartsAsync) while the next is made and let it
 * go afterwards. Parts are made as the stream is read: `styles` is complete once it has ended.
 */
export function* worksheetXmlPartStream(sheet: ResultSheet, styles: StyleBook, date1904: boolean, options: WorksheetOptions = {}): Generator<Uint8Array, void, undefined> {
  checkSheetSize(sheet);
  const layout = options.layout ?? sheetLayout(sheet, false);
  const { widths, wrap, heights, print } = layout;
  const ncols = sheet.columns.length;
  const letters = sheet.columns.map((_c, i) => columnLetter(i));
  const textCol = sheet.columns.map((c) => Boolean(c.text));
  const notes = new Set(sheet.noteRows ?? []);
  const totals = new Set(sheet.totalsRows ?? []);

  // Printed sheets are drawn as a table: every cell of the grid columns (before a header-less
  // column) has a thin border, blank ones included; cells right of it only where they hold a value.
  const grid = print ? gridColumns(sheet) : 0;
  const cellStyles = new Map<string, number>();
  const styleFor = (fmt: string | undefined, note: boolean, total: boolean, star: boolean, wrapText: boolean, border = false): number => {
    const key = `${fmt ?? ''}|${note ? 'n' : ''}${total ? 't' : ''}${star ? 's' : ''}${wrapText ? 'w' : ''}${border ? 'b' : ''}`;
    let id = cellStyles.get(key);
    if (id === undefined) {
      const spec: CellStyleSpec = {};
      if (fmt) spec.numFmt = fmt;
      if (border) spec.border = CELL_BORDER_COLOUR;
      if (note) spec.font = { ...FONT, italic: true, color: NOTE_COLOUR };
      else spec.font = { ...FONT, bold: total || undefined, color: star ? STAR_COLOUR : undefined };
      // Top-aligned, so that the numbers of a row stand level with the first line of its wrapped text.
      spec.alignment = wrapText && !note ? { vertical: 'top', wrapText: true } : { vertical: 'top' };
      id = styles.xf(spec);
      cellStyles.set(key, id);
    }
    return id;
  };

  // The used range, for <dimension> (which comes before the rows): found by the layout.
  const { lastCol, lastRow } = layout.used;
  // One at a time: the cells of a long sheet (sheetOfRowSource) are made as they are written.
  const rows = sheetRows(sheet);

  const sink = new ByteSink();
  sink.write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`);
  // CT_SheetPr: tabColor, outlinePr, pageSetUpPr (fitToPage: the fitToWidth/fitToHeight of pageSetup apply).
  sink.write(`<sheetPr><tabColor rgb="${TAB_COLOURS[sheet.role] ?? TAB_COLOURS.result}"/>${print ? '<pageSetUpPr fitToPage="1"/>' : ''}</sheetPr>`);
  sink.write(`<dimension ref="A1${lastRow > 1 || lastCol > 1 ? `:${columnLetter(lastCol - 1)}${Math.max(lastRow, 1)}` : ''}"/>`);
  sink.write('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>');
  sink.write('<sheetFormatPr defaultRowHeight="15"/>');
  if (ncols > 0) {
    const textStyle = sheet.columns.some((c) => c.text) ? styles.xf({ numFmt: TEXT_FORMAT, font: FONT }) : 0;
    // Blank cells of a text column are text too, so codes an officer types later stay text.
    sink.write(`<cols>${sheet.columns.map((col, i) => `<col min="${i + 1}" max="${i + 1}" width="${widths[i]}"${col.text ? ` style="${textStyle}"` : ''} customWidth="1"/>`).join('')}</cols>`);
  }
  sink.write('<sheetData>');
  const rowOpen = (index: number, rowNo: number): string => {
    const h = heights ? heights[index] : 0;
    return h > 0 ? `<row r="${rowNo}" ht="${h}" customHeight="1">` : `<row r="${rowNo}">`;
  };

  // Header row.
  const header: string[] = [];
  sheet.columns.forEach((col, i) => {
    // The blank column before a side table (the 星级分布 table): its header text, no fill.
    if (col.spacer) {
      header.push(`<c r="${letters[i]}1" t="inlineStr">${inlineString(col.header)}</c>`);
      return;
    }
    const s = styles.xf({
      numFmt: col.text ? TEXT_FORMAT : undefined,
      font: { ...FONT, bold: true },
      fill: HEADER_FILL_COLOUR,
      ...(print ? { border: HEADER_BORDER_COLOUR } : { bottomBorder: HEADER_BORDER_COLOUR }),
      alignment: { vertical: 'center', wrapText: true },
    });
    header.push(col.header === '' ? `<c r="${letters[i]}1" s="${s}"/>` : `<c r="${letters[i]}1" s="${s}" t="inlineStr">${inlineString(col.header)}</c>`);
  });
  if (header.length) sink.write(`${rowOpen(0, 1)}${header.join('')}</row>`);

  // Keyed by the number format or the cell kind (strings that exist already, their hash kept), one
  // map for boxed cells and one for the others: no key string is made per cell.
  const plain = sheet.columns.map(() => new Map<string, number>());
  const plainBoxed = sheet.columns.map(() => new Map<string, number>());
  /** The style id of a cell (both row writers ask in the same order: ids are given on first use). */
  const cellStyle = (c: number, rc: ResultCell, isNote: boolean, isTotal: boolean, border: boolean): number => {
    if (isNote || isTotal || c >= ncols) {
      return styleFor(formatOf(rc, textCol[c] ?? false), isNote, isTotal, sheet.starColumn === c, (wrap[c] ?? false) && rc.kind === 'text', border);
    }
    // Plain rows: one look-up per column and number format.
    const fmt = rc.kind === 'number' ? rc.format : rc.kind;
    const known = (border ? plainBoxed : plain)[c].get(fmt);
    if (known !== undefined) return known;
    const s = styleFor(formatOf(rc, textCol[c]), false, false, sheet.starColumn === c, wrap[c] && rc.kind === 'text', border);
    (border ? plainBoxed : plain)[c].set(fmt, s);
    return s;
  };
  // ` s="N"` of each style id, made once.
  const styleAttrs: string[] = [];
  const styleAttr = (id: number): string => (id ? (styleAttrs[id] ??= ` s="${id}"`) : '');
  const texts: InlineStrings[] = [];
  // The rows up to the end of the next whole part. A plain function, not the generator: V8 optimises
  // a long-running loop of a plain function while it runs (on-stack replacement), not one of a
  // generator, and a cold process writes each sheet once.
  // The reference: each row as a string, encoded by the sink (RowBytes below writes the same bytes).
  const writeRowsAsText = (from: number): number => {
    for (let r = from; r < rows.length; r++) {
      const cells = rows.row(r);
      const isNote = notes.has(r);
      const isTotal = totals.has(r);
      // A blank separator row (all cells empty) is not boxed: it stays the gap it is on paper.
      if (!isTotal && !isNote && isBlankRow(cells)) continue;
      const filled = isNote ? 0 : grid;
      const n = Math.max(cells.length, isTotal ? ncols : 0, filled);
      const rowNo = r + 2;
      // Once per row, not once per cell.
      const rowRef = String(rowNo);
      let xml = '';
      for (let c = 0; c < n; c++) {
        const rc: ResultCell = cells[c] ?? EMPTY;
        let value = '';
        let type = '';
        switch (rc.kind) {
          case 'text':
            if (rc.text !== '') {
              type = ' t="inlineStr"';
              value = (texts[c] ??= new InlineStrings()).of(rc.text);
            }
            break;
          case 'number': {
            const v = decimalToNumber(rc.value);
            if (Number.isFinite(v)) value = `<v>${v}</v>`;
            break;
          }
          case 'integer':
            if (Number.isFinite(rc.value)) value = `<v>${rc.value}</v>`;
            break;
          case 'date':
            value = `<v>${dateSerial(rc.iso, date1904)}</v>`;
            break;
          default:
            break;
        }
        if (rc.kind === 'empty' && !isTotal && c >= filled) continue;
        const letter = letters[c] ?? columnLetter(c);
        const border = print !== null && !isNote && (c < grid || rc.kind !== 'empty');
        const s = cellStyle(c, rc, isNote, isTotal, border);
        xml += value ? `<c r="${letter}${rowRef}"${styleAttr(s)}${type}>${value}</c>` : `<c r="${letter}${rowRef}"${styleAttr(s)}/>`;
      }
      if (xml) sink.write(`${rowOpen(r + 1, rowNo)}${xml}</row>`);
      if (sink.ready) return r + 1;
    }
    return rows.length;
  };

  // The same rows written as UTF-8 bytes straight into a reused row buffer: the fixed pieces
  // encoded once, numbers as ASCII, texts escaped and encoded in one pass, repeated texts (依据,
  // 政策保障, the star texts) copied as bytes. No string per cell or row, so nothing for the garbage
  // collector; the row is handed to the sink with its length as text, so the parts are cut where
  // the text writer cuts them.
  const out = new RowBytes();
  const cellOpens: EncodedText[] = [];
  const cellOpen = (c: number): EncodedText => (cellOpens[c] ??= asciiPiece(`<c r="${letters[c] ?? columnLetter(c)}`));
  const opensText: EncodedText[] = [];
  const opensValue: EncodedText[] = [];
  const selfCloses: EncodedText[] = [];
  const openText = (s: number): EncodedText => (opensText[s] ??= asciiPiece(`"${styleAttr(s)} t="inlineStr">`));
  const openValue = (s: number): EncodedText => (opensValue[s] ??= asciiPiece(`"${styleAttr(s)}><v>`));
  const selfClose = (s: number): EncodedText => (selfCloses[s] ??= asciiPiece(`"${styleAttr(s)}/>`));
  const textBytes: InlineStringBytes[] = [];
  const writeRowsAsBytes = (from: number): number => {
    for (let r = from; r < rows.length; r++) {
      const cells = rows.row(r);
      const isNote = notes.has(r);
      const isTotal = totals.has(r);
      if (!isTotal && !isNote && isBlankRow(cells)) continue;
      const filled = isNote ? 0 : grid;
      const n = Math.max(cells.length, isTotal ? ncols : 0, filled);
      const rowRef = String(r + 2);
      sink.beginRow(out);
      let open = false;
      for (let c = 0; c < n; c++) {
        const rc: ResultCell = cells[c] ?? EMPTY;
        if (rc.kind === 'empty' && !isTotal && c >= filled) continue;
        const border = print !== null && !isNote && (c < grid || rc.kind !== 'empty');
        const s = cellStyle(c, rc, isNote, isTotal, border);
        if (!open) {
          out.ascii(rowOpen(r + 1, r + 2));
          open = true;
        }
        out.piece(cellOpen(c));
        out.ascii(rowRef);
        switch (rc.kind) {
          case 'text':
            if (rc.text === '') out.piece(selfClose(s));
            else {
              out.piece(openText(s));
              (textBytes[c] ??= new InlineStringBytes()).write(out, rc.text);
              out.piece(CELL_END);
            }
            break;
          case 'number': {
            const v = decimalToNumber(rc.value);
            if (Number.isFinite(v)) out.value(openValue(s), String(v));
            else out.piece(selfClose(s));
            break;
          }
          case 'integer':
            if (Number.isFinite(rc.value)) out.value(openValue(s), String(rc.value));
            else out.piece(selfClose(s));
            break;
          case 'date':
            out.value(openValue(s), String(dateSerial(rc.iso, date1904)));
            break;
          default:
            out.piece(selfClose(s));
            break;
        }
      }
      if (open) {
        out.piece(ROW_END);
        sink.endRow(out);
      }
      if (sink.ready) return r + 1;
    }
    return rows.length;
  };
  const writeRows = options.reference ? writeRowsAsText : writeRowsAsBytes;
  for (let r = 0; r < rows.length; ) {
    r = writeRows(r);
    if (sink.ready) yield* sink.take();
  }
  sink.write('</sheetData>');
  // CT_Worksheet order: sheetData, sheetCalcPr?, sheetProtection?, protectedRanges?, scenarios?,
  // autoFilter?, …, mergeCells?, phoneticPr?, conditionalFormatting*, dataValidations?,
  // hyperlinks?, printOptions?, pageMargins?, pageSetup?, headerFooter?, rowBreaks?, colBreaks?,
  // customProperties?, cellWatches?, ignoredErrors?, smartTags?, drawing?, …
  if (sheet.protect) sink.write('<sheetProtection sheet="1" objects="1" scenarios="1"/>');

  const validations: string[] = [];
  for (const v of sheet.validations ?? []) {
    const formula = listFormula(v.values);
    if (formula === null || v.col < 0 || v.col >= Math.max(ncols, 1)) continue;
    const first = Math.max(0, v.firstRow) + 2;
    const last = Math.min(MAX_ROWS, Math.max(first, (v.lastRow ?? TEMPLATE_ROWS - 1) + 2));
    const letter = columnLetter(v.col);
    // The readers validate every value anyway, so a value off the list is never refused here:
    // "information" for lists that are only suggestions, "warning" (can be overridden) else.
    const error = `请从下拉列表中选择：${v.values.join('、')}`;
    validations.push(
      `<dataValidation type="list" errorStyle="${v.allowOther ? 'information' : 'warning'}" allowBlank="1" showErrorMessage="1"` +
        ` errorTitle="${escapeXml('不在可选范围内')}" error="${escapeXml([...error].slice(0, MAX_ERROR).join(''))}" sqref="${letter}${first}:${letter}${last}">` +
        `<formula1>${escapeXml(formula)}</formula1></dataValidation>`,
    );
  }
  if (validations.length) sink.write(`<dataValidations count="${validations.length}">${validations.join('')}</dataValidations>`);
  if (print) {
    const m = PAGE.margins;
    // Centred across the page: a narrow sheet (the 公示 list) is not shrunk, only placed.
    sink.write('<printOptions horizontalCentered="1"/>');
    sink.write(`<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`);
    // fitToHeight="0": as many pages down as needed, one page across.
    sink.write(`<pageSetup paperSize="${PAGE.paperSize}" orientation="${PAGE.orientation}" fitToWidth="1" fitToHeight="0"/>`);
    // scaleWithDoc="0": the footer stays legible however far the sheet is shrunk to fit the page.
    sink.write(`<headerFooter scaleWithDoc="0">${print.header ? `<oddHeader>${escapeXml(print.header)}</oddHeader>` : ''}<oddFooter>${escapeXml(print.footer)}</oddFooter></headerFooter>`);
    if (print.rowBreaks.length) {
      sink.write(`<rowBreaks count="${print.rowBreaks.length}" manualBreakCount="${print.rowBreaks.length}">${print.rowBreaks.map((b) => `<brk id="${b}" max="16383" man="1"/>`).join('')}</rowBreaks>`);
    }
  } else {
    sink.write('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  }
  if (options.drawingRelId) sink.write(`<drawing r:id="${options.drawingRelId}"/>`);
  sink.write('</worksheet>');
  yield* sink.take(true);
}
