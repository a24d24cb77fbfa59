/**
 * Finding the header row and the columns of an input sheet, as officers build them: canonical
 * headers or their short forms, units in headers (元 / 万元 / 亿元 …) converted to the canonical
 * unit, two-row (merged) headers, repeated header rows, note rows, blank rows and 合计 rows.
 */
import { Decimal } from '../exact/decimal';
import { SheetGrid, CellValue, cellAt, cellAddress, columnLetters, isBlank } from './grid';
import { Problem, error, warning } from './problem';
import { normaliseText, cellText } from './parse-cell';

/** Units a header may carry, as a factor to a base unit of the same dimension. */
const UNITS: Record<string, { dimension: string; factor: string }> = {
  '元': { dimension: 'money', factor: '1' },
  '万元': { dimension: 'money', factor: '10000' },
  '亿元': { dimension: 'money', factor: '100000000' },
  '平方公里': { dimension: 'area', factor: '1' },
  '平方千米': { dimension: 'area', factor: '1' },
  'km2': { dimension: 'area', factor: '1' },
  'km²': { dimension: 'area', factor: '1' },
  '公顷': { dimension: 'area', factor: '0.01' },
  '%': { dimension: 'percent', factor: '1' },
  '人': { dimension: 'count', factor: '1' },
  '万人': { dimension: 'count', factor: '10000' },
  '个': { dimension: 'count', factor: '1' },
};

export interface FieldSpec {
  field: string;
  /** The canonical header, as in docs/rules.md and the template, e.g. 近两年在温营业收入合计（亿元）. */
  canonical: string;
  /** Short forms accepted besides the canonical one (units are stripped before comparing). */
  synonyms?: string[];
  required?: boolean;
}

export interface HeaderParts {
  base: string;
  unit: string | null;
}

/** Normalise a header and split off a trailing unit: "营业收入（万元）" → {base: "营业收入", unit: "万元"}. */
/** Characters any step of splitHeader acts on; a header without them is only lower-cased. */
const HEADER_SPECIAL = /[\s\uFF01-\uFF5E\u3000\u00A0\u2002-\u200B，。（【\[）】\]：*()\/:]/;

