/**
 * The fast paths of the input reading (table.ts, credit-code.ts) held equal to their plain
 * reference forms: the header index, the header-repeat and note-row pre-checks, the lazily made
 * fields and addresses of table rows, the credit-code folding and check.
 */
import fc from 'fast-check';
import {
  readTable, splitHeader, matchHeaderPlain, matchHeaderIndexed, mayRepeatHeader, NOTE_ROW, type FieldSpec,
} from '../../src/sheets/table';
import { normaliseText } from '../../src/sheets/parse-cell';
import { cellAddress, type CellValue, type SheetGrid } from '../../src/sheets/grid';
import { HQ_FIELD_SPECS } from '../../src/sheets/hq-rating/fields';
import { RELIEF_FIELDS } from '../../src/sheets/medical-relief/fields';
import { WATER_FUND_FIELDS } from '../../src/sheets/water-fund/fields';
import {
  normaliseCreditCode, normaliseCreditCodePlain, checkCreditCode, checkCreditCodePlain,
  creditCodeCheckChar, creditCodeCheckCharPlain, CREDIT_CODE_CHARSET,
} from '../../src/rules/hq-rating/credit-code';

/** Characters splitHeader, normaliseText and the folding act on, and ordinary ones. */
const PIECES = [
  'a', 'A', 'z', 'I', 'İ', 'ß', '1', '0', '.', '-', '+', 'e', ' ', '\u3000', '\u00A0', '\u200B', '\t', '*', '＊', '(', ')', '（', '）',
  '【', '】', '[', ']', '［', '］', ':', '：', '/', '，', '。', '%', '元', '万元', '亿元', '单位:', '营业收入', '说明', '注：', '注:', '填表说明',
  '备注:', '合计', '计', '小', 'Ａ', '１', '𐐀', 'Σ', '名称', '统一社会信用代码', 'km2',
];
const pieceText = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((a) => a.join(''));
const anyText = fc.oneof(pieceText, fc.string(), fc.string({ unit: 'binary', maxLength: 6 }));

const SPEC_SETS: FieldSpec[][] = [HQ_FIELD_SPECS, RELIEF_FIELDS, WATER_FUND_FIELDS];
const allNames = SPEC_SETS.flat().flatMap((s) => [s.canonical, ...(s.synonyms ?? [])]);

describe('header matching through the spec index equals the plain matchHeader', () => {
  it('on spec names, their variants and arbitrary texts', () => {
    const text = fc.oneof(anyText, fc.constantFrom(...allNames),
      fc.tuple(fc.constantFrom(...allNames), pieceText).map(([a, b]) => a + b),
      fc.tuple(pieceText, fc.constantFrom(...allNames), fc.constantFrom('（万元）', '(元)', '/亿元', ' ', '*', '（%）')).map(([a, b, c]) => a + b + c));
    fc.assert(fc.property(text, fc.integer({ min: 0, max: SPEC_SETS.length - 1 }), (t, k) => {
      const a = matchHeaderPlain(t, SPEC_SETS[k]);
      const b = matchHeaderIndexed(t, SPEC_SETS[k]);
      expect(b?.spec.field).toBe(a?.spec.field);
      expect(b?.unit).toBe(a?.unit);
      expect(b?.factor?.toString()).toBe(a?.factor?.toString());
    }), { numRuns: 3000 });
  });
});

describe('mayRepeatHeader (the header-repeat pre-check)', () => {
  it('is false only when splitHeader(text).base differs from base', () => {
    const base = fc.oneof(
      anyText.map((t) => splitHeader(t).base),
      fc.constantFrom(...allNames).map((t) => splitHeader(t).base),
    );
    fc.assert(fc.property(anyText, base, (raw, b) => {
      const t = normaliseText(raw);
      if (!mayRepeatHeader(t, b)) expect(splitHeader(t).base).not.toBe(b);
    }), { numRuns: 5000 });
    // A cell repeating a header (width, brackets, stars, spaces, case) always passes.
    fc.assert(fc.property(fc.constantFrom(...allNames), pieceText, (name, extra) => {
      for (const raw of [name, `*${name}`, ` ${name} `, name.toUpperCase(), `${name}${extra}`, `${extra}${name}`]) {
        const t = normaliseText(raw);
        if (t !== '' && splitHeader(t).base === splitHeader(name).base) expect(mayRepeatHeader(t, splitHeader(name).base)).toBe(true);
      }
    }), { numRuns: 1000 });
  });
});

