/**
 * Whole fen as exact integers, for the 1,000,000-row sums of 温政办〔2023〕90号 三、（五）(the family
 * self-pay totals, the relief per family and per county). Relief amounts are published to the fen
 * (docs/rules.md §3) and the reader admits self-pay amounts to the fen only, so nearly every amount
 * is a whole number of fen below 2^53: such amounts are added as JavaScript integers, which is exact
 * for every result up to Number.MAX_SAFE_INTEGER, and every result is checked to stay there. Anything
 * else (a negative amount, a fraction of a fen, more than 90 万亿 yuan) is −1 here and the callers
 * fall back to decimal.js for it. The plain decimal.js code stays beside each use (reliefPerFamilyPlain,
 * summariseCountiesPlain, …) and property tests hold the two equal.
 *
 * The amounts are read from the documented instance properties of a decimal.js value: `d` (digits in
 * base-1e7 words, the first without leading zeros, no trailing zero words), `e` (the decimal exponent
 * of the first digit) and `s` (the sign).
 */
import { Decimal, ZERO } from '../../exact/decimal';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** 10^0 … 10^22: every one an exact double. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The amount in fen as an exact integer (86427.22 → 8642722), or −1 when the amount is negative
 * (−0 included), not finite, not a whole number of fen, or above Number.MAX_SAFE_INTEGER fen.
 *
 * Why exact: the digit words are combined as m·10^7 + w (the last as m·10^(7−t) + w/10^t, its t
 * trailing zeros dropped, exact integer steps) while the result stays ≤ MAX_SAFE (every
 * intermediate is then an exact integer; a true result above MAX_SAFE is at least 2^53, which the
 * rounded result is too, so the check never passes wrongly); the value is m·10^k, and m·10^k (k ≥ 0)
 * or m / 10^−k (when 10^−k divides m, tested exactly with %) is again an exact integer ≤ MAX_SAFE.
 */
export function fenOf(value: Decimal): number {
  const x = value as unknown as { d: number[] | null; e: number; s: number };
  const d = x.d;
  if (d === null || x.s !== 1) return -1;
  let m = d[0];
  if (m === 0) return 0;
  const n = d.length;
  for (let i = 1; i < n - 1; i++) {
    m = m * 1e7 + d[i];
    if (m > MAX_SAFE) return -1;
  }
  // The last word without its trailing zeros (90071992547409.91 ends in the word 9100000): only
  // its significant digits are appended, so that m stays small; t counts the zeros dropped.
  let t = 0;
  if (n > 1) {
    let last = d[n - 1];
    while (last !== 0 && last % 10 === 0) {
      last /= 10;
      t++;
    }
    m = m * POW10[7 - t] + last;
    if (m > MAX_SAFE) return -1;
  }
  const w = d[0];
  const first = w < 10 ? 1 : w < 100 ? 2 : w < 1e3 ? 3 : w < 1e4 ? 4 : w < 1e5 ? 5 : w < 1e6 ? 6 : 7;
  // value = m × 10^(e − first − 7(n − 1) + 1 + t); in fen, two more.
  const k = x.e - first - 7 * (n - 1) + t + 3;
  if (k >= 0) {
    if (k > 15) return -1;
    const f = m * POW10[k];
    return f <= MAX_SAFE ? f : -1;
  }
  if (k < -15) return -1;
  const p = POW10[-k];
  return m % p === 0 ? m / p : -1;
}

/** a + b for two results of fenOf (≥ 0), or −1 when either is −1 or the sum passes MAX_SAFE (then inexact). */
export function addFen(a: number, b: number): number {
  if (a < 0 || b < 0) return -1;
  const s = a + b;
  return s <= MAX_SAFE ? s : -1;
}

/** The exact decimal of a whole number of fen ≥ 0 (8642722 → 86427.22), parsed from its digits. */
export function decimalOfFen(fen: number): Decimal {
  if (fen === 0) return ZERO;
  const r = fen % 100;
  const q = (fen - r) / 100;
  return new Decimal(r === 0 ? String(q) : `${q}.${r < 10 ? '0' : ''}${r}`);
}

/**
 * groupDigits(decimalText(decimalOfFen(fen))) without the decimal: "86,427.22", "100,000",
 * "86,427.2" (decimal.js prints no trailing zero). Display only (the 计算过程 text of 纾困化解明细).
 */
export function groupedFen(fen: number): string {
  const r = fen % 100;
  const q = (fen - r) / 100;
  let s = String(q);
  if (s.length > 3) {
    let out = s.slice(0, s.length % 3 || 3);
    for (let i = out.length; i < s.length; i += 3) out += `,${s.slice(i, i + 3)}`;
    s = out;
  }
  if (r === 0) return s;
  return r % 10 === 0 ? `${s}.${r / 10}` : `${s}.${r < 10 ? '0' : ''}${r}`;
}

/** decimalOfNumber's bound on the scaled integer (sheets/number-decimal.ts): 2^51. */
const MAX_SCALED = 2 ** 51;

/**
 * fenOf(decimalOfNumber(v)) for a number cell, without making the Decimal: the reader sums a
 * 1,000,000-row self-pay column in fen (温政办〔2023〕90号 三、（五）, amounts to the fen) and a
 * Decimal per row would only be garbage (issue 10). −1 means "not answered here": the caller
 * takes the Decimal path (which also reports an amount below the fen).
 *
 * Why it is the same: decimalOfNumber tries k = 0, 1, 2, … places and, at the first k with
 * n = round(v·10^k) < 2^51 and n / 10^k === v, gives exactly n·10^−k (it stops trying, giving
 * new Decimal(v), at the first n ≥ 2^51). This repeats its steps for k ≤ 2, where n·10^−k is
 * n·10^(2−k) fen — an exact integer product, kept when ≤ MAX_SAFE as fenOf keeps it (a true
 * product above MAX_SAFE is ≥ 2^53 and so is the rounded one). Past k = 2 the decimal has more
 * than 2 places and fenOf would give −1 too. From 2^51 fen on (above 22,517,998,136,852.47 元,
 * where decimalOfNumber leaves its own fast path too) it does not answer, so every whole-fen cell
 * of a real sheet is answered. Held to fenOf(decimalOfNumber(v)) whenever it answers by
 * test/rules/medical-relief/fen-number.property.test.ts.
 */
export function fenOfNumber(v: number): number {
  if (v === 0) return 0; // 0 and −0: the reader's ZERO
  if (!(v > 0 && v < MAX_SCALED)) return -1;
  for (let k = 0; k <= 2; k++) {
    const s = POW10[k];
    const n = Math.round(v * s);
    if (n >= MAX_SCALED) return -1;
    if (n / s === v) {
      const f = n * POW10[2 - k];
      return f <= MAX_SAFE ? f : -1;
    }
  }
  return -1;
}
