/** STUB — replaced by the water-fund implementation. */
import type { Calculator } from './types';

export const waterFundCalculator: Calculator<Record<string, never>> = {
  kind: 'water-fund',
  title: '饮用水水源地生态保护补偿资金',
  fields: [],
  defaultSettings: () => ({}),
  settingsFrom: () => ({ ok: true, settings: {} }),
  describeSettings: () => [],
  run: () => { throw new Error('not implemented'); },
  template: () => ({ name: '饮用水水源地生态保护补偿资金', role: 'input-template', columns: [], rows: [] }),
};
