/**
 * 温政办〔2023〕88号 附件1 备注1、备注2 — subsidiary rows summed into their headquarters.
 */
import { groupByHeadquarters } from '../../../src/rules/hq-rating/group-by-headquarters';
import { code, row } from '../../fixtures/hq-rating/builders';

const H = code(100);
const S1 = code(101);
const S2 = code(102);

describe('备注2: a headquarters and its branches and controlled subsidiaries are summed', () => {
  it('sums revenue, contribution and R&D of all rows of the group into the headquarters', () => {
    const { groups, problems } = groupByHeadquarters([
      row({ code: H, name: '总部', revenue: '10.5', contribution: 2, rd: 100, contributors: 90, filers: 100 }),
      row({ code: S1, name: '子1', hq: H, revenue: '4.5', contribution: 1, rd: 50, contributors: 10, filers: 20 }),
    ]);
    expect(problems).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(groups[0].values.revenue.toString()).toBe('15');
    expect(groups[0].values.localContribution.toString()).toBe('3');
    expect(groups[0].values.rdExpense.toString()).toBe('150');
  });

  it('takes the group pension rate from Σcontributors / Σfilers, never the mean of the rates', () => {
    const { groups } = groupByHeadquarters([
      row({ code: H, revenue: 1, contributors: 90, filers: 100 }), // 90 %
      row({ code: S1, hq: H, revenue: 1, contributors: 10, filers: 20 }), // 50 %
    ]);
    // (90 + 10) / (100 + 20) = 0.8333…, whereas the mean of rates would be 0.7
    expect(groups[0].values.pensionRate.toFixed(10)).toBe('0.8333333333');
    expect(groups[0].pension).toMatchObject({ kind: 'counts' });
  });

  it('resolves a chain (a subsidiary of a subsidiary) to the top headquarters', () => {
    const { groups, problems } = groupByHeadquarters([
      row({ code: S2, hq: S1, revenue: 1 }),
      row({ code: H, revenue: 1 }),
      row({ code: S1, hq: H, revenue: 1 }),
    ]);
    expect(problems).toEqual([]);
    expect(groups.map((g) => g.creditCode)).toEqual([H]);
    expect(groups[0].values.revenue.toString()).toBe('3');
    expect(groups[0].members.map((m) => m.creditCode)).toEqual([S2, S1]);
  });

  it('treats a row whose hqCreditCode equals its own code as a headquarters row', () => {
    const { groups } = groupByHeadquarters([row({ code: H, hq: H, revenue: 1 })]);
    expect(groups.map((g) => g.creditCode)).toEqual([H]);
  });

  it('reports a hqCreditCode that names no row as an error on that cell', () => {
    const r = row({ code: S1, name: '孤儿子公司', hq: code(999), revenue: 1 });
    r.source = { sheet: '输入表', rowNumber: 5, cells: { hqCreditCode: 'C5' } };
    const { groups, problems } = groupByHeadquarters([r]);
    expect(groups).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', sheet: '输入表', cell: 'C5' })]);
    expect(problems[0].message).toContain('找不到对应的企业行');
  });

  it('reports a cycle of hqCreditCodes as an error', () => {
    const { groups, problems } = groupByHeadquarters([row({ code: S1, hq: S2 }), row({ code: S2, hq: S1 })]);
    expect(groups).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain('循环');
  });

  it('reports a duplicate credit code as an error naming the second row and the first', () => {
    const first = row({ code: H, revenue: 1 });
    first.source = { sheet: 'S', rowNumber: 2, cells: { creditCode: 'A2' } };
    const second = row({ code: H, revenue: 2 });
    second.source = { sheet: 'S', rowNumber: 3, cells: { creditCode: 'A3' } };
    const { problems } = groupByHeadquarters([first, second]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'A3' })]);
    expect(problems[0].message).toMatch(/重复.*第 2 行/);
  });
});

describe('备注1: the pension rate of a group', () => {
  it('accepts a rate given directly on a single-row headquarters', () => {
    const { groups, problems } = groupByHeadquarters([row({ code: H, rate: '0.85' })]);
    expect(problems).toEqual([]);
    expect(groups[0].values.pensionRate.toString()).toBe('0.85');
    expect(groups[0].pension.kind).toBe('rate');
  });

  it('rejects a rate given directly on a headquarters with several rows (the group rate needs the counts)', () => {
    const h = row({ code: H, rate: '0.85' });
    h.source = { sheet: 'S', rowNumber: 2, cells: { pensionRate: 'I2' } };
    const { groups, problems } = groupByHeadquarters([h, row({ code: S1, hq: H, contributors: 1, filers: 2 })]);
    expect(groups).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'I2' })]);
    expect(problems[0].message).toContain('缴费人数之和');
  });

  it('lets the counts win over a rate given on the same row', () => {
    const { groups } = groupByHeadquarters([row({ code: H, contributors: 45, filers: 50, rate: '0.1' })]);
    expect(groups[0].values.pensionRate.toString()).toBe('0.9');
    expect(groups[0].pension.kind).toBe('counts');
  });

  it('reads 0 contributors of 0 filers as rate 0 with a warning', () => {
    const { groups, problems } = groupByHeadquarters([row({ code: H, name: '空壳', contributors: 0, filers: 0 })]);
    expect(groups[0].values.pensionRate.toString()).toBe('0');
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(problems[0].message).toContain('参保率按 0 计算');
  });

  it.each([
    ['more contributors than filers', { contributors: 11, filers: 10 }, 'pensionContributors', '大于个税申报人数'],
    ['filers 0 with contributors', { contributors: 3, filers: 0 }, 'taxFilers', '申报人数为 0'],
    ['a rate above 100 %', { contributors: null, filers: null, rate: '1.2' }, 'pensionRate', '超过 100%'],
    ['neither counts nor a rate', { contributors: null, filers: null }, 'pensionContributors', '缺少参保率数据'],
  ])('reports %s as an error on the right cell', (_label, fields, field, fragment) => {
    const r = row({ code: H, ...(fields as object) });
    r.source = { sheet: 'S', rowNumber: 4, cells: { pensionContributors: 'G4', taxFilers: 'H4', pensionRate: 'I4' } };
    const { groups, problems } = groupByHeadquarters([r]);
    expect(groups).toEqual([]);
    const cell = { pensionContributors: 'G4', taxFilers: 'H4', pensionRate: 'I4' }[field as string];
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', sheet: 'S', cell })]);
    expect(problems[0].message).toContain(fragment);
  });
});

describe('lists and disqualification on any row count for the group', () => {
  it('collects 三年内入选榜单 from subsidiary rows', () => {
    const { groups } = groupByHeadquarters([
      row({ code: H, lists: ['中国制造业企业500强'] }),
      row({ code: S1, hq: H, lists: ['世界500强'] }),
    ]);
    expect(groups[0].top500Lists.map((l) => l.name)).toEqual(['中国制造业企业500强', '世界500强']);
  });

  it('disqualifies the whole group when a subsidiary row has 取消资格情形', () => {
    const { groups } = groupByHeadquarters([
      row({ code: H, name: '总部' }),
      row({ code: S1, name: '子公司', hq: H, disq: '被列入严重失信名单' }),
    ]);
    expect(groups[0].disqualification).toBe('子公司：被列入严重失信名单');
  });
});
