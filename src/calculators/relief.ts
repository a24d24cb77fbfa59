/** STUB — replaced by the relief implementation. */
import type { Calculator } from './types';

export const reliefCalculator: Calculator<Record<string, never>> = {
  kind: 'relief',
  title: '医保纾困专项保障',
  fields: [],
  defaultSettings: () => ({}),
  settingsFrom: () => ({ ok: true, settings: {} }),
  describeSettings: () => [],
  run: () => { throw new Error('not implemented'); },
  template: () => ({ name: '医保纾困专项保障', role: 'input-template', columns: [], rows: [] }),
};