export function splitHeader(header: string): HeaderParts {
  if (!HEADER_SPECIAL.test(header)) return { base: header.toLowerCase(), unit: null };
  let text = normaliseText(header)
    .replace(/\s+/g, '')
    .replace(/[（【\[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .replace(/[：]/g, ':')
    .replace(/\*+$/, '')
    .replace(/^\*+/, '');
  let unit: string | null = null;
  for (;;) {
    const m = /^(.*)\(([^()]*)\)$/.exec(text);
    if (!m) break;
    const inner = m[2].replace(/^单位:/, '').toLowerCase();
    if (!(inner in UNITS)) break;
    unit = unit ?? inner;
    text = m[1];
  }
  if (unit === null) {
    const m = /^(.*?)[/:](元|万元|亿元|%)$/.exec(text);
    if (m) {
      text = m[1];
      unit = m[2];
    }
  }
  return { base: text.toLowerCase(), unit };
}

/** The factor 1 of a column already in its canonical unit (one shared, immutable Decimal:
 *  FieldReader skips the multiplication for it). */
export const UNIT_FACTOR = new Decimal(1);

/** Factor to multiply a value given in `headerUnit` by to get `canonicalUnit` (null = incompatible). */
export function unitFactor(headerUnit: string | null, canonicalUnit: string | null): Decimal | null {
  if (headerUnit === null || canonicalUnit === null || headerUnit === canonicalUnit) return UNIT_FACTOR;
  const from = UNITS[headerUnit];
  const to = UNITS[canonicalUnit];
  if (!from || !to || from.dimension !== to.dimension) return null;
  return new Decimal(from.factor).dividedBy(to.factor);
}

export interface ColumnMatch {
  field: string;
  col: number;
  header: string;
  unit: string | null;
  factor: Decimal;
}

export interface RawField {
  readonly value: CellValue;
  /** The cell's A1 address (readTable's fields make it when it is read). */
  readonly address: string;
  readonly numberFormat: string | null;
  /** Multiply numeric values by this to convert the header's unit to the canonical one. */
  readonly factor: Decimal;
  readonly header: string;
}

export interface TableRow {
  /** 1-based row number in the sheet. */
  rowNumber: number;
  fields: Record<string, RawField | undefined>;
}

export interface Table {
  sheet: string;
  /** 1-based sheet row of the header (the lower row of a two-row header). */
  headerRowNumber: number;
  columns: Record<string, ColumnMatch | undefined>;
  rows: TableRow[];
  problems: Problem[];
  /** Headers present in the sheet that no field took. */
  unmatchedHeaders: string[];
  date1904: boolean;
}

/** A data cell's text as readTable compares it: normalised (a number's text needs no normalising). */
function rowText(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return normaliseText(cellText(v));
}

/** Rows searched for the header row. */
export const HEADER_SCAN_ROWS = 20;
/** A note row (its first text starts so) and a totals row (its key text is one of these): skipped. */
export const NOTE_ROW = /^(说明|注[:：]|填表说明|填写说明|备注[:：])/;
export const TOTAL_ROW = /^(合计|总计|小计)$/;

/**
 * The header names of a set of specs, base → the first spec naming it (specs in order, canonical
 * before synonyms): what matchHeader compares a header cell with. Built once per readTable /
 * headerFit call instead of once per header cell.
 */
type SpecIndex = Map<string, { spec: FieldSpec; canonicalUnit: string | null }>;

function specIndex(specs: FieldSpec[]): SpecIndex {
  const index: SpecIndex = new Map();
  for (const spec of specs) {
    const canonical = splitHeader(spec.canonical);
    const names = [canonical.base, ...(spec.synonyms ?? []).map((s) => splitHeader(s).base)];
    for (const name of names) if (!index.has(name)) index.set(name, { spec, canonicalUnit: canonical.unit });
  }
  return index;
}

function matchHeader(text: string, index: SpecIndex): { spec: FieldSpec; unit: string | null; factor: Decimal | null } | null {
  const { base, unit } = splitHeader(text);
  if (base === '') return null;
  const hit = index.get(base);
  return hit ? { spec: hit.spec, unit, factor: unitFactor(unit, hit.canonicalUnit) } : null;
}

/** The plain form of matchHeader (every spec's names folded again for each cell): kept as the
 *  reference the index is tested against (test/sheets/table-fast.property.test.ts). */
export function matchHeaderPlain(text: string, specs: FieldSpec[]): { spec: FieldSpec; unit: string | null; factor: Decimal | null } | null {
  const { base, unit } = splitHeader(text);
  if (base === '') return null;
  for (const spec of specs) {
    const canonical = splitHeader(spec.canonical);
    const names = [canonical.base, ...(spec.synonyms ?? []).map((s) => splitHeader(s).base)];
    if (names.includes(base)) return { spec, unit, factor: unitFactor(unit, canonical.unit) };
  }
  return null;
}

/** matchHeader through an index built for `specs` (for the property test). */
export function matchHeaderIndexed(text: string, specs: FieldSpec[]): { spec: FieldSpec; unit: string | null; factor: Decimal | null } | null {
  return matchHeader(text, specIndex(specs));
}

function headerCandidates(grid: SheetGrid, row: number, col: number): string[] {
  const here = cellText(cellAt(grid, row, col)).trim();
  const above = row > 0 ? cellText(cellAt(grid, row - 1, col)).trim() : '';
  const out: string[] = [];
  if (here) out.push(here);
  if (above && here) out.push(above + here);
  if (above && !here) out.push(above); // vertically merged header cell
  return out;
}

function rowWidth(grid: SheetGrid): number {
  let width = 0;
  for (const r of grid.cells) width = Math.max(width, r.length);
  return width;
}

type Found = Map<string, ColumnMatch & { bad: boolean }> & { duplicates?: ColumnMatch[] };

/**
 * The fields the header cells of `row` name. A second column naming a field already taken is kept
 * in `duplicates` (never silently ignored: readTable reports it, naming both header cells).
 */
function matchRow(grid: SheetGrid, row: number, index: SpecIndex, width: number): Found {
  const found: Found = new Map();
  for (let col = 0; col < width; col++) {
    for (const text of headerCandidates(grid, row, col)) {
      const m = matchHeader(text, index);
      if (!m) continue;
      const factor = m.factor ?? UNIT_FACTOR;
      if (!found.has(m.spec.field)) {
        found.set(m.spec.field, { field: m.spec.field, col, header: text, unit: m.unit, factor, bad: m.factor === null });
      } else {
        (found.duplicates ??= []).push({ field: m.spec.field, col, header: text, unit: m.unit, factor });
      }
      break;
    }
  }
  return found;
}

/**
 * False only when `splitHeader(text).base` certainly differs from `base` (non-empty): `text` is a
 * data cell's normalised, trimmed text, whose first character splitHeader keeps as it is (or
 * removes, giving another first character or an empty base) unless it is one of * ( ) [ ] / :,
 * and lower-cases only for A–Z among ASCII and CJK ideographs. So the header-repeat test of a data
 * row folds a cell's text only when its first character could start the header's base.
 */
export function mayRepeatHeader(text: string, base: string): boolean {
  if (base === '' || text === '') return true;
  const c = text.charCodeAt(0);
  if (c < 0x80) {
    if (c === 0x2a || c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === 0x2f || c === 0x3a) return true;
    return (c >= 0x41 && c <= 0x5a ? c + 0x20 : c) === base.charCodeAt(0);
  }
  if (c >= 0x4e00 && c <= 0x9fff) return c === base.charCodeAt(0);
  return true;
}

/** How well a sheet's headers fit a set of field specs (0…1): used to suggest a calculation. */
export function headerFit(grid: SheetGrid, specs: FieldSpec[]): number {
  const width = rowWidth(grid);
  const index = specIndex(specs);
  let best = 0;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.cells.length); r++) {
    best = Math.max(best, matchRow(grid, r, index, width).size);
  }
  const required = specs.filter((s) => s.required).length || specs.length;
  return Math.min(1, best / required);
}

export interface ReadTableOptions {
  /** Columns mapped by hand (field → zero-based column), overriding detection. */
  mapping?: Record<string, number>;
  /** The field whose text identifies a row (used to recognise 合计 rows). */
  keyField?: string;
  /** Headers the tool itself writes beside the input columns: not warned about when unmatched. */
  ignoredHeaders?: string[];
}

/**
 * Locate the header row (the row among the first 20 matching the most fields), map columns, and
 * collect the data rows below it. Problems: missing required columns (errors), incompatible
 * units (errors), skipped 合计 rows (warnings).
 */
export function readTable(grid: SheetGrid, specs: FieldSpec[], options: ReadTableOptions = {}): Table {
  const problems: Problem[] = [];
  const width = rowWidth(grid);
  let headerRow = -1;
  let best: Found = new Map();
  const index = specIndex(specs);
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.cells.length); r++) {
    const found = matchRow(grid, r, index, width);
    if (found.size > best.size) {
      best = found;
      headerRow = r;
    }
  }
  if (options.mapping) {
    if (headerRow < 0) headerRow = 0;
    for (const [field, col] of Object.entries(options.mapping)) {
      const spec = specs.find((s) => s.field === field);
      if (!spec) continue;
      const header = cellText(cellAt(grid, headerRow, col)).trim() || spec.canonical;
      const { unit } = splitHeader(header);
      const factor = unitFactor(unit, splitHeader(spec.canonical).unit);
      best.set(field, { field, col, header, unit, factor: factor ?? UNIT_FACTOR, bad: factor === null });
    }
  }
  const columns: Record<string, ColumnMatch | undefined> = {};
  const result: Table = {
    sheet: grid.name, headerRowNumber: headerRow + 1 + (grid.origin?.row ?? 0), columns, rows: [], problems, unmatchedHeaders: [], date1904: grid.date1904 ?? false,
  };
  if (headerRow < 0) {
    problems.push(error(grid.name, null, `工作表「${grid.name}」前 ${HEADER_SCAN_ROWS} 行中未找到表头：应包含 ${specs.filter((s) => s.required).map((s) => `「${s.canonical}」`).join('、')} 等列。`));
    return result;
  }
  for (const [field, m] of best) {
    if (m.bad) {
      const spec = specs.find((s) => s.field === field)!;
      problems.push(error(grid.name, cellAddress(grid, headerRow, m.col), `列「${m.header}」的单位「${m.unit}」无法换算为「${spec.canonical}」的单位。`));
    }
    const { bad: _bad, ...match } = m;
    columns[field] = match;
  }
  for (const spec of specs) {
    if (spec.required && !columns[spec.field]) {
      problems.push(error(grid.name, cellAddress(grid, headerRow, 0).replace(/^[A-Z]+/, 'A'), `缺少必填列「${spec.canonical}」（表头在第 ${headerRow + 1 + (grid.origin?.row ?? 0)} 行）。`));
    }
  }
  // Two columns for one field: an error naming both header cells, unless the user chose the column
  // by hand (then a warning naming the one left unused). Never the first one silently.
  const at = (col: number) => cellAddress(grid, headerRow, col);
  for (const d of best.duplicates ?? []) {
    const chosen = columns[d.field];
    const spec = specs.find((x) => x.field === d.field)!;
    if (!chosen || chosen.col === d.col) continue;
    if (options.mapping && options.mapping[d.field] !== undefined) {
      problems.push(warning(grid.name, at(d.col), `列「${d.header}」（${grid.name}!${at(d.col)}）也对应「${spec.canonical}」，已按指定使用列「${chosen.header}」（${at(chosen.col)}），此列未使用。`));
    } else {
      problems.push(error(grid.name, at(d.col), `列「${chosen.header}」（${grid.name}!${at(chosen.col)}）和列「${d.header}」（${grid.name}!${at(d.col)}）都对应「${spec.canonical}」，无法确定使用哪一列：请删除或改名其中一列。`));
    }
  }
  // Every header no field took is said (docs/rules.md §1.8): a misspelt column cannot quietly
  // change a result. Blank headers and the columns named in `ignoredHeaders` are exempt.
  const taken = new Set(Object.values(columns).map((c) => c!.col));
  const duplicateCols = new Set((best.duplicates ?? []).map((d) => d.col));
  const ignored = new Set((options.ignoredHeaders ?? []).map((h) => splitHeader(h).base));
  for (let col = 0; col < width; col++) {
    const text = cellText(cellAt(grid, headerRow, col)).trim();
    if (!text || taken.has(col)) continue;
    result.unmatchedHeaders.push(text);
    if (duplicateCols.has(col) || ignored.has(splitHeader(text).base)) continue;
    problems.push(warning(grid.name, at(col), `列「${text}」未识别，未使用（${grid.name}!${at(col)}）。如该列应参与计算，请改用模板中的表头。`));
  }

  const mapped = Object.values(columns) as ColumnMatch[];
  const headerBases = mapped.map((c) => splitHeader(c.header).base);
  // Per-row work is kept small (10,000–100,000-row sheets): column letters once, no per-row
  // closures, no address strings (a field's address is made when a problem names it), the
  // header-repeat count stops as soon as its outcome is known.
  const originRow = grid.origin?.row ?? 0;
  const originCol = grid.origin?.col ?? 0;
  const fieldColumns = mapped.map((c): FieldColumn => ({ letters: columnLetters(c.col + originCol), factor: c.factor, header: c.header }));
  const repeatThreshold = Math.max(1, Math.ceil(mapped.length / 2));
  const keyCol = options.keyField ? columns[options.keyField] : undefined;
  const n = mapped.length;
  const cols = mapped.map((c) => c.col);
  const formats = grid.numberFormats;
  const RowFields = rowFieldsClass(mapped.map((c, i) => ({ field: c.field, col: c.col, column: fieldColumns[i] })));
  // A number's text (String(v), lower-cased by splitHeader) only has these characters.
  const numberCanRepeat = headerBases.map((b) => /^[0-9a-z.+-]*$/.test(b));
  const values: CellValue[] = new Array(n);
  const texts: Array<string | undefined> = new Array(n);
  for (let r = headerRow + 1; r < grid.cells.length; r++) {
    const line = grid.cells[r];
    let blank = true;
    for (let i = 0; i < n; i++) {
      const v = line?.[cols[i]] ?? null;
      values[i] = v;
      if (blank && !isBlank(v)) blank = false;
    }
    if (blank) continue;
    // Texts are made only where needed: the first non-empty one, and for the header-repeat test
    // only cells that could repeat their column's header (a number's text is its digits).
    texts.fill(undefined);
    let firstText = '';
    for (let i = 0; i < n; i++) {
      const t = rowText(values[i]);
      texts[i] = t;
      if (t !== '') { firstText = t; break; }
    }
    if (mayBeNoteRow(firstText) && NOTE_ROW.test(firstText)) continue;
    let repeatsHeader = 0;
    for (let i = 0; i < n; i++) {
      if (repeatsHeader >= repeatThreshold || repeatsHeader + (n - i) < repeatThreshold) break;
      const v = values[i];
      if (v === null || (typeof v === 'number' && !numberCanRepeat[i])) continue;
      let t = texts[i];
      if (t === undefined) t = texts[i] = rowText(v);
      if (t !== '' && mayRepeatHeader(t, headerBases[i]) && splitHeader(t).base === headerBases[i]) repeatsHeader++;
    }
    if (repeatsHeader >= repeatThreshold) continue;
    // A 合计 / 总计 / 小计 row: every one of them has 计, so other rows skip the folding.
    const keyRaw = keyCol ? normaliseText(cellText(cellAt(grid, r, keyCol.col))) : firstText;
    if (keyRaw.includes('计')) {
      const keyText = keyRaw.replace(/\s+/g, '');
      if (TOTAL_ROW.test(keyText)) {
        problems.push(warning(grid.name, cellAddress(grid, r, keyCol?.col ?? 0), `第 ${r + 1 + originRow} 行是「${keyText}」行，已忽略（由本工具重新计算合计）。`));
        continue;
      }
    }
    result.rows.push({ rowNumber: r + 1 + originRow, fields: new RowFields(line, formats?.[r], r + 1 + originRow) });
  }
  return result;
}

