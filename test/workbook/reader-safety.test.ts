/**
 * The package reader against hostile and broken packages (issue 8 items 5, 6, 8): part names as
 * OPC defines them, limits checked before the work they bound. No timed assertions: the work
 * bounded is asserted instead (what was inflated, what the grid holds); figures are in the note.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { once } from 'events';
import { PackageWorkbook } from '../../src/workbook/package-workbook';
import { NotAnXlsxError } from '../../src/workbook/load-errors';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { jsZipCodec } from '../../src/workbook/xlsx-package/js-codec';
import { DEFAULT_READ_LIMITS, ReadLimitError, type ReadLimits } from '../../src/workbook/xlsx-package/limits';
import { PartNameError } from '../../src/workbook/xlsx-package/part-names';
import { readZip, type ZipCodec } from '../../src/workbook/xlsx-package/zip';
import { columnLetters } from '../../src/sheets/grid';
import { handParts, oneSheet, readGrid, values, zipParts } from './reader-helpers';

const open = (bytes: Uint8Array, limits?: ReadLimits, codec: ZipCodec = nodeZipCodec()) => PackageWorkbook.open(bytes, codec, limits);
const hint = (kind: string, n: number): string => `〈${kind} ${n}〉`;
const limits = (over: Partial<ReadLimits> = {}): ReadLimits => ({ ...DEFAULT_READ_LIMITS, hint, ...over });

/** A codec that counts the bytes it inflates, to show how far a refused part was read. */
function countingCodec(): ZipCodec & { inflated: number } {
  const base = nodeZipCodec();
  const codec = {
    inflated: 0,
    inflateRaw: (d: Uint8Array, n?: number) => {
      const out = base.inflateRaw(d, n);
      codec.inflated += out.length;
      return out;
    },
    deflateRaw: base.deflateRaw,
    crc32: base.crc32,
    inflateRawChunks: (d: Uint8Array, onChunk: (c: Uint8Array) => void) => base.inflateRawChunks!(d, (c) => {
      codec.inflated += c.length;
      onChunk(c);
    }),
  };
  return codec;
}

const simple = '<row r="1"><c r="A1" t="inlineStr"><is><t>真</t></is></c></row>';

describe('part names (OPC)', () => {
  test('a shadow entry ../xl/worksheets/sheet1.xml is refused, naming it', async () => {
    const parts = handParts({ sheets: [{ name: '明细', data: simple }] });
    parts.push(['../xl/worksheets/sheet1.xml', parts.find(([n]) => n === 'xl/worksheets/sheet1.xml')![1].toString().replace('真', '假')]);
    const bytes = zipParts(parts);
    await expect(open(bytes)).rejects.toThrow(PartNameError);
    await expect(open(bytes)).rejects.toThrow(/名称无效的部件「\.\.\/xl\/worksheets\/sheet1\.xml」.*拒绝读取/);
  });

  test('two parts whose names differ only in case are refused', async () => {
    const parts = handParts({ sheets: [{ name: '明细', data: simple }] });
    parts.push(['XL/Worksheets/Sheet1.xml', '<worksheet/>']);
    await expect(open(zipParts(parts))).rejects.toThrow(/两个名称相同（不区分大小写）的部件「xl\/worksheets\/sheet1\.xml」和「XL\/Worksheets\/Sheet1\.xml」/);
  });

  test('the same name twice, an absolute name, a backslash, a part that is also a folder: refused', async () => {
    for (const extra of [['xl/styles.xml', '<styleSheet/>'], ['/xl/x.xml', '<a/>'], ['xl\\worksheets\\sheet1.xml', '<a/>'], ['xl/workbook.xml/x', '<a/>'], ['xl/./a.xml', '<a/>']] as Array<[string, string]>) {
      const parts = handParts({ sheets: [{ name: '明细', data: simple }] });
      parts.push(extra);
      await expect(open(zipParts(parts))).rejects.toThrow(PartNameError);
    }
  });

  test('a relationship target climbing out of the package is refused; parts are found through relationships only', async () => {
    const escaping = handParts({ sheets: [{ name: '明细', data: simple }] }).map(([n, c]): [string, string | Uint8Array] =>
      n === 'xl/_rels/workbook.xml.rels' ? [n, c.toString().replace('Target="worksheets/sheet1.xml"', 'Target="../../worksheets/sheet1.xml"')] : [n, c]);
    await expect(open(zipParts(escaping))).rejects.toThrow(/指向工作簿包之外/);
    // the sheet lives where its relationship says, under any name; a stray xl/worksheets/sheet1.xml is not read
    const moved = handParts({ sheets: [{ name: '明细', data: simple }] }).map(([n, c]): [string, string | Uint8Array] =>
      n === 'xl/_rels/workbook.xml.rels' ? [n, c.toString().replace('Target="worksheets/sheet1.xml"', 'Target="/data/%E6%98%8E%E7%BB%86.xml"')] : n === 'xl/worksheets/sheet1.xml' ? ['data/明细.xml', c] : [n, c]);
    moved.push(['xl/worksheets/sheet1.xml', '<worksheet xmlns="x"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>假</t></is></c></row></sheetData></worksheet>']);
    expect(values(await readGrid(zipParts(moved)))).toEqual([['真']]);
  });

  test('folder entries (as zip tools write) are not parts', async () => {
    const parts = handParts({ sheets: [{ name: '明细', data: simple }] });
    parts.splice(1, 0, ['xl/', new Uint8Array(0)], ['xl/worksheets/', new Uint8Array(0)]);
    expect(values(await readGrid(zipParts(parts)))).toEqual([['真']]);
  });
});

