/** Display text for derivations and messages (never fed back into arithmetic). */
import { Decimal, groupDigits, shortText } from '../../exact/decimal';

/** 1234567.5 → "1,234,567.5": the one implementation in src/exact/decimal. */
export { groupDigits };

/** A published amount: whole yuan, or yuan with two decimals for unit fen. */
export function moneyText(value: Decimal, unit: 'yuan' | 'fen'): string {
  return groupDigits(value.toFixed(unit === 'yuan' ? 0 : 2));
}

/** Money amounts in JSON: an integer string in yuan, or yuan with two decimals for fen. */
export function moneyJson(value: Decimal, unit: 'yuan' | 'fen'): string {
  return value.toFixed(unit === 'yuan' ? 0 : 2);
}

/** An exact value shortened for a derivation: up to `places` decimals, "…" when cut. */
export function exactText(value: Decimal, places = 6): string {
  return groupDigits(shortText(value, places));
}
