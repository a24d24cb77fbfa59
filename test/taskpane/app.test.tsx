/** @jest-environment jsdom */
/**
 * The whole pane in jsdom, in Excel mode over an in-memory workbook (the Office.js adapter has its
 * own tests): suggestion from the headers, hand mapping remembered per sheet, run, summary,
 * problems selecting their cells, and writing (nothing written with errors).
 */
import './jsdom-polyfills';
import './async-timeout';
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../src/taskpane/App';
import { createEngine, type CalcEngine } from '../../src/taskpane/engine/client';
import { MemoryStore } from '../../src/taskpane/store';
import type { ExcelWorkbook, Progress } from '../../src/workbook/office-workbook';
import { MemoryWorkbook } from '../../src/workbook/memory-workbook';
import type { ResultSheet } from '../../src/sheets/result-sheet';
import type { ResultTag } from '../../src/workbook/port';
import type { SheetGrid } from '../../src/sheets/grid';
import { WriteResultsError } from '../../src/workbook/office-workbook';
import { fullGrid } from '../fixtures/water-fund/grids';
import { code } from '../fixtures/hq-rating/builders';

class FakeExcelWorkbook extends MemoryWorkbook implements ExcelWorkbook {
  selected: Array<[string, string]> = [];
  replaced: Array<{ names: string[]; tag: ResultTag; sheets: ResultSheet[] }> = [];
  failWrite: Error | null = null;
  constructor(grids: SheetGrid[], private readonly active: string) {
    super(grids);
  }
  async activeSheetName(): Promise<string> {
    return this.active;
  }
  async selectCell(sheet: string, cell: string): Promise<void> {
    this.selected.push([sheet, cell]);
  }
  async replaceResults(sheets: ResultSheet[], tag: ResultTag, onProgress?: Progress): Promise<string[]> {
    if (this.failWrite) throw this.failWrite;
    onProgress?.(1, 1);
    const names = await this.addSheets(sheets, tag);
    this.replaced.push({ names, tag, sheets });
    return names;
  }
}

const HEADERS = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'];
const HQ_HEADERS = ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '上年度在温企业职工养老保险参保率（%）'];
const HQ_ROWS = [
  [code(1), '甲公司', 40, 4, 1000, 90],
  [code(2), '乙公司', 30, 3, 900, 80],
];

function reliefGrid(rows: Array<Array<string | number | null>>, headers = HEADERS): SheetGrid {
  return { name: '家庭名单', cells: [headers, ...rows] };
}

function renderExcel(grid: SheetGrid, store = new MemoryStore(), others: SheetGrid[] = []) {
  const wb = new FakeExcelWorkbook([grid, ...others], grid.name);
  const view = render(<App host={{ mode: 'excel', store, today: '2025-06-30', workbook: wb }} />);
  return { wb, store, view };
}

/** The visible element with this text (the live region repeats notices for screen readers). */
async function shown(text: RegExp): Promise<HTMLElement> {
  const all = await screen.findAllByText(text);
  const visible = all.filter((e) => !e.closest('[data-testid="live-region"]'));
  expect(visible.length).toBeGreaterThan(0);
  return visible[0];
}

async function ready(): Promise<void> {
  await screen.findByRole('table', { name: '表头映射表' });
}

