/** The public entry to every calculation: look a calculator up by kind, or suggest one for a sheet. */
import type { Calculator, CalculatorKind } from './types';
import type { SheetGrid } from '../sheets/grid';
import { headerFit } from '../sheets/table';
import { hqRatingCalculator } from './hq-rating';
import { waterFundCalculator } from './water-fund';
import { reliefCalculator } from './relief';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCalculator = Calculator<any>;

export const CALCULATORS: Record<CalculatorKind, AnyCalculator> = {
  'hq-rating': hqRatingCalculator,
  'water-fund': waterFundCalculator,
  relief: reliefCalculator,
};

export function calculatorFor(kind: string): AnyCalculator | undefined {
  return (CALCULATORS as Record<string, AnyCalculator>)[kind];
}

/** The calculation whose input headers best fit the sheet, or null when none fits at all. */
export function suggestCalculator(grid: SheetGrid): { kind: CalculatorKind; fit: number } | null {
  let best: { kind: CalculatorKind; fit: number } | null = null;
  for (const calc of Object.values(CALCULATORS)) {
    const fit = headerFit(grid, calc.fields);
    if (fit > 0 && (!best || fit > best.fit)) best = { kind: calc.kind, fit };
  }
  return best;
}

export type { Calculator, CalculatorKind, CalculationOutcome, SettingDescriptor } from './types';
