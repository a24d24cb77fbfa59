/** decimalOfNumber is `new Decimal(v)`: the same sign, exponent, digit words and text for every number. */
import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { decimalOfNumber } from '../../src/sheets/number-decimal';

function same(v: number): void {
  const a = decimalOfNumber(v) as unknown as { s: number; e: number; d: number[] | null; constructor: unknown };
  const b = new Decimal(v) as unknown as { s: number; e: number; d: number[] | null; constructor: unknown };
  expect(Object.keys(a)).toEqual(Object.keys(b));
  expect(a.s).toBe(b.s);
  expect(a.e).toBe(b.e);
  expect(a.d).toEqual(b.d);
  expect(a.constructor).toBe(Decimal);
  expect(a instanceof Decimal).toBe(true);
  expect((a as unknown as Decimal).toString()).toBe((b as unknown as Decimal).toString());
  expect((a as unknown as Decimal).equals(b as unknown as Decimal)).toBe(true);
}

describe('decimalOfNumber equals new Decimal(v)', () => {
  it('for amounts with up to 10 places, as typed (n / 10^k) and as computed (n * 10^-k)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 }), fc.oneof(fc.integer({ min: 1, max: 1e9 }), fc.maxSafeNat()), (k, n) => {
      same(n / 10 ** k);
      same(n * 10 ** -k);
      same(-n / 10 ** k);
    }), { numRuns: 4000 });
  });
  it('for every double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => same(v)), { numRuns: 4000 });
    fc.assert(fc.property(fc.double({ min: 1e-9, max: 2 ** 53, noNaN: true }), (v) => same(v)), { numRuns: 4000 });
  });
  it('at the edges', () => {
    for (const v of [1, 9, 10, 1e7 - 1, 1e7, 1e7 + 1, 1e14, 2 ** 51 - 1, 2 ** 51, 2 ** 51 + 1, 2 ** 53, 0.1, 0.01, 1e-8, 1e-9, 0.3, 0.1 + 0.2,
      123.45, 1234567.89, 99999999.99999999, 12345678901234.5, 0.1234567, 1.0000001, 5e-324, Number.MAX_VALUE, 1e21]) {
      same(v);
      same(-v);
    }
  });
});
