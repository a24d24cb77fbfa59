import fc from 'fast-check';
import { Decimal } from '../../../src/exact/decimal';
import { grouped } from '../../../src/sheets/medical-relief/result-sheets';
import { addFen, decimalOfFen, fenOf, groupedFen } from '../../../src/rules/medical-relief/fen';
import {
  reliefPerFamily, reliefPerFamilyPlain, summariseCounties, summariseCountiesPlain, ReliefRow,
} from '../../../src/rules/medical-relief';
import { params, sameDecimal, sameFamilies } from './helpers';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The reference of fenOf in decimal.js: value × 100 when it is a whole number in [0, MAX_SAFE], else −1. */
function fenReference(value: Decimal): number {
  if (!value.isFinite() || value.isNegative()) return -1;
  const fen = value.times(100);
  if (!fen.isInteger() || fen.greaterThan(MAX_SAFE)) return -1;
  return Number(fen.toFixed());
}

/** Amounts as the reader and other callers may hand them: fen, sub-fen, huge, negative, zero. */
const amount = fc.oneof(
  fc.integer({ min: 0, max: 30_000_000 }).map((f) => new Decimal(f).dividedBy(100)),
  fc.integer({ min: 0, max: 30_000_000 }).map((f) => new Decimal(f)),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((b) => new Decimal(b.toString()).dividedBy(100)),
  fc.bigInt({ min: 0n, max: 10n ** 18n }).map((b) => new Decimal(b.toString())),
  fc.integer({ min: 0, max: 1_000_000_000 }).map((f) => new Decimal(f).dividedBy(1000)),
  fc.integer({ min: -1_000_000, max: 0 }).map((f) => new Decimal(f).dividedBy(100)),
  fc.constantFrom(new Decimal(0), new Decimal('-0'), new Decimal(MAX_SAFE).dividedBy(100), new Decimal(MAX_SAFE + 1).dividedBy(100),
    new Decimal('90071992547409.91'), new Decimal('0.01'), new Decimal('1e-7'), new Decimal('1e15'), new Decimal('123456789.1234567')),
);

describe('whole fen as exact integers (fen.ts)', () => {
  it('fenOf is value × 100 for whole fen in [0, 2^53), −1 otherwise', () => {
    fc.assert(fc.property(amount, (v) => {
      expect(fenOf(v)).toBe(fenReference(v));
    }), { numRuns: 3000 });
  });

  it('fenOf on the edges', () => {
    expect(fenOf(new Decimal('86427.22'))).toBe(8642722);
    expect(fenOf(new Decimal('120000'))).toBe(12000000);
    expect(fenOf(new Decimal('0.1'))).toBe(10);
    expect(fenOf(new Decimal('0.001'))).toBe(-1);
    expect(fenOf(new Decimal('-1'))).toBe(-1);
    expect(fenOf(new Decimal('-0'))).toBe(-1);
    expect(fenOf(new Decimal(MAX_SAFE).dividedBy(100))).toBe(MAX_SAFE);
    expect(fenOf(new Decimal(MAX_SAFE).plus(1).dividedBy(100))).toBe(-1);
    expect(fenOf(new Decimal(NaN))).toBe(-1);
    expect(fenOf(new Decimal(Infinity))).toBe(-1);
  });

  it('decimalOfFen gives the exact decimal of fen / 100, and groupedFen its grouped text', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: MAX_SAFE })), (fen) => {
      const exact = new Decimal(fen).dividedBy(100);
      sameDecimal(decimalOfFen(fen), exact);
      expect(groupedFen(fen)).toBe(grouped(exact));
    }), { numRuns: 3000 });
  });

  it('addFen is the exact sum while it stays below 2^53, else −1', () => {
    fc.assert(fc.property(fc.integer({ min: -1, max: MAX_SAFE }), fc.integer({ min: -1, max: MAX_SAFE }), (a, b) => {
      const exact = BigInt(a) + BigInt(b);
      const expected = a < 0 || b < 0 || exact > BigInt(MAX_SAFE) ? -1 : Number(exact);
      expect(addFen(a, b)).toBe(expected);
    }), { numRuns: 3000 });
  });
});

const rowArb = fc.record({
  familyId: fc.constantFrom('F1', 'F2', ' F1', 'F3 ', 'Ｆ１', 'F 1', 'F4', 'F5'),
  county: fc.constantFrom('永嘉县', '永嘉', '平阳县', '鹿城区'),
  selfPay: amount,
  name: fc.option(fc.constantFrom('张三', '李四'), { nil: null }),
  idMasked: fc.option(fc.constantFrom('330324********1234', '330326********5678'), { nil: null }),
}) as fc.Arbitrary<ReliefRow>;

describe('the fen fast paths equal the plain decimal.js references', () => {
  it('reliefPerFamily = reliefPerFamilyPlain (families, conflicts, look-alikes, spellings)', () => {
    fc.assert(fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
      // Fresh Decimals for each run: compactDecimal rewrites the digit arrays in place.
      const copy = (r: ReliefRow): ReliefRow => ({ ...r, selfPay: new Decimal(r.selfPay) });
      const fast = reliefPerFamily(rows.map(copy), params);
      const plain = reliefPerFamilyPlain(rows.map(copy), params);
      sameFamilies(fast.families, plain.families);
      expect(fast.conflicts).toEqual(plain.conflicts);
      expect(fast.lookalikes).toEqual(plain.lookalikes);
      expect(fast.spellings).toEqual(plain.spellings);
    }), { numRuns: 1000 });
  });

  it('summariseCounties = summariseCountiesPlain', () => {
    fc.assert(fc.property(fc.array(rowArb, { maxLength: 40 }), fc.constantFrom(['永嘉县'], ['永嘉县', '平阳县'], [] as string[]), (rows, pilots) => {
      const { families } = reliefPerFamilyPlain(rows, params);
      const terms = { cityFundPerYear: params.cityFundPerYear, localMatchRatio: params.localMatchRatio, pilotCounties: pilots };
      const fast = summariseCounties(families, terms);
      const plain = summariseCountiesPlain(families, terms);
      expect(fast.counties.length).toBe(plain.counties.length);
      fast.counties.forEach((c, i) => {
        const p = plain.counties[i];
        expect([c.county, c.key, c.firstRow, c.pilot, c.families, c.relieved]).toEqual([p.county, p.key, p.firstRow, p.pilot, p.families, p.relieved]);
        sameDecimal(c.relief, p.relief);
        sameDecimal(c.cityFund, p.cityFund);
        sameDecimal(c.localMatch, p.localMatch);
      });
      expect(fast.totals.families).toBe(plain.totals.families);
      sameDecimal(fast.totals.relief, plain.totals.relief);
      sameDecimal(fast.totals.cityFund, plain.totals.cityFund);
      expect(fast.nonPilotCounties).toEqual(plain.nonPilotCounties);
      expect(Boolean(fast.cityFundExceeded)).toBe(Boolean(plain.cityFundExceeded));
    }), { numRuns: 1000 });
  });
});
