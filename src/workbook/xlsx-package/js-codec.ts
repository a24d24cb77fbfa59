/**
 * A zip codec in plain JavaScript (pako's raw deflate/inflate and a table CRC-32), for code that
 * must run in Node and in the browser alike — e.g. signing (xlsx-sign.ts), which works on bytes
 * only, and the web page's workbook reader. pako is the deflate library ExcelJS itself depends on
 * (exceljs → jszip → pako; now also a direct dependency); in the browser it adds ~15 KB gzip to a
 * lazy chunk, nothing to the pane's first load. The CLI's --out keeps using node-codec.ts (zlib,
 * faster).
 */
import { crc32, type ZipCodec } from './zip';

interface PakoInflate {
  onData(chunk: Uint8Array): void;
  onEnd(status: number): void;
  push(data: Uint8Array, mode: boolean | number): boolean;
  err: number;
  msg: string;
}

interface PakoApi {
  deflateRaw(data: Uint8Array, options?: { level?: number }): Uint8Array;
  inflateRaw(data: Uint8Array): Uint8Array;
  Inflate: new (options: { raw: boolean; chunkSize?: number }) => PakoInflate;
}

// pako 1.x ships no typings; a plain require keeps webpack and ts-jest happy alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
const pako = require('pako') as PakoApi;

export { crc32 };

/** Compressed input is pushed in slices so that a throw from a chunk handler stops early. */
const INPUT_SLICE = 64 * 1024;
const OUTPUT_CHUNK = 256 * 1024;

/**
 * Inflate in chunks: every output chunk goes to `onChunk`; a throw from it (or a corrupt stream)
 * stops inflating at once.
 */
function inflateChunked(data: Uint8Array, onChunk: (chunk: Uint8Array) => void): void {
  const inflate = new pako.Inflate({ raw: true, chunkSize: OUTPUT_CHUNK });
  let failure: unknown = null;
  inflate.onData = (chunk) => {
    if (failure !== null) return;
    try {
      onChunk(chunk);
    } catch (e) {
      failure = e;
    }
  };
  inflate.onEnd = () => undefined;
  for (let at = 0; at < data.length || at === 0; at += INPUT_SLICE) {
    const last = at + INPUT_SLICE >= data.length;
    inflate.push(data.subarray(at, at + INPUT_SLICE), last);
    if (failure !== null) throw failure;
    if (inflate.err) throw new Error(`inflate: ${inflate.msg || inflate.err}`);
    if (last) break;
  }
}

/** The codec: errors of a corrupt stream surface as Error (pako 1.x throws its message string). */
export function jsZipCodec(level = 6): ZipCodec {
  return {
    inflateRaw: (data, expectedSize) => {
      try {
        if (expectedSize === undefined) return pako.inflateRaw(data);
        // Never more than one byte past the declared size: entryData then refuses the entry.
        const out = new Uint8Array(expectedSize + 1);
        let n = 0;
        const full = new Error('full');
        try {
          inflateChunked(data, (chunk) => {
            const room = out.length - n;
            out.set(room >= chunk.length ? chunk : chunk.subarray(0, room), n);
            n += Math.min(room, chunk.length);
            if (n >= out.length) throw full;
          });
        } catch (e) {
          if (e !== full) throw e;
        }
        return out.subarray(0, n);
      } catch (e) {
        throw e instanceof Error ? e : new Error(`inflate: ${String(e)}`);
      }
    },
    deflateRaw: (data) => pako.deflateRaw(data, { level }),
    crc32,
    inflateRawChunks: async (data, onChunk) => {
      try {
        inflateChunked(data, onChunk);
      } catch (e) {
        throw e instanceof Error ? e : new Error(`inflate: ${String(e)}`);
      }
    },
  };
}
