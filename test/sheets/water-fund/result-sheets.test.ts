import { Decimal } from '../../../src/exact/decimal';
import { editionInForce } from '../../../src/policies/registry';
import { waterFundParams } from '../../../src/rules/water-fund/parameters';
import { allocateFund, CountyInput } from '../../../src/rules/water-fund/allocate-fund';
import { allocationSheet, derivation } from '../../../src/sheets/water-fund/result-sheets';
import { groupDigits, moneyJson, moneyText, exactText } from '../../../src/sheets/water-fund/format';
import { FMT } from '../../../src/sheets/result-sheet';

const d = (v: string | number) => new Decimal(v);
const params = waterFundParams(editionInForce('water-fund', '2024-06-30').edition);
const fv = (a: number, b: number, c: number, w: number) => ({ primaryZoneArea: d(a), catchmentArea: d(b), population: d(c), waterArea: d(w) });
const same = { waterQuality: d(48), greenRate: d('0.95'), management: d(15), performance: d(5) };

describe('display text of the water-fund sheets', () => {
  it('groups digits and keeps the value exact in JSON', () => {
    expect(groupDigits('55872727.27')).toBe('55,872,727.27');
    expect(groupDigits('-1234')).toBe('-1,234');
    expect(moneyText(d('55872727.272727'), 'yuan')).toBe('55,872,727');
    expect(moneyText(d('55872727.27'), 'fen')).toBe('55,872,727.27');
    expect(moneyJson(d(0), 'yuan')).toBe('0');
    expect(exactText(d(1).dividedBy(3))).toBe('0.333333…');
  });

  it('a three-way tie shows 并列 and the exact reward beside the published one', () => {
    const counties: CountyInput[] = [
      { county: '文成县', values: fv(1, 1, 1, 1), assessment: same },
      { county: '泰顺县', values: fv(1, 1, 1, 1), assessment: same },
      { county: '永嘉县', values: fv(1, 1, 1, 1), groupOverride: 'A', assessment: same },
    ];
    const r = allocateFund(counties, params, { unit: d(1), withAssessment: true });
    if (!r.ok) throw new Error('expected ok');
    const text = derivation(r.value.rows[2], params, 'yuan');
    expect(text).toContain('A组第 1 名（并列），奖励 6,666,666（精确值 6,666,666.666667…，最大余数法取整）');
    expect(text).toContain('= 0.3333333333…；×140,000,000 = 46,666,666.666667…；最大余数法取整 46,666,666');
    const s = allocationSheet(r.value, params, 'yuan');
    const notes = s.columns.findIndex((c) => c.header === '备注');
    expect(s.rows.slice(0, 3).map((row) => row[notes].kind === 'text' && row[notes].text)).toEqual(['并列', '并列', '并列']);
    const money = s.rows[0][s.columns.findIndex((c) => c.header === '奖励（元）')];
    expect(money.kind === 'number' && [money.value.toString(), money.format]).toEqual(['6666667', FMT.yuan]);
    expect(s.totalsRows).toEqual([3]);
  });
});
