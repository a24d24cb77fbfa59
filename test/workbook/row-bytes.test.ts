/**
 * The byte-level row writer of the worksheet XML (issue 10) against the plain one it replaced:
 * the same bytes in the same parts for any sheet (the text writer is kept as `reference`), the
 * same escapes and xml:space test as inlineString, and decimalToNumber's string-free conversion of
 * long decimals (longToNumber) against decimal.js's toNumber, including values next to a midpoint
 * between two doubles, where only the last of 50 digits decides.
 */
import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { date, empty, FMT, int, num, text, type ResultCell, type ResultSheet, type SheetRole } from '../../src/sheets/result-sheet';
import {
  columnLetter, decimalToNumber, inlineString, InlineStringBytes, isRegExpSpace, keepsSpace, RowBytes, worksheetXmlParts, writeInlineString,
} from '../../src/workbook/xlsx-package/sheet-xml';
import { StyleBook } from '../../src/workbook/xlsx-package/styles';
import { escapeXml } from '../../src/workbook/xlsx-package/xml';
import { fixtureParts } from './xlsx-package-fixture';

const styles = (): StyleBook => new StyleBook(fixtureParts().find(([n]) => n === 'xl/styles.xml')![1] as string);
const utf8 = (s: string): Buffer => Buffer.from(new TextEncoder().encode(s));
/** What a RowBytes holds: its row's bytes as a Buffer. */
const bytesOf = (row: RowBytes): Buffer => Buffer.from(row.buf.subarray(row.start, row.length));
const fresh = (): RowBytes => {
  const row = new RowBytes();
  row.begin(new Uint8Array(8), 3); // a tiny buffer, written from an offset: the row must move
  return row;
};

const texts = fc.oneof(
  fc.constantFrom('已是最高星级', ' a', 'b ', 'x\ny', '&<>"\'', '_x0041_', '_x00g1_', '_X0041_', '\u0001', '\t\r', '\uD800', '\uDC00x', '😀★', '\u3000全角空格', '末尾\u00a0', '\uFFFE', '\u0085', ''),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 5 }).map((s) => `营业收入 (28395.73−2.72)/(29999.46−2.72)×30 = 28.396096…；${s}`.repeat(3)),
);

describe('RowBytes: the bytes of the text it stands for', () => {
  test('escaped(s) is escapeXml(s) in UTF-8, and counts its UTF-16 length', () => {
    fc.assert(fc.property(fc.array(texts, { maxLength: 6 }), (run) => {
      const row = fresh();
      for (const t of run) row.escaped(t);
      const expected = run.map(escapeXml).join('');
      expect(bytesOf(row).equals(utf8(expected))).toBe(true);
      expect(row.units).toBe(expected.length);
    }), { numRuns: 1000 });
  });

  test('keepsSpace is the /^\\s|\\s$|\\n/ test of inlineString, for every UTF-16 code unit first, last and inside', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (isRegExpSpace(c) !== /\s/.test(ch)) differ.push(c);
      for (const t of [ch, `${ch}字`, `字${ch}`, `字${ch}字`]) if (keepsSpace(t) !== /^\s|\s$|\n/.test(t)) differ.push(c);
    }
    expect(differ).toEqual([]);
    expect(keepsSpace('')).toBe(false);
    fc.assert(fc.property(texts, (t) => expect(keepsSpace(t)).toBe(/^\s|\s$|\n/.test(t))), { numRuns: 500 });
  });

  test('writeInlineString and the byte cache write inlineString, repeated or not, past the cache trial too', () => {
    fc.assert(fc.property(fc.array(texts, { maxLength: 300 }), fc.nat(300), (run, distinct) => {
      const all = [...run, ...Array.from({ length: distinct }, (_v, i) => `名称${i}`), ...run];
      const plain = fresh();
      const cached = fresh();
      const cache = new InlineStringBytes();
      for (const t of all) {
        writeInlineString(plain, t);
        cache.write(cached, t);
      }
      const expected = all.map(inlineString).join('');
      expect(bytesOf(plain).equals(utf8(expected))).toBe(true);
      expect(bytesOf(cached).equals(utf8(expected))).toBe(true);
      expect([plain.units, cached.units]).toEqual([expected.length, expected.length]);
    }), { numRuns: 150 });
  });
});

// ---- whole sheets -------------------------------------------------------------------------------

const cell: fc.Arbitrary<ResultCell> = fc.oneof(
  texts.map((t) => text(t)),
  fc.constantFrom('★★★★★ 五星级', '温政办〔2023〕88号 附件1 备注3', '已是最高星级').map((t) => text(t)),
  fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(NaN, Infinity, 2 ** 53, -0)).map((v) => int(v)),
  fc.tuple(fc.bigInt({ min: -(10n ** 50n), max: 10n ** 50n }), fc.integer({ min: -5, max: 48 }), fc.constantFrom(FMT.score, FMT.fen, FMT.decimal, FMT.percent))
    .map(([m, k, f]) => num(new Decimal(`${m}e${-k}`), f)),
  fc.constantFrom(NaN, Infinity).map((v) => num(new Decimal(v), FMT.score)),
  fc.constantFrom('2024-12-31', '1900-03-01', '2023-01-01').map((d) => date(d)),
  fc.constant(empty),
);

