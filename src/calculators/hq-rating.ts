/** STUB — replaced by the hq-rating implementation. */
import type { Calculator } from './types';

export const hqRatingCalculator: Calculator<Record<string, never>> = {
  kind: 'hq-rating',
  title: '总部企业星级评定',
  fields: [],
  defaultSettings: () => ({}),
  settingsFrom: () => ({ ok: true, settings: {} }),
  describeSettings: () => [],
  run: () => { throw new Error('not implemented'); },
  template: () => ({ name: '总部企业星级评定', role: 'input-template', columns: [], rows: [] }),
};
