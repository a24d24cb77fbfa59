import { checkRecipients } from '../../../src/rules/water-fund/recipients';
import { params } from './helpers';

describe('who receives the fund (温政办函〔2023〕28号 第四条, docs/rules.md §2.2)', () => {
  it('the four counties of 第四条, however they are typed, are all present and all listed', () => {
    expect(checkRecipients(['瑞安市', '文成', '　泰顺 县', '瓯海区人民政府'], params.recipients)).toEqual({ notListed: [], missing: [] });
  });

  it('a county of the list missing from the input is named, with its reservoir', () => {
    expect(checkRecipients(['瑞安市', '文成县', '泰顺县'], params.recipients).missing).toEqual([{ county: '瓯海区', source: '泽雅水库及集雨区' }]);
  });

  it('a county not on the list is reported by its index; blank names are skipped', () => {
    const r = checkRecipients(['瑞安市', '', '永嘉县', '文成县', '泰顺县', '瓯海区'], params.recipients);
    expect(r).toEqual({ notListed: [2], missing: [] });
  });

  it('a name that only resembles a county does not match it (瑞安市（测） is not 瑞安市)', () => {
    const r = checkRecipients(['瑞安市（测）', '文成县', '泰顺县', '瓯海区'], params.recipients);
    expect(r.notListed).toEqual([0]);
    expect(r.missing.map((m) => m.county)).toEqual(['瑞安市']);
  });
});
