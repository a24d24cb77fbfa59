/**
 * A problem found in the input or during a calculation: always in Chinese, always naming the
 * sheet and, where there is one, the cell (A1). Errors stop a calculation (nothing is written
 * except the problem list); warnings do not.
 */
import { maskIdNumbersIn } from '../rules/medical-relief/mask-id';

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  sheet: string;
  /** A1 address such as "B7", or null when the problem is not about one cell. */
  cell: string | null;
  message: string;
}

// No message ever shows a full ID number (docs/rules.md §3 Personal data), whatever cell it quotes.
export const error = (sheet: string, cell: string | null, message: string): Problem => ({ severity: 'error', sheet, cell, message: maskIdNumbersIn(message) });
export const warning = (sheet: string, cell: string | null, message: string): Problem => ({ severity: 'warning', sheet, cell, message: maskIdNumbersIn(message) });

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

/** One line for a terminal or a list: "错误 输入!B7 名称不能为空". */
export function describeProblem(p: Problem): string {
  const where = p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
  return `${p.severity === 'error' ? '错误' : '提示'} ${where} ${p.message}`;
}