describe('limits before inflating and before expanding', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-reader-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * A package whose sheet part is `gigabytes` GB of zeros, deflated as a stream straight to a file
   * (never held in memory: about 1 MB per GB compressed), declaring `declared` bytes (default: its
   * true size).
   */
  async function zipBomb(file: string, gigabytes: number, declared?: number): Promise<Uint8Array> {
    const head = zipParts(handParts({ sheets: [{ name: '明细', data: '' }] }).filter(([n]) => n !== 'xl/worksheets/sheet1.xml'));
    const entries = readZip(head);
    const out = createWriteStream(file);
    const write = async (b: Uint8Array): Promise<void> => {
      if (!out.write(b)) await once(out, 'drain');
    };
    // the regular parts, then the bomb: local header, deflate stream, central directory
    const cdStart = head.length - 22 - entries.reduce((s, e) => s + 46 + e.nameBytes.length, 0);
    await write(head.subarray(0, cdStart));
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const size = gigabytes * 1024 ** 3;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // sizes in a data descriptor after the data
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(name.length, 26);
    await write(local);
    await write(name);
    const deflate = zlib.createDeflateRaw({ level: 9 });
    let compressed = 0;
    let crc = 0;
    deflate.on('data', (c: Buffer) => {
      compressed += c.length;
      if (!out.write(c)) deflate.pause();
    });
    out.on('drain', () => deflate.resume());
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    const zcrc = (zlib as unknown as { crc32: (d: Uint8Array, v?: number) => number }).crc32;
    for (let done = 0; done < size; done += zeros.length) {
      crc = zcrc(zeros, crc);
      if (!deflate.write(zeros)) await once(deflate, 'drain');
    }
    deflate.end();
    await once(deflate, 'end');
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc >>> 0, 4);
    desc.writeUInt32LE(compressed, 8);
    desc.writeUInt32LE((declared ?? size) >>> 0, 12);
    await write(desc);
    const bombAt = cdStart;
    // central directory: the regular entries (offsets unchanged), then the bomb
    await write(head.subarray(cdStart, head.length - 22));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0808, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed, 20);
    central.writeUInt32LE((declared ?? size) >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(bombAt, 42);
    await write(central);
    await write(name);
    const cdEnd = cdStart + 30 + name.length + compressed + 16;
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(entries.length + 1, 8);
    eocd.writeUInt16LE(entries.length + 1, 10);
    eocd.writeUInt32LE(head.length - 22 - cdStart + 46 + name.length, 12);
    eocd.writeUInt32LE(cdEnd, 16);
    await write(eocd);
    out.end();
    await once(out, 'finish');
    return readFileSync(file);
  }

  test('a 2 MB zip holding a 2 GB sheet is refused from its central directory, before anything is inflated', async () => {
    const bytes = await zipBomb(path.join(dir, 'bomb.xlsx'), 2);
    expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
    const codec = countingCodec();
    await expect(open(bytes, limits(), codec)).rejects.toThrow(ReadLimitError);
    const err = await open(bytes, limits({ maxUncompressedBytes: 4 * 1024 ** 3 }), codec).catch((e) => e);
    expect(err.message).toMatch(/xl\/worksheets\/sheet1\.xml 解压后 2,048 MB，压缩比 1,0\d\d:1，超过上限 1,000:1.*压缩炸弹.*〈ratio 1[01]00〉/);
    expect(codec.inflated).toBe(0);
    // with the ratio allowed, the total size stops it
    const again = await open(bytes, limits({ maxRatio: 5000 }), codec).catch((e) => e);
    expect(again.message).toMatch(/解压后共 2,048 MB，超过上限 200 MB.*〈uncompressed 2100〉/);
    expect(codec.inflated).toBe(0);
  }, 120_000);

  test('a bomb lying about its size stops one chunk past what it declares (node and pako codecs)', async () => {
    const bytes = await zipBomb(path.join(dir, 'liar.xlsx'), 1, 4096);
    for (const base of [nodeZipCodec(), jsZipCodec()]) {
      let inflated = 0;
      const codec: ZipCodec = { ...base, inflateRawChunks: (d, onChunk) => base.inflateRawChunks!(d, (c) => { inflated += c.length; onChunk(c); }) };
      const book = await open(bytes, limits(), codec);
      await expect(book.readSheet('明细')).rejects.toThrow(/解压后超过其声明的大小 4,096 字节/);
      expect(inflated).toBeLessThan(2 * 1024 * 1024);
      // the fallback save checks every part the same way before ExcelJS would inflate them all
      await expect(book.save()).rejects.toThrow(NotAnXlsxError);
    }
  }, 120_000);

  test('<mergeCell ref="F1:XFD1048576"/> in a 2 KB file: nothing is expanded', async () => {
    const bytes = oneSheet('<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="F1" t="inlineStr"><is><t>合并</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>',
      { after: '<mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>' });
    expect(bytes.length).toBeLessThan(3000);
    const grid = await readGrid(bytes);
    // the merge is applied inside the used range A1:F2 only (ExcelJS made 17 billion cells of it)
    expect(grid.cells.map((r) => r.length)).toEqual([6, 6]);
    expect(values(grid)).toEqual([['标题', null, null, null, null, '合并'], [1, null, null, null, null, '合并']]);
  });

  test('merges covering more of the used range than the cell limit are refused before any is applied', async () => {
    const rows = Array.from({ length: 20 }, (_v, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>1</v></c><c r="T${r + 1}"><v>2</v></c></row>`).join('');
    const merges = Array.from({ length: 10 }, () => '<mergeCell ref="A1:T20"/>').join('');
    const bytes = oneSheet(rows, { after: `<mergeCells>${merges}</mergeCells>` });
    await expect(readGrid(bytes, undefined, limits({ maxCells: 1000 }))).rejects.toThrow(/合并单元格覆盖的数据区域超过上限 1,000 个单元格。〈cells 4000〉/);
    expect(values(await readGrid(bytes, undefined, limits({ maxCells: 4000 })))[0]).toEqual([1]);
  });

  test('1,000,000 styled empty cells: read through, nothing kept', async () => {
    const letters = Array.from({ length: 1000 }, (_v, c) => columnLetters(c));
    const data = Array.from({ length: 1000 }, (_v, r) => `<row r="${r + 1}">${letters.map((l) => `<c r="${l}${r + 1}" s="1"/>`).join('')}</row>`).join('') + '<row r="1001"><c r="A1001"><v>1</v></c></row>';
    const bytes = oneSheet(data);
    const grid = await readGrid(bytes);
    expect(grid.cells.length).toBe(1001);
    expect(grid.cells.slice(0, 1000).every((r) => r.length === 0)).toBe(true);
    expect(grid.cells[1000]).toEqual([1]);
  });

  test('cells over the limit: the read stops at the first one, with the limit and the way to raise it', async () => {
    const data = Array.from({ length: 100 }, (_v, r) => `<row r="${r + 1}"><c r="A${r + 1}"><v>${r}</v></c><c r="B${r + 1}"><v>${r}</v></c></row>`).join('');
    await expect(readGrid(oneSheet(data), undefined, limits({ maxCells: 150 }))).rejects.toThrow(/工作表「明细」的单元格超过上限 150 个（读到第 76 行时超出.*〈cells 600〉/);
    expect((await readGrid(oneSheet(data), undefined, limits({ maxCells: 200 }))).cells.length).toBe(100);
    // a sparse row far to the right costs its width
    await expect(readGrid(oneSheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'), undefined, limits({ maxCells: 10_000 }))).rejects.toThrow(ReadLimitError);
    // shared strings count too
    await expect(readGrid(oneSheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { strings: ['a', 'b', 'c'], cellXfs: [0] }), undefined, limits({ maxCells: 2 }))).rejects.toThrow(/共享字符串表的条目超过上限 2 个/);
  });

  test('the total uncompressed size is checked on what the central directory declares', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const bytes = oneSheet(simple, { extra: [['xl/media/blob.bin', big]] });
    await expect(open(bytes, limits({ maxUncompressedBytes: 2 * 1024 * 1024, maxRatio: 1e6 }))).rejects.toThrow(/解压后共 3 MB，超过上限 2 MB/);
    expect(values(await readGrid(bytes, undefined, limits({ maxRatio: 1e6 })))).toEqual([['真']]);
  });

  test('no DOCTYPE (entity expansion), no malformed XML, no cell beyond XFD1048576', async () => {
    await expect(readGrid(zipParts(handParts({ sheets: [{ name: 'S', data: '' }] }).map(([n, c]): [string, string | Uint8Array] =>
      n === 'xl/worksheets/sheet1.xml' ? [n, '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>'] : [n, c]))))
      .rejects.toThrow(/DOCTYPE/);
    await expect(readGrid(oneSheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="s"'))).rejects.toThrow(/不是有效的 XML/);
    await expect(readGrid(oneSheet('<row r="1048577"><c><v>1</v></c></row>'))).rejects.toThrow(/超出 Excel 工作表的范围/);
    await expect(readGrid(oneSheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'))).rejects.toThrow(/单元格地址「XFE1」无效/);
  });

  test('not an .xlsx: an .ods, a zip without a workbook, a broken zip', async () => {
    const ods = zipParts([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<a/>']]);
    // mimetype must be stored uncompressed, as ODF requires
    const entries = readZip(ods).map((e) => (e.name === 'mimetype' ? { ...e, method: 0, raw: new TextEncoder().encode('application/vnd.oasis.opendocument.spreadsheet'), compressedSize: 46 } : e));
    const { writeZip } = await import('../../src/workbook/xlsx-package/zip');
    await expect(open(writeZip(entries))).rejects.toThrow('不是 .xlsx 文件（这是 OpenDocument 表格，请另存为 .xlsx）。');
    await expect(open(zipParts([['a.txt', 'x']]))).rejects.toThrow(/没有任何工作表/);
    await expect(open(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]))).rejects.toThrow(NotAnXlsxError);
    await expect(open(new Uint8Array(0))).rejects.toThrow('空');
  });

  test('Strict Open XML relationships are followed too', async () => {
    const strict = handParts({ sheets: [{ name: '明细', data: simple }] }).map(([n, c]): [string, string | Uint8Array] =>
      [n, typeof c === 'string' ? c.replace(/http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships/g, 'http://purl.oclc.org/ooxml/officeDocument/relationships') : c]);
    expect(values(await readGrid(zipParts(strict)))).toEqual([['真']]);
  });
});
