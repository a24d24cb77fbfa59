/**
 * Exact arithmetic on the digit words of the project's Decimal (precision 50, ROUND_HALF_UP), for
 * the sums and products the hq rating makes by the 10,000: the same Decimal as decimal.js gives —
 * value, digit words, exponent and hidden class — made by one loop over the words instead of
 * decimal.js's general steps (a copy of the operand, digit arrays built by push and unshift,
 * `finalise`). Used for 备注3 scores factor × (x − min) to 40 places (differenceOf, productOf) and their sum 基本分
 * (rules/hq-rating/efficacy-score.ts, rate-headquarters.ts) and the 距上一星级 gaps points ×
 * (max − min) / weight checked against the maximum (rules/hq-rating/next-tier.ts). Positive finite
 * operands only; anything else is decimal.js's own. Held equal to decimal.js, word for word, by
 * test/exact/words.test.ts.
 *
 * Reads and writes decimal.js's documented instance properties: `d` (base 1e7 words, the first the
 * coefficient of 1e7^⌊e/7⌋, without leading zeros; no trailing zero words), `e` (the exponent of the
 * first digit) and `s` (the sign). The precision and rounding are the project's (src/exact/decimal.ts),
 * read once: nothing may change them with Decimal.set; operands of another Decimal constructor go
 * to decimal.js.
 */
import { compactDecimal, Decimal, wordDigits } from './decimal';

const BASE = 1e7;
const LOG_BASE = 7;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7];
/** Significant digits kept by a product (the configured precision). */
const PRECISION = Decimal.precision;
/** Words of the longest product done here; longer ones go to decimal.js. */
const MAX_WORDS = 40;
const scratch = new Float64Array(MAX_WORDS);


interface Digits {
  d?: number[] | null;
  e: number;
  s: number;
}

/** The exponent of a Decimal's first word: it is the coefficient of 1e7^wordExponent. */
const wordExponent = (v: Decimal): number => Math.floor((v as unknown as Digits).e / LOG_BASE);

/** Exponents beyond this are decimal.js's own: its results overflow to ±Infinity or 0 at 9e15. */
const MAX_EXPONENT = 1e15;

/**
 * The digit words of a positive, finite, non-zero Decimal of the project's configuration, with an
 * exponent far from decimal.js's limits; null for any other (left to decimal.js).
 */
function positiveWords(v: Decimal): number[] | null {
  const x = v as unknown as Digits;
  const d = x.d;
  return d && x.s === 1 && d[0] !== 0 && v.constructor === Decimal && x.e < MAX_EXPONENT && x.e > -MAX_EXPONENT ? d : null;
}

/**
 * Round the words r[top, end) — r[top] the coefficient of 1e7^wTop, not 0 — half-up at the digit
 * of 10^p (everything below it dropped): returns the new end, and top moves up one word when the
 * rounding carries out of the first (r[top − 1] = 1, so top must be ≥ 1).
 */
function roundAt(r: Float64Array, top: number, end: number, wTop: number, p: number): { top: number; end: number } {
  // The word holding 10^p and the digit's place in it.
  const wp = Math.floor(p / LOG_BASE);
  const k = wTop - wp + top; // index of that word
  if (k >= end) return { top, end }; // no digit at or below 10^p: nothing to round
  const inWord = p - wp * LOG_BASE; // 0 … 6: the digit is (r[k] / 10^inWord) % 10
  const unit = POW10[inWord];
  const word = r[k];
  const rd = Math.floor(word / unit) % 10;
  // Keep the digits above 10^p: those of word k above it, and the words before.
  const kept = Math.floor(word / (unit * 10)) * (unit * 10);
  let last: number;
  let add: number;
  if (inWord === LOG_BASE - 1) {
    // The rounding digit is the first of word k: word k goes, the unit is 1 in the word before.
    last = k - 1;
    add = 1;
  } else {
    r[k] = kept;
    last = k;
    add = unit * 10;
  }
  end = last + 1;
  if (rd >= 5) {
    let i = last;
    for (;;) {
      const t = r[i] + add;
      if (t < BASE) {
        r[i] = t;
        break;
      }
      r[i] = t - BASE;
      add = 1;
      if (i === top) {
        top--;
        r[top] = 1;
        break;
      }
      i--;
    }
  }
  // No trailing zero words (decimal.js keeps none).
  while (end > top + 1 && r[end - 1] === 0) end--;
  return { top, end };
}

