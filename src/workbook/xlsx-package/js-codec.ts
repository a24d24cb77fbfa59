/**
 * A zip codec in plain JavaScript (pako's raw deflate/inflate and a table CRC-32), for code that
 * must run in Node and in the browser alike — e.g. signing (xlsx-sign.ts), which works on bytes
 * only. pako is the deflate library ExcelJS itself depends on (exceljs → jszip → pako; now also
 * a direct dependency); in the browser it adds ~15 KB gzip to the lazy ExcelJS chunk, nothing to
 * the pane's first load. The CLI's --out keeps using node-codec.ts (zlib, faster).
 */
import { crc32, type ZipCodec } from './zip';

interface PakoApi {
  deflateRaw(data: Uint8Array, options?: { level?: number }): Uint8Array;
  inflateRaw(data: Uint8Array): Uint8Array;
}

// pako 1.x ships no typings; a plain require keeps webpack and ts-jest happy alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const pako = require('pako') as PakoApi;

export { crc32 };

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
