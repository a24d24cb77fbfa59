/**
 * The 总部企业星级评定 calculator (温政办〔2023〕88号): settings, docs/rules.md §1.5 worked example through
 * `run` on a SheetGrid, the JSON of docs/interfaces.md, result sheets and the input template.
 */
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import { calculatorFor } from '../../src/calculators';
import { Decimal } from '../../src/exact/decimal';
import type { ResultCell, ResultSheet } from '../../src/sheets/result-sheet';
import { readTable } from '../../src/sheets/table';
import { A, B, C, C_SUB, code, grid, settings, workedExampleGrid } from '../fixtures/hq-rating/builders';

const run = (g = workedExampleGrid(), s = settings()) => hqRatingCalculator.run(g, s, { today: '2025-03-01' } as never);
const cellText = (c: ResultCell | undefined): string => {
  if (!c) return '';
  if (c.kind === 'text') return c.text;
  if (c.kind === 'number') return c.value.toString();
  if (c.kind === 'integer') return String(c.value);
  return '';
};
const column = (sheet: ResultSheet, header: string) => sheet.columns.findIndex((c) => c.header === header);

describe('settings', () => {
  it('default to 31 December of the year before today, no tie-break, full weight on a degenerate range', () => {
    expect(hqRatingCalculator.defaultSettings('2025-06-15')).toEqual({ ratingDate: '2024-12-31', tieBreak: [], degenerateRange: 'full' });
  });

  it('are read from string options', () => {
    const r = hqRatingCalculator.settingsFrom({ ratingDate: '2024-06-30', tieBreak: 'localContribution,revenue', degenerateRange: 'zero' }, '2025-01-01');
    expect(r).toEqual({ ok: true, settings: { ratingDate: '2024-06-30', tieBreak: ['localContribution', 'revenue'], degenerateRange: 'zero' } });
    expect(hqRatingCalculator.settingsFrom({ tieBreak: 'none' }, '2025-01-01')).toEqual({ ok: true, settings: { ratingDate: '2024-12-31', tieBreak: [], degenerateRange: 'full' } });
  });

  it.each([
    [{ ratingDate: '2024-02-30' }, '评定基准日'],
    [{ ratingDate: '31/12/2024' }, 'YYYY-MM-DD'],
    [{ tieBreak: 'revenue,profit' }, '「profit」无法识别'],
    [{ tieBreak: 'revenue,revenue' }, '重复'],
    [{ degenerateRange: 'half' }, 'full（得满分）或 zero'],
  ])('reject %p with a Chinese message', (options, fragment) => {
    const r = hqRatingCalculator.settingsFrom(options, '2025-01-01');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(fragment);
  });

  it('are described for the parameter sheet with default, source and whether changed', () => {
    const described = hqRatingCalculator.describeSettings(settings({ tieBreak: ['revenue'] }), '2025-03-01');
    expect(described.map((d) => [d.key, d.value, d.defaultValue, d.changed])).toEqual([
      ['ratingDate', '2024-12-31', '2024-12-31', false],
      ['tieBreak', 'revenue', 'none', true],
      ['degenerateRange', 'full', 'full', false],
    ]);
    expect(described.every((d) => d.source.startsWith('本工具默认（可修改）'))).toBe(true);
    expect(described.some((d) => /§|规则说明|--[a-z]/.test(d.source))).toBe(false);
  });

  it('is registered under hq-rating', () => {
    expect(calculatorFor('hq-rating')).toBe(hqRatingCalculator);
  });
});

