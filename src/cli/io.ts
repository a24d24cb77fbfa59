/**
 * The CLI's contact with the outside: streams, files and the clock. Tests pass their own
 * streams and date; everything else uses the real ones. File errors become UsageError (exit 2)
 * with a one-line Chinese message — never a stack trace.
 */
import { constants as fsConstants, promises as fs } from 'fs';
import * as path from 'path';
import { todayIso } from '../policies/registry';
import type { IsoDate } from '../policies/edition';
import type { CalculatorKind } from '../calculators/types';
import type { ExcelJsWorkbook } from '../workbook/exceljs-workbook';
import { NotAnXlsxError } from '../workbook/load-errors';
import { PackageWorkbook } from '../workbook/package-workbook';
import { DEFAULT_READ_LIMITS, MB, type LimitKind, type ReadLimits } from '../workbook/xlsx-package/limits';
import { nodeZipCodec } from '../workbook/xlsx-package/node-codec';
import { preparePackageCopy } from '../workbook/xlsx-package/save-copy';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Today's date for defaults such as the rating date. */
  today(): IsoDate;
  /** Current directory for relative paths. */
  cwd(): string;
}

export const processIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  today: () => todayIso(),
  cwd: () => process.cwd(),
};

/** A usage error: bad option, unreadable file, missing sheet … (exit status 2). */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return '文件或目录不存在';
    case 'EACCES':
    case 'EPERM': return '没有权限';
    case 'EISDIR': return '这是一个目录，不是文件';
    case 'ENOTDIR': return '路径中有一段不是目录';
    // mkdir of a parent folder that is an existing file: say which one, not Node's English text.
    case 'EEXIST': return `路径中的「${(e as NodeJS.ErrnoException).path ?? ''}」已是一个文件，不是目录`;
    case 'EBUSY': return '文件正被其他程序占用（是否在 Excel 中打开？）';
    case 'ENOSPC': return '磁盘空间不足';
    case 'EROFS': return '文件系统只读';
    default: return (e as Error)?.message ?? String(e);
  }
}

export function resolvePath(io: CliIo, p: string): string {
  return path.resolve(io.cwd(), p);
}

/** What a path is when it is not a regular file, for the message. */
function kindOf(stat: import('fs').Stats): string {
  if (stat.isDirectory()) return '一个目录';
  if (stat.isFIFO()) return '一个命名管道（FIFO）';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return '一个设备文件';
  if (stat.isSocket()) return '一个套接字';
  return '一个特殊文件';
}

/** Megabytes as a person reads them: 0.02, 3.5, 48. */
function mbText(bytes: number): string {
  const mb = bytes / MB;
  return mb < 1 ? mb.toFixed(2) : mb < 10 ? mb.toFixed(1) : String(Math.round(mb));
}

/**
 * Read a whole input file; UsageError when it is missing, unreadable, not a regular file (a
 * directory, a FIFO that would block forever, /dev/zero that never ends) or larger than
 * `maxBytes` (`raiseWith` names the option that raises it). The check is made on the opened descriptor too (opened without blocking), and the
 * read stops at the size the file had: a file growing meanwhile cannot make it read more.
 */
