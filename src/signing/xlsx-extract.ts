/**
 * The .xlsx path (CLI and web page): ExcelJS cells → the signing grid of canonical.ts.
 * Needs more than SheetGrid: formulas (cached value signed, volatile functions refused), error
 * values, merged cells (only the top-left cell holds the value, as in the file).
 */
import type ExcelJS from 'exceljs';
import { isDate1904 } from '../workbook/exceljs-read';
import { a1, canonicalNumber, serialFromDate, volatileFunctionIn, type SignValue } from './canonical';

export interface ExtractIssue {
  sheet: string;
  cell: string;
  message: string;
  /**
   * volatile: a volatile function (refused at signing, harmless at verification — the cached
   * value is what is compared); no-cached-value: a formula whose value is unknown until Excel
   * computes it (refused at signing; at verification the cell cannot be checked).
   */
  kind?: 'volatile' | 'no-cached-value';
}

export interface ExtractedSheet {
  sheet: string;
  /** Row 0 / col 0 = A1; ragged; normalised later by normaliseRange. */
  values: SignValue[][];
  /** Cells that must not be signed (volatile formula, formula without a cached value). */
  issues: ExtractIssue[];
}

/** ExcelJS.ValueType.Formula (the enum is not imported: type-only ExcelJS import here). */
const FORMULA_TYPE = 6;

type Scalar = string | number | boolean | Date | null | undefined | { error?: string } | Record<string, unknown>;

function richText(v: unknown): string | null {
  if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return ((v as { richText: { text?: string }[] }).richText).map((r) => r.text ?? '').join('');
  }
  return null;
}

/** A plain (non-formula) ExcelJS value to a signing value. */
export function signValueOf(v: Scalar, date1904: boolean): SignValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? canonicalNumber(v) : { e: '#NUM!' };
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : canonicalNumber(serialFromDate(v, date1904));
  if (typeof v === 'object') {
    if (typeof (v as { error?: unknown }).error === 'string') return { e: (v as { error: string }).error };
    const rt = richText(v);
    if (rt !== null) return rt;
    if ('hyperlink' in v || 'text' in v) {
      const t = (v as { text?: unknown }).text;
      if (typeof t === 'string') return t;
      const inner = richText(t);
      return inner ?? null;
    }
  }
  return null;
}

/** Read one worksheet's values for signing. */
export function extractSheet(ws: ExcelJS.Worksheet, date1904: boolean): ExtractedSheet {
  const values: SignValue[][] = [];
  const issues: ExtractIssue[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const r = rowNumber - 1;
      const c = colNumber - 1;
      let value: SignValue = null;
      if (cell.isMerged && cell.master && cell.master.address !== cell.address) value = null;
      else {
        // ExcelJS's cell.value drops falsy cached results (0, FALSE, ""); read the model instead.
        const model = cell.model as { type?: number; formula?: string; sharedFormula?: string; result?: Scalar };
        if (cell.type === FORMULA_TYPE) {
          const text = typeof cell.formula === 'string' && cell.formula ? cell.formula : model.formula ?? '';
          const fn = volatileFunctionIn(text);
          if (fn) {
            issues.push({
              sheet: ws.name,
              cell: a1(r, c),
              kind: 'volatile',
              message: `公式使用了易变函数 ${fn}（=${text}），重新计算会改变结果，不能签章；请先把它替换为数值`,
            });
          }
          if (model.result === undefined) {
            issues.push({
              sheet: ws.name,
              cell: a1(r, c),
              kind: 'no-cached-value',
              message: `公式（=${text}）没有计算结果（缓存值）；请先在 Excel 或 LibreOffice 中打开并保存一次`,
            });
          }
          value = signValueOf(model.result, date1904);
        } else value = signValueOf(cell.value as Scalar, date1904);
      }
      if (value === null) return;
      while (values.length <= r) values.push([]);
      values[r][c] = value;
    });
  });
  return { sheet: ws.name, values, issues };
}

/** The workbook's 1904 date system flag: the one in src/workbook/exceljs-read. */
export { isDate1904 };
