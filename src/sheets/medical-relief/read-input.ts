/**
 * Reading the relief input sheet (docs/rules.md §3 "Input headers"; 温政办〔2023〕90号 三、（五）) into typed
 * rows, with every problem in Chinese naming the sheet and the cell.
 *
 * This is a lean path for large sheets (1,000,000 rows): the header is found by the shared
 * `readTable` on the first rows only, and the data rows are then read here without building a
 * RawField per cell. It follows `readTable` exactly in which rows it skips (blank rows, 说明/注
 * note rows, repeated header rows, 合计/总计/小计 rows with a warning) and uses `FieldReader` for
 * every failing cell, so messages are the shared ones. Well-formed cells take a fast path.
 */
import { Decimal, ZERO, compactDecimal } from '../../exact/decimal';
import { SheetGrid, CellValue, cellAddress, isBlank } from '../grid';
import { Problem, error, warning } from '../problem';
// NOTE_ROW / TOTAL_ROW: the same skip patterns as readTable (one definition in table.ts).
import { readTable, splitHeader, RawField, NOTE_ROW, TOTAL_ROW, HEADER_SCAN_ROWS } from '../table';
import { FieldReader } from '../field-reader';
import { idNumberInCell, misplacedIdProblem } from '../id-guard';
import { normaliseText, cellText } from '../parse-cell';
import { decimalOfNumber } from '../number-decimal';
import { checkIdNumber, maskIdNumber } from '../../rules/medical-relief/mask-id';
import type { ReliefRow } from '../../rules/medical-relief/relief-per-family';
import { decimalOfFen, fenOf, fenOfNumber } from '../../rules/medical-relief/fen';
import { RELIEF_FIELDS, ReliefField } from './fields';


/** Row-level problems listed one by one; beyond this a single summary line is added. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface ReliefInput {
  sheet: string;
  /**
   * Valid rows in input order (rows with an error are left out) — when no `sink` was given;
   * with one, the rows went to it and this stays empty.
   */
  rows: ReliefRow[];
  /** 1-based sheet row number of each valid row (row i of `rows`, or the i-th handed to the sink). */
  rowNumbers: number[];
  /** Column letters of each matched field. */
  letters: Partial<Record<ReliefField, string>>;
  /** The header text as found in the sheet, per matched field. */
  headers: Partial<Record<ReliefField, string>>;
  problems: Problem[];
  /** The year of the 年度 column when given (one year per calculation), else null. */
  year: number | null;
  /** A1 address of the first 年度 cell, when given. */
  yearCell: string | null;
}

/**
 * Where the valid rows go, one call per row in input order (FamilyAccumulator, so that 1,000,000
 * typed rows are never built only to be summed: issue 10, memory). `selfPay` is the exact amount
 * in 元, or null when it is given as `fen` only (whole fen ≥ 0, exactly); when it is given, `fen`
 * is fenOf(selfPay).
 */
export interface ReliefRowSink {
  add(familyId: string, county: string, selfPay: Decimal | null, fen: number, name: string | null, idMasked: string | null): void;
}

/** The default sink: the typed rows, into `rows`. */
function collectInto(rows: ReliefRow[]): ReliefRowSink {
  return {
    add(familyId, county, selfPay, fen, name, idMasked) {
      rows.push({ familyId, county, selfPay: selfPay ?? decimalOfFen(fen), name, idMasked });
    },
  };
}

/** A1 address of a field's cell in the valid row `index` (see ReliefInput.rowNumbers). */
export function addressOf(input: ReliefInput, field: ReliefField, index: number): string | null {
  const letters = input.letters[field];
  return letters ? `${letters}${input.rowNumbers[index]}` : null;
}

/** normaliseText, skipped for the common strings it would not change (no scan by regex). */
export function norm(s: string): string {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029
      || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x3002 || c === 0xfeff || (c >= 0xff01 && c <= 0xff5e)) {
      return normaliseText(s);
    }
  }
  return s;
}

/** The folded text of a cell, for the skip rules and for telling blank cells only (never shown). */
function textOf(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return norm(v);
  if (typeof v === 'number') return String(v);
  return normaliseText(cellText(v));
}

/** What the skip rules see of a number cell: non-empty, no note, header or 合计 text. */
const NUMBER_TEXT = '0';

/** The cell's text exactly as typed (docs/rules.md §1.8): what is written to every output. */
function typedText(v: CellValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return cellText(v);
}

/** Relief amounts are published to the fen (docs/rules.md §3), so an input carries at most 2 decimals. */
const FEN_PLACES = 2;

