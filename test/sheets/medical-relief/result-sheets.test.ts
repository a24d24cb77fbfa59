import fc from 'fast-check';
import { Decimal } from '../../../src/exact/decimal';
import { articleOf, grouped, wanText, detailSheet, summarySheet } from '../../../src/sheets/medical-relief/result-sheets';
import { computeRelief } from '../../../src/rules/medical-relief';
import { params, row } from '../../rules/medical-relief/helpers';

describe('relief result-sheet helpers', () => {
  it('groups thousands without rounding', () => {
    expect(grouped(new Decimal('1234567.505'))).toBe('1,234,567.505');
    expect(grouped(new Decimal('0.5'))).toBe('0.5');
    expect(grouped(new Decimal('-1000'))).toBe('-1,000');
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (n) => grouped(new Decimal(n.toString())).replace(/,/g, '') === n.toString()));
  });

  it('writes whole 万 amounts in 万', () => {
    expect(wanText(new Decimal(20000000))).toBe('2,000万');
    expect(wanText(new Decimal(120000))).toBe('12万');
    expect(wanText(new Decimal(5))).toBe('5');
  });

  it('takes the article 三、（五） from the edition’s article note', () => {
    expect(articleOf(params.articles.threshold)).toBe('三、（五）');
  });
});

describe('relief result sheets', () => {
  const computed = computeRelief([row('F1', '永嘉县', 235000), row('F2', '平阳县', 120001), row('F2', '平阳县', '0.5')], params);

  it('纾困化解明细 shows the sum of a family and its relief, the count of rows and the article', () => {
    const sheet = detailSheet(computed, params, { names: false, ids: false });
    expect(sheet.name).toBe('纾困化解明细');
    expect(sheet.columns.map((c) => c.header)).toEqual(['家庭编号', '县（市、区）', '成员/记录数', '自负医疗费用合计（元）', '化解金额（元）', '计算过程', '依据']);
    expect(sheet.rows[1][2]).toEqual({ kind: 'integer', value: 2 });
    expect(sheet.rows[1][5]).toEqual({ kind: 'text', text: 'min(max(120,001.5 − 120,000, 0), 100,000) = 1.5' });
    expect(sheet.rows[1][6]).toEqual({ kind: 'text', text: '温政办〔2023〕90号 三、（五）' });
    // one value with fen → the whole column shows fen; the stored value is exact
    expect(sheet.rows[1][4]).toMatchObject({ kind: 'number', format: '#,##0.00' });
    expect((sheet.rows[1][4] as { value: Decimal }).value.toString()).toBe('1.5');
  });

  it('纾困县区汇总 totals the counties and checks 市级 + 地方 = 化解总额', () => {
    const sheet = summarySheet(computed, params, params.pilotCounties);
    const totals = sheet.rows[2];
    expect(totals[0]).toEqual({ kind: 'text', text: '合计' });
    expect((totals[4] as { value: Decimal }).value.toString()).toBe('100001.5');
    expect((totals[5] as { value: Decimal }).value.toString()).toBe('50000.75');
    expect((totals[6] as { value: Decimal }).value.toString()).toBe('50000.75');
    expect(totals[7]).toMatchObject({ kind: 'text', text: expect.stringContaining('✓') });
    expect(sheet.totalsRows).toEqual(expect.arrayContaining([2, 3]));
  });

  it('纾困县区汇总 splits a pilot county to the fen and puts a non-pilot county on the local side', () => {
    const c = computeRelief([row('F1', '永嘉', '120000.03'), row('F2', '鹿城区', '130000'), row('F3', '永嘉县', 120001)], params);
    const sheet = summarySheet(c, params, params.pilotCounties);
    const values = (r: number) => [4, 5, 6].map((i) => (sheet.rows[r][i] as { value: Decimal }).value.toString());
    expect(sheet.rows[0][0]).toEqual({ kind: 'text', text: '永嘉' });
    expect(sheet.rows[0][1]).toEqual({ kind: 'text', text: '是' });
    expect(values(0)).toEqual(['1.03', '0.51', '0.52']);
    expect(sheet.rows[0][7]).toMatchObject({ text: expect.stringContaining('向下取到分') });
    expect(sheet.rows[1][1]).toEqual({ kind: 'text', text: '否' });
    expect(values(1)).toEqual(['10000', '0', '10000']);
    expect(sheet.rows[1][7]).toMatchObject({ text: expect.stringContaining('全部由地方配套（市级基金承担 0 元）') });
    expect(values(2)).toEqual(['10001.03', '0.51', '10000.52']);
    expect(sheet.rows[3][7]).toMatchObject({ text: expect.stringContaining('只计试点县（市、区）') });
  });

  it('the pilot-county row says when the setting was changed', () => {
    const sheet = summarySheet(computed, params, ['永嘉县']);
    const last = sheet.rows[sheet.rows.length - 1];
    expect(last[1]).toEqual({ kind: 'text', text: '永嘉县' });
    expect(last[7]).toMatchObject({ text: expect.stringContaining('已按设置「试点县（市、区）」修改') });
  });
});
