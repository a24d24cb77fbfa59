/**
 * The workbook reader of the CLI and the web page: an .xlsx's bytes → sheet names, visibility,
 * the 1904 flag and, per sheet, the core's SheetGrid — without ExcelJS. The sheet XML and the
 * shared strings are inflated as a stream of chunks and scanned straight into the grid, so no
 * object model of the workbook is ever built (ExcelJS's took ~3 KB per cell).
 *
 * What it reads is what src/workbook/exceljs-read.ts read through ExcelJS, cell for cell
 * (test/workbook/reader-equivalence.test.ts proves it), except where ExcelJS read a file wrongly
 * — listed there and in docs; the main ones: `t="d"` ISO date cells are dates (ExcelJS: the
 * number 2023), phonetic runs (<rPh>) never reach the text, r-less rows and cells follow the
 * previous one, corrupt cells are cell problems instead of numbers or crashes.
 *
 * Values, as before:
 * - shared and inline strings, rich text as its runs' text, `_xHHHH_` escapes decoded;
 * - formulas → their cached result (a formula without one reads as blank);
 * - booleans, errors ({ error: '#N/A' }); numbers; dates when the cell's number format is a date
 *   format (number-formats.ts), converted as ExcelJS did, in the 1900 or 1904 system;
 * - number formats per cell, only non-General ones;
 * - merged cells: a slave cell gets the master's value only when it is text (headers, a county
 *   written once for several rows), never a number or a date — applied only inside the sheet's
 *   used range (the rectangle holding values), so a merge over a whole sheet costs nothing;
 * - corrupt cells — a shared-string index out of range, a number beyond ±1.8e308 or not a
 *   number at all, an unreadable ISO date or boolean — become error values naming the fault in
 *   Chinese, which the sheets layer reports as a problem naming the cell.
 *
 * Safety (issue 8 items 5, 6, 8): part names are checked as OPC defines them and parts are found
 * only through relationships (part-names.ts); sizes, ratios and cell counts are limited before
 * the work they bound (limits.ts).
 */
import type { CellValue, SheetGrid } from '../../sheets/grid';
import { MissingSheetError, NotAnXlsxError, sniffXlsx } from '../load-errors';
import { nextRunAfter, TAG_PREFIX } from '../exceljs-tags';
import { cellFormat, type CellFormat } from './number-formats';
import { decodedTarget, indexParts, partKey, PartNameError, relsPartOf, resolveTarget } from './part-names';
import { grouped, limitError, MB, RATIO_FLOOR, type ReadLimits } from './limits';
import { attr, attrs, decodeAttr, decodeText, detach, XmlScanner, type XmlHandler } from './xml-scan';
import { readZip, UnsupportedPackageError, type ZipCodec, type ZipEntry } from './zip';

const REL_NS = ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/', 'http://purl.oclc.org/ooxml/officeDocument/relationships/'];
const relType = (type: string, local: string): boolean => REL_NS.some((ns) => type === ns + local);

/** Excel's grid: 1,048,576 rows × 16,384 columns (XFD). */
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetInfo {
  name: string;
  state: SheetState;
  /** The worksheet part, or null for chart sheets, dialog sheets and sheets whose part is missing. */
  part: string | null;
}

interface Relationship {
  type: string;
  /** The target part name (resolved), or null for an external target. */
  part: string | null;
}

const REPAIR = '请在 Excel 中打开并另存为 .xlsx 后重试。';
const corrupt = (what: string): NotAnXlsxError => new NotAnXlsxError(`无法读取该 .xlsx 文件（${what}），文件可能已损坏；${REPAIR}`);

function zipProblem(e: UnsupportedPackageError): NotAnXlsxError {
  const m = e.message;
  if (m === 'ZIP64') return new NotAnXlsxError(`该工作簿使用 ZIP64 格式压缩（超大文件所用），本工具不支持；${REPAIR}`);
  if (m === 'encrypted entry') return new NotAnXlsxError('该工作簿的压缩包已加密，无法读取；请在 Excel 中取消加密并另存为 .xlsx 后重试。');
  if (m.startsWith('compression method')) return new NotAnXlsxError(`该工作簿使用了不常见的压缩方式（${m}），无法读取；${REPAIR}`);
  if (m === 'split archive') return new NotAnXlsxError('这是分卷压缩包的一部分，不是完整的 .xlsx 文件。');
  return corrupt(`zip 结构损坏：${m}`);
}

// ---- shared strings ------------------------------------------------------------------------

/** Excel's escape for characters XML cannot hold: _x000D_ is CR (ExcelJS decoded upper-case hex only). */
function decodeEscapes(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}

class SharedStringsHandler implements XmlHandler {
  wantText = false;
  readonly values: string[] = [];
  private inSi = false;
  private phonetic = 0;
  private inT = false;
  private raw = '';
  private acc = '';

  constructor(private readonly limits: ReadLimits) {}

  open(name: string, _a: string, selfClosing: boolean): void {
    if (name === 't') {
      if (this.inSi && this.phonetic === 0 && !selfClosing) {
        this.inT = true;
        this.raw = '';
        this.wantText = true;
      }
    } else if (name === 'si') {
      if (selfClosing) this.push('');
      else {
        this.inSi = true;
        this.acc = '';
      }
    } else if (name === 'rPh') {
      // phonetic guide (pinyin, furigana): shown above the text in Excel, never part of it
      if (this.inSi && !selfClosing) this.phonetic++;
    }
  }

  close(name: string): void {
    if (name === 't') {
      if (this.inT) {
        this.acc += decodeEscapes(decodeText(this.raw));
        this.inT = false;
        this.wantText = false;
      }
    } else if (name === 'si') {
      if (this.inSi) {
        this.push(this.acc);
        this.inSi = false;
        this.phonetic = 0;
      }
    } else if (name === 'rPh') {
      if (this.phonetic > 0) this.phonetic--;
    }
  }

  text(raw: string): void {
    this.raw += raw;
  }

  private push(s: string): void {
    if (this.values.length >= this.limits.maxCells) {
      throw limitError(this.limits, 'cells', `共享字符串表的条目超过上限 ${grouped(this.limits.maxCells)} 个。`, this.limits.maxCells * 4);
    }
    this.values.push(detach(s));
  }
}

// ---- styles ----------------------------------------------------------------------------------

class StylesHandler implements XmlHandler {
  wantText = false;
  readonly custom = new Map<number, string>();
  readonly cellXfs: number[] = [];
  private inNumFmts = false;
  private inCellXfs = false;

