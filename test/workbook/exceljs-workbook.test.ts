import { Workbook } from 'exceljs';
import { Decimal } from '../../src/exact/decimal';
import { ExcelJsWorkbook, MissingSheetError, NotAnXlsxError } from '../../src/workbook/exceljs-workbook';
import { date, empty, FMT, int, num, text, type ResultSheet } from '../../src/sheets/result-sheet';
import { readTable } from '../../src/sheets/table';
import { writeResultSheet } from '../../src/workbook/exceljs-write';

const CODE = '913303007236000000'; // 18 digits: must stay text
const TAG = { sourceSheet: '输入', calculator: 'hq-rating', runAt: '2026-11-29T10:00:00.000Z' };

function resultSheet(): ResultSheet {
  return {
    name: '星级评定结果',
    role: 'result',
    columns: [{ header: '统一社会信用代码', text: true }, { header: '企业名称', text: true }, { header: '得分' }, { header: '名次' }, { header: '日期' }, { header: '星级' }],
    rows: [
      [text(CODE), text('=1+1'), num(new Decimal('38.666666666666666666666666666666666666666666666667'), FMT.score), int(1), date('2023-05-06'), text('★★★★★')],
      [text('1234'), text('+8613800000000'), num(new Decimal('1234567.891'), FMT.yuan), int(2), empty, text('★★★★')],
      [text('-'), text('@名称'), num(new Decimal(0), FMT.score), int(3, '0'), empty, text('★')],
      [text('合计'), empty, num(new Decimal('1234606.557666'), FMT.yuan)],
      [text('说明：本表由 wzpolicy 生成。')],
    ],
    totalsRows: [3],
    noteRows: [4],
    starColumn: 5,
    validations: [
      { col: 5, values: ['★', '★★', '★★★'], firstRow: 0, lastRow: 99 },
      { col: 1, values: ['甲', '乙'], firstRow: 0, lastRow: 9, allowOther: true },
    ],
  };
}

