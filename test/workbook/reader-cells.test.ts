/**
 * Cell values of the package reader (src/workbook/xlsx-package/read-grid.ts) on hand-written XML:
 * what each kind of cell reads as, and every place where it reads a file differently from the
 * ExcelJS-based reader (src/workbook/exceljs-read.ts) because ExcelJS read it wrongly.
 */
import { excelJsGrid, oneSheet, readGrid, values, handBook } from './reader-helpers';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0): Date => new Date(Date.UTC(y, m - 1, d, h, mi, s));

describe('the package reader: cell values', () => {
  test('shared, inline and rich strings; phonetic runs are not part of the text', async () => {
    const bytes = oneSheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
        '<c r="D1" t="inlineStr"><is><t>温州</t></is></c><c r="E1" t="inlineStr"><is><r><rPr><b/></rPr><t>鹿</t></r><r><t xml:space="preserve">城 区</t></r></is></c>' +
        '<c r="F1" t="inlineStr"><is><t>瓯海</t><rPh sb="0" eb="2"><t>ouhai</t></rPh><phoneticPr fontId="1"/></is></c></row>',
      { strings: ['总部企业', '<r><t>风</t></r><r><rPr><i/></rPr><t>险</t></r><rPh sb="0" eb="1"><t>fengxian</t></rPh>', '<t>中</t><rPh sb="0" eb="1"><t>zhong</t></rPh><phoneticPr fontId="1"/>'] },
    );
    expect(values(await readGrid(bytes))).toEqual([['总部企业', '风险', '中', '温州', '鹿城 区', '瓯海']]);
  });

  test('numbers, booleans, errors, formulas with cached results, -0 and tiny/huge values', async () => {
    const bytes = oneSheet(
      '<row r="1"><c r="A1"><v>0.1</v></c><c r="B1"><v>-0</v></c><c r="C1"><v>1E-7</v></c><c r="D1"><v>123456789012345678</v></c>' +
        '<c r="E1" t="b"><v>1</v></c><c r="F1" t="b"><v>0</v></c><c r="G1" t="e"><v>#N/A</v></c>' +
        '<c r="H1"><f>1+1</f><v>2</v></c><c r="I1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="J1"><f>X1</f></c><c r="K1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    );
    const [row] = values(await readGrid(bytes));
    expect(row.slice(0, 9)).toEqual([0.1, -0, 1e-7, 123456789012345680, true, false, { error: '#N/A' }, 2, 'ab']);
    expect(Object.is(row[1], -0)).toBe(true);
    expect(row[9]).toBeNull(); // a formula without a cached result reads as blank, as before
    expect(row[10]).toEqual({ error: '#DIV/0!' });
  });

  test('formula results 0 and FALSE read as 0 and false; ExcelJS read them as blank', async () => {
    const bytes = oneSheet('<row r="1"><c r="A1"><f>A2-A2</f><v>0</v></c><c r="B1" t="b"><f>1=2</f><v>0</v></c><c r="C1" t="str"><f>""</f><v></v></c></row>');
    expect(values(await readGrid(bytes))).toEqual([[0, false]]);
    expect(values(await excelJsGrid(bytes))).toEqual([]);
  });

  test('dates by number format: built-in 14, custom yyyy-mm-dd, 1900 and 1904 systems', async () => {
    const data = '<row r="1"><c r="A1" s="3"><v>45278</v></c><c r="B1" s="2"><v>45278.5</v></c><c r="C1" s="4"><v>0.5</v></c><c r="D1"><v>45278</v></c></row>';
    const g1900 = await readGrid(oneSheet(data));
    expect(values(g1900)[0]).toEqual([utc(2023, 12, 18), utc(2023, 12, 18, 12), 0.5, 45278]);
    expect(g1900.numberFormats?.[0]).toEqual(['mm-dd-yy', 'yyyy-mm-dd', '0.00%']);
    expect(g1900.date1904).toBe(false);
    const g1904 = await readGrid(oneSheet(data, { workbookPr: '<workbookPr date1904="1"/>' }));
    expect(values(g1904)[0].slice(0, 2)).toEqual([utc(2027, 12, 19), utc(2027, 12, 19, 12)]);
    expect(g1904.date1904).toBe(true);
    // and exactly as the ExcelJS reader converts them
    expect(values(await excelJsGrid(oneSheet(data, { workbookPr: '<workbookPr date1904="1"/>' })))).toEqual(values(g1904));
  });

  test('custom formats: date tokens outside quotes, brackets and escapes make a date', async () => {
    const codes: Record<number, string> = { 176: 'yyyy"年"m"月"d"日"', 177: '0.0"h"', 178: '[Red]0.00', 179: 'YYYY', 180: '0.0\\d', 181: '[h]:mm:ss', 182: '#,##0.00_);[Red]\\(#,##0.00\\)' };
    const xfs = [0, 176, 177, 178, 179, 180, 181, 182];
    const data = `<row r="1">${xfs.slice(1).map((_id, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${i + 1}"><v>45278</v></c>`).join('')}</row>`;
    const row = values(await readGrid(oneSheet(data, { numFmts: codes, cellXfs: xfs })))[0];
    expect(row.map((v) => v instanceof Date)).toEqual([true, false, false, true, false, true, false]);
  });

  test('built-in East Asian date formats (ids 27–36, 50–58) are dates, with their zh-CN text', async () => {
    const xfs = [0, 27, 31, 32, 57];
    const data = `<row r="1">${xfs.slice(1).map((_id, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${i + 1}"><v>45278</v></c>`).join('')}</row>`;
    const grid = await readGrid(oneSheet(data, { cellXfs: xfs }));
    expect(values(grid)[0]).toEqual([utc(2023, 12, 18), utc(2023, 12, 18), utc(2023, 12, 18), utc(2023, 12, 18)]);
    expect(grid.numberFormats?.[0]).toEqual(['yyyy"年"m"月"', 'yyyy"年"m"月"d"日"', 'h"时"mm"分"', 'yyyy"年"m"月"']);
    // ExcelJS has no text for these ids: it read bare numbers (a difference, ExcelJS being wrong)
    expect(values(await excelJsGrid(oneSheet(data, { cellXfs: xfs })))[0]).toEqual([45278, 45278, 45278, 45278]);
  });

  test('t="d" ISO date cells (openpyxl iso_dates) read as dates; ExcelJS read the number 2023', async () => {
    const data = '<row r="1"><c r="A1" t="d"><v>2023-12-18T00:00:00</v></c><c r="B1" t="d" s="2"><v>2023-12-18T13:45:30.250</v></c>' +
      '<c r="C1" t="d"><v>2024-02-29</v></c><c r="D1" t="d"><v>13:45:00</v></c><c r="E1" t="d"><v>2023-02-29</v></c><c r="F1" t="d"><v>昨天</v></c></row>';
    const row = values(await readGrid(oneSheet(data)))[0];
    expect(row.slice(0, 4)).toEqual([utc(2023, 12, 18), new Date(Date.UTC(2023, 11, 18, 13, 45, 30, 250)), utc(2024, 2, 29), utc(1899, 12, 30, 13, 45)]);
    expect(row[4]).toEqual({ error: expect.stringContaining('日期无效') });
    expect(row[5]).toEqual({ error: expect.stringContaining('日期无效') });
    expect(values(await excelJsGrid(oneSheet('<row r="1"><c r="A1" t="d"><v>2023-12-18T00:00:00</v></c></row>')))).toEqual([[2023]]);
  });

  test('corrupt cells are error values naming the fault: shared string out of range, 1e400, not a number', async () => {
    const row = values(await readGrid(oneSheet('<row r="1"><c r="A1" t="s"><v>7</v></c><c r="B1"><v>1e400</v></c><c r="C1"><v>-1E+309</v></c><c r="D1"><v>12abc</v></c><c r="E1"><v>0x1F</v></c><c r="F1" t="b"><v>yes</v></c></row>', { strings: ['a', 'b'] })))[0];
    expect(row[0]).toEqual({ error: '#共享字符串缺失（文件损坏：共享字符串表只有 2 项，单元格引用第 8 项）' });
    expect(row[1]).toEqual({ error: expect.stringContaining('数值超出范围') });
    expect(row[2]).toEqual({ error: expect.stringContaining('数值超出范围') });
    expect(row[3]).toEqual({ error: expect.stringContaining('不是有效数字') });
    expect(row[4]).toEqual({ error: expect.stringContaining('不是有效数字') });
    expect(row[5]).toEqual({ error: expect.stringContaining('逻辑值无效') });
  });

  test('cells and rows without r follow the previous one', async () => {
    const grid = await readGrid(oneSheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row><row r="5"><c><v>5</v></c></row><row><c><v>6</v></c></row>'));
    expect(values(grid)).toEqual([[1, 2], [null, null, 3, 4], [], [], [5], [6]]);
  });

  test('merged cells: text fills the merge inside the used range; numbers never repeat; a huge merge costs nothing', async () => {
    const data = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>5</v></c><c r="C1"><v>9</v></c></row><row r="2"><c r="A2"><v>7</v></c><c r="C2"><v>1</v></c></row>';
    const grid = await readGrid(oneSheet(data, { strings: ['鹿城区'], after: '<mergeCells count="3"><mergeCell ref="A1:A3"/><mergeCell ref="B1:C1"/><mergeCell ref="F1:XFD1048576"/></mergeCells>' }));
    // A3 is below the last row holding a value: ExcelJS filled it (and every cell of F1:XFD1048576)
    expect(values(grid)).toEqual([['鹿城区', 5], ['鹿城区', null, 1]]);
  });

  test('hidden sheets are listed; the first visible one is the default; names are read once-decoded', async () => {
    const { PackageWorkbook } = await import('../../src/workbook/package-workbook');
    const { nodeZipCodec } = await import('../../src/workbook/xlsx-package/node-codec');
    const bytes = handBook({ sheets: [{ name: '隐藏', data: '', state: 'hidden' }, { name: 'A&amp;B', data: '<row r="1"><c r="A1"><v>1</v></c></row>' }, { name: '很隐藏', data: '', state: 'veryHidden' }] });
    const book = await PackageWorkbook.open(bytes, nodeZipCodec());
    expect(await book.sheetNames()).toEqual(['隐藏', 'A&amp;B', '很隐藏']);
    expect(book.firstSheetName()).toBe('A&amp;B');
    expect(book.sheetState('隐藏')).toBe('hidden');
    expect(book.sheetState('很隐藏')).toBe('veryHidden');
    await expect(book.readSheet('没有')).rejects.toThrow('工作簿中没有名为「没有」的工作表');
  });

  test('_xHHHH_ escapes, entities, CDATA and line ends', async () => {
    const row = values(await readGrid(oneSheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a_x000D_b</t></is></c><c r="C1" t="str"><v>&amp;lt;&#x41;&#66;</v></c><c r="D1" t="inlineStr"><is><t><![CDATA[<x>&amp;]]></t></is></c><c r="E1" t="inlineStr"><is><t>1\r\n2</t></is></c></row>',
      { strings: ['<t>x_x0041__x005F_x0041_</t>'] })))[0];
    expect(row).toEqual(['xA_x0041_', 'a\rb', '&lt;AB', '<x>&amp;', '1\n2']);
  });

  test('1904 flag written as "true" counts (xsd:boolean); ExcelJS knew only "1"', async () => {
    const grid = await readGrid(oneSheet('<row r="1"><c r="A1" s="2"><v>0</v></c></row>', { workbookPr: '<workbookPr date1904="true"/>' }));
    expect(grid.date1904).toBe(true);
    expect(values(grid)).toEqual([[utc(1904, 1, 1)]]);
  });

  test('a prefixed main namespace (<x:c>) reads like the default one', async () => {
    const { zipParts, handParts } = await import('./reader-helpers');
    const parts = handParts({ sheets: [{ name: 'S', data: '' }] }).map(([n, c]): [string, string | Uint8Array] =>
      n === 'xl/worksheets/sheet1.xml' ? [n, `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`] : [n, c]);
    expect(values(await readGrid(zipParts(parts)))).toEqual([['前缀']]);
  });
});