  constructor(private readonly limits: ReadLimits) {}

  open(name: string, a: string, selfClosing: boolean): void {
    if (name === 'xf') {
      if (this.inCellXfs) {
        if (this.cellXfs.length >= this.limits.maxCells) {
          throw limitError(this.limits, 'cells', `单元格格式（styles.xml 的 cellXfs）超过上限 ${grouped(this.limits.maxCells)} 个。`, this.limits.maxCells * 4);
        }
        // ExcelJS: parseInt of numFmtId, 0 (General) when absent
        const id = parseInt(attr(a, 'numFmtId') ?? '', 10);
        this.cellXfs.push(Number.isFinite(id) ? id : 0);
      }
    } else if (name === 'numFmt') {
      if (this.inNumFmts) {
        const id = parseInt(attr(a, 'numFmtId') ?? '', 10);
        if (Number.isFinite(id)) this.custom.set(id, attr(a, 'formatCode') ?? '');
      }
    } else if (name === 'numFmts') {
      this.inNumFmts = !selfClosing;
    } else if (name === 'cellXfs') {
      this.inCellXfs = !selfClosing;
    }
  }

  close(name: string): void {
    if (name === 'numFmts') this.inNumFmts = false;
    else if (name === 'cellXfs') this.inCellXfs = false;
  }

  text(): void {
    // no text needed
  }
}

// ---- cell values ---------------------------------------------------------------------------

/** Errors of corrupt cells: shown to the user in the problem of the cell ("单元格为错误值 …"). */
export const CELL_FAULT = {
  missingString: (index: number, count: number): { error: string } => ({ error: `#共享字符串缺失（文件损坏：共享字符串表只有 ${count} 项，单元格引用第 ${index + 1} 项）` }),
  outOfRange: (): { error: string } => ({ error: '#数值超出范围（超过 Excel 能表示的 ±1.8E+308）' }),
  notANumber: (): { error: string } => ({ error: '#不是有效数字（文件中的数值已损坏）' }),
  badDate: (): { error: string } => ({ error: '#日期无效（文件中的 ISO 日期无法识别）' }),
  badBoolean: (): { error: string } => ({ error: '#逻辑值无效（文件中的 TRUE/FALSE 无法识别）' }),
};

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/;

function digitsOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

/**
 * A number cell's text as xsd:double (what Excel writes: 12, -0.5, 1.5E-7), strictly: ExcelJS's
 * parseFloat read "12abc" as 12 and "1e400" as Infinity. Number() is the fast path; it also
 * takes forms XML numbers never have (0x1F, Infinity), which are refused here.
 */
function numberOf(text: string): number | { error: string } {
  const n = Number(text);
  if (Number.isFinite(n)) {
    const c = text.length > 1 ? text.charCodeAt(1) | 32 : 0; // 0x, 0b, 0o prefixes
    return c === 120 || c === 98 || c === 111 ? CELL_FAULT.notANumber() : n;
  }
  return NUMBER.test(text) ? CELL_FAULT.outOfRange() : CELL_FAULT.notANumber();
}

/** A serial day number as a Date, exactly as ExcelJS converted it (utils.excelToDate). */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/**
 * A `t="d"` cell (ISO 8601, as openpyxl's iso_dates and Strict OOXML write dates): the wall-clock
 * date and time at UTC, how date cells reach the core from every reader. An offset, if any, is
 * ignored (Excel has no time zones).
 */
function isoCellDate(raw: string): Date | null {
  const text = raw.trim();
  let y = 1899;
  let mo = 12;
  let d = 30;
  let h = 0;
  let mi = 0;
  let s = 0;
  let frac: string | undefined;
  const m = ISO_DATE.exec(text);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s, frac] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7]];
  } else {
    const t = ISO_TIME.exec(text);
    if (!t) return null;
    [h, mi, s, frac] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0), t[4]];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(2000, mo, 0)).getUTCDate() || h > 24 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCMonth() !== mo - 1) return null; // 29 February of a common year
  date.setUTCHours(h, mi, s, frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  return date;
}

// ---- sheets ----------------------------------------------------------------------------------

const enum Collect {
  None,
  Value,
  Formula,
  InlineText,
}

