/**
 * productOf, sumOf and differenceOf (src/exact/words.ts) are decimal.js's times (and times then
 * toDecimalPlaces), plus and minus, word for word: the same sign, exponent and digit words, for operands of any length and
 * scale, results that round up through a run of 9s into a new word, double rounding (50
 * significant digits, then the places), operands far apart, and the cases left to decimal.js
 * (zero, negative, NaN, tiny results).
 */
import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { differenceOf, productOf, sumOf } from '../../src/exact/words';

const layout = (v: Decimal): { s: number; e: number; d: number[] | null } => ({ s: v.s, e: v.e, d: v.d ? [...v.d] : null });

/** What decimal.js's own results are: its constructor, its keys in its order, a dense array of word integers. */
const wellFormed = (v: Decimal, like: Decimal): void => {
  expect(v.constructor).toBe(Decimal);
  expect(Object.keys(v)).toEqual(Object.keys(like));
  if (v.d) {
    expect(Object.keys(v.d).length).toBe(v.d.length); // no holes
    for (const w of v.d) expect(Number.isInteger(w) && w >= 0 && w < 1e7).toBe(true);
  }
};

/** The operands are left as they were. */
const untouched = (a: Decimal, b: Decimal, run: () => void): void => {
  const before = [layout(a), layout(b)];
  run();
  expect([layout(a), layout(b)]).toEqual(before);
};

/** Operands of 100 to 300 digits: products and sums on both sides of the 40 words done here. */
const long = fc.tuple(fc.bigInt({ min: 10n ** 100n, max: 10n ** 300n }), fc.integer({ min: -40, max: 40 })).map(([m, k]) => new Decimal(`${m}e${k}`));

const same = (a: Decimal, b: Decimal, places?: number): void => {
  const want = places === undefined ? a.times(b) : a.times(b).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  expect(layout(productOf(a, b, places))).toEqual(layout(want));
  if (places === undefined) expect(layout(productOf(b, a))).toEqual(layout(b.times(a)));
};

/** Positive decimals of 1 to 70 digits at scales from 1e-60 to 1e40. */
const positive = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 70n }), fc.integer({ min: -60, max: 40 })).map(([m, k]) => new Decimal(`${m}e${k}`));
/** Digits that make round-ups carry: runs of 9s, 5s at the rounding digit, 4s just below it. */
const nines = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('9', '5', '4', '0'), fc.integer({ min: 0, max: 9 }), fc.integer({ min: -30, max: 20 }))
  .map(([len, digit, last, k]) => new Decimal(`${'9'.repeat(len)}${digit}${last}e${k}`));

describe('productOf is times (and toDecimalPlaces), word for word', () => {
  test('random operands, with and without places', () => {
    fc.assert(fc.property(positive, positive, fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), (a, b, places) => same(a, b, places)), { numRuns: 20000 });
  });

  test('carries through 9s, halves at the rounding digit', () => {
    fc.assert(fc.property(fc.oneof(nines, positive), nines, fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), (a, b, places) => same(a, b, places)), { numRuns: 20000 });
  });

  test('as the rating uses it: a 50-digit factor times a difference, to 40 places; a gap times a factor', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 100 }), (x, range, weight) => {
      const factor = new Decimal(weight).dividedBy(new Decimal(range).dividedBy(100));
      same(factor, new Decimal(x).dividedBy(100), 40);
      const rate = new Decimal(x).dividedBy(x + range);
      same(factor, rate, 40);
      const points = factor.times(rate).toDecimalPlaces(40).minus(new Decimal(x).dividedBy(7).toDecimalPlaces(40)).abs();
      if (!points.isZero()) same(points, new Decimal(range).dividedBy(100).dividedBy(weight));
    }), { numRuns: 5000 });
  });

  test('leaves zero, negatives, NaN, infinities and results below the places to decimal.js', () => {
    const special = ['0', '-0', '-1.5', 'NaN', 'Infinity', '-Infinity', '1e-50', '3', '0.5'].map((t) => new Decimal(t));
    for (const a of special) for (const b of special) for (const places of [undefined, 0, 2, 40]) {
      const want = places === undefined ? a.times(b) : a.times(b).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
      const got = productOf(a, b, places);
      expect(layout(got)).toEqual(layout(want));
    }
    // Below 10^-places: rounds to 0 or up to one unit, as decimal.js does.
    same(new Decimal('4e-41'), new Decimal('1'), 40);
    same(new Decimal('5e-41'), new Decimal('1'), 40);
    same(new Decimal('7'), new Decimal('1e-45'), 40);
  });

  test('the result is an ordinary Decimal: arithmetic, text and comparison as for times', () => {
    const a = new Decimal('30').dividedBy('29996.74');
    const b = new Decimal('12345.67');
    const p = productOf(a, b, 40);
    const q = a.times(b).toDecimalPlaces(40);
    expect(p.toFixed()).toBe(q.toFixed());
    expect(p.plus(1).toFixed()).toBe(q.plus(1).toFixed());
    expect(p.equals(q)).toBe(true);
    expect(p.constructor).toBe(Decimal);
    expect(Object.keys(p)).toEqual(Object.keys(q));
  });
});

