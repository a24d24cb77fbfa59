/**
 * Writing a ResultSheet into an ExcelJS worksheet: numbers as numbers with a number format
 * (Decimal → Number only here, at the write boundary; display rounding is a format, never a
 * change of the stored value), text as text, dates as dates, and the presentation officers
 * expect: bold header with a fill, frozen header row, fitted widths, bold totals rows, coloured ★
 * tiers, italic grey note rows, wrapped long text in rows tall enough for it, every cell in the
 * named font 等线, the print setup of xlsx-package/layout.ts (what ExcelJS can write: page setup,
 * header and footer, print titles and area — not charts) and drop-down lists for input templates.
 */
import type { Borders, DataValidation, Fill, Font, Style, Worksheet } from 'exceljs';
import { sheetRows, type ResultCell, type ResultSheet, type SheetRole } from '../sheets/result-sheet';
import { PAGE, RESULT_FONT, WRAP_WIDTH, sheetLayout } from './xlsx-package/layout';
import { columnLetters } from '../sheets/grid';

export { WRAP_WIDTH };

export const TEXT_FORMAT = '@';
export const DATE_FORMAT = 'yyyy-mm-dd';
/** Sheet rows of an input template that get the drop-down lists when a validation gives no end. */
export const TEMPLATE_ROWS = 1000;

/** The look of result sheets, shared with the package writer (xlsx-package/sheet-xml.ts). */
export const HEADER_FILL_COLOUR = 'FFDDEBF7';
export const HEADER_BORDER_COLOUR = 'FF9BC2E6';
export const NOTE_COLOUR = 'FF808080';
/** The thin grid of printed result tables (both writers): every cell of the grid columns. */
export const CELL_BORDER_COLOUR = 'FFBFBFBF';
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL_COLOUR } };
const FONT: Partial<Font> = { name: RESULT_FONT.name, size: RESULT_FONT.size, family: RESULT_FONT.family, charset: RESULT_FONT.charset };
const HEADER_FONT: Partial<Font> = { ...FONT, bold: true };
const TOTAL_FONT: Partial<Font> = { ...FONT, bold: true };
const NOTE_FONT: Partial<Font> = { ...FONT, italic: true, color: { argb: NOTE_COLOUR } };
export const STAR_COLOUR = 'FFC55A11';
export const TAB_COLOURS: Record<SheetRole, string> = {
  result: 'FF70AD47',
  parameters: 'FF4472C4',
  problems: 'FFC00000',
  'input-template': 'FFFFC000',
  signature: 'FF7F7F7F',
};

/** ISO yyyy-mm-dd as a Date at UTC midnight (how ExcelJS stores date cells). */
export function utcDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** The value ExcelJS should store for a result cell (null for empty). */
export function excelValue(cell: ResultCell): string | number | Date | null {
  switch (cell.kind) {
    case 'text':
      // Always a plain string: ExcelJS writes strings as strings, so "=1+1", "+86…", "-", "@x"
      // are never formulas.
      return cell.text;
    case 'number':
      return cell.value.toNumber();
    case 'integer':
      return cell.value;
    case 'date':
      return utcDate(cell.iso);
    default:
      return null;
  }
}

/** The number format of a result cell ("@" for text and blanks in text columns). */
export function formatOf(cell: ResultCell, textColumn: boolean): string | undefined {
  switch (cell.kind) {
    case 'text':
      return textColumn ? TEXT_FORMAT : undefined;
    case 'number':
      return cell.format;
    case 'integer':
      return cell.format ?? '0';
    case 'date':
      return DATE_FORMAT;
    default:
      return textColumn ? TEXT_FORMAT : undefined;
  }
}

/** A list drop-down's formula: "a,b,c" (Excel limits it to 255 characters, no commas inside). */
export function listFormula(values: string[]): string | null {
  if (values.length === 0 || values.some((v) => v.includes(',') || v.includes('"'))) return null;
  const joined = values.join(',');
  return joined.length <= 255 ? `"${joined}"` : null;
}

/** ExcelJS has worksheet.dataValidations at run time but not in its type declarations. */
interface WithValidations {
  dataValidations: { add(range: string, validation: DataValidation): void };
}


/** Excel's sheet size: 1,048,576 rows × 16,384 columns. */
export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;

/** A result that does not fit in one worksheet (exit status 2 in the CLI: use --json instead). */
export class SheetTooLargeError extends Error {
  readonly exitCode = 2;
  constructor(sheet: string, rows: number) {
    super(`结果表「${sheet}」有 ${rows.toLocaleString('en-US')} 行（含表头），超过 Excel 工作表 ${MAX_ROWS.toLocaleString('en-US')} 行的上限；请分批计算，或用 --json 输出结果。`);
    this.name = 'SheetTooLargeError';
  }
}

/** Throws SheetTooLargeError (exit 2 in the CLI) for a result sheet Excel cannot hold. */
export function checkSheetSize(sheet: ResultSheet): void {
  const rows = sheetRows(sheet).length;
  if (rows + 1 > MAX_ROWS || sheet.columns.length > MAX_COLUMNS) throw new SheetTooLargeError(sheet.name, rows + 1);
}

/**
 * The columns drawn as a bordered table on a printed sheet: those before the first spacer column
 * (the blank column before 星级评定结果's 星级分布 table), or all.
 */
/** A row with no value in any cell (a separator between blocks of a result sheet). */
export function isBlankRow(cells: readonly ResultCell[]): boolean {
  for (const c of cells) if (c && c.kind !== 'empty' && !(c.kind === 'text' && c.text === '')) return false;
  return true;
}

export function gridColumns(sheet: ResultSheet): number {
  const gap = sheet.columns.findIndex((c) => c.spacer);
  return gap < 0 ? sheet.columns.length : gap;
}

