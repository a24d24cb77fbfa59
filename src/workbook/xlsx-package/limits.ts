/**
 * Limits of the workbook reader (read-grid.ts), checked BEFORE the work they bound: sizes from the
 * zip's central directory before anything is inflated, cells while a sheet streams in (the read
 * stops at the first cell over the limit), merged areas before any is applied. So a small hostile
 * file (a zip bomb, one merge over a whole sheet, a million styled empty cells) costs a fraction
 * of a second and a few MB, never gigabytes. docs: issue 8 item 8.
 *
 * The defaults keep any input under 20 MB within 1 GB of memory and 30 s on a 2-core machine; a
 * larger genuine workbook (1,000,000 relief rows) is read by raising the limits explicitly (the
 * CLI's --max-cells, --max-uncompressed-mb, --max-ratio).
 */
import { NotAnXlsxError } from '../load-errors';

export type LimitKind = 'cells' | 'uncompressed' | 'ratio';

export interface ReadLimits {
  /**
   * Cells one sheet may hold, counted as the grid's slots (every row up to its last value: a
   * sparse row far to the right costs its width); also the bound on shared strings, cell formats,
   * merged ranges and the merged area applied.
   */
  maxCells: number;
  /** Total uncompressed size of all parts of the package, bytes (also the input file's size). */
  maxUncompressedBytes: number;
  /** Largest compression ratio of a part of at least RATIO_FLOOR bytes. */
  maxRatio: number;
  /**
   * How the user raises a limit (appended to the message): the CLI names its option, the web
   * page says where to go instead. `suggested` is a value that would let this file through.
   */
  hint?: (kind: LimitKind, suggested: number) => string;
}

export const MB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: Readonly<Omit<ReadLimits, 'hint'>> = Object.freeze({
  maxCells: 2_000_000,
  maxUncompressedBytes: 200 * MB,
  maxRatio: 1000,
});

/** Parts smaller than this are never refused for their ratio (a short run of blanks compresses 1000:1). */
export const RATIO_FLOOR = 1 * MB;

/** A limit was exceeded: a usage error (exit 2) whose Chinese message gives the limit and the way round it. */
export class ReadLimitError extends NotAnXlsxError {
  readonly exitCode = 2;
  constructor(message: string, readonly kind: LimitKind, readonly limit: number) {
    super(message);
    this.name = 'ReadLimitError';
  }
}

export const grouped = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Round a suggested limit up to two significant digits (6,400,000 rather than 6,351,211). */
export function roundUp(n: number): number {
  if (n <= 100) return Math.ceil(n);
  const p = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / p) * p;
}

export function limitError(limits: ReadLimits, kind: LimitKind, what: string, suggested: number): ReadLimitError {
  const limit = kind === 'cells' ? limits.maxCells : kind === 'ratio' ? limits.maxRatio : limits.maxUncompressedBytes;
  const hint = limits.hint?.(kind, roundUp(suggested)) ?? '';
  return new ReadLimitError(`${what}${hint ? hint : ''}`, kind, limit);
}
