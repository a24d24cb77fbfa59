/**
 * Signing's Office.js reads (src/signing/office-signing.ts) against the recording fake of Excel
 * (office-fake.ts): sizes first, small sheets together, a large sheet in row chunks under the
 * response limit of Excel on the web; every batch with delayForCellEdit.
 */
import { officeRunner, readOfficeWorkbook, type ExcelSigningRunner } from '../../src/signing/office-signing';
import { FakeExcel } from './office-fake';

function runnerOf(excel: FakeExcel): ExcelSigningRunner {
  return { run: (batch) => excel.run({ delayForCellEdit: true }, batch as never) };
}

describe('readOfficeWorkbook', () => {
  it('reads a large sheet in row chunks, each response under the limit, and small sheets together', async () => {
    const excel = new FakeExcel();
    excel.responseLimit = 1024 * 1024;
    excel.addSheet('说明', [['本表不动'], ['第二行']]);
    excel.addGeneratedSheet('明细', 30_000, 6, (r, c) => (r === 0 ? `列${c + 1}` : c === 0 ? `户${r}` : r * 10 + c));
    excel.addSheet('纾困县区汇总', [['县（市、区）', '化解总额'], ['永嘉县', 1234.5]]);
    const book = await readOfficeWorkbook(runnerOf(excel), undefined, 20_000);
    expect(book.names).toEqual(['说明', '明细', '纾困县区汇总']);
    const big = book.sheets.get('明细')!;
    expect(big.values).toHaveLength(30_000);
    expect(big.values[29_999]).toEqual(['户29999', 299_991, 299_992, 299_993, 299_994, 299_995]);
    expect(big.valueTypes![1][0]).toBe('String');
    expect(big.formulas).toHaveLength(30_000);
    expect(big.origin).toEqual({ row: 0, col: 0 });
    expect(book.sheets.get('说明')!.values).toEqual([['本表不动'], ['第二行']]);
    expect(book.sheets.get('纾困县区汇总')!.values[1]).toEqual(['永嘉县', 1234.5]);
    // Never more than the budget per load of a large sheet, and every response within the limit.
    expect(Math.max(...excel.loadedCells)).toBeLessThanOrEqual(20_000);
    expect(Math.max(...excel.responses)).toBeLessThanOrEqual(excel.responseLimit);
    expect(excel.responses.length).toBeGreaterThan(9);
  });

  it('halves a chunk that Excel refuses as too large', async () => {
    const excel = new FakeExcel();
    excel.responseLimit = 200 * 1024;
    excel.addGeneratedSheet('明细', 20_000, 4, (r, c) => `第${r}行第${c}列的一段较长的文字`);
    const book = await readOfficeWorkbook(runnerOf(excel), undefined, 20_000);
    expect(book.sheets.get('明细')!.values).toHaveLength(20_000);
    expect(book.sheets.get('明细')!.values[19_999][3]).toBe('第19999行第3列的一段较长的文字');
  });

  it('small sheets refused together as too large are read again one by one, in chunks', async () => {
    const excel = new FakeExcel();
    // Each sheet is under the batch budget (read together), one of them over the response limit.
    excel.responseLimit = 200 * 1024;
    excel.addSheet('说明', [['本表不动']]);
    excel.addGeneratedSheet('明细', 5_000, 4, (r, c) => `第${r}行第${c}列的一段较长的文字`);
    excel.addSheet('汇总', [['县（市、区）', '化解总额'], ['永嘉县', 1234.5]]);
    const book = await readOfficeWorkbook(runnerOf(excel), undefined, 60_000);
    expect(book.sheets.get('明细')!.values).toHaveLength(5_000);
    expect(book.sheets.get('明细')!.values[4_999][3]).toBe('第4999行第3列的一段较长的文字');
    expect(book.sheets.get('明细')!.formulas).toHaveLength(5_000);
    expect(book.sheets.get('说明')!.values).toEqual([['本表不动']]);
    expect(book.sheets.get('汇总')!.values[1]).toEqual(['永嘉县', 1234.5]);
    expect(book.sheets.get('汇总')!.origin).toEqual({ row: 0, col: 0 });
  });

  it('a batch refused with Excel\'s Chinese message (请求负载…) is read again in chunks too', async () => {
    const excel = new FakeExcel();
    excel.addSheet('甲', [['a', 1], ['b', 2]]);
    excel.addSheet('乙', [['c', 3]]);
    // Syncs 1-2: date system and sizes; sync 3: the batch of both sheets.
    excel.failWhen = (n) => (n === 3 ? new Error('请求负载大小已超过限制。') : null);
    const book = await readOfficeWorkbook(runnerOf(excel));
    expect(book.sheets.get('甲')!.values).toEqual([['a', 1], ['b', 2]]);
    expect(book.sheets.get('乙')!.values).toEqual([['c', 3]]);
    expect(excel.syncs.length).toBeGreaterThan(3);
  });

  it('any other failure of the batch is not retried', async () => {
    const excel = new FakeExcel();
    excel.addSheet('甲', [['a']]);
    excel.failWhen = (n) => (n === 3 ? Object.assign(new Error('连接已断开'), { code: 'GeneralException' }) : null);
    await expect(readOfficeWorkbook(runnerOf(excel))).rejects.toThrow('连接已断开');
    expect(excel.syncs).toHaveLength(3);
  });

  it('the Office.js runner waits for a cell edit to finish (delayForCellEdit)', async () => {
    const excel = new FakeExcel();
    excel.addSheet('表', [['a']]);
    const g = globalThis as { Excel?: unknown };
    const before = g.Excel;
    g.Excel = { run: (options: unknown, batch: never) => excel.run(options, batch) };
    try {
      await readOfficeWorkbook(officeRunner());
    } finally {
      g.Excel = before;
    }
    expect(excel.runOptions).toEqual([{ delayForCellEdit: true }]);
  });
});
