/// <reference types="office-js" />
/**
 * Signing inside Excel (task pane) through Office.js: read each sheet's used range (values,
 * valueTypes, formulas) into the same grid as the .xlsx path (office-extract.ts), write the 签章
 * sheet (every cell formatted as text "@" first, so digests and base64 stay text), protect it.
 * The `Excel` namespace is injected (tests pass a fake).
 */
import { coveredSheets, isSignatureSheetName, notCoveredSheets, SIGNATURE_SHEET, type SheetRole } from './canonical';
import { extractOfficeSheet, type OfficeRangeData } from './office-extract';
import { emptyReport, signSheets, verifySheets, type SignOutput, type VerifyReport } from './sign-core';
import { parseSignatureRows, signatureSheetRows } from './signature-sheet';
import type { CertInfo } from './keys';
import type { ExtractedSheet } from './xlsx-extract';
import { freshSheetName } from '../workbook/sheet-names';
import { columnLetters } from '../sheets/grid';

export interface ExcelSigningRunner {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** The real Office.js runner (global Excel). */
export function officeRunner(): ExcelSigningRunner {
  return { run: (batch) => Excel.run(batch) };
}

export interface OfficeWorkbookData {
  names: string[];
  date1904: boolean;
  sheets: Map<string, OfficeRangeData>;
}

/** Zero-based row/column of an A1 address like "Sheet1!B3:D9" (top-left). */
export function originOf(address: string): { row: number; col: number } {
  const ref = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const m = /^\$?([A-Z]+)\$?(\d+)/.exec(ref.replace(/'/g, ''));
  if (!m) return { row: 0, col: 0 };
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** Read the named sheets (default: all) of the open workbook. */
export async function readOfficeWorkbook(runner: ExcelSigningRunner, only?: string[]): Promise<OfficeWorkbookData> {
  return runner.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    let date1904 = false;
    const wb = context.workbook as unknown as { load?: (p: string) => void; use1904DateSystem?: boolean };
    try {
      wb.load?.('use1904DateSystem');
      await context.sync();
      date1904 = Boolean(wb.use1904DateSystem);
    } catch {
      // ExcelApi < 1.16: assume the 1900 date system
      sheets.load('items/name');
      await context.sync();
    }
    const names = sheets.items.map((s) => s.name);
    const wanted = names.filter((n) => !only || only.includes(n));
    const ranges = wanted.map((n) => {
      const r = sheets.getItem(n).getUsedRangeOrNullObject(true);
      r.load(['address', 'values', 'valueTypes', 'formulas']);
      return r;
    });
    await context.sync();
    const data = new Map<string, OfficeRangeData>();
    wanted.forEach((n, i) => {
      const r = ranges[i];
      if (r.isNullObject) data.set(n, { values: [] });
      else {
        data.set(n, {
          values: r.values,
          valueTypes: r.valueTypes as unknown as string[][],
          formulas: r.formulas,
          origin: originOf(r.address),
        });
      }
    });
    return { names, date1904, sheets: data };
  });
}

function textRows(data: OfficeRangeData | undefined): string[][] {
  if (!data) return [];
  const rows: string[][] = [];
  const { row: r0, col: c0 } = data.origin ?? { row: 0, col: 0 };
  data.values.forEach((row, i) => {
    rows[r0 + i] = [];
    row.forEach((v, j) => {
      rows[r0 + i][c0 + j] = v === null || v === undefined ? '' : String(v);
    });
  });
  return Array.from(rows, (r) => Array.from(r ?? [], (v) => v ?? ''));
}

/** Write the 签章 sheet: all cells text, then the values; protect it. */
export async function writeOfficeSignatureSheet(runner: ExcelSigningRunner, name: string, rows: string[][]): Promise<void> {
  const width = Math.max(...rows.map((r) => r.length), 1);
  const values = rows.map((r) => Array.from({ length: width }, (_, j) => r[j] ?? ''));
  await runner.run(async (context) => {
    const ws = context.workbook.worksheets.add(name);
    const last = columnLetters(width - 1);
    const range = ws.getRange(`A1:${last}${values.length}`);
    range.numberFormat = values.map((r) => r.map(() => '@'));
    range.values = values;
    range.format.verticalAlignment = 'Top';
    ws.getRange('A:A').format.columnWidth = 130;
    ws.getRange('B:B').format.columnWidth = 520;
    ws.getRange('A1').format.font.bold = true;
    ws.protection.protect();
    await context.sync();
  });
}

export interface OfficeSignResult extends SignOutput {
  signatureSheet: string;
}

/** Sign the open workbook: read, sign, write the 签章 sheet. */
export async function signOpenWorkbook(
  runner: ExcelSigningRunner,
  options: { key: CryptoKey; cert: CertInfo; sheets?: string[]; omitRoles?: SheetRole[]; signerName?: string; baseName?: string; now?: Date },
): Promise<{ ok: true; result: OfficeSignResult } | { ok: false; message: string }> {
  const book = await readOfficeWorkbook(runner);
  const chosen = coveredSheets(book.names, options.sheets, { omitRoles: options.omitRoles });
  if (!chosen.ok) return { ok: false, message: chosen.message };
  const signed = await signSheets({
    sheets: chosen.sheets.map((s) => ({ role: s.role, extracted: extractOfficeSheet(s.sheet, book.sheets.get(s.sheet) ?? { values: [] }) })),
    key: options.key,
    cert: options.cert,
    signerName: options.signerName,
    date1904: book.date1904,
    now: options.now,
    notCovered: notCoveredSheets(book.names, chosen.sheets),
  });
  if (!signed.ok) return { ok: false, message: `不能签章：\n${signed.message}` };
  const name = freshSheetName(SIGNATURE_SHEET, book.names);
  await writeOfficeSignatureSheet(runner, name, signatureSheetRows(signed.output.record, options.baseName));
  return { ok: true, result: { ...signed.output, signatureSheet: name } };
}

/** Verify the open workbook against its (last) 签章 sheet. */
export async function verifyOpenWorkbook(
  runner: ExcelSigningRunner,
  options: { payloadFile?: Uint8Array; trustPem?: string } = {},
): Promise<VerifyReport> {
  const book = await readOfficeWorkbook(runner);
  const sigSheets = book.names.filter(isSignatureSheetName).reverse();
  for (const s of sigSheets) {
    const parsed = parseSignatureRows(textRows(book.sheets.get(s)));
    if (!parsed.ok) continue;
    const cache = new Map<string, ExtractedSheet>();
    return verifySheets({
      record: parsed.record,
      current: (name) => {
        const data = book.sheets.get(name);
        if (!data || isSignatureSheetName(name)) return null;
        if (!cache.has(name)) cache.set(name, extractOfficeSheet(name, data));
        return cache.get(name)!;
      },
      payloadFile: options.payloadFile,
      trustPem: options.trustPem,
      workbookSheets: book.names,
      display: parsed.display,
      signatureSheet: s,
    });
  }
  return emptyReport(['工作簿中没有签章工作表（未签章，或签章工作表被删除）']);
}
