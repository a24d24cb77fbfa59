/**
 * The web page's workbook (src/taskpane/standalone/file-workbook.ts) on the package reader with
 * the pako codec: reads what the ExcelJS reader read, and hands back the upload with the result
 * sheets inserted (every other part kept) — ExcelJS only as the fallback.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { openFileWorkbook, wholeBuffer } from '../../src/taskpane/standalone/file-workbook';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { reliefCalculator } from '../../src/calculators/relief';
import * as saveCopyModule from '../../src/workbook/xlsx-package/save-copy';
import { readZip } from '../../src/workbook/xlsx-package/zip';
import { chartWorkbookBytes, macroWorkbookBytes } from './xlsx-package-fixture';
import { oneSheet } from './reader-helpers';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', '医保纾困-示例.xlsx');
const TAG = { sourceSheet: '明细', calculator: 'relief', runAt: '2025-03-01T08:00:00.000Z' };
const buffer = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('the page reads uploads with the package reader', () => {
  test('the same sheets and grids as the ExcelJS adapter', async () => {
    const bytes = readFileSync(EXAMPLE);
    const page = await openFileWorkbook(buffer(bytes));
    const exceljs = await ExcelJsWorkbook.load(bytes);
    expect(await page.port.sheetNames()).toEqual(await exceljs.sheetNames());
    expect(page.firstSheet()).toBe(exceljs.firstSheetName());
    const name = page.firstSheet()!;
    expect(await page.port.readSheet(name)).toEqual(await exceljs.readSheet(name));
  });

  test('results are inserted into a copy of the upload, every original part kept byte for byte', async () => {
    const upload = chartWorkbookBytes();
    const page = await openFileWorkbook(buffer(upload));
    const grid = await page.port.readSheet('明细');
    const outcome = reliefCalculator.run(grid, reliefCalculator.defaultSettings('2025-03-01'));
    const saved = await page.withResults(outcome.sheets, TAG);
    const out = new Uint8Array(saved.bytes);
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    expect(saved.method).toBe('package');
    const before = new Map(readZip(upload).map((e) => [e.name, e]));
    const after = readZip(out);
    for (const e of after) {
      const original = before.get(e.name);
      if (original && !/workbook\.xml|\.rels$|Content_Types|styles\.xml|app\.xml/.test(e.name)) expect(Buffer.from(e.raw).equals(Buffer.from(original.raw))).toBe(true);
    }
    expect(after.some((e) => e.name === 'xl/charts/chart1.xml')).toBe(true);
    const wb = new Workbook();
    await wb.xlsx.load(buffer(out));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['明细', ...outcome.sheets.map((s) => s.name)]);
    expect(new ExcelJsWorkbook(wb).createdSheets().map((t) => t.sheet)).toEqual(outcome.sheets.map((s) => s.name));
    // a second download of the same upload: a fresh copy, not the results twice
    const again = new Uint8Array((await page.withResults(outcome.sheets, TAG)).bytes);
    const wb2 = new Workbook();
    await wb2.xlsx.load(buffer(again));
    expect(wb2.worksheets.length).toBe(wb.worksheets.length);
  });

  test('a macro-enabled upload is downloaded as .xlsx through ExcelJS, as before (macros dropped)', async () => {
    const page = await openFileWorkbook(buffer(macroWorkbookBytes()));
    const grid = await page.port.readSheet('明细');
    const outcome = reliefCalculator.run(grid, reliefCalculator.defaultSettings('2025-03-01'));
    const saved = await page.withResults(outcome.sheets, TAG);
    const out = new Uint8Array(saved.bytes);
    expect(saveCopyModule.lastSaveMethod).toBe('exceljs');
    // The page is told, so it can say the upload's charts and pivot tables may be lost.
    expect(saved.method).toBe('exceljs');
    expect(readZip(out).some((e) => e.name === 'xl/vbaProject.bin')).toBe(false);
  });

  test('a hostile upload is refused with the page\'s message (no options there)', async () => {
    const data = Array.from({ length: 130 }, (_v, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>1</v></c><c r="XFD${r + 1}"><v>2</v></c></row>`).join('');
    const page = await openFileWorkbook(buffer(oneSheet(data)));
    await expect(page.port.readSheet('明细')).rejects.toThrow(/单元格超过上限 2,000,000 个.*网页版使用默认上限.*命令行 wzpolicy/);
  });
});

describe('the copy handed to the pane (wholeBuffer)', () => {
  test('a view of a whole buffer is handed over as that buffer; a view into a larger one is copied', () => {
    const whole = new Uint8Array([1, 2, 3, 4]);
    expect(wholeBuffer(whole)).toBe(whole.buffer);
    const larger = new Uint8Array([9, 1, 2, 3, 9]);
    for (const view of [larger.subarray(1, 4), larger.subarray(0, 4), larger.subarray(1)]) {
      const got = wholeBuffer(view);
      expect(got).not.toBe(larger.buffer);
      expect([...new Uint8Array(got)]).toEqual([...view]);
    }
  });
});
