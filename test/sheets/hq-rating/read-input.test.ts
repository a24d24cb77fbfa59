/**
 * Reading the 总部企业星级评定 input sheet (docs/rules.md §1.6, §1.8): synonyms, units, percentages,
 * list separators, dates as officers type them.
 */
import { Decimal } from '../../../src/exact/decimal';
import { readHqInput, splitListNames } from '../../../src/sheets/hq-rating/read-input';
import { A, B, C, grid } from '../../fixtures/hq-rating/builders';

describe('headers: short forms of docs/rules.md §1.6 and units', () => {
  it('recognises every short form and converts 营业收入（万元） to 亿元', () => {
    const headers = ['社会信用代码', '企业名称', '所属总部', '营业收入（万元）', '地方贡献', '可加计扣除研发费用', '缴费人数', '申报人数', '养老保险参保率', '500强榜单', '交易所', '上市时间'];
    const reading = readHqInput(grid([[A, '甲', null, 500000, 3, 100, 9, 10, null, '世界500强', '上交所', '2023-05-06']], headers));
    expect(reading.problems).toEqual([]);
    const [r] = reading.rows;
    expect(r.revenue.toString()).toBe('50');
    expect(r.localContribution.toString()).toBe('3');
    expect(r.top500Lists).toEqual(['世界500强']);
    expect(r.listingExchange).toBe('上交所');
    expect(r.listingDate).toBe('2023-05-06');
    expect(r.source?.cells.revenue).toBe('D2');
  });

  it.each([
    ['信用代码', '营业收入', '地方综合贡献', '研发费用', '参保率', '个税申报人数', '总部信用代码', '榜单', '上市日期'],
  ])('recognises the other short forms too (%s …)', (...headers) => {
    const cells = [[A, '甲', 1, 2, 3, '90%', 10, null, '无', null]];
    const all = [headers[0], '企业名称', headers[1], headers[2], headers[3], headers[4], headers[5], headers[6], headers[7], headers[8]];
    const reading = readHqInput(grid(cells, all));
    expect(reading.problems).toEqual([]);
    expect(reading.rows[0].pensionRate!.toString()).toBe('0.9');
    expect(reading.rows[0].top500Lists).toEqual([]);
  });

  it('converts 元 and 万元 headers of contribution and R&D to their canonical units', () => {
    const headers = ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '地方综合贡献（元）', '研发费用（元）', '参保率（%）'];
    const reading = readHqInput(grid([[A, '甲', 1, 250000000, 123456, '80%']], headers));
    expect(reading.rows[0].localContribution.toString()).toBe('2.5');
    expect(reading.rows[0].rdExpense.toString()).toBe('12.3456');
  });

  it('skips a note row whose cells start with 说明：', () => {
    const headers = ['统一社会信用代码', '企业名称', '营业收入', '地方贡献', '研发费用', '参保率'];
    const reading = readHqInput(grid([headers.map((h) => `说明：${h}`), [A, '甲', 1, 2, 3, '90%']], headers));
    expect(reading.problems).toEqual([]);
    expect(reading.rows).toHaveLength(1);
    expect(reading.rows[0].source?.rowNumber).toBe(3);
  });
});

