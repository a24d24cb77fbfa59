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

describe('what-if names as 第七条 writes them (docs/rules.md §2.2)', () => {
  const waterUse = (district: string, v: number, population?: number): WhatIfRow => ({ district, waterUse: d(v), population: population === undefined ? null : d(population) });

  it('温州海经区 is 海经区: compared with its 100万元, spelt as typed, not noted as unknown', () => {
    const r = whatIfSplit([waterUse('鹿城区', 3), waterUse('温州海经区', 1)], W(1), d(100), d(1), params.districtShares);
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.lines.map((l) => [l.district, l.current?.toString()])).toEqual([['鹿城区', '16500000'], ['温州海经区', '1000000']]);
    expect(r.value.notes.filter((n) => n.code !== 'district-not-given')).toEqual([]);
    expect(r.value.notes).not.toContainEqual({ code: 'district-not-given', district: '海经区' });
  });

  it('a 温州湾新区 row is folded into 龙湾区 (values added, one line, a note), placed at the first of the two rows', () => {
    const rows = [waterUse('鹿城区', 5, 10), waterUse('温州湾新区', 1, 2), waterUse('龙湾 区', 2, 3)];
    const r = whatIfSplit(rows, W(1, 1), d(100), d(1), params.districtShares);
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.lines.map((l) => [l.district, l.rows, l.folded])).toEqual([['鹿城区', [0], []], ['龙湾 区', [1, 2], ['温州湾新区']]]);
    expect([r.value.inputs[1].waterUse!.toString(), r.value.inputs[1].population!.toString()]).toEqual(['3', '5']);
    // 鹿城 0.5×5/8 + 0.5×10/15; 龙湾 0.5×3/8 + 0.5×5/15
    expect(r.value.lines[1].share.equals(d('0.1875').plus(d(1).dividedBy(6)))).toBe(true);
    expect(r.value.lines[1].current!.toString()).toBe('12800000');
    expect(r.value.total.toString()).toBe('100');
    expect(r.value.notes).toContainEqual({ code: 'part-folded', row: 1, part: '温州湾新区', district: '龙湾区', districtRow: 2 });
    expect(r.value.notes).not.toContainEqual({ code: 'district-not-given', district: '龙湾区' });
  });

  it('a 温州湾新区 row alone stands for 龙湾区', () => {
    const r = whatIfSplit([waterUse('温州湾新区', 1), waterUse('鹿城区', 1)], W(1), d(100), d(1), params.districtShares);
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.lines.map((l) => [l.district, l.folded, l.amount.toString()])).toEqual([['龙湾区', ['温州湾新区'], '50'], ['鹿城区', [], '50']]);
    expect(r.value.notes).toContainEqual({ code: 'part-folded', row: 0, part: '温州湾新区', district: '龙湾区', districtRow: null });
  });

  it('without the edition\'s districts nothing is folded', () => {
    const r = whatIfSplit([waterUse('温州湾新区', 1), waterUse('龙湾区', 1)], W(1), d(100), d(1));
    expect(r.ok && r.value.lines.map((l) => l.district)).toEqual(['温州湾新区', '龙湾区']);
  });
});

