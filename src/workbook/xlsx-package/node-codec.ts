/**
 * The zip codec for Node (CLI): zlib's raw deflate/inflate and CRC-32. Deflate level 1
 * (fastest) unless told otherwise: on a 14.7 MB result sheet level 1 takes ~65 ms for 2.75 MB,
 * level 6 ~170 ms for 2.35 MB — the ExcelJS save used level 1 too.
 */
import * as zlib from 'zlib';
import type { ZipCodec } from './zip';

let table: Uint32Array | null = null;

/** CRC-32 (IEEE) in JS, for Node versions without zlib.crc32 (before 20.15). */
export function crc32Js(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const nativeCrc32 = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;

export function nodeZipCodec(level = 1): ZipCodec {
  return {
    inflateRaw: (data) => zlib.inflateRawSync(data),
    deflateRaw: (data) => zlib.deflateRawSync(data, { level }),
    crc32: (data) => (nativeCrc32 ? nativeCrc32(data) : crc32Js(data)) >>> 0,
  };
}
