/**
 * An INDEPENDENT xlsx editor for the tamper tests: a minimal ZIP reader/writer on Node's zlib
 * (neither ExcelJS nor our src/ code touches the file), editing one sheet's XML as text.
 */
import { deflateRawSync, inflateRawSync } from 'zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const lNameLen = zip.readUInt16LE(local + 26);
    const lExtraLen = zip.readUInt16LE(local + 28);
    const data = zip.subarray(local + 30 + lNameLen + lExtraLen, local + 30 + lNameLen + lExtraLen + csize);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export function writeZip(files: Map<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const comp = deflateRawSync(data);
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6); // UTF-8 names
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(nameBuf.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nameBuf.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, comp);
    centrals.push(ch, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Set <c r="CELL"> of xl/worksheets/sheetN.xml to an inline number, keeping its style. */
export function setNumberCell(xlsx: Buffer, sheetIndex: number, cell: string, value: number): Buffer {
  const files = readZip(xlsx);
  const name = `xl/worksheets/sheet${sheetIndex}.xml`;
  const xml = files.get(name)?.toString('utf8');
  if (!xml) throw new Error(`${name} missing`);
  const re = new RegExp(`<c r="${cell}"([^>]*?)(/>|>[\\s\\S]*?</c>)`);
  const m = re.exec(xml);
  if (!m) throw new Error(`cell ${cell} not found`);
  const attrs = m[1].replace(/\s+t="[^"]*"/, '');
  files.set(name, Buffer.from(xml.slice(0, m.index) + `<c r="${cell}"${attrs}><v>${value}</v></c>` + xml.slice(m.index + m[0].length), 'utf8'));
  return writeZip(files);
}

/** The part name of the sheet called `name` (xl/workbook.xml → its relationship → the target). */
export function sheetPartName(files: Map<string, Buffer>, name: string): string {
  const wb = files.get('xl/workbook.xml')!.toString('utf8');
  const tag = [...wb.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(` name="${name}"`));
  if (!tag) throw new Error(`sheet ${name} missing`);
  const rid = / r:id="([^"]+)"/.exec(tag)![1];
  const rels = files.get('xl/_rels/workbook.xml.rels')!.toString('utf8');
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`Id="${rid}"`))!;
  const target = / Target="([^"]+)"/.exec(rel)![1];
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function columnIndex(cell: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(cell)![0]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Put a cell (its XML from `<c r="CELL"` on) into the sheet called `sheet`: replacing the cell if
 * it exists, else inserted into its row in column order, else in a new row in row order.
 */
function putCellXml(xlsx: Buffer, sheet: string, cell: string, body: (attrs: string) => string): Buffer {
  const files = readZip(xlsx);
  const part = sheetPartName(files, sheet);
  let xml = files.get(part)!.toString('utf8');
  const row = Number(/\d+$/.exec(cell)![0]);
  const existing = new RegExp(`<c r="${cell}"([^>]*?)(/>|>[\\s\\S]*?</c>)`).exec(xml);
  if (existing) {
    const attrs = existing[1].replace(/\s+t="[^"]*"/, '');
    xml = xml.slice(0, existing.index) + body(attrs) + xml.slice(existing.index + existing[0].length);
  } else {
    const rowRe = new RegExp(`<row r="${row}"[^>]*?(/>|>([\\s\\S]*?)</row>)`);
    const m = rowRe.exec(xml);
    if (m) {
      const inner = m[2] ?? '';
      const cells = [...inner.matchAll(/<c r="([A-Z]+)\d+"[\s\S]*?(?:\/>|<\/c>)/g)];
      const after = cells.find((c) => columnIndex(c[1]) > columnIndex(cell));
      const open = m[0].endsWith('/>') ? m[0].slice(0, -2) + '>' : m[0].slice(0, m[0].length - inner.length - '</row>'.length);
      const newInner = after ? inner.slice(0, after.index) + body('') + inner.slice(after.index!) : inner + body('');
      xml = xml.slice(0, m.index) + open + newInner + '</row>' + xml.slice(m.index + m[0].length);
    } else {
      const rows = [...xml.matchAll(/<row r="(\d+)"/g)];
      const next = rows.find((r) => Number(r[1]) > row);
      const at = next ? next.index! : xml.indexOf('</sheetData>');
      xml = xml.slice(0, at) + `<row r="${row}">${body('')}</row>` + xml.slice(at);
    }
    // Keep <dimension> honest, as a spreadsheet application would (ExcelJS ignores it anyway).
    xml = xml.replace(/<dimension ref="[^"]*"\/>/, '');
  }
  files.set(part, Buffer.from(xml, 'utf8'));
  return writeZip(files);
}

/** Set (or add) a number cell in the sheet called `sheet`. */
export function putNumberCell(xlsx: Buffer, sheet: string, cell: string, value: number): Buffer {
  return putCellXml(xlsx, sheet, cell, (attrs) => `<c r="${cell}"${attrs}><v>${value}</v></c>`);
}

/** Set (or add) an inline-string cell in the sheet called `sheet`. */
export function putTextCell(xlsx: Buffer, sheet: string, cell: string, text: string): Buffer {
  return putCellXml(xlsx, sheet, cell, (attrs) => `<c r="${cell}"${attrs} t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`);
}

/** Add a formula cell WITHOUT a cached value (Excel computes it on opening). */
export function putFormulaCell(xlsx: Buffer, sheet: string, cell: string, formula: string): Buffer {
  return putCellXml(xlsx, sheet, cell, (attrs) => `<c r="${cell}"${attrs}><f>${escapeXml(formula)}</f></c>`);
}
