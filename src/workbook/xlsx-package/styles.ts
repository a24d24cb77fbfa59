/**
 * Appending the cell formats the new sheets need to an existing xl/styles.xml. Existing number
 * formats, fonts, fills, borders and cell formats keep their indexes (the user's sheets point at
 * them); new ones go at the end of each list and the lists' count attributes are updated. A
 * custom number format already present with the same code is reused.
 */
import { UnsupportedPackageError } from './zip';
import { appendToSection, attributes, escapeXml, findSection, rootElement, setAttribute, startTags, type Section } from './xml';

/** Excel's built-in number formats that the result sheets use (ECMA-376 §18.8.30). */
const BUILTIN_FORMATS: Record<string, number> = {
  General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '0.00E+00': 11, '@': 49,
};

export interface FontSpec {
  bold?: boolean;
  italic?: boolean;
  /** ARGB, e.g. FFC55A11. */
  color?: string;
  /**
   * A named font (the result sheets' 等线: layout.ts RESULT_FONT), written in full — size, name,
   * family and charset — instead of copying the workbook's default font, whose name may be a
   * theme reference or missing altogether (a bold header rendered in a serif font, issue 12).
   */
  name?: string;
  size?: number;
  family?: number;
  charset?: number;
}

export interface CellStyleSpec {
  numFmt?: string;
  font?: FontSpec;
  /** Solid fill colour (ARGB). */
  fill?: string;
  /** Thin bottom border colour (ARGB). */
  bottomBorder?: string;
  /** Thin border on all four sides, this colour (ARGB): the printed result tables' cell grid. */
  border?: string;
  alignment?: { vertical?: 'top' | 'center' | 'bottom'; wrapText?: boolean };
}

function countChildren(xml: string, s: Section | null, prefix: string, name: string): number {
  if (!s || s.empty) return 0;
  return startTags(xml.slice(s.contentStart, s.contentEnd), prefix, name).length;
}

/** The styles part, with formats appended on demand; `xml()` is the edited part. */
export class StyleBook {
  private readonly prefix: string;
  private readonly customFormats = new Map<string, number>();
  private nextFormatId = 164;
  private readonly counts: Record<'fonts' | 'fills' | 'borders' | 'cellXfs', number>;
  private readonly added: Record<'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellXfs', string[]> = { numFmts: [], fonts: [], fills: [], borders: [], cellXfs: [] };
  private readonly fontIds = new Map<string, number>();
  private readonly fillIds = new Map<string, number>();
  private readonly borderIds = new Map<string, number>();
  private readonly xfIds = new Map<string, number>();
  /** Children of font 0 (the workbook's default font) other than b/i/color, for new fonts. */
  private readonly baseFont: string;
  private readonly hasStyleXf: boolean;

  constructor(private readonly source: string) {
    const root = rootElement(source, 'styleSheet');
    this.prefix = root.prefix;
    const p = this.prefix;
    const numFmts = findSection(source, p, 'numFmts');
    if (numFmts && !numFmts.empty) {
      for (const tag of startTags(source.slice(numFmts.contentStart, numFmts.contentEnd), p, 'numFmt')) {
        const a = attributes(tag);
        const id = Number(a.get('numFmtId'));
        if (!Number.isInteger(id)) continue;
        const code = a.get('formatCode');
        if (code !== undefined && !this.customFormats.has(code)) this.customFormats.set(code, id);
        this.nextFormatId = Math.max(this.nextFormatId, id + 1);
      }
    }
    const fonts = findSection(source, p, 'fonts');
    const fills = findSection(source, p, 'fills');
    const borders = findSection(source, p, 'borders');
    const cellXfs = findSection(source, p, 'cellXfs');
    if (!fonts || !fills || !borders || !cellXfs) throw new UnsupportedPackageError('styles.xml lacks fonts, fills, borders or cellXfs');
    this.counts = {
      fonts: countChildren(source, fonts, p, 'font'),
      fills: countChildren(source, fills, p, 'fill'),
      borders: countChildren(source, borders, p, 'border'),
      cellXfs: countChildren(source, cellXfs, p, 'xf'),
    };
    if (this.counts.fonts === 0 || this.counts.fills < 2 || this.counts.borders === 0 || this.counts.cellXfs === 0) {
      throw new UnsupportedPackageError('styles.xml lists are incomplete');
    }
    const font0 = findSection(source, p, 'font', fonts.contentStart);
    const inner = font0 && !font0.empty && font0.start < fonts.contentEnd ? source.slice(font0.contentStart, font0.contentEnd) : '';
    const drop = new RegExp(`<${p}(?:b|i|color)(?=[\\s/>])[^>]*?(?:/>|>[^<]*</${p}(?:b|i|color)>)`, 'g');
    this.baseFont = inner.replace(drop, '');
    const styleXfs = findSection(source, p, 'cellStyleXfs');
    this.hasStyleXf = countChildren(source, styleXfs, p, 'xf') > 0;
  }

