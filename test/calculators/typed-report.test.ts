/**
 * Issue 11, priority 1: every calculator returns a typed report; its JSON is that report; the report
 * carries what the consumers used to derive again (tier counts with their bands, the money checks,
 * the edition and what chose it); each calculator declares its own options; editions are validated
 * against a schema when loaded, with Chinese messages naming the field.
 */
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import { waterFundCalculator } from '../../src/calculators/water-fund';
import { reliefCalculator, runRelief } from '../../src/calculators/relief';
import { CALCULATORS } from '../../src/calculators';
import type { HqRatingReport, ReliefReport, WaterFundReport } from '../../src/calculators/report';
import { allEditions } from '../../src/policies/registry';
import { parseDraftEdition, validateEdition } from '../../src/policies/schema';
import hqEdition from '../../src/policies/hq-rating/2023-12-19.json';
import waterEdition from '../../src/policies/water-fund/2023-12-08.json';
import reliefEdition from '../../src/policies/medical-relief/2024-02-01.json';
import { grid as hqGrid, workedExampleGrid, code } from '../fixtures/hq-rating/builders';
import { fullGrid, grid as waterGrid, FACTOR_HEADERS, ASSESSMENT_HEADERS, WORKED_FACTORS } from '../fixtures/water-fund/grids';
import { cli } from '../cli/helpers';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('typed reports', () => {
  it('hq-rating: the JSON is the report; tier counts carry their bands and add up; the rating date chose the edition', () => {
    const s = hqRatingCalculator.settingsFrom({ ratingDate: '2024-12-31' }, '2025-03-01');
    if (!s.ok) throw new Error(s.message);
    const out = hqRatingCalculator.run(workedExampleGrid(), s.settings, { today: '2025-03-01' } as never);
    const report = out.report as HqRatingReport;
    expect(out.json).toBe(report);
    expect(report.edition).toMatchObject({ document: '温政办〔2023〕88号', chosenBy: { ratingDate: '2024-12-31' }, warning: null });
    expect(report.edition.draft).toBeUndefined();
    expect(report.tierCounts!.map((t) => [t.stars, t.fromRank, t.toRank, t.count])).toEqual([[5, 1, 5, 3], [4, 6, 15, 0], [3, 16, 30, 0], [2, 31, 60, 0], [1, 61, null, 0]]);
    expect(report.tierCounts!.reduce((a, t) => a + t.count, 0)).toBe(report.results!.length);
    // the result sheet hands the same counts to the Office.js adapter (no ★ counting there)
    expect(out.sheets[0].tierTable).toEqual([
      { tier: '★★★★★ 五星级', count: 3 }, { tier: '★★★★ 四星级', count: 0 }, { tier: '★★★ 三星级', count: 0 }, { tier: '★★ 二星级', count: 0 }, { tier: '★ 一星级', count: 0 },
    ]);
  });

  it('water-fund: money in = money out as a report field, exact to the fen; an unpaid reward place is the difference', () => {
    const s = waterFundCalculator.settingsFrom({ unit: 'fen', fundYear: '2024' }, '2025-03-01');
    if (!s.ok) throw new Error(s.message);
    const full = waterFundCalculator.run(fullGrid(), s.settings).report as WaterFundReport;
    expect(full.moneyCheck).toEqual({ moneyIn: '170000000.00', moneyOut: '170000000.00', difference: '0.00', balanced: true });
    expect(full.edition).toMatchObject({ document: '温政办函〔2023〕28号', fundYears: { first: 2023, last: 2025 }, chosenBy: { fundYear: 2024 }, warning: null });
    // one county in group A: its second prize is not paid (docs/rules.md §2.4)
    const rows = [[...FACTOR_HEADERS, ...ASSESSMENT_HEADERS], ...WORKED_FACTORS.slice(1).map((r) => [...r, '', 45, 90, 14, 5, null])];
    const partial = waterFundCalculator.run(waterGrid(rows), s.settings).report as WaterFundReport;
    expect(partial.moneyCheck!.balanced).toBe(false);
    expect(partial.moneyCheck!.difference).toBe('4000000.00'); // 瑞安市 left out: B 组 has one county, its 2nd prize (400万) is not paid
    expect(partial.moneyCheck!.moneyOut).toBe(partial.totals!.total);
  });

  it('water-fund: a fund year outside every edition is said in the edition (warning) as well as in problems', () => {
    const s = waterFundCalculator.settingsFrom({ fundYear: '2026' }, '2027-03-01');
    if (!s.ok) throw new Error(s.message);
    const r = waterFundCalculator.run(fullGrid(), s.settings).report as WaterFundReport;
    expect(r.edition!.warning).toContain('2026 年度不在');
    expect(r.problems.map((p) => p.message)).toContain(r.edition!.warning);
  });

  it('relief: the totals, the city-fund check and the balance are report fields; the day chose the edition', () => {
    const out = runRelief({
      name: '医保纾困',
      cells: [['家庭编号', '县（市、区）', '综合保障后自负医疗费用（元）'], ['F1', '永嘉', '158473.73'], ['F2', '鹿城区', 130000], ['F3', '永嘉县', 1]],
    }, reliefCalculator.defaultSettings('2024-06-01'), { today: '2024-06-01' });
    const r = out.report as ReliefReport;
    expect(out.json).toBe(r);
    expect(r.totals).toEqual({ families: 3, relieved: 2, relief: '48473.73', cityFund: '19236.86', localMatch: '29236.87' });
    expect(r.balanced).toBe(true);
    expect(r.cityFund).toEqual({ available: '20000000', used: '19236.86', exceeded: false });
    expect(r.edition).toMatchObject({ document: '温政办〔2023〕90号', chosenBy: { date: '2024-06-01' } });
  });

  it('an input with errors still reports the edition, and no result fields', () => {
    const s = hqRatingCalculator.settingsFrom({}, '2025-03-01');
    if (!s.ok) throw new Error(s.message);
    const r = hqRatingCalculator.run(hqGrid([[code(1), '', null, 'x', 1, 1, 1, 1, null, null, null, null, null]]), s.settings).report as HqRatingReport;
    expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
    expect(r.edition.document).toBe('温政办〔2023〕88号');
    expect(r.results).toBeUndefined();
  });
});

