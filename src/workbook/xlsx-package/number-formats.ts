/**
 * Number formats of the workbook reader: which format a cell shows (recorded in the grid as
 * before) and whether it makes the cell a date.
 *
 * The format TEXT is exactly what ExcelJS (and so src/workbook/exceljs-read.ts) reported: custom
 * codes with backslash escapes removed, built-in ids from ExcelJS's table (0–22, 37–40, 45–49).
 * Two things are read as Excel reads them instead:
 *
 * - built-in ids 27–36 and 50–58 are the East Asian date and time formats; ExcelJS has no text
 *   for them and read such cells as bare numbers. Excel in a Chinese locale shows them as dates
 *   (27 yyyy"年"m"月", 31 yyyy"年"m"月"d"日", 32 h"时"mm"分" …), so they are dates here, with the
 *   zh-CN format text;
 * - a custom code is a date when it has a date or time token (y m d h s, either case, or b)
 *   OUTSIDE quotes, brackets and literal escapes (\d, _d, *d). ExcelJS looked at the code with its
 *   backslashes already removed and only at lower case (plus M and b): "0.0\d" was a date to it
 *   and "YYYY" was not.
 */

/** ExcelJS's built-in format texts (lib/xlsx/defaultnumformats.js, the locale-free ones). */
const BUILT_IN: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The East Asian built-ins as Excel shows them in a zh-CN locale (ECMA-376 Part 1 §18.8.30). */
const BUILT_IN_ZH_CN: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午 h"时"mm"分"',
  35: '上午/下午 h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午 h"时"mm"分"',
  56: '上午/下午 h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** ExcelJS's reading of a custom code's text (numfmt-xform.js: backslash escapes dropped). */
export function excelJsFormatText(formatCode: string): string {
  return formatCode.replace(/[\\](.)/g, '$1');
}

/** Whether a custom format code (as written in styles.xml) formats a date or a time. */
export function isDateFormatCode(formatCode: string): boolean {
  // Left to right, as Excel reads a code: "text", [Red] / [$-804] / [h], \x, _x and *x are not tokens.
  for (let i = 0; i < formatCode.length; i++) {
    const ch = formatCode[i];
    if (ch === '"') {
      const end = formatCode.indexOf('"', i + 1);
      if (end < 0) return false;
      i = end;
    } else if (ch === '[') {
      const end = formatCode.indexOf(']', i + 1);
      if (end < 0) return false;
      i = end;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
    } else if ('ymdhsYMDHSb'.includes(ch)) {
      return true;
    }
  }
  return false;
}

export interface CellFormat {
  /** The format text as the grid records it; undefined for General (and unknown built-ins). */
  text: string | undefined;
  /** Numbers in this format are dates (Date values in the grid). */
  date: boolean;
}

const GENERAL: CellFormat = Object.freeze({ text: undefined, date: false });

/**
 * The format of a cell style's numFmtId: a custom code of the workbook (which may also redefine
 * a built-in id), else the built-in. Id 0 is General (ExcelJS skipped it as falsy).
 */
export function cellFormat(numFmtId: number, custom: ReadonlyMap<number, string>): CellFormat {
  if (!numFmtId) return GENERAL;
  const code = custom.get(numFmtId);
  if (code !== undefined) {
    const text = excelJsFormatText(code);
    return { text: text === '' ? undefined : text, date: isDateFormatCode(code) };
  }
  const builtIn = BUILT_IN[numFmtId];
  if (builtIn !== undefined) return { text: builtIn, date: isDateFormatCode(builtIn) };
  const zh = BUILT_IN_ZH_CN[numFmtId];
  if (zh !== undefined) return { text: zh, date: true };
  return GENERAL;
}
