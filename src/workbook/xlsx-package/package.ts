/**
 * The package writer: the ORIGINAL .xlsx bytes plus new result sheets → new .xlsx bytes in
 * which every original part is copied byte for byte (its compressed data copied as stored) and
 * only these parts change:
 *
 *   xl/workbook.xml             new <sheet> entries (fresh sheetId and r:id) and the tool's
 *                               marks appended to <definedNames>; everything else as it was
 *   xl/_rels/workbook.xml.rels  a worksheet relationship per new sheet (fresh rId)
 *   [Content_Types].xml         an Override per new sheet part
 *   xl/styles.xml               the formats the new sheets need, appended (existing indexes kept)
 *   docProps/app.xml            sheet titles and count, when its layout is the usual one
 *   xl/worksheets/sheetN.xml    the new sheets (strings inline: sharedStrings.xml untouched)
 *   xl/worksheets/_rels/…, xl/drawings/drawingN.xml (+ rels), xl/charts/chartN.xml
 *                               a new sheet's charts (ResultSheet.charts), drawn from its cells
 *
 * and, in <definedNames>, each new result sheet's print area and print titles (the header row
 * on every page: _xlnm.Print_Area / _xlnm.Print_Titles with its localSheetId).
 *
 * So whatever ExcelJS cannot round-trip — charts, pivot tables, macros (.xlsm), slicers, images,
 * defined names holding constants or formulas, custom XML, themes — stays exactly as the user
 * had it. Anything outside the usual package layout (strict OOXML, ZIP64, encrypted entries, no
 * workbook part, UTF-16 parts …) is an UnsupportedPackageError and the caller saves through
 * ExcelJS instead.
 */
import type { ResultSheet } from '../../sheets/result-sheet';
import { columnLetters } from '../../sheets/grid';
import { MAX_SHEET_NAME } from '../sheet-names';
import { chartXml, sheetRef } from './chart-xml';
import { drawingXml, type DrawnChart } from './drawing-xml';
import { sheetLayout } from './layout';
import { worksheetXmlPartStream } from './sheet-xml';
import { StyleBook } from './styles';
import { appendToSection, attributes, escapeXml, findSection, namespaceOf, partText, prefixFor, rootElement, startTags, utf8Bytes } from './xml';
import { UnsupportedPackageError, entryData, joinParts, makeEntry, makeEntryOfParts, makeEntryOfPartsAsync, readZip, zipPieces, type ZipCodec, type ZipEntry } from './zip';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_OFFICE_DOCUMENT = `${REL_NS}/officeDocument`;
const REL_WORKSHEET = `${REL_NS}/worksheet`;
const REL_STYLES = `${REL_NS}/styles`;
const REL_EXTENDED_PROPERTIES = `${REL_NS}/extended-properties`;
const REL_DRAWING = `${REL_NS}/drawing`;
const REL_CHART = `${REL_NS}/chart`;
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_RELATIONSHIPS = 'application/vnd.openxmlformats-package.relationships+xml';
/** Content types of the workbook part: an ordinary workbook and a macro-enabled one. */
const CT_WORKBOOK_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
const CT_WORKBOOK_XLSM = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';
const VT_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes';
/** HeadingPairs labels of the worksheet group as Excel writes them in various languages. */
const WORKSHEET_HEADINGS = new Set(['Worksheets', '工作表', 'Arbeitsblätter', 'Feuilles de calcul', 'Hojas de cálculo', 'ワークシート', '워크시트']);

export interface NewSheet {
  /** The sheet name to use (already fresh and valid: see sheet-names.ts). */
  name: string;
  sheet: ResultSheet;
}

/** A workbook-level defined name to append, e.g. the tool's mark on a created sheet. */
export interface NewDefinedName {
  name: string;
  /** Formula text such as '星级评定结果'!$A$1. */
  ref: string;
  /** Zero-based index (in <sheets>) of the sheet the name belongs to; absent: a workbook name. */
  localSheetId?: number;
}

