/**
 * Issue 11, priorities 5 and 6, on 星级评定结果: 距上一星级, 政策保障 (温政办〔2023〕88号 四、, with 附件2
 * 第21项 自有产权办公用房), 89号名单 (温政办〔2023〕89号, bundled as dated reference data), 所在县（市、区）
 * and 分县统计.
 */
import * as path from 'path';
import { Decimal } from '../../src/exact/decimal';
import { sameCounty } from '../../src/rules/counties/county-names';
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import type { HqRatingReport } from '../../src/calculators/report';
import { enterpriseLists } from '../../src/policies/reference';
import { listsOf } from '../../src/rules/hq-rating/lists-89';
import { ENTERPRISES } from '../../scripts/enterprises';
import type { CellValue } from '../../src/sheets/grid';
import type { ResultCell, ResultSheet } from '../../src/sheets/result-sheet';
import { code } from '../fixtures/hq-rating/builders';
import { cli, parseJson, ROOT } from '../cli/helpers';

const HEADERS = ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率', '所在县（市、区）', '自有产权办公用房'];
const NAMES = ['浙江正泰电器股份有限公司', '中广核俊尔(浙江)新材料有限公司', '温州网牌电线电缆有限公司', '不在名单上的公司'];

/** n enterprises, totals strictly falling with i; county and 自有产权办公用房 as given. */
function batch(n: number, county: (i: number) => CellValue, office: (i: number) => CellValue) {
  const cells: CellValue[][] = [HEADERS];
  for (let i = 0; i < n; i++) cells.push([code(i + 1), NAMES[i] ?? `企业${i + 1}`, 100 - i, 50 - i / 2, 1000 - i * 10, '90%', county(i), office(i)]);
  return { name: '总部企业', cells };
}

function run(grid: { name: string; cells: CellValue[][] }) {
  const s = hqRatingCalculator.settingsFrom({ ratingDate: '2024-12-31' }, '2025-03-01');
  if (!s.ok) throw new Error(s.message);
  return hqRatingCalculator.run(grid, s.settings, { today: '2025-03-01' } as never);
}
const col = (sheet: ResultSheet, header: string) => sheet.columns.findIndex((c) => c.header === header);
const cellText = (c: ResultCell | undefined) => (c?.kind === 'text' ? c.text : c?.kind === 'number' ? c.value.toString() : c?.kind === 'integer' ? String(c.value) : '');

