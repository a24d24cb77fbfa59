/**
 * 总部企业星级评定 under docs/rules.md edition 2, on real .xlsx files through the CLI:
 * 附件2 wording (§1.6), 市外 and 49.99 % subsidiaries not counted (备注2, 附件2 第19—20项),
 * text written back exactly as typed (§1.8), unrecognised and duplicate headers said (§1.8).
 */
import { Workbook } from 'exceljs';
import fc from 'fast-check';
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import { cli, openWorkbook, saveWorkbook, tempDir } from '../cli/helpers';
import { code, grid, settings } from '../fixtures/hq-rating/builders';

interface Json {
  problems: Array<{ severity: string; sheet: string; cell: string | null; message: string }>;
  results: Array<{ creditCode: string; name: string; total: string; rank: number; stars: number; bonus: { top500: string; listing: string }; values: Record<string, string>; members: string[] }>;
  notCounted: Array<{ creditCode: string; name: string; hqCreditCode: string; reason: string }>;
  excluded: Array<{ creditCode: string; name: string; reason: string }>;
}

async function book(sheet: string, rows: unknown[][]): Promise<Workbook> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return wb;
}

async function runCli(rows: unknown[][], extra: string[] = [], sheet = '总部企业'): Promise<{ code: number; json: Json; dir: ReturnType<typeof tempDir> }> {
  const dir = tempDir();
  const file = await saveWorkbook(await book(sheet, rows), dir.file('in.xlsx'));
  const r = await cli(['hq-rating', file, '--json', '--rating-date', '2024-12-31', ...extra]);
  return { code: r.code, json: JSON.parse(r.stdout) as Json, dir };
}

const A = code(1), B = code(2), C = code(3), C_SUB = code(4);

describe('附件2 wording (温政办〔2023〕88号 附件2 第2、17、18项)', () => {
  const headers = [
    '统一社会信用代码', '总部企业名称', '所属总部统一社会信用代码',
    '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）',
    '上年度在温职工养老保险缴费人数', '在温个税申报人数',
    '上年度500强榜单入选情况', '企业总部上市情况（不含子公司）', '上市日期',
  ];
  it('rates the worked example of docs/rules.md §1.5 as 104 / 38.67 / 2 with no header left unread', async () => {
    const { code: exit, json, dir } = await runCli([
      headers,
      [A, 'A', null, 100, 10, 5000, 900, 1000, '上年度中国企业500强、上年度中国民营企业500强', '上海证券交易所', '2023-06-01'],
      [B, 'B', null, 40, 4, 1000, 450, 500, '无', '非上市企业', null],
      [C, 'C', null, 10, 1, 0, 160, 200, null, '深圳证券交易所', '2022-03-15'],
      [C_SUB, 'C子公司', C, 0, 0, 0, 0, 0, null, '香港联交所', '2024-01-10'],
    ]);
    dir.cleanup();
    expect(exit).toBe(0);
    expect(json.results.map((r) => [r.name, r.total])).toEqual([
      ['A', '104'], ['B', expect.stringMatching(/^38\.6666666666/)], ['C', '2'],
    ]);
    expect(json.results[0].bonus).toEqual({ top500: '3', listing: '1' });
    expect(json.problems.filter((p) => p.message.includes('未识别'))).toEqual([]);
    expect(json.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('a misspelt header is a warning naming its header cell, so the list it holds is not silently lost', async () => {
    const { code: exit, json, dir } = await runCli([
      ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '上年度在温企业职工养老保险参保率（%）', '上年度榜单', '序号'],
      [A, 'A', 100, 10, 5000, '90%', '中国企业500强', 1],
      [B, 'B', 40, 4, 1000, '90%', null, 2],
    ]);
    dir.cleanup();
    expect(exit).toBe(0);
    const unread = json.problems.filter((p) => p.message.includes('未识别'));
    expect(unread).toEqual([
      expect.objectContaining({ severity: 'warning', sheet: '总部企业', cell: 'G1', message: expect.stringContaining('列「上年度榜单」未识别，未使用（总部企业!G1）') }),
      expect.objectContaining({ severity: 'warning', cell: 'H1', message: expect.stringContaining('「序号」') }),
    ]);
  });

  it('two columns for one field are an error naming both header cells; nothing is computed', async () => {
    const { code: exit, json, dir } = await runCli([
      ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '营业收入（万元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率'],
      [A, 'A', 100, 1000000, 10, 5000, '90%'],
    ]);
    dir.cleanup();
    expect(exit).toBe(1);
    expect(json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'D1', message: expect.stringMatching(/C1.*D1.*近两年在温营业收入合计/) }));
    expect(json.results).toBeUndefined();
  });
});

