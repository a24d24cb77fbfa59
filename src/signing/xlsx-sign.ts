/**
 * Sign and verify .xlsx bytes (CLI and web page) with ExcelJS: read the covered sheets' values,
 * sign them (sign-core.ts), add the protected 签章 sheet, and back.
 *
 * The signed copy is the ORIGINAL package with the 签章 sheet inserted by the package writer
 * (workbook/xlsx-package/): every other part — charts, pivot tables, macros, defined names
 * holding constants or formulas, custom XML — stays byte for byte. When the package writer does
 * not handle the file (or the copy would change kind, e.g. an .xlsm written as .xlsx), the copy
 * is the ExcelJS re-save as before. The cells of the 签章 sheet are the same either way.
 * Works on bytes only (no fs), so it runs in Node and in the browser.
 */
import ExcelJS from 'exceljs';
import { coveredSheets, isSignatureSheetName, notCoveredSheets, SIGNATURE_SHEET, type SheetRole } from './canonical';
import { certInfo, importPrivateKeyPem, SigningError, type CertInfo } from './keys';
import { emptyReport, signSheets, verifySheets, type SignOutput, type VerifyReport } from './sign-core';
import type { Sm2Keys } from './sm2';
import { MACHINE_MARKER, parseSignatureRows, SIGNATURE_COLUMN_WIDTHS, signatureResultSheet, signatureSheetRows } from './signature-sheet';
import { extractSheet, isDate1904, signValueOf } from './xlsx-extract';
import { freshSheetName } from '../workbook/sheet-names';
import { withoutLibraryWarnings } from '../workbook/quiet-library';
import { XlsxPackage } from '../workbook/xlsx-package/package';
import { jsZipCodec } from '../workbook/xlsx-package/js-codec';
import type { ZipCodec } from '../workbook/xlsx-package/zip';

export async function loadXlsx(bytes: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings want a Node Buffer; in the browser it takes an ArrayBuffer.
    const data = typeof Buffer !== 'undefined' ? Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) : bytes;
    await withoutLibraryWarnings(() => wb.xlsx.load(data as unknown as ExcelJS.Buffer));
  } catch {
    throw new SigningError('文件无法作为 .xlsx 工作簿读取');
  }
  return wb;
}

export interface SignXlsxOptions {
  key: CryptoKey | string;
  cert: CertInfo | string;
  /** --sheets; default every sheet but 签章. */
  sheets?: string[];
  /** Leave out the sheets of these roles (the pane's 「不签输入表」: ['inputs']). */
  omitRoles?: SheetRole[];
  signerName?: string;
  now?: Date;
  /** File name stem used in the "how to verify" text. */
  baseName?: string;
  /** Optional SM2-SM3 second signature. */
  sm2?: Sm2Keys;
  /** Zip codec of the package writer; default pako-based (jsZipCodec), which runs anywhere. */
  codec?: ZipCodec;
  /**
   * The signed copy's extension. An input package of another kind (an .xlsm signed to .xlsx)
   * is re-saved through ExcelJS, since Excel refuses a macro package under an .xlsx name.
   */
  extension?: 'xlsx' | 'xlsm';
}

export interface SignXlsxResult extends SignOutput {
  xlsx: Uint8Array;
  signatureSheet: string;
  /** How the copy was written: the original package plus the 签章 sheet, or an ExcelJS re-save. */
  savedBy: 'package' | 'exceljs';
  /** Why the package writer was not used (diagnostics), when savedBy is 'exceljs'. */
  fallbackReason?: string;
}

export type SignXlsxOutcome = { ok: true; result: SignXlsxResult } | { ok: false; message: string };

/** The input as a package the writer handles, or the reason it is not. */
function openPackage(bytes: Uint8Array, codec: ZipCodec, extension: 'xlsx' | 'xlsm'): XlsxPackage | string {
  try {
    const pkg = XlsxPackage.open(bytes, codec);
    return pkg.kind === extension ? pkg : `a ${pkg.kind} package written as .${extension}`;
  } catch (e) {
    return (e as Error)?.message ?? String(e);
  }
}