interface Col { field: ReliefField; col: number; header: string; base: string; base0: number; letters: string; factor: Decimal }

/** A first character that splitHeader strips or changes (* and opening brackets). */
function mayOpenHeader(c: number): boolean {
  return c === 0x2a || c === 0x28 || c === 0x5b || c === 0xff08 || c === 0x3010 || c === 0xff3b || c === 0xff0a;
}

const YEAR_TEXT = /^(\d{4})(年度?)?$/;

/**
 * Read and validate the input sheet (温政办〔2023〕90号 三、（五）inputs): 家庭编号 and 县（市、区）
 * required and non-empty; 综合保障后自负医疗费用 required, numeric, ≥ 0 (万元 headers converted to
 * 元) and at most to the fen (docs/rules.md §3); 身份证号 optional, GB 11643-1999 check digit (kept
 * only masked); 年度 optional, one year.
 *
 * Text as typed (docs/rules.md §1.8): 家庭编号, 姓名 and 县（市、区） are handed on exactly as the
 * cell holds them (full-width characters and spaces kept); folding is used only to tell a blank
 * cell and to skip note / header / 合计 rows. Grouping and matching are the rules' business.
 *
 * Open point decided here: a self-pay with more than 2 decimals (123.456, or 0.30000000000000004
 * from a float formula) is an error naming the cell, asking the officer to round to the fen — the
 * tool does not round money the officer typed.
 */
