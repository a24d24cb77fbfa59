/**
 * The display texts of src/exact/decimal (decimalText for JSON, shortText for derivations) and
 * their string forms cut from one toFixed() text must give exactly the texts of the plain
 * decimal.js definitions they replace (performance work must not change a character).
 */
import fc from 'fast-check';
import DecimalJs from 'decimal.js';
import { compactDecimal, compareDecimals, Decimal, decimalText, decimalTextOfFixed, shortText, shortTextOfDigits, shortTextOfFixed } from '../../src/exact/decimal';

/** The original definitions (reference). */
function normaliseZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
function referenceDecimalText(value: Decimal): string {
  const fixed = value.toFixed();
  const dot = fixed.indexOf('.');
  if (dot < 0 || fixed.length - dot - 1 <= 30) return normaliseZero(fixed);
  return normaliseZero(value.toFixed(30));
}
function referenceShortText(value: Decimal, places = 6): string {
  const rounded = value.toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP);
  const text = normaliseZero(rounded.toFixed());
  return rounded.equals(value) ? text : `${text}…`;
}

/** Decimals with up to 45 decimals and up to 8 integer digits, many of them near rounding edges. */
const decimalArb = fc.tuple(
  fc.boolean(),
  fc.stringMatching(/^[0-9]{1,8}$/),
  fc.stringMatching(/^[0-9]{0,45}$/),
  fc.constantFrom('', '5', '49', '50', '51', '9999999', '4999999', '0000001'),
).map(([neg, int, frac, edge]) => new Decimal(`${neg ? '-' : ''}${int}.${frac}${edge}0`));

const edgeCases = [
  '0', '-0', '1', '-1', '0.5', '-0.5', '0.0000005', '-0.0000005', '0.0000004999999', '9.9999995', '-9.9999995',
  '99.99999949', '0.0000001', '-0.0000001', '123456.0000005', '1e-31', '-1e-31', '0.9999999999999999999999999999995',
  '-0.9999999999999999999999999999995', '29.99999999999999999999999999999999999999', '1e-40', '10', '2.5', '-2.5',
];

describe('decimalText / shortText match their reference definitions', () => {
  it.each(edgeCases)('%s', (text) => {
    const v = new Decimal(text);
    expect(decimalText(v)).toBe(referenceDecimalText(v));
    expect(decimalTextOfFixed(v.toFixed())).toBe(referenceDecimalText(v));
    for (const places of [0, 1, 4, 6, 10]) {
      expect(shortText(v, places)).toBe(referenceShortText(v, places));
      expect(shortTextOfFixed(v.toFixed(), places)).toBe(referenceShortText(v, places));
    }
  });

  it('for random values (fast-check)', () => {
    fc.assert(fc.property(decimalArb, fc.integer({ min: 0, max: 12 }), (v, places) => {
      expect(decimalText(v)).toBe(referenceDecimalText(v));
      expect(decimalTextOfFixed(v.toFixed())).toBe(referenceDecimalText(v));
      expect(shortText(v, places)).toBe(referenceShortText(v, places));
      expect(shortTextOfFixed(v.toFixed(), places)).toBe(referenceShortText(v, places));
      expect(shortText(v)).toBe(referenceShortText(v));
    }), { numRuns: 3000 });
  });

  it('for quotients at 50 significant digits (scores, rates)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), (a, b) => {
      const v = new Decimal(a).dividedBy(b).times(30).toDecimalPlaces(40);
      expect(decimalTextOfFixed(v.toFixed())).toBe(referenceDecimalText(v));
      expect(shortTextOfFixed(v.toFixed())).toBe(referenceShortText(v));
      const rate = new Decimal(a).dividedBy(b);
      expect(shortTextOfFixed(rate.times(100).toFixed(), 4)).toBe(referenceShortText(rate.times(100), 4));
    }), { numRuns: 2000 });
  });

  it('keeps NaN and infinities as before', () => {
    for (const v of [new Decimal(NaN), new Decimal(Infinity), new Decimal(-Infinity)]) {
      expect(decimalText(v)).toBe(referenceDecimalText(v));
      expect(shortText(v)).toBe(referenceShortText(v));
    }
    expect(shortTextOfFixed(new Decimal(NaN).toFixed())).toBe(referenceShortText(new Decimal(NaN)));
  });
});

