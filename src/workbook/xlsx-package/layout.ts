/**
 * How a result sheet is laid out on screen and on paper, shared by the package writer
 * (sheet-xml.ts) and the ExcelJS writer (exceljs-write.ts) so that both give the same workbook:
 * column widths, which columns wrap, the row heights wrapped text needs, where the charts go
 * (below the last row, from column A) and the print setup (A4 landscape, one page wide, the
 * header row on every page, a footer with the document number, the sheet name and the page).
 *
 * Everything here is estimated from displayWidth (one unit per Latin character, two per CJK
 * character), in one pass over the rows, without measuring fonts: cheap for 10,000-row sheets.
 */
import { displayWidth, fitWidths, sheetRows, type ResultCell, type ResultSheet, type SheetRole } from '../../sheets/result-sheet';

/** Columns at least this wide wrap their text (long 依据 / 说明 texts). */
export const WRAP_WIDTH = 60;

/**
 * The font of every cell the writers make (header and totals included): 等线 (DengXian), the
 * CJK sans-serif font Excel itself uses for Chinese workbooks; family 2 (swiss: sans-serif) and
 * charset 134 (GB2312) let an application without it fall back to another Chinese sans-serif
 * font rather than a serif one.
 */
export const RESULT_FONT = { name: '等线', size: 11, family: 2, charset: 134 } as const;

/** Height of one line of 11-point text in points (Excel's default row height for 等线 11 is 14.25). */
export const LINE_HEIGHT = 15;
/** Excel's largest row height, in points. */
const MAX_ROW_HEIGHT = 409;
/** Rows a chart spans, and the Excel character width it spans at least (about 16 cm). */
export const CHART_ROWS = 20;
const CHART_WIDTH = 84;
/**
 * A sheet wider than this (in characters) is shrunk more than about half to print one page wide:
 * its charts grow with it, text included, so that on paper they are as large as on such a sheet.
 */
const CHART_REFERENCE_WIDTH = 200;
/** Width of a column without a <col> entry, in characters (Excel's default). */
const DEFAULT_WIDTH = 8.43;

/** The roles whose sheets are printed as results (not input templates, not the 签章 sheet). */
const PRINTED: ReadonlySet<SheetRole> = new Set<SheetRole>(['result', 'parameters', 'problems']);

/** A4 landscape (ECMA-376 §18.3.1.64 paperSize 9) and margins in inches. */
export const PAGE = {
  paperSize: 9,
  orientation: 'landscape' as const,
  margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
  /** Printable width and height of A4 landscape (842 × 595 pt) inside the margins, in points. */
  width: 842 - 72,
  height: 595 - 108,
};

/** Where one chart goes: zero-based sheet rows and columns, `to` exclusive (a two-cell anchor). */
export interface ChartPlacement {
  fromRow: number;
  toRow: number;
  fromCol: number;
  toCol: number;
  /** Its size (and its text's) relative to a chart of CHART_WIDTH × CHART_ROWS: 1 or more. */
  scale: number;
}

export interface PrintSetup {
  /** The page header (Excel header/footer codes), or null for none. */
  header: string | null;
  /** The page footer: document number on the left, sheet name in the middle, page on the right. */
  footer: string;
  /** Print area: last column (zero-based) and last sheet row (one-based) from A1. */
  lastCol: number;
  lastRow: number;
  /** Rows (zero-based sheet row index) above which a manual page break goes. */
  rowBreaks: number[];
}

export interface SheetLayout {
  widths: number[];
  wrap: boolean[];
  /**
   * Heights in points of the sheet rows that need more than one line (index 0 = the header row,
   * i + 1 = rows[i]; 0 = the default height), or null when no row needs one.
   */
  heights: Float32Array | null;
  /** One per entry of sheet.charts that has data, in order (null for a chart left out). */
  charts: Array<ChartPlacement | null>;
  print: PrintSetup | null;
  /**
   * The used range the worksheet's <dimension> names: the columns up to the last one holding a
   * value in any row (totals rows count every column; at least 1) and the one-based sheet row of
   * the last row holding one (the header row: 1; 0 for a sheet without columns). Found in the pass
   * that measures the heights, so the writer does not read a long sheet's rows once more for it.
   */
  used: { lastCol: number; lastRow: number };
}

/** Header/footer text is code: "&" starts a code, so a literal ampersand is "&&". */
export function headerFooterText(s: string): string {
  return s.split('&').join('&&');
}

/**
 * The footer of every printed result sheet: the document the numbers were computed under (from
 * the calculation's edition: ResultSheet.document), the sheet name (&A) and 第 &P 页，共 &N 页.
 */
export function footerOf(sheet: ResultSheet): string {
  return `${sheet.document ? `&L${headerFooterText(sheet.document)}` : ''}&C&A&R第 &P 页，共 &N 页`;
}

/** Lines a text takes in a wrapped column of `width` characters (at least 1). */
export function linesOf(text: string, width: number): number {
  // Characters per line, less the cell padding; proportional Latin glyphs are narrower than the
  // digit the width is measured in, which makes up for what word breaks leave at line ends.
  const per = Math.max(1, width - 1);
  if (text.length * 2 <= per && text.indexOf('\n') < 0) return 1;
  let lines = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const segment = nl < 0 ? (start === 0 ? text : text.slice(start)) : text.slice(start, nl);
    lines += Math.max(1, Math.ceil(displayWidth(segment) / per));
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

const heightOf = (lines: number): number => Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT);

