/**
 * The canonical payload of a signed workbook (docs/signing.md, format `wzpolicy-sig/1`).
 *
 * PURE: a grid of signing values in, bytes out. No ExcelJS, no Office.js, no Node APIs — the
 * .xlsx path (xlsx-extract.ts) and the Office.js path (office-extract.ts) both turn their cells
 * into `SignValue[][]` and hand them here, so both produce the very same bytes.
 *
 * What is signed are cell VALUES, not file bytes: a re-save by Excel or LibreOffice rewrites the
 * XML and LibreOffice writes cached numbers with 15 significant digits, so
 *  - numbers are rounded to 15 significant digits (as LibreOffice writes them), −0 becomes 0;
 *  - dates are serial numbers in the workbook's date system (a date cell and the same serial as a
 *    plain number are the same value: number formats are formatting);
 *  - strings are kept as stored, except CR and CRLF become LF; the empty string is an empty cell;
 *  - booleans stay booleans; error values become {"e":"#N/A"};
 *  - every covered sheet contributes the whole rectangle A1:<last cell holding a value>, empty
 *    cells as null.
 * The JSON is canonicalised per RFC 8785 (JCS): keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number form, UTF-8.
 */
import { isoFromDate, serialFromIso } from '../sheets/parse-cell';
import { columnLetters } from '../sheets/grid';

/** A cell value as it enters the canonical payload. */
export type SignValue = null | number | boolean | string | { e: string };

/** Role of a covered sheet; ranges appear in this order in the payload. */
export type SheetRole = 'inputs' | 'parameters' | 'results';
export const ROLE_ORDER: SheetRole[] = ['inputs', 'parameters', 'results'];
export const ROLE_LABEL: Record<SheetRole, string> = { inputs: '输入', parameters: '参数', results: '结果' };

export const FORMAT_TAG = 'wzpolicy-sig/1';
export const ALGORITHM = 'ECDSA-P256-SHA256';

/** One covered sheet, normalised: the whole rectangle A1:ref, rows of equal length. */
export interface SignedRange {
  role: SheetRole;
  sheet: string;
  /** "A1:D12"; an empty sheet is "A1:A1" holding [[null]]. */
  ref: string;
  cells: SignValue[][];
}

export interface PayloadHeader {
  format: typeof FORMAT_TAG;
  algorithm: string;
  /** e.g. "wzpolicy 0.1.0" */
  tool: string;
  /** Signing time, UTC, whole seconds: 2026-11-29T09:50:00Z (also the CMS signing-time). */
  signedAt: string;
  /** Excel's 1904 date system (dates are serials counted from 1904-01-01). */
  date1904: boolean;
  signer: {
    name: string;
    organisation: string;
    /** SHA-256 of the signer certificate's DER, lowercase hex. */
    certSha256: string;
  };
  /**
   * Optional second signature over the same bytes (absent when not used): SM2-SM3 with the
   * signer's SM2 public key (04‖x‖y hex) and the user ID, so the ECDSA signature binds it too.
   */
  secondSignature?: { algorithm: string; publicKey: string; userId: string };
  /**
   * The workbook's sheets NOT covered at signing time (absent when every sheet but 签章 is
   * covered), in payload order (inputs, parameters, results). Signed, so the 签章 sheet's row
   * "未签的工作表" — e.g. the input sheet with ID numbers left out by `--sheets` — cannot be
   * removed or changed without breaking the signature.
   */
  notCovered?: { role: SheetRole; sheet: string }[];
}

export interface Payload extends PayloadHeader {
  ranges: SignedRange[];
}

// ---- cell values ---------------------------------------------------------------------------

/**
 * Numbers rounded to 15 significant digits the way LibreOffice writes them: take the shortest
 * round-trip decimal of the double (ECMAScript Number::toString digits) and round it half away
 * from zero at the 15th significant digit; −0 → 0.
 *
 * Why not `toPrecision(15)` (which rounds the exact binary value)? A double whose shortest
 * decimal ends in …5 at the 16th digit, e.g. 0.6705632818620935, lies just below that decimal in
 * binary: toPrecision gives 0.670563281862093 but LibreOffice writes 0.670563281862094. Measured
 * on 20,000 values (10,000 constructed near-ties) re-saved by LibreOffice 7: toPrecision differed
 * on 2,701, this rule on none (docs/signing.md).
 */
export function canonicalNumber(n: number): number {
  if (!Number.isFinite(n)) throw new Error(`不是有限数字：${n}`);
  if (n === 0) return 0;
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Math.abs(n).toExponential());
  if (!m) return n;
  const digits = m[1] + (m[2] ?? '');
  if (digits.length <= 15) return n;
  let head = BigInt(digits.slice(0, 15));
  if (digits.charCodeAt(15) - 48 >= 5) head += 1n;
  const r = Number(`${head}e${Number(m[3]) - 14}`);
  if (!Number.isFinite(r)) return n; // beyond Excel's range (> 9.99999999999999E+307): kept as is
  return n < 0 ? -r : r;
}