export async function signXlsx(bytes: Uint8Array | ArrayBuffer, options: SignXlsxOptions): Promise<SignXlsxOutcome> {
  const input = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const wb = await loadXlsx(input);
  const names = wb.worksheets.map((w) => w.name);
  const extension = options.extension ?? 'xlsx';
  const pkg = openPackage(input, options.codec ?? jsZipCodec(), extension);
  const chosen = coveredSheets(names, options.sheets, { omitRoles: options.omitRoles });
  if (!chosen.ok) return { ok: false, message: chosen.message };
  const date1904 = isDate1904(wb);
  const key = typeof options.key === 'string' ? await importPrivateKeyPem(options.key) : options.key;
  const cert = typeof options.cert === 'string' ? await certInfo(options.cert) : options.cert;
  const signed = await signSheets({
    sheets: chosen.sheets.map((s) => ({ role: s.role, extracted: extractSheet(wb.getWorksheet(s.sheet)!, date1904) })),
    key,
    cert,
    signerName: options.signerName,
    date1904,
    now: options.now,
    sm2: options.sm2,
    notCovered: notCoveredSheets(names, chosen.sheets),
  });
  if (!signed.ok) return { ok: false, message: `不能签章：\n${signed.message}` };
  // Chart sheets and dialog sheets (which ExcelJS does not list) take names too.
  const sheetName = freshSheetName(SIGNATURE_SHEET, typeof pkg === 'string' ? names : [...names, ...pkg.sheetNames]);
  const rows = signatureSheetRows(signed.output.record, options.baseName);
  let fallbackReason = typeof pkg === 'string' ? pkg : '';
  if (typeof pkg !== 'string') {
    try {
      const xlsx = pkg.insertSheets([{ name: sheetName, sheet: signatureResultSheet(rows, sheetName) }], [], options.now ?? new Date());
      return { ok: true, result: { ...signed.output, xlsx, signatureSheet: sheetName, savedBy: 'package' } };
    } catch (e) {
      // fall back below: the ExcelJS re-save writes the same cells
      fallbackReason = (e as Error)?.message ?? String(e);
    }
  }
  if (extension === 'xlsm') return { ok: false, message: '无法在保留宏的前提下写出已签章的 .xlsm；请把输出文件名改为 .xlsx（副本将不含宏）。' };
  writeSignatureSheet(wb, sheetName, rows);
  const out = await wb.xlsx.writeBuffer();
  return { ok: true, result: { ...signed.output, xlsx: new Uint8Array(out as ArrayBuffer), signatureSheet: sheetName, savedBy: 'exceljs', fallbackReason } };
}

/** The ExcelJS fallback: the same cells as signatureResultSheet, on a re-saved workbook. */
function writeSignatureSheet(wb: ExcelJS.Workbook, name: string, rows: string[][]): void {
  const ws = wb.addWorksheet(name);
  ws.columns = SIGNATURE_COLUMN_WIDTHS.map((width) => ({ width }));
  rows.forEach((row, i) => {
    const r = ws.getRow(i + 1);
    row.forEach((text, j) => {
      const cell = r.getCell(j + 1);
      cell.value = text;
      cell.alignment = { wrapText: j === 1 && text.length < 2000, vertical: 'top' };
    });
  });
  ws.getCell('A1').font = { bold: true, size: 14 };
  const marker = rows.findIndex((r) => r[0] === MACHINE_MARKER);
  if (marker >= 0) ws.getCell(marker + 1, 1).font = { bold: true };
  for (let i = 2; i < marker; i++) ws.getCell(i, 1).font = { bold: true };
  void ws.protect('', { selectLockedCells: true, selectUnlockedCells: true });
}

function cellText(v: unknown): string {
  const s = signValueOf(v as never, false);
  if (s === null) return '';
  if (typeof s === 'object') return s.e;
  return String(s);
}

/** The last sheet named 签章 / 签章 (n) that holds machine-readable signing data. */
export function signatureRowsOf(wb: ExcelJS.Workbook): { sheet: string; rows: string[][] } | null {
  const candidates = wb.worksheets.filter((w) => isSignatureSheetName(w.name)).reverse();
  for (const ws of candidates) {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const vals: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        vals[c - 1] = cellText(cell.value);
      });
      rows[n - 1] = Array.from(vals, (v) => v ?? '');
    });
    const dense = Array.from(rows, (r) => r ?? []);
    if (dense.some((r) => r[0] === MACHINE_MARKER)) return { sheet: ws.name, rows: dense };
  }
  return null;
}

export interface VerifyXlsxOptions {
  payloadFile?: Uint8Array;
  trustPem?: string;
}

export async function verifyXlsx(bytes: Uint8Array | ArrayBuffer, options: VerifyXlsxOptions = {}): Promise<VerifyReport> {
  const wb = await loadXlsx(bytes);
  const found = signatureRowsOf(wb);
  if (!found) return emptyReport(['工作簿中没有签章工作表（未签章，或签章工作表被删除）']);
  const parsed = parseSignatureRows(found.rows);
  if (!parsed.ok) return emptyReport([`签章工作表「${found.sheet}」无法读取：${parsed.message}`]);
  // Dates are read back as serials in the date system recorded at signing (it is signed too).
  const date1904 = parsed.record.header.date1904;
  return verifySheets({
    record: parsed.record,
    current: (name) => {
      const ws = wb.getWorksheet(name);
      return ws && !isSignatureSheetName(name) ? extractSheet(ws, date1904) : null;
    },
    payloadFile: options.payloadFile,
    trustPem: options.trustPem,
    workbookSheets: wb.worksheets.map((w) => w.name),
    display: parsed.display,
    signatureSheet: found.sheet,
  });
}
