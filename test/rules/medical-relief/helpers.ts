import { Decimal } from '../../../src/exact/decimal';
import { editionInForce } from '../../../src/policies/registry';
import { reliefParameters, ReliefRow, type FamilyRelief } from '../../../src/rules/medical-relief';

export const d = (v: string | number) => new Decimal(v);
export const params = reliefParameters(editionInForce('medical-relief', '2024-06-01').edition);
export const row = (familyId: string, county: string, selfPay: string | number): ReliefRow => ({ familyId, county, selfPay: d(selfPay) });

/** The same Decimal, digit word for digit word (a fast path must build exactly what decimal.js builds). */
export function sameDecimal(a: Decimal, b: Decimal): void {
  expect(a.toString()).toBe(b.toString());
  expect((a as unknown as { d: number[] }).d).toEqual((b as unknown as { d: number[] }).d);
  expect(a.e).toBe(b.e);
  expect(a.s).toBe(b.s);
}

/** The same families: every field, the amounts as sameDecimal, and relief 0 / at the cap alike. */
export function sameFamilies(a: FamilyRelief[], b: FamilyRelief[]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    const { selfPay: pa, relief: ra, ...restA } = a[i];
    const { selfPay: pb, relief: rb, ...restB } = b[i];
    expect(restA).toEqual(restB);
    sameDecimal(pa, pb);
    sameDecimal(ra, rb);
    expect(ra.isZero() || ra === params.cap).toBe(rb.isZero() || rb === params.cap);
  }
}
