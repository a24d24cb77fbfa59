/** County names matched, never changed (docs/rules.md §2.2, §1.6 所在地). */
import fc from 'fast-check';
import { countyKey, readPlace, sameCounty, WENZHOU_PLACES } from '../../../src/rules/counties/county-names';

describe('countyKey', () => {
  it.each([
    ['文成', '文成县'], ['永嘉', '永嘉县'], ['瑞安市', '瑞安'], ['温州海经区', '海经区'], ['温州海经区', '海经'],
    [' 文成县 ', '文成县'], ['文成县人民政府', '文成'], ['龙港市', '龙港'],
  ])('%s is the same county as %s', (a, b) => expect(sameCounty(a, b)).toBe(true));

  it.each([['温州湾新区', '龙湾区'], ['永嘉县', '文成县'], ['瓯海区', '鹿城区']])('%s is not %s', (a, b) => {
    expect(sameCounty(a, b)).toBe(false);
  });

  it('property: a suffix, surrounding spaces or full-width spaces never change the key', () => {
    fc.assert(fc.property(fc.constantFrom(...WENZHOU_PLACES.filter((p) => /[县市区]$/.test(p))), fc.constantFrom('', ' ', '　'), (place, pad) => {
      expect(countyKey(pad + place + pad)).toBe(countyKey(place));
      expect(countyKey(place.slice(0, -1))).toBe(countyKey(place));
    }));
  });
});

describe('readPlace (所在地, 温政办〔2023〕88号 附件1 备注2)', () => {
  it.each([[null], [''], ['在温'], ['温州'], ['温州市鹿城区'], ['瑞安'], ['乐清市柳市镇'], ['浙江省温州市'], ['本市']])('%p is in Wenzhou', (t) => {
    expect(readPlace(t).kind).toBe('wenzhou');
  });
  it.each([['市外'], ['外地'], ['温州市外'], ['省外'], ['境外']])('%p is named as outside', (t) => {
    expect(readPlace(t).kind).toBe('outside');
  });
  it.each([['杭州市'], ['上海'], ['北京市朝阳区']])('%p is another place (outside, to be said)', (t) => {
    expect(readPlace(t).kind).toBe('elsewhere');
  });
});