/** The fields of every row as the plain readTable built them: value, address, format, factor, header. */
function plainFields(grid: SheetGrid, table: ReturnType<typeof readTable>) {
  return table.rows.map((row) => {
    const r = row.rowNumber - 1 - (grid.origin?.row ?? 0);
    const out: Record<string, unknown> = {};
    for (const [field, c] of Object.entries(table.columns)) {
      out[field] = {
        value: grid.cells[r]?.[c!.col] ?? null,
        address: cellAddress(grid, r, c!.col),
        numberFormat: grid.numberFormats?.[r]?.[c!.col] ?? null,
        factor: c!.factor.toString(),
        header: c!.header,
      };
    }
    return out;
  });
}

describe('readTable rows (fields made when read)', () => {
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.constant(null), pieceText, fc.constantFrom('合计', ' 合 计 ', '小计', '说明：本表', '注:', '近两年在温营业收入合计（亿元）', '企业名称', '统一社会信用代码'),
    fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.constant({ error: '#N/A' }),
  );
  it('each field reads the cell, its address, format, factor and header; the skipped rows are the plain ones', () => {
    fc.assert(fc.property(
      fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { maxLength: 12 }),
      fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 }),
      (rows, withFormats, originRow, originCol) => {
        const header = ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（万元）', '近两年在温地方财政贡献合计（亿元）', '近两年研发经费支出合计（万元）', '备注'];
        const cells: CellValue[][] = [header, ...rows];
        const grid: SheetGrid = {
          name: 'S', cells, origin: { row: originRow, col: originCol },
          ...(withFormats ? { numberFormats: cells.map((l, r) => l.map((_, c) => ((r + c) % 3 === 0 ? '0.00%' : (r + c) % 3 === 1 ? null : 'General'))) } : {}),
        };
        const table = readTable(grid, HQ_FIELD_SPECS, { keyField: 'name' });
        const got = table.rows.map((row) => {
          const out: Record<string, unknown> = {};
          for (const field of Object.keys(table.columns)) {
            const f = row.fields[field]!;
            out[field] = { value: f.value, address: f.address, numberFormat: f.numberFormat, factor: f.factor.toString(), header: f.header };
          }
          return out;
        });
        expect(got).toEqual(plainFields(grid, table));
        // Rows kept are those the plain rules keep (blank, note, header-repeat, 合计 rows skipped).
        for (const row of table.rows) {
          const line = cells[row.rowNumber - 1 - originRow];
          const mapped = Object.values(table.columns).map((c) => line[c!.col] ?? null);
          expect(mapped.some((v) => v !== null && !(typeof v === 'string' && v.trim() === ''))).toBe(true);
          const key = normaliseText(String(row.fields.name?.value ?? '')).replace(/\s+/g, '');
          expect(/^(合计|总计|小计)$/.test(key)).toBe(false);
        }
      }), { numRuns: 500 });
  });

  it('NOTE_ROW only matches texts starting with 说, 注, 填 or 备 (the pre-check readTable makes)', () => {
    fc.assert(fc.property(anyText, (t) => {
      if (NOTE_ROW.test(t)) expect('说注填备').toContain(t[0]);
    }), { numRuns: 3000 });
  });
});

describe('credit codes: fast paths equal the plain forms', () => {
  const codeChar = fc.constantFrom(...CREDIT_CODE_CHARSET, ...'abcdefghjkmnpqrtuwxyIOSVZiosvz', ' ', '\u3000', '０', 'Ａ', 'ａ', '-', '9', '1');
  const code = fc.oneof(
    fc.array(codeChar, { minLength: 0, maxLength: 20 }).map((a) => a.join('')),
    fc.array(fc.constantFrom(...CREDIT_CODE_CHARSET), { minLength: 17, maxLength: 17 }).map((a) => {
      const first = a.join('');
      return first + creditCodeCheckCharPlain(first);
    }),
    fc.string(), fc.string({ unit: 'binary', maxLength: 20 }),
  );
  it('normaliseCreditCode, checkCreditCode and creditCodeCheckChar', () => {
    fc.assert(fc.property(code, (c) => {
      expect(normaliseCreditCode(c)).toBe(normaliseCreditCodePlain(c));
      expect(checkCreditCode(c)).toEqual(checkCreditCodePlain(c));
      const folded = normaliseCreditCodePlain(c);
      expect(creditCodeCheckChar(folded.slice(0, 17))).toBe(creditCodeCheckCharPlain(folded.slice(0, 17)));
      expect(creditCodeCheckChar(c.slice(0, 17))).toBe(creditCodeCheckCharPlain(c.slice(0, 17)));
    }), { numRuns: 5000 });
  });
});
