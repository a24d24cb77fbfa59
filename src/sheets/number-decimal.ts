/**
 * The Decimal of a number cell, built without going through its text. `new Decimal(v)` reads a
 * JS number through its shortest round-trip text (Number#toString: what Excel shows, so 0.1
 * stays 0.1); this gives exactly that Decimal — same sign, exponent and digit words — for the
 * numbers cells nearly always hold (amounts with a few decimals), and is `new Decimal(v)` itself
 * for every other number. Held equal to `new Decimal(v)` by test/sheets/number-decimal.property.test.ts.
 *
 * Why it is the same value: when n / 10^k === v for an integer n with n < 2^51, the decimal
 * n·10^-k rounds to v, and (10^-k being more than v's ulp) it is the only decimal with at most k
 * places that does; every shorter text rounding to v would be such a decimal, and one with more
 * places cannot have fewer significant digits without being 0.1·v away. So it is the shortest
 * round-trip text's value, the one decimal.js takes.
 */
import { Decimal } from '../exact/decimal';

/** Decimal places tried (10^k exact in binary for these k). */
const MAX_PLACES = 8;
/** Bound on the scaled integer: keeps 10^-k above v's ulp and every step exact. */
const MAX_SCALED = 2 ** 51;
const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8];
/** decimal.js digit words: base 1e7 (LOG_BASE 7). */
const LOG_BASE = 7;
const BASE = 1e7;

/** `new Decimal(v)` for a number v (exactly the same Decimal), fast for v > 0 with ≤ 8 places. */
export function decimalOfNumber(v: number): Decimal {
  if (v > 0 && v < MAX_SCALED) {
    for (let k = 0; k <= MAX_PLACES; k++) {
      const s = POW10[k];
      const n = Math.round(v * s);
      if (n >= MAX_SCALED) break;
      if (n / s === v) return fromScaled(n, -k);
    }
  }
  return new Decimal(v);
}

/**
 * The Decimal of m·10^q (m a positive integer below 2^51), laid out as decimal.js's parseDecimal
 * lays out the digit text: exponent e of the leading digit, the first word holding the digits
 * down to the units (i = (e + 1) mod 7, 7 when that is 0), then words of 7 digits, the last
 * padded with zeros on the right, no trailing zero digits beyond it.
 */
function fromScaled(m: number, q: number): Decimal {
  while (m % 10 === 0) { m /= 10; q++; }
  let len = 1;
  for (let p = 10; p <= m; p *= 10) len++;
  const e = len - 1 + q;
  let i = (e + 1) % LOG_BASE;
  if (e < 0) i += LOG_BASE;
  const first = i === 0 ? LOG_BASE : i;
  let d: number[];
  if (len <= first) {
    d = [(m * POW10[first - len]) | 0]; // words < 1e7: small integers, as decimal.js stores them
  } else {
    const words = 1 + Math.ceil((len - first) / LOG_BASE);
    const pad = first + (words - 1) * LOG_BASE - len;
    // A packed array of small integers, as decimal.js builds its digit arrays (not a holey new Array(n)).
    d = [];
    for (let j = 0; j < words; j++) d.push(0);
    const lastDiv = POW10[LOG_BASE - pad];
    const low = m % lastDiv;
    d[words - 1] = (low * POW10[pad]) | 0;
    let rest = (m - low) / lastDiv;
    for (let j = words - 2; j > 0; j--) {
      const w = rest % BASE;
      d[j] = w | 0;
      rest = (rest - w) / BASE;
    }
    d[0] = rest | 0;
  }
  // Made by decimal.js's own constructor (new Decimal(0): constructor, s = 1, e, d in this order)
  // and given the digits: so it has the same hidden class as every other Decimal. An object made
  // by Object.create would have another, and every property read in decimal.js and in the writers
  // would then see two shapes — slower everywhere, for all the Decimals of a run.
  const x = new Decimal(0) as unknown as { e: number; d: number[] };
  x.e = e;
  x.d = d;
  return x as unknown as Decimal;
}
