/**
 * docs/rules.md §1.8, property over all three calculations: every text cell of the input that the
 * output repeats (JSON and result sheets) is byte-identical to what was typed — full-width brackets,
 * ideographic and inner spaces, outer spaces, rare characters. Folding is for matching only.
 * (hq-rating names and codes: see hq-rating-edition2.test.ts.)
 */
import fc from 'fast-check';
import { reliefCalculator } from '../../src/calculators/relief';
import { waterFundCalculator } from '../../src/calculators/water-fund';
import type { CellValue } from '../../src/sheets/grid';
import type { ResultSheet } from '../../src/sheets/result-sheet';
import { FACTOR_HEADERS } from '../fixtures/water-fund/grids';

const piece = fc.constantFrom('（', '）', '(', ')', ' ', '　', '\u00a0', 'Ａ', 'b', '7', '温', '州', '𠀀', '·', '-', '．', '户');
const typed = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')).filter((s) => s.trim() !== '' && !/^(合计|总计|小计|说明|注)/.test(s.trim()));
/** Spellings of counties that still match a county (suffix dropped, spaces around). */
const countySpelling = (county: string) => fc.constantFrom(county, county.slice(0, -1), ` ${county}`, `${county}　`, county.slice(0, -1) + ' ');

function textCells(sheets: readonly ResultSheet[], name: string, col: number): string[] {
  const sheet = sheets.find((s) => s.name === name)!;
  return sheet.rows.map((r) => r[col]).filter((c) => c && c.kind === 'text').map((c) => (c as { text: string }).text);
}

describe('text exactly as typed (property)', () => {
  it('relief: family ids, names and counties come back as typed in JSON and on 纾困化解明细', () => {
    const rowArb = fc.record({
      id: typed, name: typed,
      county: fc.constantFrom('永嘉县', '平阳县', '洞头区', '鹿城区').chain(countySpelling),
      fen: fc.integer({ min: 0, max: 30_000_000 }),
    });
    fc.assert(fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), (rows) => {
      const cells: CellValue[][] = [['家庭编号', '姓名', '县（市、区）', '综合保障后自负医疗费用（元）'],
        ...rows.map((r) => [r.id, r.name, r.county, r.fen / 100])];
      const settings = reliefCalculator.defaultSettings('2025-03-01');
      const out = reliefCalculator.run({ name: '医保纾困', cells }, settings, { today: '2025-03-01' } as never);
      const json = out.json as { families?: Array<{ familyId: string; county: string; name?: string }>; counties?: Array<{ county: string }>; problems: Array<{ severity: string; message: string }> };
      if (!json.families) {
        // Only a family under two counties (by county key) may stop it.
        expect(json.problems.filter((p) => p.severity === 'error').every((p) => p.message.includes('两个县'))).toBe(true);
        return;
      }
      const ids = new Set(rows.map((r) => r.id));
      const names = new Set(rows.map((r) => r.name));
      const counties = new Set(rows.map((r) => r.county));
      for (const f of json.families) {
        expect(ids.has(f.familyId)).toBe(true);
        expect(counties.has(f.county)).toBe(true);
        for (const n of (f.name ?? '').split('、').filter((x) => x !== '')) expect([...names].some((m) => m.includes(n))).toBe(true);
      }
      for (const c of json.counties!) expect(counties.has(c.county)).toBe(true);
      for (const t of textCells(out.sheets, '纾困化解明细', 0)) expect(ids.has(t) || t === '合计').toBe(true);
    }), { numRuns: 80 });
  });

  it('water-fund: county names come back as typed in JSON and on 补偿资金分配', () => {
    const spellings = fc.tuple(countySpelling('瑞安市'), countySpelling('文成县'), countySpelling('泰顺县'), countySpelling('瓯海区'));
    fc.assert(fc.property(spellings, (names) => {
      const factors = [[10, 300, 100000, 20], [30, 900, 200000, 40], [40, 800, 100000, 30], [20, 200, 100000, 10]];
      const cells: CellValue[][] = [FACTOR_HEADERS, ...names.map((n, i) => [n, ...factors[i]])];
      const s = waterFundCalculator.settingsFrom({ fundYear: '2024' }, '2025-03-01');
      if (!s.ok) throw new Error(s.message);
      const out = waterFundCalculator.run({ name: '水源地', cells }, s.settings);
      const json = out.json as { results: Array<{ county: string }> };
      expect(json.results.map((r) => r.county)).toEqual(names);
      const shown = textCells(out.sheets, '补偿资金分配', 0);
      for (const n of names) expect(shown).toContain(n);
    }), { numRuns: 60 });
  });
});
