/**
 * The standalone page's workbook: an uploaded .xlsx read and written by the ExcelJS adapter
 * (src/workbook/exceljs-workbook.ts). ExcelJS is reached only through this dynamic import, so
 * webpack puts it in a lazy chunk and the pane's first load stays small.
 */
import type { FileWorkbook } from '../host';

export async function openFileWorkbook(bytes: ArrayBuffer): Promise<FileWorkbook> {
  const { ExcelJsWorkbook } = await import(/* webpackChunkName: "exceljs" */ '../../workbook/exceljs-workbook');
  const original = bytes.slice(0);
  const wb = await ExcelJsWorkbook.load(original.slice(0));
  return {
    port: wb,
    firstSheet: () => wb.firstSheetName(),
    async withResults(sheets, tag) {
      // A fresh copy of the upload each time: the user's sheets untouched, results added once.
      const copy = await ExcelJsWorkbook.load(original.slice(0));
      await copy.addSheets(sheets, tag);
      const out = await copy.save();
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
    },
  };
}