describe('备注2 and 附件2 第19—20项: only 在温 branches and 控股50%以上 subsidiaries are summed', () => {
  const H = code(10), OUT = code(11), MINOR = code(12), HALF = code(13), UNDER_MINOR = code(14), OTHER = code(15);
  const headers = [
    '统一社会信用代码', '企业名称', '所属总部统一社会信用代码',
    '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）',
    '上年度在温职工养老保险缴费人数', '在温个税申报人数', '三年内入选榜单', '上市交易所', '上市日期', '控股比例（%）', '所在地',
  ];
  const rows = [
    headers,
    [H, '总部（温州）有限公司', null, 10, 1, 100, 90, 100, null, null, null, null, '在温'],
    [OUT, '上海分公司', H, 50, 5, 500, 10, 10, '世界500强', '上交所', '2023-01-01', null, '市外'],
    [MINOR, '参股公司', H, 7, 1, 70, 10, 10, null, '深交所', '2023-05-05', 49.99, null],
    [HALF, '控股子公司', H, 3, 1, 30, 10, 10, null, '北交所', '2024-02-02', 50, '在温'],
    [UNDER_MINOR, '参股公司的全资子公司', MINOR, 1, 1, 1, 1, 1, null, null, null, 100, null],
    [OTHER, '另一总部', null, 1, 1, 1, 1, 1, null, null, null, null, null],
  ];

  it('sums the parent and the 50 % subsidiary only, and lists the 市外, 49.99 % and chained rows in notCounted', async () => {
    const { code: exit, json, dir } = await runCli(rows);
    dir.cleanup();
    expect(exit).toBe(0);
    const h = json.results.find((r) => r.creditCode === H)!;
    expect(h.values.revenue).toBe('13'); // 10 + 3: not 50 (市外), 7 (49.99 %) or 1 (below it)
    expect(h.values.rdExpense).toBe('130');
    expect(h.values.pensionRate).toMatch(/^0\.90909090909090909090/); // (90 + 10) / (100 + 10)
    expect(h.bonus).toEqual({ top500: '0', listing: '1' }); // only 控股子公司's 2024 listing; 世界500强 of the 市外 row ignored
    expect(h.members).toEqual([HALF]);
    expect(json.notCounted.map((n) => [n.creditCode, n.hqCreditCode])).toEqual([[OUT, H], [MINOR, H], [UNDER_MINOR, MINOR]]);
    expect(json.notCounted[0].reason).toContain('市外');
    expect(json.notCounted[1].reason).toContain('49.99%');
    expect(json.notCounted[2].reason).toContain('参股公司');
    expect(json.problems).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('有 3 行分公司、子公司未计入') }));
  });

  it('shows the rows not counted on 星级评定结果 with their reason', async () => {
    const dir = tempDir();
    const file = await saveWorkbook(await book('总部企业', rows), dir.file('in.xlsx'));
    const r = await cli(['hq-rating', file, '--out', dir.file('out.xlsx'), '--rating-date', '2024-12-31']);
    expect(r.code).toBe(0);
    const out = await openWorkbook(dir.file('out.xlsx'));
    dir.cleanup();
    const ws = out.getWorksheet('星级评定结果')!;
    const marked: string[] = [];
    ws.eachRow((row) => { if (row.getCell(3).value === '未计入') marked.push(String(row.getCell(4).value)); });
    expect(marked).toEqual([OUT, MINOR, UNDER_MINOR]);
  });

  it('without the two columns every row with a 所属总部 code is summed, as before', async () => {
    const plain = rows.map((r) => r.slice(0, 11));
    const { json, dir } = await runCli(plain);
    dir.cleanup();
    expect(json.results.find((r) => r.creditCode === H)!.values.revenue).toBe('71');
    expect(json.notCounted).toEqual([]);
  });

  it('a holding share above 100 % is an error naming its cell; a place outside Wenzhou by name is 市外 with a warning', async () => {
    const bad = rows.map((r, i) => (i === 4 ? [...r.slice(0, 11), 120, null] : i === 2 ? [...r.slice(0, 12), '杭州市'] : r));
    const { code: exit, json, dir } = await runCli(bad);
    dir.cleanup();
    expect(exit).toBe(1);
    expect(json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'L5', message: expect.stringContaining('120%') }));
    const ok = rows.map((r, i) => (i === 2 ? [...r.slice(0, 12), '杭州市'] : r));
    const second = await runCli(ok);
    second.dir.cleanup();
    expect(second.code).toBe(0);
    expect(second.json.problems).toContainEqual(expect.objectContaining({ severity: 'warning', cell: 'M3', message: expect.stringContaining('按市外处理') }));
    expect(second.json.notCounted[0].creditCode).toBe(OUT);
  });
});

