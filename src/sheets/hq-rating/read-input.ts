/**
 * Reading the 总部企业星级评定 input sheet (docs/rules.md §1.6–§1.8) into typed rows for the rules of
 * 温政办〔2023〕88号 附件1. Cell-level checks live here (required headers and cells, numbers,
 * negatives, credit-code check digit, dates, percentages); checks between fields and rows
 * (counts vs. filers, rate > 100 %, duplicates, unknown headquarters and list names, listing
 * columns) are made by the rules, which name the same cells through each row's `source`.
 */
import { Decimal } from '../../exact/decimal';
import { checkCreditCode, normaliseCreditCode } from '../../rules/hq-rating/credit-code';
import type { HqField, HqInputRow } from '../../rules/hq-rating/types';
import { FieldReader } from '../field-reader';
import { cellText, matchKey } from '../parse-cell';
import { idNumberInCell, misplacedIdProblem } from '../id-guard';
import { columnLetters, isBlank, SheetGrid } from '../grid';
import { Problem, error } from '../problem';
import { readTable, Table } from '../table';
import { HQ_FIELD_SPECS, hqFieldSpec } from './fields';

export interface HqInputReading {
  /** Rows read without any error, in sheet order. */
  rows: HqInputRow[];
  /** Credit codes of rows that had an error (so that their subsidiaries are not reported again). */
  knownCodes: Set<string>;
  problems: Problem[];
  table: Table;
}

/** Separators of 三年内入选榜单 (docs/rules.md §1.6): 、 , ， ； ; — 无 or empty = none. */
export const LIST_SEPARATORS = /[、,，；;]/;
const NONE_WORDS = new Set(['无', '否', '没有', '-', '—', '／', '/']);
/** 附件2 第17项 offers 「非上市企业」 besides the exchanges: no listing. */
const NOT_LISTED = new Set(['非上市企业', '非上市', '未上市', '非上市公司']);

export function splitListNames(text: string): string[] {
  if (text === '') return [];
  return text.split(LIST_SEPARATORS).map((t) => t.trim()).filter((t) => t !== '' && !NONE_WORDS.has(matchKey(t)));
}

/** null for an empty cell or a word meaning none (compared folded); else the text as typed. */
function noneToNull(text: string, extra?: ReadonlySet<string>): string | null {
  const key = matchKey(text);
  return key === '' || NONE_WORDS.has(key) || (extra !== undefined && extra.has(key)) ? null : text;
}

/** 附件2 第21项 是 / 否 (also 有 / 无, Y / N): true, false, or null when blank; undefined when unreadable. */
const YES_WORDS = new Set(['是', '有', 'y', 'yes', '√', '✓']);
const NO_WORDS = new Set(['否', '无', '没有', 'n', 'no', '×', '-', '—']);
function yesNo(text: string): boolean | null | undefined {
  const key = matchKey(text).toLowerCase();
  if (key === '') return null;
  if (YES_WORDS.has(key)) return true;
  if (NO_WORDS.has(key)) return false;
  return undefined;
}

const LABELS = new Map<HqField, string>(HQ_FIELD_SPECS.map((s) => [s.field, s.label]));
const label = (field: HqField): string => LABELS.get(field) ?? hqFieldSpec(field).label;

const ROW = Symbol('row');

/**
 * The cell addresses of a row's fields (SourceRef.cells), made when a rule's problem reads one:
 * `cells.revenue` is "D2" as before, but no address string is kept per field and row (17 per
 * headquarters row, alive until the run ends). The getters live on a prototype made per sheet
 * (one per mapped field), so the object holds only its row number; it has no own keys.
 */
function cellRefs(letters: Array<[HqField, string]>): (rowNumber: number) => Partial<Record<HqField, string>> {
  class CellRefs {
    readonly [ROW]: number;
    constructor(rowNumber: number) { this[ROW] = rowNumber; }
  }
  for (const [field, l] of letters) {
    Object.defineProperty(CellRefs.prototype, field, {
      get(this: CellRefs) { return `${l}${this[ROW]}`; },
      enumerable: true,
    });
  }
  return (rowNumber) => new CellRefs(rowNumber) as Partial<Record<HqField, string>>;
}

