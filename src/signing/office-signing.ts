/// <reference types="office-js" />
/**
 * Signing inside Excel (task pane) through Office.js: read each sheet's used range (values,
 * valueTypes, formulas) into the same grid as the .xlsx path (office-extract.ts), write the 签章
 * sheet (every cell formatted as text "@" first, so digests and base64 stay text), protect it.
 * The `Excel` namespace is injected (tests pass a fake).
 *
 * Reading: the sizes of all used ranges first; small sheets are then read together while their
 * cells stay under READ_BATCH_CELLS, a larger sheet in row chunks of about READ_BATCH_CELLS cells
 * (halved on a payload-size refusal) — Excel on the web refuses a response over 5 MB, and values,
 * value types and formulas of every sheet in one sync passed that for a few thousand rows. A batch
 * of small sheets refused as too large is read again sheet by sheet in such chunks. Every
 * batch runs with `delayForCellEdit`, so a cell being edited is finished first, not an error.
 */
import { coveredSheets, isSignatureSheetName, notCoveredSheets, SIGNATURE_SHEET, type SheetRole } from './canonical';
import { extractOfficeSheet, type OfficeRangeData } from './office-extract';
import { emptyReport, signSheets, verifySheets, type SignOutput, type VerifyReport } from './sign-core';
import { parseSignatureRows, signatureSheetRows } from './signature-sheet';
import type { CertInfo } from './keys';
import type { ExtractedSheet } from './xlsx-extract';
import { isPayloadError } from '../workbook/office-workbook';
import { freshSheetName } from '../workbook/sheet-names';
import { columnLetters } from '../sheets/grid';

export interface ExcelSigningRunner {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}

/** The real Office.js runner (global Excel); waits for a cell edit in progress to finish. */
export function officeRunner(): ExcelSigningRunner {
  return { run: (batch) => Excel.run({ delayForCellEdit: true }, batch) };
}

/**
 * Cells read in one sync (values + value types + formulas): about 3 MB of response for typical
 * cells, under the 5 MB limit of Excel on the web; a refusal halves the chunk.
 */
export const READ_BATCH_CELLS = 60_000;

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

/** Read the named sheets (default: all) of the open workbook, in batches under the response limit. */
export async function readOfficeWorkbook(runner: ExcelSigningRunner, only?: string[], batchCells = READ_BATCH_CELLS): Promise<OfficeWorkbookData> {
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
    // Sizes first: nothing large is asked for before its size is known.
    const used = wanted.map((n) => {
      const ws = sheets.getItem(n);
      const r = ws.getUsedRangeOrNullObject(true);
      r.load(['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
      return { name: n, ws, range: r };
    });
    await context.sync();
    const data = new Map<string, OfficeRangeData>();
    // Small sheets together, in batches of at most batchCells cells.
    let batch: typeof used = [];
    let batchSize = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const sheetsOf = batch;
      batch = [];
      batchSize = 0;
      for (const u of sheetsOf) u.range.load(['values', 'valueTypes', 'formulas']);
      try {
        await context.sync();
      } catch (e) {
        // Over the response limit together (long texts): each sheet of the batch on its own, in
        // row chunks halved on a refusal. A sheet of unknown size cannot be chunked: the error stands.
        if (!isPayloadError(e) || sheetsOf.some((u) => typeof u.range.rowCount !== 'number' || typeof u.range.columnCount !== 'number')) throw e;
        for (const u of sheetsOf) data.set(u.name, await readInChunks(context, u.ws, u.range, batchCells));
        return;
      }
      for (const u of sheetsOf) {
        data.set(u.name, { values: u.range.values, valueTypes: u.range.valueTypes as unknown as string[][], formulas: u.range.formulas, origin: originOf(u.range.address) });
      }
    };
    for (const u of used) {
      if (u.range.isNullObject) {
        data.set(u.name, { values: [] });
        continue;
      }
      const rows = u.range.rowCount;
      const cols = u.range.columnCount;
      // A runner that does not report the size (a minimal stand-in) is read in one piece.
      const cells = typeof rows === 'number' && typeof cols === 'number' ? rows * cols : 0;
      if (cells <= batchCells) {
        if (batchSize + cells > batchCells) await flush();
        batch.push(u);
        batchSize += cells;
        continue;
      }
      await flush();
      data.set(u.name, await readInChunks(context, u.ws, u.range, batchCells));
    }
    await flush();
    return { names, date1904, sheets: data };
  });
}

/** One large used range in row chunks of about `batchCells` cells, halved on a payload refusal. */
async function readInChunks(context: Excel.RequestContext, ws: Excel.Worksheet, used: Excel.Range, batchCells: number): Promise<OfficeRangeData> {
  const rows = used.rowCount;
  const cols = used.columnCount;
  const values: unknown[][] = [];
  const valueTypes: string[][] = [];
  const formulas: unknown[][] = [];
  let chunk = Math.max(1, Math.floor(batchCells / cols));
  let r = 0;
  while (r < rows) {
    const n = Math.min(chunk, rows - r);
    const range = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, n, cols);
    range.load(['values', 'valueTypes', 'formulas']);
    try {
      await context.sync();
    } catch (e) {
      if (!isPayloadError(e) || n === 1) throw e;
      chunk = Math.max(1, Math.floor(n / 2));
      continue;
    }
    for (const row of range.values) values.push(row);
    for (const row of range.valueTypes as unknown as string[][]) valueTypes.push(row);
    for (const row of range.formulas) formulas.push(row);
    r += n;
  }
  return { values, valueTypes, formulas, origin: { row: used.rowIndex, col: used.columnIndex } };
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
