/**
 * The pane's words (issue 13): dates as officers type them, settings as Chinese choices without
 * option codes, flags or section numbers of a document the user does not have, messages without
 * command-line names, and problems grouped by kind.
 */
import { CALCULATORS } from '../../src/calculators';
import type { Problem } from '../../src/sheets/problem';
import {
  choiceValue, cleanSource, displayValue, groupProblems, paneMessage, parseDateInput, previewOf, problemKind, settingUi, settingsView, summaryViewOf, tieBreakList, weightsList,
} from '../../src/taskpane/model';

const TODAY = '2025-06-30';
/** What must not reach the pane's users: option codes, flags, section numbers of docs/rules.md. */
const LEAKS = /\b(none|full|zero|yuan|fen|localContribution|revenue|rdExpense|pensionRate|ratingDate|tieBreak|degenerateRange)\b|--[a-z]|§/;

describe('dates as typed', () => {
  it.each([
    ['2025-12-31', '2025-12-31'], ['2025/12/31', '2025-12-31'], ['2025.12.31', '2025-12-31'], ['2025年12月31日', '2025-12-31'],
    ['２０２５年１２月３１日', '2025-12-31'], ['2025/1/5', '2025-01-05'], [' 2025 年 1 月 5 日 ', '2025-01-05'], ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (typed, iso) => expect(parseDateInput(typed)).toBe(iso));

  it.each(['2025-02-29', '2025/13/01', '31/12/2025', '20251231', '2025-12', '明年', ''])('%s is not a date', (typed) => expect(parseDateInput(typed)).toBeNull());
});

describe('settings in Chinese', () => {
  for (const [kind, calc] of Object.entries(CALCULATORS)) {
    it(`${kind}: every label, hint, value and default is shown without codes, flags or § numbers`, () => {
      const view = settingsView(calc, {}, TODAY);
      for (const d of view.descriptors) {
        const ui = settingUi(d);
        const shown = [d.label, ui.hint, displayValue(d, d.value), displayValue(d, d.defaultValue), ...(ui.control.kind === 'choice' ? ui.control.choices.map((c) => c.label) : [])];
        for (const text of shown) expect({ key: d.key, text, leak: LEAKS.test(text) }).toEqual({ key: d.key, text, leak: false });
      }
    });
  }

  it('maps the descriptors\' codes to the choices and back', () => {
    const hq = settingsView(CALCULATORS['hq-rating'], { tieBreak: 'localContribution,revenue', degenerateRange: 'zero' }, TODAY);
    const tie = hq.descriptors.find((d) => d.key === 'tieBreak')!;
    expect(displayValue(tie, tie.value)).toBe('依次比较 地方综合贡献得分、营业收入得分');
    expect(displayValue(tie, tie.defaultValue)).toBe('不区分（并列）');
    expect(tieBreakList(tie.value)).toEqual(['localContribution', 'revenue']);
    const range = hq.descriptors.find((d) => d.key === 'degenerateRange')!;
    expect(displayValue(range, range.value)).toBe('全部得 0 分');
    const water = settingsView(CALCULATORS['water-fund'], { unit: 'fen', whatIfWeights: '0.6,0.3,0.1' }, TODAY);
    const unit = water.descriptors.find((d) => d.key === 'unit')!;
    expect(unit.value).toMatch(/^fen/);
    expect(choiceValue(settingUi(unit).control, unit.value)).toBe('fen');
    expect(displayValue(unit, unit.value)).toBe('精确到分（保留两位小数）');
    const weights = water.descriptors.find((d) => d.key === 'whatIfWeights')!;
    expect(weightsList(weights.value)).toEqual(['0.6', '0.3', '0.1']);
    expect(weightsList('1,0.5,0')).toEqual(['1', '0.5', '0']);
  });

  it('cleans a source and a message written for the command line', () => {
    expect(cleanSource('规则说明 §2.5 默认（可修改，--unit yuan|fen）')).not.toMatch(LEAKS);
    expect(cleanSource('温政办〔2023〕90号 一、工作目标')).toBe('温政办〔2023〕90号 一、工作目标');
    expect(paneMessage('资金年度（--fund-year）应为四位年份，例如 2024，不能是「26」。')).toBe('资金年度应为四位年份，例如 2024，不能是「26」。');
    expect(paneMessage('评定基准日 ratingDate「x」不是有效日期')).toBe('评定基准日「x」不是有效日期');
  });
});

describe('problems grouped by kind', () => {
  const p = (severity: Problem['severity'], cell: string, message: string): Problem => ({ severity, sheet: '总部企业', cell, message });

  it('groups the same warning for other rows, errors first, with the cells kept', () => {
    const problems = [
      p('warning', 'L3', '第 3 行「甲公司」上市日期 2026-03-01 晚于评定基准日 2025-12-31，不计上市加分。'),
      p('error', 'C9', '「十亿」不是数字。'),
      p('warning', 'L7', '第 7 行「乙公司」上市日期 2026-05-01 晚于评定基准日 2025-12-31，不计上市加分。'),
      p('warning', 'N1', '列「备注」未识别，未使用（总部企业!N1）。如该列应参与计算，请改用模板中的表头。'),
    ];
    const groups = groupProblems(problems);
    expect(groups.map((g) => [g.severity, g.problems.map((x) => x.cell)])).toEqual([
      ['error', ['C9']], ['warning', ['L3', 'L7']], ['warning', ['N1']],
    ]);
    expect(groups[1].label).toBe('第 … 行「…」上市日期 … 晚于评定基准日 …，不计上市加分。');
    // A kind of one is shown as its message.
    expect(groups[2].label).toBe(problems[3].message);
    expect(problemKind('列「备注」未识别，未使用（总部企业!N1）。')).toBe(problemKind('列「说明」未识别，未使用（总部企业!P1）。'));
  });
});

describe('the summary handed over by the worker', () => {
  it('relief in the words of the result sheets: 市级基金承担 and 地方配套', () => {
    const calc = CALCULATORS.relief;
    const s = calc.settingsFrom({}, '2024-06-01');
    if (!s.ok) throw new Error(s.message);
    const outcome = calc.run({ name: '医保纾困', cells: [['家庭编号', '县（市、区）', '综合保障后自负医疗费用（元）'], ['F1', '永嘉县', 220000], ['F2', '鹿城区', 130000]] }, s.settings);
    const view = summaryViewOf(outcome);
    expect(view.relief!.counties.map((c) => c.county)).toEqual(['永嘉县', '鹿城区']);
    const text = view.lines.join('\n');
    expect(text).toContain('市级基金承担');
    expect(text).toContain('地方配套');
    expect(text).not.toMatch(/市级资金|县级配套|（市级 |，地方 /);
    // Small: no per-family rows are handed over.
    expect(JSON.stringify(view).length).toBeLessThan(4_000);
  });

  it('a preview keeps the first rows only', () => {
    const grid = { name: 'x', cells: Array.from({ length: 10_000 }, (_, i) => [i]) };
    expect(previewOf(grid).cells).toHaveLength(60);
    expect(previewOf({ name: 'y', cells: [[1]] }).cells).toHaveLength(1);
  });
});