/** Column index (0-based) of a cell reference such as "AB12"; -1 when it is not one. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32; // lower case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > MAX_COLS) return -1;
  }
  if (i === 0) return -1;
  for (let k = i; k < ref.length; k++) {
    const c = ref.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
  }
  return col - 1;
}

/** A range such as "A1:C3" (or one cell "B2") as [top, left, bottom, right], 0-based; null if invalid. */
function rangeOf(ref: string): [number, number, number, number] | null {
  const parts = ref.replace(/\$/g, '').trim().split(':');
  if (parts.length < 1 || parts.length > 2) return null;
  const cells = parts.map((p) => {
    const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(p);
    if (!m) return null;
    const col = columnOf(m[1]);
    const row = Number(m[2]) - 1;
    return col < 0 || row < 0 || row >= MAX_ROWS ? null : [row, col];
  });
  if (cells.some((c) => c === null)) return null;
  const [a, b] = [cells[0]!, cells[cells.length - 1]!];
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** White space as startCell's trim and START_TAG's \s see it, in the ASCII range the fast paths take. */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;
/** An attribute name character the fast paths take (ASCII letters, digits, _ - . :). */
const isKeyChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 58;

/** The number written by 1–`max` ASCII digits at s[a, b) (no sign, no space), else −1. */
function digitsAt(s: string, a: number, b: number, max = 9): number {
  if (b <= a || b - a > max) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A cell's t attribute at s[a, b) as a string, the two long values without a new string. */
function typeAt(s: string, a: number, b: number): string {
  if (b - a === 3 && s.startsWith('str', a)) return 'str';
  if (b - a === 9 && s.startsWith('inlineStr', a)) return 'inlineStr';
  return s.slice(a, b);
}

/** columnOf(s.slice(a, b)) for a reference of ASCII letters and digits only; −1 otherwise. */
function columnAt(s: string, a: number, b: number): number {
  let col = 0;
  let i = a;
  for (; i < b; i++) {
    let c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32; // lower case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > MAX_COLS) return -1;
  }
  if (i === a) return -1;
  for (let k = i; k < b; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
  }
  return col - 1;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Number(s.slice(a, b)) for the plain decimals Excel writes most (-?digits[.digits], at most 15
 * digits in all), read without making the string: the digits as an integer M < 10^15 and the
 * scale 10^k (k ≤ 15) are both exact doubles, so M / 10^k is the correctly rounded value of
 * the decimal — what Number() gives (Clinger's fast path). Undefined for anything else
 * (exponents, signs +, 16+ digits, spaces), which goes through numberOf as before.
 */
export function simpleNumber(s: string, a: number, b: number): number | undefined {
  let i = a;
  const negative = i < b && s.charCodeAt(i) === 45;
  if (negative) i++;
  let m = 0;
  let digits = 0;
  let intDigits = 0;
  let frac = 0;
  let dot = false;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) frac++;
      else intDigits++;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15 || intDigits === 0 || (dot && frac === 0)) return undefined;
  const v = frac === 0 ? m : m / POW10[frac];
  return negative ? -v : v;
}

class SheetHandler implements XmlHandler {
  wantText = false;
  readonly cells: CellValue[][] = [];
  formats: (string | null)[][] | undefined;
  /** Grid slots allocated (every row up to its last cell): what the cell limit bounds. */
  private slots = 0;
  /** The used range: last row and column holding a value (−1: none yet). */
  private maxRow = -1;
  private maxCol = -1;
  /** Merged ranges, four numbers each (top, left, bottom, right). */
  private readonly merges: number[] = [];

  private inSheetData = false;
  private inRow = false;
  private row = -1;
  private lastCol = -1;

  private inCell = false;
  private col = 0;
  private style = 0;
  private type: string | undefined;
  private collect = Collect.None;
  private raw = '';
  private value: string | null = null;
  private formula = false;
  private inlineText: string | null = null;
  /** Rich runs (<r>) in the inline string: then even an empty text is a value (as ExcelJS read it). */
  private inlineRich = false;
  private inInline = false;
  private phonetic = 0;
  /** A first piece of text taken by textAt and not yet sliced: pieceSrc.slice(pieceFrom, pieceTo). */
  private pieceSrc: string | null = null;
  private pieceFrom = 0;
  private pieceTo = 0;
  /** The cell's <v> text not yet sliced (this.value is then null): read straight from the XML. */
  private valueSrc: string | null = null;
  private valueFrom = 0;
  private valueTo = 0;

  /**
   * The cells of the current row (this.row), gathered in one reused array and stored as an
   * exact-size copy when the next row starts (flushRow): no per-row array grown by push and
   * copied again (issue 10, less memory and garbage). `line` beyond lineLen holds stale values.
   */
  private readonly line: CellValue[] = [];
  private lineLen = 0;
  private lineUsed = false;
  /** The number formats of the current row, likewise; and the last row's, shared while equal. */
  private readonly fmtLine: (string | null)[] = [];
  private fmtLen = 0;
  private lastFmt: (string | null)[] | null = null;
  /** Rows grown by push while merges were applied (then compacted). */
  private mergeGrew = false;

  private readonly formatCache = new Map<number, CellFormat>();
  private lastStyle = -1;
  private lastFormat: CellFormat | null = null;

  constructor(
    private readonly sheet: string,
    private readonly part: string,
    private readonly strings: readonly string[] | null,
    private readonly styles: StylesHandler | null,
    private readonly date1904: boolean,
    private readonly limits: ReadLimits,
    /** The plain implementations only (no openAt / textAt from the scanner, storePlain). */
    private readonly reference = false,
  ) {}

  private malformed(what: string): NotAnXlsxError {
    return corrupt(`工作表「${this.sheet}」（${this.part}）中${what}`);
  }

  open(name: string, a: string, selfClosing: boolean): void {
    switch (name) {
      case 'c':
        if (this.inRow) this.startCell(a, selfClosing);
        break;
      case 'v':
        if (this.inCell && !selfClosing) this.startText(Collect.Value);
        break;
      case 'row':
        if (this.inSheetData) this.startRow(a, selfClosing);
        break;
      case 'f':
        if (this.inCell) {
          // ExcelJS: a formula when <f> has text or a t attribute (shared / array formulas)
          if (attr(a, 't')) this.formula = true;
          if (!selfClosing) this.startText(Collect.Formula);
        }
        break;
      case 'is':
        if (this.inCell && !selfClosing) {
          this.inInline = true;
          if (this.inlineText === null) this.inlineText = '';
        }
        break;
      case 't':
        if (this.inInline && this.phonetic === 0 && !selfClosing) this.startText(Collect.InlineText);
        break;
      case 'rPh':
        if (this.inInline && !selfClosing) this.phonetic++;
        break;
      case 'r':
        if (this.inInline && this.phonetic === 0) this.inlineRich = true;
        break;
      case 'sheetData':
        this.inSheetData = !selfClosing;
        break;
      case 'mergeCell':
        if (!this.inSheetData) this.addMerge(a);
        break;
      default:
        break;
    }
  }

  /**
   * The fast path of open() for the two tags of every row and cell: their attributes read from
   * the XML in place. Whatever the hand reading does not take for sure goes to startRow /
   * startCell, the plain implementations, with the attribute text sliced — as open() does.
   */
  openAt(name: string, src: string, from: number, to: number, selfClosing: boolean): void {
    if (name === 'c') {
      if (this.inRow && !this.fastCell(src, from, to, selfClosing)) this.startCell(src.slice(from, to), selfClosing);
    } else if (name === 'row') {
      if (this.inSheetData && !this.fastRow(src, from, to, selfClosing)) this.startRow(src.slice(from, to), selfClosing);
    } else {
      this.open(name, from === to ? '' : src.slice(from, to), selfClosing);
    }
  }

  close(name: string): void {
    switch (name) {
      case 'c':
        if (this.inCell) this.endCell();
        break;
      case 'v':
        if (this.collect === Collect.Value) {
          if (this.pieceSrc !== null && this.value === null && this.valueSrc === null) {
            // the whole value in one piece of the XML: kept as a range, read by quickTyped
            this.valueSrc = this.pieceSrc;
            this.valueFrom = this.pieceFrom;
            this.valueTo = this.pieceTo;
            this.pieceSrc = null;
          } else {
            const raw = this.rawText();
            const v = this.valueText();
            this.value = v === null ? raw : v + raw;
          }
          this.endText();
        }
        break;
      case 'row':
        this.inRow = false;
        break;
      case 'f':
        if (this.collect === Collect.Formula) {
          if (this.rawText() !== '') this.formula = true;
          this.endText();
        }
        break;
      case 't':
        if (this.collect === Collect.InlineText) {
          this.inlineText += decodeEscapes(decodeText(this.rawText()));
          this.endText();
        }
        break;
      case 'is':
        this.inInline = false;
        this.phonetic = 0;
        break;
      case 'rPh':
        if (this.phonetic > 0) this.phonetic--;
        break;
      case 'sheetData':
        this.inSheetData = false;
        break;
      default:
        break;
    }
  }

  text(raw: string): void {
    if (this.pieceSrc !== null) this.rawText();
    this.raw += raw;
  }

  /** text(src.slice(from, to)), the first piece of a run kept unsliced. */
  textAt(src: string, from: number, to: number): void {
    if (this.raw === '' && this.pieceSrc === null) {
      this.pieceSrc = src;
      this.pieceFrom = from;
      this.pieceTo = to;
    } else {
      this.text(src.slice(from, to));
    }
  }

  /** The text collected so far (a piece kept by textAt sliced now). */
  private rawText(): string {
    if (this.pieceSrc !== null) {
      this.raw = this.pieceSrc.slice(this.pieceFrom, this.pieceTo);
      this.pieceSrc = null;
    }
    return this.raw;
  }

  /** The cell's <v> text so far (a range kept by close('v') sliced now). */
  private valueText(): string | null {
    if (this.valueSrc !== null) {
      this.value = this.valueSrc.slice(this.valueFrom, this.valueTo);
      this.valueSrc = null;
    }
    return this.value;
  }

  private startText(kind: Collect): void {
    this.collect = kind;
    this.raw = '';
    this.pieceSrc = null;
    this.wantText = true;
  }

  private endText(): void {
    this.collect = Collect.None;
    this.raw = '';
    this.pieceSrc = null;
    this.wantText = false;
  }

  /**
   * startRow for the common row tag, read in place: the first r attribute (as attr() finds it)
   * of 1–9 ASCII digits within Excel's rows, or none. False, having changed nothing, for
   * anything else (startRow then decides, with its messages).
   */
  private fastRow(src: string, from: number, to: number, selfClosing: boolean): boolean {
    let i = from;
    let row = this.row + 1; // OOXML: a row without r follows the previous one
    while (i < to) {
      while (i < to && isSpace(src.charCodeAt(i))) i++;
      if (i >= to) break;
      const k0 = i;
      while (i < to && isKeyChar(src.charCodeAt(i))) i++;
      if (i === k0) return false;
      const isR = i - k0 === 1 && src.charCodeAt(k0) === 114;
      while (i < to && isSpace(src.charCodeAt(i))) i++;
      if (i >= to || src.charCodeAt(i) !== 61) return false;
      i++;
      while (i < to && isSpace(src.charCodeAt(i))) i++;
      const q = i < to ? src.charCodeAt(i) : 0;
      if (q !== 34 && q !== 39) return false;
      const end = src.indexOf(q === 34 ? '"' : "'", i + 1);
      if (end < 0 || end >= to) return false;
      if (isR) {
        const n = digitsAt(src, i + 1, end);
        if (n < 0) return false;
        row = n - 1;
        break;
      }
      i = end + 1;
    }
    if (row < 0 || row >= MAX_ROWS) return false;
    this.beginRow(row, selfClosing);
    return true;
  }

  /**
   * startCell for the common cell tag, read in place: r a plain reference (letters and digits),
   * s 1–9 digits, t any value; no entity anywhere. False, having changed nothing, for anything
   * else (startCell then decides, with its messages).
   */
  private fastCell(src: string, from: number, to: number, selfClosing: boolean): boolean {
    let refFrom = -1;
    let refTo = -1;
    let style = 0;
    let type: string | undefined;
    let i = from;
    // the loop of startCell: key up to '=', value between the quotes; a later key wins
    while (i < to) {
      const eq = src.indexOf('=', i);
      if (eq < 0 || eq >= to) break;
      let ks = i;
      let ke = eq;
      while (ks < ke && isSpace(src.charCodeAt(ks))) ks++;
      while (ke > ks && isSpace(src.charCodeAt(ke - 1))) ke--;
      for (let k = ks; k < ke; k++) if (!isKeyChar(src.charCodeAt(k))) return false;
      let q = eq + 1;
      while (q < to && src.charCodeAt(q) <= 32) q++;
      const quote = q < to ? src.charCodeAt(q) : 0;
      if (quote !== 34 && quote !== 39) return false;
      const end = src.indexOf(quote === 34 ? '"' : "'", q + 1);
      if (end < 0 || end >= to) return false;
      if (ke - ks === 1) {
        const key = src.charCodeAt(ks);
        if (key === 114 /* r */) {
          refFrom = q + 1;
          refTo = end;
        } else if (key === 115 /* s */) {
          style = digitsAt(src, q + 1, end);
          if (style < 0) return false;
        } else if (key === 116 /* t */) {
          for (let k = q + 1; k < end; k++) if (src.charCodeAt(k) === 38 /* & */) return false;
          type = typeAt(src, q + 1, end);
        }
      }
      i = end + 1;
    }
    let col: number;
    if (refFrom < 0) {
      col = this.lastCol + 1; // OOXML: a cell without r follows the previous one
    } else {
      col = columnAt(src, refFrom, refTo);
      if (col < 0) return false;
    }
    if (col >= MAX_COLS) return false;
    this.beginCell(col, style, type, selfClosing);
    return true;
  }

  private startRow(a: string, selfClosing: boolean): void {
    const r = attr(a, 'r');
    let row: number;
    if (r === undefined) {
      row = this.row + 1; // OOXML: a row without r follows the previous one
    } else {
      if (!/^\s*\d+\s*$/.test(r)) throw this.malformed(`行号「${r.slice(0, 20)}」无效`);
      row = Number(r) - 1;
    }
    if (row < 0 || row >= MAX_ROWS) throw this.malformed(`行号 ${row + 1} 超出 Excel 工作表的范围（1–${MAX_ROWS}）`);
    this.beginRow(row, selfClosing);
  }

  private beginRow(row: number, selfClosing: boolean): void {
    this.flushRow();
    this.row = row;
    this.lastCol = -1;
    this.inRow = !selfClosing;
    // The same row number twice: the later row replaces the earlier one (as ExcelJS read it).
    const existing = this.cells[row];
    if (existing !== undefined && existing.length > 0) {
      this.slots -= existing.length;
      this.cells[row] = [];
      if (this.formats?.[row]) this.formats[row] = [];
    }
  }

  private startCell(a: string, selfClosing: boolean): void {
    let ref: string | undefined;
    let style = 0;
    let type: string | undefined;
    // The attributes of <c>, by hand: this runs once per cell.
    const n = a.length;
    let i = 0;
    while (i < n) {
      const eq = a.indexOf('=', i);
      if (eq < 0) break;
      const key = a.slice(i, eq).trim();
      let q = eq + 1;
      while (q < n && a.charCodeAt(q) <= 32) q++;
      const quote = a[q];
      const end = a.indexOf(quote, q + 1);
      if (end < 0) break;
      const raw = a.slice(q + 1, end);
      const value = raw.includes('&') ? decodeAttr(raw) : raw;
      if (key === 'r') ref = value;
      else if (key === 's') style = parseInt(value, 10) || 0;
      else if (key === 't') type = value;
      i = end + 1;
    }
    let col: number;
    if (ref === undefined) {
      col = this.lastCol + 1; // OOXML: a cell without r follows the previous one
    } else {
      col = columnOf(ref.trim());
      if (col < 0) throw this.malformed(`单元格地址「${ref.slice(0, 20)}」无效`);
    }
    if (col >= MAX_COLS) throw this.malformed(`单元格超出 Excel 工作表的范围（最后一列为 XFD）`);
    this.beginCell(col, style, type, selfClosing);
  }

  private beginCell(col: number, style: number, type: string | undefined, selfClosing: boolean): void {
    this.lastCol = col;
    this.inCell = true;
    this.col = col;
    this.style = style;
    this.type = type;
    this.value = null;
    this.valueSrc = null;
    this.formula = false;
    this.inlineText = null;
    this.inlineRich = false;
    this.inInline = false;
    this.phonetic = 0;
    if (selfClosing) this.endCell();
  }

  private format(style: number): CellFormat {
    if (style === this.lastStyle) return this.lastFormat!;
    let f = this.formatCache.get(style);
    if (f === undefined) {
      const id = this.styles?.cellXfs[style];
      f = cellFormat(id ?? 0, this.styles?.custom ?? new Map());
      this.formatCache.set(style, f);
    }
    this.lastStyle = style;
    this.lastFormat = f;
    return f;
  }

  /**
   * typed() for a <v> still in the XML (valueSrc), for the two cells of almost every sheet: a
   * shared-string index of 1–15 digits, and a plain number (simpleNumber). Undefined when it
   * cannot say for sure; endCell then slices the text and asks typed().
   */
  private quickTyped(fmt: CellFormat): CellValue | undefined {
    const s = this.valueSrc!;
    const a = this.valueFrom;
    const b = this.valueTo;
    const type = this.type;
    if (type === 's') {
      const index = b - a <= 15 ? digitsAt(s, a, b, 15) : -1;
      if (index < 0) return undefined;
      const strings = this.strings ?? [];
      return index < strings.length ? strings[index] : CELL_FAULT.missingString(index, strings.length);
    }
    if (type === undefined || type === 'n') {
      const n = simpleNumber(s, a, b);
      if (n === undefined) return undefined;
      return fmt.date ? excelToDate(n, this.date1904) : n;
    }
    return undefined;
  }

  private endCell(): void {
    this.inCell = false;
    this.inInline = false;
    this.collect = Collect.None;
    this.wantText = false;
    const fmt = this.format(this.style);
    if (this.valueSrc !== null && this.type !== 'inlineStr') {
      const quick = this.quickTyped(fmt);
      if (quick !== undefined) {
        // typed() never gives undefined for a value it reads, so the formula rule (?? null) is moot
        this.valueSrc = null;
        this.store(quick, fmt.text);
        return;
      }
    }
    const v = this.valueText();
    let value: CellValue | undefined;
    if (this.formula) {
      // the cached result; none (or an empty one) reads as blank
      value = v !== null && v !== '' ? this.typed(v, fmt) ?? null : null;
    } else if (this.type === 'inlineStr') {
      const t = this.inlineText;
      if (t !== null && (t !== '' || this.inlineRich)) value = detach(t);
      else if (v !== null && v !== '') value = detach(decodeText(v));
    } else if (v !== null && v !== '') {
      value = this.typed(v, fmt);
    }
    if (value === undefined) return; // an empty cell (perhaps styled): not part of the grid
    this.store(value, fmt.text);
  }

  /** The value of a cell's <v> by its type; undefined for a blank one. */
  private typed(raw: string, fmt: CellFormat): CellValue | undefined {
    switch (this.type) {
      case 's': {
        const text = raw.trim();
        if (text === '') return undefined;
        const strings = this.strings ?? [];
        const index = digitsOnly(text) ? Number(text) : -1;
        if (index < 0) return CELL_FAULT.notANumber();
        return index < strings.length ? strings[index] : CELL_FAULT.missingString(index, strings.length);
      }
      case 'str':
      case 'inlineStr':
        return detach(decodeText(raw));
      case 'b': {
        const text = raw.trim();
        if (text === '') return undefined;
        if (text === 'true' || text === 'TRUE') return true;
        if (text === 'false' || text === 'FALSE') return false;
        if (/^[+-]?\d+$/.test(text)) return Number(text) !== 0;
        return CELL_FAULT.badBoolean();
      }
      case 'e': {
        const text = decodeText(raw);
        return text.trim() === '' ? undefined : { error: detach(text) };
      }
      case 'd': {
        if (raw.trim() === '') return undefined;
        return isoCellDate(raw) ?? CELL_FAULT.badDate();
      }
      default: {
        const text = raw.trim();
        if (text === '') return undefined;
        const n = numberOf(text);
        if (typeof n !== 'number') return n;
        return fmt.date ? excelToDate(n, this.date1904) : n;
      }
    }
  }

  private grow(row: CellValue[], col: number): void {
    this.countSlots(col + 1 - row.length);
    while (row.length < col) row.push(null);
  }

  private countSlots(added: number): void {
    this.slots += added;
    if (this.slots > this.limits.maxCells) {
      throw limitError(this.limits, 'cells',
        `工作表「${this.sheet}」的单元格超过上限 ${grouped(this.limits.maxCells)} 个（读到第 ${grouped(this.row + 1)} 行时超出；行中最后一个有值的单元格之前的空单元格也计算在内）。`,
        this.limits.maxCells * 4);
    }
  }

  private rowAt(r: number): CellValue[] {
    const cells = this.cells;
    while (cells.length <= r) cells.push([]);
    return cells[r];
  }

  /** A value (and its format) into the current row; storePlain's result once flushRow has run. */
  private store(value: CellValue, fmt: string | undefined): void {
    if (this.reference) {
      this.storePlain(value, fmt);
      return;
    }
    const r = this.row;
    const c = this.col;
    const line = this.line;
    if (c >= this.lineLen) {
      this.countSlots(c + 1 - this.lineLen);
      for (let k = this.lineLen; k < c; k++) line[k] = null;
      line[c] = value;
      this.lineLen = c + 1;
    } else {
      line[c] = value;
    }
    this.lineUsed = true;
    if (value !== null) {
      if (r > this.maxRow) this.maxRow = r;
      if (c > this.maxCol) this.maxCol = c;
    }
    if (fmt !== undefined && fmt !== 'General') {
      const f = this.fmtLine;
      while (this.fmtLen < c) f[this.fmtLen++] = null;
      f[c] = fmt;
      if (c >= this.fmtLen) this.fmtLen = c + 1;
    }
  }

  /**
   * The current row into cells (and formats), exact-size. A format row equal to the last one
   * (as sharedFormatRows keys them) is that same array: sharedFormatRows then gives both rows the
   * same shared row it would have given two equal copies.
   */
  private flushRow(): void {
    if (!this.lineUsed) return;
    const r = this.row;
    const cells = this.cells;
    while (cells.length <= r) cells.push([]);
    cells[r] = this.line.slice(0, this.lineLen);
    if (this.fmtLen > 0) {
      const formats = (this.formats ??= []);
      while (formats.length <= r) formats.push([]);
      const last = this.lastFmt;
      let same = last !== null && last.length === this.fmtLen;
      for (let k = 0; same && k < this.fmtLen; k++) same = (last![k] ?? '') === (this.fmtLine[k] ?? '');
      formats[r] = same ? last! : (this.lastFmt = this.fmtLine.slice(0, this.fmtLen));
    }
    this.lineLen = 0;
    this.fmtLen = 0;
    this.lineUsed = false;
  }

  /**
   * The plain implementation of store (cells and formats grown row by row as values come), kept
   * as the reference that store + flushRow are tested against (test/workbook/read-fast.test.ts).
   */
  private storePlain(value: CellValue, fmt: string | undefined): void {
    const r = this.row;
    const c = this.col;
    const row = this.rowAt(r);
    if (c >= row.length) {
      this.grow(row, c);
      row.push(value);
    } else {
      row[c] = value;
    }
    if (value !== null) {
      if (r > this.maxRow) this.maxRow = r;
      if (c > this.maxCol) this.maxCol = c;
    }
    if (fmt !== undefined && fmt !== 'General') {
      const formats = (this.formats ??= []);
      while (formats.length <= r) formats.push([]);
      const line = formats[r];
      while (line.length < c) line.push(null);
      line[c] = fmt;
    }
  }

  private addMerge(a: string): void {
    const ref = attr(a, 'ref');
    const range = ref ? rangeOf(ref) : null;
    if (!range) return; // not a range: nothing to merge
    if (this.merges.length / 4 >= this.limits.maxCells) {
      throw limitError(this.limits, 'cells', `工作表「${this.sheet}」的合并单元格区域超过上限 ${grouped(this.limits.maxCells)} 个。`, this.limits.maxCells * 4);
    }
    this.merges.push(range[0], range[1], range[2], range[3]);
  }

  /**
   * The merge rule of exceljs-read.ts, inside the used range only: every slave cell of a merge
   * gets the master's value when it is text, else nothing (a number written once is counted
   * once). The work is bounded by the cells of the merges inside the used range.
   */
  private applyMerges(): void {
    const m = this.merges;
    if (m.length === 0 || this.maxRow < 0) return;
    const maxRow = this.maxRow;
    const maxCol = this.maxCol;
    let area = 0;
    const masters: CellValue[] = [];
    for (let k = 0; k < m.length; k += 4) {
      const [top, left] = [m[k], m[k + 1]];
      const bottom = Math.min(m[k + 2], maxRow);
      const right = Math.min(m[k + 3], maxCol);
      if (top > bottom || left > right) {
        masters.push(undefined as unknown as CellValue);
        continue;
      }
      area += (bottom - top + 1) * (right - left + 1);
      if (area > this.limits.maxCells) {
        throw limitError(this.limits, 'cells',
          `工作表「${this.sheet}」中合并单元格覆盖的数据区域超过上限 ${grouped(this.limits.maxCells)} 个单元格。`, this.limits.maxCells * 4);
      }
      masters.push(this.cells[top]?.[left] ?? null);
    }
    for (let k = 0; k < m.length; k += 4) {
      const master = masters[k / 4];
      if (master === undefined) continue;
      const text = typeof master === 'string' ? master : null;
      const [top, left] = [m[k], m[k + 1]];
      const bottom = Math.min(m[k + 2], maxRow);
      const right = Math.min(m[k + 3], maxCol);
      for (let r = top; r <= bottom; r++) {
        const row = this.rowAt(r);
        for (let c = left; c <= right; c++) {
          if (r === top && c === left) continue;
          if (c < row.length) row[c] = text;
          else if (text !== null) {
            this.grow(row, c);
            row.push(text);
            this.mergeGrew = true;
          }
        }
      }
    }
  }

  grid(): SheetGrid {
    this.flushRow();
    this.applyMerges();
    const cells = this.cells;
    // Trailing rows that only held blanks (e.g. empty strings) are dropped (as exceljs-read.ts).
    while (cells.length > 0 && cells[cells.length - 1].every((v) => v === null || v === '')) cells.pop();
    // Rows are stored exact-size (flushRow); only a merge can have grown one by push.
    if (this.mergeGrew || this.reference) compactRows(cells);
    const grid: SheetGrid = { name: this.sheet, cells, date1904: this.date1904 };
    if (this.formats) grid.numberFormats = sharedFormatRows(this.formats);
    return grid;
  }
}

/**
 * Rows grown by push keep room for about 36 cells (a 5-value row holds 150 bytes of backing
 * store); a million-row sheet would hold several times what it needs (issue 10, less memory).
 * Each row is replaced by an exact-size copy.
 */
function compactRows<T>(rows: T[][]): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length > 0) rows[r] = row.slice();
  }
}

