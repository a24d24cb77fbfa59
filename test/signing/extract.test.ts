import ExcelJS from 'exceljs';
import { normaliseRange, payloadBytes, sha256Hex } from '../../src/signing/canonical';
import { extractOfficeSheet, signValueFromOffice } from '../../src/signing/office-extract';
import { extractSheet } from '../../src/signing/xlsx-extract';
import { VECTOR_GRID, VECTOR_HEADER } from '../fixtures/signing/vectors';
import { VECTOR_SHA256 } from './canonical.test';
import { vectorWorkbook } from './helpers';

describe('.xlsx path (ExcelJS) reproduces the published vector', () => {
  test('formulas give their cached values, dates their serials, errors {e}, rich text its text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await vectorWorkbook()) as unknown as ExcelJS.Buffer);
    const ranges = VECTOR_GRID.map((g) => {
      const ex = extractSheet(wb.getWorksheet(g.sheet)!, false);
      expect(ex.issues).toEqual([]);
      return normaliseRange(g.role, g.sheet, ex.values);
    });
    expect(ranges).toEqual(VECTOR_GRID);
    expect(await sha256Hex(payloadBytes({ ...VECTOR_HEADER, ranges }))).toBe(VECTOR_SHA256);
  });

  test('volatile formulas and formulas without a cached value are refused, naming the cell', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('结果');
    ws.getCell('A1').value = { formula: 'TODAY()', result: 45000 } as ExcelJS.CellFormulaValue;
    ws.getCell('B2').value = { formula: 'SUM(A1:A3)' } as ExcelJS.CellFormulaValue;
    ws.getCell('C3').value = { formula: 'IF(A1>0,"NOW()",0)', result: 'NOW()' } as ExcelJS.CellFormulaValue;
    const ex = extractSheet(ws, false);
    expect(ex.issues.map((i) => i.cell)).toEqual(['A1', 'B2']);
    expect(ex.issues[0].message).toContain('易变函数 TODAY');
    expect(ex.issues[1].message).toContain('没有计算结果');
  });

  test('merged cells: only the top-left cell holds the value', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = '合并标题';
    ws.mergeCells('A1:C1');
    ws.getCell('A2').value = 1;
    ws.getCell('C2').value = 3;
    expect(normaliseRange('inputs', 'S', extractSheet(ws, false).values).cells).toEqual([
      ['合并标题', null, null],
      [1, null, 3],
    ]);
  });
});

describe('Office.js path (range.values / valueTypes / formulas) reproduces the published vector', () => {
  /** A fake of what Excel returns for the vector sheets' used ranges. */
  const FAKE: Record<string, { values: unknown[][]; valueTypes: string[][]; formulas: unknown[][] }> = {
    企业数据: {
      values: [
        ['名称', '金额', '日期', '标志', '错误'],
        ['甲公司\r\n第二行', 1 / 3, 45279, true, '#N/A'],
        ['', -0, 1e21, false, '#DIV/0!'],
        ['', 0.1 + 0.2, 123456789012345678, 'a\rb', 1e-7],
      ],
      valueTypes: [
        ['String', 'String', 'String', 'String', 'String'],
        ['String', 'Double', 'Double', 'Boolean', 'Error'],
        ['Empty', 'Double', 'Double', 'Boolean', 'Error'],
        ['Empty', 'Double', 'Double', 'String', 'Double'],
      ],
      formulas: [
        ['名称', '金额', '日期', '标志', '错误'],
        ['甲公司\r\n第二行', '=1/3', 45279, true, '#N/A'],
        ['', -0, 1e21, '=1>2', '=1/0'],
        ['', 0.3, 123456789012345678, 'a\rb', 1e-7],
      ],
    },
    评定参数: { values: [['参数', '值'], ['权重', 0.25]], valueTypes: [['String', 'String'], ['String', 'Double']], formulas: [[], []] },
    星级评定结果: {
      values: [['排名', '得分'], [1, 95.12345678901234]],
      valueTypes: [['String', 'String'], ['Double', 'Double']],
      formulas: [[], []],
    },
  };

  test('the same grids and the same payload SHA-256', async () => {
    const ranges = VECTOR_GRID.map((g) => {
      const ex = extractOfficeSheet(g.sheet, FAKE[g.sheet]);
      expect(ex.issues).toEqual([]);
      return normaliseRange(g.role, g.sheet, ex.values);
    });
    expect(ranges).toEqual(VECTOR_GRID);
    expect(await sha256Hex(payloadBytes({ ...VECTOR_HEADER, ranges }))).toBe(VECTOR_SHA256);
  });

  test('a used range not starting at A1 is placed by its origin', () => {
    const ex = extractOfficeSheet('S', { values: [[7]], valueTypes: [['Double']], origin: { row: 1, col: 2 } });
    expect(normaliseRange('inputs', 'S', ex.values)).toEqual({
      role: 'inputs', sheet: 'S', ref: 'A1:C2', cells: [[null, null, null], [null, null, 7]],
    });
  });

  test('text that looks like an error stays text when valueTypes says String', () => {
    expect(signValueFromOffice('#N/A', 'String')).toBe('#N/A');
    expect(signValueFromOffice('#N/A', 'Error')).toEqual({ e: '#N/A' });
  });

  test('volatile formulas are refused', () => {
    const ex = extractOfficeSheet('S', { values: [[1, 2]], formulas: [['=RAND()', '=A1']] });
    expect(ex.issues).toEqual([expect.objectContaining({ cell: 'A1', sheet: 'S' })]);
  });
});
