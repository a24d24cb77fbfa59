import { readTable, splitHeader, unitFactor, FieldSpec, headerFit } from '../../src/sheets/table';
import type { SheetGrid } from '../../src/sheets/grid';

const specs: FieldSpec[] = [
  { field: 'code', canonical: '统一社会信用代码', synonyms: ['信用代码'], required: true },
  { field: 'revenue', canonical: '近两年在温营业收入合计（亿元）', synonyms: ['营业收入'], required: true },
  { field: 'note', canonical: '备注' },
];

describe('header matching', () => {
  it('splits units off headers, full-width or not', () => {
    expect(splitHeader('营业收入（万元）')).toEqual({ base: '营业收入', unit: '万元' });
    expect(splitHeader(' 营业收入 (亿元) ')).toEqual({ base: '营业收入', unit: '亿元' });
    expect(splitHeader('集雨区面积（不含水域）（平方公里）')).toEqual({ base: '集雨区面积(不含水域)', unit: '平方公里' });
    expect(splitHeader('参保率（%）')).toEqual({ base: '参保率', unit: '%' });
  });

  it('converts 万元 to 亿元 and refuses incompatible units', () => {
    expect(unitFactor('万元', '亿元')!.toString()).toBe('0.0001');
    expect(unitFactor('元', '亿元')!.toString()).toBe('0.00000001');
    expect(unitFactor('平方公里', '亿元')).toBeNull();
  });
});

describe('reading a table as officers lay it out', () => {
  const grid: SheetGrid = {
    name: '申报表',
    cells: [
      ['2024年总部企业申报汇总'],
      [null, '基本分指标'],
      ['信用代码', '营业收入（万元）'],
      ['说明：18位', '说明：万元'],
      ['91330300MA2XXXXXX1', '12,345'],
      [null, null],
      ['信用代码', '营业收入（万元）'],
      ['91330300MA2YYYYYY2', 500],
      ['合计', 12845],
    ],
  };
  const table = readTable(grid, specs, { keyField: 'code' });

  it('finds the header row below a title and a merged group header', () => {
    expect(table.headerRowNumber).toBe(3);
    expect(table.columns.code?.col).toBe(0);
    expect(table.columns.revenue?.unit).toBe('万元');
  });

  it('skips note rows, blank rows, repeated headers and 合计 rows (with a warning)', () => {
    expect(table.rows.map((r) => r.rowNumber)).toEqual([5, 8]);
    expect(table.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'A9' })]);
  });

  it('keeps cell addresses and the unit factor for each value', () => {
    expect(table.rows[0].fields.revenue).toMatchObject({ address: 'B5', value: '12,345' });
    expect(table.rows[0].fields.revenue!.factor.toString()).toBe('0.0001');
  });

  it('reports a missing required column as an error', () => {
    const t = readTable({ name: 'S', cells: [['信用代码'], ['x']] }, specs);
    expect(t.problems).toEqual([expect.objectContaining({ severity: 'error', sheet: 'S', message: expect.stringContaining('近两年在温营业收入合计（亿元）') })]);
  });

  it('accepts a hand-made mapping', () => {
    const t = readTable({ name: 'S', cells: [['代码', '收入'], ['x', 1]] }, specs, { mapping: { code: 0, revenue: 1 } });
    expect(t.problems).toEqual([]);
    expect(t.rows).toHaveLength(1);
  });

  it('measures how well a sheet fits', () => {
    expect(headerFit(grid, specs)).toBe(1);
    expect(headerFit({ name: 'x', cells: [['foo']] }, specs)).toBe(0);
  });
});