/**
 * The number formats, one row array per distinct row: a column formatted alike (an amount column
 * as #,##0.00) gives one shared row for every row instead of a copy each — the formats of a
 * million-row sheet otherwise take as much memory as its values. Readers only read them.
 * Formats are never '' (General is not stored), so '' in the key stands for null.
 */
function sharedFormatRows(formats: (string | null)[][]): (string | null)[][] {
  const shared = new Map<string, (string | null)[]>();
  for (let r = 0; r < formats.length; r++) {
    const line = formats[r];
    if (line === undefined || line.length === 0) continue;
    const key = line.join('\u0000');
    let one = shared.get(key);
    if (one === undefined) {
      one = line.slice();
      shared.set(key, one);
    }
    formats[r] = one;
  }
  return formats;
}

// ---- relationships, workbook ----------------------------------------------------------------

class RelsHandler implements XmlHandler {
  wantText = false;
  readonly rels = new Map<string, { type: string; target: string; external: boolean }>();
  open(name: string, a: string): void {
    if (name !== 'Relationship') return;
    const at = attrs(a);
    const id = at.get('Id');
    if (id !== undefined && !this.rels.has(id)) {
      this.rels.set(id, { type: at.get('Type') ?? '', target: at.get('Target') ?? '', external: at.get('TargetMode') === 'External' });
    }
  }
  close(): void {
    // nothing
  }
  text(): void {
    // nothing
  }
}

