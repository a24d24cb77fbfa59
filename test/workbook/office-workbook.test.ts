/**
 * The Office.js adapter against a fake Excel that records every sync and its payload size
 * (test/workbook/office-fake.ts). Real Excel is not available here; see the README section on what
 * could not be checked without it.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { FMT, int, num, text, type ResultSheet } from '../../src/sheets/result-sheet';
import { hqRatingCalculator } from '../../src/calculators/hq-rating';
import { DEFAULT_MAX_REQUEST_BYTES, OfficeWorkbook, TAG_PROPERTY, WriteResultsError, planRequests, toMatrix, toMatrixInSlices, utf8Bytes } from '../../src/workbook/office-workbook';
import type { ReadProgress } from '../../src/workbook/port';
import { FakeExcel } from './office-fake';
import { readFileSync } from 'fs';
import * as path from 'path';
import { PackageWorkbook } from '../../src/workbook/package-workbook';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { calculatorFor } from '../../src/calculators';

const TWO_MB = 2 * 1024 * 1024;
const tag = { sourceSheet: '企业名单', calculator: 'hq-rating', runAt: '2025-01-01T00:00:00.000Z' };

/** A hq-rating-like result of n rows (12 columns, an 18-digit code, Chinese names, scores). */
function bigResult(n: number): ResultSheet {
  const rows = Array.from({ length: n }, (_, i) => [
    int(i + 1),
    text(`91330300${String(100000000 + i).padStart(10, '0')}`),
    text(`温州市第${i + 1}号总部企业集团有限公司`),
    num(new Decimal(i).dividedBy(7), FMT.score),
    num(new Decimal(i).dividedBy(3), FMT.score),
    num(new Decimal(i % 10), FMT.score),
    num(new Decimal('9.5'), FMT.score),
    num(new Decimal(i).dividedBy(11).plus(38), FMT.score),
    num(new Decimal(i % 3), FMT.score),
    num(new Decimal(i).dividedBy(13).plus(40), FMT.score),
    text(i < 5 ? '★★★★★' : i < 15 ? '★★★★' : '★'),
    text(i % 97 === 0 ? '并列' : ''),
  ]);
  return {
    name: '星级评定结果',
    role: 'result',
    columns: [
      { header: '排名' }, { header: '统一社会信用代码', text: true }, { header: '企业名称', text: true },
      { header: '营业收入得分' }, { header: '地方综合贡献得分' }, { header: '研发费用得分' }, { header: '参保率得分' },
      { header: '基本分' }, { header: '附加分' }, { header: '企业排名得分' }, { header: '星级' }, { header: '并列' },
    ],
    rows,
    starColumn: 10,
    chart: { title: '各星级企业数', categoryCol: 10, valueCol: 0, kind: 'column' },
  };
}

function params(): ResultSheet {
  return { name: '评定参数', role: 'parameters', columns: [{ header: '参数' }, { header: '值' }], rows: [[text('评定基准日'), text('2024-12-31')]] };
}

