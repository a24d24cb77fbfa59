/**
 * The faster write path of --out (issue: whole-process performance) gives the same bytes as the
 * plain one: sheets deflated part by part in a worker while the next parts are written
 * (makeEntryOfPartsAsync, insertSheetsAsPieces), the per-column cache of inline strings, and the
 * --json array entries laid out by one JSON.stringify call per chunk; the zip in pieces
 * (zipPieces, insertSheetsAsPieces, writeOutputFile), which --out writes without joining them.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { writeOutputFile } from '../../src/cli/io';
import { arrayLinesFast, arrayLinesPlain } from '../../src/cli/json-out';
import { Decimal } from '../../src/exact/decimal';
import { num, text, FMT, type ResultSheet } from '../../src/sheets/result-sheet';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { jsZipCodec } from '../../src/workbook/xlsx-package/js-codec';
import { XlsxPackage } from '../../src/workbook/xlsx-package/package';
import { InlineStrings, inlineString, worksheetXml, worksheetXmlPartStream, worksheetXmlParts } from '../../src/workbook/xlsx-package/sheet-xml';
import { StyleBook } from '../../src/workbook/xlsx-package/styles';
import { entryData, joinParts, makeEntry, makeEntryOfParts, makeEntryOfPartsAsync, readZip, writeZip, zipPieces, type ZipEntry } from '../../src/workbook/xlsx-package/zip';
import { fixtureParts } from './xlsx-package-fixture';

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const rawBytes = (e: ZipEntry): Uint8Array => (e.rawParts ? joinParts(e.rawParts) : e.raw);
const sameEntry = (a: ZipEntry, b: ZipEntry): void => {
  expect(same(rawBytes(a), rawBytes(b))).toBe(true);
  expect([a.crc, a.size, a.compressedSize, a.name]).toEqual([b.crc, b.size, b.compressedSize, b.name]);
};
const when = new Date(2024, 0, 1);

describe('makeEntryOfPartsAsync: the bytes of makeEntryOfParts', () => {
  const codec = nodeZipCodec();
  test('any parts, copied or handed over, compressible or not', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.string({ maxLength: 3000 }).map((s) => new TextEncoder().encode(s.repeat(3)))), { maxLength: 7 }), fc.boolean(), async (parts, handOver) => {
      const plain = makeEntryOfParts('xl/worksheets/sheet9.xml', parts, codec, undefined, when);
      // Handed-over parts own their buffers (copies), as the sheet writer's do.
      const given = handOver ? parts.map((p) => p.slice()) : parts;
      const fast = await makeEntryOfPartsAsync('xl/worksheets/sheet9.xml', given, codec, undefined, when, handOver);
      sameEntry(fast, plain);
      // Written and read back: the entry in a zip, the same data.
      const [back] = readZip(writeZip([fast]));
      expect(same(entryData(back, codec), joinParts(parts))).toBe(true);
      expect(same(entryData(fast, codec), joinParts(parts))).toBe(true);
    }), { numRuns: 150 });
  });

  test('a codec without the async step (the browser) makes them the plain way', async () => {
    const js = jsZipCodec();
    const parts = [new TextEncoder().encode('<a>'.repeat(1000)), new TextEncoder().encode('</a>')];
    sameEntry(await makeEntryOfPartsAsync('x.xml', parts, js, undefined, when), makeEntryOfParts('x.xml', parts, js, undefined, when));
  });
});

const styles = (): StyleBook => new StyleBook(fixtureParts().find(([n]) => n === 'xl/styles.xml')![1] as string);

/** A large sheet whose texts repeat (cached) and differ (not), some needing escapes or xml:space. */
function bigSheet(rows: number): ResultSheet {
  const kinds = ['依据 <88号> & "二"', ' 前后有空格 ', '多行\n文字', '已是最高星级', '_x0041_ 字面'];
  return {
    name: '明细', role: 'result', columns: [{ header: '编号', text: true }, { header: '说明' }, { header: '依据' }, { header: '得分' }],
    rows: Array.from({ length: rows }, (_v, i) => [
      text(`F${i}`), text(`第 ${i} 行的说明文字 <${i % 7}>，用来把工作表撑大到几兆字节。`), text(kinds[i % kinds.length]),
      num(new Decimal(i).dividedBy(7), FMT.score),
    ]),
  };
}

