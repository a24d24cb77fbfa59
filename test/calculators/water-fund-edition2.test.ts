/**
 * 水源地补偿资金 edition 2 of the rules (docs/rules.md §2): the fund year choosing the edition,
 * the 第四条 recipients, 考核组 overrides (第十条), county names as typed, the tie message.
 */
import { waterFundCalculator as calc, defaultFundYear, parseFundYear, WaterFundSettings } from '../../src/calculators/water-fund';
import type { ResultCell, ResultSheet } from '../../src/sheets/result-sheet';
import type { CellValue } from '../../src/sheets/grid';
import { WORKED_ASSESSMENT, WORKED_FACTORS, fullGrid, TODAY } from '../fixtures/water-fund/grids';

const settings = (options: Record<string, string | undefined> = {}, today = TODAY): WaterFundSettings => {
  const s = calc.settingsFrom(options, today);
  if (!s.ok) throw new Error(s.message);
  return s.settings;
};
type Problem = { severity: string; sheet: string; cell: string | null; message: string };
type Json = { settings: Record<string, unknown>; problems: Problem[]; results?: Array<{ county: string; group: string | null; reward: string; groupRank: number | null }> };
const runJson = (g = fullGrid(), s = settings()) => calc.run(g, s).json as unknown as Json;
const cellText = (c: ResultCell | undefined) => (c?.kind === 'text' ? c.text : c?.kind === 'number' ? c.value.toString() : c?.kind === 'integer' ? String(c.value) : '');
const sheetNamed = (sheets: ResultSheet[], name: string) => sheets.find((s) => s.name === name)!;
const clone = (rows: CellValue[][]) => rows.map((r) => [...r]);

describe('the fund year (docs/rules.md §2)', () => {
  it('defaults to the calendar year before today (scores of year Y arrive by March of Y+1, 第十一条)', () => {
    expect(defaultFundYear('2025-03-01')).toBe(2024);
    expect(defaultFundYear('2027-01-01')).toBe(2026);
    expect(settings({}, '2025-03-01').fundYear).toBe(2024);
    expect(settings({}, TODAY).fundYear).toBe(defaultFundYear(TODAY));
  });

  it('is read as officers type it, and refused in Chinese otherwise', () => {
    expect(settings({ fundYear: ' 2026 ' }).fundYear).toBe(2026);
    expect(settings({ fundYear: '２０２４年度' }).fundYear).toBe(2024);
    expect(settings({ fundYear: '2024年' }).fundYear).toBe(2024);
    expect(settings({ fundYear: '' }).fundYear).toBe(defaultFundYear(TODAY)); // an empty pane field: not given
    for (const bad of ['24', '2024-01', 'abc', '0999', '20245', '2024.5']) {
      const r = calc.settingsFrom({ fundYear: bad }, TODAY);
      expect(!r.ok && r.message).toContain('应为四位年份');
    }
    expect(parseFundYear('x')).toMatch(/「x」/);
  });

  it('the deprecated date option sets the fund year of its year; both together are refused', () => {
    const s = settings({ date: '2024-05-06' });
    expect([s.fundYear, s.date, s.given?.date, s.given?.fundYear]).toEqual([2024, '2024-05-06', true, undefined]);
    const both = calc.settingsFrom({ date: '2024-05-06', fundYear: '2024' }, TODAY);
    expect(!both.ok && both.message).toContain('--fund-year 与 --date 不能同时使用');
  });

  it('settings built by hand in the shape before fund years still run, for the year before their date', () => {
    const old = { unit: 'yuan', date: '2024-06-30', whatIfWeights: { waterUse: '1', population: '0', structure: '0' } } as unknown as WaterFundSettings;
    const json = runJson(fullGrid(), old);
    expect(json.problems).toEqual([]);
    expect(json.settings).toEqual(expect.objectContaining({ fundYear: 2023, date: '2024-06-30' }));
  });

  it('a fund year of the edition computes without any warning; JSON settings.fundYear is a number', () => {
    const json = runJson(fullGrid(), settings({ fundYear: '2024' }));
    expect(json.problems).toEqual([]);
    expect(json.settings.fundYear).toBe(2024);
    expect(typeof json.settings.fundYear).toBe('number');
  });

  it('a fund year no edition covers is computed with the nearest edition and a warning saying so', () => {
    const out = calc.run(fullGrid(), settings({ fundYear: '2026' }));
    const json = out.json as unknown as Json & { totals: Record<string, string> };
    expect(json.problems).toEqual([{ severity: 'warning', sheet: '水源地补偿资金', cell: null, message: '2026 年度不在 温政办函〔2023〕28号 所定的 2023—2025 年度内（第七条），已按该文件计算，请核实是否有新文件。' }]);
    expect(json.totals.total).toBe('170000000');
    expect(json.settings.fundYear).toBe(2026);
    expect(out.summary[0]).toContain('2026 年度');
  });

  it('分配参数 shows the fund year as a setting row (value, default, changed) and the edition\'s fund years', () => {
    const rows = (s: WaterFundSettings) => sheetNamed(calc.run(fullGrid(), s).sheets, '分配参数').rows.map((r) => r.map(cellText).join(' | '));
    const plain = rows(settings());
    expect(plain).toContainEqual(expect.stringMatching(/^设置：资金年度 \| 2023 \| .*第七条.* \| 默认 2023（2024-06-30 的上一年度）；未修改（默认）$/));
    expect(plain).toContainEqual(expect.stringMatching(/^资金年度 \| 2023—2025 年度 \| 第七条（2023—2025年，每年安排专项资金总额1.7亿元） \| .*本次计算 2023 年度（在本文件年度内）/));
    const changed = rows(settings({ fundYear: '2026' }));
    expect(changed).toContainEqual(expect.stringMatching(/^设置：资金年度 \| 2026 \| .* \| 默认 2023（2024-06-30 的上一年度）；已修改$/));
    expect(changed).toContainEqual(expect.stringContaining('本次计算 2026 年度，不在本文件年度内'));
    expect(calc.describeSettings(settings(), TODAY).map((d) => d.key)).toEqual(['fundYear', 'unit', 'whatIfWeights']);
  });
});