describe('OfficeWorkbook.readSheet', () => {
  it('reads the used range with number formats in one data sync, with its offset and error cells', async () => {
    const excel = new FakeExcel();
    const sheet = excel.addSheet('企业名单');
    sheet.cells.set('2,1', { value: '统一社会信用代码', format: 'General' });
    sheet.cells.set('2,2', { value: '参保率', format: 'General' });
    sheet.cells.set('3,1', { value: '91330300MA2AXXXX1X', format: '@' });
    sheet.cells.set('3,2', { value: 0.85, format: '0%' });
    sheet.cells.set('4,1', { value: '#N/A', format: 'General' });
    sheet.cells.set('4,2', { value: 45291, format: 'yyyy-mm-dd' });
    const wb = new OfficeWorkbook(excel, { customProperties: true });
    const grid = await wb.readSheet('企业名单');
    expect(grid.origin).toEqual({ row: 2, col: 1 });
    expect(grid.cells).toEqual([
      ['统一社会信用代码', '参保率'],
      ['91330300MA2AXXXX1X', 0.85],
      [{ error: '#N/A' }, 45291],
    ]);
    expect(grid.numberFormats).toEqual([[null, null], ['@', '0%'], [null, 'yyyy-mm-dd']]);
    // One sync for the size, one for values + value types + formats together.
    expect(excel.syncs).toHaveLength(2);
    expect(excel.runOptions).toEqual([{ delayForCellEdit: true }]);
  });

  it('refuses a sheet above the cell limit with a Chinese message, before transferring its values', async () => {
    const excel = new FakeExcel();
    excel.addSheet('大表', Array.from({ length: 30 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c + 1)));
    const wb = new OfficeWorkbook(excel, { cellLimit: 100 });
    await expect(wb.readSheet('大表')).rejects.toThrow(/30 行 × 10 列 = 300 个单元格，超过上限 100 个/);
    expect(excel.syncs).toHaveLength(1);
  });

  it('falls back to row blocks when one read would exceed the response limit', async () => {
    const excel = new FakeExcel();
    excel.responseLimit = 20 * 1024;
    const rows = Array.from({ length: 400 }, (_, r) => [`第${r + 1}行`, r + 1, r % 2 === 0]);
    excel.addSheet('大表', rows);
    const grid = await new OfficeWorkbook(excel).readSheet('大表');
    expect(grid.cells).toHaveLength(400);
    expect(grid.cells[399]).toEqual(['第400行', 400, false]);
    expect(grid.cells[0]).toEqual(['第1行', 1, true]);
    expect(excel.syncs.length).toBeGreaterThan(2);
  });

  it('reads a sheet above the old 200,000-cell ceiling in row chunks, reporting rows read, each response under 5 MB', async () => {
    const excel = new FakeExcel();
    const rows = 60_000;
    excel.addGeneratedSheet('家庭名单', rows, 5, (r, c) => (r === 0 ? ['家庭编号', '姓名', '身份证号', '县（市、区）', '自负费用'][c] : c === 4 ? 100_000 + r : c === 3 ? '永嘉县' : `F${r}`));
    const progress: ReadProgress[] = [];
    const grid = await new OfficeWorkbook(excel).readSheet('家庭名单', { onProgress: (p) => progress.push(p) });
    expect(grid.cells).toHaveLength(rows);
    expect(grid.cells[rows - 1]).toEqual([`F${rows - 1}`, `F${rows - 1}`, `F${rows - 1}`, '永嘉县', 100_000 + rows - 1]);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toEqual({ rowsRead: rows, totalRows: rows });
    expect(progress.map((p) => p.rowsRead)).toEqual([...progress.map((p) => p.rowsRead)].sort((a, b) => a - b));
    expect(Math.max(...excel.responses)).toBeLessThan(5 * 1024 * 1024);
    expect(Math.max(...excel.loadedCells)).toBeLessThanOrEqual(500_000);
    expect(excel.runOptions.every((o) => (o as { delayForCellEdit?: boolean }).delayForCellEdit === true)).toBe(true);
  });

  it('reads 1,000,000 relief rows (figures printed)', async () => {
    const excel = new FakeExcel();
    const rows = 1_000_001;
    const counties = ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'];
    excel.addGeneratedSheet('家庭名单', rows, 5, (r, c) => (r === 0 ? ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'][c] : [`F${r}`, '', '', counties[r % 6], 100_000 + (r % 50_000)][c]));
    let updates = 0;
    const started = Date.now();
    const grid = await new OfficeWorkbook(excel).readSheet('家庭名单', { onProgress: () => updates++ });
    // eslint-disable-next-line no-console
    console.log(`读取 1,000,000 行（5 列）：${excel.syncs.length} 次 sync，${updates} 次进度，最大响应 ${(Math.max(...excel.responses) / 1024 / 1024).toFixed(2)} MB，用时 ${Date.now() - started} ms（含模拟的 Excel）`);
    expect(grid.cells).toHaveLength(rows);
    expect(grid.cells[rows - 1]).toEqual([`F${rows - 1}`, null, null, counties[(rows - 1) % 6], 100_000 + ((rows - 1) % 50_000)]);
    expect(Math.max(...excel.responses)).toBeLessThan(5 * 1024 * 1024);
    expect(updates).toBeGreaterThan(10);
  }, 120_000);

  it('stops between chunks when its AbortSignal is aborted', async () => {
    const excel = new FakeExcel();
    excel.addGeneratedSheet('大表', 50_000, 4, (r, c) => r * 4 + c);
    const controller = new AbortController();
    const read = new OfficeWorkbook(excel).readSheet('大表', { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    expect(excel.responses).toHaveLength(1);
  });

  it('reads a preview: the first rows and the size of the used range, not the whole sheet', async () => {
    const excel = new FakeExcel();
    excel.addGeneratedSheet('大表', 10_000, 8, (r, c) => (r === 0 ? `列${c}` : r * 8 + c));
    const p = await new OfficeWorkbook(excel).readSheetPreview('大表', 60);
    expect(p.totalRows).toBe(10_000);
    expect(p.columns).toBe(8);
    expect(p.grid.cells).toHaveLength(60);
    expect(excel.loadedCells).toEqual([60 * 8]);
  });

  it('names a missing sheet in Chinese and reads an empty sheet as an empty grid', async () => {
    const excel = new FakeExcel();
    excel.addSheet('空表');
    const wb = new OfficeWorkbook(excel);
    await expect(wb.readSheet('不存在')).rejects.toThrow('工作簿中没有名为「不存在」的工作表');
    await expect(wb.readSheet('空表')).resolves.toMatchObject({ name: '空表', cells: [] });
  });
});

describe('OfficeWorkbook writing', () => {
  it('writes a 10,000-row result in at most 10 syncs, no request above 2 MB (figures printed)', async () => {
    const excel = new FakeExcel();
    excel.addSheet('企业名单', [['统一社会信用代码']]);
    const wb = new OfficeWorkbook(excel, { customProperties: true });
    const progress: Array<[number, number]> = [];
    const names = await wb.replaceResults([bigResult(10_000), params()], tag, (d, t) => progress.push([d, t]));
    expect(names).toEqual(['星级评定结果', '评定参数']);
    const largest = Math.max(...excel.syncs.map((s) => s.bytes));
    const total = excel.syncs.reduce((s, x) => s + x.bytes, 0);
    // eslint-disable-next-line no-console
    console.log(`10,000 行结果写入：${excel.syncs.length} 次 sync，最大请求 ${(largest / 1024 / 1024).toFixed(2)} MB，合计 ${(total / 1024 / 1024).toFixed(2)} MB；各次：${excel.syncs.map((s) => (s.bytes / 1024).toFixed(0) + ' KB').join('，')}`);
    expect(excel.syncs.length).toBeLessThanOrEqual(10);
    expect(largest).toBeLessThanOrEqual(TWO_MB);
    expect(progress[progress.length - 1][0]).toBe(progress[progress.length - 1][1]);

    const values = excel.valuesOf('星级评定结果');
    expect(values).toHaveLength(10_001);
    expect(values[0][1]).toBe('统一社会信用代码');
    // 18-digit codes stay text (formatted "@" before their values arrived).
    expect(values[10_000][1]).toBe('913303000100009999');
    expect(excel.sheet('星级评定结果')!.cells.get('10000,1')!.format).toBe('@');
    expect(values[1][0]).toBe(1);
    expect(values[8][3]).toBeCloseTo(1, 12);
    expect(excel.sheet('星级评定结果')!.cells.get('8,3')!.format).toBe(FMT.score);
    const sheet = excel.sheet('星级评定结果')!;
    expect(sheet.frozenRows).toBe(1);
    expect(sheet.charts).toEqual([{ type: 'ColumnClustered', title: '各星级企业数' }]);
    expect(sheet.conditionalFormats).toBe(5);
    expect(JSON.parse(sheet.props.get(TAG_PROPERTY)!)).toMatchObject({ sourceSheet: '企业名单', calculator: 'hq-rating', role: 'result' });
    // Calculation suspended before every write sync.
    expect(excel.suspendCalls).toBeGreaterThanOrEqual(excel.syncs.length - 3);
  });

  it('adds a stars-per-tier table and chart beside a rating without its own chart', async () => {
    const excel = new FakeExcel();
    const wb = new OfficeWorkbook(excel, { customProperties: true, suspendCalculation: false });
    // The tiers as the calculation reports them (ResultSheet.tierTable), not recounted from ★ cells.
    const sheet = { ...bigResult(20), chart: undefined, tierTable: [{ tier: '★★★★★', count: 5 }, { tier: '★★★★', count: 10 }, { tier: '★', count: 5 }] };
    await wb.addSheets([sheet], tag);
    const values = excel.valuesOf('星级评定结果');
    expect(values.slice(0, 4).map((r) => r.slice(13, 15))).toEqual([['星级', '企业数'], ['★★★★★', 5], ['★★★★', 10], ['★', 5]]);
    expect(excel.sheet('星级评定结果')!.charts).toEqual([{ type: 'ColumnClustered', title: '各星级企业数' }]);
    expect(excel.suspendCalls).toBe(0);
  });

  it('never writes a string starting with = + - as a formula or number', async () => {
    const excel = new FakeExcel();
    excel.addSheet('输入');
    const wb = new OfficeWorkbook(excel, { customProperties: true });
    const sheet: ResultSheet = {
      name: '结果', role: 'result', columns: [{ header: '说明' }, { header: '数' }],
      rows: [[text('=HYPERLINK("http://x")'), int(1)], [text('+8613800000000'), int(2)], [text('-5'), int(3)]],
    };
    await wb.addSheets([sheet], tag);
    expect(excel.valuesOf('结果').slice(1).map((r) => r[0])).toEqual(['=HYPERLINK("http://x")', '+8613800000000', '-5']);
  });

  it('re-running replaces only the sheets written for the same source sheet', async () => {
    const excel = new FakeExcel();
    excel.addSheet('企业名单', [['a']]);
    excel.addSheet('其他表', [['b']]);
    excel.addSheet('评定参数', [['用户自己的表']]); // a user's sheet that happens to share a name
    const wb = new OfficeWorkbook(excel, { customProperties: true });
    const first = await wb.replaceResults([bigResult(3), params()], tag);
    expect(first).toEqual(['星级评定结果', '评定参数 (2)']);
    const other = await wb.replaceResults([bigResult(2)], { ...tag, sourceSheet: '其他表' });
    expect(other).toEqual(['星级评定结果 (2)']);
    const second = await wb.replaceResults([bigResult(4), params()], { ...tag, runAt: '2025-02-01T00:00:00.000Z' });
    expect(second).toEqual(['星级评定结果', '评定参数 (2)']);
    expect(excel.live().map((s) => s.name).sort()).toEqual(['其他表', '企业名单', '星级评定结果', '星级评定结果 (2)', '评定参数', '评定参数 (2)'].sort());
    expect(excel.valuesOf('星级评定结果')).toHaveLength(5);
    expect(excel.valuesOf('评定参数')).toEqual([['用户自己的表']]);
    expect(excel.valuesOf('星级评定结果 (2)')).toHaveLength(3);
  });

  it('deletes the sheets it created when a write fails midway, and says so once', async () => {
    const excel = new FakeExcel();
    excel.addSheet('企业名单', [['a']]);
    const wb = new OfficeWorkbook(excel, { customProperties: true });
    // Sync 1 names, sync 2 reads the marks and creates the sheets, sync 3 is the first block of values.
    excel.failAtSync = { n: 3, error: Object.assign(new Error('GeneralException'), { code: 'GeneralException' }) };
    const failure = await wb.replaceResults([bigResult(50), params()], tag).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WriteResultsError);
    expect((failure as Error).message).toBe('写入结果失败：GeneralException。本次新建的 2 个工作表已全部删除。');
    expect(excel.live().map((s) => s.name)).toEqual(['企业名单']);
  });

  it('when the clean-up fails too, names the sheets left behind instead of claiming the workbook is as before', async () => {
    const excel = new FakeExcel();
    excel.addSheet('企业名单', [['a']]);
    const wb = new OfficeWorkbook(excel, { customProperties: true });
    // The first block of values fails, and so does every later sync (the clean-up's).
    excel.failWhen = (n) => (n >= 3 ? Object.assign(new Error('连接已断开'), { code: 'GeneralException' }) : null);
    const failure = (await wb.replaceResults([bigResult(50), params()], tag).catch((e: unknown) => e)) as WriteResultsError;
    // What is left is what the workbook still has of the sheets this run created.
    expect(failure.leftOver).toEqual(failure.created.filter((n) => excel.live().some((s) => s.name === n)));
    expect(failure.message).toContain('写入结果失败：连接已断开。');
    expect(failure.message).toContain('未能删除');
    expect(failure.message).toContain('请在 Excel 中手动删除');
    expect(failure.message).not.toContain('已全部删除');
    expect(failure.message).not.toMatch(/写入结果失败.*写入结果失败/);
    expect(failure.leftOver.length).toBeGreaterThan(0);
    for (const name of failure.leftOver) expect(failure.message).toContain(`「${name}」`);
  });

  it('suspends calculation where ExcelApi 1.6 is supported (the method is 1.6, not 1.8)', async () => {
    const g = globalThis as { Office?: unknown };
    const before = g.Office;
    g.Office = { context: { requirements: { isSetSupported: (_n: string, v: string) => Number(v) <= 1.6 } } };
    try {
      const excel = new FakeExcel();
      await new OfficeWorkbook(excel).addSheets([bigResult(20)], tag);
      expect(excel.suspendCalls).toBeGreaterThan(0);
    } finally {
      g.Office = before;
    }
  });

  it('builds the Office.js arrays of a large result in slices, the same as in one go', async () => {
    const sheet = bigResult(4_500);
    expect(await toMatrixInSlices(sheet, 1_000)).toEqual(toMatrix(sheet));
  });

  it('halves the request on a payload-size error and still writes everything', async () => {
    const excel = new FakeExcel();
    excel.payloadLimit = 300 * 1024;
    const wb = new OfficeWorkbook(excel, { customProperties: true, maxRequestBytes: 1_000_000 });
    await wb.addSheets([bigResult(3_000)], tag);
    const values = excel.valuesOf('星级评定结果');
    expect(values).toHaveLength(3_001);
    expect(values[3_000][2]).toBe('温州市第3000号总部企业集团有限公司');
    const succeeded = excel.syncs.filter((s) => s.bytes <= excel.payloadLimit);
    expect(succeeded.length).toBeLessThan(excel.syncs.length); // some were refused, then split
  });

  it('cleans sheet names to Excel rules', async () => {
    const excel = new FakeExcel();
    const wb = new OfficeWorkbook(excel, { customProperties: false });
    const names = await wb.addSheets([{ name: '结果/2024:[试算]*这是一个非常非常非常非常长的工作表名称', role: 'result', columns: [{ header: 'x' }], rows: [] }], tag);
    expect(names[0]).not.toMatch(/[:\\/?*[\]]/);
    expect(names[0].length).toBeLessThanOrEqual(31);
  });

  it('selects a problem cell and reads the active sheet name', async () => {
    const excel = new FakeExcel();
    excel.addSheet('企业名单', [['a']]);
    excel.addSheet('第二张', [['b']]);
    const wb = new OfficeWorkbook(excel);
    await wb.selectCell('第二张', 'C7');
    expect(excel.selected).toEqual({ sheet: '第二张', address: 'C7' });
    await expect(wb.activeSheetName()).resolves.toBe('第二张');
    await expect(wb.sheetNames()).resolves.toEqual(['企业名单', '第二张']);
  });
});

/** A valid GB 32100-2015 credit code from a counter (unique per n). */
function creditCodeFor(n: number): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = String(n).padStart(8, '0');
  const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
  const o = 11 - (orgWeights.reduce((s, w, i) => s + Number(body[i]) * w, 0) % 11);
  const first17 = `91330302${body}${o === 10 ? 'X' : o === 11 ? '0' : String(o)}`;
  const sum = [...first17].reduce((s, ch, i) => s + chars.indexOf(ch) * weights[i], 0);
  return first17 + chars[(31 - (sum % 31)) % 31];
}

describe('the real hq-rating result for 10,000 headquarters', () => {
  it('is written in as few syncs as its bytes need, no request above 2 MB (figures printed)', async () => {
    const header = ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '上年度在温职工养老保险缴费人数', '在温个税申报人数', '三年内入选榜单'];
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      creditCodeFor(i + 1), `温州第${i + 1}总部企业有限公司`, String(((i * 7919) % 1000) / 10 + 1), String(((i * 104729) % 500) / 50), String((i * 31) % 9000), String(500 + (i % 400)), String(1000 + (i % 50)), i % 37 === 0 ? '中国企业500强' : '',
    ]);
    const settings = hqRatingCalculator.settingsFrom({ ratingDate: '2024-12-31' }, '2025-06-30');
    if (!settings.ok) throw new Error(settings.message);
    const outcome = hqRatingCalculator.run({ name: '企业名单', cells: [header, ...rows] }, settings.settings);
    expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const excel = new FakeExcel();
    excel.addSheet('企业名单', [header]);
    const names = await new OfficeWorkbook(excel, { customProperties: true }).replaceResults(outcome.sheets, tag);
    const largest = Math.max(...excel.syncs.map((s) => s.bytes));
    const total = excel.syncs.reduce((n, x) => n + x.bytes, 0);
    // eslint-disable-next-line no-console
    console.log(`真实星级评定结果（10,000 家）写入 ${names.join('、')}：${excel.syncs.length} 次 sync，最大请求 ${(largest / 1024 / 1024).toFixed(2)} MB`);
    // As few requests as the bytes need: the requests the budget allows, one more per sheet for
    // packing, and the fixed ones (names, create, formats).
    expect(excel.syncs.length).toBeLessThanOrEqual(Math.ceil(total / DEFAULT_MAX_REQUEST_BYTES) + outcome.sheets.length + 3);
    expect(largest).toBeLessThanOrEqual(TWO_MB);
    expect(excel.valuesOf(names[0])).toHaveLength(outcome.sheets[0].rows.length + 1);
  });
});

