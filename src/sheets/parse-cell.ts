/**
 * Reading cell values the way officers type them (docs/rules.md §1.8): numbers, numeric text with
 * thousands separators, full-width digits and spaces, percentages in three spellings, Excel date
 * serials and Chinese date text. Every parser returns a value or a Chinese reason; none throws.
 */
import { Decimal } from '../exact/decimal';
import type { IsoDate } from '../policies/edition';
import type { CellValue } from './grid';
import { yearsBefore } from '../rules/hq-rating/bonus-points';
import { foldFullWidth } from '../rules/text-fold';
import { decimalOfNumber } from './number-decimal';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const NEEDS_NORMALISING = /[\uFF01-\uFF5E\u3000\u00A0\u2002-\u200B，。]/;

/**
 * Full-width ASCII (！–～) to half-width, ideographic space to space, then trim. For MATCHING and
 * for reading numbers only (docs/rules.md §1.8): text shown to users is never passed through it.
 */
export function normaliseText(text: string): string {
  // Fast path: nothing to replace, only the trim is left (same result, no intermediate strings).
  if (!NEEDS_NORMALISING.test(text)) return text.trim();
  return foldFullWidth(text)
    .replace(/[\u3000\u00A0\u2002-\u200B]/g, ' ')
    .replace(/[，]/g, ',')
    .replace(/[。]/g, '.')
    .trim();
}

/** The cell as display text (for messages and text fields). */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoFromDate(value);
  return value.error;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * Largest decimal exponent read from text (|e|). decimal.js takes "1e900000000" as a finite
 * value whose exact text has 900 million digits: printing it (JSON, derivations) would exhaust
 * memory, so such a typo is a reason, not a value. Excel's own numbers stay below 1e309.
 */
const MAX_EXPONENT = 1000;

function textDecimal(text: string, original: string): Parsed<Decimal> {
  const value = new Decimal(text);
  if (!value.isFinite() || (!value.isZero() && Math.abs(value.e) > MAX_EXPONENT)) {
    return { ok: false, reason: `数值超出可处理的范围：「${original.trim()}」` };
  }
  return { ok: true, value };
}

/**
 * A decimal from a number cell or numeric text. Numbers are taken through their shortest
 * round-trip text (what Excel shows), so 0.1 stays 0.1. Text may carry thousands separators
 * (1,234.5), full-width digits (１２３) and surrounding or inner spaces.
 */
export function parseDecimal(value: CellValue): Parsed<Decimal> | null {
  if (value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: '不是有效数字' };
    // A non-zero number goes straight to decimal.js, which reads it through the same shortest
    // round-trip text (Number#toString); 0 keeps going through text so that -0 reads as 0.
    // decimalOfNumber is that same Decimal, built without the text for amounts with few places.
    return { ok: true, value: value === 0 ? new Decimal(String(value)) : decimalOfNumber(value) };
  }
  if (typeof value === 'boolean') return { ok: false, reason: `不是数字（${value ? 'TRUE' : 'FALSE'}）` };
  if (value instanceof Date) return { ok: false, reason: `不是数字（是日期 ${isoFromDate(value)}）` };
  if (typeof value === 'object') return { ok: false, reason: `单元格为错误值 ${value.error}` };
  const text = normaliseText(value).replace(/\s+/g, '').replace(/^−/, '-');
  if (text === '') return null;
  if (NUMERIC.test(text)) return textDecimal(text, value);
  if (GROUPED.test(text)) return textDecimal(text.replace(/,/g, ''), value);
  return { ok: false, reason: `不是数字：「${value.trim()}」` };
}

/** A percentage cell before the column-wide decision of docs/rules.md §1.8. */
export type PercentReading =
  | { kind: 'fraction'; value: Decimal } // "85%" text, or a number formatted as % (Excel stores 0.85)
  | { kind: 'bare'; value: Decimal }; // a bare number: fraction or percent depends on the column