export async function readInputFile(file: string, maxBytes: number = DEFAULT_READ_LIMITS.maxUncompressedBytes, raiseWith?: string): Promise<Uint8Array> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    throw new UsageError(`找不到输入文件：${file}（${ioReason(e)}）。`);
  }
  if (stat.isDirectory()) throw new UsageError(`输入路径是一个目录，不是 .xlsx 文件：${file}。`);
  if (!stat.isFile()) throw new UsageError(`输入路径是${kindOf(stat)}，不是普通文件：${file}。请给出一个 .xlsx 文件。`);
  const tooLarge = (size: number): UsageError =>
    new UsageError(`输入文件 ${file} 有 ${mbText(size)} MB，超过上限 ${mbText(maxBytes)} MB。${raiseWith ? `若确是这么大的工作簿，可加选项 ${raiseWith} ${Math.ceil(size / MB) + 1} 提高上限。` : ''}`);
  if (stat.size > maxBytes) throw tooLarge(stat.size);
  let handle;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not hang.
    handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new UsageError(`无法读取输入文件 ${file}：${ioReason(e)}。`);
  }
  try {
    const fdStat = await handle.stat();
    if (!fdStat.isFile()) throw new UsageError(`输入路径是${kindOf(fdStat)}，不是普通文件：${file}。请给出一个 .xlsx 文件。`);
    if (fdStat.size > maxBytes) throw tooLarge(fdStat.size);
    const out = Buffer.allocUnsafe(fdStat.size);
    let n = 0;
    while (n < out.length) {
      const { bytesRead } = await handle.read(out, n, out.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return n === out.length ? out : out.subarray(0, n);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`无法读取输入文件 ${file}：${ioReason(e)}。`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** True when both paths name the same file (following symbolic links where they exist). */
export async function samePath(a: string, b: string): Promise<boolean> {
  const real = async (p: string) => {
    try {
      return await fs.realpath(p);
    } catch {
      return path.resolve(p);
    }
  };
  const [ra, rb] = await Promise.all([real(a), real(b)]);
  if (ra === rb) return true;
  // Case-insensitive file systems (Windows, macOS): compare ignoring case when both exist.
  if (ra.toLowerCase() === rb.toLowerCase()) {
    try {
      const [sa, sb] = await Promise.all([fs.stat(ra), fs.stat(rb)]);
      return sa.ino === sb.ino && sa.dev === sb.dev;
    } catch {
      return false;
    }
  }
  return false;
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Write an output file atomically: into a temporary file beside it, then renamed over the
 * target, so a failed write never leaves half a workbook. Creates missing parent folders.
 * `bytes` may be given as consecutive pieces (save-copy.ts saveCopyAsPieces): written one after
 * another, never joined.
 */
export async function writeOutputFile(file: string, bytes: Uint8Array | readonly Uint8Array[]): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new UsageError(`无法写入输出文件 ${file}：${ioReason(e)}。`);
  }
}
/**
 * Load an .xlsx into the ExcelJS adapter (the demo saves its results through ExcelJS); a file that
 * is not one is a UsageError naming the file. ExcelJS is loaded only here, on first use.
 */
export async function loadWorkbook(bytes: Uint8Array, file: string): Promise<ExcelJsWorkbook> {
  const { ExcelJsWorkbook } = await import('../workbook/exceljs-workbook');
  try {
    return await ExcelJsWorkbook.load(bytes);
  } catch (e) {
    if (e instanceof NotAnXlsxError) throw new UsageError(`${file}：${e.message}`);
    throw e;
  }
}

/** The reader limits the calculation commands take as options (read-grid.ts, limits.ts). */
export interface LimitOptions {
  maxCells?: string;
  maxUncompressedMb?: string;
  maxRatio?: string;
}

const LIMIT_OPTIONS: Record<LimitKind, string> = {
  cells: '--max-cells',
  uncompressed: '--max-uncompressed-mb',
  ratio: '--max-ratio',
};

function positiveNumber(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t) || Number(t) <= 0) throw new UsageError(`${option} 需要一个正数，例如 ${option} ${fallback}；收到「${text}」。`);
  return Number(t);
}

/**
 * The default --max-cells of each calculation: what keeps ANY input within 1 GB of memory and
 * 30 s on a 2-core machine, given what the calculation itself needs per row today (measured with
 * --out --json: hq-rating about 15 KB per headquarters — 55,000 of them took 9 s and 0.9 GB — so
 * 400,000 cells, at most 50,000 rows of its 8 required columns; relief about 1.5 KB per row —
 * 400,000 rows of its 3 required columns took 8 s and 0.63 GB — so 1,200,000 cells; a water-fund
 * input has a row per county). A larger genuine workbook runs with the limit raised.
 */
export const DEFAULT_MAX_CELLS: Readonly<Record<CalculatorKind, number>> = Object.freeze({
  'hq-rating': 400_000,
  'water-fund': 400_000,
  relief: 1_200_000,
});