class WorkbookHandler implements XmlHandler {
  wantText = false;
  date1904 = false;
  readonly sheets: Array<{ name: string; state: SheetState; rid: string | undefined }> = [];
  readonly tagNames: string[] = [];
  private definedName: string | null = null;
  private raw = '';

  constructor(private readonly limits: ReadLimits) {}

  open(name: string, a: string, selfClosing: boolean): void {
    if (name === 'sheet') {
      if (this.sheets.length >= this.limits.maxCells) throw corrupt('工作表数量异常');
      const at = attrs(a);
      let rid: string | undefined;
      // r:id — whatever prefix the relationships namespace has in this file
      for (const [k, v] of at) if (k.endsWith(':id')) rid = v;
      const state = at.get('state');
      this.sheets.push({ name: at.get('name') ?? '', state: state === 'hidden' || state === 'veryHidden' ? state : 'visible', rid });
    } else if (name === 'workbookPr') {
      const d = attr(a, 'date1904');
      // xsd:boolean: "1" or "true" (ExcelJS knew only "1")
      this.date1904 = d === '1' || d === 'true';
    } else if (name === 'definedName' && !selfClosing) {
      const n = attr(a, 'name') ?? '';
      if (n.startsWith(TAG_PREFIX)) {
        this.definedName = n;
        this.raw = '';
        this.wantText = true;
      }
    }
  }

