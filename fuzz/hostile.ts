/**
 * The hostile corpus, built by code (never committed as binaries): files that are not workbooks,
 * broken or lying packages, and small files that would cost gigabytes if read naively. Each is a
 * mutation of a small valid workbook made here, so the corpus stays reproducible.
 */
import * as zlib from 'zlib';
import { Workbook } from 'exceljs';
import { crc32, readZip, entryData, makeEntry, writeZip, type ZipEntry } from '../src/workbook/xlsx-package/zip';
import { nodeZipCodec } from '../src/workbook/xlsx-package/node-codec';
import { validCreditCode, type Kind } from './generate';

export interface HostileCase {
  name: string;
  kind: Kind;
  /** The bytes of the input file, or a special input: a FIFO or /dev/zero. */
  bytes?: Uint8Array;
  special?: 'fifo' | 'dev-zero';
  /** What the run may end with (every case: never 3, never a stack trace, bounded time). */
  exits: number[];
}

const codec = nodeZipCodec();
const enc = new TextEncoder();
const dec = new TextDecoder();

async function baseWorkbook(): Promise<Uint8Array> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('总部企业');
  ws.addRow(['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率', '上市交易所', '上市日期']);
  ws.addRow([validCreditCode(1), '甲', 10, 1, 100, '90%', '上交所', new Date(Date.UTC(2023, 11, 18))]);
  ws.addRow([validCreditCode(2), '乙', 20, 2, 200, '80%', '', '']);
  ws.addRow([validCreditCode(3), '丙', 30, 3, 300, '70%', '', '']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function entries(bytes: Uint8Array): ZipEntry[] {
  return readZip(bytes);
}

function editPart(bytes: Uint8Array, part: string, edit: (xml: string) => string): Uint8Array {
  const list = entries(bytes).map((e) => (e.name === part ? makeEntry(e.name, enc.encode(edit(dec.decode(entryData(e, codec)))), codec, e) : e));
  return writeZip(list);
}

function addEntry(bytes: Uint8Array, name: string, data: Uint8Array): Uint8Array {
  return writeZip([...entries(bytes), makeEntry(name, data, codec)]);
}

const SHEET = 'xl/worksheets/sheet1.xml';

/** A deflated entry of `size` zero bytes, streamed (the corpus never holds the inflated data). */
async function zeroEntry(name: string, size: number): Promise<ZipEntry> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => deflate.on('end', () => resolve()));
  const block = Buffer.alloc(1 << 20);
  // zlib.crc32 (Node ≥ 20.15) continues a CRC over the blocks; the project's crc32 takes one buffer.
  const crcOf = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  let crc = 0;
  for (let written = 0; written < size; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, size - written));
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
    crc = crcOf ? crcOf(piece, crc) : 0;
  }
  deflate.end();
  await done;
  const raw = new Uint8Array(Buffer.concat(chunks));
  const like = makeEntry(name, new Uint8Array(0), codec);
  return { ...like, method: 8, crc: crcOf ? crc >>> 0 : crc32(new Uint8Array(0)), compressedSize: raw.length, size, raw };
}

/** The corpus. `bombBytes` sets the inflated size of the zip bomb (2 GB in the long run). */
export async function hostileCorpus(options: { bombBytes: number; styledCells: number }): Promise<HostileCase[]> {
  const base = await baseWorkbook();
  const cases: HostileCase[] = [];
  const add = (name: string, bytes: Uint8Array | undefined, exits: number[], special?: HostileCase['special']) => cases.push({ name, kind: 'hq-rating', bytes, special, exits });

  add('empty file', new Uint8Array(0), [2]);
  add('random bytes', Uint8Array.from({ length: 4096 }, (_v, i) => (i * 2654435761) & 0xff), [2]);
  add('CSV text named .xlsx', enc.encode('统一社会信用代码,企业名称\n1,2\n'), [2]);
  add('old .xls header', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), [2]);
  add('truncated workbook', base.subarray(0, Math.floor(base.length / 2)), [2]);
  add('OpenDocument spreadsheet', writeZip([makeEntry('mimetype', enc.encode('application/vnd.oasis.opendocument.spreadsheet'), codec), makeEntry('content.xml', enc.encode('<office:document-content/>'), codec)]), [2]);
  add('zip without a workbook', writeZip([makeEntry('hello.txt', enc.encode('hi'), codec)]), [2]);
  add('shadow part ../xl/worksheets/sheet1.xml', addEntry(base, '../xl/worksheets/sheet1.xml', entryData(entries(base).find((e) => e.name === SHEET)!, codec)), [2]);
  add('duplicate part names differing in case', addEntry(base, 'xl/worksheets/Sheet1.xml', entryData(entries(base).find((e) => e.name === SHEET)!, codec)), [2]);
  add('shared-string index out of range', editPart(base, SHEET, (x) => x.replace(/(<c r="B2"[^>]*t="s"[^>]*>)<v>\d+<\/v>/, '$1<v>99999</v>')), [1, 2]);
  add('number 1e400 in an amount cell', editPart(base, SHEET, (x) => x.replace(/(<c r="C2"[^>]*>)<v>[^<]*<\/v>/, '$1<v>1e400</v>')), [1, 2]);
  add('t="d" ISO date cell', editPart(base, SHEET, (x) => x.replace(/<c r="H2"[^>]*>.*?<\/c>/, '<c r="H2" t="d"><v>2023-12-18T00:00:00</v></c>')), [0, 1]);
  add('t="d" date in an amount column', editPart(base, SHEET, (x) => x.replace(/<c r="C3"[^>]*>.*?<\/c>/, '<c r="C3" t="d"><v>2023-12-18T00:00:00</v></c>')), [1]);
  add('merged cell F1:XFD1048576', editPart(base, SHEET, (x) => x.replace(/<\/sheetData>/, '</sheetData><mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>')), [0, 1, 2]);
  add('dimension A1:XFD1048576', editPart(base, SHEET, (x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')), [0, 1, 2]);
  {
    const cells: string[] = [];
    const perRow = 100;
    for (let r = 5; r < 5 + Math.ceil(options.styledCells / perRow); r++) {
      let row = `<row r="${r}">`;
      for (let c = 0; c < perRow; c++) row += `<c r="${colName(c)}${r}" s="1"/>`;
      cells.push(row + '</row>');
    }
    add(`${options.styledCells} styled empty cells`, editPart(base, SHEET, (x) => x.replace(/<\/sheetData>/, `${cells.join('')}</sheetData>`)), [0, 1, 2]);
  }
  {
    const list = entries(base).filter((e) => e.name !== SHEET);
    add(`zip bomb: a ${Math.round(options.bombBytes / 2 ** 20)} MiB sheet`, writeZip([...list, await zeroEntry(SHEET, options.bombBytes)]), [1, 2]);
  }
  add('FIFO as input', undefined, [2], 'fifo');
  add('/dev/zero as input', undefined, [2], 'dev-zero');
  return cases;
}

function colName(c: number): string {
  let n = c + 1;
  let s = '';
  while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); }
  return s;
}
