/**
 * The zip codec for Node (CLI): zlib's raw deflate/inflate and CRC-32. Deflate level 1
 * (fastest) unless told otherwise: on a 14.7 MB result sheet level 1 takes ~65 ms for 2.75 MB,
 * level 6 ~170 ms for 2.35 MB — the ExcelJS save used level 1 too.
 */
import * as zlib from 'zlib';
import { crc32, type ZipCodec } from './zip';

/** CRC-32 in JS, for Node versions without zlib.crc32 (before 20.15). */
export const crc32Js = crc32;

const nativeCrc32 = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;

export function nodeZipCodec(level = 1): ZipCodec {
  return {
    inflateRaw: (data) => zlib.inflateRawSync(data),
    deflateRaw: (data) => zlib.deflateRawSync(data, { level }),
    crc32: (data) => (nativeCrc32 ? nativeCrc32(data) : crc32Js(data)) >>> 0,
  };
}