describe('every function: well-formed results, operands untouched, the 40-word limit, what decimal.js refuses', () => {
  test('results are Decimals as decimal.js makes them, and the operands stay as they were', () => {
    fc.assert(fc.property(fc.oneof(positive, nines, long), fc.oneof(positive, nines, long), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), (a, b, places) => {
      untouched(a, b, () => {
        wellFormed(productOf(a, b, places), a.times(b));
        wellFormed(sumOf(a, b), a.plus(b));
        wellFormed(differenceOf(a, b), a.minus(b));
      });
    }), { numRuns: 3000 });
  });

  test('long operands around the 40 words: the same as decimal.js on both sides of the limit', () => {
    fc.assert(fc.property(fc.oneof(long, positive), long, fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), (a, b, places) => {
      same(a, b, places);
      expect(layout(sumOf(a, b))).toEqual(layout(a.plus(b)));
      expect(layout(differenceOf(a, b))).toEqual(layout(a.minus(b)));
    }), { numRuns: 3000 });
  });

  test('places that toDecimalPlaces refuses are refused as it refuses them; exponents near its limits are its own', () => {
    const a = new Decimal('3.14159');
    const b = new Decimal('2.5');
    for (const places of [1.5, NaN, -1, 2e9, Infinity]) {
      expect(() => a.times(b).toDecimalPlaces(places, Decimal.ROUND_HALF_UP)).toThrow();
      expect(() => productOf(a, b, places)).toThrow();
    }
    const huge = new Decimal('9e9000000000000000');
    same(huge, huge);
    expect(layout(sumOf(huge, huge))).toEqual(layout(huge.plus(huge)));
    const tiny = new Decimal('1e-9000000000000000');
    same(tiny, tiny);
  });
});

describe('sumOf is plus, word for word', () => {
  const sumSame = (a: Decimal, b: Decimal): void => {
    expect(layout(sumOf(a, b))).toEqual(layout(a.plus(b)));
    expect(layout(sumOf(b, a))).toEqual(layout(b.plus(a)));
  };
  test('random operands at any distance', () => {
    fc.assert(fc.property(positive, positive, (a, b) => sumSame(a, b)), { numRuns: 20000 });
  });
  test('carries through 9s and rounding at the 50th digit', () => {
    fc.assert(fc.property(fc.oneof(nines, positive), nines, (a, b) => sumSame(a, b)), { numRuns: 20000 });
  });
  test('as the rating uses it: scores added to 基本分, a gap added to a value', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 })), { minLength: 2, maxLength: 4 }), (parts) => {
      const scores = parts.map(([x, r]) => new Decimal(30).times(x).dividedBy(r).toDecimalPlaces(40));
      let plain = scores[0];
      let fast = scores[0];
      for (const s of scores.slice(1)) {
        plain = plain.plus(s);
        fast = sumOf(fast, s);
      }
      expect(layout(fast)).toEqual(layout(plain));
      sumSame(new Decimal(parts[0][0]).dividedBy(100), new Decimal(parts[0][1]).dividedBy(7).times('0.0003'));
    }), { numRuns: 5000 });
  });
  test('leaves zero, negatives, NaN and infinities to decimal.js', () => {
    const special = ['0', '-0', '-1.5', 'NaN', 'Infinity', '-Infinity', '1e-50', '3', '0.5'].map((t) => new Decimal(t));
    for (const a of special) for (const b of special) expect(layout(sumOf(a, b))).toEqual(layout(a.plus(b)));
    // Too far apart for the words kept here: decimal.js's own.
    sumSame(new Decimal('1e200'), new Decimal('1.5'));
    sumSame(new Decimal(`${'9'.repeat(60)}e150`), new Decimal('7e-100'));
  });
});

describe('differenceOf is minus, word for word', () => {
  const diffSame = (a: Decimal, b: Decimal): void => {
    expect(layout(differenceOf(a, b))).toEqual(layout(a.minus(b)));
    expect(layout(differenceOf(b, a))).toEqual(layout(b.minus(a)));
  };
  test('random operands at any distance, either larger', () => {
    fc.assert(fc.property(positive, positive, (a, b) => diffSame(a, b)), { numRuns: 20000 });
  });
  test('borrows through 0s, cancellation to a few digits, rounding at the 50th digit', () => {
    const near = fc.tuple(positive, fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: -70, max: 10 })).map(([a, m, k]) => [a, a.minus(new Decimal(`${m}e${k}`))] as const);
    fc.assert(fc.property(fc.oneof(nines, positive), nines, (a, b) => diffSame(a, b)), { numRuns: 10000 });
    fc.assert(fc.property(near, ([a, b]) => diffSame(a, b)), { numRuns: 10000 });
    diffSame(new Decimal('1'), new Decimal('1e-60'));
    diffSame(new Decimal('10000000'), new Decimal('0.00000000000000000000000000000000000000000000001'));
    diffSame(new Decimal('1e14'), new Decimal('1'));
  });
  test('as the rating uses it: x − min of amounts and of rates', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 6 }), (x, m, f) => {
      diffSame(new Decimal(x).dividedBy(100), new Decimal(m).dividedBy(100));
      diffSame(new Decimal(x % f).dividedBy(f), new Decimal(m % f).dividedBy(f + 1));
    }), { numRuns: 5000 });
  });
  test('leaves equal operands, zero, negatives, NaN and infinities to decimal.js', () => {
    const special = ['0', '-0', '-1.5', 'NaN', 'Infinity', '-Infinity', '1e-50', '3', '0.5'].map((t) => new Decimal(t));
    for (const a of special) for (const b of special) expect(layout(differenceOf(a, b))).toEqual(layout(a.minus(b)));
    diffSame(new Decimal('2.5'), new Decimal('2.5'));
    diffSame(new Decimal('1e200'), new Decimal('1.5'));
  });
});
