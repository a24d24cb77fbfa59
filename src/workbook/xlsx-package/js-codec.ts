/**
 * A zip codec in plain JavaScript (pako's raw deflate/inflate and a table CRC-32), for code that
 * must run in Node and in the browser alike — e.g. signing (xlsx-sign.ts), which works on bytes
 * only. pako is the deflate library ExcelJS itself depends on (exceljs → jszip → pako; now also
 * a direct dependency); in the browser it adds ~15 KB gzip to the lazy ExcelJS chunk, nothing to
 * the pane's first load. The CLI's --out keeps using node-codec.ts (zlib, faster).
 */
import type { ZipCodec } from './zip';

interface PakoApi {
  deflateRaw(data: Uint8Array, options?: { level?: number }): Uint8Array;
  inflateRaw(data: Uint8Array): Uint8Array;
}

// pako 1.x ships no typings; a plain require keeps webpack and ts-jest happy alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const pako = require('pako') as PakoApi;

let table: Uint32Array | null = null;

/** CRC-32 (IEEE), table driven. */
export function crc32(data: Uint8Array): number {
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

/** The codec: errors of a corrupt stream surface as Error (pako 1.x throws its message string). */
export function jsZipCodec(level = 6): ZipCodec {
  return {
    inflateRaw: (data) => {
      try {
        return pako.inflateRaw(data);
      } catch (e) {
        throw e instanceof Error ? e : new Error(`inflate: ${String(e)}`);
      }
    },
    deflateRaw: (data) => pako.deflateRaw(data, { level }),
    crc32,
  };
}