describe('政策保障 (88号 四、) and 自有产权办公用房 (附件2 第21项)', () => {
  const counties = ['瑞安市', '瑞安', '鹿城区', '', '温州海经区'];
  const offices: CellValue[] = ['是', '否', '', '无', null];
  const out = run(batch(35, (i) => counties[i % 5], (i) => offices[i % 5]));
  const report = out.report as HqRatingReport;
  const results = report.results!;

  it('三星级及以上: 总部星级卡; 四星级及以上: 子女入学照顾; 租用购建补助 only without an own office; every star: 要素支持', () => {
    const keys = (i: number) => results[i].benefits!.map((b) => [b.key, b.applies]);
    expect(keys(0)).toEqual([['starCard', 'yes'], ['schooling', 'yes'], ['officeSubsidy', 'no'], ['factorSupport', 'yes']]); // 五星级, 是
    expect(keys(6)).toEqual([['starCard', 'yes'], ['schooling', 'yes'], ['officeSubsidy', 'yes'], ['factorSupport', 'yes']]); // 四星级, 否
    expect(keys(17)).toEqual([['starCard', 'yes'], ['officeSubsidy', 'conditional'], ['factorSupport', 'yes']]); // 三星级, blank
    expect(keys(33)).toEqual([['factorSupport', 'yes']]); // 二星级
    expect(results[0].benefits![0].article).toBe('四、1 便企优待支持');
    expect(results.map((r) => r.ownOffice).slice(0, 5)).toEqual([true, false, null, false, null]);
    const sheet = out.sheets[0];
    expect(cellText(sheet.rows[17][col(sheet, '政策保障（88号 四、）')])).toBe('总部星级卡（四、1）；租用购建补助（四、2，须在我市无自有办公用房）；要素支持（四、3）');
    expect(cellText(sheet.rows[0][col(sheet, '政策保障（88号 四、）')])).not.toContain('租用购建补助');
  });

  it('the benefit texts come from the edition with their articles, listed on 评定参数', () => {
    const params = out.sheets.find((s) => s.name === '评定参数')!;
    const items = params.rows.map((r) => cellText(r[0]));
    expect(items).toContain('政策保障：租用购建补助（三星级及以上，在我市无自有办公用房）');
    const row = params.rows[items.indexOf('政策保障：子女入学照顾（四星级及以上）')];
    expect(cellText(row[1])).toContain('《温州市企业外来用工子女入学保障措施25条》');
    expect(cellText(row[3])).toBe('温政办〔2023〕88号 四、1 便企优待支持');
  });

  it('an 自有产权办公用房 value other than 是 / 否 is an error naming the cell', () => {
    const bad = run(batch(3, () => '', (i) => (i === 1 ? '部分' : '是')));
    expect(bad.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'H3', message: expect.stringContaining('应填「是」或「否」') }));
  });

  it('所在县（市、区） as typed in the JSON and the sheet; 分县统计 per county (瑞安 = 瑞安市), 「（未填）」 last, sums checked', () => {
    expect(results.slice(0, 5).map((r) => r.county)).toEqual(['瑞安市', '瑞安', '鹿城区', null, '温州海经区']);
    expect(out.sheets.map((s) => s.name)).toEqual(['星级评定结果', '评定参数', '分县统计', '星级总部企业公示名单', '校验问题']); // 校验问题: 参保率 all equal
    const bySheet = out.sheets[2];
    expect(bySheet.columns.map((c) => c.header)).toEqual(['所在县（市、区）', '★★★★★ 五星级', '★★★★ 四星级', '★★★ 三星级', '★★ 二星级', '★ 一星级', '取消资格（不参评）', '合计', '依据']);
    expect(bySheet.rows.map((r) => cellText(r[0]))).toEqual(['瑞安市', '鹿城区', '温州海经区', '（未填）', '合计']);
    expect(report.counties!.map((c) => [c.county, c.total])).toEqual([['瑞安市', 14], ['鹿城区', 7], ['温州海经区', 7], ['（未填）', 7]]);
    expect(report.counties![0].tiers.map((t) => t.count)).toEqual([2, 4, 6, 2, 0]);
    expect(cellText(bySheet.rows[4][8])).toContain('与星级评定结果相符 ✓');
  });

  it('without the county column: no 分县统计, no county or ownOffice fields', () => {
    const plain = run({ name: '总部企业', cells: batch(6, () => '', () => '').cells.map((r) => r.slice(0, 6)) });
    expect(plain.sheets.map((s) => s.name)).toEqual(['星级评定结果', '评定参数', '星级总部企业公示名单', '校验问题']);
    const r = (plain.report as HqRatingReport).results![0];
    expect('county' in r).toBe(false);
    expect('ownOffice' in r).toBe(false);
    expect(r.nextTier).toBeNull();
    expect(r.lists89).toEqual([{ list: '领军型', label: '领军型（2023）', district: '乐清市', document: '温政办〔2023〕89号 附件1' }]);
  });
});

