/**
 * Reading an ExcelJS worksheet into the core's SheetGrid: plain values only, never ExcelJS
 * objects. Works in Node and in the browser (no file system here).
 *
 * - rich text → its text; hyperlink → its text; formula / shared formula → the cached result
 *   (a formula without a cached result reads as blank); error → { error: '#N/A' }.
 * - dates → Date at UTC (ExcelJS converts date-formatted serials with the workbook's 1904 flag).
 * - number formats per cell (only non-General ones), date1904 from the workbook properties.
 * - merged cells: a slave cell gets the master's value only when that value is text. This fills
 *   merged header captions (two-row headers, group captions) and vertically merged text such as a
 *   county or family number written once for several rows, but never repeats a number or a date
 *   (a merged amount repeated on every row would be counted several times).
 */
import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { CellValue, SheetGrid } from '../sheets/grid';

type ExcelValue = Cell['value'];

function richTextOf(value: { richText: Array<{ text: string }> }): string {
  let out = '';
  for (const part of value.richText) out += part.text ?? '';
  return out;
}

/** An ExcelJS cell value as a plain grid value. */
export function plainValue(value: ExcelValue | unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: '#NUM!' };
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return richTextOf(v as { richText: Array<{ text: string }> });
    if ('formula' in v || 'sharedFormula' in v) {
      const result = v.result;
      if (result === undefined) return null;
      return plainValue(result);
    }
    if ('hyperlink' in v || 'text' in v) {
      const text = v.text;
      if (typeof text === 'string') return text;
      return plainValue(text);
    }
    if (typeof v.error === 'string') return { error: v.error };
  }
  return String(value);
}

function isTextValue(value: CellValue): value is string {
  return typeof value === 'string';
}

/** The grid of one worksheet (A1 at cells[0][0]). */
export function gridFromWorksheet(ws: Worksheet, date1904: boolean): SheetGrid {
  const cells: CellValue[][] = [];
  let formats: (string | null)[][] | undefined;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const r = rowNumber - 1;
    const values: CellValue[] = [];
    let fmtRow: (string | null)[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const c = colNumber - 1;
      let value: CellValue;
      const master = cell.isMerged ? cell.master : cell;
      if (master !== cell && master.address !== cell.address) {
        const masterValue = plainValue(master.value);
        value = isTextValue(masterValue) ? masterValue : null;
      } else {
        value = plainValue(cell.value);
      }
      while (values.length < c) values.push(null);
      values[c] = value;
      const numFmt = cell.numFmt;
      if (numFmt && numFmt !== 'General') {
        if (!fmtRow) fmtRow = [];
        while (fmtRow.length < c) fmtRow.push(null);
        fmtRow[c] = numFmt;
      }
    });
    while (cells.length < r) cells.push([]);
    cells[r] = values;
    if (fmtRow) {
      if (!formats) formats = [];
      while (formats.length < r) formats.push([]);
      formats[r] = fmtRow;
    }
  });
  // Trailing rows that only held blanks (e.g. empty strings) are dropped.
  while (cells.length > 0 && cells[cells.length - 1].every((v) => v === null || v === '')) cells.pop();
  const grid: SheetGrid = { name: ws.name, cells, date1904 };
  if (formats) grid.numberFormats = formats;
  return grid;
}

/** The workbook's 1904 date system flag. */
export function isDate1904(wb: Workbook): boolean {
  return Boolean(wb.properties?.date1904);
}
