/**
 * 温政办〔2023〕88号 二、星级标准 and 附件1 备注5 — rank by total, star tiers by rank; ties (docs/rules.md §1.4).
 */
import { Decimal } from '../../../src/exact/decimal';
import { rankAndTier, starBandFor, starText } from '../../../src/rules/hq-rating/rank-and-tier';
import { rateHeadquarters } from '../../../src/rules/hq-rating/rate-headquarters';
import type { HqIndicator } from '../../../src/rules/hq-rating/types';
import { code, parameters, row, settings } from '../../fixtures/hq-rating/builders';

const bands = parameters.starBands.value;
const d = (v: string | number) => new Decimal(v);
const zeroScores = { revenue: d(0), localContribution: d(0), rdExpense: d(0), pensionRate: d(0) };
const item = (id: string, total: Decimal | string | number, scores: Partial<Record<HqIndicator, Decimal>> = {}) =>
  ({ id, total: d(total as string), scores: { ...zeroScores, ...scores } });

describe('star bands by rank (二、星级标准)', () => {
  it.each([
    [1, 5], [5, 5], [6, 4], [15, 4], [16, 3], [30, 3], [31, 2], [60, 2], [61, 1], [500, 1],
  ])('rank %i is %i stars', (rank, stars) => {
    expect(starBandFor(rank, bands).stars).toBe(stars);
  });

  it('writes the tier as ★ text', () => {
    expect(starText(5, '五星级')).toBe('★★★★★ 五星级');
  });

  it('puts 70 distinct totals into 5 / 10 / 15 / 30 / 10 headquarters per tier', () => {
    const items = Array.from({ length: 70 }, (_, i) => item(`e${i}`, 1000 - i));
    const ranked = rankAndTier(items, [], bands);
    const count = (s: number) => ranked.filter((r) => r.stars === s).length;
    expect([5, 4, 3, 2, 1].map(count)).toEqual([5, 10, 15, 30, 10]);
    expect(ranked.map((r) => r.rank)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });
});

describe('ties', () => {
  it('use competition ranking 1, 2, 2, 4 and flag 并列', () => {
    const ranked = rankAndTier([item('a', 90), item('b', 80), item('c', 80), item('d', 70)], [], bands);
    expect(ranked.map((r) => [r.item.id, r.rank, r.tied])).toEqual([['a', 1, false], ['b', 2, true], ['c', 2, true], ['d', 4, false]]);
  });

  it('keep the same tier even over the quota (rank 5 shared by two: six five-star headquarters)', () => {
    const items = [100, 99, 98, 97, 96, 96, 95].map((t, i) => item(`e${i}`, t));
    const ranked = rankAndTier(items, [], bands);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 5, 7]);
    expect(ranked.map((r) => r.stars)).toEqual([5, 5, 5, 5, 5, 5, 4]);
  });

  it('treat totals equal to 20 decimal places as equal (different arithmetic paths)', () => {
    const viaThirds = d(1).dividedBy(3).times(3); // 0.999…9 at 50 digits
    const ranked = rankAndTier([item('a', viaThirds), item('b', 1)], [], bands);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1]);
  });

  it('do not treat totals differing in the 20th decimal place as equal', () => {
    const ranked = rankAndTier([item('a', '1.00000000000000000001'), item('b', 1)], [], bands);
    expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([['a', 1], ['b', 2]]);
  });

  it('are broken by the tieBreak scores in order; tied stays only for those still sharing', () => {
    const items = [
      item('a', 50, { localContribution: d(10), revenue: d(1) }),
      item('b', 50, { localContribution: d(20), revenue: d(1) }),
      item('c', 50, { localContribution: d(10), revenue: d(1) }),
      item('d', 50, { localContribution: d(10), revenue: d(5) }),
    ];
    const ranked = rankAndTier(items, ['localContribution', 'revenue'], bands);
    expect(ranked.map((r) => [r.item.id, r.rank, r.tied, r.equalTotal])).toEqual([
      ['b', 1, false, true], ['d', 2, false, true], ['a', 3, true, true], ['c', 3, true, true],
    ]);
  });

  it('are reported as a warning for the review committee', () => {
    const rows = [
      row({ code: code(1), name: '甲', revenue: 10, contribution: 5, rd: 1, contributors: 1, filers: 2 }),
      row({ code: code(2), name: '乙', revenue: 10, contribution: 5, rd: 1, contributors: 1, filers: 2 }),
      row({ code: code(3), name: '丙', revenue: 0, contribution: 0, rd: 0, contributors: 0, filers: 2 }),
    ];
    const out = rateHeadquarters({ rows, parameters, settings: settings() });
    expect(out.results.map((r) => [r.name, r.rank, r.tied])).toEqual([['甲', 1, true], ['乙', 1, true], ['丙', 3, false]]);
    expect(out.problems.some((p) => p.severity === 'warning' && p.message.includes('第 1 名并列') && p.message.includes('「甲」、「乙」'))).toBe(true);
  });

  it('resolved by tieBreak through the whole rating leave no tie warning', () => {
    const rows = [
      // 甲: more revenue, less contribution; 乙 the reverse; totals equal by construction
      row({ code: code(1), name: '甲', revenue: 100, contribution: 0, rd: 0, contributors: 0, filers: 1 }),
      row({ code: code(2), name: '乙', revenue: 0, contribution: 60, rd: 0, contributors: 0, filers: 1 }),
      row({ code: code(3), name: '丙', revenue: 0, contribution: 100, rd: 0, contributors: 0, filers: 1, lists: ['世界500强'] }),
      row({ code: code(4), name: '丁', revenue: 0, contribution: 0, rd: 10, contributors: 1, filers: 1 }),
    ];
    const plain = rateHeadquarters({ rows, parameters, settings: settings() });
    const jia = plain.results.find((r) => r.name === '甲')!;
    const yi = plain.results.find((r) => r.name === '乙')!;
    expect(jia.total.toString()).toBe('30');
    expect(yi.total.toString()).toBe('30');
    expect(jia.rank).toBe(yi.rank);
    const broken = rateHeadquarters({ rows, parameters, settings: settings({ tieBreak: ['localContribution'] }) });
    const order = broken.results.map((r) => [r.name, r.rank, r.tied]);
    expect(order).toContainEqual(['乙', 2, false]);
    expect(order).toContainEqual(['甲', 3, false]);
    expect(broken.problems.some((p) => p.message.includes('并列'))).toBe(false);
  });
});