describe('距上一星级 on the sheet and in the JSON', () => {
  const out = run(batch(20, () => '', () => ''));
  const results = (out.report as HqRatingReport).results!;
  it('the points to tie the last of the next tier; per indicator with min/max held fixed, or not possible', () => {
    expect(results[5].stars).toBe(4);
    expect(results[5].nextTier).toMatchObject({ stars: 5, label: '五星级' });
    // exact: total + points = the total of the 5th (the last 五星级)
    expect(new Decimal(results[5].total).plus(results[5].nextTier!.points).equals(new Decimal(results[4].total))).toBe(true);
    expect(results.slice(0, 5).map((r) => r.nextTier)).toEqual([null, null, null, null, null]);
    expect(results[15].nextTier).toMatchObject({ stars: 4 });
    expect(results[15].nextTier!.indicators.revenue).not.toBeNull();
    // 参保率 is the same for all (max = min): not reachable through it alone
    expect(results[15].nextTier!.indicators.pensionRate).toBeNull();
    const sheet = out.sheets[0];
    const header = '距上一星级：单项需增加（其他企业数值及本批最高值、最低值均不变）';
    expect(sheet.columns.map((c) => c.header)).toEqual(expect.arrayContaining(['距上一星级：可达星级', '距上一星级：总分需增加', header, '89号名单（2023）']));
    expect(cellText(sheet.rows[0][col(sheet, '距上一星级：可达星级')])).toBe('已是最高星级');
    expect(cellText(sheet.rows[15][col(sheet, header)])).toMatch(/^营业收入 \+[\d.…]+ 亿元；地方综合贡献 \+[\d.…]+ 亿元；研发费用 \+[\d.…]+ 万元；参保率 单项不可达/);
  });
});

describe('89号名单 (温政办〔2023〕89号, reference data)', () => {
  it('the bundled file has its 文号 and date, 100 领军型 and 195 高成长型 with their districts as in the gazette', () => {
    const [ref] = enterpriseLists();
    expect(ref).toMatchObject({ document: '温政办〔2023〕89号', published: '2023-12-19', year: 2023 });
    expect(ref.lists.map((l) => [l.label, l.article, l.entries.length])).toEqual([['领军型', '附件1', 100], ['高成长型', '附件2', 195]]);
    const count = (i: number) => {
      const m: Record<string, number> = {};
      for (const e of ref.lists[i].entries) m[e.district] = (m[e.district] ?? 0) + 1;
      return m;
    };
    // counted row by row in the gazette (docs/rules.md §4 gives 瑞安市 高成长型 33; the gazette lists 34, nos. 106–139)
    expect(count(0)).toEqual({ 鹿城区: 7, 龙湾区: 18, 瓯海区: 8, 洞头区: 2, 乐清市: 22, 瑞安市: 16, 永嘉县: 8, 文成县: 1, 平阳县: 8, 泰顺县: 1, 苍南县: 4, 龙港市: 4, 温州海经区: 1 });
    expect(count(1)).toEqual({ 鹿城区: 12, 龙湾区: 35, 瓯海区: 16, 洞头区: 2, 乐清市: 40, 瑞安市: 34, 永嘉县: 14, 文成县: 2, 平阳县: 16, 泰顺县: 2, 苍南县: 12, 龙港市: 9, 温州海经区: 1 });
    expect(ref.lists[0].entries[7]).toEqual({ no: 8, district: '龙湾区', name: '瑞浦兰钧能源股份有限公司' });
    expect(ref.lists[1].entries[67]).toEqual({ no: 68, district: '乐清市', name: '浙江诺金电器有限公司' });
  });

  it('every example enterprise (scripts/enterprises.ts) is found on its list with its district', () => {
    for (const e of ENTERPRISES) {
      const on = listsOf(e.name);
      expect({ name: e.name, on: on.map((l) => l.list) }).toEqual({ name: e.name, on: [e.list] });
      expect(sameCounty(on[0].district, e.district)).toBe(true); // the script writes 海经区 for 温州海经区
    }
  });

  it('matching folds only width and spaces: 全角/半角括号 and spaces match, another wording does not', () => {
    expect(listsOf('中广核俊尔(浙江)新材料有限公司')).toHaveLength(1);
    expect(listsOf(' 浙江正泰电器 股份有限公司　')).toHaveLength(1);
    expect(listsOf('浙江正泰电器有限公司')).toEqual([]);
    expect(listsOf('正泰电器')).toEqual([]);
  });

  it('on the examples workbook through the CLI: each name on the lists is annotated, shown as typed', async () => {
    const run = await cli(['hq-rating', path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx'), '--json']);
    const json = parseJson(run.stdout) as unknown as HqRatingReport;
    expect(json.results!.every((r) => r.lists89!.length === 1)).toBe(true);
    expect(json.results!.filter((r) => r.lists89![0].list === '高成长型').length).toBeGreaterThan(0);
  });
});