async function inputWorkbook(): Promise<ExcelJsWorkbook> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('输入');
  ws.addRow(['企业名称', '金额']);
  ws.addRow(['甲', 1]);
  ws.addRow(['乙', 2]);
  wb.addWorksheet('星级评定结果').getCell('A1').value = '用户自己的表';
  return ExcelJsWorkbook.load(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

async function reopen(book: ExcelJsWorkbook): Promise<Workbook> {
  const bytes = await book.save();
  const wb = new Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

describe('ExcelJS adapter: writing result sheets', () => {
  let wb: Workbook;
  let names: string[];

  beforeAll(async () => {
    const book = await inputWorkbook();
    names = await book.addSheets([resultSheet()], TAG);
    wb = await reopen(book);
  });

  test('a taken name gets " (2)" and the user\'s sheet of that name is untouched', () => {
    expect(names).toEqual(['星级评定结果 (2)']);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['输入', '星级评定结果', '星级评定结果 (2)']);
    expect(wb.getWorksheet('星级评定结果')!.getCell('A1').value).toBe('用户自己的表');
    expect(wb.getWorksheet('输入')!.getCell('B3').value).toBe(2);
  });

  test('text columns keep an 18-digit code as text with number format @', () => {
    const cell = wb.getWorksheet('星级评定结果 (2)')!.getCell('A2');
    expect(cell.value).toBe(CODE);
    expect(typeof cell.value).toBe('string');
    expect(cell.numFmt).toBe('@');
    expect(wb.getWorksheet('星级评定结果 (2)')!.getColumn(1).numFmt).toBe('@');
  });

  test('strings starting with = + - @ are written as plain strings, never formulas', () => {
    const ws = wb.getWorksheet('星级评定结果 (2)')!;
    expect(ws.getCell('B2').value).toBe('=1+1');
    expect(ws.getCell('B2').formula).toBeUndefined();
    expect(ws.getCell('B3').value).toBe('+8613800000000');
    expect(ws.getCell('A4').value).toBe('-');
    expect(ws.getCell('B4').value).toBe('@名称');
  });

  test('numbers are numbers with their number format (the stored value is not rounded)', () => {
    const ws = wb.getWorksheet('星级评定结果 (2)')!;
    expect(ws.getCell('C2').value).toBeCloseTo(38.666666666666664, 12);
    expect(ws.getCell('C2').numFmt).toBe('0.00');
    expect(ws.getCell('C3').value).toBe(1234567.891);
    expect(ws.getCell('C3').numFmt).toBe('#,##0');
    expect(ws.getCell('D2').value).toBe(1);
    expect(ws.getCell('D2').numFmt).toBe('0');
  });

  test('dates are dates with a date format', () => {
    const cell = wb.getWorksheet('星级评定结果 (2)')!.getCell('E2');
    expect(cell.value).toEqual(new Date(Date.UTC(2023, 4, 6)));
    expect(cell.numFmt).toBe('yyyy-mm-dd');
  });

  test('header bold with a fill and frozen; totals bold; note italic grey; ★ coloured', () => {
    const ws = wb.getWorksheet('星级评定结果 (2)')!;
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect((ws.getCell('A1').fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFDDEBF7');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A5').font?.bold).toBe(true);
    expect(ws.getCell('C5').font?.bold).toBe(true);
    expect(ws.getCell('A6').font?.italic).toBe(true);
    expect(ws.getCell('A6').font?.color?.argb).toBe('FF808080');
    expect(ws.getCell('F2').font?.color?.argb).toBe('FFC55A11');
    expect(ws.getCell('A2').font?.bold).toBeFalsy();
  });

  test('widths are fitted to the contents (CJK counts double)', () => {
    const ws = wb.getWorksheet('星级评定结果 (2)')!;
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(18 + 2);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(16);
  });

  test('drop-down validations cover the template rows', () => {
    const ws = wb.getWorksheet('星级评定结果 (2)')! as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } };
    expect(ws.dataValidations.model.F2).toMatchObject({ type: 'list', formulae: ['"★,★★,★★★"'] });
    expect(ws.dataValidations.model.F101).toBeDefined();
    expect(ws.dataValidations.model.F102).toBeUndefined();
    // values off the list are never refused (the readers validate): warning, or information for suggestions
    expect(ws.dataValidations.model.F2).toMatchObject({ errorStyle: 'warning' });
    expect(ws.dataValidations.model.B11).toMatchObject({ type: 'list', formulae: ['"甲,乙"'], errorStyle: 'information' });
  });

  test('in memory, cells of the same look share one style object (fast saving)', () => {
    const fresh = new Workbook();
    const ws = fresh.addWorksheet('x');
    writeResultSheet(ws, resultSheet());
    expect(ws.getCell('C2').style).toBe(ws.getCell('C4').style);
    expect(ws.getCell('C2').style).not.toBe(ws.getCell('C3').style);
    expect(ws.getCell('A2').style).toBe(ws.getCell('A3').style);
  });

  test('cells of the same look share one style object; styles of different rows do not leak', () => {
    const ws = wb.getWorksheet('星级评定结果 (2)')!;
    expect(ws.getCell('C3').numFmt).toBe('#,##0');
    expect(ws.getCell('C2').numFmt).toBe('0.00');
    expect(ws.getCell('B2').font?.bold).toBeFalsy();
    expect(ws.getCell('B5').font?.italic).toBeFalsy();
  });

  test('created sheets are marked with the source sheet, and the mark survives a save', async () => {
    const again = new ExcelJsWorkbook(wb);
    expect(again.createdSheets()).toEqual([{ sheet: '星级评定结果 (2)', run: 1, tag: TAG }]);
    const names2 = await again.addSheets([{ ...resultSheet(), name: '评定参数' }], { ...TAG, runAt: '2026-11-29T11:00:00.000Z' });
    expect(names2).toEqual(['评定参数']);
    const reopened = new ExcelJsWorkbook(await reopen(again));
    expect(reopened.createdSheets().map((t) => [t.sheet, t.run, t.tag.sourceSheet])).toEqual([['星级评定结果 (2)', 1, '输入'], ['评定参数', 2, '输入']]);
  });
});

