/**
 * A minimal zip reader/writer for .xlsx packages: entries are read from the central directory
 * and copied into the new zip as their original compressed bytes (no inflate, no deflate), so a
 * part the writer does not change is byte-for-byte what it was. Only the parts that change are
 * inflated, edited and deflated again.
 *
 * Pure: the (de)compressor and CRC-32 come in as a ZipCodec (node zlib in the CLI; a browser
 * could pass CompressionStream- or pako-based functions). What the reader does not support —
 * ZIP64, encryption, compression methods other than stored/deflate, split archives — is an
 * UnsupportedPackageError, and the caller falls back to a full ExcelJS save.
 */

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE), table driven, in plain JavaScript: the one implementation both codecs use. */
export function crc32(data: Uint8Array, previous = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  // `previous`: the CRC of the bytes before `data` (0 for none), so parts can be summed in turn.
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipCodec {
  /**
   * Inflate a whole entry. `expectedSize` (the size the central directory declares) lets a codec
   * stop early: an entry that inflates to more than it declares (a zip bomb lying about its size)
   * must never be inflated in full.
   */
  inflateRaw(data: Uint8Array, expectedSize?: number): Uint8Array;
  deflateRaw(data: Uint8Array): Uint8Array;
  crc32(data: Uint8Array): number;
  /**
   * Inflate an entry as a stream of chunks handed to `onChunk` as they come, so a large sheet is
   * never held whole (the workbook reader, read-grid.ts). A throw from `onChunk` stops inflating
   * and rejects. Optional: without it the reader inflates the entry in one piece.
   */
  inflateRawChunks?(data: Uint8Array, onChunk: (chunk: Uint8Array) => void): Promise<void>;
  /**
   * Deflate the concatenation of `parts` without ever concatenating them (a 200 MB result sheet is
   * written as 1 MB parts; issue 10, less memory): each part is compressed on its own and ended
   * with a sync flush (byte-aligned blocks, BFINAL 0), the last with finish, which together make
   * one valid raw deflate stream. Optional: without it the parts are joined and deflated whole.
   */
  deflateRawParts?(parts: readonly Uint8Array[]): Uint8Array;
  /**
   * Part `i` of deflateRawParts on its own (ended with a sync flush, or with finish when `last`),
   * done off the main thread (node: one worker thread, node-codec.ts), so that compressing one part of
   * a large sheet overlaps with writing the XML of the next. The same per-part streams as
   * deflateRawParts, so the same bytes. `handOver`: the caller gives the part up (it never reads
   * it again, and no other view shares its buffer), so the codec may move its buffer to another
   * thread instead of copying it. Optional: without it the sync path is used.
   */
  deflateRawPartAsync?(part: Uint8Array, last: boolean, handOver: boolean): Promise<Uint8Array>;
  /**
   * A large deflateRawPartAsync job is coming (a copy of a large workbook is being prepared): start
   * what it needs now (node: the worker thread, ~45 ms of start-up on the other core while the
   * calculation runs on this one). Optional; never needed for correctness.
   */
  prepareDeflate?(): void;
  /** CRC-32 of `data` continuing from `previous` (the CRC of the bytes before it). Optional. */
  crc32Continue?(data: Uint8Array, previous: number): number;
}

/** The package is valid but outside what the package writer handles (the caller falls back). */
export class UnsupportedPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPackageError';
  }
}

/** One entry as found in the central directory, with its compressed bytes (a view, not a copy). */
export interface ZipEntry {
  name: string;
  nameBytes: Uint8Array;
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  internalAttrs: number;
  externalAttrs: number;
  /** The compressed data exactly as stored (empty when it is held as rawParts). */
  raw: Uint8Array;
  /**
   * The compressed data in pieces, for an entry deflated part by part (makeEntryOfPartsAsync):
   * writeZip copies them straight into the zip, so a 50 MB compressed sheet is not joined first.
   */
  rawParts?: readonly Uint8Array[];
}