/** Strings as stored, CR/CRLF → LF. */
export function canonicalString(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Any loosely typed value to its canonical form ("" → null, numbers rounded, …). */
export function canonicalValue(v: SignValue | undefined): SignValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return canonicalNumber(v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = canonicalString(v);
    return s === '' ? null : s;
  }
  return { e: String(v.e) };
}

/**
 * Excel serial (days; fraction = time of day) for a date cell handed over as UTC (ExcelJS,
 * Office.js), in the workbook's date system — serialFromIso of src/sheets/parse-cell.ts.
 */
export function serialFromDate(date: Date, date1904 = false): number {
  const t = date.getTime();
  const dayStart = Math.floor(t / 86400000) * 86400000;
  return serialFromIso(isoFromDate(new Date(dayStart)), date1904) + (t - dayStart) / 86400000;
}

// ---- A1 ------------------------------------------------------------------------------------

/** Excel column letters (0 → A); the one implementation lives in sheets/grid. */
export const colLetters = columnLetters;

export function a1(row: number, col: number): string {
  return `${colLetters(col)}${row + 1}`;
}

/**
 * Normalise a raw grid (row 0 / col 0 = A1, ragged allowed) to the declared rectangle: A1 to the
 * last row and the last column holding a value; every row padded with null to the full width.
 */
export function normaliseRange(role: SheetRole, sheet: string, raw: (SignValue | undefined)[][]): SignedRange {
  const vals = raw.map((row) => (row ?? []).map((v) => canonicalValue(v)));
  let lastRow = -1;
  let lastCol = -1;
  vals.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== null) {
        if (r > lastRow) lastRow = r;
        if (c > lastCol) lastCol = c;
      }
    }),
  );
  if (lastRow < 0) return { role, sheet, ref: 'A1:A1', cells: [[null]] };
  const cells: SignValue[][] = [];
  for (let r = 0; r <= lastRow; r++) {
    const row: SignValue[] = [];
    for (let c = 0; c <= lastCol; c++) row.push(vals[r]?.[c] ?? null);
    cells.push(row);
  }
  return { role, sheet, ref: `A1:${a1(lastRow, lastCol)}`, cells };
}

// ---- RFC 8785 JSON canonicalisation ---------------------------------------------------------

/** RFC 8785 serialisation of a JSON value (objects: keys sorted by UTF-16 code units). */
export function jcs(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('JCS: non-finite number');
    return Object.is(value, -0) ? '0' : JSON.stringify(value); // ECMAScript Number::toString
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => jcs(v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // JS string order = UTF-16 code units
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(obj[k])}`).join(',')}}`;
  }
  throw new Error(`JCS: unsupported value ${typeof value}`);
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The exact bytes that are signed. */
export function payloadBytes(payload: Payload): Uint8Array {
  return utf8(jcs(payload));
}

/** The bytes a per-sheet digest is computed over: JCS of {cells, ref, role, sheet}. */
export function rangeBytes(range: SignedRange): Uint8Array {
  return utf8(jcs({ role: range.role, sheet: range.sheet, ref: range.ref, cells: range.cells }));
}

// ---- digests (WebCrypto: Node 20 and the browser) -------------------------------------------

export function hex(bytes: ArrayBuffer | Uint8Array): string {
  const u = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const b of u) out += b.toString(16).padStart(2, '0');
  return out;
}

/** The bytes of a hex text (inverse of hex); throws Error('hex') for text that is not hex pairs. */
export function fromHex(h: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new Error('hex');
  return Uint8Array.from(h.match(/.{2}/g) ?? [], (b) => parseInt(b, 16));
}

/** A tight ArrayBuffer copy of the bytes a view covers (what asn1js, pkijs and WebCrypto take). */
export function arrayBufferOf(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

/** A SHA-256 hex digest as AB:CD:… (what openssl x509 -fingerprint -sha256 shows). */
export function formatFingerprint(hexDigest: string): string {
  return (hexDigest.toUpperCase().match(/.{2}/g) ?? []).join(':');
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as unknown as ArrayBuffer));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await sha256(bytes));
}

// ---- which sheets, in which role -------------------------------------------------------------

export const SIGNATURE_SHEET = '签章';
export const PARAMETER_SHEETS = ['评定参数', '分配参数'];
/** Result sheet names of docs/interfaces.md「4」「6」 and 校验问题. */
export const RESULT_SHEETS = [
  '星级评定结果', '分县统计', '星级总部企业公示名单', '补偿资金分配', '资金筹集', '纾困化解明细', '纾困县区汇总', '方案对比', '前后对比', '校验问题',
];