describe('docs/rules.md §1.5 worked example through run() on a SheetGrid', () => {
  const outcome = run();
  const json = outcome.json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('has no problems and names the policy', () => {
    expect(outcome.problems).toEqual([]);
    expect(outcome.policy).toBe('温政办〔2023〕88号');
    expect(json.kind).toBe('hq-rating');
    expect(json.policy).toBe('温政办〔2023〕88号');
    expect(json.settings).toEqual({ ratingDate: '2024-12-31', tieBreak: 'none', degenerateRange: 'full' });
    expect(json.problems).toEqual([]);
  });

  it('gives A 104, B 38.666… (38 + 2/3 to more than 20 places), C 2, ranks 1, 2, 3, all five stars', () => {
    expect(json.results.map((r: any) => [r.name, r.rank, r.stars, r.tied])).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['A', 1, 5, false], ['B', 2, 5, false], ['C', 3, 5, false]]);
    expect(json.results[0].total).toBe('104');
    expect(json.results[0].bonus).toEqual({ top500: '3', listing: '1' });
    expect(json.results[1].total.startsWith('38.66666666666666666666')).toBe(true);
    expect(new Decimal(json.results[1].total).minus(new Decimal(116).dividedBy(3)).abs().lessThan('1e-28')).toBe(true);
    expect(json.results[1].scores).toEqual({ revenue: '10', localContribution: expect.stringMatching(/^16\.6666666666/), rdExpense: '2', pensionRate: '10' });
    expect(json.results[2]).toMatchObject({ creditCode: C, total: '2', base: '0', bonus: { top500: '0', listing: '2' } });
  });

  it('gives ranges with pensionRate as fractions, and an empty excluded list', () => {
    expect(json.ranges).toEqual({
      revenue: { min: '10', max: '100' }, localContribution: { min: '1', max: '10' },
      rdExpense: { min: '0', max: '5000' }, pensionRate: { min: '0.8', max: '0.9' },
    });
    expect(json.excluded).toEqual([]);
  });

  it('has exactly the interface fields on every result (plus additions)', () => {
    for (const r of json.results) {
      for (const key of ['creditCode', 'name', 'rank', 'stars', 'scores', 'base', 'bonus', 'total', 'tied']) expect(r).toHaveProperty(key);
      expect(typeof r.rank).toBe('number');
      expect(typeof r.total).toBe('string');
    }
  });

  it('writes 星级评定结果, 评定参数 and 星级总部企业公示名单 (no 校验问题 without problems)', () => {
    expect(outcome.sheets.map((s) => [s.name, s.role])).toEqual([['星级评定结果', 'result'], ['评定参数', 'parameters'], ['星级总部企业公示名单', 'result']]);
  });

  it('summarises counts per tier and the top three', () => {
    expect(outcome.summary.join('\n')).toContain('五星级 3 家');
    expect(outcome.summary.join('\n')).toContain('1. A（104.00 分');
  });
});

describe('星级评定结果 sheet', () => {
  const rows = [
    [A, 'A', null, 100, 10, 5000, 900, 1000, null, '中国企业500强', null, null, null],
    [B, 'B', null, 40, 4, 1000, 450, 500, null, null, null, null, null],
    [C, 'C', null, 10, 1, 0, 160, 200, null, null, null, null, null],
    [C_SUB, '失信企业', null, 999, 999, 99999, 1, 1, null, null, null, null, '被列入严重失信名单'],
  ];
  const outcome = run(grid(rows));
  const sheet = outcome.sheets.find((s) => s.name === '星级评定结果')!;

  it('has one row per rated headquarters in rank order with rank, tiers, code as text and the derivation', () => {
    expect(outcome.problems).toEqual([]);
    expect(sheet.rows.slice(0, 3).map((r) => cellText(r[column(sheet, '企业名称')]))).toEqual(['A', 'B', 'C']);
    expect(cellText(sheet.rows[0][column(sheet, '排名')])).toBe('1');
    expect(cellText(sheet.rows[0][column(sheet, '星级')])).toBe('5');
    expect(cellText(sheet.rows[0][column(sheet, '星级（★）')])).toBe('★★★★★ 五星级');
    expect(sheet.starColumn).toBe(column(sheet, '星级（★）'));
    expect(sheet.columns[column(sheet, '统一社会信用代码')].text).toBe(true);
    expect(cellText(sheet.rows[1][column(sheet, '计算过程')])).toContain('营业收入 (40−10)/(100−10)×30 = 10；');
    expect(cellText(sheet.rows[1][column(sheet, '依据')])).toContain('温政办〔2023〕88号 附件1 备注3');
  });

  it('stores scores at full precision and shows 2 decimals only by number format', () => {
    const cell = sheet.rows[1][column(sheet, '总分')];
    expect(cell.kind).toBe('number');
    if (cell.kind === 'number') {
      expect(cell.format).toBe('0.00');
      expect(cell.value.toFixed(20)).toBe('38.66666666666666666667');
    }
  });

  it('lists the disqualified headquarters below with its reason instead of a tier', () => {
    const row = sheet.rows.find((r) => cellText(r[column(sheet, '企业名称')]) === '失信企业')!;
    expect(cellText(row[column(sheet, '星级（★）')])).toBe('不参评');
    expect(cellText(row[column(sheet, '计算过程')])).toContain('被列入严重失信名单');
    expect(cellText(row[column(sheet, '排名')])).toBe('');
    expect(outcome.json.excluded).toEqual([{ creditCode: C_SUB, name: '失信企业', reason: '被列入严重失信名单' }]);
  });

  it('ends with count-per-tier check rows marked as totals', () => {
    const five = sheet.rows.find((r) => cellText(r[0]) === '小计' && cellText(r[1]) === '5')!;
    expect(cellText(five[column(sheet, '企业名称')])).toBe('3 家');
    expect(sheet.totalsRows!.length).toBeGreaterThanOrEqual(6);
    expect(cellText(sheet.rows[sheet.rows.length - 1][column(sheet, '计算过程')])).toContain('参评 3 家；取消资格 1 家');
  });
});