const allSides = (argb: string): Partial<Borders> => {
  const side = { style: 'thin' as const, color: { argb } };
  return { top: side, left: side, bottom: side, right: side };
};

/** Write one result sheet into an empty worksheet. */
export function writeResultSheet(ws: Worksheet, sheet: ResultSheet): void {
  checkSheetSize(sheet);
  const { widths, wrap, heights, print } = sheetLayout(sheet, false);
  const ncols = sheet.columns.length;
  sheet.columns.forEach((col, i) => {
    const column = ws.getColumn(i + 1);
    column.width = widths[i];
    // Blank cells of a text column are text too, so codes an officer types later stay text.
    if (col.text) column.numFmt = TEXT_FORMAT;
  });

  const header = ws.getRow(1);
  sheet.columns.forEach((col, i) => {
    const cell = header.getCell(i + 1);
    cell.value = col.header;
    // The blank column before a side table (the 星级分布 table): its header text, no fill.
    if (col.spacer) return;
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = print ? allSides(HEADER_BORDER_COLOUR) : { bottom: { style: 'thin', color: { argb: HEADER_BORDER_COLOUR } } };
    if (col.text) cell.numFmt = TEXT_FORMAT;
  });
  if (heights && heights[0] > 0) header.height = heights[0];

  const notes = new Set(sheet.noteRows ?? []);
  const totals = new Set(sheet.totalsRows ?? []);
  const grid = print ? gridColumns(sheet) : 0;
  // Cells with the same look share one style object: ExcelJS then resolves the style once per
  // object when saving instead of once per cell (10,000-row result sheets save several times
  // faster). A shared style is never mutated after it is assigned.
  const styles = new Map<string, Partial<Style>>();
  const cellBorder = allSides(CELL_BORDER_COLOUR);
  const styleFor = (fmt: string | undefined, note: boolean, total: boolean, star: boolean, wrapText: boolean, border: boolean): Partial<Style> => {
    const key = `${fmt ?? ''}|${note ? 'n' : ''}${total ? 't' : ''}${star ? 's' : ''}${wrapText ? 'w' : ''}${border ? 'b' : ''}`;
    let style = styles.get(key);
    if (!style) {
      style = {};
      if (fmt) style.numFmt = fmt;
      if (border) style.border = cellBorder;
      if (note) style.font = { ...NOTE_FONT };
      else style.font = { ...(total ? TOTAL_FONT : FONT), ...(star ? { color: { argb: STAR_COLOUR } } : {}) };
      // Top-aligned, so that the numbers of a row stand level with the first line of its wrapped text.
      style.alignment = wrapText && !note ? { wrapText: true, vertical: 'top' } : { vertical: 'top' };
      styles.set(key, style);
    }
    return style;
  };
  sheet.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 2);
    const isNote = notes.has(r);
    const isTotal = totals.has(r);
    // Printed sheets are drawn as a table (as in xlsx-package/sheet-xml.ts): every cell of the
    // grid columns has a thin border, blank ones included.
    // A blank separator row (all cells empty) is not boxed: it stays the gap it is on paper.
    if (!isTotal && !isNote && isBlankRow(cells)) return;
    const filled = isNote ? 0 : grid;
    const n = Math.max(cells.length, isTotal ? ncols : 0, filled);
    for (let c = 0; c < n; c++) {
      const rc = cells[c] ?? { kind: 'empty' as const };
      const value = excelValue(rc);
      if (rc.kind === 'empty' && !isTotal && c >= filled) continue;
      const cell = row.getCell(c + 1);
      if (value !== null) cell.value = value;
      const border = print !== null && !isNote && (c < grid || rc.kind !== 'empty');
      cell.style = styleFor(formatOf(rc, Boolean(sheet.columns[c]?.text)), isNote, isTotal, sheet.starColumn === c, (wrap[c] ?? false) && rc.kind === 'text', border) as Style;
    }
    const h = heights ? heights[r + 1] : 0;
    if (h > 0) row.height = h;
  });

  for (const v of sheet.validations ?? []) {
    const formula = listFormula(v.values);
    if (formula === null || v.col < 0 || v.col >= Math.max(ncols, 1)) continue;
    const first = Math.max(0, v.firstRow) + 2;
    const last = Math.max(first, (v.lastRow ?? TEMPLATE_ROWS - 1) + 2);
    const letter = ws.getColumn(v.col + 1).letter;
    (ws as unknown as WithValidations).dataValidations.add(`${letter}${first}:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [formula],
      showErrorMessage: true,
      // The readers validate every value anyway, so a value off the list is never refused here:
      // "information" for lists that are only suggestions, "warning" (can be overridden) else.
      errorStyle: v.allowOther ? 'information' : 'warning',
      errorTitle: '不在可选范围内',
      error: `请从下拉列表中选择：${v.values.join('、')}`,
    });
  }

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  ws.properties.tabColor = { argb: TAB_COLOURS[sheet.role] ?? TAB_COLOURS.result };
  if (print) {
    // The same print setup as the package writer (xlsx-package/layout.ts), but for the charts.
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: PAGE.paperSize,
      orientation: PAGE.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { ...PAGE.margins },
      // ExcelJS writes the sheet name into these defined names without doubling a quote in it,
      // which would make the workbook unreadable: such a sheet prints without them. It puts "$"
      // before each part of the area, so "A$1" becomes the absolute $A$1.
      ...(ws.name.includes("'") ? {} : { printTitlesRow: '1:1', printArea: `A$1:${columnLetters(print.lastCol)}$${print.lastRow}` }),
    };
    ws.headerFooter = { ...ws.headerFooter, oddFooter: print.footer, ...(print.header ? { oddHeader: print.header } : {}) };
  }
}
