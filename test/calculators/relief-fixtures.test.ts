/** The relief calculation on real .xlsx fixtures (test/fixtures/medical-relief, made by make-fixtures.js). */
import path from 'path';
import ExcelJS from 'exceljs';
import { runRelief, reliefCalculator } from '../../src/calculators/relief';
import { gridFromWorksheet, isDate1904 } from '../../src/workbook/exceljs-read';
import type { SheetGrid } from '../../src/sheets/grid';

const TODAY = '2024-06-01';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'medical-relief');

async function firstSheet(file: string): Promise<SheetGrid> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(FIXTURES, file));
  return gridFromWorksheet(wb.worksheets[0], isDate1904(wb));
}

describe('relief on the fixture workbooks', () => {
  it('relief-example.xlsx: skips the note and 合计 rows and relieves five families', async () => {
    const out = runRelief(await firstSheet('relief-example.xlsx'), reliefCalculator.defaultSettings(TODAY), { today: TODAY });
    expect(out.problems.map((p) => [p.severity, p.cell])).toEqual([['warning', 'A9']]); // the 合计 row
    expect(out.json.total).toBe('140001.5');
    expect((out.json.families as Array<{ familyId: string; relief: string }>).map((f) => [f.familyId, f.relief])).toEqual([
      ['F001', '100000'], ['F002', '10000'], ['F003', '0'], ['F004', '1'], ['F005', '30000.5'],
    ]);
    expect(out.sheets.map((s) => s.name)).toEqual(['纾困化解明细', '纾困县区汇总', '校验问题']);
    expect(JSON.stringify(out.json)).not.toContain('11010519491231002X');
  });

  it('relief-errors.xlsx: every error names its cell and nothing is computed', async () => {
    const out = runRelief(await firstSheet('relief-errors.xlsx'), reliefCalculator.defaultSettings(TODAY), { today: TODAY });
    expect(out.problems.map((p) => [p.severity, p.cell])).toEqual([
      ['error', 'C3'], // check digit
      ['error', 'D6'], // empty county
      ['error', 'E7'], // negative
      ['error', 'D5'], // F002 under 平阳县 (D4) and 苍南县 (D5)
    ]);
    expect(out.problems[3].message).toContain('D4');
    expect(out.json).not.toHaveProperty('families');
    expect(out.sheets).toEqual([]);
  });
});
