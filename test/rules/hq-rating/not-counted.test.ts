/**
 * 温政办〔2023〕88号 附件1 备注2 "母公司和在温分公司、控股子公司" and 附件2 第19项 "控股50%以上":
 * which rows are summed into a headquarters (docs/rules.md §1.6).
 */
import fc from 'fast-check';
import { Decimal } from '../../../src/exact/decimal';
import { groupByHeadquarters, ownExclusion } from '../../../src/rules/hq-rating/group-by-headquarters';
import { code, row } from '../../fixtures/hq-rating/builders';

const H = code(1);
const sub = (n: number, extra: { share?: string | null; location?: string | null; hq?: string }) => ({
  ...row({ code: code(n), name: `子${n}`, hq: extra.hq ?? H, revenue: n, contribution: 1, rd: 1 }),
  holdingShare: extra.share == null ? null : new Decimal(extra.share),
  location: extra.location ?? null,
});

describe('ownExclusion', () => {
  it('counts 50 % itself (以上 includes the number), an empty share and an empty place', () => {
    expect(ownExclusion(sub(2, { share: '0.5' }))).toBeNull();
    expect(ownExclusion(sub(2, {}))).toBeNull();
    expect(ownExclusion(sub(2, { location: '在温' }))).toBeNull();
  });
  it('leaves out 49.99 % and 市外, saying why', () => {
    expect(ownExclusion(sub(2, { share: '0.4999' }))).toContain('49.99%');
    expect(ownExclusion(sub(2, { location: '市外' }))).toContain('市外');
  });
});

describe('groupByHeadquarters with rows not counted', () => {
  it('a row below a not-counted row is not counted either, and is listed with the reason above it', () => {
    const rows = [
      row({ code: H, name: '总部', revenue: 1, contribution: 1, rd: 1 }),
      sub(2, { share: '0.3' }),
      sub(3, { share: '1', hq: code(2) }),
      sub(4, { share: '0.8' }),
    ];
    const out = groupByHeadquarters(rows);
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0].values.revenue.toString()).toBe('5'); // 1 + 4
    expect(out.notCounted.map((n) => n.row.creditCode)).toEqual([code(2), code(3)]);
    expect(out.notCounted[1].reason).toContain('子2');
    expect(out.notCounted.every((n) => n.headquarters.creditCode === H)).toBe(true);
  });

  it('property: adding 市外 or below-50 % rows never changes any headquarters value', () => {
    const extra = fc.array(fc.record({
      kind: fc.constantFrom('out', 'minor'),
      revenue: fc.integer({ min: 0, max: 1000 }),
      share: fc.integer({ min: 0, max: 4999 }),
    }), { maxLength: 6 });
    fc.assert(fc.property(extra, (extras) => {
      const base = [row({ code: H, name: '总部', revenue: 7, contribution: 2, rd: 3, contributors: 5, filers: 10 }), sub(2, { share: '0.6' })];
      const added = extras.map((e, i) => ({
        ...sub(10 + i, e.kind === 'out' ? { location: '市外' } : { share: new Decimal(e.share).dividedBy(10000).toString() }),
        revenue: new Decimal(e.revenue), top500Lists: ['世界500强'],
      }));
      const before = groupByHeadquarters(base).groups[0];
      const after = groupByHeadquarters([...base, ...added]);
      expect(after.notCounted).toHaveLength(added.length);
      for (const f of ['revenue', 'localContribution', 'rdExpense', 'pensionRate'] as const) {
        expect(after.groups[0].values[f].equals(before.values[f])).toBe(true);
      }
      expect(after.groups[0].top500Lists).toEqual([]);
    }));
  });
});
