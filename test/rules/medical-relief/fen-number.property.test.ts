import fc from 'fast-check';
import { Decimal, ZERO } from '../../../src/exact/decimal';
import { decimalOfNumber } from '../../../src/sheets/number-decimal';
import { fenOf, fenOfNumber } from '../../../src/rules/medical-relief/fen';
import { FamilyAccumulator, reliefPerFamily, reliefPerFamilyPlain, ReliefRow } from '../../../src/rules/medical-relief';
import { params, sameFamilies } from './helpers';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** What the reader did before fenOfNumber: the Decimal of the cell (ZERO for 0 and −0), then fenOf. */
const reference = (v: number) => fenOf(v === 0 ? ZERO : decimalOfNumber(v));

/** Numbers as cells hold them: fen amounts, sub-fen, float noise, huge, around 2^51 and 2^53. */
const cellNumber = fc.oneof(
  fc.integer({ min: 0, max: 30_000_000 }).map((f) => f / 100),
  fc.integer({ min: 0, max: 30_000_000 }).map((f) => f / 10),
  fc.integer({ min: 0, max: 1_000_000_000 }).map((f) => f / 1000),
  fc.integer({ min: 0, max: MAX_SAFE }),
  fc.integer({ min: 0, max: MAX_SAFE }).map((f) => f / 100),
  fc.double({ min: 0, max: 1e16, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: -1000, max: 1000 }).map((d) => 2 ** 51 / 100 + d / 100),
  fc.integer({ min: -1000, max: 1000 }).map((d) => MAX_SAFE / 100 + d),
  fc.constantFrom(0, -0, 0.1 + 0.2, 0.01, 0.07, 1.005, 2 ** 51, 2 ** 51 - 1, 2 ** 53, 90071992547409.91, 1e15, 1e-7, 123456.78),
);

describe('fenOfNumber: fenOf(decimalOfNumber(v)) or −1 (the reader’s fen path)', () => {
  // −1 is "not answered here": the reader then takes the Decimal path, so only an answer must agree.
  const agrees = (v: number) => {
    const f = fenOfNumber(v);
    if (f >= 0) expect(f).toBe(reference(v));
    else expect(f).toBe(-1);
  };

  it('property: every fen it gives is the Decimal path’s', () => {
    fc.assert(fc.property(cellNumber, agrees), { numRuns: 20000 });
  });

  it('property: it answers every whole-fen amount below 2^51 fen (the cells of a real sheet)', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 51 - 1 }), fc.integer({ min: 0, max: 30_000_000 })), (f) => {
      expect(fenOfNumber(f / 100)).toBe(f);
      expect(reference(f / 100)).toBe(f);
    }), { numRuns: 20000 });
  });

  it('on the edges', () => {
    for (const v of [0, -0, 0.01, 0.1, 1, 86427.22, 0.30000000000000004, 1.005, 2 ** 51, 2 ** 51 / 100, MAX_SAFE / 100, 1e300]) agrees(v);
    // From 2^51 fen on, not answered (decimalOfNumber itself leaves its fast path there): the Decimal path.
    expect(fenOfNumber(2 ** 51 / 100)).toBe(-1);
    expect(reference(2 ** 51 / 100)).toBe(2 ** 51);
    expect(fenOfNumber(86427.22)).toBe(8642722);
    expect(fenOfNumber(0.30000000000000004)).toBe(-1);
  });
});

/** Amounts: fen, sub-fen, huge (past 2^53 fen), zero. */
const amount = fc.oneof(
  fc.integer({ min: 0, max: 30_000_000 }).map((f) => new Decimal(f).dividedBy(100)),
  fc.integer({ min: 0, max: 1_000_000_000 }).map((f) => new Decimal(f).dividedBy(1000)),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((b) => new Decimal(b.toString()).dividedBy(100)),
  fc.constantFrom(new Decimal(0), new Decimal(MAX_SAFE).dividedBy(100), new Decimal('90071992547409.91'), new Decimal('0.01')),
);

const rowArb = fc.record({
  familyId: fc.constantFrom('F1', 'F2', ' F1', 'F3 ', 'Ｆ１', 'F 1', 'F4'),
  county: fc.constantFrom('永嘉县', '永嘉', '平阳县', '鹿城区'),
  selfPay: amount,
  name: fc.option(fc.constantFrom('张三', '李四'), { nil: null }),
  idMasked: fc.option(fc.constantFrom('330324********1234', '330326********5678'), { nil: null }),
}) as fc.Arbitrary<ReliefRow>;

describe('FamilyAccumulator fed in fen only (as the reader feeds it) = reliefPerFamilyPlain', () => {
  it('property: rows in whole fen handed over without their Decimal give the same families', () => {
    fc.assert(fc.property(fc.array(fc.tuple(rowArb, fc.boolean()), { maxLength: 40 }), (entries) => {
      const copy = (r: ReliefRow): ReliefRow => ({ ...r, selfPay: new Decimal(r.selfPay) });
      const acc = new FamilyAccumulator();
      for (const [r, fenOnly] of entries) {
        const fen = fenOf(r.selfPay);
        // A row in whole fen may come without its Decimal; any other comes with it.
        acc.add(r.familyId, r.county, fenOnly && fen >= 0 ? null : new Decimal(r.selfPay), fen, r.name ?? null, r.idMasked ?? null);
      }
      expect(acc.rowCount).toBe(entries.length);
      const fast = acc.finish(params);
      const plain = reliefPerFamilyPlain(entries.map(([r]) => copy(r)), params);
      const typed = reliefPerFamily(entries.map(([r]) => copy(r)), params);
      for (const other of [plain, typed]) {
        sameFamilies(fast.families, other.families);
        expect(fast.conflicts).toEqual(other.conflicts);
        expect(fast.lookalikes).toEqual(other.lookalikes);
        expect(fast.spellings).toEqual(other.spellings);
      }
    }), { numRuns: 1000 });
  });
});