describe('ExcelJS adapter: all or nothing', () => {
  test('when writing a sheet fails, the sheets created in that call are removed', async () => {
    const book = await inputWorkbook();
    const before = await book.sheetNames();
    const broken: ResultSheet = { name: '坏表', role: 'result', columns: [{ header: 'x' }], rows: [[{ kind: 'number', value: null as unknown as Decimal, format: '0' }]] };
    await expect(book.addSheets([{ ...resultSheet(), name: '好表' }, broken], TAG)).rejects.toThrow();
    expect(await book.sheetNames()).toEqual(before);
    expect(book.createdSheets()).toEqual([]);
    const wb = await reopen(book);
    expect(wb.worksheets.map((w) => w.name)).toEqual(before);
  });
});

describe('ExcelJS adapter: Excel\'s size limit', () => {
  test('a result longer than 1,048,576 rows is refused in Chinese before anything is written', async () => {
    const book = await inputWorkbook();
    const before = await book.sheetNames();
    const rows = new Array(1048576).fill([int(1)]);
    const huge: ResultSheet = { name: '大表', role: 'result', columns: [{ header: 'x' }], rows };
    await expect(book.addSheets([huge], TAG)).rejects.toThrow(/超过 Excel 工作表 1,048,576 行的上限/);
    expect(await book.sheetNames()).toEqual(before);
  });
});

describe('ExcelJS adapter: reading sheets as plain values', () => {
  async function sample(date1904: boolean) {
    const wb = new Workbook();
    wb.properties.date1904 = date1904;
    const ws = wb.addWorksheet('数据');
    ws.getCell('A1').value = '基本指标';
    ws.mergeCells('A1:B1');
    ws.getCell('A2').value = { richText: [{ text: '企业' }, { text: '名称', font: { bold: true } }] };
    ws.getCell('B2').value = '金额';
    ws.getCell('C2').value = { text: '链接', hyperlink: 'https://example.org' };
    ws.getCell('A3').value = '甲';
    ws.getCell('B3').value = { formula: '1+1', result: 2 };
    ws.getCell('C3').value = { error: '#N/A' };
    ws.getCell('D3').value = new Date(Date.UTC(2023, 4, 6));
    ws.getCell('D3').numFmt = 'yyyy-mm-dd';
    ws.getCell('E3').value = 0.85;
    ws.getCell('E3').numFmt = '0%';
    ws.getCell('F3').value = CODE;
    ws.getCell('A4').value = '乙';
    ws.getCell('B4').value = { sharedFormula: 'B3', result: 7 } as never;
    ws.getCell('B5').value = 100;
    ws.mergeCells('B5:B6');
    ws.getCell('A5').value = '瑞安市';
    ws.mergeCells('A5:A6');
    ws.getCell('C7').value = { formula: 'SUM(1)' }; // no cached result
    const book = await ExcelJsWorkbook.load(await wb.xlsx.writeBuffer() as ArrayBuffer);
    return book.readSheet('数据');
  }

  test('rich text, hyperlinks, formulas (cached results), errors, dates, numbers, formats', async () => {
    const grid = await sample(false);
    expect(grid.name).toBe('数据');
    expect(grid.cells[1][0]).toBe('企业名称');
    expect(grid.cells[1][2]).toBe('链接');
    expect(grid.cells[2][1]).toBe(2);
    expect(grid.cells[2][2]).toEqual({ error: '#N/A' });
    expect(grid.cells[2][3]).toEqual(new Date(Date.UTC(2023, 4, 6)));
    expect(grid.cells[2][4]).toBe(0.85);
    expect(grid.numberFormats?.[2][4]).toBe('0%');
    expect(grid.numberFormats?.[2][3]).toBe('yyyy-mm-dd');
    expect(grid.cells[2][5]).toBe(CODE);
    expect(grid.cells[6]?.[2] ?? null).toBeNull();
    expect(grid.date1904).toBe(false);
  });

  test('merged cells: text masters fill their slave cells, numbers do not', async () => {
    const grid = await sample(false);
    expect(grid.cells[0][0]).toBe('基本指标');
    expect(grid.cells[0][1]).toBe('基本指标');
    expect(grid.cells[4][0]).toBe('瑞安市');
    expect(grid.cells[5][0]).toBe('瑞安市');
    expect(grid.cells[4][1]).toBe(100);
    expect(grid.cells[5][1] ?? null).toBeNull();
  });

  test('1904 date system: the flag is passed on and dates still read as the same day', async () => {
    const grid = await sample(true);
    expect(grid.date1904).toBe(true);
    expect(grid.cells[2][3]).toEqual(new Date(Date.UTC(2023, 4, 6)));
  });

  test('a sheet read by the adapter feeds readTable with A1 addresses', async () => {
    const grid = await sample(false);
    const table = readTable(grid, [{ field: 'name', canonical: '企业名称', required: true }, { field: 'amount', canonical: '金额' }]);
    expect(table.headerRowNumber).toBe(2);
    expect(table.rows[0].fields.amount?.address).toBe('B3');
    expect(table.rows[0].fields.amount?.value).toBe(2);
  });

  test('a missing sheet is a MissingSheetError naming the sheets there are', async () => {
    const book = await inputWorkbook();
    await expect(book.readSheet('不存在')).rejects.toThrow(MissingSheetError);
    await expect(book.readSheet('不存在')).rejects.toThrow('「输入」');
  });
});

