/**
 * The Office.js path (task pane): `range.values` / `range.valueTypes` / `range.formulas` of a
 * sheet's used range → the signing grid of canonical.ts. Pure (no Office.js import) so it is
 * tested with plain arrays; the pane loads the three properties and calls this.
 *
 * Office.js hands dates over as serial numbers already (in the workbook's date system), error
 * values as their text (#N/A) with valueType "Error", empty cells as "" with valueType "Empty".
 */
import { a1, canonicalNumber, volatileFunctionIn, type SignValue } from './canonical';
import type { ExtractedSheet, ExtractIssue } from './xlsx-extract';

/** Excel.RangeValueType names. */
export type OfficeValueType = 'Unknown' | 'Empty' | 'String' | 'Integer' | 'Double' | 'Boolean' | 'Error' | 'RichValue';

export interface OfficeRangeData {
  /** range.values */
  values: unknown[][];
  /** range.valueTypes (recommended: tells an error value from text that looks like one) */
  valueTypes?: (OfficeValueType | string)[][];
  /** range.formulas (to refuse volatile functions) */
  formulas?: unknown[][];
  /** Zero-based row/column of values[0][0] (the used range's top-left; default A1). */
  origin?: { row: number; col: number };
}

const ERROR_TEXT = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/;

/** One Office.js cell value to a signing value. */
export function signValueFromOffice(value: unknown, valueType?: string): SignValue {
  if (valueType === 'Empty' || value === null || value === undefined || value === '') return null;
  if (valueType === 'Error' || (valueType === undefined && typeof value === 'string' && ERROR_TEXT.test(value))) {
    return { e: String(value) };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? canonicalNumber(value) : { e: '#NUM!' };
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  return null;
}

/** A used range read through Office.js → the same grid as the .xlsx path produces. */
export function extractOfficeSheet(sheet: string, data: OfficeRangeData): ExtractedSheet {
  const r0 = data.origin?.row ?? 0;
  const c0 = data.origin?.col ?? 0;
  const values: SignValue[][] = [];
  const issues: ExtractIssue[] = [];
  data.values.forEach((row, i) =>
    row.forEach((v, j) => {
      const formula = data.formulas?.[i]?.[j];
      if (typeof formula === 'string' && formula.startsWith('=')) {
        const fn = volatileFunctionIn(formula);
        if (fn) {
          issues.push({
            sheet,
            cell: a1(r0 + i, c0 + j),
            kind: 'volatile',
            message: `公式使用了易变函数 ${fn}（${formula}），重新计算会改变结果，不能签章；请先把它替换为数值`,
          });
        }
      }
      const value = signValueFromOffice(v, data.valueTypes?.[i]?.[j]);
      if (value === null) return;
      while (values.length <= r0 + i) values.push([]);
      values[r0 + i][c0 + j] = value;
    }),
  );
  return { sheet, values, issues };
}
