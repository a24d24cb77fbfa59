/** @jest-environment jsdom */
/**
 * The pane's components in jsdom (@testing-library/react): header mapping, settings, problems
 * list and summary.
 */
import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { MappingEditor } from '../../src/taskpane/components/MappingEditor';
import { SettingsEditor } from '../../src/taskpane/components/SettingsEditor';
import { ProblemsList } from '../../src/taskpane/components/ProblemsList';
import { Summary } from '../../src/taskpane/components/Summary';
import { sharePercent } from '../../src/taskpane/model';
import type { CalculationOutcome, SettingDescriptor } from '../../src/calculators/types';
import type { FieldSpec } from '../../src/sheets/table';
import type { Problem } from '../../src/sheets/problem';

const wrap = (ui: React.ReactElement) => render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);

describe('MappingEditor', () => {
  const fields: FieldSpec[] = [
    { field: 'county', canonical: '县（市、区）', required: true },
    { field: 'selfPay', canonical: '综合保障后自负医疗费用（元）', required: true },
    { field: 'name', canonical: '姓名' },
  ];
  const state = {
    detected: { county: 1, selfPay: undefined, name: undefined },
    headers: [{ col: 0, label: 'A 列：家庭编号' }, { col: 1, label: 'B 列：县' }, { col: 2, label: 'C 列：自付金额' }],
    headerRowNumber: 2,
  };

  it('shows the detected column, flags a missing required field in red, and maps by hand', () => {
    const onChange = jest.fn();
    wrap(<MappingEditor fields={fields} state={state} manual={{}} onChange={onChange} />);
    expect((screen.getByLabelText('映射：县（市、区）') as HTMLSelectElement).value).toBe('1');
    const missingRow = screen.getByText('综合保障后自负医疗费用（元）（必填）').closest('tr')!;
    expect(missingRow.getAttribute('data-missing')).toBe('true');
    expect(within(missingRow).getByRole('alert').textContent).toContain('未找到此必填列');
    // The optional field without a column is not flagged.
    expect(screen.getByText('姓名').closest('tr')!.getAttribute('data-missing')).toBeNull();
    expect(screen.getByText('表头在第 2 行。', { exact: false })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('映射：综合保障后自负医疗费用（元）'), { target: { value: '2' } });
    expect(onChange).toHaveBeenLastCalledWith('selfPay', 2);
    fireEvent.change(screen.getByLabelText('映射：县（市、区）'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith('county', null);
  });

  it('a hand-made mapping overrides detection and clears the red flag', () => {
    wrap(<MappingEditor fields={fields} state={state} manual={{ selfPay: 2, county: null }} onChange={() => undefined} />);
    expect((screen.getByLabelText('映射：综合保障后自负医疗费用（元）') as HTMLSelectElement).value).toBe('2');
    expect(screen.getByText('综合保障后自负医疗费用（元）（必填）').closest('tr')!.getAttribute('data-missing')).toBeNull();
    // Unmapping a detected required column by hand makes it missing.
    expect(screen.getByText('县（市、区）（必填）').closest('tr')!.getAttribute('data-missing')).toBe('true');
  });

  it('says how many data rows are below the header, digits grouped', () => {
    wrap(<MappingEditor fields={fields} state={state} manual={{}} onChange={() => undefined} dataRows={1234567} />);
    expect(screen.getByText('表头在第 2 行，其下共 1,234,567 行。', { exact: false })).toBeTruthy();
  });
});

describe('SettingsEditor', () => {
  const edition = { document: '温政办〔2023〕88号', title: '温州市总部企业星级评定办法', effectiveFrom: '2023-12-19', effectiveTo: null, warning: null };
  const descriptors: SettingDescriptor[] = [
    { key: 'ratingDate', label: '评定基准日（上市“三年内”起算日）', value: '2024-12-31', defaultValue: '2024-12-31', source: '规则说明默认（可修改）', changed: false },
    { key: 'tieBreak', label: '总分并列时的区分指标', value: 'localContribution,revenue', defaultValue: 'none', source: '规则说明默认（可修改）：规则说明 §1.4', changed: true },
    { key: 'degenerateRange', label: '指标最高值等于最低值时的得分', value: 'full', defaultValue: 'full', source: '规则说明 §1.2 默认', changed: false },
    { key: 'unit', label: '金额单位', value: 'yuan（元，取整到元）', defaultValue: 'yuan（元，取整到元）', source: '规则说明 §2.5 默认（可修改，--unit yuan|fen）', changed: false },
  ];

  it('shows the edition, Chinese choices with their defaults (no codes, flags or § numbers), and marks changed settings', () => {
    const onChange = jest.fn();
    const { container } = wrap(<SettingsEditor edition={edition} descriptors={descriptors} onChange={onChange} error={null} />);
    expect(screen.getByTestId('edition').textContent).toBe('适用政策：温政办〔2023〕88号《温州市总部企业星级评定办法》，有效期 2023-12-19 至 长期');
    const text = container.textContent ?? '';
    expect(text).not.toMatch(/\bnone\b|\bfull\b|\byuan\b|--unit|§/);
    expect(text).toContain('默认：不区分（并列）');
    expect(screen.getAllByText('已修改')).toHaveLength(1);
    // Fixed choices are a drop-down of Chinese labels; the value handed on is the code.
    const unit = screen.getByLabelText('金额单位') as HTMLSelectElement;
    expect(unit.tagName).toBe('SELECT');
    expect(unit.value).toBe('yuan');
    expect([...unit.options].map((o) => o.textContent)).toEqual(['取整到元', '精确到分（保留两位小数）']);
    fireEvent.change(unit, { target: { value: 'fen' } });
    expect(onChange).toHaveBeenLastCalledWith('unit', 'fen');
    const range = screen.getByLabelText('指标最高值等于最低值时的得分') as HTMLSelectElement;
    expect([...range.options].map((o) => o.textContent)).toEqual(['全部得满分', '全部得 0 分']);
    fireEvent.change(range, { target: { value: 'zero' } });
    expect(onChange).toHaveBeenLastCalledWith('degenerateRange', 'zero');
    // The tie-break: the indicators compared in turn, chosen in Chinese.
    const first = screen.getByLabelText('总分并列时的区分指标') as HTMLSelectElement;
    expect(first.value).toBe('localContribution');
    expect(first.options[0].textContent).toBe('不区分（并列者名次、星级相同）');
    expect((screen.getByLabelText('总分并列时的区分指标：第 2 个比较指标') as HTMLSelectElement).value).toBe('revenue');
    fireEvent.change(first, { target: { value: 'rdExpense' } });
    expect(onChange).toHaveBeenLastCalledWith('tieBreak', 'rdExpense');
    fireEvent.change(first, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith('tieBreak', 'none');
    // The rating date: a text field and the browser's date picker.
    expect((screen.getByLabelText('评定基准日') as HTMLInputElement).value).toBe('2024-12-31');
    const picker = screen.getByLabelText('评定基准日（日历选择）') as HTMLInputElement;
    expect(picker.type).toBe('date');
    fireEvent.change(picker, { target: { value: '2025-12-31' } });
    expect(onChange).toHaveBeenLastCalledWith('ratingDate', '2025-12-31');
  });

  it('accepts 2025/12/31 and 2025年12月31日 in the date field, and says what is wrong with 2025/13/01', () => {
    const view = (v: string) => wrap(<SettingsEditor edition={edition} descriptors={descriptors.slice(0, 1)} values={{ ratingDate: v }} onChange={() => undefined} error={null} />);
    const a = view('2025/12/31');
    expect((screen.getByLabelText('评定基准日（日历选择）') as HTMLInputElement).value).toBe('2025-12-31');
    a.unmount();
    const b = view('2025年12月31日');
    expect((screen.getByLabelText('评定基准日（日历选择）') as HTMLInputElement).value).toBe('2025-12-31');
    b.unmount();
    view('2025/13/01');
    expect(screen.getByText(/「2025\/13\/01」不是有效日期，可写作 2025-12-31、2025\/12\/31、2025\.12\.31 或 2025年12月31日/)).toBeTruthy();
  });

  it('shows what the user typed in a text setting and the parse error', () => {
    const pilots: SettingDescriptor = { key: 'pilotCounties', label: '试点县（市、区）', value: '永嘉县', defaultValue: '永嘉县', source: '温政办〔2023〕90号 一、工作目标', changed: false };
    wrap(<SettingsEditor edition={{ ...edition, warning: '不在有效期内' }} descriptors={[pilots]} values={{ pilotCounties: 'xyz' }} onChange={() => undefined} error="试点县（市、区）「xyz」无法识别" />);
    expect((screen.getByLabelText('试点县（市、区）') as HTMLInputElement).value).toBe('xyz');
    expect(screen.getByRole('alert').textContent).toBe('试点县（市、区）「xyz」无法识别');
    expect(screen.getByText('不在有效期内')).toBeTruthy();
    expect(screen.getByText(/温政办〔2023〕90号 一、工作目标/)).toBeTruthy();
  });
});

describe('ProblemsList', () => {
  const problems: Problem[] = [
    { severity: 'error', sheet: '企业名单', cell: 'C7', message: '「十亿」不是数字。' },
    { severity: 'warning', sheet: '企业名单', cell: null, message: '研发费用全部相等，按满分计。' },
    { severity: 'error', sheet: '企业名单', cell: 'A9', message: '统一社会信用代码校验位错误。' },
  ];

  it('counts errors and warnings; errors are listed open with their cells, warnings folded by kind', () => {
    const { container } = wrap(<ProblemsList problems={problems} />);
    expect(screen.getByText('校验问题：错误 2 条，提示 1 条')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('不会写入或下载任何结果');
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['错误 企业名单!C7 「十亿」不是数字。', '错误 企业名单!A9 统一社会信用代码校验位错误。']);
    const groups = [...container.querySelectorAll('details')];
    expect(groups.map((d) => [d.getAttribute('data-severity'), d.open])).toEqual([['error', true], ['error', true], ['warning', false]]);
    expect(groups[2].querySelector('summary')!.textContent).toBe('提示 1 条：研发费用全部相等，按满分计。');
    expect(screen.queryAllByRole('button')).toHaveLength(0); // no Excel: nothing to select
  });

  it('501 warnings of two kinds: two closed groups with counts; opening one lists its cells, 200 at a time', () => {
    const many: Problem[] = [
      ...Array.from({ length: 500 }, (_, i) => ({ severity: 'warning' as const, sheet: '总部企业', cell: `L${i + 2}`, message: `第 ${i + 2} 行「企业${i}」上市日期 2026-03-01 晚于评定基准日 2025-12-31，不计上市加分。` })),
      { severity: 'warning', sheet: '总部企业', cell: 'N1', message: '列「备注」未识别，未使用（总部企业!N1）。' },
    ];
    const { container } = wrap(<ProblemsList problems={many} />);
    expect(screen.getByText('校验问题：错误 0 条，提示 501 条')).toBeTruthy();
    // (li elements counted directly: role queries over hundreds of items are slow in jsdom)
    expect(container.querySelectorAll('li')).toHaveLength(0);
    const groups = [...container.querySelectorAll('details')];
    expect(groups.map((d) => d.querySelector('summary')!.textContent)).toEqual([
      '提示 500 条：第 … 行「…」上市日期 … 晚于评定基准日 …，不计上市加分。',
      '提示 1 条：列「备注」未识别，未使用（总部企业!N1）。',
    ]);
    groups[0].open = true;
    fireEvent(groups[0], new Event('toggle'));
    const items = container.querySelectorAll('li');
    expect(items).toHaveLength(200);
    expect(items[0].textContent).toContain('提示 总部企业!L2');
    fireEvent.click(screen.getByText('显示更多（还有 300 条）'));
    expect(container.querySelectorAll('li')).toHaveLength(400);
  });

  it('in Excel, clicking a problem with a cell selects it', () => {
    const onSelect = jest.fn();
    wrap(<ProblemsList problems={problems} onSelect={onSelect} />);
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['错误 企业名单!C7', '错误 企业名单!A9']);
    fireEvent.click(buttons[1]);
    expect(onSelect).toHaveBeenCalledWith(problems[2]);
  });

  it('renders nothing without problems', () => {
    const { container } = wrap(<ProblemsList problems={[]} />);
    expect(container.querySelector('section')).toBeNull();
  });
});

describe('Summary', () => {
  it('sharePercent: one decimal, rounded half up, in integers', () => {
    expect(sharePercent(5, 12)).toBe('41.7%');
    expect(sharePercent(1, 8)).toBe('12.5%');
    expect(sharePercent(1, 16)).toBe('6.3%'); // 6.25 → 6.3
    expect(sharePercent(12, 12)).toBe('100.0%');
    expect(sharePercent(0, 12)).toBe('0.0%');
    expect(sharePercent(0, 0)).toBe('—');
    expect(sharePercent(1, 3)).toBe('33.3%');
    expect(sharePercent(2, 3)).toBe('66.7%');
  });

  const base = { problems: [], sheets: [], summary: ['一行摘要'] };

  it('hq-rating: star distribution and the top ten', () => {
    const results = Array.from({ length: 12 }, (_, i) => ({
      creditCode: `C${i}`, name: `企业${i + 1}`, rank: i + 1, stars: i < 5 ? 5 : 4, total: String(100 - i) + '.125', tied: i === 11,
    }));
    // the tiers as the calculator's report counts them (tierCounts), not recounted by the pane
    const tierCounts = [{ stars: 5, label: '五星级', count: 5 }, { stars: 4, label: '四星级', count: 7 }, { stars: 3, label: '三星级', count: 0 }, { stars: 2, label: '二星级', count: 0 }, { stars: 1, label: '一星级', count: 0 }];
    const outcome: CalculationOutcome = { ...base, kind: 'hq-rating', policy: '温政办〔2023〕88号', json: { results, tierCounts, excluded: [{ name: '丙公司', reason: '严重失信' }] } };
    wrap(<Summary outcome={outcome} annualTotalWan="17000" />);
    const dist = screen.getByRole('table', { name: '星级分布' });
    const rows = within(dist).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').slice(0, 2).map((c) => c.textContent));
    expect(rows).toEqual([['★★★★★', '5'], ['★★★★', '7'], ['★★★', '0'], ['★★', '0'], ['★', '0']]);
    // 占比: the tier's share of all 12 rated, not its size relative to the largest tier (7)
    const shares = within(dist).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[2].textContent);
    expect(shares).toEqual(['41.7%', '58.3%', '0.0%', '0.0%', '0.0%']);
    const top = within(screen.getByRole('table', { name: '前十名' })).getAllByRole('row').slice(1);
    expect(top).toHaveLength(10);
    expect(within(top[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '企业1', '100.13', '★★★★★']);
    expect(screen.getByText('不参评 1 家：丙公司（严重失信）')).toBeTruthy();
    expect(screen.getByText('一行摘要')).toBeTruthy();
  });

  it('water-fund: allocation by county with the money-in = money-out check', () => {
    const json = {
      results: [
        { county: '文成县', base: '55872727', reward: '11000000', total: '66872727', group: 'A', groupRank: 1 },
        { county: '泰顺县', base: '84127273', reward: '19000000', total: '103127273', group: 'A', groupRank: 2 },
      ],
      totals: { base: '140000000', reward: '30000000', total: '170000000' },
      // the money check as the calculator's report makes it
      moneyCheck: { moneyIn: '170000000', moneyOut: '170000000', difference: '0', balanced: true },
    };
    wrap(<Summary outcome={{ ...base, kind: 'water-fund', policy: '温政办函〔2023〕28号', json }} annualTotalWan="17000" />);
    expect(screen.getByTestId('money-check').textContent).toBe('资金筹集 170,000,000 元，分配合计 170,000,000 元：收支相等 ✓');
    expect(screen.getByText('66,872,727')).toBeTruthy();
    expect(screen.getByText('文成县（A组第1名）')).toBeTruthy();
    expect(screen.getByText('泰顺县（A组第2名）')).toBeTruthy();
  });

  it('water-fund: an unpaid reward place shows the difference, not a false check', () => {
    const json = {
      results: [{ county: '文成县', base: '140000000', reward: '11000000', total: '151000000', group: 'A', groupRank: 1 }],
      totals: { base: '140000000', reward: '11000000', total: '151000000' },
      moneyCheck: { moneyIn: '170000000', moneyOut: '151000000', difference: '19000000', balanced: false },
    };
    wrap(<Summary outcome={{ ...base, kind: 'water-fund', policy: '温政办函〔2023〕28号', json }} annualTotalWan="17000" />);
    expect(screen.getByTestId('money-check').textContent).toContain('收支不等，差额 19,000,000 元');
  });

  it('relief: totals per county, city half + local half', () => {
    const json = {
      counties: [
        { county: '文成县', families: 3, relieved: 2, relief: '100000.5', cityFund: '50000.25', localMatch: '50000.25' },
        { county: '泰顺县', families: 1, relieved: 1, relief: '0.1', cityFund: '0.05', localMatch: '0.05' },
      ],
      total: '100000.6',
      balanced: true,
    };
    wrap(<Summary outcome={{ ...base, kind: 'relief', policy: '温政办〔2023〕90号', json }} annualTotalWan="17000" />);
    expect(screen.getByTestId('relief-total').textContent).toBe('化解总额 100,000.6 元（市级基金承担 + 地方配套 = 化解总额 ✓）');
    expect(screen.getByRole('table', { name: '纾困汇总' }).textContent).not.toMatch(/市级资金|县级配套/);
    const rows = within(screen.getByRole('table', { name: '纾困汇总' })).getAllByRole('row').slice(1);
    expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['文成县', '3', '2', '100,000.5', '50,000.25', '50,000.25']);
  });
});
