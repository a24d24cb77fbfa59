/**
 * The fast paths of the cell readers (added for 10,000-row sheets) give exactly what the plain
 * definitions give: normaliseText, splitHeader, parseDecimal of number cells.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { normaliseText, parseDecimal } from '../../src/sheets/parse-cell';
import { splitHeader } from '../../src/sheets/table';

function referenceNormalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0\u2002-\u200B]/g, ' ')
    .replace(/[，]/g, ',')
    .replace(/[。]/g, '.')
    .trim();
}

const UNITS = ['元', '万元', '亿元', '平方公里', '平方千米', 'km2', 'km²', '公顷', '%', '人', '万人', '个'];
function referenceSplit(header: string): { base: string; unit: string | null } {
  let text = referenceNormalise(header)
    .replace(/\s+/g, '').replace(/[（【\[]/g, '(').replace(/[）】\]]/g, ')').replace(/[：]/g, ':')
    .replace(/\*+$/, '').replace(/^\*+/, '');
  let unit: string | null = null;
  for (;;) {
    const m = /^(.*)\(([^()]*)\)$/.exec(text);
    if (!m) break;
    const inner = m[2].replace(/^单位:/, '').toLowerCase();
    if (!UNITS.includes(inner)) break;
    unit = unit ?? inner;
    text = m[1];
  }
  if (unit === null) {
    const m = /^(.*?)[/:](元|万元|亿元|%)$/.exec(text);
    if (m) { text = m[1]; unit = m[2]; }
  }
  return { base: text.toLowerCase(), unit };
}

const pieces = fc.constantFrom('营业收入', 'ABC', 'abc', ' ', '\u3000', '\u00A0', '\u200B', '（', '）', '(', ')', '【', '】', '[', ']', '：', ':', '/', '*',
  '万元', '亿元', '%', '单位:', 'Ｂ', '１', '，', '。', 'İ', '\t', '\n', '12.5', 'e+5');
const textArb = fc.oneof(fc.string({ maxLength: 20 }), fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')));

describe('reader fast paths', () => {
  it('normaliseText is the plain definition', () => {
    fc.assert(fc.property(textArb, (t) => { expect(normaliseText(t)).toBe(referenceNormalise(t)); }), { numRuns: 5000 });
  });

  it('splitHeader is the plain definition', () => {
    fc.assert(fc.property(textArb, (t) => { expect(splitHeader(t)).toEqual(referenceSplit(t)); }), { numRuns: 5000 });
    for (const h of ['营业收入（万元）', '参保率(%)', '收入/万元', '*企业名称*', 'Revenue', '企业 名称']) expect(splitHeader(h)).toEqual(referenceSplit(h));
  });

  it('parseDecimal of a number cell is the Decimal of its shortest text (also -0 → 0)', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const parsed = parseDecimal(x);
      const expected = new Decimal(String(x));
      expect(parsed).toEqual({ ok: true, value: expect.anything() });
      if (parsed && parsed.ok) {
        expect(parsed.value.toString()).toBe(expected.toString());
        expect(parsed.value.isNegative()).toBe(expected.isNegative());
      }
    }), { numRuns: 5000 });
    for (const x of [0, -0, 1, -1, 1e7, 12345678.9, 1e21, 1e-7, -2.5e-300, Number.MAX_VALUE, Number.MIN_VALUE]) {
      const parsed = parseDecimal(x);
      expect(parsed && parsed.ok && parsed.value.toString()).toBe(new Decimal(String(x)).toString());
      expect(parsed && parsed.ok && parsed.value.isNegative()).toBe(new Decimal(String(x)).isNegative());
    }
  });
});
