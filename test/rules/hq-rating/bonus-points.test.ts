/**
 * 温政办〔2023〕88号 附件1 附加分 — 龙头企业 (就高、不重复) and 上市公司 (每个加1分, 三年内).
 */
import { Decimal } from '../../../src/exact/decimal';
import { listingBonus, resolveListName, top500Bonus, yearsBefore } from '../../../src/rules/hq-rating/bonus-points';
import type { Listing } from '../../../src/rules/hq-rating/group-by-headquarters';
import { rateHeadquarters } from '../../../src/rules/hq-rating/rate-headquarters';
import { code, parameters, row, settings } from '../../fixtures/hq-rating/builders';

const table = parameters.top500Bonus.value;
const names = (...n: string[]) => n.map((name) => ({ name }));

describe('龙头企业 bonus', () => {
  it.each([
    ['世界500强', '5'], ['财富世界500强', '5'], ['世界企业500强', '5'],
    ['中国企业500强', '3'], ['中国民营企业500强', '2'], ['民营企业500强', '2'],
    ['中国制造业企业500强', '1'], ['制造业企业500强', '1'], ['中国服务业企业500强', '1'], ['服务业企业500强', '1'],
  ])('%s is worth %s points', (name, points) => {
    expect(resolveListName(name, table)!.points.toString()).toBe(points);
  });

  it('counts only the highest list, however many (就高、不重复)', () => {
    const b = top500Bonus(names('中国制造业企业500强', '世界500强', '中国企业500强'), table);
    expect(b.points.toString()).toBe('5');
    expect(b.list).toBe('世界500强');
    expect(b.lists).toEqual(['世界500强', '中国企业500强', '中国制造业企业500强']);
  });

  it('gives nothing for no list', () => {
    expect(top500Bonus([], table).points.toString()).toBe('0');
  });

  it('reports an unknown list name as an error on the list cell', () => {
    const r = row({ code: code(1), lists: ['福布斯500强'] });
    r.source = { sheet: 'S', rowNumber: 2, cells: { top500Lists: 'J2' } };
    const problems: Parameters<typeof top500Bonus>[2] = [];
    top500Bonus([{ name: '福布斯500强', row: r }], table, problems);
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', sheet: 'S', cell: 'J2' })]);
    expect(problems[0].message).toContain('「福布斯500强」不是可加分的榜单');
  });
});

describe('上市公司 bonus within three years of the rating date (both ends inclusive)', () => {
  const listing = (date: string, n = 1): Listing => {
    const r = row({ code: code(n), exchange: '上交所', date });
    return { row: r, creditCode: r.creditCode, name: r.name, exchange: '上交所', date };
  };
  const one = new Decimal(1);

  it('counts back three years: 2024-12-31 → 2021-12-31; 29 February falls back to 28 February', () => {
    expect(yearsBefore('2024-12-31', 3)).toBe('2021-12-31');
    expect(yearsBefore('2024-02-29', 3)).toBe('2021-02-28');
    expect(yearsBefore('2024-02-29', 4)).toBe('2020-02-29');
  });

  it('counts a listing exactly three years before the rating date', () => {
    expect(listingBonus([listing('2021-12-31')], '2024-12-31', 3, one).points.toString()).toBe('1');
  });

  it('does not count one a day earlier', () => {
    const b = listingBonus([listing('2021-12-30')], '2024-12-31', 3, one);
    expect(b.points.toString()).toBe('0');
    expect(b.checks[0].status).toBe('before-window');
  });

  it('counts a listing on the rating date itself', () => {
    expect(listingBonus([listing('2024-12-31')], '2024-12-31', 3, one).points.toString()).toBe('1');
  });

  it('ignores a listing after the rating date, with a warning on the date cell', () => {
    const l = listing('2025-01-01');
    l.row.source = { sheet: 'S', rowNumber: 7, cells: { listingDate: 'L7' } };
    const problems: Parameters<typeof listingBonus>[4] = [];
    const b = listingBonus([l], '2024-12-31', 3, one, problems);
    expect(b.points.toString()).toBe('0');
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'L7' })]);
    expect(problems[0].message).toContain('晚于评定基准日');
  });

  it('gives +1 for each company of the group listed in the window', () => {
    expect(listingBonus([listing('2022-01-01', 1), listing('2023-01-01', 2), listing('2019-01-01', 3)], '2024-12-31', 3, one).points.toString()).toBe('2');
  });
});

describe('listing columns of a row', () => {
  it('an exchange without a date is an error on the date cell', () => {
    const r = row({ code: code(1), exchange: '纳斯达克' });
    r.source = { sheet: 'S', rowNumber: 3, cells: { listingDate: 'L3' } };
    const out = rateHeadquarters({ rows: [r], parameters, settings: settings() });
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'L3' })]);
    expect(out.problems[0].message).toContain('缺少上市日期');
    expect(out.results).toEqual([]);
  });

  it('a date without an exchange is ignored with a warning', () => {
    const r = row({ code: code(1), date: '2023-01-01' });
    const out = rateHeadquarters({ rows: [r, row({ code: code(2), revenue: 1 })], parameters, settings: settings() });
    expect(out.problems.filter((p) => p.severity === 'warning' && p.message.includes('未填写上市交易所'))).toHaveLength(1);
    expect(out.results.find((x) => x.creditCode === code(1))!.bonus.listing.toString()).toBe('0');
  });

  it('any exchange counts ("等交易所")', () => {
    const r = row({ code: code(1), exchange: '伦敦证券交易所', date: '2023-01-01' });
    const out = rateHeadquarters({ rows: [r], parameters, settings: settings() });
    expect(out.results[0].bonus.listing.toString()).toBe('1');
  });
});
