import { readFileSync } from 'fs';
import path from 'path';
import { waterFundCalculator as calc } from '../../src/calculators/water-fund';
import { isWhatIfSheet } from '../../src/sheets/water-fund/read-what-if';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { TODAY } from '../fixtures/water-fund/grids';

const FIXTURE = path.join(__dirname, '../fixtures/water-fund/spec-2.6-with-what-if.xlsx');

describe('water-fund on a real .xlsx (docs/rules.md §2.6 with a 第六条 what-if sheet)', () => {
  it('reads the input (note row and 合计 row skipped, % formats), computes, and writes numeric result sheets', async () => {
    const book = await ExcelJsWorkbook.load(readFileSync(FIXTURE));
    const grid = await book.readSheet('水源地补偿资金');
    const whatIfGrid = await book.readSheet('用水量测算');
    expect(isWhatIfSheet(whatIfGrid)).toBe(true);
    expect(isWhatIfSheet(grid)).toBe(false);
    const s = calc.settingsFrom({ whatIfWeights: '0.6,0.3,0.1' }, TODAY);
    if (!s.ok) throw new Error(s.message);
    const out = calc.run(grid, s.settings, { whatIfGrid });
    const json = out.json as { problems: Array<{ severity: string; cell: string | null; message: string }>; totals: Record<string, string>; whatIf: { total: string; rows: Array<{ population: string }> } };
    expect(json.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'A7', message: expect.stringContaining('合计') })]);
    expect(json.totals).toEqual({ base: '140000000', reward: '30000000', total: '170000000' });
    expect(json.whatIf.total).toBe('70000000');
    expect(json.whatIf.rows[0].population).toBe('1000000'); // 100 万人
    const names = await book.addSheets(out.sheets, { sourceSheet: '水源地补偿资金', calculator: 'water-fund', runAt: '2024-06-30T00:00:00Z' });
    expect(names).toEqual(['补偿资金分配', '资金筹集', '分配参数', '校验问题']);
    const again = await ExcelJsWorkbook.load(await book.save());
    const ws = again.workbook.getWorksheet('补偿资金分配')!;
    expect(ws.getCell('G3').value).toBe(55872727);
    expect(typeof ws.getCell('F3').value).toBe('number');
  });
});
