/**
 * The ExcelJS adapter of the workbook port: an .xlsx held in memory. Used by the CLI (Node) and
 * by the web page (browser), so it never touches the file system — load from bytes, save to
 * bytes; reading and writing files is the caller's business.
 */
import { withoutLibraryWarnings } from './quiet-library';
import { Workbook } from 'exceljs';
import type { SheetGrid } from '../sheets/grid';
import type { ResultSheet } from '../sheets/result-sheet';
import type { ResultTag, WorkbookPort } from './port';
import { freshSheetName } from './sheet-names';
import { gridFromWorksheet, isDate1904 } from './exceljs-read';
import { checkSheetSize, writeResultSheet } from './exceljs-write';
import { addTags, readTags, tagNames, type TaggedSheet } from './exceljs-tags';
import { MissingSheetError, NotAnXlsxError, sniffXlsx } from './load-errors';

// Where they were first defined; the package reader (xlsx-package/read-grid.ts) throws them too.
export { MissingSheetError, NotAnXlsxError };

export type Bytes = ArrayBuffer | Uint8Array;

const SAVE_OPTIONS = {
  useSharedStrings: false,
  zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } },
} as unknown as Parameters<Workbook['xlsx']['writeBuffer']>[0];

/** A result sheet added while deferred (see ExcelJsWorkbook.deferResultSheets). */
export interface DeferredSheet {
  name: string;
  sheet: ResultSheet;
}

export class ExcelJsWorkbook implements WorkbookPort {
  /** The bytes the workbook was loaded from (null for a workbook created in memory). */
  private source: Uint8Array | null = null;
  /** Sheet names ExcelJS does not list (chart sheets …) that new names must avoid, while deferred. */
  private deferral: { otherSheets: string[] } | null = null;
  private deferred: DeferredSheet[] = [];
  private deferredMarks: Array<{ name: string; ref: string }> = [];

  constructor(readonly workbook: Workbook) {}

  /** A new workbook with no sheets (templates, tests). */
  static create(): ExcelJsWorkbook {
    const wb = new Workbook();
    wb.creator = 'wzpolicy';
    return new ExcelJsWorkbook(wb);
  }

  /**
   * A new workbook holding one input template sheet. The sheet is deliberately NOT marked as
   * created by this tool: once an officer fills it in, it is their data.
   */
  static template(sheet: ResultSheet): ExcelJsWorkbook {
    const book = ExcelJsWorkbook.create();
    writeResultSheet(book.workbook.addWorksheet(freshSheetName(sheet.name, [])), sheet);
    return book;
  }

  /** Load an .xlsx from bytes; throws NotAnXlsxError (Chinese message) when it is not one. */
  static async load(data: Bytes): Promise<ExcelJsWorkbook> {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    const bad = sniffXlsx(bytes);
    if (bad) throw new NotAnXlsxError(bad);
    const wb = new Workbook();
    try {
      // ExcelJS accepts a Node Buffer or an ArrayBuffer; hand it a tight ArrayBuffer copy when the
      // view does not span its whole buffer.
      const input = isNodeBuffer(bytes)
        ? bytes
        : bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? bytes.buffer
          : bytes.slice().buffer;
      await withoutLibraryWarnings(() => wb.xlsx.load(input as ArrayBuffer));
    } catch (e) {
      throw new NotAnXlsxError('无法读取该 .xlsx 文件（可能已损坏，或含有本工具不支持的内容）；请在 Excel 中打开并另存为 .xlsx 后重试。', (e as Error)?.message);
    }
    if (wb.worksheets.length === 0) throw new NotAnXlsxError('文件中没有任何工作表（可能不是 Excel 工作簿）。');
    const book = new ExcelJsWorkbook(wb);
    book.source = bytes;
    return book;
  }

  /** The .xlsx bytes this workbook was loaded from, or null. */
  get sourceBytes(): Uint8Array | null {
    return this.source;
  }

  /**
   * Keep result sheets added from now on out of the ExcelJS model: their names, marks and
   * contents are recorded (deferredSheets, deferredMarks) so the package writer can insert them
   * into the original file (xlsx-package/). `otherSheets` are sheet names of the package that
   * ExcelJS does not list (chart sheets) and that new names must avoid too. save() and
   * flushDeferred() write them into the ExcelJS model as addSheets otherwise would.
   */
  deferResultSheets(otherSheets: readonly string[] = []): void {
    this.deferral = { otherSheets: [...otherSheets] };
  }