  close(name: string): void {
    if (name === 'definedName' && this.definedName !== null) {
      // A mark counts as ExcelJS counted it: when its text holds a cell reference ($A$1).
      if (/[$]\w+[$]\d+/.test(decodeText(this.raw))) this.tagNames.push(this.definedName);
      this.definedName = null;
      this.wantText = false;
    }
  }

  text(raw: string): void {
    this.raw += raw;
  }
}

// ---- the reader ------------------------------------------------------------------------------

export class PackageReader {
  /** Every sheet of the workbook part, in order (worksheets, chart sheets, dialog sheets). */
  readonly sheets: SheetInfo[];
  readonly date1904: boolean;
  /** The run number the next marks of this tool get (see exceljs-tags.ts). */
  readonly nextTagRun: number;
  private strings: string[] | null | undefined;
  /**
   * Read with the plain implementations only (START_TAG for every tag, sliced strings, rows grown
   * by push): the reference the fast paths are tested against. False for every real reading.
   */
  reference = false;
  /** Parts from this size are scanned with hand-read tags (HAND_READ_FROM_BYTES; tests set 0). */
  handReadFromBytes = HAND_READ_FROM_BYTES;

  private constructor(
    private readonly parts: Map<string, ZipEntry>,
    private readonly codec: ZipCodec,
    private readonly limits: ReadLimits,
    workbook: WorkbookHandler,
    private readonly rels: Map<string, Relationship>,
    private readonly styles: StylesHandler | null,
  ) {
    this.date1904 = workbook.date1904;
    this.nextTagRun = nextRunAfter(workbook.tagNames);
    this.sheets = workbook.sheets.map((s) => {
      const rel = s.rid !== undefined ? rels.get(s.rid) : undefined;
      const isWorksheet = rel !== undefined && relType(rel.type, 'worksheet') && rel.part !== null && this.find(rel.part) !== undefined;
      return { name: s.name, state: s.state, part: isWorksheet ? rel!.part : null };
    });
  }

