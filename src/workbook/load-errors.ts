/**
 * What the workbook readers (the package reader, xlsx-package/read-grid.ts, and the ExcelJS
 * adapter) throw for a file they cannot read, in Chinese. Kept apart from the adapters so that
 * loading this module loads neither ExcelJS nor a zip codec.
 */

/** The bytes are not a readable .xlsx (message in Chinese, shown to the user as is). */
export class NotAnXlsxError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
    this.name = 'NotAnXlsxError';
  }
}

/** Thrown by readSheet for a sheet that does not exist (message in Chinese). */
export class MissingSheetError extends Error {
  constructor(readonly sheet: string, readonly available: string[]) {
    super(`工作簿中没有名为「${sheet}」的工作表${available.length ? `；现有工作表：${available.map((s) => `「${s}」`).join('、')}` : ''}。`);
    this.name = 'MissingSheetError';
  }
}

/** Why the bytes are plainly not an .xlsx (empty, an old .xls, an .ods, not a zip), or null. */
export function sniffXlsx(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return '文件是空的（0 字节），不是 .xlsx 文件。';
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return '这是旧版 .xls 文件或加密的工作簿，无法读取；请在 Excel 中另存为未加密的 .xlsx 后重试。';
  }
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    return '不是 .xlsx 文件（文件内容不是 Excel 工作簿）；请在 Excel 中另存为 .xlsx 后重试。';
  }
  return null;
}
