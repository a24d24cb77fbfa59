/** @jest-environment jsdom */
/**
 * The whole pane in jsdom, in Excel mode over an in-memory workbook (the Office.js adapter has its
 * own tests): suggestion from the headers, hand mapping remembered per sheet, run, summary,
 * problems selecting their cells, and writing (nothing written with errors).
 */
import './jsdom-polyfills';
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../src/taskpane/App';
import { MemoryStore } from '../../src/taskpane/store';
import type { ExcelWorkbook, Progress } from '../../src/workbook/office-workbook';
import { MemoryWorkbook } from '../../src/workbook/memory-workbook';
import type { ResultSheet } from '../../src/sheets/result-sheet';
import type { ResultTag } from '../../src/workbook/port';
import type { SheetGrid } from '../../src/sheets/grid';

class FakeExcelWorkbook extends MemoryWorkbook implements ExcelWorkbook {
  selected: Array<[string, string]> = [];
  replaced: Array<{ names: string[]; tag: ResultTag }> = [];
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
    onProgress?.(1, 1);
    const names = await this.addSheets(sheets, tag);
    this.replaced.push({ names, tag });
    return names;
  }
}

const HEADERS = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'];

function reliefGrid(rows: Array<Array<string | number | null>>, headers = HEADERS): SheetGrid {
  return { name: '家庭名单', cells: [headers, ...rows] };
}

function renderExcel(grid: SheetGrid, store = new MemoryStore()) {
  const wb = new FakeExcelWorkbook([grid], grid.name);
  const view = render(<App host={{ mode: 'excel', store, today: '2025-06-30', workbook: wb }} />);
  return { wb, store, view };
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
    expect(total.textContent).toContain('纾困合计 130,000 元');
    expect(total.textContent).toContain('✓');
    expect(wb.written.size).toBe(0); // nothing written before the user asks
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '写入结果' })); });
    await screen.findByText(/已写入工作表/);
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
    expect((await screen.findByTestId('relief-total')).textContent).toContain('纾困合计 100,000 元');
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
    expect((await screen.findByTestId('relief-total')).textContent).toContain('纾困合计 100,000 元');
    await act(async () => { fireEvent.change(pilots, { target: { value: ' ' } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    expect((await screen.findAllByText(/参数有误/)).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('relief-total')).toBeNull();
  });

  it('refuses a rating date that is not yyyy-mm-dd', async () => {
    renderExcel({ name: '企业名单', cells: [['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '上年度在温企业职工养老保险参保率（%）']] });
    await ready();
    expect((screen.getByLabelText('测算项目') as HTMLSelectElement).value).toBe('hq-rating');
    expect((screen.getByLabelText('评定基准日') as HTMLInputElement).value).toBe('2024-12-31');
    await act(async () => { fireEvent.change(screen.getByLabelText('评定基准日'), { target: { value: '2024/13/01' } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    expect(screen.getByText(/评定基准日「2024\/13\/01」不是有效日期/)).toBeTruthy();
  });
});
