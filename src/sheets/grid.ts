/**
 * A worksheet as the core sees it: a rectangle of plain values, independent of ExcelJS and
 * Office.js. Row 0 / column 0 of `cells` is the sheet's A1 (or the top-left of `origin`).
 */
export type CellValue = string | number | boolean | Date | null | { error: string };

export interface SheetGrid {
  /** Worksheet name as the user sees it. */
  name: string;
  /** Values, row-major; rows may be ragged. */
  cells: CellValue[][];
  /** Number formats per cell where known (used to recognise date serials and percentages). */
  numberFormats?: (string | null | undefined)[][];
  /** Zero-based row/column of cells[0][0] in the sheet (used-range offset); default 0,0. */
  origin?: { row: number; col: number };
  /** Excel 1904 date system (Mac workbooks). */
  date1904?: boolean;
}

/** Column letters for a zero-based column index: 0 → A, 26 → AA. */
export function columnLetters(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** A1 address of a zero-based (row, col) of the grid, honouring the grid's origin. */
export function cellAddress(grid: Pick<SheetGrid, 'origin'>, row: number, col: number): string {
  const r = row + (grid.origin?.row ?? 0);
  const c = col + (grid.origin?.col ?? 0);
  return `${columnLetters(c)}${r + 1}`;
}

export function cellAt(grid: SheetGrid, row: number, col: number): CellValue {
  return grid.cells[row]?.[col] ?? null;
}

export function formatAt(grid: SheetGrid, row: number, col: number): string | null {
  return grid.numberFormats?.[row]?.[col] ?? null;
}

export function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}
