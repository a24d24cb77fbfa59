/**
 * The standalone page's workbook: an uploaded .xlsx read by the package reader
 * (src/workbook/package-workbook.ts, no ExcelJS) and returned with the result sheets inserted into
 * a copy of the upload (the package writer keeps every other part as it was). The reader is
 * reached only through this dynamic import, so webpack puts it in a lazy chunk and the pane's
 * first load stays small; ExcelJS is loaded only if the package writer cannot insert the sheets.
 */
import type { FileWorkbook } from '../host';

export async function openFileWorkbook(bytes: ArrayBuffer): Promise<FileWorkbook> {
  const [{ PackageWorkbook }, { jsZipCodec }, { saveCopyReporting, preparePackageCopy }, { DEFAULT_READ_LIMITS }] = await Promise.all([
    import(/* webpackChunkName: "xlsx-reader" */ '../../workbook/package-workbook'),
    import(/* webpackChunkName: "xlsx-reader" */ '../../workbook/xlsx-package/js-codec'),
    import(/* webpackChunkName: "xlsx-reader" */ '../../workbook/xlsx-package/save-copy'),
    import(/* webpackChunkName: "xlsx-reader" */ '../../workbook/xlsx-package/limits'),
  ]);
  const original = new Uint8Array(bytes.slice(0));
  const codec = jsZipCodec(1);
  const limits = {
    ...DEFAULT_READ_LIMITS,
    // The page has no options: a workbook over a limit is for the command line.
    hint: () => '网页版使用默认上限；确需处理这样的工作簿，请改用命令行 wzpolicy，并用 --max-cells / --max-uncompressed-mb / --max-ratio 提高上限。',
  };
  const wb = await PackageWorkbook.open(original, codec, limits);
  return {
    port: wb,
    firstSheet: () => wb.firstSheetName(),
    async withResults(sheets, tag) {
      // A fresh copy of the upload each time: the user's sheets untouched, results added once.
      const copy = await PackageWorkbook.open(original, codec, limits);
      const pkg = preparePackageCopy(copy, codec);
      await copy.addSheets(sheets, tag);
      // Downloaded as .xlsx: a macro-enabled upload is re-saved without its macros (as before).
      const { bytes: out, method } = await saveCopyReporting(copy, pkg, 'xlsx');
      return { bytes: wholeBuffer(out), method };
    },
  };
}

/**
 * The bytes as an ArrayBuffer of their own, to be transferred to the pane: the joined zip already
 * is one (a fresh buffer of exactly its size), so it is handed over as it is rather than copied
 * (one output's size less at the worker's peak: 54 MB for 1,000,000 relief rows); a view into a
 * larger buffer (the ExcelJS fallback may give one) is copied.
 */
export function wholeBuffer(bytes: Uint8Array): ArrayBuffer {
  const buffer = bytes.buffer as ArrayBuffer;
  return bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? buffer : buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}