  /** Result sheets added while deferred and not yet written into the ExcelJS model. */
  get deferredSheets(): readonly DeferredSheet[] {
    return this.deferred;
  }

  /** The marks (defined names) of the deferred sheets, as the package writer appends them. */
  get deferredSheetMarks(): ReadonlyArray<{ name: string; ref: string }> {
    return this.deferredMarks;
  }

  /** Write the deferred sheets into the ExcelJS model and stop deferring. */
  flushDeferred(): void {
    const pending = this.deferred;
    this.deferred = [];
    this.deferredMarks = [];
    this.deferral = null;
    for (const { name, sheet } of pending) writeResultSheet(this.workbook.addWorksheet(name), sheet);
  }

  /**
   * The workbook as .xlsx bytes. Strings are written inline (no shared-string table) and the zip
   * uses fast compression: both are standard .xlsx that Excel, WPS and LibreOffice read, and
   * together they roughly halve the time ExcelJS takes to save a 10,000-row result.
   */
  async save(): Promise<Uint8Array> {
    this.flushDeferred();
    const out = await withoutLibraryWarnings(() => this.workbook.xlsx.writeBuffer(SAVE_OPTIONS));
    return out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBuffer);
  }

  async sheetNames(): Promise<string[]> {
    return [...this.workbook.worksheets.map((ws) => ws.name), ...this.deferred.map((d) => d.name)];
  }

  /** The first visible worksheet (the default input sheet), or the first one when all are hidden. */
  firstSheetName(): string | null {
    const sheets = this.workbook.worksheets;
    const visible = sheets.find((ws) => ws.state === undefined || ws.state === 'visible');
    return (visible ?? sheets[0])?.name ?? null;
  }

  async readSheet(name: string): Promise<SheetGrid> {
    const ws = this.workbook.getWorksheet(name);
    if (!ws) throw new MissingSheetError(name, await this.sheetNames());
    return gridFromWorksheet(ws, isDate1904(this.workbook));
  }

  async addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]> {
    if (this.deferral) return this.addDeferred(sheets, tag, this.deferral.otherSheets);
    const created: number[] = [];
    const names: string[] = [];
    let undoTags: (() => void) | null = null;
    try {
      for (const sheet of sheets) {
        const name = freshSheetName(sheet.name, [...(await this.sheetNames())]);
        const ws = this.workbook.addWorksheet(name);
        created.push(ws.id);
        names.push(ws.name);
        writeResultSheet(ws, sheet);
      }
      undoTags = addTags(this.workbook, names, tag);
      return names;
    } catch (e) {
      undoTags?.();
      for (const id of created) this.workbook.removeWorksheet(id);
      throw e;
    }
  }

  /** addSheets while deferred: names and marks now, contents when saved. */
  private async addDeferred(sheets: ResultSheet[], tag: ResultTag, otherSheets: readonly string[]): Promise<string[]> {
    const names: string[] = [];
    const taken = [...(await this.sheetNames()), ...otherSheets];
    for (const sheet of sheets) {
      checkSheetSize(sheet);
      const name = freshSheetName(sheet.name, [...taken, ...names]);
      names.push(name);
    }
    const marks = tagNames(this.workbook, names, tag, Boolean(tag.sourceSheet && this.workbook.getWorksheet(tag.sourceSheet)));
    addTags(this.workbook, names, tag);
    this.deferred.push(...names.map((name, i) => ({ name, sheet: sheets[i] })));
    this.deferredMarks.push(...marks);
    return names;
  }

  /** Sheets marked as created by this tool (see exceljs-tags.ts). */
  createdSheets(): TaggedSheet[] {
    const existing = new Set([...this.workbook.worksheets.map((ws) => ws.name), ...this.deferred.map((d) => d.name)]);
    return readTags(this.workbook).filter((t) => existing.has(t.sheet));
  }
}

function isNodeBuffer(bytes: Uint8Array): boolean {
  const B = (globalThis as { Buffer?: { isBuffer(x: unknown): boolean } }).Buffer;
  return Boolean(B && B.isBuffer(bytes));
}

