import { assignGroups, groupRewards, RewardEntry } from '../../../src/rules/water-fund/group-rewards';
import { d, params } from './helpers';

const entry = (county: string, group: 'A' | 'B' | null, score: string | null): RewardEntry => ({ county, group, score: score === null ? null : d(score) });
const WAN = (v: number) => d(v).times(10000).toString();

describe('rewards by rank within groups A and B (温政办函〔2023〕28号 第十条)', () => {
  it('pays 1100/900万 in group A and 600/400万 in group B, 3000万 in all', () => {
    const r = groupRewards([
      entry('瑞安市', 'B', '91'), entry('文成县', 'A', '96.5'), entry('泰顺县', 'A', '84'), entry('瓯海区', 'B', '80.5'),
    ], params.groups, params.rewardTotal);
    expect(r.placements.map((p) => p.reward.toString())).toEqual([WAN(600), WAN(1100), WAN(900), WAN(400)]);
    expect(r.placements.map((p) => p.rank)).toEqual([1, 1, 2, 2]);
    expect(r.paid.toString()).toBe('30000000');
    expect(r.issues).toEqual([]);
  });

  it('a tie in group A shares 1100 + 900 equally: 1000万 each, flagged', () => {
    const r = groupRewards([entry('文成县', 'A', '90'), entry('泰顺县', 'A', '90')], params.groups.slice(0, 1), d(20000000));
    expect(r.placements.map((p) => p.reward.toString())).toEqual(['10000000', '10000000']);
    expect(r.placements.map((p) => [p.rank, p.tied])).toEqual([[1, true], [1, true]]);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'tie', group: 'A', rank: 1, members: [0, 1] })]);
  });

  it('scores equal to 20 decimal places tie even when reached by different arithmetic', () => {
    const a = d(1).dividedBy(3).times(3); // 0.999…9 at 50 digits
    const r = groupRewards([{ county: '文成县', group: 'A', score: a }, { county: '泰顺县', group: 'A', score: d(1) }], params.groups, params.rewardTotal);
    expect(r.placements.every((p) => p.tied)).toBe(true);
  });

  it('scores that differ in the 19th decimal do not tie', () => {
    const r = groupRewards([entry('文成县', 'A', '90.0000000000000000001'), entry('泰顺县', 'A', '90.0000000000000000002')], params.groups, params.rewardTotal);
    expect(r.placements.map((p) => p.rank)).toEqual([2, 1]);
  });

  it('competition ranking: three counties tied for 1st in a group share 1100 + 900 + 0', () => {
    const r = groupRewards([entry('文成县', 'A', '90'), entry('泰顺县', 'A', '90'), entry('永嘉县', 'A', '90')], params.groups, params.rewardTotal);
    expect(r.paySets).toEqual([expect.objectContaining({ group: 'A', rank: 1, members: [0, 1, 2] })]);
    expect(r.paySets[0].amount.toString()).toBe('20000000');
    expect(r.placements[0].reward.times(3).toDecimalPlaces(10).toString()).toBe('20000000');
    expect(r.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['tie', 'group-over', 'total-short']));
  });

  it('a tie for 2nd of three gives rank 2 to both and shares 900 + 0', () => {
    const r = groupRewards([entry('文成县', 'A', '95'), entry('泰顺县', 'A', '90'), entry('永嘉县', 'A', '90')], params.groups, params.rewardTotal);
    expect(r.placements.map((p) => p.rank)).toEqual([1, 2, 2]);
    expect(r.placements.map((p) => p.reward.toString())).toEqual(['11000000', '4500000', '4500000']);
  });

  it('a group with one county pays only the 1st place and warns the total is below 3000万', () => {
    const r = groupRewards([entry('文成县', 'A', '90'), entry('瑞安市', 'B', '80'), entry('瓯海区', 'B', '70')], params.groups, params.rewardTotal);
    expect(r.paid.toString()).toBe('21000000');
    expect(r.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'group-short', group: 'A', counties: 1, places: 2 }),
      expect.objectContaining({ code: 'total-short' }),
    ]));
  });

  it('a county outside A and B gets no reward and is noted', () => {
    const r = groupRewards([entry('永嘉县', null, null), entry('文成县', 'A', '90'), entry('泰顺县', 'A', '80')], params.groups, params.rewardTotal);
    expect(r.placements[0]).toEqual(expect.objectContaining({ group: null, rank: null }));
    expect(r.placements[0].reward.isZero()).toBe(true);
    expect(r.issues).toEqual(expect.arrayContaining([{ code: 'no-group', index: 0 }]));
  });

  it('a county in a group without a score is reported', () => {
    const r = groupRewards([entry('文成县', 'A', null)], params.groups, params.rewardTotal);
    expect(r.issues).toEqual(expect.arrayContaining([{ code: 'missing-score', index: 0 }]));
  });
});

describe('the group of each county (温政办函〔2023〕28号 第十条, docs/rules.md §2.4)', () => {
  it('by county name when no 考核组 is given, however the name is typed', () => {
    const r = assignGroups([{ county: '文成' }, { county: '泰顺县 ' }, { county: '瑞安市', override: null }, { county: '瓯海区' }, { county: '永嘉县' }], params.groups);
    expect(r.groups).toEqual(['A', 'A', 'B', 'B', null]);
    expect(r.issues).toEqual([]);
  });

  it('a 考核组 equal to 第十条 is no override; one that differs is used and reported', () => {
    const r = assignGroups([{ county: '文成县', override: 'A' }, { county: '瑞安市', override: 'A' }, { county: '永嘉县', override: 'B' }], params.groups);
    expect(r.groups).toEqual(['A', 'A', 'B']);
    expect(r.issues).toEqual([
      { code: 'group-override', index: 1, given: 'A', byName: 'B' },
      { code: 'group-override', index: 2, given: 'B', byName: null },
    ]);
  });
});