describe('评定参数 sheet', () => {
  const outcome = run(workedExampleGrid(), settings({ degenerateRange: 'zero' }));
  const sheet = outcome.sheets.find((s) => s.name === '评定参数')!;
  const all = sheet.rows.map((r) => r.map(cellText).join(' | ')).join('\n');

  it('shows the edition, each setting with default and 已修改, min/max, weights, bands, the tie and rounding rules', () => {
    expect(all).toContain('温政办〔2023〕88号');
    expect(all).toContain('2023-12-19 至 长期');
    expect(all).toMatch(/指标最高值等于最低值时的得分 \| 全部得 0 分 \| 全部得满分（该项权重分） \|.*\| 已修改/);
    expect(all).not.toMatch(/\| (full|zero|none) \|/); // no option codes as values
    expect(all).toMatch(/评定基准日.*\| 2024-12-31 \| 2024-12-31 \|.*\| 否/);
    expect(all).not.toMatch(/ratingDate|degenerateRange/); // no option keys on the sheet
    expect(all).toContain('近两年在温营业收入合计 最低值 | 10');
    expect(all).toContain('近两年地方综合贡献合计（亿元） | 50');
    expect(all).toContain('★★★ 三星级 | 第 16–30 名');
    expect(all).toContain('两总分前20位小数相同视为并列');
    expect(all).toContain('显示 2 位小数');
  });
});

describe('JSON settings', () => {
  it('write tieBreak as "none" or as the ordered list of indicators', () => {
    expect(run(workedExampleGrid(), settings({ tieBreak: ['localContribution', 'revenue'] })).json.settings)
      .toEqual({ ratingDate: '2024-12-31', tieBreak: ['localContribution', 'revenue'], degenerateRange: 'full' });
  });
});

describe('edition choice', () => {
  it('warns when the rating date is before the edition came into force, and still computes', () => {
    const outcome = run(workedExampleGrid(), settings({ ratingDate: '2023-06-30' }));
    expect(outcome.problems[0]).toMatchObject({ severity: 'warning', cell: null });
    expect(outcome.problems[0].message).toContain('不在任何已收录政策版本的有效期内');
    expect(outcome.sheets.map((s) => s.name)).toContain('校验问题');
  });
});

describe('input template', () => {
  const t = hqRatingCalculator.template();

  it('is the input-template sheet 总部企业星级评定 with the canonical headers', () => {
    expect(t.name).toBe('总部企业星级评定');
    expect(t.role).toBe('input-template');
    expect(t.columns.map((c) => c.header)).toContain('近两年在温营业收入合计（亿元）');
    expect(t.columns).toHaveLength(17); // edition 2 adds 控股比例（%）and 所在地 (docs/rules.md §1.6); issue 11 the optional 所在县（市、区）and 自有产权办公用房
  });

  it('has a note row whose every cell starts with 说明：, skipped by the table reader', () => {
    expect(t.rows[0].every((c) => c.kind === 'text' && c.text.startsWith('说明：'))).toBe(true);
    const g = { name: t.name, cells: [t.columns.map((c) => c.header), ...t.rows.map((r) => r.map(cellText))] };
    const table = readTable(g, hqRatingCalculator.fields);
    expect(table.problems).toEqual([]);
    expect(table.rows).toEqual([]);
  });

  it('offers drop-downs for 三年内入选榜单 and 上市交易所', () => {
    const lists = t.validations!.find((v) => t.columns[v.col].header === '三年内入选榜单')!;
    expect(lists.values).toEqual(expect.arrayContaining(['世界500强', '中国企业500强', '中国民营企业500强', '中国制造业企业500强', '中国服务业企业500强']));
    const exchanges = t.validations!.find((v) => t.columns[v.col].header === '上市交易所')!;
    expect(exchanges.values).toEqual(['北交所', '上交所', '深交所', '港交所', '纳斯达克', '纽交所']);
  });
});

describe('groups through the sheet', () => {
  it('computes the group rate from the summed counts', () => {
    const g = grid([
      [A, '甲', null, 10, 1, 1, 90, 100, null, null, null, null, null],
      [code(50), '甲子', A, 10, 1, 1, 10, 20, null, null, null, null, null],
      [B, '乙', null, 1, 2, 3, 1, 2, null, null, null, null, null],
    ]);
    const json = run(g).json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(json.results.find((r: any) => r.name === '甲').values.pensionRate.startsWith('0.83333333')).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('lets counts win over a rate on the same row', () => {
    const g = grid([
      [A, '甲', null, 10, 1, 1, 45, 50, '10%', null, null, null, null],
      [B, '乙', null, 1, 2, 3, 1, 2, null, null, null, null, null],
    ]);
    const json = run(g).json as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(json.results.find((r: any) => r.name === '甲').values.pensionRate).toBe('0.9'); // eslint-disable-line @typescript-eslint/no-explicit-any
  });
});