describe('task pane in Excel mode', () => {
  it('suggests the calculation from the headers, runs, summarises and writes the result sheets', async () => {
    const { wb } = renderExcel(reliefGrid([
      ['F001', '张三', null, '文成县', 250000],
      ['F002', '李四', null, '泰顺县', 150000],
      ['F003', '王五', null, '泰顺县', 100000],
    ]));
    await ready();
    expect((screen.getByLabelText('测算项目') as HTMLSelectElement).value).toBe('relief');
    expect(screen.getByText('根据表头建议：医保纾困专项保障')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '写入结果' })).toBeNull();
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    const total = await screen.findByTestId('relief-total');
    expect(total.textContent).toContain('化解总额 130,000 元');
    expect(total.textContent).toContain('✓');
    expect(wb.written.size).toBe(0); // nothing written before the user asks
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '写入结果' })); });
    await shown(/已写入工作表/);
    expect(wb.replaced).toHaveLength(1);
    expect(wb.replaced[0].names).toEqual(expect.arrayContaining(['纾困化解明细', '纾困县区汇总']));
    expect(wb.replaced[0].tag).toMatchObject({ sourceSheet: '家庭名单', calculator: 'relief' });
  });

  it('with an input error: shows the problem, clicking it selects the cell, nothing can be written', async () => {
    const { wb } = renderExcel(reliefGrid([
      ['F001', '张三', null, '文成县', 250000],
      ['F002', '李四', null, '泰顺县', '很多'],
    ]));
    await ready();
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    const region = await screen.findByRole('region', { name: '校验问题' });
    expect(region.textContent).toContain('错误 家庭名单!E3');
    expect(screen.queryByRole('button', { name: '写入结果' })).toBeNull();
    expect(screen.queryByRole('region', { name: '计算结果摘要' })).toBeNull();
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '错误 家庭名单!E3' })); });
    expect(wb.selected).toEqual([['家庭名单', 'E3']]);
    expect(wb.written.size).toBe(0);
  });

  it('maps a column by hand, remembers it for the sheet, and the run uses it', async () => {
    const headers = ['家庭编号', '姓名', '身份证号', '县（市、区）', '自付金额'];
    const grid = reliefGrid([['F001', '张三', null, '文成县', 220000]], headers);
    const store = new MemoryStore();
    const first = renderExcel(grid, store);
    await ready();
    const select = screen.getByLabelText('映射：综合保障后自负医疗费用（元）') as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(screen.getByText(/缺少必填列：综合保障后自负医疗费用（元）/)).toBeTruthy();
    await act(async () => { fireEvent.change(select, { target: { value: '4' } }); });
    expect(JSON.parse(store.get('wzpolicy.mapping.relief.家庭名单')!)).toEqual({ selfPay: 4 });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    expect((await screen.findByTestId('relief-total')).textContent).toContain('化解总额 100,000 元');
    first.view.unmount();

    renderExcel(grid, store);
    await ready();
    await waitFor(() => expect((screen.getByLabelText('映射：综合保障后自负医疗费用（元）') as HTMLSelectElement).value).toBe('4'));
    expect(screen.queryByText(/缺少必填列/)).toBeNull();
  });

  it('a changed setting is marked and used; an invalid one blocks the run with its message', async () => {
    renderExcel(reliefGrid([['F001', '张三', null, '鹿城区', 250000]]));
    await ready();
    const pilots = screen.getByLabelText('试点县（市、区）') as HTMLInputElement;
    await act(async () => { fireEvent.change(pilots, { target: { value: '鹿城区' } }); });
    expect(screen.getAllByText('已修改').length).toBeGreaterThan(0);
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    expect((await screen.findByTestId('relief-total')).textContent).toContain('化解总额 100,000 元');
    await act(async () => { fireEvent.change(pilots, { target: { value: ' ' } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    expect((await screen.findAllByText(/参数有误/)).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('relief-total')).toBeNull();
  });

  it('refuses a rating date that is not a date, saying how to write one', async () => {
    renderExcel({ name: '企业名单', cells: [HQ_HEADERS] });
    await ready();
    expect((screen.getByLabelText('测算项目') as HTMLSelectElement).value).toBe('hq-rating');
    expect((screen.getByLabelText('评定基准日') as HTMLInputElement).value).toBe('2024-12-31');
    await act(async () => { fireEvent.change(screen.getByLabelText('评定基准日'), { target: { value: '2024/13/01' } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    await shown(/评定基准日「2024\/13\/01」不是有效日期，可写作 2025-12-31、2025\/12\/31、2025\.12\.31 或 2025年12月31日/);
  });

  it.each(['2025/12/31', '2025.12.31', '2025年12月31日'])('accepts the rating date typed as %s and rates on 2025-12-31', async (typed) => {
    const { wb } = renderExcel({ name: '企业名单', cells: [HQ_HEADERS, ...HQ_ROWS] });
    await ready();
    await act(async () => { fireEvent.change(screen.getByLabelText('评定基准日'), { target: { value: typed } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    await screen.findByRole('region', { name: '计算结果摘要' });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '写入结果' })); });
    await shown(/已写入工作表/);
    const params = wb.replaced[0].sheets.find((x) => x.role === 'parameters')!;
    expect(JSON.stringify(params.rows)).toContain('2025-12-31');
  });

  it('shows only the chosen calculation\'s settings, in Chinese', async () => {
    const relief = renderExcel(reliefGrid([['F001', '张三', null, '文成县', 250000]]));
    await ready();
    expect(screen.queryByLabelText('评定基准日')).toBeNull();
    expect(screen.queryByLabelText('金额单位')).toBeNull();
    expect(screen.getByLabelText('试点县（市、区）')).toBeTruthy();
    relief.view.unmount();
    const hq = renderExcel({ name: '企业名单', cells: [HQ_HEADERS, ...HQ_ROWS] });
    await ready();
    const settings = screen.getByRole('region', { name: '测算参数' }).textContent ?? '';
    expect(settings).toContain('评定基准日');
    expect(settings).not.toMatch(/\bnone\b|\bfull\b|--[a-z]|§/);
    expect(screen.queryByLabelText('资金年度')).toBeNull();
    hq.view.unmount();
  });

  it('after a run: the result is announced in the live region and the focus is on the summary', async () => {
    renderExcel(reliefGrid([['F001', '张三', null, '文成县', 250000]]));
    await ready();
    const run = screen.getByRole('button', { name: '开始计算' });
    run.focus();
    await act(async () => { fireEvent.click(run); });
    const heading = await screen.findByRole('heading', { name: /结果摘要/ });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await waitFor(() => expect(screen.getByTestId('live-region').textContent).toContain('计算完成'));
    expect(screen.getByTestId('live-region').getAttribute('aria-live')).toBe('polite');
  });

  it('the headings go h1 → h2 (steps) → h3, and the signing step is collapsed until asked for', async () => {
    renderExcel(reliefGrid([['F001', '张三', null, '文成县', 250000]]));
    await ready();
    const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    levels.forEach((l, i) => expect(i === 0 ? l : l - levels[i - 1]).toBeLessThanOrEqual(1));
    expect(levels[0]).toBe(1);
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => (h.textContent ?? '').replace(/\s/g, ''))).toEqual([
      '①第1步：选择工作表已完成✓', '②第2步：核对表头已完成✓', '③第3步：开始计算', '④第4步：写入结果', '⑤第5步：签章（可选）▾',
    ]);
    const toggle = screen.getByRole('button', { name: /签章（可选）/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByLabelText('签名人姓名')).toBeNull();
    await act(async () => { fireEvent.click(toggle); });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await screen.findByLabelText('签名人姓名')).toBeTruthy();
  });

  it('offers the 第六条 what-if sheet and its weights as the command line does; the run uses them', async () => {
    const whatIf: SheetGrid = {
      name: '用水量测算',
      cells: [
        ['县（市、区）', '用水量（万立方米）', '人口'],
        ['鹿城区', 5000, 1000000], ['龙湾区', 3900, 800000], ['瓯海区', 3950, 900000], ['洞头区', 400, 100000], ['海经区', 300, 50000],
        ['乐清市', 450, 1400000], ['瑞安市', 2950, 1500000], ['永嘉县', 300, 900000], ['平阳县', 2150, 900000], ['龙港市', 1850, 500000],
      ],
    };
    const grid = fullGrid();
    const { wb } = renderExcel(grid, new MemoryStore(), [whatIf]);
    await ready();
    expect((screen.getByLabelText('测算项目') as HTMLSelectElement).value).toBe('water-fund');
    expect(screen.queryByLabelText('用水区域分担测算权重：用水量')).toBeNull(); // only with a what-if sheet
    const pick = screen.getByLabelText('用水量测算表（第六条分担测算，可选）') as HTMLSelectElement;
    expect([...pick.options].map((o) => o.textContent)).toEqual(['不测算', '用水量测算']);
    await act(async () => { fireEvent.change(pick, { target: { value: '用水量测算' } }); });
    await act(async () => { fireEvent.change(screen.getByLabelText('用水区域分担测算权重：人口'), { target: { value: '0.5' } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    const whatIfTable = await screen.findByTestId('what-if');
    expect(whatIfTable.textContent).toContain('70,000,000');
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '写入结果' })); });
    await shown(/已写入工作表/);
    const raised = wb.replaced[0].sheets.find((x) => x.name === '资金筹集')!;
    expect(raised.columns.map((c) => c.header)).toContain('测算分担额（元）');
    const params = wb.replaced[0].sheets.find((x) => x.role === 'parameters')!;
    expect(JSON.stringify(params.rows)).toContain('人口 0.5');
  });

  it('取消 during the hand-over: an engine that answers anyway shows nothing of the run', async () => {
    // An engine whose cancel() does not stop a hand-over already under way (as a worker still
    // starting did): putGrids and run answer after 取消; the pane must not show 计算完成.
    const inner = createEngine(async () => { throw new Error('not used'); });
    let release: () => void = () => undefined;
    const handedOver = new Promise<void>((resolve) => { release = resolve; });
    const engine: CalcEngine = {
      get where() { return inner.where; },
      openFile: (...a) => inner.openFile(...a),
      preview: (...a) => inner.preview(...a),
      putGrids: async (grids, onProgress) => { await handedOver; await inner.putGrids(grids, onProgress); },
      run: (...a) => inner.run(...a),
      cancel: () => undefined,
      dispose: () => inner.dispose(),
    };
    const grid = reliefGrid([['F001', '张三', null, '文成县', 250000]]);
    const wb = new FakeExcelWorkbook([grid], grid.name);
    render(<App host={{ mode: 'excel', store: new MemoryStore(), today: '2025-06-30', workbook: wb, engine }} />);
    await ready();
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    const cancel = await screen.findByRole('button', { name: '取消' });
    await act(async () => { fireEvent.click(cancel); });
    await act(async () => { release(); });
    await shown(/已取消，未生成任何结果/);
    expect(screen.queryByRole('region', { name: '计算结果摘要' })).toBeNull();
    expect(screen.queryByRole('button', { name: '写入结果' })).toBeNull();
    expect(screen.getByTestId('live-region').textContent).not.toContain('计算完成');
  });

  it('a failed write shows the adapter\'s message once, as it is', async () => {
    const { wb } = renderExcel(reliefGrid([['F001', '张三', null, '文成县', 250000]]));
    wb.failWrite = new WriteResultsError(new Error('连接已断开'), ['纾困化解明细', '纾困县区汇总'], ['纾困县区汇总'], 'GeneralException');
    await ready();
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    await screen.findByRole('region', { name: '计算结果摘要' });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '写入结果' })); });
    const message = await shown(/写入结果失败/);
    expect(message.textContent).toBe('写入结果失败：连接已断开。本次新建的工作表中「纾困县区汇总」未能删除（GeneralException），请在 Excel 中手动删除。');
    expect(message.textContent).not.toContain('工作簿保持原样');
  });
});

describe('task pane on the standalone page', () => {
  it('before a file is chosen: 开始计算 disabled and saying why; signing collapsed', async () => {
    render(<App host={{ mode: 'standalone', store: new MemoryStore(), today: '2025-06-30', openFile: async () => { throw new Error('not used'); } }} />);
    const run = screen.getByRole('button', { name: '开始计算' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    const why = document.getElementById(run.getAttribute('aria-describedby')!)!;
    expect(why.textContent).toBe('请先在步骤 ① 选择 .xlsx 工作簿。');
    expect(screen.getByRole('button', { name: '选择工作簿…' })).toBeTruthy();
    expect(screen.queryByLabelText('签名人姓名')).toBeNull();
  });
});