  /**
   * Open a package: check its names and sizes, read its workbook part, relationships and
   * styles. Throws NotAnXlsxError (a Chinese message; ReadLimitError and PartNameError among
   * them) for anything it cannot or must not read.
   */
  static async open(bytes: Uint8Array, codec: ZipCodec, limits: ReadLimits): Promise<PackageReader> {
    const bad = sniffXlsx(bytes);
    if (bad) throw new NotAnXlsxError(bad);
    let entries: ZipEntry[];
    try {
      entries = readZip(bytes);
    } catch (e) {
      if (e instanceof UnsupportedPackageError) throw zipProblem(e);
      throw e;
    }
    checkSizes(entries, limits);
    const parts = indexParts(entries);
    const find = (name: string): ZipEntry | undefined => parts.get(partKey(name)) ?? lookupDecoded(parts, name);

    const rootRelsEntry = find('_rels/.rels');
    if (!rootRelsEntry) {
      const mimetype = parts.get('mimetype');
      if (mimetype && mimetype.method === 0 && new TextDecoder().decode(mimetype.raw).startsWith('application/vnd.oasis.opendocument.spreadsheet')) {
        throw new NotAnXlsxError('不是 .xlsx 文件（这是 OpenDocument 表格，请另存为 .xlsx）。');
      }
      throw new NotAnXlsxError('文件中没有任何工作表（不是 Excel 工作簿：缺少 _rels/.rels）。');
    }
    const rootRels = new RelsHandler();
    await streamPart(rootRelsEntry, codec, rootRels);
    const office = [...rootRels.rels.values()].find((r) => relType(r.type, 'officeDocument') && !r.external);
    if (!office) throw new NotAnXlsxError('文件中没有任何工作表（不是 Excel 工作簿：没有工作簿部件）。');
    const workbookPart = resolveTarget('', office.target);
    const workbookEntry = find(workbookPart);
    if (!workbookEntry) throw corrupt(`缺少工作簿部件 ${workbookPart}`);
    const workbook = new WorkbookHandler(limits);
    await streamPart(workbookEntry, codec, workbook);

    const rels = new Map<string, Relationship>();
    const relsEntry = find(relsPartOf(workbookEntry.name));
    if (relsEntry) {
      const handler = new RelsHandler();
      await streamPart(relsEntry, codec, handler);
      for (const [id, r] of handler.rels) rels.set(id, { type: r.type, part: r.external ? null : resolveTarget(workbookEntry.name, r.target) });
    }
    let styles: StylesHandler | null = null;
    const stylesRel = [...rels.values()].find((r) => relType(r.type, 'styles') && r.part !== null);
    const stylesEntry = stylesRel ? find(stylesRel.part!) : undefined;
    if (stylesEntry) {
      styles = new StylesHandler(limits);
      await streamPart(stylesEntry, codec, styles);
    }
    const reader = new PackageReader(parts, codec, limits, workbook, rels, styles);
    if (reader.worksheetNames().length === 0) throw new NotAnXlsxError('文件中没有任何工作表（可能不是 Excel 工作簿）。');
    return reader;
  }