describe('ExcelJS adapter: loading', () => {
  test('bytes that are not an .xlsx give a Chinese NotAnXlsxError', async () => {
    await expect(ExcelJsWorkbook.load(new TextEncoder().encode('a,b,c\n1,2,3\n'))).rejects.toThrow(NotAnXlsxError);
    await expect(ExcelJsWorkbook.load(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toThrow('.xls');
    await expect(ExcelJsWorkbook.load(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]))).rejects.toThrow(NotAnXlsxError);
    await expect(ExcelJsWorkbook.load(new Uint8Array(0))).rejects.toThrow('空');
  });

  test('an ArrayBuffer and a Uint8Array view load the same workbook', async () => {
    const wb = new Workbook();
    wb.addWorksheet('A').getCell('A1').value = 42;
    const buf = Buffer.from(await wb.xlsx.writeBuffer() as ArrayBuffer);
    const padded = new Uint8Array(buf.length + 10);
    padded.set(buf, 5);
    const view = padded.subarray(5, 5 + buf.length);
    const a = await ExcelJsWorkbook.load(view);
    const b = await ExcelJsWorkbook.load(new Uint8Array(buf).buffer);
    expect((await a.readSheet('A')).cells[0][0]).toBe(42);
    expect((await b.readSheet('A')).cells[0][0]).toBe(42);
  });
});

describe('ExcelJS adapter: marks on awkward sheet names', () => {
  test.each([["O'Brien 的表"], ['数据 (1)'], ['Sheet1'], ['a!b']])('source sheet %s', async (source) => {
    const wb = new Workbook();
    wb.addWorksheet(source).getCell('A1').value = 1;
    const book = await ExcelJsWorkbook.load(await wb.xlsx.writeBuffer() as ArrayBuffer);
    const names = await book.addSheets([{ name: "结果'表", role: 'result', columns: [{ header: 'x' }], rows: [[int(1)]] }], { ...TAG, sourceSheet: source });
    const again = await ExcelJsWorkbook.load(await book.save());
    expect(await again.sheetNames()).toEqual([source, ...names]);
    expect(again.createdSheets()).toEqual([{ sheet: "结果'表", run: 1, tag: { ...TAG, sourceSheet: source } }]);
    expect((await again.readSheet(names[0])).cells[1][0]).toBe(1);
  });
});