describe('docs/rules.md §1.8: text exactly as typed', () => {
  it('keeps full-width brackets, inner and outer spaces of names and a lower-case credit code in JSON and on the result sheet', async () => {
    const lower = code(20).toLowerCase();
    const names = ['董贝科技（温州）有限公司', ' 温州　瓯江  集团 ', '𠀀𪚥实业'];
    const rows = [
      ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率'],
      [lower, names[0], 3, 3, 3, '50%'],
      [code(21), names[1], 2, 2, 2, '50%'],
      [code(22), names[2], 1, 1, 1, '50%'],
    ];
    const dir = tempDir();
    const file = await saveWorkbook(await book('总部企业', rows), dir.file('in.xlsx'));
    const r = await cli(['hq-rating', file, '--json', '--out', dir.file('out.xlsx'), '--rating-date', '2024-12-31']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.results.map((x) => x.name)).toEqual(names);
    expect(json.results[0].creditCode).toBe(lower);
    const ws = (await openWorkbook(dir.file('out.xlsx'))).getWorksheet('星级评定结果')!;
    dir.cleanup();
    expect([2, 3, 4].map((i) => ws.getCell(i, 5).value)).toEqual(names);
    expect(ws.getCell(2, 4).value).toBe(lower);
  });

  it('property: every name the result repeats is the input text byte for byte', () => {
    const piece = fc.constantFrom('（', '）', '(', ')', ' ', '　', '\u00a0', 'Ａ', 'a', '温', '州', '𠀀', '·', '—', '有限公司', '．');
    const nameArb = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join('')).filter((s) => s.trim() !== '');
    fc.assert(fc.property(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6, selector: (s) => s }), (names) => {
      const g = grid(names.map((n, i) => [code(100 + i), n, null, i + 1, i + 1, i + 1, 1, 2, null, null, null, null, null]));
      const out = hqRatingCalculator.run(g, settings());
      const json = out.json as unknown as Json;
      expect(json.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(new Set(json.results.map((x) => x.name))).toEqual(new Set(names));
      const sheet = out.sheets.find((s) => s.name === '星级评定结果')!;
      const shown = sheet.rows.slice(0, names.length).map((row) => (row[4].kind === 'text' ? row[4].text : null));
      expect(new Set(shown)).toEqual(new Set(names));
    }), { numRuns: 60 });
  });
});