describe('each calculator declares its options; the command line is built from them', () => {
  it('every flag of docs/interfaces.md 1.2–1.4 is declared, with its help text, and --edition is offered on every calculation', async () => {
    expect(CALCULATORS['hq-rating'].options!.map((o) => o.flag)).toEqual(['--rating-date', '--tie-break', '--degenerate-range']);
    expect(CALCULATORS['water-fund'].options!.map((o) => o.flag)).toEqual(['--unit', '--fund-year', '--date', '--what-if-sheet', '--what-if-weights']);
    expect(CALCULATORS.relief.options!.map((o) => o.flag)).toEqual(['--pilot-counties']);
    for (const calc of Object.values(CALCULATORS)) {
      const help = await cli([calc.kind, '--help']);
      expect(help.code).toBe(0);
      for (const o of calc.options!) {
        expect(help.stdout).toContain(`${o.flag} ${o.value}`);
        expect(help.stdout.replace(/\s+/g, '')).toContain(o.help.replace(/\s+/g, ''));
      }
      expect(help.stdout).toContain('--edition <FILE.json>');
      expect(help.stdout).toContain('--max-cells');
    }
  });

  it('empty values stay usage errors with the same messages', async () => {
    const hq = 'test/fixtures/cli/hq-rating-spec-1.5.xlsx';
    const water = 'test/fixtures/cli/water-fund-spec-2.6.xlsx';
    expect((await cli(['hq-rating', hq, '--rating-date', ''])).stderr).toContain('--rating-date 的值不能为空（不写该选项即用默认值）。');
    expect((await cli(['water-fund', water, '--fund-year', ' '])).stderr).toContain('--fund-year 需要一个四位年份（资金年度），例如 --fund-year 2024。');
    expect((await cli(['water-fund', water, '--what-if-sheet', ''])).stderr).toContain('--what-if-sheet 的值不能为空');
    expect((await cli(['relief', 'examples/医保纾困-示例.xlsx', '--pilot-counties', ''])).code).toBe(2);
    expect((await cli(['hq-rating', hq, '--sheet', ''])).stderr).toContain('--sheet 的值不能为空');
  });
});

