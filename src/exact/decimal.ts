/**
 * The one decimal.js configuration every calculation uses.
 *
 * Precision 50 significant digits (docs/rules.md asks for at least 34) so that non-terminating
 * shares such as 900/2200 keep far more digits than any published amount needs. Nothing in the
 * path from a cell to a result may use JavaScript `number` arithmetic on money or scores.
 */
import DecimalJs from 'decimal.js';

export const Decimal = DecimalJs.clone({
  precision: 50,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Build a Decimal from a decimal string as stored in policy files or JSON ("0.45", "14000"). */
export function dec(value: string | number | Decimal): Decimal {
  return new Decimal(value);
}

/**
 * The same Decimal with its digit array (the documented instance property `d`, base 1e7 words)
 * copied to its exact length. decimal.js builds `d` by push, so a 2-word amount carries room for
 * about 17 words: 240 bytes per stored value instead of 120. For values kept by the million (a
 * relief row's self-pay, a family's sums); the value is unchanged (test/exact/decimal-text.test.ts).
 * Returns its argument, which decimal.js never mutates after construction.
 */
export function compactDecimal(value: Decimal): Decimal {
  const x = value as unknown as { d?: number[] | null };
  if (Array.isArray(x.d) && x.d.length > 0) x.d = x.d.slice();
  return value;
}

/** Sum of decimals (exact). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * Two values are treated as equal when they agree to 20 decimal places. Used for ties of
 * scores (温政办〔2023〕88号 附件1 备注5, docs/rules.md §1.4) and of remainders (docs/rules.md §2.5): values that
 * are mathematically equal but reached by different arithmetic paths then still compare equal.
 */
export const TIE_DECIMALS = 20;
export function tieKey(value: Decimal): Decimal {
  return value.toDecimalPlaces(TIE_DECIMALS, DecimalJs.ROUND_HALF_UP);
}
/**
 * a.comparedTo(b) for two Decimals of this configuration, without the copy of `b` that
 * decimal.js makes on every comparison (the same steps on the instance properties s, e, d that
 * decimal.js documents): 1, -1, 0, or NaN when either is NaN. For loops over 10,000s of values.
 */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  const as = a.s;
  const bs = b.s;
  if (!ad || !bd) {
    if (!as || !bs) return NaN;
    if (as !== bs) return as;
    if (ad === bd) return 0;
    return (!ad ? 1 : 0) ^ (as < 0 ? 1 : 0) ? 1 : -1;
  }
  if (!ad[0] || !bd[0]) return ad[0] ? as : bd[0] ? -bs : 0;
  if (as !== bs) return as;
  if (a.e !== b.e) return (a.e > b.e ? 1 : 0) ^ (as < 0 ? 1 : 0) ? 1 : -1;
  const al = ad.length;
  const bl = bd.length;
  for (let i = 0, j = al < bl ? al : bl; i < j; ++i) {
    if (ad[i] !== bd[i]) return (ad[i] > bd[i] ? 1 : 0) ^ (as < 0 ? 1 : 0) ? 1 : -1;
  }
  if (al === bl) return 0;
  return (al > bl ? 1 : 0) ^ (as < 0 ? 1 : 0) ? 1 : -1;
}

export function compareForTie(a: Decimal, b: Decimal): number {
  return tieKey(a).comparedTo(tieKey(b));
}

/**
 * Text for JSON output (docs/interfaces.md "JSON output"): the exact value when it terminates within
 * 30 decimals, otherwise a 30-decimal rendering (at least 10 decimals are required).
 */
export function decimalText(value: Decimal): string {
  // decimalPlaces() counts the digits after the point without trailing zeros, i.e. exactly the
  // decimals of toFixed() — so the long form is only built when it is needed.
  if (!(value.decimalPlaces() > 30)) return normaliseZero(value.toFixed());
  return normaliseZero(value.toFixed(30));
}

function normaliseZero(text: string): string {
  return text.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Display text with the digits of the integer part grouped by three: "1234567.5" → "1,234,567.5"
 * (a trailing "…" of shortText is kept). Anything that is not a plain decimal text is returned
 * as it is. The one digit grouping of the project (sheets, CLI summary, pane). Display only.
 */
export function groupDigits(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?(…)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}${m[4] ?? ''}`;
}

/** Short rendering for derivation text (依据/算式): up to `places` decimals, trailing zeros cut,
 *  with "…" when digits were cut off. Display only; never fed back into arithmetic. */
export function shortText(value: Decimal, places = 6): string {
  // Same text as rounding with toDecimalPlaces(places, ROUND_HALF_UP) and printing it, without
  // building the rounded Decimal: a value with at most `places` decimals prints as it is; any
  // other is printed by toFixed(places) (the configured ROUND_HALF_UP) with trailing zeros cut.
  if (!value.isFinite()) return shortTextSlow(value, places);
  if (value.decimalPlaces() <= places) return normaliseZero(value.toFixed());
  let text = value.toFixed(places);
  if (places > 0) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    text = text.slice(0, end);
  }
  return `${normaliseZero(text)}…`;
}

function shortTextSlow(value: Decimal, places: number): string {
  const rounded = value.toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP);
  const text = normaliseZero(rounded.toFixed());
  return rounded.equals(value) ? text : `${text}…`;
}

/**
 * shortText(value, places) printed from the value's digits: only the integer part and places + 1
 * decimals are written out, not all (up to 40) of toFixed(). `shift` moves the point right first
 * (2: the value × 100, as a percentage — exact for a value of at most 50 (the precision) significant digits, else
 * the value is multiplied as shortText's callers do; a negative shift is always multiplied out).
 * Reads decimal.js's documented instance properties: `d` (base 1e7 words, most significant first, the first without leading zeros), `e`
 * (the base-10 exponent of the first digit) and `s` (the sign). Display only; the same text as
 * shortText(value.times(10^shift), places) (property test: test/exact/decimal-text.test.ts).
 */
export function shortTextOfDigits(value: Decimal, places = 6, shift = 0): string {
  const d = value.d;
  // A negative shift can remove trailing zeros (12300 × 10^-2 = 123), so decimalPlaces() − shift
  // below would overstate the shifted value's decimals and the text would gain a wrong "…":
  // such a shift (no caller uses one) is multiplied out first.
  if (!d || shift < 0 || (shift !== 0 && d.length > 7 && significantDigits(d) > Decimal.precision) || places < 0) {
    return shortText(shift === 0 ? value : value.times(new Decimal(`1e${shift}`)), places);
  }
  if (d[0] === 0) return '0';
  const e = value.e + shift;
  if (value.decimalPlaces() - shift <= places) return normaliseZero(shift === 0 ? value.toFixed() : value.times(10 ** shift).toFixed());
  // The digits with exponent ≥ −(places + 1): the kept ones and the one that decides the rounding.
  const need = e + places + 2;
  if (need <= 0) return '0…'; // every kept digit and the deciding one are 0: rounds to 0
  let digits = String(d[0]);
  for (let k = 1; digits.length < need && k < d.length; k++) {
    const w = String(d[k]);
    digits += '0000000'.slice(w.length) + w;
  }
  if (digits.length < need) digits += '0'.repeat(need - digits.length);
  const int = e >= 0 ? digits.slice(0, e + 1) : '0';
  const frac = e >= 0 ? digits.slice(e + 1, need) : '0'.repeat(-e - 1) + digits.slice(0, need);
  return shortTextOfFixed(`${value.s < 0 ? '-' : ''}${int}.${frac}`, places);
}

/** The digits of a decimal.js digit word (below 1e7) without leading zeros: 1 … 7. */
export const wordDigits = (w: number): number => (w < 10 ? 1 : w < 100 ? 2 : w < 1e3 ? 3 : w < 1e4 ? 4 : w < 1e5 ? 5 : w < 1e6 ? 6 : 7);

/**
 * The significant digits of decimal.js words `d` (base 1e7, the first without leading zeros, the
 * last without trailing zero words): at most the precision, a value times 10^shift is exact.
 */
function significantDigits(d: readonly number[]): number {
  let n = wordDigits(d[0]) + 7 * (d.length - 1);
  if (d.length > 1) for (let w = d[d.length - 1]; w !== 0 && w % 10 === 0; w /= 10) n--;
  return n;
}

// ---- the same texts from an already printed value ---------------------------------------------
// A report shows one value in several places (JSON: decimalText, derivation: shortText). The
// exact expansion `value.toFixed()` is printed once and the shorter forms are cut from it: the
// digits are those of the value itself, so rounding the text half-up (away from zero) is the
// rounding toFixed(places) does. Display only; finite values (toFixed() never uses exponents and
// carries no trailing zeros).

/** `fixed` (an exact toFixed() text with more than `places` decimals) rounded half-up to exactly
 *  `places` decimals — the text value.toFixed(places) gives. */
function roundFixedText(fixed: string, dot: number, places: number): string {
  const kept = places === 0 ? fixed.slice(0, dot) : fixed.slice(0, dot + 1 + places);
  if (fixed.charCodeAt(dot + 1 + places) < 53 /* '5' */) return kept;
  // Add one unit in the last kept place: trailing 9s (and the point) carry.
  let i = kept.length - 1;
  while (i >= 0 && (kept.charCodeAt(i) === 57 /* '9' */ || kept.charCodeAt(i) === 46 /* '.' */)) i--;
  let head: string;
  if (i < 0 || kept.charCodeAt(i) === 45 /* '-' */) head = `${kept.slice(0, i + 1)}1`;
  else head = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  let tail = '';
  for (let j = i + 1; j < kept.length; j++) tail += kept.charCodeAt(j) === 46 ? '.' : '0';
  return head + tail;
}

/** decimalText(value) from fixed = value.toFixed(). */
export function decimalTextOfFixed(fixed: string): string {
  const dot = fixed.indexOf('.');
  if (dot < 0 || fixed.length - dot - 1 <= 30) return normaliseZero(fixed);
  return normaliseZero(roundFixedText(fixed, dot, 30));
}

/** shortText(value, places) from fixed = value.toFixed(). */
export function shortTextOfFixed(fixed: string, places = 6): string {
  if (fixed === 'NaN') return 'NaN…';
  const dot = fixed.indexOf('.');
  if (dot < 0 || fixed.length - dot - 1 <= places) return normaliseZero(fixed);
  const text = roundFixedText(fixed, dot, places);
  let end = text.length;
  if (places > 0) {
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
  }
  return `${normaliseZero(text.slice(0, end))}…`;
}
