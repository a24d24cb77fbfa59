/** The pane's logic without React: mapping detection and memory, settings, summary figures. */
import fc from 'fast-check';
import { CALCULATORS } from '../../src/calculators';
import { MemoryStore } from '../../src/taskpane/store';
import {
  allocationSummary, detectMapping, editionInfo, effectiveMapping, formatYuan, isIsoDate, loadMapping, manualForRun, missingRequired, reliefSummary, saveMapping, settingsView, starSummary,
} from '../../src/taskpane/model';

describe('header mapping', () => {
  const fields = CALCULATORS.relief.fields;
  const grid = {
    name: '家庭名单',
    cells: [['2024年医保纾困名单'], ['家庭编号', '姓名', '县（市、区）', '自付']],
  };

  it('detects the header row and columns as the calculation will, and lists the header cells', () => {
    const state = detectMapping(grid, fields);
    expect(state.headerRowNumber).toBe(2);
    expect(state.detected.familyId ?? state.detected[fields[0].field]).toBe(0);
    expect(state.headers.map((h) => h.label)).toEqual(['A 列：家庭编号', 'B 列：姓名', 'C 列：县（市、区）', 'D 列：自付']);
    const missing = missingRequired(fields, effectiveMapping(state, {})).map((f) => f.canonical);
    expect(missing).toEqual(['综合保障后自负医疗费用（元）']);
    const selfPay = fields.find((f) => f.canonical === '综合保障后自负医疗费用（元）')!.field;
    expect(missingRequired(fields, effectiveMapping(state, { [selfPay]: 3 }))).toEqual([]);
    expect(manualForRun({ [selfPay]: 3, name: null })).toEqual({ [selfPay]: 3 });
    expect(manualForRun({ name: null })).toBeUndefined();
  });

  it('remembers the hand-made mapping per calculation and sheet, ignoring junk', async () => {
    const store = new MemoryStore();
    await saveMapping(store, 'relief', '家庭名单', { selfPay: 3, name: null });
    expect(loadMapping(store, 'relief', '家庭名单')).toEqual({ selfPay: 3, name: null });
    expect(loadMapping(store, 'relief', '其他表')).toEqual({});
    await store.set('wzpolicy.mapping.relief.坏表', '{"a": -1, "b": "x", "c": 2}');
    expect(loadMapping(store, 'relief', '坏表')).toEqual({ c: 2 });
    await store.set('wzpolicy.mapping.relief.坏表', 'not json');
    expect(loadMapping(store, 'relief', '坏表')).toEqual({});
  });
});

describe('settings', () => {
  it('defaults come from the calculator; a change is parsed, described and marked', () => {
    const calc = CALCULATORS['hq-rating'];
    const plain = settingsView(calc, {}, '2025-06-30');
    expect(plain.error).toBeNull();
    expect(plain.descriptors.find((d) => d.key === 'ratingDate')!.value).toBe('2024-12-31');
    const changed = settingsView(calc, { ratingDate: '2023-12-31', degenerateRange: 'zero' }, '2025-06-30');
    expect(changed.descriptors.find((d) => d.key === 'degenerateRange')).toMatchObject({ value: 'zero', changed: true });
    const bad = settingsView(calc, { degenerateRange: 'half' }, '2025-06-30');
    expect(bad.error).toMatch(/degenerateRange/);
    expect(bad.settings).toBeNull();
  });

  it('names the edition in force on the date', () => {
    expect(editionInfo('water-fund', '2024-06-01')).toMatchObject({ document: '温政办函〔2023〕28号', effectiveFrom: '2023-12-08', warning: null });
    expect(editionInfo('relief', '2024-06-01').document).toBe('温政办〔2023〕90号');
  });

  it('accepts only real ISO dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024/12/31')).toBe(false);
    expect(isIsoDate('2024-12-31 ')).toBe(false);
  });
});

describe('summary figures', () => {
  it('the star distribution follows the tiers the edition reports (tierCounts), not a fixed 5…1', () => {
    const json = {
      results: [{ rank: 1, stars: 4, name: '甲', total: '9' }],
      tierCounts: [{ stars: 4, label: '四星级', count: 1 }, { stars: 3, label: '三星级', count: 0 }],
    };
    expect(starSummary(json).distribution).toEqual([{ stars: 4, count: 1 }, { stars: 3, count: 0 }]);
  });

  it('money in = money out and the relief split are the report\'s checks, read as the calculators made them', () => {
    // the calculators check the sums exactly (test/calculators/typed-report.test.ts); the pane reads them
    const json = {
      results: [{ county: '甲', base: '0.1', reward: '0', total: '0.1' }, { county: '乙', base: '0.2', reward: '0', total: '0.2' }],
      totals: { base: '0.3', reward: '0', total: '0.3' },
      moneyCheck: { moneyIn: '0.3', moneyOut: '0.3', difference: '0', balanced: true },
    };
    const s = allocationSummary(json);
    expect(s.moneyOut).toBe('0.3');
    expect(s.moneyIn).toBe('0.3');
    expect(s.balanced).toBe(true);
    expect(reliefSummary({ counties: [{ county: '甲', relief: '0.3', cityFund: '0.1', localMatch: '0.2' }], total: '0.3', balanced: true }).balanced).toBe(true);
    expect(reliefSummary({ counties: [{ county: '甲', relief: '0.3', cityFund: '0.1', localMatch: '0.1' }], total: '0.3', balanced: false }).balanced).toBe(false);
  });

  it('formatYuan only inserts thousands separators (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.option(fc.stringMatching(/^\d{1,4}$/)), (n, frac) => {
      const text = frac === null ? n.toString() : `${n.toString()}.${frac}`;
      const shown = formatYuan(text);
      expect(shown.replace(/,/g, '')).toBe(text);
      expect(shown).not.toMatch(/\d{4},|,\d{0,2}(\D|$)/);
    }));
  });
});