describe('request planning', () => {
  it('keeps every request within the budget and covers every row exactly once', () => {
    const m = toMatrix(bigResult(2_000));
    const budget = 64 * 1024;
    const requests = planRequests([m], budget);
    const rows = requests.flat().reduce((s, b) => s + b.count, 0);
    expect(rows).toBe(2_001);
    for (const r of requests) expect(r.reduce((s, b) => s + b.bytes, 0)).toBeLessThanOrEqual(budget);
    expect(utf8Bytes('温')).toBe(3);
  });

  it('property: any sheets and budget — rows covered once, in order, requests within budget unless one row alone is larger', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.string({ maxLength: 40 }), { maxLength: 60 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 200, max: 5_000 }),
      (sheets, budget) => {
        const matrices = sheets.map((rows, i) => toMatrix({ name: `S${i}`, role: 'result', columns: [{ header: '说明' }], rows: rows.map((t) => [text(t)]) }));
        const requests = planRequests(matrices, budget);
        const seen = matrices.map(() => 0);
        for (const r of requests) {
          expect(r.length).toBeGreaterThan(0);
          const bytes = r.reduce((s, b) => s + b.bytes, 0);
          if (bytes > budget) expect(r.length === 1 && r[0].count === 1).toBe(true);
          for (const b of r) {
            expect(b.start).toBe(seen[b.sheet]);
            seen[b.sheet] += b.count;
          }
        }
        expect(seen).toEqual(matrices.map((m) => m.values.length));
      },
    ));
  });
});

