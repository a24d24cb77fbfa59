/**
 * The one decimal.js configuration every calculation uses.
 *
 * Precision 50 significant digits (the spec asks for at least 34) so that non-terminating
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

/** Sum of decimals (exact). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * Two values are treated as equal when they agree to 20 decimal places. Used for ties of
 * scores (温政办〔2023〕88号 附件1 备注5, spec §1.4) and of remainders (spec §2.5): values that
 * are mathematically equal but reached by different arithmetic paths then still compare equal.
 */
export const TIE_DECIMALS = 20;
export function tieKey(value: Decimal): Decimal {
  return value.toDecimalPlaces(TIE_DECIMALS, DecimalJs.ROUND_HALF_UP);
}
export function compareForTie(a: Decimal, b: Decimal): number {
  return tieKey(a).comparedTo(tieKey(b));
}

/**
 * Text for JSON output (interfaces.md "JSON output"): the exact value when it terminates within
 * 30 decimals, otherwise a 30-decimal rendering (at least 10 decimals are required).
 */
export function decimalText(value: Decimal): string {
  const fixed = value.toFixed();
  const dot = fixed.indexOf('.');
  if (dot < 0 || fixed.length - dot - 1 <= 30) return normaliseZero(fixed);
  return normaliseZero(value.toFixed(30));
}

function normaliseZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Short rendering for derivation text (依据/算式): up to `places` decimals, trailing zeros cut,
 *  with "…" when digits were cut off. Display only; never fed back into arithmetic. */
export function shortText(value: Decimal, places = 6): string {
  const rounded = value.toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP);
  const text = normaliseZero(rounded.toFixed());
  return rounded.equals(value) ? text : `${text}…`;
}
