import fc from 'fast-check';
import { Decimal } from '../../../src/exact/decimal';
import { computeRelief, splitRelief, summariseCounties, FamilyRelief } from '../../../src/rules/medical-relief';
import { countyKey } from '../../../src/rules/counties/county-names';
import { d, params, row } from './helpers';

const family = (familyId: string, county: string, relief: string | number, firstRow = 0): FamilyRelief => ({
  familyId, familyKey: familyId.trim(), county, countyKey: countyKey(county), selfPay: d(relief).plus(params.threshold), relief: d(relief),
  firstRow, rows: 1, names: [], ids: [],
});
const terms = { cityFundPerYear: params.cityFundPerYear, localMatchRatio: params.localMatchRatio, pilotCounties: params.pilotCounties };

describe('county summary and the fund split (温政办〔2023〕90号 三、（五）, 一、工作目标)', () => {
  it('takes the city fund 20,000,000, the 1:1 ratio and the six pilot counties from the edition', () => {
    expect(params.cityFundPerYear.toString()).toBe('20000000');
    expect(params.localMatchRatio.toString()).toBe('1');
    expect(params.pilotCounties).toEqual(['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区']);
  });

  it('splits one yuan of relief exactly into 0.5 city fund and 0.5 local matching', () => {
    const s = summariseCounties([family('F1', '永嘉县', 1)], terms);
    expect(s.counties[0].cityFund.toString()).toBe('0.5');
    expect(s.counties[0].localMatch.toString()).toBe('0.5');
  });

  // docs/rules.md §3 (edition 2): the city's half is rounded down to the fen, the odd fen is local.
  it('splits an odd amount to the fen: 100,000.01 → 50,000 city + 50,000.01 local', () => {
    const { cityFund, localMatch } = splitRelief(d('100000.01'), d(1));
    expect(cityFund.toString()).toBe('50000');
    expect(localMatch.toString()).toBe('50000.01');
  });

  it('splits 1,538,473.73 into 769,236.86 city + 769,236.87 local', () => {
    const { cityFund, localMatch } = splitRelief(d('1538473.73'), d(1));
    expect(cityFund.toString()).toBe('769236.86');
    expect(localMatch.toString()).toBe('769236.87');
  });

  it('with another matching ratio the city part is rounded down to the fen and the parts add up (1:2 → 33.33 + 66.67)', () => {
    const { cityFund, localMatch } = splitRelief(d(100), d(2));
    expect(cityFund.plus(localMatch).toString()).toBe('100');
    expect(cityFund.toString()).toBe('33.33');
    expect(localMatch.toString()).toBe('66.67');
    // 0.02 with 1:2 → 0.0066… → 0.00 city
    expect(splitRelief(d('0.02'), d(2)).cityFund.toString()).toBe('0');
    // exact thirds are not lost to the working precision: 0.03 → 0.01 city
    expect(splitRelief(d('0.03'), d(2)).cityFund.toString()).toBe('0.01');
  });

  it('outside the pilot the city pays nothing and the local side all', () => {
    const { cityFund, localMatch } = splitRelief(d('100000.01'), d(1), false);
    expect(cityFund.toString()).toBe('0');
    expect(localMatch.toString()).toBe('100000.01');
  });

  it('counts families, families relieved (relief > 0) and sums relief per county, in order of first appearance', () => {
    const s = summariseCounties([
      family('F1', '平阳县', 0), family('F2', '永嘉县', 100000), family('F3', '平阳县', 3), family('F4', '平阳县', 0),
    ], terms);
    expect(s.counties.map((c) => [c.county, c.families, c.relieved, c.relief.toString(), c.cityFund.toString(), c.localMatch.toString()])).toEqual([
      ['平阳县', 3, 1, '3', '1.5', '1.5'],
      ['永嘉县', 1, 1, '100000', '50000', '50000'],
    ]);
    expect(s.totals.families).toBe(4);
    expect(s.totals.relieved).toBe(2);
    expect(s.totals.relief.toString()).toBe('100003');
    expect(s.totals.cityFund.toString()).toBe('50001.5');
  });

  it('does not warn when the city’s half is exactly 20,000,000 (400 capped families)', () => {
    const families = Array.from({ length: 400 }, (_, i) => family(`F${i}`, '文成县', 100000));
    const s = summariseCounties(families, terms);
    expect(s.totals.cityFund.toString()).toBe('20000000');
    expect(s.cityFundExceeded).toBeNull();
  });

  it('warns when the city’s half of the total exceeds 20,000,000', () => {
    const families = [...Array.from({ length: 400 }, (_, i) => family(`F${i}`, '文成县', 100000)), family('X', '泰顺县', 1)];
    const s = summariseCounties(families, terms);
    expect(s.cityFundExceeded).not.toBeNull();
    expect(s.cityFundExceeded!.cityFund.toString()).toBe('20000000.5');
    expect(s.cityFundExceeded!.excess.toString()).toBe('0.5');
  });

  it('computes families of a county outside the pilot list, paid locally, and names that county', () => {
    const s = summariseCounties([family('F1', '鹿城区', 5), family('F2', '永嘉县', 5)], terms);
    expect(s.nonPilotCounties).toEqual(['鹿城区']);
    expect(s.counties[0]).toMatchObject({ county: '鹿城区', pilot: false, relieved: 1 });
    expect(s.counties[0].relief.toString()).toBe('5');
    expect(s.counties[0].cityFund.toString()).toBe('0');
    expect(s.counties[0].localMatch.toString()).toBe('5');
    expect(s.totals.cityFund.toString()).toBe('2.5');
    expect(s.totals.localMatch.toString()).toBe('7.5');
  });

  it('the 2,000万 check counts pilot counties only', () => {
    const families = [...Array.from({ length: 400 }, (_, i) => family(`F${i}`, '文成县', 100000)), family('X', '鹿城区', 100000)];
    const s = summariseCounties(families, terms);
    expect(s.totals.cityFund.toString()).toBe('20000000');
    expect(s.totals.relief.toString()).toBe('40100000');
    expect(s.cityFundExceeded).toBeNull();
  });

  it('matches counties and the pilot list by county key: 永嘉 and 永嘉县 are one pilot county, shown as first typed', () => {
    const s = summariseCounties([family('F1', '永嘉', 3, 0), family('F2', '永嘉县', 5, 1), family('F3', '温州海经区', 7, 2)],
      { ...terms, pilotCounties: [...params.pilotCounties, '海经区'] });
    expect(s.counties.map((c) => [c.county, c.pilot, c.families, c.relief.toString(), c.firstRow])).toEqual([
      ['永嘉', true, 2, '8', 0],
      ['温州海经区', true, 1, '7', 2],
    ]);
    expect(s.nonPilotCounties).toEqual([]);
  });

  it('a county added to the pilot list by the setting is no longer flagged', () => {
    const result = computeRelief([row('F1', '鹿城区', 130000)], params, [...params.pilotCounties, '鹿城区']);
    expect(result.nonPilotCounties).toEqual([]);
    expect(result.counties[0].pilot).toBe(true);
  });

  describe('properties', () => {
    const amount = fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 99 })).map(([y, f]) => d(`${y}.${String(f).padStart(2, '0')}`));

    it('cityFund + localMatch = relief for every county and for the total', () => {
      fc.assert(fc.property(
        fc.array(fc.tuple(fc.constantFrom('永嘉县', '平阳县', '洞头区', '瑞安市'), amount), { maxLength: 40 }),
        fc.constantFrom('1', '2', '0.5', '3'),
        (entries, ratio) => {
          const fams = entries.map(([county, r], i) => family(`F${i}`, county, r.toString()));
          const s = summariseCounties(fams, { ...terms, localMatchRatio: d(ratio) });
          const ok = (a: Decimal, b: Decimal, total: Decimal) => a.plus(b).equals(total);
          return s.counties.every((c) => ok(c.cityFund, c.localMatch, c.relief)) && ok(s.totals.cityFund, s.totals.localMatch, s.totals.relief);
        },
      ));
    });

    it('with 1:1 matching the city half is rounded down to the fen and the local half holds the odd fen', () => {
      fc.assert(fc.property(amount, (r) => {
        const { cityFund, localMatch } = splitRelief(r, d(1));
        return cityFund.decimalPlaces() <= 2 && cityFund.plus(localMatch).equals(r)
          && cityFund.lessThanOrEqualTo(localMatch) && localMatch.lessThanOrEqualTo(cityFund.plus('0.01'));
      }));
    });

    it('for any ratio the city part is the largest whole fen not above relief / (1 + r)', () => {
      fc.assert(fc.property(amount, fc.constantFrom('1', '2', '0.5', '3', '0.3'), (r, ratio) => {
        const parts = d(1).plus(ratio);
        const { cityFund } = splitRelief(r, d(ratio));
        return cityFund.decimalPlaces() <= 2 && cityFund.times(parts).lessThanOrEqualTo(r) && cityFund.plus('0.01').times(parts).greaterThan(r);
      }));
    });
  });
});