/** Which rows of `rows` a chart can be drawn from (inside the sheet, at least one row). */
export function chartRows(sheet: ResultSheet, chart: NonNullable<ResultSheet['charts']>[number]): boolean {
  const n = sheet.columns.length;
  return chart.firstRow >= 0 && chart.lastRow >= chart.firstRow && chart.lastRow < sheetRows(sheet).length
    && chart.categoryCol >= 0 && chart.categoryCol < n && chart.valueCols.length > 0 && chart.valueCols.every((c) => c >= 0 && c < n);
}

/**
 * The layout of a sheet. `withCharts`: the writer draws sheet.charts (the package writer; the
 * ExcelJS writer cannot, so its print area ends with the rows).
 */
export function sheetLayout(sheet: ResultSheet, withCharts: boolean): SheetLayout {
  const widths = fitWidths(sheet);
  const cols = sheet.columns;
  const wrap = cols.map((c, i) => Boolean(c.wrap) || widths[i] >= WRAP_WIDTH || (c.width ?? 0) >= WRAP_WIDTH);
  const notes = new Set(sheet.noteRows ?? []);
  // One at a time: a long sheet's cells are made as they are measured (sheetRows).
  const rows = sheetRows(sheet);

  // Row heights: only the wrapped columns are measured, and a text equal to the one above is
  // measured once (依据 texts repeat down a column).
  let heights: Float32Array | null = null;
  const set = (index: number, h: number): void => {
    if (!heights) heights = new Float32Array(rows.length + 1);
    heights[index] = h;
  };
  let headerLines = 1;
  cols.forEach((c, i) => {
    if (c.header) headerLines = Math.max(headerLines, linesOf(c.header, widths[i] * 0.95));
  });
  if (headerLines > 1) set(0, heightOf(headerLines));
  const wrapCols: number[] = [];
  wrap.forEach((w, i) => { if (w) wrapCols.push(i); });
  let totalHeight = headerLines * LINE_HEIGHT + rows.length * LINE_HEIGHT;
  const ncols = cols.length;
  const totals = new Set(sheet.totalsRows ?? []);
  const used = { lastCol: Math.max(ncols, 1), lastRow: ncols > 0 ? 1 : 0 };
  const lastText: Array<string | null> = wrapCols.map(() => null);
  const lastLines = wrapCols.map(() => 1);
  for (let r = 0; r < rows.length; r++) {
    const cells = rows.row(r);
    // The columns up to the last value (a totals row: all of them).
    let upTo = totals.has(r) ? ncols : 0;
    for (let c = cells.length - 1; c >= upTo; c--) {
      if (cells[c] && cells[c].kind !== 'empty') {
        upTo = c + 1;
        break;
      }
    }
    if (upTo > 0) used.lastRow = r + 2;
    if (upTo > used.lastCol) used.lastCol = upTo;
    if (wrapCols.length > 0 && !notes.has(r)) { // note rows are not wrapped: their text runs on to the right
      let lines = 1;
      for (let k = 0; k < wrapCols.length; k++) {
        const cell: ResultCell | undefined = cells[wrapCols[k]];
        if (!cell || cell.kind !== 'text' || cell.text === '') continue;
        let n: number;
        if (cell.text === lastText[k]) n = lastLines[k];
        else {
          n = linesOf(cell.text, widths[wrapCols[k]]);
          lastText[k] = cell.text;
          lastLines[k] = n;
        }
        if (n > lines) lines = n;
      }
      if (lines > 1) {
        const h = heightOf(lines);
        set(r + 1, h);
        totalHeight += h - LINE_HEIGHT;
      }
    }
  }

  // Charts: below the last row after one blank row, from column A, one under the other.
  const charts: Array<ChartPlacement | null> = [];
  let lastRow = rows.length + 1; // one-based sheet row of the last row
  let lastCol = Math.max(0, cols.length - 1);
  const rowBreaks: number[] = [];
  if (withCharts && sheet.charts && sheet.charts.length > 0) {
    const sheetWidth = widths.reduce((sum, x) => sum + x, 0);
    const scale = Math.max(1, Math.round((sheetWidth / CHART_REFERENCE_WIDTH) * 10) / 10);
    const chartRowCount = Math.round(CHART_ROWS * scale);
    let toCol = 0;
    let w = 0;
    while (w < CHART_WIDTH * scale) w += widths[toCol++] ?? DEFAULT_WIDTH;
    let row = rows.length + 2;
    const first = row;
    for (const chart of sheet.charts) {
      if (!chartRows(sheet, chart)) {
        charts.push(null);
        continue;
      }
      charts.push({ fromRow: row, toRow: row + chartRowCount, fromCol: 0, toCol, scale });
      row += chartRowCount + 1;
    }
    if (row > first) {
      lastRow = row - 1;
      lastCol = Math.max(lastCol, toCol - 1);
      // A chart split over two pages is no use on paper: when the sheet is longer than one
      // printed page, the charts start a page of their own.
      const pageWidth = widths.reduce((s, x) => s + x * 7 + 5, 0) * 0.75;
      const scale = Math.min(1, PAGE.width / pageWidth);
      if ((totalHeight + (row - first) * LINE_HEIGHT) * scale > PAGE.height) rowBreaks.push(first);
    }
  }

  const print: PrintSetup | null = PRINTED.has(sheet.role) && cols.length > 0
    ? { header: sheet.printTitle ? `&C&"${RESULT_FONT.name},Bold"&14${headerFooterText(sheet.printTitle)}` : null, footer: footerOf(sheet), lastCol, lastRow, rowBreaks }
    : null;
  return { widths, wrap, heights, charts, print, used };
}