  /** The numFmtId for a format code (built-in, existing custom, or a new custom format). */
  numFmtId(code: string | undefined): number {
    if (code === undefined || code === '') return 0;
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    let id = this.customFormats.get(code);
    if (id === undefined) {
      id = this.nextFormatId++;
      this.customFormats.set(code, id);
      this.added.numFmts.push(`<${this.prefix}numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    }
    return id;
  }

  private fontId(spec: FontSpec | undefined): number {
    if (!spec || (!spec.bold && !spec.italic && !spec.color && !spec.name)) return 0;
    const key = `${spec.bold ? 'b' : ''}${spec.italic ? 'i' : ''}|${spec.color ?? ''}|${spec.name ?? ''}|${spec.size ?? ''}|${spec.family ?? ''}|${spec.charset ?? ''}`;
    let id = this.fontIds.get(key);
    if (id === undefined) {
      const p = this.prefix;
      id = this.counts.fonts + this.added.fonts.length;
      // CT_Font is a choice of its children in any order; Excel writes b, i, sz, color, name, family, charset.
      const rest = spec.name
        ? `<${p}sz val="${spec.size ?? 11}"/>${spec.color ? `<${p}color rgb="${spec.color}"/>` : ''}<${p}name val="${escapeXml(spec.name)}"/>`
          + `${spec.family !== undefined ? `<${p}family val="${spec.family}"/>` : ''}${spec.charset !== undefined ? `<${p}charset val="${spec.charset}"/>` : ''}`
        : `${spec.color ? `<${p}color rgb="${spec.color}"/>` : ''}${this.baseFont}`;
      this.added.fonts.push(`<${p}font>${spec.bold ? `<${p}b/>` : ''}${spec.italic ? `<${p}i/>` : ''}${rest}</${p}font>`);
      this.fontIds.set(key, id);
    }
    return id;
  }

  private fillId(argb: string | undefined): number {
    if (!argb) return 0;
    let id = this.fillIds.get(argb);
    if (id === undefined) {
      const p = this.prefix;
      id = this.counts.fills + this.added.fills.length;
      this.added.fills.push(`<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${argb}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`);
      this.fillIds.set(argb, id);
    }
    return id;
  }

  private borderId(bottom: string | undefined, all: string | undefined): number {
    if (!bottom && !all) return 0;
    const key = all ? `all|${all}` : `bottom|${bottom}`;
    let id = this.borderIds.get(key);
    if (id === undefined) {
      const p = this.prefix;
      id = this.counts.borders + this.added.borders.length;
      const side = (name: string, argb: string | undefined): string => (argb ? `<${p}${name} style="thin"><${p}color rgb="${argb}"/></${p}${name}>` : `<${p}${name}/>`);
      // CT_Border order: left, right, top, bottom, diagonal.
      this.added.borders.push(`<${p}border>${side('left', all)}${side('right', all)}${side('top', all)}${side('bottom', all ?? bottom)}<${p}diagonal/></${p}border>`);
      this.borderIds.set(key, id);
    }
    return id;
  }

  /** The cellXfs index (the `s` attribute of a cell) for a style; 0 for no style at all. */
  xf(spec: CellStyleSpec): number {
    const key = JSON.stringify(spec);
    let id = this.xfIds.get(key);
    if (id !== undefined) return id;
    const p = this.prefix;
    const numFmtId = this.numFmtId(spec.numFmt);
    const fontId = this.fontId(spec.font);
    const fillId = this.fillId(spec.fill);
    const borderId = this.borderId(spec.bottomBorder, spec.border);
    const al = spec.alignment;
    const alignment = al && (al.vertical || al.wrapText) ? `<${p}alignment${al.vertical ? ` vertical="${al.vertical}"` : ''}${al.wrapText ? ' wrapText="1"' : ''}/>` : '';
    const applies = [
      numFmtId ? ' applyNumberFormat="1"' : '',
      fontId ? ' applyFont="1"' : '',
      fillId ? ' applyFill="1"' : '',
      borderId ? ' applyBorder="1"' : '',
      alignment ? ' applyAlignment="1"' : '',
    ].join('');
    const open = `<${p}xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}"${this.hasStyleXf ? ' xfId="0"' : ''}${applies}`;
    id = this.counts.cellXfs + this.added.cellXfs.length;
    this.added.cellXfs.push(alignment ? `${open}>${alignment}</${p}xf>` : `${open}/>`);
    this.xfIds.set(key, id);
    return id;
  }

  /** Whether anything was appended (else the part is left untouched). */
  get changed(): boolean {
    return Object.values(this.added).some((a) => a.length > 0);
  }

  /** The edited styles.xml text. */
  xml(): string {
    if (!this.changed) return this.source;
    const p = this.prefix;
    let xml = this.source;
    // Later sections first, so earlier indexes stay valid while editing.
    for (const name of ['cellXfs', 'borders', 'fills', 'fonts'] as const) {
      if (this.added[name].length === 0) continue;
      const s = findSection(xml, p, name)!;
      const total = this.counts[name] + this.added[name].length;
      xml = appendToSection(xml, s, p, name, this.added[name].join(''), (tag) => setAttribute(tag, 'count', String(total)));
    }
    if (this.added.numFmts.length > 0) {
      const s = findSection(xml, p, 'numFmts');
      if (s) {
        const total = countChildren(xml, s, p, 'numFmt') + this.added.numFmts.length;
        xml = appendToSection(xml, s, p, 'numFmts', this.added.numFmts.join(''), (tag) => setAttribute(tag, 'count', String(total)));
      } else {
        // numFmts is the first child of styleSheet.
        const root = rootElement(xml, 'styleSheet');
        xml = `${xml.slice(0, root.end)}<${p}numFmts count="${this.added.numFmts.length}">${this.added.numFmts.join('')}</${p}numFmts>${xml.slice(root.end)}`;
      }
    }
    return xml;
  }
}
