/**
 * Finding the header row and the columns of an input sheet, as officers build them: canonical
 * headers or their short forms, units in headers (元 / 万元 / 亿元 …) converted to the canonical
 * unit, two-row (merged) headers, repeated header rows, note rows, blank rows and 合计 rows.
 */
import { Decimal } from '../exact/decimal';
import { SheetGrid, CellValue, cellAt, cellAddress, columnLetters, formatAt, isBlank } from './grid';
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
  value: CellValue;
  address: string;
  numberFormat: string | null;
  /** Multiply numeric values by this to convert the header's unit to the canonical one. */
  factor: Decimal;
  header: string;
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

function matchHeader(text: string, specs: FieldSpec[]): { spec: FieldSpec; unit: string | null; factor: Decimal | null } | null {
  const { base, unit } = splitHeader(text);
  if (base === '') return null;
  for (const spec of specs) {
    const canonical = splitHeader(spec.canonical);
    const names = [canonical.base, ...(spec.synonyms ?? []).map((s) => splitHeader(s).base)];
    if (names.includes(base)) return { spec, unit, factor: unitFactor(unit, canonical.unit) };
  }
  return null;
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
function matchRow(grid: SheetGrid, row: number, specs: FieldSpec[], width: number): Found {
  const found: Found = new Map();
  for (let col = 0; col < width; col++) {
    for (const text of headerCandidates(grid, row, col)) {
      const m = matchHeader(text, specs);
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

/** How well a sheet's headers fit a set of field specs (0…1): used to suggest a calculation. */
export function headerFit(grid: SheetGrid, specs: FieldSpec[]): number {
  const width = rowWidth(grid);
  let best = 0;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.cells.length); r++) {
    best = Math.max(best, matchRow(grid, r, specs, width).size);
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
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, grid.cells.length); r++) {
    const found = matchRow(grid, r, specs, width);
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
  // Per-row work is kept small (10,000-row sheets): column letters once, no per-row closures,
  // the header-repeat count stops as soon as its outcome is known.
  const originRow = grid.origin?.row ?? 0;
  const originCol = grid.origin?.col ?? 0;
  const letters = mapped.map((c) => columnLetters(c.col + originCol));
  const repeatThreshold = Math.max(1, Math.ceil(mapped.length / 2));
  const keyCol = options.keyField ? columns[options.keyField] : undefined;
  const n = mapped.length;
  // A number's text (String(v), lower-cased by splitHeader) only has these characters.
  const numberCanRepeat = headerBases.map((b) => /^[0-9a-z.+-]*$/.test(b));
  const values: CellValue[] = new Array(n);
  const texts: Array<string | undefined> = new Array(n);
  for (let r = headerRow + 1; r < grid.cells.length; r++) {
    const line = grid.cells[r];
    let blank = true;
    for (let i = 0; i < n; i++) {
      const v = line?.[mapped[i].col] ?? null;
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
    if (NOTE_ROW.test(firstText)) continue;
    let repeatsHeader = 0;
    for (let i = 0; i < n; i++) {
      if (repeatsHeader >= repeatThreshold || repeatsHeader + (n - i) < repeatThreshold) break;
      const v = values[i];
      if (v === null || (typeof v === 'number' && !numberCanRepeat[i])) continue;
      let t = texts[i];
      if (t === undefined) t = texts[i] = rowText(v);
      if (t !== '' && splitHeader(t).base === headerBases[i]) repeatsHeader++;
    }
    if (repeatsHeader >= repeatThreshold) continue;
    const keyText = keyCol ? normaliseText(cellText(cellAt(grid, r, keyCol.col))).replace(/\s+/g, '') : firstText.replace(/\s+/g, '');
    if (TOTAL_ROW.test(keyText)) {
      problems.push(warning(grid.name, cellAddress(grid, r, keyCol?.col ?? 0), `第 ${r + 1 + originRow} 行是「${keyText}」行，已忽略（由本工具重新计算合计）。`));
      continue;
    }
    const fields: Record<string, RawField | undefined> = {};
    const rowNumber = r + 1 + originRow;
    for (let i = 0; i < n; i++) {
      const c = mapped[i];
      fields[c.field] = {
        value: values[i],
        address: letters[i] + rowNumber,
        numberFormat: formatAt(grid, r, c.col),
        factor: c.factor,
        header: c.header,
      };
    }
    result.rows.push({ rowNumber, fields });
  }
  return result;
}