/** A relationships part with the given relationships (Id, Type, Target). */
function relationshipsXml(rels: ReadonlyArray<readonly [string, string, string]>): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`).join('')}</Relationships>`;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

function relationships(xml: string): Relationship[] {
  const root = rootElement(xml, 'Relationships');
  return startTags(xml, root.prefix, 'Relationship').map((tag) => {
    const a = attributes(tag);
    return { id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: a.get('Target') ?? '', external: a.get('TargetMode') === 'External' };
  });
}

/** A relationship target as a zip entry name, relative to the folder of the source part. */
function resolveTarget(baseDir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${baseDir}${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function dirOf(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? '' : part.slice(0, i + 1);
}

function relsPathOf(part: string): string {
  return `${dirOf(part)}_rels/${part.slice(dirOf(part).length)}.rels`;
}

/** Excel's sheet-name rules (sheet-names.ts); the package writer refuses anything else. */
function validSheetName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_SHEET_NAME && !/[:\\/?*[\]]/.test(name) && !name.startsWith("'") && !name.endsWith("'");
}

/** A new worksheet part whose XML is made when the stream is read (parts: fresh buffers, see ByteSink). */
interface SheetStream {
  part: string;
  stream: () => Iterable<Uint8Array>;
}

export class XlsxPackage {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly lowerNames = new Set<string>();
  /** Every sheet of the workbook part (worksheets, chart sheets, dialog sheets), in order. */
  readonly sheetNames: string[];
  readonly date1904: boolean;
  /**
   * What the package is, from its workbook part's content type: an .xlsx, a macro-enabled
   * .xlsm (its copy must keep the .xlsm extension, or Excel refuses to open it), or something
   * else (templates, add-ins).
   */
  readonly kind: 'xlsx' | 'xlsm' | 'other';
  private readonly workbookPath: string;
  private readonly workbookXml: string;

  private constructor(private readonly entries: ZipEntry[], private readonly codec: ZipCodec) {
    for (const e of entries) {
      this.byName.set(e.name, e);
      this.lowerNames.add(e.name.toLowerCase());
    }
    const rootRels = relationships(this.text('_rels/.rels'));
    const office = rootRels.find((r) => r.type === REL_OFFICE_DOCUMENT && !r.external);
    if (!office) throw new UnsupportedPackageError('no transitional officeDocument relationship');
    this.workbookPath = resolveTarget('', office.target);
    this.workbookXml = this.text(this.workbookPath);
    const root = rootElement(this.workbookXml, 'workbook');
    if (namespaceOf(root.tag, root.prefix) !== MAIN_NS) throw new UnsupportedPackageError('not a transitional SpreadsheetML workbook');
    const sheets = findSection(this.workbookXml, root.prefix, 'sheets');
    if (!sheets || sheets.empty) throw new UnsupportedPackageError('no sheets');
    this.sheetNames = startTags(this.workbookXml.slice(sheets.contentStart, sheets.contentEnd), root.prefix, 'sheet').map((t) => attributes(t).get('name') ?? '');
    const types = this.text('[Content_Types].xml');
    const typesRoot = rootElement(types, 'Types');
    const override = startTags(types, typesRoot.prefix, 'Override').map(attributes).find((a) => (a.get('PartName') ?? '').toLowerCase() === `/${this.workbookPath}`.toLowerCase());
    const ct = override?.get('ContentType');
    this.kind = ct === CT_WORKBOOK_XLSX ? 'xlsx' : ct === CT_WORKBOOK_XLSM ? 'xlsm' : 'other';
    const pr = findSection(this.workbookXml, root.prefix, 'workbookPr');
    const d = pr ? attributes(pr.open).get('date1904') : undefined;
    this.date1904 = d === '1' || d === 'true';
  }

  /** Open a package; UnsupportedPackageError when it is outside what this writer handles. */
  static open(bytes: Uint8Array, codec: ZipCodec): XlsxPackage {
    return new XlsxPackage(readZip(bytes), codec);
  }

  private entry(name: string): ZipEntry {
    const e = this.byName.get(name);
    if (!e) throw new UnsupportedPackageError(`missing part ${name}`);
    return e;
  }

  private text(name: string): string {
    return partText(entryData(this.entry(name), this.codec), name);
  }

  /** The package with `sheets` added after the existing sheets and `names` appended. */
  insertSheets(sheets: readonly NewSheet[], names: readonly NewDefinedName[] = [], now: Date = new Date()): Uint8Array {
    const plan = this.planInsert(sheets, names, now);
    return joinParts(plan.finish(plan.entries.map((e) => ('stream' in e ? makeEntryOfParts(e.part, [...e.stream()], this.codec, undefined, now) : e))));
  }

  /**
   * insertSheets, the same bytes, with each large sheet deflated part by part off the main thread
   * while its next parts are written (zip.ts makeEntryOfPartsAsync), when the codec can; given as
   * the zip's consecutive pieces (zip.ts zipPieces), not joined: the file is their concatenation.
   */
  async insertSheetsAsPieces(sheets: readonly NewSheet[], names: readonly NewDefinedName[] = [], now: Date = new Date()): Promise<Uint8Array[]> {
    const plan = this.planInsert(sheets, names, now);
    const entries: ZipEntry[] = [];
    // One sheet after another: their styles go into the one StyleBook in the order insertSheets adds
    // them. The parts are handed over: each is a fresh buffer of the sheet writer, read once.
    for (const e of plan.entries) entries.push('stream' in e ? await makeEntryOfPartsAsync(e.part, e.stream(), this.codec, undefined, now, true) : e);
    return plan.finish(entries);
  }

  /**
   * Everything of insertSheets but the worksheet parts themselves, which are left as streams to
   * be read in order (writing them adds their styles); `finish` then edits the package parts and
   * assembles the zip from the entries, the worksheets made.
   */
  private planInsert(sheets: readonly NewSheet[], names: readonly NewDefinedName[], now: Date): { entries: Array<ZipEntry | SheetStream>; finish: (entries: ZipEntry[]) => Uint8Array[] } {
    const codec = this.codec;
    const taken = new Set(this.sheetNames.map((n) => n.toLowerCase()));
    for (const s of sheets) {
      if (!validSheetName(s.name) || taken.has(s.name.toLowerCase())) throw new UnsupportedPackageError(`sheet name ${s.name} is taken or invalid`);
      taken.add(s.name.toLowerCase());
    }

    // Relationships of the workbook part.
    const wbDir = dirOf(this.workbookPath);
    const relsPath = relsPathOf(this.workbookPath);
    let relsXml = this.text(relsPath);
    const rels = relationships(relsXml);
    const stylesRel = rels.find((r) => r.type === REL_STYLES && !r.external);
    if (!stylesRel) throw new UnsupportedPackageError('no styles part');
    const stylesPath = resolveTarget(wbDir, stylesRel.target);
    const styles = new StyleBook(this.text(stylesPath));

    let contentTypes = this.text('[Content_Types].xml');
    const ctRoot = rootElement(contentTypes, 'Types');
    const overridden = new Set(startTags(contentTypes, ctRoot.prefix, 'Override').map((t) => (attributes(t).get('PartName') ?? '').toLowerCase()));

    const usedIds = new Set(rels.map((r) => r.id));
    let nextRel = 1;
    for (const r of rels) {
      const m = /^rId(\d+)$/.exec(r.id);
      if (m) nextRel = Math.max(nextRel, Number(m[1]) + 1);
    }
    const freshRelId = (): string => {
      while (usedIds.has(`rId${nextRel}`)) nextRel++;
      const id = `rId${nextRel++}`;
      usedIds.add(id);
      return id;
    };
    const partNames = new Set(this.lowerNames);
    const free = (name: string): boolean => !partNames.has(name.toLowerCase()) && !overridden.has(`/${name}`.toLowerCase());
    /** Fresh numbered part names (after the highest number in use), their .rels part free as well. */
    const freshPartName = (dir: string, stem: string): (() => string) => {
      const re = new RegExp(`^${dir}/${stem}(\\d+)\\.xml$`, 'i');
      let next = 1;
      for (const e of this.entries) {
        const m = re.exec(e.name);
        if (m) next = Math.max(next, Number(m[1]) + 1);
      }
      return () => {
        for (;;) {
          const name = `${dir}/${stem}${next++}.xml`;
          if (free(name) && free(relsPathOf(name))) {
            partNames.add(name.toLowerCase());
            partNames.add(relsPathOf(name).toLowerCase());
            return name;
          }
        }
      };
    };
    const freshPart = freshPartName('xl/worksheets', 'sheet');
    const freshDrawing = freshPartName('xl/drawings', 'drawing');
    const freshChart = freshPartName('xl/charts', 'chart');
    // A package always has a Default for .rels (its _rels/.rels), but an Override does no harm if not.
    const relsDefault = startTags(contentTypes, ctRoot.prefix, 'Default').some((t) => (attributes(t).get('Extension') ?? '').toLowerCase() === 'rels');

    // workbook.xml
    let wb = this.workbookXml;
    const root = rootElement(wb, 'workbook');
    const p = root.prefix;
    const relPrefix = prefixFor(root.tag, REL_NS);
    const relAttr = (id: string): string => (relPrefix ? `${relPrefix}id="${id}"` : `xmlns:r="${REL_NS}" r:id="${id}"`);
    const sheetsSection = findSection(wb, p, 'sheets')!;
    let nextSheetId = 1;
    for (const t of startTags(wb.slice(sheetsSection.contentStart, sheetsSection.contentEnd), p, 'sheet')) {
      const id = Number(attributes(t).get('sheetId'));
      if (Number.isInteger(id)) nextSheetId = Math.max(nextSheetId, id + 1);
    }

    const newEntries: Array<ZipEntry | SheetStream> = [];
    const sheetTags: string[] = [];
    const relTags: string[] = [];
    const overrides: string[] = [];
    const printNames: NewDefinedName[] = [];
    const override = (part: string, type: string): void => {
      overrides.push(`<${ctRoot.prefix}Override PartName="/${escapeXml(part)}" ContentType="${type}"/>`);
    };
    const text = (part: string, xml: string): void => {
      newEntries.push(makeEntry(part, utf8Bytes(xml), codec, undefined, now));
    };
    sheets.forEach((s, index) => {
      const part = freshPart();
      const relId = freshRelId();
      const target = part.startsWith(wbDir) ? part.slice(wbDir.length) : `/${part}`;
      sheetTags.push(`<${p}sheet name="${escapeXml(s.name)}" sheetId="${nextSheetId++}" ${relAttr(relId)}/>`);
      relTags.push(`<Relationship Id="${relId}" Type="${REL_WORKSHEET}" Target="${escapeXml(target)}"/>`);
      override(part, CT_WORKSHEET);
      const layout = sheetLayout(s.sheet, true);
      // The charts: one drawing part for the sheet, one chart part per chart (drawn from the cells).
      const drawn: DrawnChart[] = [];
      const chartParts: string[] = [];
      layout.charts.forEach((placement, i) => {
        const chart = s.sheet.charts?.[i];
        if (!placement || !chart) return;
        const chartPart = freshChart();
        text(chartPart, chartXml(s.sheet, s.name, chart, placement.scale));
        override(chartPart, CT_CHART);
        chartParts.push(chartPart);
        drawn.push({ placement, relId: `rId${drawn.length + 1}`, title: chart.title });
      });
      let drawingRelId: string | undefined;
      if (drawn.length > 0) {
        const drawing = freshDrawing();
        text(drawing, drawingXml(drawn));
        override(drawing, CT_DRAWING);
        text(relsPathOf(drawing), relationshipsXml(chartParts.map((c, i) => [`rId${i + 1}`, REL_CHART, `../charts/${c.slice(c.lastIndexOf('/') + 1)}`])));
        drawingRelId = 'rId1';
        text(relsPathOf(part), relationshipsXml([[drawingRelId, REL_DRAWING, `../drawings/${drawing.slice(drawing.lastIndexOf('/') + 1)}`]]));
        if (!relsDefault) {
          override(relsPathOf(drawing), CT_RELATIONSHIPS);
          override(relsPathOf(part), CT_RELATIONSHIPS);
        }
      }
      newEntries.push({ part, stream: () => worksheetXmlPartStream(s.sheet, styles, this.date1904, { layout, drawingRelId }) });
      if (layout.print) {
        // The new sheet's index in <sheets>: after every existing sheet.
        const localSheetId = this.sheetNames.length + index;
        const ref = sheetRef(s.name);
        printNames.push(
          { name: '_xlnm.Print_Area', ref: `${ref}!$A$1:$${columnLetters(layout.print.lastCol)}$${layout.print.lastRow}`, localSheetId },
          { name: '_xlnm.Print_Titles', ref: `${ref}!$1:$1`, localSheetId },
        );
      }
    });
    const finish = (made: ZipEntry[]): Uint8Array[] => {
      const edited = new Map<string, string>();

      wb = appendToSection(wb, sheetsSection, p, 'sheets', sheetTags.join(''));
      const allNames = [...names, ...printNames];
      if (allNames.length > 0) {
        const defined = allNames.map((n) => `<${p}definedName name="${escapeXml(n.name)}"${n.localSheetId !== undefined ? ` localSheetId="${n.localSheetId}"` : ''}>${escapeXml(n.ref)}</${p}definedName>`).join('');
        const existing = findSection(wb, p, 'definedNames');
        if (existing) {
          wb = appendToSection(wb, existing, p, 'definedNames', defined);
        } else {
          // CT_Workbook order: … sheets, functionGroups?, externalReferences?, definedNames?, calcPr? …
          let at = findSection(wb, p, 'sheets')!.end;
          for (const name of ['functionGroups', 'externalReferences']) {
            const s = findSection(wb, p, name);
            if (s && s.end > at) at = s.end;
          }
          wb = `${wb.slice(0, at)}<${p}definedNames>${defined}</${p}definedNames>${wb.slice(at)}`;
        }
      }
      edited.set(this.workbookPath, wb);

      const relsRoot = rootElement(relsXml, 'Relationships');
      const relsSection = findSection(relsXml, relsRoot.prefix, 'Relationships')!;
      relsXml = appendToSection(relsXml, relsSection, relsRoot.prefix, 'Relationships', relTags.map((t) => (relsRoot.prefix ? t.replace('<Relationship', `<${relsRoot.prefix}Relationship`) : t)).join(''));
      edited.set(relsPath, relsXml);

      const typesSection = findSection(contentTypes, ctRoot.prefix, 'Types')!;
      contentTypes = appendToSection(contentTypes, typesSection, ctRoot.prefix, 'Types', overrides.join(''));
      edited.set('[Content_Types].xml', contentTypes);

      if (styles.changed) edited.set(stylesPath, styles.xml());

      const appPath = this.appPropertiesPath();
      if (appPath) {
        const app = updateAppProperties(this.text(appPath), sheets.map((s) => s.name));
        if (app !== null) edited.set(appPath, app);
      }

      const out = this.entries.map((e) => {
        const text = edited.get(e.name);
        return text === undefined ? e : makeEntry(e.name, utf8Bytes(text), codec, e);
      });
      return zipPieces([...out, ...made]);
    };
    return { entries: newEntries, finish };
  }

  private appPropertiesPath(): string | null {
    try {
      const rel = relationships(this.text('_rels/.rels')).find((r) => r.type === REL_EXTENDED_PROPERTIES && !r.external);
      const path = rel ? resolveTarget('', rel.target) : null;
      return path && this.byName.has(path) ? path : null;
    } catch {
      return null;
    }
  }
}

/**
 * docProps/app.xml with the new sheet names added to the worksheet group of TitlesOfParts and
 * HeadingPairs; null (leave the part as it is — Excel and LibreOffice do not rely on it) when
 * its layout is not the usual one.
 */
export function updateAppProperties(xml: string, added: readonly string[]): string | null {
  try {
    const root = rootElement(xml, 'Properties');
    const vt = prefixFor(root.tag, VT_NS);
    if (!vt) return null;
    const p = root.prefix;
    const heading = findSection(xml, p, 'HeadingPairs');
    const titles = findSection(xml, p, 'TitlesOfParts');
    if (!heading || !titles || heading.empty || titles.empty) return null;
    const hVector = findSection(xml, vt, 'vector', heading.contentStart);
    const tVector = findSection(xml, vt, 'vector', titles.contentStart);
    if (!hVector || !tVector || hVector.end > heading.end || tVector.end > titles.end) return null;
    // HeadingPairs: (lpstr label, i4 count) pairs; TitlesOfParts: the names, group after group.
    const hText = xml.slice(hVector.contentStart, hVector.contentEnd);
    const pairs = [...hText.matchAll(new RegExp(`<${vt}lpstr>([^<]*)</${vt}lpstr>\\s*</${vt}variant>\\s*<${vt}variant>\\s*<${vt}i4>(\\d+)</${vt}i4>`, 'g'))];
    const tText = xml.slice(tVector.contentStart, tVector.contentEnd);
    const lpstrs = [...tText.matchAll(new RegExp(`<${vt}lpstr(?:\\s[^>]*)?(?:/>|>[^<]*</${vt}lpstr>)`, 'g'))];
    const total = pairs.reduce((s, m) => s + Number(m[2]), 0);
    const size = Number(attributes(tVector.open).get('size'));
    if (pairs.length === 0 || total !== lpstrs.length || size !== lpstrs.length) return null;
    const g = pairs.findIndex((m) => WORKSHEET_HEADINGS.has(m[1]));
    if (g < 0) return null;
    const before = pairs.slice(0, g + 1).reduce((s, m) => s + Number(m[2]), 0);
    // Insert the new titles after the last worksheet title.
    const insertAt = before === 0 ? 0 : lpstrs[before - 1].index! + lpstrs[before - 1][0].length;
    const newTitles = added.map((n) => `<${vt}lpstr>${escapeXml(n)}</${vt}lpstr>`).join('');
    const newT = `${tText.slice(0, insertAt)}${newTitles}${tText.slice(insertAt)}`;
    const pair = pairs[g];
    const countAt = pair.index! + pair[0].lastIndexOf(`<${vt}i4>`) + `<${vt}i4>`.length;
    const newH = `${hText.slice(0, countAt)}${Number(pair[2]) + added.length}${hText.slice(countAt + pair[2].length)}`;
    const tOpen = tVector.open.replace(/(\ssize\s*=\s*)("[^"]*"|'[^']*')/, `$1"${size + added.length}"`);
    // TitlesOfParts comes after HeadingPairs in the schema; edit it first.
    let out = `${xml.slice(0, tVector.start)}${tOpen}${newT}${xml.slice(tVector.contentEnd)}`;
    out = `${out.slice(0, hVector.contentStart)}${newH}${out.slice(hVector.contentEnd)}`;
    return heading.start < titles.start ? out : null;
  } catch {
    return null;
  }
}
