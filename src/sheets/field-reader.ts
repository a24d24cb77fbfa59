/**
 * Typed values out of a table row, each failure a Chinese problem naming sheet and cell.
 * A reader collects problems; callers check `hasErrors` before calculating.
 */
import { Decimal } from '../exact/decimal';
import type { IsoDate } from '../policies/edition';
import { Problem, error } from './problem';
import { UNIT_FACTOR } from './table';
import type { RawField, Table, TableRow } from './table';
import { parseDecimal, parseDate, parsePercent, bareNumbersArePercent, cellText, normaliseText } from './parse-cell';
import { isBlank } from './grid';

export interface NumberRules {
  required?: boolean;
  nonNegative?: boolean;
  integer?: boolean;
  max?: Decimal;
}

export class FieldReader {
  readonly problems: Problem[] = [];
  constructor(readonly sheet: string, readonly date1904 = false) {}

  private fail(raw: RawField | undefined, label: string, message: string): null {
    this.problems.push(error(this.sheet, raw?.address ?? null, `「${label}」${message}`));
    return null;
  }

  /**
   * The cell's text EXACTLY as typed (docs/rules.md §1.8: names, counties, ids and reasons are
   * written back character for character — full-width brackets, inner and outer spaces); '' when
   * the cell is blank or holds only spaces. Fold with `matchKey` (or a standard's own folding, e.g.
   * credit codes) only to compare, never to show.
   */
  text(raw: RawField | undefined, label: string, rules: { required?: boolean } = {}): string {
    // An error value (#N/A, or a cell the reader could not read) is no name or county: said, not used.
    const v = raw?.value;
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      this.fail(raw, label, `单元格为错误值 ${v.error}，不能作为文字读取。`);
      return '';
    }
    const typed = raw ? cellText(raw.value) : '';
    const text = normaliseText(typed) === '' ? '' : typed;
    if (text === '' && rules.required) this.fail(raw, label, '不能为空。');
    return text;
  }

  /** A decimal in the canonical unit of the column (header unit converted). */
  decimal(raw: RawField | undefined, label: string, rules: NumberRules = {}): Decimal | null {
    if (!raw || isBlank(raw.value)) {
      return rules.required ? this.fail(raw, label, '不能为空。') : null;
    }
    const parsed = parseDecimal(raw.value);
    if (parsed === null) return rules.required ? this.fail(raw, label, '不能为空。') : null;
    if (!parsed.ok) return this.fail(raw, label, parsed.reason + '。');
    // A number cell (at most 17 significant digits) in a column of the canonical unit: × 1 would
    // give back the same value, so the multiplication is skipped.
    const value = raw.factor === UNIT_FACTOR && typeof raw.value === 'number' ? parsed.value : parsed.value.times(raw.factor);
    if (rules.nonNegative && value.isNegative()) return this.fail(raw, label, `不能为负数：${parsed.value.toString()}。`);
    if (rules.integer && !value.isInteger()) return this.fail(raw, label, `应为整数：${parsed.value.toString()}。`);
    if (rules.max && value.greaterThan(rules.max)) return this.fail(raw, label, `不能超过 ${rules.max.toString()}：${value.toString()}。`);
    return value;
  }

  date(raw: RawField | undefined, label: string, rules: { required?: boolean } = {}): IsoDate | null {
    if (!raw || isBlank(raw.value)) return rules.required ? this.fail(raw, label, '不能为空。') : null;
    const parsed = parseDate(raw.value, this.date1904);
    if (parsed === null) return rules.required ? this.fail(raw, label, '不能为空。') : null;
    if (!parsed.ok) return this.fail(raw, label, parsed.reason + '。');
    return parsed.value;
  }

  /**
   * A whole percentage column as fractions (0.85 for 85 %), docs/rules.md §1.8: text with % is a
   * percentage; bare numbers are fractions if all non-zero ones are ≤ 1, percentages if all are
   * > 1; a column mixing both is an error naming the column. Returns one entry per row (null when
   * blank or unreadable).
   */
  percentColumn(table: Table, field: string, label: string): (Decimal | null)[] {
    const readings = table.rows.map((row: TableRow) => {
      const raw = row.fields[field];
      if (!raw) return null;
      const parsed = parsePercent(raw.value, raw.numberFormat);
      if (parsed === null) return null;
      if (!parsed.ok) {
        this.fail(raw, label, parsed.reason + '。');
        return null;
      }
      return parsed.value;
    });
    const bare = readings.filter((r) => r?.kind === 'bare').map((r) => r!.value);
    const mode = bareNumbersArePercent(bare);
    if (mode === 'mixed') {
      const column = table.columns[field];
      this.problems.push(error(this.sheet, null,
        `列「${column?.header ?? label}」中既有 ≤1 的小数又有 >1 的数，无法判断是小数还是百分数；请统一写成 85% 或 0.85。`));
      return readings.map(() => null);
    }
    return readings.map((r) => {
      if (r === null) return null;
      if (r.kind === 'fraction') return r.value;
      return mode === 'percent' ? r.value.dividedBy(100) : r.value;
    });
  }
}