export function readReliefInput(grid: SheetGrid, options: { mapping?: Record<string, number>; sink?: ReliefRowSink } = {}): ReliefInput {
  const sheet = grid.name;
  const originRow = grid.origin?.row ?? 0;
  const result: ReliefInput = { sheet, rows: [], rowNumbers: [], letters: {}, headers: {}, problems: [], year: null, yearCell: null };
  const sink = options.sink ?? collectInto(result.rows);

  const first = readTable({ ...grid, cells: grid.cells.slice(0, HEADER_SCAN_ROWS) }, RELIEF_FIELDS, { mapping: options.mapping, keyField: 'familyId' });
  const headerIdx = first.headerRowNumber - 1 - originRow;
  if (headerIdx < 0) {
    result.problems.push(...first.problems);
    return result;
  }
  // Again on the rows up to the header only, so that row warnings are not taken twice.
  const head = readTable({ ...grid, cells: grid.cells.slice(0, headerIdx + 1) }, RELIEF_FIELDS, { mapping: options.mapping, keyField: 'familyId' });
  result.problems.push(...head.problems);
  if (head.problems.some((p) => p.severity === 'error')) return result;

  const cols: Col[] = [];
  for (const spec of RELIEF_FIELDS) {
    const m = head.columns[spec.field];
    if (!m) continue;
    const field = spec.field as ReliefField;
    const letters = cellAddress(grid, 0, m.col).replace(/\d+$/, '');
    const base = splitHeader(m.header).base;
    cols.push({ field, col: m.col, header: m.header, base, base0: base.charCodeAt(0), letters, factor: m.factor });
    result.letters[field] = letters;
    result.headers[field] = m.header;
  }
  cols.sort((a, b) => a.col - b.col);
  const find = (f: ReliefField) => cols.find((c) => c.field === f) ?? null;
  const fam = find('familyId')!;
  const county = find('county')!;
  const pay = find('selfPay')!;
  const name = find('name');
  const idc = find('idNumber');
  const yearCol = find('year');
  const payFactorIsOne = pay.factor.equals(1);
  const repeatThreshold = Math.max(1, Math.ceil(cols.length / 2));

  const reader = new FieldReader(sheet, grid.date1904 ?? false);
  const own: Problem[] = [];
  const raw = (c: Col, v: CellValue, rowNumber: number): RawField => ({
    value: v, address: `${c.letters}${rowNumber}`, numberFormat: null, factor: c.factor, header: c.header,
  });
  /**
   * Full ID → k, its first valid row having 家庭编号 idFamilies[k] as typed and row number
   * idRows[k] (for the warning about one person in two families; the rows themselves are not kept).
   */
  const seenIds = new Map<string, number>();
  const idFamilies: string[] = [];
  const idRows: number[] = [];
  const otherYears = new Set<number>();
  const vals: CellValue[] = new Array(cols.length).fill(null);
  const texts: (string | null)[] = new Array(cols.length).fill(null);
  const iFam = cols.indexOf(fam);
  const iCounty = cols.indexOf(county);
  const iName = name ? cols.indexOf(name) : -1;
  const cells = grid.cells;

  for (let r = headerIdx + 1; r < cells.length; r++) {
    const line = cells[r];
    if (!line) continue;
    let blank = true;
    for (let i = 0; i < cols.length; i++) {
      const v = line[cols[i].col] ?? null;
      vals[i] = v;
      texts[i] = null;
      if (blank && !isBlank(v)) blank = false;
    }
    if (blank) continue;
    const rowNumber = r + 1 + originRow;

    // The skip rules of readTable: note rows, repeated header rows, 合计 rows.
    let firstText = '';
    let repeats = 0;
    for (let i = 0; i < cols.length; i++) {
      const v = vals[i];
      if (v === null) continue;
      // A number's text is never blank, a note, a header or a 合计 text (the only uses of
      // `texts` and firstText): NUMBER_TEXT stands for it, no string is made per number cell.
      const t = typeof v === 'number' ? NUMBER_TEXT : textOf(v);
      texts[i] = t;
      if (firstText === '' && t !== '') firstText = t;
      if (typeof v === 'string' && t !== '') {
        const c = t.charCodeAt(0);
        const c0 = c >= 0x41 && c <= 0x5a ? c + 0x20 : c; // splitHeader lowercases
        if ((c0 === cols[i].base0 || mayOpenHeader(c0)) && splitHeader(t).base === cols[i].base) repeats++;
      }
    }
    if (NOTE_ROW.test(firstText)) continue;
    if (repeats >= repeatThreshold) continue;
    const famFolded = texts[iFam] ?? '';
    if (famFolded.includes('计')) {
      const keyText = famFolded.replace(/\s+/g, '');
      if (TOTAL_ROW.test(keyText)) {
        own.push(warning(sheet, `${fam.letters}${rowNumber}`, `第 ${rowNumber} 行是「${keyText}」行，已忽略（由本工具重新计算合计）。`));
        continue;
      }
    }

    let ok = true;
    // An ID number in any column but 身份证号 (docs/rules.md §3 Personal data): an error, masked.
    for (let i = 0; i < cols.length; i++) {
      const v = vals[i];
      // An error value in a text column (家庭编号, 县, 姓名) is no text: said, naming the cell (the
      // amount and 年度 columns report theirs when they are read).
      if (v !== null && typeof v === 'object' && !(v instanceof Date) && cols[i] !== pay && cols[i] !== yearCol) {
        own.push(error(sheet, `${cols[i].letters}${rowNumber}`, `「${cols[i].header}」单元格为错误值 ${v.error}，不能作为文字读取。`));
        ok = false;
        continue;
      }
      if (cols[i] === idc || v === null || (typeof v === 'string' ? v.length < 18 : typeof v !== 'number' || v < 1e17)) continue;
      const masked = idNumberInCell(v);
      if (masked !== null) {
        own.push(misplacedIdProblem(sheet, `${cols[i].letters}${rowNumber}`, cols[i].header, masked));
        ok = false;
      }
    }
    if (!ok) continue;
    // 家庭编号 (required; as typed)
    let famText = '';
    if (famFolded === '') {
      reader.text(raw(fam, vals[iFam], rowNumber), fam.header, { required: true });
      ok = false;
    } else {
      famText = typedText(vals[iFam]);
    }
    // 县（市、区） (required; as typed)
    let countyName = '';
    if ((texts[iCounty] ?? '') === '') {
      reader.text(raw(county, vals[iCounty], rowNumber), county.header, { required: true });
      ok = false;
    } else {
      countyName = typedText(vals[iCounty]);
    }
    // 综合保障后自负医疗费用（元） (required, ≥ 0)
    const pv = line[pay.col] ?? null;
    let selfPay: Decimal | null = null;
    /** The amount in whole fen when it is taken without a Decimal (then selfPay stays null). */
    let payFen = -1;
    if (typeof pv === 'number' && Number.isFinite(pv) && pv >= 0) {
      // Nearly every cell: a number of 元 to the fen, summed in fen (fenOfNumber is
      // fenOf(decimalOfNumber(pv)), no Decimal per row: issue 10, memory). Else the Decimal.
      if (payFactorIsOne) payFen = fenOfNumber(pv);
      if (payFen < 0) {
        // decimalOfNumber(pv) is new Decimal(pv), made without its text (sheets/number-decimal.ts).
        selfPay = pv === 0 ? ZERO : decimalOfNumber(pv);
        if (!payFactorIsOne) selfPay = selfPay.times(pay.factor);
        // The digits at their exact size (issue 10, memory).
        if (selfPay !== ZERO) compactDecimal(selfPay);
      }
    } else {
      selfPay = reader.decimal(raw(pay, pv, rowNumber), pay.header, { required: true, nonNegative: true });
      if (selfPay === null) ok = false;
    }
    if (selfPay !== null && selfPay.decimalPlaces() > FEN_PLACES) {
      own.push(error(sheet, `${pay.letters}${rowNumber}`, subFenMessage(pay, pv, selfPay)));
      ok = false;
    }
    // 姓名 (optional; as typed)
    const personName = iName >= 0 && (texts[iName] ?? '') !== '' ? typedText(vals[iName]) : '';
    // 身份证号 (optional; GB 11643-1999; kept only masked)
    let idMasked: string | null = null;
    let newId: string | null = null;
    if (idc) {
      const v = line[idc.col] ?? null;
      if (!isBlank(v)) {
        const address = `${idc.letters}${rowNumber}`;
        if (typeof v !== 'string') {
          own.push(error(sheet, address, `「${idc.header}」是数字格式，18 位号码的末几位可能已被 Excel 改动；请把该列设为文本格式后重新填写身份证号。`));
          ok = false;
        } else {
          const check = checkIdNumber(norm(v));
          if (!check.ok) {
            own.push(error(sheet, address, `「${idc.header}」${check.reason}。`));
            ok = false;
          } else {
            idMasked = maskIdNumber(check.id);
            const seen = seenIds.get(check.id);
            if (seen === undefined) newId = check.id;
            else if (idFamilies[seen].trim() !== famText.trim()) {
              const first = idFamilies[seen];
              own.push(warning(sheet, address, `身份证号「${idMasked}」同时出现在家庭「${first}」（${idc.letters}${idRows[seen]}）和家庭「${famText}」中，请核实是否重复登记。`));
            }
          }
        }
      }
    }
    // 年度 (optional; one year per calculation)
    if (yearCol) {
      const v = line[yearCol.col] ?? null;
      if (!isBlank(v)) {
        const address = `${yearCol.letters}${rowNumber}`;
        let year: number | null = null;
        if (typeof v === 'number' && Number.isInteger(v)) year = v;
        else if (typeof v === 'string') {
          const m = YEAR_TEXT.exec(norm(v).replace(/\s+/g, ''));
          if (m) year = Number(m[1]);
        }
        if (year === null || year < 1900 || year > 2999) {
          own.push(error(sheet, address, `「${yearCol.header}」应为四位年份（如 2024）：「${cellText(v).trim()}」。`));
          ok = false;
        } else if (result.year === null) {
          result.year = year;
          result.yearCell = address;
        } else if (year !== result.year && !otherYears.has(year)) {
          otherYears.add(year);
          own.push(error(sheet, address, `一次只能测算一个年度：${address} 为 ${year} 年，而 ${result.yearCell} 为 ${result.year} 年；化解按家庭按年度计算，请按年度分表填写。`));
          ok = false;
        }
      }
    }
    if (!ok) continue;
    sink.add(famText, countyName, selfPay, selfPay === null ? payFen : fenOf(selfPay), personName || null, idMasked);
    result.rowNumbers.push(rowNumber);
    if (newId !== null) {
      seenIds.set(newId, idFamilies.length);
      idFamilies.push(famText);
      idRows.push(rowNumber);
    }
  }

  const problems = [...reader.problems, ...own];
  // Keep the sheet order of problems (by row, then column) so that the list reads top to bottom.
  problems.sort((a, b) => rowOf(a.cell) - rowOf(b.cell));
  if (problems.length > MAX_LISTED_PROBLEMS) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    const rest = problems.length - MAX_LISTED_PROBLEMS;
    problems.length = MAX_LISTED_PROBLEMS;
    problems.push((errors > 0 ? error : warning)(sheet, null, `另有 ${rest} 个问题未逐一列出（共 ${errors} 个错误），请先改正以上问题后重新计算。`));
  }
  result.problems.push(...problems);
  return result;
}

/** The error for an amount below the fen (docs/rules.md §3: amounts to the fen). */
function subFenMessage(pay: Col, value: CellValue, yuan: Decimal): string {
  const shown = typeof value === 'number' ? String(value) : cellText(value).trim();
  const converted = pay.factor.equals(1) ? '' : `（折合 ${yuan.toString()} 元）`;
  const formula = typeof value === 'number' ? '；如为公式计算结果，可用 ROUND(…, 2) 取到分' : '';
  return `「${pay.header}」金额最多到分（两位小数）：${shown}${converted}。请四舍五入到分后重新填写${formula}。`;
}

function rowOf(cell: string | null): number {
  if (!cell) return 0;
  const m = /\d+$/.exec(cell);
  return m ? Number(m[0]) : 0;
}