const sheetArb = fc.record({
  rows: fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 40 }),
  role: fc.constantFrom<SheetRole>('result', 'parameters', 'problems', 'input-template', 'signature'),
  widths: fc.array(fc.option(fc.integer({ min: 3, max: 70 }), { nil: undefined }), { minLength: 1, maxLength: 7 }),
  spacer: fc.option(fc.nat(6), { nil: undefined }),
  notes: fc.array(fc.nat(42), { maxLength: 4 }),
  totals: fc.array(fc.nat(42), { maxLength: 4 }),
  star: fc.option(fc.nat(6), { nil: undefined }),
  protect: fc.boolean(),
});

type SheetGen = typeof sheetArb extends fc.Arbitrary<infer T> ? T : never;

function sheetOf(g: SheetGen): ResultSheet {
  return {
    name: '表',
    role: g.role,
    columns: g.widths.map((width, i) => ({ header: i === g.spacer ? ' ' : `列${i}`, width, text: i === 1, wrap: i === 2, spacer: i === g.spacer || undefined })),
    rows: g.rows,
    noteRows: g.notes,
    totalsRows: g.totals,
    starColumn: g.star,
    protect: g.protect,
  };
}

const partsOf = (sheet: ResultSheet, reference: boolean, date1904 = false): { parts: Buffer[]; styles: string } => {
  const book = styles();
  const parts = worksheetXmlParts(sheet, book, date1904, { reference }).map((p) => Buffer.from(p));
  return { parts, styles: book.xml() };
};

describe('the byte-level rows write what the text rows write', () => {
  test('for any sheet: the same parts, byte for byte, and the same styles added', () => {
    fc.assert(fc.property(sheetArb, fc.boolean(), (g, date1904) => {
      const sheet = sheetOf(g);
      const fast = partsOf(sheet, false, date1904);
      const plain = partsOf(sheet, true, date1904);
      expect(fast.parts.length).toBe(plain.parts.length);
      fast.parts.forEach((p, i) => expect(p.equals(plain.parts[i])).toBe(true));
      expect(fast.styles).toBe(plain.styles);
    }), { numRuns: 400 });
  });

  test('<dimension> names the used range: up to the last value of any row (totals rows: every column)', () => {
    fc.assert(fc.property(sheetArb, (g) => {
      const sheet = sheetOf(g);
      const totals = new Set(sheet.totalsRows);
      let lastCol = Math.max(sheet.columns.length, 1);
      let lastRow = 1;
      sheet.rows.forEach((cells, r) => {
        let n = totals.has(r) ? sheet.columns.length : 0;
        cells.forEach((c, i) => { if (c.kind !== 'empty' && i + 1 > n) n = i + 1; });
        if (n > 0) lastRow = r + 2;
        lastCol = Math.max(lastCol, n);
      });
      const ref = lastRow > 1 || lastCol > 1 ? `A1:${columnLetter(lastCol - 1)}${lastRow}` : 'A1';
      const xml = Buffer.concat(partsOf(sheet, false).parts).toString('utf8');
      expect(xml).toContain(`<dimension ref="${ref}"/>`);
    }), { numRuns: 300 });
    // A totals row of empty cells still counts (it is written, boxed, as a row of the table).
    const withTotals: ResultSheet = { name: '表', role: 'result', columns: [{ header: '甲' }, { header: '乙' }], rows: [[text('a')], [], [empty]], totalsRows: [2] };
    expect(Buffer.concat(partsOf(withTotals, false).parts).toString('utf8')).toContain('<dimension ref="A1:B4"/>');
  });

  test('a row that just fits the rest of a part stays in it, one a unit longer starts the next: as the text writer cuts', () => {
    // The text writer cuts before a row of n UTF-16 units when the room left is below 3n: a row
    // counted one unit short (or long) anywhere — its <row> tag, a cell, a number, a date, a
    // text, an escape — moves the cut at exactly this boundary.
    const columns = [{ header: '甲', width: 20 }, { header: '乙', width: 8 }, { header: '丙', width: 8 }, { header: '丁', width: 8 }, { header: '戊', width: 8 }];
    const sheetOf = (rows: ResultCell[][]): ResultSheet => ({ name: '表', role: 'input-template', columns, rows });
    const finals = (fill: string): ResultCell[] => [text(fill), int(7), num(new Decimal('12.3470117086056684826417804068042060570582'), FMT.score), date('2024-12-31'), text('依据 <88号> & "二"')];
    const cuts = (sheet: ResultSheet, reference: boolean): number[] => partsOf(sheet, reference).parts.map((p) => p.length);
    let checked = 0;
    for (let adjust = 0; adjust < 3; adjust++) {
      const rows: ResultCell[][] = Array.from({ length: 900 }, (_v, i) => [text('a'.repeat(i === 0 ? 1000 + adjust : 1000)), int(i)]);
      const joined = Buffer.concat(partsOf(sheetOf(rows), true).parts).toString('latin1');
      const end = joined.lastIndexOf('</row>') + '</row>'.length;
      const room = (1 << 20) - end;
      if (room % 3 !== 0) continue;
      // The final row's length in units with a fill of one character: from its text as written.
      const probe = Buffer.from(new TextDecoder().decode(Buffer.concat(partsOf(sheetOf([...rows, finals('b')]), true).parts)), 'utf8');
      const probeText = new TextDecoder().decode(probe);
      const rowText = probeText.slice(probeText.lastIndexOf('<row '), probeText.lastIndexOf('</row>') + '</row>'.length);
      for (const extra of [0, 1]) {
        const fill = 'b'.repeat(room / 3 - rowText.length + 1 + extra);
        const sheet = sheetOf([...rows, finals(fill)]);
        const plain = cuts(sheet, true);
        expect(plain.length).toBe(extra === 0 ? 1 : 2); // the boundary is where it is meant to be
        expect(cuts(sheet, false)).toEqual(plain);
        checked++;
      }
    }
    expect(checked).toBe(2);
  });

  test('a sheet of many parts is cut where the text writer cuts it, a row longer than a part included', () => {
    const long = '很长的计算过程，'.repeat(60000); // 480,000 code units: a row of more than 1 MB
    const rows: ResultCell[][] = Array.from({ length: 12000 }, (_v, i) => [
      int(i + 1), text(`示例总部企业${i}有限公司`), text(i % 3 === 0 ? '依据 <88号> & "二"' : `说明 ${i}`),
      num(new Decimal(i).dividedBy(7).toDecimalPlaces(40), FMT.score), i === 5000 ? text(long) : empty,
    ]);
    const sheet: ResultSheet = { name: '大表', role: 'result', columns: [{ header: '序号' }, { header: '名称' }, { header: '说明', wrap: true }, { header: '得分' }, { header: '附' }], rows };
    const fast = partsOf(sheet, false).parts;
    const plain = partsOf(sheet, true).parts;
    expect(plain.length).toBeGreaterThan(3);
    expect(fast.map((p) => p.length)).toEqual(plain.map((p) => p.length));
    fast.forEach((p, i) => expect(p.equals(plain[i])).toBe(true));
  });
});

