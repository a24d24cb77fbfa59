/**
 * The workbook port over an uploaded or opened .xlsx, read by our own reader
 * (xlsx-package/read-grid.ts) and written by the package writer (xlsx-package/package.ts):
 * the CLI's calculation commands and the web page use it instead of the ExcelJS adapter.
 *
 * Result sheets are always deferred: addSheets chooses their names and marks (exactly as the
 * ExcelJS adapter did while deferred) and keeps their contents for the package writer, which
 * inserts them into the original bytes. Only when that is impossible does save() load ExcelJS —
 * lazily, so a run that never falls back never loads it — and re-save the workbook as before.
 */
import type { SheetGrid } from '../sheets/grid';
import { sheetRows, type ResultSheet } from '../sheets/result-sheet';
import type { ResultTag, WorkbookPort } from './port';
import { freshSheetName } from './sheet-names';
import { checkSheetSize } from './exceljs-write';
import { marksForRun } from './exceljs-tags';
import { MissingSheetError, NotAnXlsxError } from './load-errors';
import { PackageReader, type SheetState } from './xlsx-package/read-grid';
import { DEFAULT_READ_LIMITS, grouped, limitError, type ReadLimits } from './xlsx-package/limits';

/**
 * The ExcelJS fallback save holds the whole workbook as its object model: allowed up to this many
 * cells (or --max-cells when raised above it), about 1 GB. Input cells are estimated from the
 * size of the sheet XML (a cell takes at least ~20 bytes of it), result cells counted.
 */
const FALLBACK_CELLS = 1_000_000;
const BYTES_PER_CELL = 20;
import { readZip, type ZipCodec } from './xlsx-package/zip';

/** The fallback save could not read the workbook (exit status 2: the file, not this program). */
export class FallbackSaveError extends NotAnXlsxError {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'FallbackSaveError';
  }
}

export interface DeferredResultSheet {
  name: string;
  sheet: ResultSheet;
}

export class PackageWorkbook implements WorkbookPort {
  private readonly deferred: DeferredResultSheet[] = [];
  private readonly marks: Array<{ name: string; ref: string }> = [];
  /** The addSheets calls, for the ExcelJS fallback to repeat. */
  private readonly runs: Array<{ sheets: ResultSheet[]; tag: ResultTag }> = [];
  private nextRun: number;

  private constructor(
    private readonly reader: PackageReader,
    private readonly bytes: Uint8Array,
    private readonly codec: ZipCodec,
    private readonly limits: ReadLimits,
  ) {
    this.nextRun = reader.nextTagRun;
  }

  /** Open an .xlsx from bytes; NotAnXlsxError (Chinese message) when it cannot or must not be read. */
  static async open(bytes: Uint8Array, codec: ZipCodec, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<PackageWorkbook> {
    return new PackageWorkbook(await PackageReader.open(bytes, codec, limits), bytes, codec, limits);
  }

  /** The bytes the workbook was opened from (the package writer copies every part from them). */
  get sourceBytes(): Uint8Array {
    return this.bytes;
  }

  get date1904(): boolean {
    return this.reader.date1904;
  }

  /**
   * For preparePackageCopy (save-copy.ts): result sheets are always deferred here, and their
   * names already avoid every sheet of the package, chart sheets included.
   */
  deferResultSheets(): void {
    // always deferred
  }

  get deferredSheets(): readonly DeferredResultSheet[] {
    return this.deferred;
  }

  get deferredSheetMarks(): ReadonlyArray<{ name: string; ref: string }> {
    return this.marks;
  }

  async sheetNames(): Promise<string[]> {
    return [...this.reader.worksheetNames(), ...this.deferred.map((d) => d.name)];
  }

  /** The first visible worksheet (the default input sheet), or the first one when all are hidden. */
  firstSheetName(): string | null {
    return this.reader.firstSheetName();
  }

  /** A worksheet's visibility, or null when there is no worksheet of that name. */
  sheetState(name: string): SheetState | null {
    return this.reader.sheets.find((s) => s.part !== null && s.name === name)?.state ?? null;
  }

  async readSheet(name: string): Promise<SheetGrid> {
    if (!this.reader.worksheetNames().includes(name)) throw new MissingSheetError(name, await this.sheetNames());
    return this.reader.readSheet(name);
  }

  async addSheets(sheets: ResultSheet[], tag: ResultTag): Promise<string[]> {
    const taken = [...(await this.sheetNames()), ...this.reader.sheets.map((s) => s.name)];
    const names: string[] = [];
    for (const sheet of sheets) {
      checkSheetSize(sheet);
      names.push(freshSheetName(sheet.name, [...taken, ...names]));
    }
    const sourceExists = Boolean(tag.sourceSheet && this.reader.worksheetNames().includes(tag.sourceSheet));
    this.marks.push(...marksForRun(this.nextRun++, names, tag, sourceExists));
    this.deferred.push(...names.map((name, i) => ({ name, sheet: sheets[i] })));
    this.runs.push({ sheets, tag });
    return names;
  }

  /**
   * The fallback save (save-copy.ts calls it when the package writer cannot insert the sheets):
   * the original bytes loaded into ExcelJS, the same addSheets calls repeated, the whole
   * workbook re-saved — what the CLI always did before. Every part is first checked to inflate
   * within its declared size, since ExcelJS inflates them all; and the whole workbook must be
   * small enough for ExcelJS's model (about 1 KB per cell: 400,000 relief rows took 4 GB).
   */
  async save(): Promise<Uint8Array> {
    const budget = Math.max(FALLBACK_CELLS, this.limits.maxCells);
    let estimate = this.reader.sheetDataBytes() / BYTES_PER_CELL;
    for (const { sheet } of this.deferred) estimate += sheetRows(sheet).length * sheet.columns.length;
    if (estimate > budget) {
      throw limitError(this.limits, 'cells',
        `无法写出结果副本：该工作簿无法按原样插入结果表，改用完整重存需要读入整个工作簿（约 ${grouped(estimate)} 个单元格），超过上限 ${grouped(budget)} 个；请在 Excel 中打开并另存为 .xlsx 后重试。`,
        estimate * 1.1);
    }
    const refuse = (why: string): FallbackSaveError =>
      new FallbackSaveError(`无法写出结果副本：该工作簿无法按原样插入结果表，而改用完整重存时${why}；请在 Excel 中打开并另存为 .xlsx 后重试。`);
    for (const e of readZip(this.bytes)) {
      let size: number;
      try {
        size = e.method === 0 ? e.raw.byteLength : this.codec.inflateRaw(e.raw, e.size).byteLength;
      } catch {
        throw refuse(`部件 ${e.name} 无法解压`);
      }
      if (size !== e.size) throw refuse(`发现部件 ${e.name} 解压后的大小与声明不符（文件可能已损坏或被篡改）`);
    }
    const { ExcelJsWorkbook } = await import(/* webpackChunkName: "exceljs" */ './exceljs-workbook');
    let book;
    try {
      book = await ExcelJsWorkbook.load(this.bytes);
    } catch (e) {
      throw refuse(`无法读取它（${(e as Error)?.message ?? e}）`);
    }
    book.deferResultSheets(this.reader.sheets.map((s) => s.name));
    for (const run of this.runs) await book.addSheets(run.sheets, run.tag);
    return book.save();
  }
}