describe('cell values (docs/rules.md §1.8)', () => {
  const headers = ['统一社会信用代码', '企业名称', '营业收入', '地方贡献', '研发费用', '参保率（%）'];
  const rates = (...values: (string | number)[]) =>
    readHqInput(grid(values.map((v, i) => [[A, B, C][i], `E${i}`, 1, 1, 1, v]), headers));

  it('reads 85%, and bare 85 in a column of percentages, and 0.85 in a column of fractions, all as 0.85', () => {
    expect(rates('85%').rows[0].pensionRate!.toString()).toBe('0.85');
    expect(rates(85, 90).rows[0].pensionRate!.toString()).toBe('0.85');
    expect(rates(0.85, 0.9).rows[0].pensionRate!.toString()).toBe('0.85');
    expect(rates('85%', 0.9).rows.map((r) => r.pensionRate!.toString())).toEqual(['0.85', '0.9']);
  });

  it('rejects a column mixing 0.85 and 85, naming the column header', () => {
    const reading = rates(0.85, 90);
    expect(reading.problems).toEqual([expect.objectContaining({ severity: 'error', sheet: '总部企业', cell: 'F1' })]);
    expect(reading.problems[0].message).toContain('参保率');
  });

  it('reads numbers with thousands separators, full-width digits and spaces', () => {
    const reading = readHqInput(grid([[A, '甲', ' 1,234.5 ', '１２３', '  7 ', '50%']], headers));
    expect(reading.problems).toEqual([]);
    expect([reading.rows[0].revenue, reading.rows[0].localContribution, reading.rows[0].rdExpense].map(String)).toEqual(['1234.5', '123', '7']);
  });

  it('accepts a lowercase credit code and upper-cases it', () => {
    const reading = readHqInput(grid([[A.toLowerCase(), '甲', 1, 1, 1, '50%']], headers));
    expect(reading.problems).toEqual([]);
    expect(reading.rows[0].creditCode).toBe(A);
  });

  it('reads listing dates as Excel serials, ISO text and 2023年5月6日', () => {
    const h = ['统一社会信用代码', '企业名称', '营业收入', '地方贡献', '研发费用', '参保率', '上市交易所', '上市日期'];
    const reading = readHqInput(grid([
      [A, '甲', 1, 1, 1, '50%', '上交所', 45052],
      [B, '乙', 1, 1, 1, '50%', '深交所', '2023年5月6日'],
      [C, '丙', 1, 1, 1, '50%', '纽交所', new Date(Date.UTC(2023, 4, 6))],
    ], h));
    expect(reading.problems).toEqual([]);
    expect(reading.rows.map((r) => r.listingDate)).toEqual(['2023-05-06', '2023-05-06', '2023-05-06']);
  });

  it('splits list names on 、 , ， ； ; and reads 无 or empty as none', () => {
    expect(splitListNames('世界500强、中国企业500强,民营企业500强，制造业企业500强；服务业企业500强;中国企业500强')).toEqual([
      '世界500强', '中国企业500强', '民营企业500强', '制造业企业500强', '服务业企业500强', '中国企业500强']);
    expect(splitListNames('无')).toEqual([]);
    expect(splitListNames('')).toEqual([]);
  });

  it('reads counts as integers and rejects a fractional count', () => {
    const h = ['统一社会信用代码', '企业名称', '营业收入', '地方贡献', '研发费用', '缴费人数', '申报人数'];
    const reading = readHqInput(grid([[A, '甲', 1, 1, 1, 9.5, 10]], h));
    expect(reading.problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'F2' })]);
    expect(reading.problems[0].message).toContain('应为整数');
  });

  it('keeps 取消资格情形 text as the reason, and 无 as not disqualified', () => {
    const h = ['统一社会信用代码', '企业名称', '营业收入', '地方贡献', '研发费用', '参保率', '取消资格情形'];
    const reading = readHqInput(grid([[A, '甲', 1, 1, 1, '50%', '被列入严重失信名单'], [B, '乙', 1, 1, 1, '50%', '无']], h));
    expect(reading.rows.map((r) => r.disqualification)).toEqual(['被列入严重失信名单', null]);
  });

  it('leaves out a row with an error and remembers its code (so its subsidiaries are not reported again)', () => {
    const h = ['统一社会信用代码', '企业名称', '营业收入', '地方贡献', '研发费用', '参保率'];
    const reading = readHqInput(grid([[A, '甲', 'x', 1, 1, '50%'], [B, '乙', 1, 1, 1, '50%']], h));
    expect(reading.rows.map((r) => r.creditCode)).toEqual([B]);
    expect([...reading.knownCodes]).toEqual([A]);
    expect(new Decimal(1).equals(reading.rows[0].revenue)).toBe(true);
  });
});
