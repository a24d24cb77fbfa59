import fc from 'fast-check';
import { Decimal, sum } from '../../../src/exact/decimal';
import { allocateFund, CountyInput } from '../../../src/rules/water-fund/allocate-fund';
import type { AssessmentInput } from '../../../src/rules/water-fund/assessment-score';
import { COUNTIES, d, fv, params, WORKED } from './helpers';

const score = (w: number, g: string, m: number, p: number, ded?: number): AssessmentInput =>
  ({ waterQuality: d(w), greenRate: d(g), management: d(m), performance: d(p), deduction: ded === undefined ? null : d(ded) });
const SCORES = [score(45, '0.9', 14, 5), score(48, '0.95', 15, 5), score(44, '0.8', 13, 4, 1), score(40, '0.85', 12, 5, 2)];
const inputs = (assess = true): CountyInput[] => COUNTIES.map((county, i) => ({ county, values: WORKED[i], assessment: assess ? SCORES[i] : null }));

describe('allocating the fund (温政办函〔2023〕28号 第八至十一条, docs/rules.md §2.5/§2.6)', () => {
  it('publishes the worked example bases by largest remainder adding to exactly 140,000,000, each within one yuan', () => {
    const r = allocateFund(inputs(false), params, { unit: d(1), withAssessment: false });
    if (!r.ok) throw new Error('expected ok');
    const rows = r.value.rows;
    expect(rows.map((x) => x.base.toString())).toEqual(['23290909', '55872727', '42509091', '18327273']);
    expect(r.value.totals.base.toString()).toBe('140000000');
    rows.forEach((x) => expect(x.base.minus(x.quota).abs().lessThan(1)).toBe(true));
    expect(rows[1].quota.toFixed(2)).toBe('55872727.27');
    expect(rows.map((x) => x.baseRoundedUp)).toEqual([false, false, true, true]);
  });

  it('with assessment data pays 1100/900/600/400万 to the right counties and totals 170,000,000', () => {
    const r = allocateFund(inputs(), params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    const byCounty = Object.fromEntries(r.value.rows.map((x) => [x.county, x]));
    expect(byCounty['文成县'].reward.toString()).toBe('11000000');
    expect(byCounty['泰顺县'].reward.toString()).toBe('9000000');
    expect(byCounty['瑞安市'].reward.toString()).toBe('6000000');
    expect(byCounty['瓯海区'].reward.toString()).toBe('4000000');
    expect(byCounty['文成县'].total.toString()).toBe('66872727');
    expect(byCounty['泰顺县'].assessment!.score.toString()).toBe('84');
    expect(r.value.rows.map((x) => [x.group, x.groupRank])).toEqual([['B', 1], ['A', 1], ['A', 2], ['B', 2]]);
    expect(r.value.totals.reward.toString()).toBe('30000000');
    expect(r.value.totals.total.toString()).toBe('170000000');
    expect(r.warnings).toEqual([]);
  });

  it('without assessment data every reward is 0 and the groups are null', () => {
    const r = allocateFund(inputs(false), params, { unit: d(1), withAssessment: false });
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.rows.every((x) => x.reward.isZero() && x.group === null && x.groupRank === null && x.assessment === null)).toBe(true);
    expect(r.value.totals.reward.toString()).toBe('0');
    expect(r.value.totals.total.toString()).toBe('140000000');
  });

  it('a tie in group A gives 10,000,000 each, flagged', () => {
    const c = inputs();
    c[2] = { ...c[2], assessment: SCORES[1] };
    const r = allocateFund(c, params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    expect([r.value.rows[1].reward.toString(), r.value.rows[2].reward.toString()]).toEqual(['10000000', '10000000']);
    expect([r.value.rows[1].tied, r.value.rows[2].tied, r.value.rows[0].tied]).toEqual([true, true, false]);
    expect(r.warnings).toEqual([expect.objectContaining({ source: 'reward', issue: expect.objectContaining({ code: 'tie', group: 'A' }) })]);
    expect(r.value.totals.total.toString()).toBe('170000000');
  });

  it('a three-way tie whose places do not divide evenly is published by largest remainder, earlier rows first', () => {
    const c: CountyInput[] = [
      ...inputs(),
      { county: '永嘉县', values: fv(1, 1, 1, 1), groupOverride: 'A', assessment: SCORES[1] },
    ];
    c[2] = { ...c[2], assessment: SCORES[1] };
    const r = allocateFund(c, params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    expect([1, 2, 4].map((i) => r.value.rows[i].reward.toString())).toEqual(['6666667', '6666667', '6666666']);
    expect(r.value.rows[1].rewardExact.toFixed(4)).toBe('6666666.6667');
    expect(r.value.totals.reward.toString()).toBe('30000000');
  });

  it('the 考核组 column overrides the group given by the county name', () => {
    const c = inputs();
    c[0] = { ...c[0], groupOverride: 'A' }; // 瑞安 moved to A: A has three, B only 瓯海
    const r = allocateFund(c, params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.rows.map((x) => x.group)).toEqual(['A', 'A', 'A', 'B']);
    expect(r.value.rows[3].reward.toString()).toBe('6000000');
    expect(r.value.totals.reward.toString()).toBe('26000000');
    expect(r.warnings.map((w) => w.issue.code)).toEqual(expect.arrayContaining(['group-over', 'group-short', 'total-short']));
  });

  it('a group with one county pays less than 30,000,000 and warns', () => {
    const r = allocateFund(inputs().filter((_, i) => i !== 2), params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.totals.reward.toString()).toBe('21000000');
    expect(r.value.totals.reward.lessThan(30000000)).toBe(true);
    expect(r.value.totals.base.toString()).toBe('140000000');
    expect(r.warnings.map((w) => w.issue.code)).toEqual(expect.arrayContaining(['group-short', 'total-short']));
  });

  it('unit fen gives two-decimal amounts that add up exactly', () => {
    const r = allocateFund(inputs(), params, { unit: d('0.01'), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.rows.map((x) => x.base.toFixed(2))).toEqual(['23290909.09', '55872727.27', '42509090.91', '18327272.73']);
    expect(r.value.totals.base.toFixed(2)).toBe('140000000.00');
    expect(r.value.totals.total.toFixed(2)).toBe('170000000.00');
  });

  it('collects errors: a zero factor column and a component above its maximum', () => {
    const c = inputs().map((x) => ({ ...x, values: { ...x.values, primaryZoneArea: d(0) } }));
    c[1] = { ...c[1], assessment: { ...SCORES[1], management: d(20) } };
    const r = allocateFund(c, params, { unit: d(1), withAssessment: true });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual(expect.arrayContaining([
        { source: 'base', issue: expect.objectContaining({ code: 'factor-sum-zero', field: 'primaryZoneArea' }) },
        { source: 'assessment', row: 1, issue: expect.objectContaining({ code: 'above-max', component: 'management' }) },
      ]));
    }
  });

  it('a county in a group without assessment data is an error; one outside the groups is not', () => {
    const c: CountyInput[] = [...inputs(), { county: '永嘉县', values: fv(1, 1, 1, 1), assessment: null }];
    const ok = allocateFund(c, params, { unit: d(1), withAssessment: true });
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.warnings).toEqual([{ source: 'reward', issue: { code: 'no-group', index: 4 } }]);
    c[1] = { ...c[1], assessment: null };
    const bad = allocateFund(c, params, { unit: d(1), withAssessment: true });
    expect(!bad.ok && bad.errors).toEqual([{ source: 'reward', issue: { code: 'missing-score', index: 1 } }]);
  });

  it('property: random factor tables publish bases adding exactly to 140,000,000, each within one unit of its quota', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000 }), fc.double({ min: 0, max: 1e5, noNaN: true, noDefaultInfinity: true }));
    fc.assert(fc.property(
      fc.array(fc.tuple(value, value, value, value), { minLength: 1, maxLength: 10 }).filter((rows) => [0, 1, 2, 3].every((k) => rows.some((r) => r[k] > 0))),
      fc.constantFrom('1', '0.01'),
      (rows, unitText) => {
        const unit = new Decimal(unitText);
        const c = rows.map((r, i) => ({ county: `县${i}`, values: fv(String(r[0]), String(r[1]), String(r[2]), String(r[3])), assessment: null }));
        const r = allocateFund(c, params, { unit, withAssessment: false });
        if (!r.ok) throw new Error('expected ok');
        expect(r.value.totals.base.equals(140000000)).toBe(true);
        expect(sum(r.value.rows.map((x) => x.share)).minus(1).abs().lessThan('1e-40')).toBe(true);
        r.value.rows.forEach((x) => {
          expect(x.base.minus(x.quota).abs().lessThan(unit)).toBe(true);
          expect(x.base.mod(unit).isZero()).toBe(true);
        });
      },
    ), { numRuns: 200 });
  });
});

describe('a 考核组 override (温政办函〔2023〕28号 第十条, docs/rules.md §2.4)', () => {
  it('moves the county into the group given, with a warning; without assessment data it does not apply', () => {
    const c = inputs();
    c[0] = { ...c[0], groupOverride: 'A' }; // 瑞安市 is B by 第十条
    const r = allocateFund(c, params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    expect(r.value.rows[0].group).toBe('A');
    expect(r.warnings).toEqual(expect.arrayContaining([{ source: 'reward', issue: { code: 'group-override', index: 0, given: 'A', byName: 'B' } }]));
    const base = allocateFund(inputs(false).map((x, i) => (i === 0 ? { ...x, groupOverride: 'A' as const } : x)), params, { unit: d(1), withAssessment: false });
    expect(base.ok && base.warnings).toEqual([]);
  });
});