/**
 * a × b rounded half-up to 50 significant digits, then (when `places` is given) half-up to
 * `places` decimals: `a.times(b)` / `a.times(b).toDecimalPlaces(places)`, with a digit array of its
 * exact length (compactDecimal) also where decimal.js makes it.
 */
export function productOf(a: Decimal, b: Decimal, places?: number): Decimal {
  const ad = positiveWords(a);
  const bd = positiveWords(b);
  const plain = (): Decimal => compactDecimal(places === undefined ? a.times(b) : a.times(b).toDecimalPlaces(places, Decimal.ROUND_HALF_UP));
  // places as toDecimalPlaces takes them (an integer 0 … 1e9; anything else is its error to give).
  if (!ad || !bd || (places !== undefined && !(Number.isInteger(places) && places >= 0 && places <= 1e9))) return plain();
  const la = ad.length;
  const lb = bd.length;
  const n = la + lb;
  if (n + 1 > MAX_WORDS) return plain();
  // r[1 + i + j] collects ad[i]·bd[j]; r[1] is the coefficient of 1e7^(wa + wb + 1), and r[0] is
  // room for a carry of the rounding.
  const r = scratch;
  for (let i = 0; i <= n; i++) r[i] = 0;
  for (let i = la - 1; i >= 0; i--) {
    const ai = ad[i];
    let carry = 0;
    for (let j = lb - 1; j >= 0; j--) {
      const t = r[2 + i + j] + ai * bd[j] + carry;
      carry = Math.floor(t / BASE);
      r[2 + i + j] = t - carry * BASE;
    }
    r[1 + i] = carry;
  }
  let top = r[1] === 0 ? 2 : 1;
  let end = n + 1;
  while (end > top + 1 && r[end - 1] === 0) end--;
  let wTop = wordExponent(a) + wordExponent(b) + (top === 1 ? 1 : 0);
  // Precision: the digit after the 50th significant one decides.
  const e0 = wTop * LOG_BASE + wordDigits(r[top]) - 1;
  let rounded = roundAt(r, top, end, wTop, e0 - PRECISION);
  if (rounded.top < top) wTop++;
  top = rounded.top;
  end = rounded.end;
  if (places !== undefined) {
    const e1 = wTop * LOG_BASE + wordDigits(r[top]) - 1;
    // A result below 10^-places rounds to 0 or to one unit: decimal.js's own layout for those.
    if (e1 < -places) return plain();
    rounded = roundAt(r, top, end, wTop, -places - 1);
    if (rounded.top < top) wTop++;
    top = rounded.top;
    end = rounded.end;
  }
  return decimalOfWords(r, top, end, wTop);
}

/** The Decimal of the words r[top, end) (r[top] ≠ 0 the coefficient of 1e7^wTop, r[end − 1] ≠ 0). */
function decimalOfWords(r: Float64Array, top: number, end: number, wTop: number): Decimal {
  // Small integers (| 0), pushed: a packed array of Smis, as decimal.js builds its digit arrays;
  // then copied to its exact length (compactDecimal's reason: pushing leaves room for 17 words,
  // and the scores and totals are kept to the end of the run, by the 100,000).
  const grown: number[] = [];
  for (let i = top; i < end; i++) grown.push(r[i] | 0);
  const d = grown.slice();
  // Made by decimal.js's constructor (constructor, s, e, d in this order): the hidden class every
  // other Decimal has (see sheets/number-decimal.ts).
  const out = new Decimal(0) as unknown as Digits;
  out.e = wTop * LOG_BASE + wordDigits(d[0]) - 1;
  out.d = d;
  return out as unknown as Decimal;
}