/** What the fields of one column share: its letters, unit factor and header text. */
interface FieldColumn {
  readonly letters: string;
  readonly factor: Decimal;
  readonly header: string;
}

/**
 * A data cell of a table row. Its A1 address ("D2") is made only when read — by a problem naming
 * the cell — not kept for every cell of a 100,000-row sheet; it is the same text as before.
 */
class TableField implements RawField {
  constructor(readonly value: CellValue, readonly numberFormat: string | null, private readonly rowNumber: number, private readonly column: FieldColumn) {}
  get address(): string { return `${this.column.letters}${this.rowNumber}`; }
  get factor(): Decimal { return this.column.factor; }
  get header(): string { return this.column.header; }
}

const LINE = Symbol('line');
const FORMATS = Symbol('formats');
const ROW_NUMBER = Symbol('rowNumber');

/**
 * A table row's `fields`, one class per table: the row keeps only its sheet line (the grid's own
 * array, not copied: the grid is not changed once read), its number formats and its row number;
 * each mapped field is a getter on the prototype that hands out the cell's RawField when read.
 * So a 100,000-row sheet does not keep 17 field objects per row for the whole run. Reading a
 * field gives the same value, format, factor, header and address as before; the object has no
 * own keys (fields are read by name: `row.fields.revenue`, `row.fields[field]`).
 */
