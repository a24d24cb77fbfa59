import { sum } from '../../../src/exact/decimal';
import { contributions } from '../../../src/rules/water-fund/contributions';
import { params } from './helpers';

describe('money in (温政办函〔2023〕28号 第三、六、七条)', () => {
  const c = contributions(params);
  it('市财政 10,000万 plus the ten districts 7,000万 make 17,000万 = base 14,000万 + reward 3,000万', () => {
    expect(c.city.amount.toString()).toBe('100000000');
    expect(c.districts).toHaveLength(10);
    expect(c.districtTotal.toString()).toBe('70000000');
    expect(c.totalIn.toString()).toBe('170000000');
    expect(c.budgetOut.toString()).toBe('170000000');
    expect(c.balanced).toBe(true);
  });

  it('the district amounts are those of 第七条', () => {
    expect(c.districts.map((x) => [x.payer, x.amount.dividedBy(10000).toString()])).toEqual([
      ['鹿城区', '1650'], ['龙湾区', '1280'], ['瓯海区', '1300'], ['洞头区', '130'], ['海经区', '100'],
      ['乐清市', '150'], ['瑞安市', '970'], ['永嘉县', '100'], ['平阳县', '710'], ['龙港市', '610'],
    ]);
  });

  it('龙湾区 carries the note 温州湾新区780万, inside its 1280万 and not added again', () => {
    const lw = c.districts.find((x) => x.payer === '龙湾区')!;
    expect(lw.note).toContain('温州湾新区780万');
    expect(lw.parts.map((p) => [p.name, p.amount.toString()])).toEqual([['温州湾新区', '7800000']]);
    expect(sum(c.districts.map((x) => x.amount)).toString()).toBe('70000000');
    expect(c.partsExceeding).toEqual([]);
  });

  it('an edition whose districts do not add up is not balanced', () => {
    const broken = { ...params, districtShares: params.districtShares.slice(1) };
    expect(contributions(broken).balanced).toBe(false);
  });
});
