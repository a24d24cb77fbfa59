/** @jest-environment jsdom */
/** The pane's relief table marks counties outside the pilot (docs/rules.md §3: paid locally, 市级 0). */
import * as React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { Summary } from '../../src/taskpane/components/Summary';
import { runRelief, reliefCalculator } from '../../src/calculators/relief';

const TODAY = '2024-06-01';

describe('pane summary of relief', () => {
  it('marks a non-pilot county and explains that it is paid locally; pilot counties are unmarked', () => {
    const outcome = runRelief({
      name: '医保纾困',
      cells: [['家庭编号', '县（市、区）', '综合保障后自负医疗费用（元）'], ['F1', '永嘉', '158473.73'], ['F2', '鹿城区', 130000]],
    }, reliefCalculator.defaultSettings(TODAY), { today: TODAY });
    render(<FluentProvider theme={webLightTheme}><Summary outcome={outcome} annualTotalWan="17000" /></FluentProvider>);
    const rows = within(screen.getByRole('table', { name: '纾困汇总' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['永嘉', '1', '1', '38,473.73', '19,236.86', '19,236.87'],
      ['鹿城区（非试点）', '1', '1', '10,000', '0', '10,000'],
    ]);
    expect(screen.getByTestId('relief-non-pilot').textContent).toContain('全部由地方配套');
    expect(screen.getByTestId('relief-total').textContent).toContain('化解总额 48,473.73 元（市级基金承担 + 地方配套 = 化解总额 ✓）');
    expect(screen.getByTestId('relief-total').textContent).not.toMatch(/市级资金|县级配套/);
  });
});