describe('shortTextOfDigits (printed from the digits) is shortText', () => {
  it.each(edgeCases)('%s', (text) => {
    const v = new Decimal(text);
    for (const places of [0, 1, 2, 4, 6, 10]) {
      expect(shortTextOfDigits(v, places)).toBe(referenceShortText(v, places));
      expect(shortTextOfDigits(v, places, 2)).toBe(referenceShortText(v.times(100), places));
    }
  });

  it('for random values, wide exponents and quotients at 50 significant digits (fast-check)', () => {
    const wide = fc.tuple(decimalArb, fc.integer({ min: -45, max: 20 })).map(([v, k]) => v.times(new Decimal(10).pow(k)));
    const quotient = fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 45 }))
      .map(([a, b, dp]) => new Decimal(a).dividedBy(b).times(30).toDecimalPlaces(dp));
    fc.assert(fc.property(fc.oneof(decimalArb, wide, quotient), fc.integer({ min: 0, max: 12 }), (v, places) => {
      expect(shortTextOfDigits(v, places)).toBe(referenceShortText(v, places));
      expect(shortTextOfDigits(v, places, 2)).toBe(referenceShortText(v.times(100), places));
      expect(shortTextOfDigits(v)).toBe(referenceShortText(v));
    }), { numRuns: 5000 });
  });

  it('with a negative shift, also where it removes trailing zeros of an integer (fast-check)', () => {
    // Found by a review: −676979570e5 × 10^-2 is an integer, and its text has no "…".
    expect(shortTextOfDigits(new Decimal('-676979570e5'), 0, -2)).toBe('-676979570000');
    const integer = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }))
      .map(([n, zeros]) => new Decimal(`${n}e${zeros}`));
    fc.assert(fc.property(fc.oneof(decimalArb, integer), fc.integer({ min: 0, max: 12 }), fc.integer({ min: -14, max: -1 }), (v, places, shift) => {
      expect(shortTextOfDigits(v, places, shift)).toBe(referenceShortText(v.times(new Decimal(10).pow(shift)), places));
    }), { numRuns: 3000 });
  });

  it('keeps NaN and infinities as shortText does', () => {
    for (const v of [new Decimal(NaN), new Decimal(Infinity), new Decimal(-Infinity)]) {
      expect(shortTextOfDigits(v)).toBe(referenceShortText(v));
      expect(shortTextOfDigits(v, 4, 2)).toBe(referenceShortText(v.times(100), 4));
    }
  });
});

describe('compareDecimals is comparedTo without the copy', () => {
  const special = ['0', '-0', 'NaN', 'Infinity', '-Infinity', '1', '-1', '1e-40', '-1e-40', '10000000', '9999999.99999999', '1e+30'];
  it('on special values', () => {
    for (const a of special) for (const b of special) {
      const x = new Decimal(a);
      const y = new Decimal(b);
      expect(compareDecimals(x, y)).toEqual(x.comparedTo(y));
    }
  });
  it('on random values (fast-check)', () => {
    fc.assert(fc.property(decimalArb, decimalArb, fc.boolean(), (a, b, same) => {
      const y = same ? new Decimal(a) : b;
      expect(compareDecimals(a, y)).toBe(a.comparedTo(y));
      expect(compareDecimals(y, a)).toBe(y.comparedTo(a));
    }), { numRuns: 3000 });
  });
});

describe('compactDecimal (the digit array at its exact size)', () => {
  test('keeps the value, the printed form and every later result, for any decimal', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: -5, max: 5 }), (m, places, exp) => {
      const text = `${m}e${exp}`;
      const a = new Decimal(text).dividedBy(new Decimal(10).pow(places));
      const b = compactDecimal(new Decimal(text).dividedBy(new Decimal(10).pow(places)));
      expect(b.toString()).toBe(a.toString());
      expect(b.equals(a)).toBe(true);
      expect(b.plus(1).toString()).toBe(a.plus(1).toString());
      expect((b as unknown as { d: number[] }).d).toEqual((a as unknown as { d: number[] }).d);
    }), { numRuns: 500 });
  });
});