describe('OfficeWorkbook charts: the same as the package writer draws (ResultSheet.charts)', () => {

  it.each([
    ['hq-rating', '总部企业星级评定-示例.xlsx', '星级评定结果', 'ColumnClustered'],
    ['water-fund', '水源地补偿资金-示例.xlsx', '补偿资金分配', 'ColumnStacked'],
    ['relief', '医保纾困-示例.xlsx', '纾困县区汇总', 'ColumnStacked'],
  ])('%s: the chart of %s with its series named by the value columns', async (kind, file, sheetName, type) => {
    const book = await PackageWorkbook.open(new Uint8Array(readFileSync(path.join(__dirname, '..', '..', 'examples', file))), nodeZipCodec());
    const calc = calculatorFor(kind)!;
    const grid = await book.readSheet(book.firstSheetName()!);
    const outcome = calc.run(grid, calc.defaultSettings('2025-03-01') as never);
    const result = outcome.sheets.find((s) => s.name === sheetName)!;
    expect(result.charts).toHaveLength(1);
    const model = result.charts![0];
    const excel = new FakeExcel();
    const wb = new OfficeWorkbook(excel, { customProperties: true, suspendCalculation: false });
    await wb.addSheets(outcome.sheets, tag);
    const written = excel.sheet(sheetName)!;
    expect(written.charts).toEqual([{ type, title: model.title, series: model.valueCols.map((c) => result.columns[c].header) }]);
    // No second tier table or chart beside an HQ result whose tier table is in its rows.
    for (const s of outcome.sheets) if (s.name !== sheetName) expect(excel.sheet(s.name)!.charts).toEqual([]);
  });
});