describe('考核组 overrides (第十条, docs/rules.md §2.4)', () => {
  it('a 考核组 that puts a county in another group is allowed and warned about, naming the cell', () => {
    const a = clone(WORKED_ASSESSMENT); a[3][0] = 'A'; // 瓯海区 (B by 第十条) put into A
    const json = runJson(fullGrid(undefined, a));
    const oh = json.results!.find((r) => r.county === '瓯海区')!;
    expect(oh.group).toBe('A');
    expect(json.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ severity: 'warning', sheet: '水源地补偿资金', cell: 'F5', message: '「考核组」填为 A，而第十条将「瓯海区」列为考核B组：已按所填 A 组参加排名和奖励，请核实。' }),
    ]));
  });

  it('a 考核组 equal to 第十条 (in any width) is no override', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][0] = 'Ｂ'; a[1][0] = 'A组';
    expect(runJson(fullGrid(undefined, a)).problems).toEqual([]);
  });
});

describe('the three-way tie message (docs/rules.md §2.4, §2.5)', () => {
  it('shows the exact share as 20,000,000 ÷ 3 = 6,666,666.666666… ≈ 6,666,666.67, not 6,666,667, beside the published amounts', () => {
    const f = [...WORKED_FACTORS, ['永嘉县', 1, 1, 1, 1]];
    const same = ['', 48, 95, 15, 5, null];
    const a = [WORKED_ASSESSMENT[0], [...same], [...same], WORKED_ASSESSMENT[3], ['A', ...same.slice(1)]];
    const json = runJson(fullGrid(f, a));
    const tie = json.problems.find((p) => p.message.includes('并列第 1 名'))!;
    expect(tie.message).toContain('每县 20,000,000 元 ÷ 3 = 6,666,666.666666… 元（除不尽，≈ 6,666,666.67 元）');
    expect(tie.message).toContain('发布金额按最大余数法取整，合计仍为 20,000,000 元：文成县 6,666,667 元、泰顺县 6,666,667 元、永嘉县 6,666,666 元');
    expect(tie.message).not.toMatch(/每县 6,666,667/);
    expect(json.results!.filter((r) => r.groupRank === 1 && r.group === 'A').map((r) => r.reward)).toEqual(['6666667', '6666667', '6666666']);
  });

  it('in fen the approximation has four decimals; a tie that divides evenly shows the amount itself', () => {
    const f = [...WORKED_FACTORS, ['永嘉县', 1, 1, 1, 1]];
    const same = ['', 48, 95, 15, 5, null];
    const a = [WORKED_ASSESSMENT[0], [...same], [...same], WORKED_ASSESSMENT[3], ['A', ...same.slice(1)]];
    const fen = runJson(fullGrid(f, a), settings({ unit: 'fen' })).problems.find((p) => p.message.includes('并列第 1 名'))!;
    expect(fen.message).toContain('每县 20,000,000.00 元 ÷ 3 = 6,666,666.666666… 元（除不尽，≈ 6,666,666.6667 元）');
    const two = clone(WORKED_ASSESSMENT); two[2] = [...two[1]];
    const even = runJson(fullGrid(undefined, two)).problems.find((p) => p.message.includes('并列第 1 名'))!;
    expect(even.message).toContain('每县 10,000,000 元。');
  });
});