/** Base name without the " (2)" suffix the tool adds to taken names. */
export function baseSheetName(name: string): string {
  return name.replace(/ \(\d+\)$/, '');
}

export function isSignatureSheetName(name: string): boolean {
  return baseSheetName(name) === SIGNATURE_SHEET;
}

export function roleOf(sheet: string): SheetRole {
  const base = baseSheetName(sheet);
  if (PARAMETER_SHEETS.includes(base)) return 'parameters';
  if (RESULT_SHEETS.includes(base)) return 'results';
  return 'inputs';
}

/**
 * The covered sheets in payload order: inputs, then parameters, then results, each group in
 * workbook order. `chosen` (--sheets) restricts the set; by default every sheet but 签章.
 * `omitRoles` leaves out sheets of these roles (the pane's 「不签输入表」).
 */
export function coveredSheets(
  workbookOrder: string[],
  chosen?: string[],
  options: { omitRoles?: SheetRole[] } = {},
): { ok: true; sheets: { sheet: string; role: SheetRole }[] } | { ok: false; message: string } {
  let names: string[];
  if (chosen && chosen.length > 0) {
    const missing = chosen.filter((c) => !workbookOrder.includes(c));
    if (missing.length) return { ok: false, message: `工作簿中没有工作表：${missing.join('、')}` };
    const sig = chosen.filter(isSignatureSheetName);
    if (sig.length) return { ok: false, message: `签章工作表不能被签：${sig.join('、')}` };
    names = workbookOrder.filter((n) => chosen.includes(n));
  } else {
    names = workbookOrder.filter((n) => !isSignatureSheetName(n));
  }
  const omit = options.omitRoles ?? [];
  names = names.filter((n) => !omit.includes(roleOf(n)));
  if (names.length === 0) {
    return { ok: false, message: omit.length ? `没有可签的工作表（不签${omit.map((r) => ROLE_LABEL[r]).join('、')}表后一张也不剩）` : '没有可签的工作表' };
  }
  const out: { sheet: string; role: SheetRole }[] = [];
  for (const role of ROLE_ORDER) for (const n of names) if (roleOf(n) === role) out.push({ sheet: n, role });
  return { ok: true, sheets: out };
}

/** The workbook's sheets (but 签章) not among `covered`, in payload order: the header's notCovered. */
export function notCoveredSheets(workbookOrder: string[], covered: { sheet: string }[]): { role: SheetRole; sheet: string }[] {
  const names = workbookOrder.filter((n) => !isSignatureSheetName(n) && !covered.some((c) => c.sheet === n));
  const out: { role: SheetRole; sheet: string }[] = [];
  for (const role of ROLE_ORDER) for (const n of names) if (roleOf(n) === role) out.push({ role, sheet: n });
  return out;
}

/** Rows and columns of a declared rectangle "A1:<last cell>" (null for anything else). */
export function refExtent(ref: string): { rows: number; cols: number } | null {
  const m = /^A1:([A-Z]{1,3})([1-9]\d{0,6})$/.exec(ref);
  if (!m) return null;
  let cols = 0;
  for (const ch of m[1]) cols = cols * 26 + (ch.charCodeAt(0) - 64);
  return { rows: Number(m[2]), cols };
}

// ---- volatile formulas -----------------------------------------------------------------------

export const VOLATILE_FUNCTIONS = ['NOW', 'TODAY', 'RAND', 'RANDBETWEEN', 'RANDARRAY', 'OFFSET', 'INDIRECT'];

/** The volatile function a formula calls (ignoring text inside "string literals"), or null. */
export function volatileFunctionIn(formula: string): string | null {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  const m = new RegExp(`(?<![A-Za-z0-9_.])(${VOLATILE_FUNCTIONS.join('|')})\\s*\\(`, 'i').exec(code);
  return m ? m[1].toUpperCase() : null;
}

// ---- cell differences (for verify with the payload file at hand) -----------------------------

export function displayValue(v: SignValue): string {
  if (v === null) return '（空）';
  if (typeof v === 'string') return `「${v}」`;
  if (typeof v === 'object') return v.e;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

export interface CellChange {
  cell: string;
  old: SignValue;
  new: SignValue;
}

/** Cell-by-cell differences between a signed range and the current one (union of rectangles). */
export function diffCells(before: SignValue[][], after: SignValue[][]): CellChange[] {
  const rows = Math.max(before.length, after.length);
  const out: CellChange[] = [];
  for (let r = 0; r < rows; r++) {
    const cols = Math.max(before[r]?.length ?? 0, after[r]?.length ?? 0);
    for (let c = 0; c < cols; c++) {
      const o = before[r]?.[c] ?? null;
      const n = after[r]?.[c] ?? null;
      if (jcs(o) !== jcs(n)) out.push({ cell: a1(r, c), old: o, new: n });
    }
  }
  return out;
}