// ---- decimalToNumber ----------------------------------------------------------------------------

/** A decimal.js with room for the exact midpoints between doubles (up to about 1,100 digits). */
const Wide = Decimal.clone({ precision: 1200 });

/** The next double above a positive finite double. */
function nextUp(y: number): number {
  const f = new Float64Array([y]);
  const u = new BigUint64Array(f.buffer);
  u[0] += 1n;
  return f[0];
}

const agrees = (v: Decimal): void => {
  expect(decimalToNumber(v)).toBe(v.toNumber());
  expect(decimalToNumber(v.negated())).toBe(v.negated().toNumber());
};

describe('decimalToNumber is decimal.js’s toNumber', () => {
  test('for values of 15 to 60 digits at any scale', () => {
    fc.assert(fc.property(fc.bigInt({ min: 10n ** 14n, max: 10n ** 60n }), fc.integer({ min: -75, max: 40 }), (m, k) => {
      agrees(new Decimal(`${m}e${k}`));
    }), { numRuns: 20000 });
  });

  test('for scores as the rating makes them: a factor times a difference, to 40 places', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: 1, max: 100 }), (x, range, weight) => {
      const factor = new Decimal(weight).dividedBy(new Decimal(range).dividedBy(100));
      agrees(factor.times(new Decimal(x).dividedBy(100)).toDecimalPlaces(40));
      agrees(new Decimal(x).dividedBy(range + x));
    }), { numRuns: 5000 });
  });

  test('next to the midpoint between two doubles, and on it (ties to even)', () => {
    const positive = fc.double({ min: 1e-9, max: 9e20, noNaN: true, noDefaultInfinity: true }).filter((y) => y > 0);
    fc.assert(fc.property(positive, fc.integer({ min: 14, max: 60 }), fc.integer({ min: -9, max: 9 }), (y, j, by) => {
      const up = nextUp(y);
      const mid = new Wide(y.toFixed(100)).plus(new Wide(up.toFixed(100))).dividedBy(2);
      const nudged = mid.plus(mid.times(new Wide(10).pow(-j)).times(by).dividedBy(10));
      for (const v of [mid, nudged, mid.toSignificantDigits(50, Decimal.ROUND_DOWN), mid.toSignificantDigits(50, Decimal.ROUND_UP)]) {
        agrees(new Decimal(v.toFixed()));
      }
    }), { numRuns: 5000 });
  });
});
