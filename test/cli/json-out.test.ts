/**
 * The piecewise --json writer (src/cli/json-out.ts) gives exactly JSON.stringify(doc, null, 2) +
 * "\n" for any document: property test over generated JSON-like values (with the values
 * JSON.stringify treats specially: undefined, toJSON, NaN, strings with line breaks), and the
 * large first-level arrays it writes entry by entry.
 */
import fc from 'fast-check';
import { writeJsonDocument } from '../../src/cli/json-out';
import { Decimal } from '../../src/exact/decimal';

const written = (doc: unknown): { text: string; pieces: number } => {
  let text = '';
  let pieces = 0;
  writeJsonDocument(doc, (t) => { text += t; pieces++; });
  return { text, pieces };
};

const leaf = fc.oneof(
  fc.string(), fc.constantFrom('a\nb', '\r\n', '"', '\\', '\u2028', '县\t区'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constant(undefined), fc.constant(Number.NaN), fc.integer().map((n) => new Decimal(n).dividedBy(7)),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 4 })),
})).v;

describe('writeJsonDocument', () => {
  test('equals JSON.stringify(doc, null, 2) + "\\n" for any document', () => {
    fc.assert(fc.property(fc.oneof(value, fc.dictionary(fc.string({ maxLength: 8 }), value)), (doc) => {
      expect(written(doc).text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    }), { numRuns: 2000 });
  });

  test('first-level arrays, empty ones and undefined entries as JSON.stringify writes them', () => {
    const doc = { kind: 'relief', families: [{ id: 'F1', amount: '1.5' }, undefined, [1, [2]]], none: [], skip: undefined, f: () => 1, total: '3' };
    expect(written(doc).text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(written({}).text).toBe('{}\n');
    expect(written([1, 2]).text).toBe(`${JSON.stringify([1, 2], null, 2)}\n`);
  });

  test('a large report is handed on in several pieces, never as one string', () => {
    const results = Array.from({ length: 20000 }, (_v, i) => ({ rank: i + 1, name: `示例总部企业${i + 1}有限公司`, score: '12.3456789012345678901234567890' }));
    const doc = { kind: 'hq-rating', results };
    const { text, pieces } = written(doc);
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(pieces).toBeGreaterThan(1);
  });
});
