/**
 * The CLI's contact with the outside: streams, files and the clock. Tests pass their own
 * streams and date; everything else uses the real ones. File errors become UsageError (exit 2)
 * with a one-line Chinese message — never a stack trace.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { todayIso } from '../policies/registry';
import type { IsoDate } from '../policies/edition';
import { ExcelJsWorkbook, NotAnXlsxError } from '../workbook/exceljs-workbook';

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
    case 'EBUSY': return '文件正被其他程序占用（是否在 Excel 中打开？）';
    case 'ENOSPC': return '磁盘空间不足';
    case 'EROFS': return '文件系统只读';
    default: return (e as Error)?.message ?? String(e);
  }
}

export function resolvePath(io: CliIo, p: string): string {
  return path.resolve(io.cwd(), p);
}

/** Read a whole input file; UsageError when it is missing, a directory or unreadable. */
export async function readInputFile(file: string): Promise<Uint8Array> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    throw new UsageError(`找不到输入文件：${file}（${ioReason(e)}）。`);
  }
  if (stat.isDirectory()) throw new UsageError(`输入路径是一个目录，不是 .xlsx 文件：${file}。`);
  try {
    return await fs.readFile(file);
  } catch (e) {
    throw new UsageError(`无法读取输入文件 ${file}：${ioReason(e)}。`);
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
 */
export async function writeOutputFile(file: string, bytes: Uint8Array): Promise<void> {
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
/** Load an .xlsx; a file that is not one is a UsageError naming the file. */
export async function loadWorkbook(bytes: Uint8Array, file: string): Promise<ExcelJsWorkbook> {
  try {
    return await ExcelJsWorkbook.load(bytes);
  } catch (e) {
    if (e instanceof NotAnXlsxError) throw new UsageError(`${file}：${e.message}`);
    throw e;
  }
}

