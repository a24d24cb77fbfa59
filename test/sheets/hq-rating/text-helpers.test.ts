/**
 * Helpers that keep 10,000-row batches fast give exactly the texts of the plain definitions:
 * fastDisplayWidth (sizes the 星级评定结果 columns) counts exactly as
 * displayWidth of src/sheets/result-sheet does.
 */
import fc from 'fast-check';
import { displayWidth } from '../../../src/sheets/result-sheet';
import { fastDisplayWidth } from '../../../src/sheets/hq-rating/result-sheets';
import { Decimal, shortText, shortTextOfDigits } from '../../../src/exact/decimal';

/** The plain definition (one regular expression per code point) the fast count must equal. */
function referenceWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u2605\u2606]/.test(ch) ? 2 : 1;
  return w;
}

describe('fastDisplayWidth', () => {
  it.each([
    '', 'abc', '示例总部企业1有限公司', '★★★★★ 五星级', '☆', '91330300MA2AB1234X', 'ＡＢＣ１２３', '｡ｱ', '￥￦', '한국어', 'ᄀ',
    '𠮷野家', '\uD83D\uDE00 emoji', 'lone \uD800 surrogate', '\uDC00', '\u2E80\uA4CF\uA4D0', '\uFE30\uFE4F\uFE50', '\uFF60\uFF61',
  ])('%s', (s) => {
    expect(fastDisplayWidth(s)).toBe(referenceWidth(s));
    expect(displayWidth(s)).toBe(referenceWidth(s));
  });

  it('matches displayWidth on random text (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      expect(fastDisplayWidth(s)).toBe(referenceWidth(s));
      expect(displayWidth(s)).toBe(referenceWidth(s));
    }), { numRuns: 3000 });
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }), (codes) => {
      const s = String.fromCharCode(...codes);
      expect(fastDisplayWidth(s)).toBe(referenceWidth(s));
      expect(displayWidth(s)).toBe(referenceWidth(s));
    }), { numRuns: 3000 });
  });
});

describe('参保率 as a percentage in 计算过程 (shortTextOfDigits with the point moved two places)', () => {
  const reference = (v: Decimal) => shortText(v.times(100), 4);
  it.each(['0', '1', '0.5', '0.05', '0.005', '0.7742373222093782982359149620545810926270292003819', '12.3', '-0.5', '-0.001', '100', '0.00001', '-0.00000001',
    `0.${'7'.repeat(51)}`, `0.${'7'.repeat(49)}5`,
    // 51 significant digits: × 100 rounds at the 50th to 12.345 exactly (no "…"); 50 digits: not.
    `0.12344${'9'.repeat(45)}5`, `0.12344${'9'.repeat(44)}5`, `0.99999${'9'.repeat(45)}5`])('%s', (t) => {
    const v = new Decimal(t);
    expect(shortTextOfDigits(v, 4, 2)).toBe(reference(v));
  });
  it('matches times(100) for rates c / f (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (c, f) => {
      const v = new Decimal(c).dividedBy(f);
      expect(shortTextOfDigits(v, 4, 2)).toBe(reference(v));
    }), { numRuns: 2000 });
  });
});