describe('edition schema', () => {
  it('every bundled edition passes (they are validated when the registry loads)', () => {
    for (const kind of ['hq-rating', 'water-fund', 'medical-relief'] as const) {
      for (const e of allEditions(kind)) expect(validateEdition(kind, e).ok).toBe(true);
    }
  });

  const invalid = (kind: 'hq-rating' | 'water-fund' | 'medical-relief', base: unknown, edit: (e: any) => void): string => {
    const e = clone(base);
    edit(e);
    const v = validateEdition(kind, e, 'B.json ');
    if (v.ok) throw new Error('expected invalid');
    return v.message;
  };

  it('names the field: a missing article, a number written as a JS number, a missing field, the wrong policy', () => {
    expect(invalid('hq-rating', hqEdition, (e) => { delete e.parameters.starBands.article; })).toBe(
      'B.json 无效：字段「parameters.starBands.article」应写明该参数所依据的条款（非空文字，如 "第九条"），现为空（缺少该字段）。');
    expect(invalid('hq-rating', hqEdition, (e) => { e.parameters.indicators.value[0].weight = 30; })).toContain('字段「parameters.indicators.value[0].weight」应为以文字书写的数');
    expect(invalid('water-fund', waterEdition, (e) => { delete e.parameters.baseTotalWan; })).toContain('字段「parameters.baseTotalWan」');
    expect(invalid('medical-relief', hqEdition, () => undefined)).toContain('字段「policy」为「hq-rating」');
    expect(invalid('medical-relief', reliefEdition, (e) => { e.effectiveFrom = '2024-02-30'; })).toContain('字段「effectiveFrom」应为日期（YYYY-MM-DD）');
  });

  it('checks what a calculation relies on: bands from rank 1 without gaps, the four indicators, factor weights adding up to 1', () => {
    expect(invalid('hq-rating', hqEdition, (e) => { e.parameters.starBands.value[1].fromRank = 7; })).toContain('字段「parameters.starBands.value[1].fromRank」应为 6');
    expect(invalid('hq-rating', hqEdition, (e) => { e.parameters.starBands.value[4].toRank = 100; })).toContain('最后一个星级应为 null');
    expect(invalid('hq-rating', hqEdition, (e) => { e.parameters.indicators.value.pop(); })).toContain('「pensionRate」缺少');
    expect(invalid('water-fund', waterEdition, (e) => { e.parameters.baseFactors.value[0].weight = '0.1'; })).toContain('各因素权重之和应为 1');
  });

  it('a changed band or weight that keeps the rules is valid; a draft file that is not JSON says so', () => {
    const e = clone(hqEdition) as any;
    e.parameters.starBands.value[1].toRank = 20;
    e.parameters.starBands.value[2].fromRank = 21;
    expect(validateEdition('hq-rating', e).ok).toBe(true);
    const w = clone(waterEdition) as any;
    w.parameters.baseFactors.value[0].weight = '0.10';
    w.parameters.baseFactors.value[1].weight = '0.40';
    expect(validateEdition('water-fund', w).ok).toBe(true);
    const bad = parseDraftEdition('hq-rating', '{"policy": ', 'x.json');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('版本文件 x.json 不是有效的 JSON');
  });
});
