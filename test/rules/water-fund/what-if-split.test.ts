import fc from 'fast-check';
import { Decimal, sum } from '../../../src/exact/decimal';
import { whatIfSplit, WhatIfRow, WhatIfWeights } from '../../../src/rules/water-fund/what-if-split';
import { d, params } from './helpers';

const WHOLE = d(70000000);
const W = (waterUse: number | string, population: number | string = 0, structure: number | string = 0): WhatIfWeights =>
  ({ waterUse: d(waterUse), population: d(population), structure: d(structure) });
const ten: WhatIfRow[] = params.districtShares.map((x, i) => ({ district: x.district, waterUse: d(1000 + i * 37), population: d(50000 + i * 1111), structure: d(i + 1) }));

describe('what-if split of the districts 7,000万 (温政办函〔2023〕28号 第六条)', () => {
  it('by water use alone (default weights) adds up to exactly 70,000,000', () => {
    const r = whatIfSplit(ten, W(1), WHOLE, d(1), params.districtShares);
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.total.toString()).toBe('70000000');
    expect(sum(r.value.lines.map((l) => l.amount)).toString()).toBe('70000000');
    expect(r.value.factors).toEqual(['waterUse']);
    r.value.lines.forEach((l) => expect(l.amount.isInteger()).toBe(true));
  });

  it('water use equal to the current amounts reproduces 第七条 exactly, difference 0', () => {
    const rows = params.districtShares.map((x) => ({ district: x.district, waterUse: x.amount.dividedBy(10000) }));
    const r = whatIfSplit(rows, W(1), WHOLE, d(1), params.districtShares);
    if (!r.ok) throw new Error('expected ok');
    r.value.lines.forEach((l) => {
      expect(l.amount.equals(l.current!)).toBe(true);
      expect(l.difference!.isZero()).toBe(true);
    });
  });

  it('mixes water use and population by the user weights', () => {
    const rows: WhatIfRow[] = [{ district: '鹿城区', waterUse: d(3), population: d(1) }, { district: '龙湾区', waterUse: d(1), population: d(1) }];
    const r = whatIfSplit(rows, W(3, 1), d(100), d(1));
    if (!r.ok) throw new Error('expected ok');
    // 鹿城 0.75×0.75 + 0.25×0.5 = 0.6875 → 68.75; 龙湾 31.25; largest remainder: equal .75/.25 → 69 / 31
    expect(r.value.lines.map((l) => l.share.toString())).toEqual(['0.6875', '0.3125']);
    expect(r.value.lines.map((l) => l.amount.toString())).toEqual(['69', '31']);
  });

  it('equal remainders go to the earlier row', () => {
    const rows: WhatIfRow[] = ['a', 'b', 'c'].map((x) => ({ district: x, waterUse: d(1) }));
    const r = whatIfSplit(rows, W(1), d(100), d(1));
    expect(r.ok && r.value.lines.map((l) => l.amount.toString())).toEqual(['34', '33', '33']);
  });

  it('refuses a used factor that is missing, negative, or sums to 0, and all-zero weights', () => {
    const r1 = whatIfSplit([{ district: 'a', waterUse: d(1), population: null }], W(1, 1), WHOLE, d(1));
    expect(!r1.ok && r1.issues).toEqual([expect.objectContaining({ code: 'missing-value', factor: 'population' })]);
    const r2 = whatIfSplit([{ district: 'a', waterUse: d(0) }], W(1), WHOLE, d(1));
    expect(!r2.ok && r2.issues).toEqual([{ code: 'factor-sum-zero', factor: 'waterUse' }]);
    const r3 = whatIfSplit([{ district: 'a', waterUse: d(1) }], W(0), WHOLE, d(1));
    expect(!r3.ok && r3.issues).toEqual([{ code: 'weights-zero' }]);
    const r4 = whatIfSplit([{ district: 'a', waterUse: d(-1) }, { district: 'b', waterUse: d(3) }], W(1), WHOLE, d(1));
    expect(!r4.ok && r4.issues[0]).toEqual(expect.objectContaining({ code: 'negative-value', row: 0 }));
  });

  it('notes districts not in 第七条 and 第七条 districts not given', () => {
    const r = whatIfSplit([{ district: '鹿城区', waterUse: d(1) }, { district: '苍南县', waterUse: d(1) }], W(1), WHOLE, d(1), params.districtShares);
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.notes).toEqual(expect.arrayContaining([{ code: 'unknown-district', row: 1 }, { code: 'district-not-given', district: '龙湾区' }]));
  });

  it('property: any non-negative water use with a non-zero total splits 70,000,000 exactly, each within one yuan', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 15 }).filter((xs) => xs.some((x) => x > 0)),
      (uses) => {
        const rows = uses.map((u, i) => ({ district: `区${i}`, waterUse: new Decimal(u) }));
        const r = whatIfSplit(rows, W(1), WHOLE, d(1));
        if (!r.ok) throw new Error('expected ok');
        expect(r.value.total.equals(WHOLE)).toBe(true);
        r.value.lines.forEach((l) => expect(l.amount.minus(l.quota).abs().lessThan(1)).toBe(true));
      },
    ));
  });
});