export function parsePercent(value: CellValue, numberFormat: string | null): Parsed<PercentReading> | null {
  if (typeof value === 'string') {
    const text = normaliseText(value).replace(/\s+/g, '');
    if (text === '') return null;
    if (text.endsWith('%')) {
      const inner = parseDecimal(text.slice(0, -1));
      if (!inner || !inner.ok) return { ok: false, reason: `不是百分数：「${value.trim()}」` };
      return { ok: true, value: { kind: 'fraction', value: inner.value.dividedBy(100) } };
    }
  }
  const parsed = parseDecimal(value);
  if (parsed === null) return null;
  if (!parsed.ok) return parsed;
  if (typeof value === 'number' && numberFormat && numberFormat.includes('%')) {
    return { ok: true, value: { kind: 'fraction', value: parsed.value } };
  }
  return { ok: true, value: { kind: 'bare', value: parsed.value } };
}

/**
 * docs/rules.md §1.8: in a (%) column, bare numbers are fractions if every non-zero bare number is ≤ 1,
 * percentages if every one is > 1; a column mixing both cannot be read.
 */
export function bareNumbersArePercent(bareValues: Decimal[]): 'fraction' | 'percent' | 'mixed' {
  const nonZero = bareValues.filter((v) => !v.isZero());
  const small = nonZero.filter((v) => v.abs().lessThanOrEqualTo(1)).length;
  if (small === nonZero.length) return 'fraction';
  if (small === 0) return 'percent';
  return 'mixed';
}

// ---- dates -------------------------------------------------------------------------------

export function isoFromDate(date: Date): IsoDate {
  // ExcelJS and Office.js hand date cells over as UTC midnight; read them in UTC.
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${d}`;
}

export function isValidIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

function iso(y: number, m: number, d: number): IsoDate | null {
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isValidIsoDate(text) ? text : null;
}

/** Excel serial day number to a date (1900 system with its phantom 1900-02-29, or 1904). */
/** Largest serial of each system: 9999-12-31, the last day Excel dates. */
const MAX_SERIAL_1900 = 2958465;
const MAX_SERIAL_1904 = MAX_SERIAL_1900 - 1462;

export function isoFromSerial(serial: number, date1904 = false): IsoDate | null {
  // 1900 system: 1 = 1900-01-01 (0 is Excel's "1900-01-00"); 1904 system: 0 = 1904-01-01.
  if (!Number.isInteger(serial) || serial < (date1904 ? 0 : 1) || serial > (date1904 ? MAX_SERIAL_1904 : MAX_SERIAL_1900)) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : serial >= 61 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  if (!date1904 && serial === 60) return null; // 1900-02-29 never existed
  return isoFromDate(new Date(base + serial * 86400000));
}

/** Serial day number for a date (inverse of isoFromSerial). */
export function serialFromIso(date: IsoDate, date1904 = false): number {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC(y, m - 1, d);
  if (date1904) return Math.round((t - Date.UTC(1904, 0, 1)) / 86400000);
  const days = Math.round((t - Date.UTC(1899, 11, 30)) / 86400000);
  return days < 61 ? days - 1 : days;
}

/** A date from a Date cell, a serial number, or text: 2023-05-06, 2023/5/6, 2023.5.6, 2023年5月6日, 20230506. */
export function parseDate(value: CellValue, date1904 = false): Parsed<IsoDate> | null {
  if (value === null) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: '不是有效日期' };
    return { ok: true, value: isoFromDate(value) };
  }
  if (typeof value === 'number') {
    const fromSerial = isoFromSerial(value, date1904);
    return fromSerial ? { ok: true, value: fromSerial } : { ok: false, reason: `不是有效日期：${value}` };
  }
  if (typeof value !== 'string') return { ok: false, reason: `不是有效日期：${cellText(value)}` };
  const text = normaliseText(value).replace(/\s+/g, '');
  if (text === '') return null;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const result = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (result) return { ok: true, value: result };
  }
  m = /^(\d{4}-\d{2}-\d{2})T[\d:.]+Z?$/.exec(text);
  if (m && isValidIsoDate(m[1])) return { ok: true, value: m[1] };
  return { ok: false, reason: `不是有效日期：「${value.trim()}」` };
}

/** date minus whole years; 29 February falls back to 28 February (rules' yearsBefore). */
export const minusYears = (date: IsoDate, years: number): IsoDate => yearsBefore(date, years);

/** The folded form of a text used only to compare it (headers, list names, exchanges): width
 *  folded, every space removed. Never shown. */
export function matchKey(text: string): string {
  return normaliseText(text).replace(/\s+/g, '');
}
