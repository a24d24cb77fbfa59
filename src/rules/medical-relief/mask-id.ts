/**
 * 温政办〔2023〕90号 三、（五）— the families relieved are identified by their members' national
 * ID numbers; docs/rules.md §3 "Personal data": an ID is checked against GB 11643-1999 (公民身份号码) and is
 * shown only masked (first 6 and last 4 characters kept) in every result sheet and JSON output.
 *
 * GB 11643-1999: 18 characters = 6-digit address code, 8-digit birth date, 3-digit sequence code,
 * 1 check character. Check character: S = Σ a_i × W_i over the first 17 digits with weights
 * W = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the check character is "10X98765432"[S mod 11].
 *
 * Open point decided here: a 15-digit ID (the pre-1999 form) is NOT converted; it is an error
 * asking for the 18-digit number, because the tool must not invent the century of the birth date.
 * A lowercase check character x is accepted and normalised to X. Only the format and the check
 * character are verified (the birth date and address code are not), as docs/rules.md asks.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** GB 11643-1999 check character for the first 17 digits (a string of 17 ASCII digits). */
export function idCheckChar(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[s % 11];
}

export type IdCheck =
  | { ok: true; id: string }
  | { ok: false; kind: 'length' | 'old15' | 'shape' | 'check'; length: number; masked: string | null; expected?: string; reason: string };

/**
 * Validate an ID number (温政办〔2023〕90号 三、（五）; GB 11643-1999). The text should already be
 * trimmed; inner spaces are ignored. Returns the normalised ID (uppercase X) or a Chinese reason
 * that never contains the full number (only its masked form).
 */
export function checkIdNumber(text: string): IdCheck {
  // Fast path for the usual clean 18 characters (1,000,000 rows); anything else is normalised.
  const clean = text.length === 18 && SHAPE.test(text);
  const id = clean ? text : text.replace(/\s+/g, '').toUpperCase();
  const n = id.length;
  if (n === 15 && /^\d{15}$/.test(id)) {
    return { ok: false, kind: 'old15', length: n, masked: null, reason: '是 15 位旧身份证号，请填写 18 位公民身份号码（GB 11643-1999）' };
  }
  if (n !== 18) {
    return { ok: false, kind: 'length', length: n, masked: null, reason: `应为 18 位公民身份号码，现为 ${n} 位` };
  }
  if (!clean && !SHAPE.test(id)) {
    return { ok: false, kind: 'shape', length: n, masked: maskIdNumber(id), reason: `「${maskIdNumber(id)}」格式不对：前 17 位应为数字，末位为数字或 X` };
  }
  const expected = idCheckChar(id);
  if (id[17] !== expected) {
    return {
      ok: false, kind: 'check', length: n, masked: maskIdNumber(id), expected,
      reason: `「${maskIdNumber(id)}」校验位错误：按 GB 11643-1999 末位应为「${expected}」，请核对号码`,
    };
  }
  return { ok: true, id };
}

/** The ID with all but the first 6 and last 4 characters replaced by * (docs/rules.md §3 Personal data). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 18 ASCII characters shaped like an ID, standing alone (not inside a longer code or number). */
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/**
 * Whether an 18-character text is an ID number: shape, GB 11643-1999 check character and a birth
 * date (digits 7–14) from 1900 on. The date keeps an all-digit 统一社会信用代码 that happens to fit
 * the check character (1 in 11 do) from being taken for an ID: its digits 7–14 are the end of the
 * area code and the start of the organisation code, never a 19xx/20xx date in practice.
 */
export function isIdNumber(text: string): boolean {
  if (text.length !== 18) return false;
  const id = text.toUpperCase();
  return SHAPE.test(id) && idCheckChar(id) === id[17] && plausibleBirthDate(id);
}

function plausibleBirthDate(digits: string): boolean {
  const y = Number(digits.slice(6, 10));
  const m = Number(digits.slice(10, 12));
  const d = Number(digits.slice(12, 14));
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * Every valid ID number inside a text replaced by its masked form (docs/rules.md §3 Personal
 * data): what a message quotes from a cell never shows a full ID, whatever column it came from.
 */
export function maskIdNumbersIn(text: string): string {
  if (text.length < 18) return text;
  return text.replace(ID_IN_TEXT, (m) => (isIdNumber(m) ? maskIdNumber(m.toUpperCase()) : m));
}

/**
 * A number cell that may be an ID number typed as a number (Excel keeps 15 significant digits, so
 * its last digits are already lost and the check character cannot be verified): an 18-digit
 * integer whose address code starts with 1–8 and whose digits 7–14 are a birth date from 1900 on.
 */
export function looksLikeIdNumberTypedAsNumber(value: number): boolean {
  if (!(value >= 1e17 && value < 1e18) || !Number.isInteger(value)) return false;
  const digits = BigInt(value).toString();
  return digits.length === 18 && digits[0] >= '1' && digits[0] <= '8' && plausibleBirthDate(digits);
}