  private find(name: string): ZipEntry | undefined {
    return this.parts.get(partKey(name)) ?? lookupDecoded(this.parts, name);
  }

  /** The uncompressed size of every worksheet part and of the shared strings: what a full model of the workbook reads. */
  sheetDataBytes(): number {
    let total = 0;
    for (const s of this.sheets) if (s.part !== null) total += this.find(s.part)?.size ?? 0;
    const rel = [...this.rels.values()].find((r) => relType(r.type, 'sharedStrings') && r.part !== null);
    return total + (rel ? this.find(rel.part!)?.size ?? 0 : 0);
  }

  /** The worksheets (what the user can choose as input), in order. */
  worksheetNames(): string[] {
    return this.sheets.filter((s) => s.part !== null).map((s) => s.name);
  }

  /** The first visible worksheet (the default input sheet), or the first one when all are hidden. */
  firstSheetName(): string | null {
    const worksheets = this.sheets.filter((s) => s.part !== null);
    return (worksheets.find((s) => s.state === 'visible') ?? worksheets[0])?.name ?? null;
  }

  /** One worksheet as a grid (A1 at cells[0][0]); MissingSheetError when there is none of that name. */
  async readSheet(name: string): Promise<SheetGrid> {
    const info = this.sheets.find((s) => s.part !== null && s.name === name);
    if (!info) throw new MissingSheetError(name, this.worksheetNames());
    const entry = this.find(info.part!)!;
    const handler = new SheetHandler(name, entry.name, await this.sharedStrings(), this.styles, this.date1904, this.limits, this.reference);
    await streamPart(entry, this.codec, handler, this.reference, this.handReadFromBytes);
    return handler.grid();
  }

  private async sharedStrings(): Promise<string[] | null> {
    if (this.strings !== undefined) return this.strings;
    const rel = [...this.rels.values()].find((r) => relType(r.type, 'sharedStrings') && r.part !== null);
    const entry = rel ? this.find(rel.part!) : undefined;
    if (!entry) return (this.strings = null);
    const handler = new SharedStringsHandler(this.limits);
    await streamPart(entry, this.codec, handler, this.reference, this.handReadFromBytes);
    return (this.strings = handler.values);
  }
}

function lookupDecoded(parts: Map<string, ZipEntry>, name: string): ZipEntry | undefined {
  const decoded = decodedTarget(name);
  return decoded === null ? undefined : parts.get(partKey(decoded));
}

/**
 * Before anything is inflated: the total size the package declares, and each large part's
 * compression ratio. Inflating then never goes past a part's declared size (streamPart).
 */
function checkSizes(entries: readonly ZipEntry[], limits: ReadLimits): void {
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.method === 0 && e.size !== e.compressedSize) throw corrupt(`部件 ${e.name} 的大小不一致`);
    if (e.size >= RATIO_FLOOR) {
      const ratio = e.size / Math.max(1, e.compressedSize);
      if (ratio > limits.maxRatio) {
        throw limitError(limits, 'ratio',
          `工作簿的部件 ${e.name} 解压后 ${grouped(e.size / MB)} MB，压缩比 ${grouped(ratio)}:1，超过上限 ${grouped(limits.maxRatio)}:1（正常的工作簿远低于此，这可能是"压缩炸弹"）。`,
          ratio + 1);
      }
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw limitError(limits, 'uncompressed',
      `工作簿解压后共 ${grouped(total / MB)} MB，超过上限 ${grouped(limits.maxUncompressedBytes / MB)} MB（可能是"压缩炸弹"）。`,
      total / MB + 1);
  }
}

/** Decode and scan one part as it inflates; never more than the size it declares. */
/**
 * Parts from this size (uncompressed) are scanned with the scanner's hand-read tags; smaller ones
 * with its regular expressions alone. Both give the same events (test/workbook/read-fast.test.ts);
 * the hand-read loops pay off only once V8 has compiled them, which a small part never waits for:
 * a 2.8 MB sheet of 10,000 rows read ~25 % slower that way in a fresh process, a 200 MB sheet of
 * 1,000,000 rows ~35 % faster.
 */
export const HAND_READ_FROM_BYTES = 8 * MB;

async function streamPart(entry: ZipEntry, codec: ZipCodec, handler: XmlHandler, reference = false, handReadFrom = HAND_READ_FROM_BYTES): Promise<void> {
  const scanner = new XmlScanner(handler, entry.name, reference || entry.size < handReadFrom);
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  const onChunk = (chunk: Uint8Array): void => {
    if (total === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      throw new NotAnXlsxError(`工作簿的部件 ${entry.name} 使用 UTF-16 编码，本工具不支持；${REPAIR}`);
    }
    total += chunk.length;
    if (total > entry.size) throw corrupt(`部件 ${entry.name} 解压后超过其声明的大小 ${grouped(entry.size)} 字节`);
    scanner.feed(decoder.decode(chunk, { stream: true }));
  };
  try {
    if (entry.method === 0) {
      for (let at = 0; at < entry.raw.length; at += MB) onChunk(entry.raw.subarray(at, at + MB));
    } else if (codec.inflateRawChunks) {
      await codec.inflateRawChunks(entry.raw, onChunk);
    } else {
      onChunk(codec.inflateRaw(entry.raw, entry.size));
    }
  } catch (e) {
    if (e instanceof NotAnXlsxError) throw e;
    throw corrupt(`部件 ${entry.name} 的压缩数据无法解压：${(e as Error)?.message ?? e}`);
  }
  if (total !== entry.size) throw corrupt(`部件 ${entry.name} 解压后的大小与声明不符`);
  scanner.feed(decoder.decode());
  scanner.end();
}

export { PartNameError };