describe('the worksheet as a stream of parts', () => {
  test('joined, the stream is worksheetXml, in the same parts as worksheetXmlParts', () => {
    const sheet = bigSheet(30000);
    const streamed = [...worksheetXmlPartStream(sheet, styles(), false)];
    expect(streamed.length).toBeGreaterThan(2);
    const parts = worksheetXmlParts(sheet, styles(), false);
    expect(streamed.map((p) => p.byteLength)).toEqual(parts.map((p) => p.byteLength));
    expect(same(joinParts(streamed), worksheetXml(sheet, styles(), false))).toBe(true);
  });

  test('insertSheetsAsPieces writes the bytes insertSheets writes, in pieces', async () => {
    const codec = nodeZipCodec();
    const bytes = writeZip(fixtureParts().map(([n, t]) => makeEntry(n, typeof t === 'string' ? new TextEncoder().encode(t) : t, codec, undefined, when)));
    const sheets = [{ name: '结果', sheet: bigSheet(12000) }, { name: '小表', sheet: bigSheet(3) }];
    const plain = XlsxPackage.open(bytes, codec).insertSheets(sheets, [], when);
    // --out writes the pieces one after another, never joined.
    const pieces = await XlsxPackage.open(bytes, codec).insertSheetsAsPieces(sheets, [], when);
    expect(pieces.length).toBeGreaterThan(fixtureParts().length + 3);
    expect(same(joinParts(pieces), plain)).toBe(true);
  });
});

describe('the zip in pieces (zipPieces): headers, the entries\' data as held, the directory', () => {
  const codec = nodeZipCodec();
  const data = fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.string({ maxLength: 800 }).map((t) => new TextEncoder().encode(t.repeat(4))));
  test('the data of an entry held in parts is a piece as it is (no copy); read back, every entry is there', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.array(data, { maxLength: 4 }), fc.boolean()), { maxLength: 6 }), async (specs) => {
      const entries: ZipEntry[] = [];
      for (const [i, [parts, inParts]] of specs.entries()) {
        const name = `xl/part${i}.xml`;
        entries.push(inParts ? await makeEntryOfPartsAsync(name, parts.map((x) => x.slice()), codec, undefined, when, true) : makeEntry(name, joinParts(parts), codec, undefined, when));
      }
      const pieces = zipPieces(entries);
      for (const e of entries) for (const r of e.rawParts ?? []) expect(pieces.filter((x) => x === r)).toHaveLength(1);
      const joined = joinParts(pieces);
      expect(same(joined, writeZip(entries))).toBe(true);
      const back = readZip(joined);
      expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name));
      back.forEach((e, i) => {
        expect(same(entryData(e, codec), joinParts(specs[i][0]))).toBe(true);
        expect([e.crc, e.size, e.compressedSize]).toEqual([entries[i].crc, entries[i].size, entries[i].compressedSize]);
      });
    }), { numRuns: 120 });
  });

  test('writeOutputFile writes the pieces one after another', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-pieces-'));
    try {
      const pieces = [new Uint8Array([1, 2, 3]), new Uint8Array(70_000).fill(7), new Uint8Array([9])];
      const file = path.join(dir, 'sub', 'out.xlsx');
      await writeOutputFile(file, pieces);
      expect(same(readFileSync(file), joinParts(pieces))).toBe(true);
      expect(readdirSync(path.join(dir, 'sub'))).toEqual(['out.xlsx']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('InlineStrings: the cached inline string of a text is inlineString of it', () => {
  const texts = fc.oneof(
    fc.constantFrom('已是最高星级', ' a', 'b ', 'x\ny', '&<>"\'', '_x0041_', '\u0001', '\uD800', '★★★ 三星级', ''),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 6 }),
  );
  test('for any run of texts, repeated or not (past the trial that turns the cache off, too)', () => {
    fc.assert(fc.property(fc.array(texts, { maxLength: 600 }), fc.nat(300), (run, distinct) => {
      const cache = new InlineStrings();
      const all = [...run, ...Array.from({ length: distinct }, (_v, i) => `名称${i}`), ...run];
      for (const t of all) expect(cache.of(t)).toBe(inlineString(t));
    }), { numRuns: 150 });
  });
});

describe('--json array entries: one JSON.stringify per chunk, the same text as entry by entry', () => {
  const leaf = fc.oneof(fc.string(), fc.constantFrom('a\nb', '\r\n', '\u2028'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.integer().map((n) => new Decimal(n).dividedBy(7)), fc.constant(() => 1));
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 4 })),
  })).v;
  test('for any entries', () => {
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), (entries) => {
      expect(arrayLinesFast(entries)).toBe(arrayLinesPlain(entries));
    }), { numRuns: 2000 });
  });
});
