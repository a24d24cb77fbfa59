/**
 * The CLI's `--out`: the input file with the result sheets inserted at package level
 * (package.ts), falling back to the full ExcelJS save — exactly as before — for packages the
 * writer does not handle or if inserting fails for any reason.
 *
 *   const copy = preparePackageCopy(book, codec);   // after load, before the calculation
 *   …runCalculation(book, …)…                        // addSheets records the sheets
 *   const bytes = await saveCopy(book, copy);        // or saveCopyAsPieces: the same bytes in pieces
 */
import type { ResultSheet } from '../../sheets/result-sheet';
import { XlsxPackage } from './package';
import { joinParts, type ZipCodec } from './zip';

/**
 * What saveCopy needs of a workbook: the ExcelJS adapter (exceljs-workbook.ts) and the package
 * reader's workbook (package-workbook.ts) both are one.
 */
export interface CopyableWorkbook {
  readonly sourceBytes: Uint8Array | null;
  deferResultSheets(otherSheets: readonly string[]): void;
  readonly deferredSheets: ReadonlyArray<{ name: string; sheet: ResultSheet }>;
  readonly deferredSheetMarks: ReadonlyArray<{ name: string; ref: string }>;
  /** The fallback: the whole workbook saved another way (ExcelJS). */
  save(): Promise<Uint8Array>;
}

/** Inputs of at least this size (1 MB: some thousands of rows) have the deflate worker started early. */
const PREPARE_DEFLATE_BYTES = 1 << 20;

/** How the last saveCopy wrote its bytes, and why it fell back (for tests and diagnostics). */
export let lastSaveMethod: 'package' | 'exceljs' | null = null;
export let lastFallbackReason: string | null = null;

/** Open the book's original bytes as a package and defer its result sheets; null if unsupported. */
export function preparePackageCopy(book: Pick<CopyableWorkbook, 'sourceBytes' | 'deferResultSheets'>, codec: ZipCodec): XlsxPackage | null {
  lastFallbackReason = null;
  const bytes = book.sourceBytes;
  if (!bytes) return null;
  try {
    const pkg = XlsxPackage.open(bytes, codec);
    book.deferResultSheets(pkg.sheetNames);
    // A large input makes large result sheets: the codec readies its async deflate (the worker
    // thread) now, on the other core while the calculation runs, rather than when the save starts.
    if (bytes.byteLength >= PREPARE_DEFLATE_BYTES) codec.prepareDeflate?.();
    return pkg;
  } catch (e) {
    lastFallbackReason = (e as Error)?.message ?? String(e);
    return null;
  }
}

/** A macro-enabled copy (.xlsm) that cannot be written at package level (exit status 2). */
export class MacroCopyError extends Error {
  readonly exitCode = 2;
  constructor() {
    super('无法在保留宏的前提下写出 .xlsm 副本；请把输出文件名改为 .xlsx（副本将不含宏）。');
    this.name = 'MacroCopyError';
  }
}

/**
 * The copy's bytes: package-level insertion when possible, else the ExcelJS full save.
 * `extension` is the output file's: the package is copied only when it is of that kind — an
 * .xlsm (macros) copied under an .xlsx name would not open in Excel, so an .xlsm input written
 * to .xlsx goes through ExcelJS as before (macros dropped), and an .xlsm output that cannot be
 * written at package level is a MacroCopyError rather than a file Excel refuses.
 */
export async function saveCopy(book: CopyableWorkbook, pkg: XlsxPackage | null, extension: 'xlsx' | 'xlsm' = 'xlsx'): Promise<Uint8Array> {
  return (await saveCopyReporting(book, pkg, extension)).bytes;
}

/**
 * saveCopy, also saying how it wrote the bytes ('package' or the 'exceljs' fallback) — for a
 * caller that tells the user (the web page), without reading lastSaveMethod after an await.
 */
export async function saveCopyReporting(book: CopyableWorkbook, pkg: XlsxPackage | null, extension: 'xlsx' | 'xlsm' = 'xlsx'): Promise<{ bytes: Uint8Array; method: 'package' | 'exceljs' }> {
  const { pieces, method } = await saveCopyAsPieces(book, pkg, extension);
  return { bytes: joinParts(pieces), method };
}

/**
 * saveCopyReporting with the copy as consecutive pieces (zip.ts zipPieces), not joined: the file
 * is their concatenation. For a caller that writes them to a file (cli/io.ts writeOutputFile) —
 * a large copy is then never one more buffer of its whole size.
 */
export async function saveCopyAsPieces(book: CopyableWorkbook, pkg: XlsxPackage | null, extension: 'xlsx' | 'xlsm' = 'xlsx'): Promise<{ pieces: Uint8Array[]; method: 'package' | 'exceljs' }> {
  lastFallbackReason = pkg ? null : (lastFallbackReason ?? 'no input package');
  if (pkg && pkg.kind !== extension) {
    lastFallbackReason = `a ${pkg.kind} package written as .${extension}`;
    pkg = null;
  }
  if (pkg && book.deferredSheets.length > 0) {
    try {
      const pieces = await pkg.insertSheetsAsPieces(book.deferredSheets, book.deferredSheetMarks);
      lastSaveMethod = 'package';
      return { pieces, method: 'package' };
    } catch (e) {
      // fall back below: the ExcelJS save writes the same sheets into a re-saved workbook
      lastFallbackReason = (e as Error)?.message ?? String(e);
    }
  }
  if (extension === 'xlsm') throw new MacroCopyError();
  lastSaveMethod = 'exceljs';
  return { pieces: [await book.save()], method: 'exceljs' };
}