/** Read and check the input sheet; never throws for bad input. */
export function readHqInput(grid: SheetGrid, options: { mapping?: Record<string, number> } = {}): HqInputReading {
  const table = readTable(grid, HQ_FIELD_SPECS, { mapping: options.mapping });
  const problems: Problem[] = [...table.problems];
  const reading: HqInputReading = { rows: [], knownCodes: new Set(), problems, table };
  const sheet = grid.name;
  const headerCell = (col: number) => `${columnLetters(col + (grid.origin?.col ?? 0))}${table.headerRowNumber}`;
  const firstCol = `A${table.headerRowNumber}`;

  // 参保率 needs either both count columns or the rate column (docs/rules.md §1.6 "yes, unless rate given").
  const c = table.columns;
  const headerFound = table.headerRowNumber > (grid.origin?.row ?? 0);
  if (headerFound && !c.pensionRate && (!c.pensionContributors || !c.taxFilers)) {
    const missing = [!c.pensionContributors ? hqFieldSpec('pensionContributors').canonical : null, !c.taxFilers ? hqFieldSpec('taxFilers').canonical : null]
      .filter(Boolean).map((h) => `「${h}」`).join('、');
    problems.push(error(sheet, firstCol, `缺少必填列${missing}（或改为提供「${hqFieldSpec('pensionRate').canonical}」列）。`));
  }
  if (problems.some((p) => p.severity === 'error')) return reading;
  if (table.rows.length === 0) {
    problems.push(error(sheet, firstCol, `表头（第 ${table.headerRowNumber} 行）下没有企业数据行。`));
    return reading;
  }

  const reader = new FieldReader(sheet, table.date1904);
  const before = reader.problems.length;
  const rates = c.pensionRate ? reader.percentColumn(table, 'pensionRate', label('pensionRate')) : table.rows.map(() => null);
  const afterRates = reader.problems.length;
  const shares = c.holdingShare ? reader.percentColumn(table, 'holdingShare', label('holdingShare')) : null;
  // A column mixing 0.85-style and 85-style numbers is an error naming the column (its header cell);
  // the rows with a value in it are then left out so that no follow-on error is reported for them.
  const mixedColumn = (from: number, to: number, col: number | undefined): boolean => {
    let mixed = false;
    for (const p of reader.problems.slice(from, to)) {
      if (p.cell === null && col !== undefined) { p.cell = headerCell(col); mixed = true; }
    }
    return mixed;
  };
  const mixedRateColumn = mixedColumn(before, afterRates, c.pensionRate?.col);
  const mixedShareColumn = mixedColumn(afterRates, reader.problems.length, c.holdingShare?.col);

  // Labels, the mapped fields and their letters once per sheet, not per row.
  const L = {
    creditCode: label('creditCode'), name: label('name'), hqCreditCode: label('hqCreditCode'), holdingShare: label('holdingShare'),
    location: label('location'), revenue: label('revenue'), localContribution: label('localContribution'), rdExpense: label('rdExpense'),
    pensionContributors: label('pensionContributors'), taxFilers: label('taxFilers'), top500Lists: label('top500Lists'),
    listingExchange: label('listingExchange'), listingDate: label('listingDate'), disqualification: label('disqualification'),
    county: label('county'), ownOffice: label('ownOffice'),
  };
  const mappedSpecs = HQ_FIELD_SPECS.filter((spec) => c[spec.field] !== undefined);
  const originCol = grid.origin?.col ?? 0;
  const newCells = cellRefs(mappedSpecs.map((spec) => [spec.field, columnLetters(c[spec.field]!.col + originCol)]));
  const required = { required: true } as const;
  const moneyRules = { required: true, nonNegative: true } as const;
  const countRules = { nonNegative: true, integer: true } as const;

  const drafts: Array<{ row: HqInputRow; cells: Partial<Record<HqField, string>>; hasRate: boolean; hasShare: boolean }> = [];
  const tableRows = table.rows;
  for (let i = 0; i < tableRows.length; i++) {
    const tr = tableRows[i];
    const f = tr.fields;
    const cells = newCells(tr.rowNumber);
    for (const spec of mappedSpecs) {
      const raw = f[spec.field];
      if (!raw) continue;
      // An ID number pasted into any column (docs/rules.md §3 Personal data) — except a credit
      // code that passes its own GB 32100 check in a code column.
      const codeField = spec.field === 'creditCode' || spec.field === 'hqCreditCode';
      const v = raw.value;
      // 统一社会信用代码 typed as a number: Excel keeps 15 significant digits, so an 18-digit code
      // has already lost its last digits (913303020000002413 → …2400) and may still pass the check.
      if (codeField && typeof v === 'number') {
        reader.problems.push(error(sheet, raw.address, `「${spec.label}」是数字格式的单元格（${v}）：18 位代码作为数字保存时末几位已被 Excel 改动，无法核对。请把该列设为文本格式后重新输入代码。`));
        continue;
      }
      // idNumberInCell's own quick reject, inlined: a text under 18 characters, a number under 1e17.
      if (typeof v === 'string' ? v.length < 18 : typeof v !== 'number' || v < 1e17) continue;
      const masked = idNumberInCell(v);
      if (masked !== null && !(codeField && checkCreditCode(cellText(v)).ok)) {
        reader.problems.push(misplacedIdProblem(sheet, raw.address, raw.header, masked));
      }
    }
    // Codes are matched folded (GB 32100 fixes their alphabet) and shown as typed (§1.8).
    const rawCode = reader.text(f.creditCode, L.creditCode, required);
    let creditCode = '';
    if (rawCode !== '') {
      const check = checkCreditCode(rawCode);
      if (!check.ok) reader.problems.push(error(sheet, f.creditCode?.address ?? null, `统一社会信用代码「${rawCode}」${check.reason}。`));
      creditCode = check.code;
    }
    const name = reader.text(f.name, L.name, required);
    const hqTyped = reader.text(f.hqCreditCode, L.hqCreditCode);
    const hqText = normaliseCreditCode(hqTyped);
    const share = shares ? shares[i] : null;
    if (share !== null && (share.isNegative() || share.greaterThan(1))) {
      reader.problems.push(error(sheet, f.holdingShare?.address ?? null, `「${L.holdingShare}」应在 0%—100% 之间：${share.times(100).toFixed()}%。`));
    }
    const location = noneToNull(reader.text(f.location, L.location));
    const revenue = reader.decimal(f.revenue, L.revenue, moneyRules);
    const localContribution = reader.decimal(f.localContribution, L.localContribution, moneyRules);
    const rdExpense = reader.decimal(f.rdExpense, L.rdExpense, moneyRules);
    const pensionContributors = reader.decimal(f.pensionContributors, L.pensionContributors, countRules);
    const taxFilers = reader.decimal(f.taxFilers, L.taxFilers, countRules);
    const lists = splitListNames(reader.text(f.top500Lists, L.top500Lists));
    const exchange = noneToNull(reader.text(f.listingExchange, L.listingExchange), NOT_LISTED);
    const listingDate = reader.date(f.listingDate, L.listingDate);
    const disqualification = noneToNull(reader.text(f.disqualification, L.disqualification));
    const countyText = reader.text(f.county, L.county);
    const officeText = reader.text(f.ownOffice, L.ownOffice);
    const ownOffice = yesNo(officeText);
    if (ownOffice === undefined) {
      reader.problems.push(error(sheet, f.ownOffice?.address ?? null, `「${L.ownOffice}」应填「是」或「否」（附件2 第21项），不能是「${officeText}」。`));
    }
    drafts.push({
      cells,
      hasRate: f.pensionRate !== undefined && !isBlank(f.pensionRate.value),
      hasShare: f.holdingShare !== undefined && !isBlank(f.holdingShare.value),
      row: {
        creditCode,
        ...(rawCode !== creditCode && rawCode !== '' ? { creditCodeAsTyped: rawCode } : {}),
        name,
        hqCreditCode: hqText === '' || hqText === '无' ? null : hqText,
        ...(hqTyped !== hqText && hqText !== '' && hqText !== '无' ? { hqCreditCodeAsTyped: hqTyped } : {}),
        holdingShare: share,
        location,
        revenue: revenue ?? new Decimal(0),
        localContribution: localContribution ?? new Decimal(0),
        rdExpense: rdExpense ?? new Decimal(0),
        pensionContributors,
        taxFilers,
        pensionRate: rates[i],
        top500Lists: lists,
        listingExchange: exchange,
        listingDate,
        disqualification,
        ...(c.county ? { county: countyText === '' ? null : countyText } : {}),
        ...(c.ownOffice ? { ownOffice: ownOffice ?? null } : {}),
        source: { sheet, rowNumber: tr.rowNumber, cells },
      },
    });
  }
  problems.push(...reader.problems);

  const errorCells = new Set<string>();
  for (const p of problems) if (p.severity === 'error' && p.cell) errorCells.add(p.cell);
  const fieldsOfCells = mappedSpecs.map((spec) => spec.field);
  for (const d of drafts) {
    const unreadableRate = (mixedRateColumn && d.hasRate) || (mixedShareColumn && d.hasShare);
    if (unreadableRate || (errorCells.size > 0 && fieldsOfCells.some((field) => errorCells.has(d.cells[field]!)))) {
      if (d.row.creditCode !== '') reading.knownCodes.add(d.row.creditCode);
    } else {
      reading.rows.push(d.row);
    }
  }
  return reading;
}
