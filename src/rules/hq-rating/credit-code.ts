/**
 * 统一社会信用代码 check (GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》), used for
 * column 统一社会信用代码 of 温政办〔2023〕88号 附件2 总部企业基本情况表 (docs/rules.md §1.6/§1.7).
 *
 * 18 characters from the 31-character set 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z). The 18th is
 * the check character: weights 3^i mod 31 for positions 1–17, check = 31 − (Σ mod 31), 31 → 0.
 *
 * Open point decided here: lowercase letters are accepted and upper-cased (the code set has no
 * case distinction, and officers often type in lowercase); inner spaces are removed.
 */
import { foldedKey } from '../text-fold';
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 18 characters, all from CREDIT_CODE_CHARSET (a quick test before looking for bad ones). */
const VALID_18 = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

/** Canonical form for matching (the alphabet is fixed by GB 32100): full-width folded, every
 *  space removed, upper case. What is shown stays as typed (docs/rules.md §1.8). */
export function normaliseCreditCode(code: string): string {
  // Fast path: a code typed in plain ASCII letters and digits (nearly all) has nothing to fold
  // or remove; only lower-case letters are upper-cased. Same result as the plain form below.
  let lower = false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) return normaliseCreditCodePlain(code);
  }
  return lower ? code.toUpperCase() : code;
}

/** The plain form of normaliseCreditCode (the reference its fast path is tested against). */
export function normaliseCreditCodePlain(code: string): string {
  return foldedKey(code).toUpperCase();
}

/** CREDIT_CODE_CHARSET value of each ASCII code unit, -1 outside the set. */
const CODE_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CREDIT_CODE_CHARSET.length; i++) CODE_VALUE[CREDIT_CODE_CHARSET.charCodeAt(i)] = i;

/** The check character of the first 17 characters of `code` (no slice), or null. */
function checkCharOf(code: string): string | null {
  let total = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? CODE_VALUE[c] : -1;
    if (v < 0) return null;
    total += v * CREDIT_CODE_WEIGHTS[i];
  }
  const check = 31 - (total % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check];
}

/** The check character for the first 17 characters, or null when one is outside the set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  return checkCharOf(first17);
}

/** The plain form of creditCodeCheckChar (the reference of the lookup table above). */
export function creditCodeCheckCharPlain(first17: string): string | null {
  if (first17.length !== 17) return null;
  let total = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) return null;
    total += v * CREDIT_CODE_WEIGHTS[i];
  }
  const check = 31 - (total % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check];
}

export type CreditCodeCheck = { ok: true; code: string } | { ok: false; code: string; reason: string };

/** Validate a (normalised) credit code; the reason is Chinese and says what is wrong. */
export function checkCreditCode(raw: string): CreditCodeCheck {
  const code = normaliseCreditCode(raw);
  // Fast path: 18 characters of the set with the right check character (the common case).
  if (code.length === 18 && checkCharOf(code) === code[17]) return { ok: true, code };
  return checkNormalised(code);
}

/** The plain form of checkCreditCode (the reference its fast path is tested against). */
export function checkCreditCodePlain(raw: string): CreditCodeCheck {
  return checkNormalised(normaliseCreditCodePlain(raw), creditCodeCheckCharPlain);
}

function checkNormalised(code: string, checkChar: (first17: string) => string | null = creditCodeCheckChar): CreditCodeCheck {
  if (code.length !== 18) return { ok: false, code, reason: `应为 18 位，现为 ${code.length} 位` };
  const bad = VALID_18.test(code) ? [] : [...code].filter((ch) => !CREDIT_CODE_CHARSET.includes(ch));
  if (bad.length > 0) {
    return { ok: false, code, reason: `含有不允许的字符「${[...new Set(bad)].join('')}」（只可使用数字和除 I、O、S、V、Z 以外的大写字母）` };
  }
  const expected = checkChar(code.slice(0, 17))!;
  if (code[17] !== expected) return { ok: false, code, reason: `校验位错误：第 18 位为「${code[17]}」，按 GB 32100-2015 应为「${expected}」` };
  return { ok: true, code };
}