/** The reader limits from the options (defaults: DEFAULT_MAX_CELLS, DEFAULT_READ_LIMITS), with the CLI's way to raise each. */
export function readLimits(opts: LimitOptions, kind?: CalculatorKind): ReadLimits {
  const d = DEFAULT_READ_LIMITS;
  return {
    maxCells: Math.floor(positiveNumber(opts.maxCells, '--max-cells', kind ? DEFAULT_MAX_CELLS[kind] : d.maxCells)),
    maxUncompressedBytes: Math.floor(positiveNumber(opts.maxUncompressedMb, '--max-uncompressed-mb', d.maxUncompressedBytes / MB) * MB),
    maxRatio: positiveNumber(opts.maxRatio, '--max-ratio', d.maxRatio),
    hint: (kind, suggested) => `若确是这样的工作簿，可加选项 ${LIMIT_OPTIONS[kind]} ${suggested} 提高上限（需要更多内存和时间）。`,
  };
}

/**
 * Open an input workbook for a calculation with the package reader (no ExcelJS); a file that is
 * not a readable .xlsx, or one over a limit, is a UsageError naming the file.
 */
export async function loadInputWorkbook(bytes: Uint8Array, file: string, limits: ReadLimits = readLimits({})): Promise<PackageWorkbook> {
  try {
    return await PackageWorkbook.open(bytes, nodeZipCodec(), limits);
  } catch (e) {
    if (e instanceof NotAnXlsxError) throw new UsageError(`${file}：${e.message}`);
    throw e;
  }
}

/** What a calculation command opens: the input workbook and, with --out, the copy to write. */
export interface OpenedInput {
  inPath: string;
  outPath: string | undefined;
  book: PackageWorkbook;
  copy: ReturnType<typeof preparePackageCopy> | null;
  outKind: 'xlsx' | 'xlsm';
}

/**
 * The checks every calculation command (and `compare`) makes before it computes, in one place:
 * --out named, not the input, .xlsx/.xlsm, not an existing file without --force; the input read
 * within the limits; the package copy prepared (.xlsm only for a macro-enabled input).
 */
export async function openInputAndCopy(
  io: CliIo, kind: CalculatorKind, input: string, opts: LimitOptions & { out?: string; force?: boolean },
): Promise<OpenedInput> {
  const inPath = resolvePath(io, input);
  const outPath = opts.out !== undefined ? resolvePath(io, opts.out) : undefined;
  if (outPath !== undefined) {
    if (opts.out!.trim() === '') throw new UsageError('--out 需要一个文件名。');
    if (await samePath(inPath, outPath)) throw new UsageError('--out 不能与输入文件相同：本工具从不修改输入文件，请另给一个输出文件名。');
    // .xlsm only for a macro-enabled input (checked once it is loaded): the copy keeps its macros.
    if (!/\.xls[xm]$/i.test(outPath)) throw new UsageError(`输出文件名应以 .xlsx 结尾：${opts.out}。`);
    // Like `template`: an existing file is never replaced without being asked to.
    if (!opts.force && await exists(outPath)) throw new UsageError(`输出文件已存在：${opts.out}。如确要覆盖，请加 --force；否则请另给一个文件名。`);
  }
  const limits = readLimits(opts, kind);
  const bytes = await readInputFile(inPath, limits.maxUncompressedBytes, '--max-uncompressed-mb');
  const book = await loadInputWorkbook(bytes, inPath, limits);
  // --out: the result sheets are inserted into a copy of the input package, every other part
  // kept byte for byte (xlsx-package/); packages it cannot handle are re-saved through ExcelJS.
  const copy = outPath !== undefined ? preparePackageCopy(book, nodeZipCodec()) : null;
  const outKind = outPath !== undefined && /\.xlsm$/i.test(outPath) ? 'xlsm' : 'xlsx';
  if (outKind === 'xlsm' && copy?.kind !== 'xlsm') throw new UsageError(`输出文件名应以 .xlsx 结尾：${opts.out}（.xlsm 只用于启用宏的输入工作簿）。`);
  return { inPath, outPath, book, copy, outKind };
}
