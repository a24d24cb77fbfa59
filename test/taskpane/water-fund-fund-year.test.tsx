/** @jest-environment jsdom */
/**
 * The pane's 资金年度 for the water fund (docs/rules.md §2): the edition shown is the one of the fund
 * year (not of today), the setting is shown and marked like the others, and the run uses it.
 */
import './jsdom-polyfills';
import './async-timeout';
import * as React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { App } from '../../src/taskpane/App';
import { MemoryStore } from '../../src/taskpane/store';
import { MemoryWorkbook } from '../../src/workbook/memory-workbook';
import type { ExcelWorkbook, Progress } from '../../src/workbook/office-workbook';
import type { ResultSheet } from '../../src/sheets/result-sheet';
import type { ResultTag } from '../../src/workbook/port';
import type { SheetGrid } from '../../src/sheets/grid';
import { editionInfo, fundYearOf } from '../../src/taskpane/model';
import { fullGrid } from '../fixtures/water-fund/grids';

class FakeExcelWorkbook extends MemoryWorkbook implements ExcelWorkbook {
  constructor(grids: SheetGrid[], private readonly active: string) {
    super(grids);
  }
  async activeSheetName(): Promise<string> {
    return this.active;
  }
  async selectCell(): Promise<void> {}
  async replaceResults(sheets: ResultSheet[], tag: ResultTag, onProgress?: Progress): Promise<string[]> {
    onProgress?.(1, 1);
    return this.addSheets(sheets, tag);
  }
}

const NOT_COVERED = '2026 年度不在 温政办函〔2023〕28号 所定的 2023—2025 年度内（第七条），已按该文件计算，请核实是否有新文件。';

describe('the water fund in the pane: 资金年度', () => {
  it('editionInfo chooses the water-fund edition by fund year when given', () => {
    expect(editionInfo('water-fund', '2027-06-01', 2025)).toMatchObject({ document: '温政办函〔2023〕28号', warning: null });
    expect(editionInfo('water-fund', '2024-06-01', 2026).warning).toBe(NOT_COVERED);
    expect(editionInfo('hq-rating', '2025-06-01', 2026).warning).toBeNull(); // fund years are the water fund's only
    expect(fundYearOf({ fundYear: 2024 })).toBe(2024);
    expect(fundYearOf({ ratingDate: '2024-12-31' })).toBeNull();
    expect(fundYearOf(null)).toBeNull();
  });

  it('shows the fund year (default: last year), warns for a year no edition covers, and the run uses it', async () => {
    const grid = fullGrid();
    render(<App host={{ mode: 'excel', store: new MemoryStore(), today: '2025-06-30', workbook: new FakeExcelWorkbook([grid], grid.name) }} />);
    await screen.findByRole('table', { name: '表头映射表' });
    expect((screen.getByLabelText('测算项目') as HTMLSelectElement).value).toBe('water-fund');
    const year = screen.getByLabelText('资金年度') as HTMLInputElement;
    expect(year.value).toBe('2024');
    expect(screen.queryByText(NOT_COVERED)).toBeNull();
    expect(screen.queryByLabelText('选用政策版本的日期')).toBeNull();

    await act(async () => { fireEvent.change(year, { target: { value: '2026' } }); });
    expect(screen.getByText(NOT_COVERED)).toBeTruthy(); // the edition header
    expect(screen.getAllByText('已修改').length).toBeGreaterThan(0);
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    const region = await screen.findByRole('region', { name: '校验问题' });
    expect(region.textContent).toContain(NOT_COVERED);

    await act(async () => { fireEvent.change(year, { target: { value: '26' } }); });
    await act(async () => { fireEvent.click(screen.getByRole('button', { name: '开始计算' })); });
    expect((await screen.findAllByText(/应为四位年份/)).length).toBeGreaterThan(0);
  });
});
