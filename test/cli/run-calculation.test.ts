/** The application service (port → calculator → port) with a tiny fake calculator, and main()'s last line of defence. */
import * as path from 'path';
import { runCalculation } from '../../src/app/run-calculation';
import { CALCULATORS } from '../../src/calculators';
import type { Calculator, CalculationOutcome } from '../../src/calculators/types';
import { MemoryWorkbook } from '../../src/workbook/memory-workbook';
import { readTable } from '../../src/sheets/table';
import { error, warning } from '../../src/sheets/problem';
import { text } from '../../src/sheets/result-sheet';
import type { SheetGrid } from '../../src/sheets/grid';
import { cli, FIXTURES } from './helpers';

/** Counts rows; a row named "坏" is an input error, a row named "疑" a warning. */
const fake: Calculator<{ label: string }> = {
  kind: 'relief',
  title: '假测算',
  fields: [{ field: 'name', canonical: '名称', required: true }],
  defaultSettings: () => ({ label: 'x' }),
  settingsFrom: (o) => (o.label === 'bad' ? { ok: false, message: '设置无效' } : { ok: true, settings: { label: o.label ?? 'x' } }),
  describeSettings: () => [],
  run(grid: SheetGrid): CalculationOutcome {
    const table = readTable(grid, this.fields);
    const problems = [...table.problems];
    for (const row of table.rows) {
      const v = String(row.fields.name?.value ?? '');
      if (v === '坏') problems.push(error(grid.name, row.fields.name!.address, '坏行'));
      if (v === '疑') problems.push(warning(grid.name, row.fields.name!.address, '可疑'));
    }
    const failed = problems.some((p) => p.severity === 'error');
    return {
      kind: 'relief',
      policy: '测试〔2024〕1号',
      problems,
      json: failed ? { kind: 'relief', problems } : { kind: 'relief', problems, rows: table.rows.length },
      sheets: failed ? [] : [{ name: '结果', role: 'result', columns: [{ header: '行数' }], rows: [[text(String(table.rows.length))]] }],
      summary: [`共 ${table.rows.length} 行`],
    };
  },
  template: () => ({ name: '模板', role: 'input-template', columns: [{ header: '名称' }], rows: [] }),
};

const grid = (name: string, names: string[]): SheetGrid => ({ name, cells: [['名称'], ...names.map((n) => [n])] });

describe('runCalculation', () => {
  test('defaults to the first sheet, writes result sheets tagged with the source sheet', async () => {
    const book = new MemoryWorkbook([grid('甲', ['a', 'b', '疑']), grid('乙', ['c'])]);
    const run = await runCalculation(book, { calculator: fake, settings: { label: 'x' }, write: true, runAt: '2026-01-01T00:00:00.000Z' });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.sheet).toBe('甲');
    expect(run.written).toEqual(['结果']);
    expect(book.written.get('结果')!.tag).toEqual({ sourceSheet: '甲', calculator: 'relief', runAt: '2026-01-01T00:00:00.000Z' });
    expect(run.outcome.problems.map((p) => p.severity)).toEqual(['warning']);
  });

  test('a named sheet is used; a missing one is reported, not thrown', async () => {
    const book = new MemoryWorkbook([grid('甲', ['a']), grid('乙', ['c', 'd'])]);
    const run = await runCalculation(book, { calculator: fake, settings: { label: 'x' }, sheet: '乙', write: false });
    expect(run.ok && run.outcome.summary).toEqual(['共 2 行']);
    const missing = await runCalculation(book, { calculator: fake, settings: { label: 'x' }, sheet: '丙', write: true });
    expect(missing).toMatchObject({ ok: false, reason: 'missing-sheet' });
    expect(!missing.ok && missing.message).toMatch(/「甲」、「乙」/);
  });

  test('sheet names match ignoring case and outer spaces, as in Excel', async () => {
    const book = new MemoryWorkbook([grid('Data', ['a']), grid('乙', ['c', 'd'])]);
    const run = await runCalculation(book, { calculator: fake, settings: { label: 'x' }, sheet: ' data ', write: false });
    expect(run.ok && run.sheet).toBe('Data');
  });

  test('errors: nothing is written', async () => {
    const book = new MemoryWorkbook([grid('甲', ['a', '坏'])]);
    const run = await runCalculation(book, { calculator: fake, settings: { label: 'x' }, write: true });
    expect(run.ok && run.written).toEqual([]);
    expect(book.written.size).toBe(0);
  });

  test('write: false never writes', async () => {
    const book = new MemoryWorkbook([grid('甲', ['a'])]);
    await runCalculation(book, { calculator: fake, settings: { label: 'x' }, write: false });
    expect(book.written.size).toBe(0);
  });
});

describe('main(): an internal error is one Chinese line and exit 3, never a stack trace', () => {
  test('a calculator that throws', async () => {
    const spy = jest.spyOn(CALCULATORS.relief, 'run').mockImplementation(() => {
      throw new TypeError('Cannot read properties of undefined (reading \'x\')');
    });
    try {
      const run = await cli(['relief', path.join(FIXTURES, 'hq-rating-spec-1.5.xlsx')]);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^wzpolicy：内部错误：Cannot read properties/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});