function rowFieldsClass(columns: Array<{ field: string; col: number; column: FieldColumn }>): new (
  line: CellValue[], formats: (string | null | undefined)[] | undefined, rowNumber: number,
) => Record<string, RawField | undefined> {
  class RowFields {
    readonly [LINE]: CellValue[];
    readonly [FORMATS]: (string | null | undefined)[] | undefined;
    readonly [ROW_NUMBER]: number;
    constructor(line: CellValue[], formats: (string | null | undefined)[] | undefined, rowNumber: number) {
      this[LINE] = line;
      this[FORMATS] = formats;
      this[ROW_NUMBER] = rowNumber;
    }
  }
  for (const { field, col, column } of columns) {
    Object.defineProperty(RowFields.prototype, field, {
      get(this: RowFields): RawField {
        return new TableField(this[LINE][col] ?? null, this[FORMATS]?.[col] ?? null, this[ROW_NUMBER], column);
      },
      enumerable: true,
    });
  }
  return RowFields as unknown as new (line: CellValue[], formats: (string | null | undefined)[] | undefined, rowNumber: number) => Record<string, RawField | undefined>;
}

const NOTE_FIRST = new Set([...'说注填备'].map((ch) => ch.charCodeAt(0)));
/** NOTE_ROW only matches texts starting with 说, 注, 填 or 备: other rows skip the regular expression. */
function mayBeNoteRow(text: string): boolean {
  return NOTE_FIRST.has(text.charCodeAt(0));
}