/** An entry's compressed data as one array. */
const rawOf = (entry: ZipEntry): Uint8Array => (entry.rawParts ? joinParts(entry.rawParts) : entry.raw);

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Read the entries of a zip (central directory order). */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength;
  if (n < 22) throw new UnsupportedPackageError('zip too short');
  let end = -1;
  for (let i = n - 22; i >= Math.max(0, n - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === SIG_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new UnsupportedPackageError('no end of central directory');
  if (end >= 20 && view.getUint32(end - 20, true) === SIG_ZIP64_LOCATOR) throw new UnsupportedPackageError('ZIP64');
  const disk = view.getUint16(end + 4, true);
  const cdDisk = view.getUint16(end + 6, true);
  const count = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdOffset = view.getUint32(end + 16, true);
  if (disk !== 0 || cdDisk !== 0) throw new UnsupportedPackageError('split archive');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new UnsupportedPackageError('ZIP64');
  if (cdOffset + cdSize > end) throw new UnsupportedPackageError('bad central directory');

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > n || view.getUint32(p, true) !== SIG_CENTRAL) throw new UnsupportedPackageError('bad central directory entry');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    if (flags & 0x1) throw new UnsupportedPackageError('encrypted entry');
    if (method !== 0 && method !== 8) throw new UnsupportedPackageError(`compression method ${method}`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new UnsupportedPackageError('ZIP64');
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    if (local + 30 > n || view.getUint32(local, true) !== SIG_LOCAL) throw new UnsupportedPackageError('bad local header');
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (dataStart + compressedSize > n) throw new UnsupportedPackageError('entry beyond end of file');
    entries.push({
      name: utf8.decode(nameBytes),
      nameBytes,
      versionMadeBy: view.getUint16(p + 4, true),
      versionNeeded: view.getUint16(p + 6, true),
      flags,
      method,
      time: view.getUint16(p + 12, true),
      date: view.getUint16(p + 14, true),
      crc: view.getUint32(p + 16, true),
      compressedSize,
      size,
      internalAttrs: view.getUint16(p + 36, true),
      externalAttrs: view.getUint32(p + 38, true),
      raw: bytes.subarray(dataStart, dataStart + compressedSize),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The uncompressed content of an entry. */
export function entryData(entry: ZipEntry, codec: ZipCodec): Uint8Array {
  const data = entry.method === 0 ? rawOf(entry) : codec.inflateRaw(rawOf(entry), entry.size);
  if (data.byteLength !== entry.size) throw new UnsupportedPackageError(`size mismatch in ${entry.name}`);
  return data;
}

/** DOS date and time of a JS date (local time, as zip tools do). */
function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}

/** A new deflated entry (or a replacement for an existing one, keeping its dates and attributes). */
export function makeEntry(name: string, data: Uint8Array, codec: ZipCodec, like?: ZipEntry, now: Date = new Date()): ZipEntry {
  return deflatedEntry(name, codec.deflateRaw(data), codec.crc32(data), data.byteLength, like, now);
}

/** The entry fields around deflated bytes `raw` of `size` bytes with CRC-32 `crc`. */
function deflatedEntry(name: string, raw: Uint8Array, crc: number, size: number, like: ZipEntry | undefined, now: Date): ZipEntry {
  const stamp = like ? { date: like.date, time: like.time } : dosDateTime(now);
  return {
    name,
    nameBytes: like?.name === name ? like.nameBytes : utf8Encoder.encode(name),
    versionMadeBy: like?.versionMadeBy ?? 20,
    versionNeeded: 20,
    // bit 11: names are UTF-8; bit 3 (data descriptor) never: sizes are in the headers.
    flags: (like?.flags ?? 0) & 0x0800,
    method: 8,
    ...stamp,
    crc: crc >>> 0,
    compressedSize: raw.byteLength,
    size,
    internalAttrs: like?.internalAttrs ?? 0,
    externalAttrs: like?.externalAttrs ?? 0,
    raw,
  };
}

/** Parts joined into one array (the fallback of makeEntryOfParts). */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * makeEntry for data given as parts (a large worksheet's XML): deflated and check-summed part by
 * part when the codec can, so the whole XML is never one more copy in memory.
 */
export function makeEntryOfParts(name: string, parts: readonly Uint8Array[], codec: ZipCodec, like?: ZipEntry, now: Date = new Date()): ZipEntry {
  if (!codec.deflateRawParts || !codec.crc32Continue || parts.length <= 1) return makeEntry(name, joinParts(parts), codec, like, now);
  let crc = 0;
  let size = 0;
  for (const p of parts) {
    crc = codec.crc32Continue(p, crc);
    size += p.byteLength;
  }
  return deflatedEntry(name, codec.deflateRawParts(parts), crc, size, like, now);
}

/** How many parts may wait for or be in compression at once (about 1 MB of XML each). */
const PARTS_IN_FLIGHT = 4;

/**
 * makeEntryOfParts for parts that come one by one (a worksheet as it is written,
 * sheet-xml.ts worksheetXmlPartStream), deflated asynchronously while the next parts are made:
 * the same bytes as makeEntryOfParts on the same parts (each part its own deflate stream, sync
 * flushed, the last finished), and each part let go once it is compressed, so the XML of a
 * 200 MB sheet is never held whole. `handOver`: each part owns its buffer and is not read again
 * by the caller (ZipCodec.deflateRawPartAsync). Without codec.deflateRawPartAsync: makeEntryOfParts.
 */
export async function makeEntryOfPartsAsync(name: string, parts: Iterable<Uint8Array>, codec: ZipCodec, like?: ZipEntry, now: Date = new Date(), handOver = false): Promise<ZipEntry> {
  const deflatePart = codec.deflateRawPartAsync;
  if (!deflatePart || !codec.crc32Continue) return makeEntryOfParts(name, [...parts], codec, like, now);
  const it = parts[Symbol.iterator]();
  const head = it.next();
  if (head.done) return makeEntry(name, new Uint8Array(0), codec, like, now);
  let following = it.next();
  // One part (a small sheet): deflated here and now, as makeEntryOfParts does; no thread to wake.
  if (following.done) return makeEntry(name, head.value, codec, like, now);
  let part = head.value;
  let crc = 0;
  let size = 0;
  const pending: Array<Promise<Uint8Array>> = [];
  const done: Uint8Array[] = [];
  for (;;) {
    // The part after this one is fetched first: it tells whether this is the last (finished, not sync-flushed).
    const last = following.done === true;
    crc = codec.crc32Continue(part, crc);
    size += part.byteLength;
    const deflated = deflatePart.call(codec, part, last, handOver);
    // Marked handled: if writing the next part throws first, a failing deflate is no unhandled rejection.
    deflated.catch(() => undefined);
    pending.push(deflated);
    if (pending.length >= PARTS_IN_FLIGHT) done.push(await pending.shift()!);
    if (following.done) break;
    part = following.value;
    following = it.next();
  }
  for (const p of pending) done.push(await p);
  return { ...deflatedEntry(name, new Uint8Array(0), crc, size, like, now), compressedSize: done.reduce((n, d) => n + d.byteLength, 0), rawParts: done };
}

/** Assemble a zip from entries in the given order (raw data copied as is): zipPieces joined. */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  return joinParts(zipPieces(entries));
}

/**
 * The zip of `entries` (in the given order) as consecutive pieces: each entry's local header, its
 * compressed data as it is held (`raw`, or each of `rawParts`, not copied), and at the end the
 * central directory. The file is their concatenation (writeZip). A caller that writes the file
 * (cli/io.ts writeOutputFile) writes the pieces one after another: at 100,000 HQs the joined zip
 * would be one more 41 MB buffer, whose allocation starts a full incremental mark of a 450 MB
 * heap just before the write (~0.5 s of marking steps on the main thread).
 */
export function zipPieces(entries: readonly ZipEntry[]): Uint8Array[] {
  let total = 22;
  for (const e of entries) total += 30 + e.nameBytes.byteLength + (e.rawParts ? e.compressedSize : e.raw.byteLength) + 46 + e.nameBytes.byteLength;
  if (total > 0xfffffffe || entries.length >= 0xffff) throw new UnsupportedPackageError('would need ZIP64');
  const pieces: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const e of entries) {
    offsets.push(at);
    const header = new Uint8Array(30 + e.nameBytes.byteLength);
    const h = new DataView(header.buffer);
    h.setUint32(0, SIG_LOCAL, true);
    h.setUint16(4, e.versionNeeded, true);
    h.setUint16(6, e.flags & ~0x0008, true);
    h.setUint16(8, e.method, true);
    h.setUint16(10, e.time, true);
    h.setUint16(12, e.date, true);
    h.setUint32(14, e.crc >>> 0, true);
    h.setUint32(18, e.compressedSize, true);
    h.setUint32(22, e.size, true);
    h.setUint16(26, e.nameBytes.byteLength, true);
    h.setUint16(28, 0, true);
    header.set(e.nameBytes, 30);
    pieces.push(header);
    at += header.byteLength;
    for (const piece of e.rawParts ?? [e.raw]) {
      pieces.push(piece);
      at += piece.byteLength;
    }
  }
  const cdStart = at;
  let cdSize = 22;
  for (const e of entries) cdSize += 46 + e.nameBytes.byteLength;
  const directory = new Uint8Array(cdSize);
  const view = new DataView(directory.buffer);
  let p = 0;
  entries.forEach((e, i) => {
    view.setUint32(p, SIG_CENTRAL, true);
    view.setUint16(p + 4, e.versionMadeBy, true);
    view.setUint16(p + 6, e.versionNeeded, true);
    view.setUint16(p + 8, e.flags & ~0x0008, true);
    view.setUint16(p + 10, e.method, true);
    view.setUint16(p + 12, e.time, true);
    view.setUint16(p + 14, e.date, true);
    view.setUint32(p + 16, e.crc >>> 0, true);
    view.setUint32(p + 20, e.compressedSize, true);
    view.setUint32(p + 24, e.size, true);
    view.setUint16(p + 28, e.nameBytes.byteLength, true);
    view.setUint16(p + 30, 0, true);
    view.setUint16(p + 32, 0, true);
    view.setUint16(p + 34, 0, true);
    view.setUint16(p + 36, e.internalAttrs, true);
    view.setUint32(p + 38, e.externalAttrs >>> 0, true);
    view.setUint32(p + 42, offsets[i], true);
    directory.set(e.nameBytes, p + 46);
    p += 46 + e.nameBytes.byteLength;
  });
  view.setUint32(p, SIG_END, true);
  view.setUint16(p + 4, 0, true);
  view.setUint16(p + 6, 0, true);
  view.setUint16(p + 8, entries.length, true);
  view.setUint16(p + 10, entries.length, true);
  view.setUint32(p + 12, p, true);
  view.setUint32(p + 16, cdStart, true);
  view.setUint16(p + 20, 0, true);
  pieces.push(directory);
  return pieces;
}
