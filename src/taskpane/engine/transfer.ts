/**
 * Result sheets across the worker boundary: structured clone keeps plain data but not a Decimal's
 * prototype, so each exact number travels as its decimal string (Decimal#toString, which
 * new Decimal() reads back to the same value) and is made a Decimal again on the pane's side.
 * Rows go in slices (ROWS_PER_MESSAGE), each decoded when it arrives, so that no single step on
 * the pane's thread handles a whole 10,000-row result.
 */
import { Decimal } from '../../exact/decimal';
import type { ResultCell, ResultSheet } from '../../sheets/result-sheet';

export const ROWS_PER_MESSAGE = 1_000;

const DECIMAL = '$decimal';

/** A plain object to walk (not a Date, whichever realm made it: a structured clone may be another's). */
const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Object]';

/** Any value with its Decimals as { $decimal: text } (for the sheet's fields other than rows). */
export function encodeDeep(v: unknown): unknown {
  if (Decimal.isDecimal(v)) return { [DECIMAL]: (v as Decimal).toString() };
  if (Array.isArray(v)) return v.map(encodeDeep);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encodeDeep(x);
    return out;
  }
  return v;
}

export function decodeDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeDeep);
  if (isRecord(v)) {
    const o = v;
    if (typeof o[DECIMAL] === 'string' && Object.keys(o).length === 1) return new Decimal(o[DECIMAL] as string);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = decodeDeep(x);
    return out;
  }
  return v;
}

/** Rows with each number cell's value as its decimal string. */
export function encodeRows(rows: readonly ResultCell[][]): unknown[][] {
  return rows.map((row) => row.map((c) => (c.kind === 'number' ? { kind: 'number', value: c.value.toString(), format: c.format } : c)));
}

export function decodeRows(rows: readonly unknown[][]): ResultCell[][] {
  return rows.map((row) => row.map((c) => {
    const cell = c as ResultCell | { kind: 'number'; value: string; format: string };
    return cell.kind === 'number' && typeof cell.value === 'string' ? { kind: 'number', value: new Decimal(cell.value), format: cell.format } : (cell as ResultCell);
  }));
}

/** A sheet without its rows, encoded. */
export function sheetMeta(sheet: ResultSheet): unknown {
  const { rows: _rows, ...rest } = sheet;
  return encodeDeep(rest);
}

export function sheetFromMeta(meta: unknown): ResultSheet {
  return { ...(decodeDeep(meta) as Omit<ResultSheet, 'rows'>), rows: [] };
}