/** a + b rounded half-up to 50 significant digits: `a.plus(b)`, with a digit array of its exact length. */
export function sumOf(a: Decimal, b: Decimal): Decimal {
  const ad = positiveWords(a);
  const bd = positiveWords(b);
  if (!ad || !bd) return compactDecimal(a.plus(b));
  const wa = wordExponent(a);
  const wb = wordExponent(b);
  // r[0]: room for a carry of the rounding, r[1] for one of the sum; r[2] the coefficient of 1e7^max(wa, wb).
  const high = wa > wb ? wa : wb;
  const low = Math.min(wa - ad.length + 1, wb - bd.length + 1);
  const n = high - low + 3;
  if (n > MAX_WORDS) return compactDecimal(a.plus(b));
  const r = scratch;
  for (let i = 0; i < n; i++) r[i] = 0;
  for (let i = 0, k = 2 + high - wa; i < ad.length; i++, k++) r[k] = ad[i];
  for (let i = 0, k = 2 + high - wb; i < bd.length; i++, k++) r[k] += bd[i];
  for (let i = n - 1; i > 1; i--) {
    if (r[i] >= BASE) {
      r[i] -= BASE;
      r[i - 1] += 1;
    }
  }
  const top = r[1] === 0 ? 2 : 1;
  const wTop = high + (top === 1 ? 1 : 0);
  let end = n;
  while (end > top + 1 && r[end - 1] === 0) end--;
  const e0 = wTop * LOG_BASE + wordDigits(r[top]) - 1;
  const rounded = roundAt(r, top, end, wTop, e0 - PRECISION);
  return decimalOfWords(r, rounded.top, rounded.end, rounded.top < top ? wTop + 1 : wTop);
}

/**
 * a − b rounded half-up to 50 significant digits, for a > b > 0: `a.minus(b)`, with a digit array
 * of its exact length (备注3: x − min of every rated headquarters). Anything else (a ≤ b, a zero or
 * negative operand) is decimal.js's own.
 */
export function differenceOf(a: Decimal, b: Decimal): Decimal {
  const ad = positiveWords(a);
  const bd = positiveWords(b);
  if (!ad || !bd) return compactDecimal(a.minus(b));
  const wa = wordExponent(a);
  const wb = wordExponent(b);
  if (wb > wa) return compactDecimal(a.minus(b));
  // r[0]: room for a carry of the rounding; r[1] the coefficient of 1e7^wa.
  const low = Math.min(wa - ad.length + 1, wb - bd.length + 1);
  const n = wa - low + 2;
  if (n > MAX_WORDS) return compactDecimal(a.minus(b));
  const r = scratch;
  for (let i = 0; i < n; i++) r[i] = 0;
  for (let i = 0, k = 1; i < ad.length; i++, k++) r[k] = ad[i];
  for (let i = 0, k = 1 + wa - wb; i < bd.length; i++, k++) r[k] -= bd[i];
  for (let i = n - 1; i > 1; i--) {
    if (r[i] < 0) {
      r[i] += BASE;
      r[i - 1] -= 1;
    }
  }
  // a ≤ b: the first word went negative or everything cancelled — decimal.js's own.
  if (r[1] < 0) return compactDecimal(a.minus(b));
  let top = 1;
  while (top < n && r[top] === 0) top++;
  if (top === n) return compactDecimal(a.minus(b));
  const wTop = wa - (top - 1);
  let end = n;
  while (end > top + 1 && r[end - 1] === 0) end--;
  // Room for a carry of the rounding above the first word (r[top − 1] is 0 here, or r[0]).
  const e0 = wTop * LOG_BASE + wordDigits(r[top]) - 1;
  const rounded = roundAt(r, top, end, wTop, e0 - PRECISION);
  return decimalOfWords(r, rounded.top, rounded.end, rounded.top < top ? wTop + 1 : wTop);
}
