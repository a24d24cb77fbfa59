/**
 * Hand-built packages for the reader tests: parts assembled as text and zipped with the project's
 * zip writer (as xlsx-package-fixture.ts does), so a test can write exactly the XML a tool
 * writes — t="d" cells as openpyxl's iso_dates writes them, shadow entries, corrupt cells.
 */
import { makeEntry, writeZip, type ZipEntry } from '../../src/workbook/xlsx-package/zip';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { PackageWorkbook } from '../../src/workbook/package-workbook';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import type { CellValue, SheetGrid } from '../../src/sheets/grid';
import type { ReadLimits } from '../../src/workbook/xlsx-package/limits';

export const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface HandSheet {
  name: string;
  /** The <sheetData> content. */
  data: string;
  /** After </sheetData> (mergeCells …). */
  after?: string;
  state?: 'hidden' | 'veryHidden';
}

export interface HandBook {
  sheets: HandSheet[];
  /** Shared strings: plain text, or the inner XML of an <si> when it starts with '<'. */
  strings?: string[];
  /** Extra custom number formats (id → code) and the cellXfs' numFmtIds (index 0 is General). */
  numFmts?: Record<number, string>;
  cellXfs?: number[];
  workbookPr?: string;
  /** Extra zip entries (name → content), appended after the regular parts. */
  extra?: Array<[string, string | Uint8Array]>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The parts of a hand-built workbook, in zip order. */
export function handParts(book: HandBook): Array<[string, string | Uint8Array]> {
  const { sheets } = book;
  const numFmts = Object.entries(book.numFmts ?? { 176: 'yyyy-mm-dd' });
  const xfs = book.cellXfs ?? [0, 49, 176, 14, 10];
  const styles = `${HEAD}<styleSheet xmlns="${MAIN}"><numFmts count="${numFmts.length}">${numFmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${esc(code)}"/>`).join('')}</numFmts><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('')}</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;
  const strings = book.strings ?? [];
  const sst = `${HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t xml:space="preserve">${esc(s)}</t></si>`)).join('')}</sst>`;
  const types = `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
  const workbook = `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${R}">${book.workbookPr ?? '<workbookPr/>'}<sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const rels = `${HEAD}<Relationships xmlns="${PKG}">${sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId90" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rId91" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  return [
    ['[Content_Types].xml', types],
    ['_rels/.rels', `${HEAD}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', rels],
    ['xl/styles.xml', styles],
    ['xl/sharedStrings.xml', sst],
    ...sheets.map((s, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${R}"><sheetData>${s.data}</sheetData>${s.after ?? ''}</worksheet>`]),
    ...(book.extra ?? []),
  ];
}

/** Zip parts (name → text or bytes) into .xlsx bytes. */
export function zipParts(parts: Array<[string, string | Uint8Array]>): Uint8Array {
  const codec = nodeZipCodec(6);
  const when = new Date(2024, 0, 1, 12, 0, 0);
  const entries: ZipEntry[] = parts.map(([name, content]) => makeEntry(name, typeof content === 'string' ? new TextEncoder().encode(content) : content, codec, undefined, when));
  return writeZip(entries);
}

export const handBook = (book: HandBook): Uint8Array => zipParts(handParts(book));

/** One sheet "明细" with this <sheetData> content. */
export const oneSheet = (data: string, more: Omit<HandBook, 'sheets'> & { after?: string } = {}): Uint8Array =>
  handBook({ ...more, sheets: [{ name: '明细', data, after: more.after }] });

/** Our reader's grid of a package's first (or named) sheet. */
export async function readGrid(bytes: Uint8Array, sheet?: string, limits?: ReadLimits): Promise<SheetGrid> {
  const book = await PackageWorkbook.open(bytes, nodeZipCodec(), limits);
  return book.readSheet(sheet ?? book.firstSheetName()!);
}

/** The ExcelJS-based grid (src/workbook/exceljs-read.ts) of a package's sheet. */
export async function excelJsGrid(bytes: Uint8Array, sheet?: string): Promise<SheetGrid> {
  const book = await ExcelJsWorkbook.load(bytes);
  return book.readSheet(sheet ?? book.firstSheetName()!);
}

/** Cell values with trailing blanks cut from every row (rows may be ragged in either reader). */
export function values(grid: SheetGrid): CellValue[][] {
  return grid.cells.map((row) => {
    let w = row.length;
    while (w > 0 && (row[w - 1] === null || row[w - 1] === undefined)) w--;
    return row.slice(0, w).map((v) => (v === undefined ? null : v));
  });
}
