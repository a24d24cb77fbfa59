/**
 * The zip codec for Node (CLI): zlib's raw deflate/inflate and CRC-32. Deflate level 1
 * (fastest) unless told otherwise: on a 14.7 MB result sheet level 1 takes ~65 ms for 2.75 MB,
 * level 6 ~170 ms for 2.35 MB — the ExcelJS save used level 1 too.
 */
import { Worker } from 'worker_threads';
import * as zlib from 'zlib';
import { crc32, joinParts, type ZipCodec } from './zip';

/** CRC-32 in JS, for Node versions without zlib.crc32 (before 20.15). */
export const crc32Js = crc32;

const nativeCrc32 = (zlib as unknown as { crc32?: (d: Uint8Array, value?: number) => number }).crc32;

/** Output chunk of the streaming inflate: big enough to keep the per-chunk overhead small. */
const CHUNK = 256 * 1024;

export function nodeZipCodec(level = 1): ZipCodec {
  return {
    // One byte more than declared is enough to tell a lying entry (entryData then refuses it)
    // without inflating the rest of it.
    inflateRaw: (data, expectedSize) =>
      expectedSize === undefined ? zlib.inflateRawSync(data) : inflateCapped(data, expectedSize + 1),
    deflateRaw: (data) => zlib.deflateRawSync(data, { level }),
    crc32: (data) => (nativeCrc32 ? nativeCrc32(data) : crc32Js(data)) >>> 0,
    // Nothing to add: the CRC so far. (zlib.crc32 answers 0 for an empty buffer without storage —
    // zlib's crc32(crc, NULL, 0) — which an empty array may be once it has been through zlib.)
    crc32Continue: (data, previous) => (data.byteLength === 0 ? previous >>> 0 : (nativeCrc32 ? nativeCrc32(data, previous) : crc32Js(data, previous)) >>> 0),
    deflateRawParts: (parts) => {
      const out: Uint8Array[] = [];
      parts.forEach((p, i) => {
        const last = i === parts.length - 1;
        out.push(deflatePartSync(p, level, last));
      });
      return joinParts(out);
    },
    deflateRawPartAsync: (part, last, handOver) => deflatePartInWorker(part, level, last, handOver),
    prepareDeflate: () => void deflateWorker(),
    inflateRawChunks: (data, onChunk) =>
      new Promise<void>((resolve, reject) => {
        const inflate = zlib.createInflateRaw({ chunkSize: CHUNK });
        let failed = false;
        inflate.on('data', (chunk: Buffer) => {
          if (failed) return;
          try {
            onChunk(chunk);
          } catch (e) {
            failed = true;
            inflate.destroy();
            reject(e);
          }
        });
        inflate.on('error', (e) => {
          if (!failed) {
            failed = true;
            reject(e);
          }
        });
        inflate.on('end', () => {
          if (!failed) resolve();
        });
        inflate.end(data);
      }),
  };
}

/**
 * One step of deflateRawParts (node-codec deflateRawParts: deflateRawSync, the same level and
 * flush) in a worker thread. Not zlib's own async API: it hands every 16 KB of output back to the
 * main thread before it goes on, so it would stall while the main thread writes the next part's
 * XML; and a larger output chunk could change the bytes (zlib repeats an empty sync block when the
 * output buffer ends exactly at a flush). The worker runs the very call the sync path makes.
 */
const DEFLATE_WORKER = `
const { parentPort } = require('worker_threads');
const zlib = require('zlib');
parentPort.on('message', ({ id, part, level, last }) => {
  try {
    const out = zlib.deflateRawSync(part, { level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });
    parentPort.postMessage({ id, out });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Waiting {
  resolve: (out: Uint8Array) => void;
  reject: (e: Error) => void;
  /** Kept until done: if the worker dies, the part is deflated here instead (the same bytes); null once moved to the worker. */
  part: Uint8Array | null;
  level: number;
  last: boolean;
}

const deflatePartSync = (part: Uint8Array, level: number, last: boolean): Uint8Array =>
  zlib.deflateRawSync(part, { level, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH });

let deflater: Worker | null = null;
let deflaterBroken = false;
let nextJob = 0;
const waiting = new Map<number, Waiting>();

/** The worker is gone: what it had not done yet is done on the main thread. */
function deflateLeftovers(): void {
  const jobs = [...waiting.values()];
  waiting.clear();
  for (const j of jobs) {
    try {
      if (!j.part) throw new Error('deflate worker stopped');
      j.resolve(deflatePartSync(j.part, j.level, j.last));
    } catch (e) {
      j.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

/** The shared deflate worker, started on first use; null when workers cannot be started. */
function deflateWorker(): Worker | null {
  if (deflater || deflaterBroken) return deflater;
  try {
    const w = new Worker(DEFLATE_WORKER, { eval: true });
    w.on('message', (m: { id: number; out?: Uint8Array; error?: string }) => {
      const job = waiting.get(m.id);
      if (!job) return;
      waiting.delete(m.id);
      // Idle, the worker must not keep the process alive.
      if (waiting.size === 0) w.unref();
      if (m.out) job.resolve(m.out);
      else job.reject(new Error(m.error ?? 'deflate failed'));
    });
    const down = (): void => {
      if (deflater === w) deflater = null;
      deflaterBroken = true;
      deflateLeftovers();
    };
    w.on('error', down);
    w.on('exit', down);
    w.unref();
    deflater = w;
  } catch {
    deflaterBroken = true;
  }
  return deflater;
}

function deflatePartInWorker(part: Uint8Array, level: number, last: boolean, handOver: boolean): Promise<Uint8Array> {
  const w = deflateWorker();
  if (!w) return Promise.resolve(deflatePartSync(part, level, last));
  return new Promise<Uint8Array>((resolve, reject) => {
    const id = nextJob++;
    if (waiting.size === 0) w.ref();
    // A part handed over that starts its buffer is moved, not copied (a 1 MB copy per part costs
    // the main thread ~3 ms); any other part is copied, as it may share its buffer.
    const move = handOver && part.byteOffset === 0 && part.buffer instanceof ArrayBuffer;
    waiting.set(id, { resolve, reject, part: move ? null : part, level, last });
    w.postMessage({ id, part, level, last }, move ? [part.buffer as ArrayBuffer] : []);
  });
}

function inflateCapped(data: Uint8Array, maxOutputLength: number): Uint8Array {
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxOutputLength) });
  } catch (e) {
    // ERR_BUFFER_TOO_LARGE: more data than declared; the caller's size check reports it.
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_BUFFER_TOO_LARGE') return new Uint8Array(maxOutputLength);
    throw e;
  }
}
