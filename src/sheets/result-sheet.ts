/**
 * The result-sheet model: what a calculation wants written, independent of ExcelJS and
 * Office.js. Numbers stay exact Decimals here; adapters write them as numbers with a number
 * format (display rounding is a format, never a change of the value).
 */
import { Decimal } from '../exact/decimal';
import type { IsoDate } from '../policies/edition';
import type { Problem } from './problem';

export type ResultCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: Decimal; format: string }
  | { kind: 'integer'; value: number; format?: string }
  | { kind: 'date'; iso: IsoDate }
  | { kind: 'empty' };

export interface ResultColumn {
  header: string;
  /** Width in Excel character units; computed by fitWidths when absent. */
  width?: number;
  /** Text column: written with number format "@" so codes and IDs stay text. */
  text?: boolean;
}

/**
 * A setting as shown on the parameter sheet and in the pane (the calculators' SettingDescriptor;
 * the parameter sheets of every calculation take this one type).
 */
export interface SettingDescriptor {
  key: string;
  label: string;
  value: string;
  defaultValue: string;
  /** Where the value comes from: an article, or "规则说明默认（可修改）" for spec-fixed defaults. */
  source: string;
  changed: boolean;
}

export type SheetRole = 'result' | 'parameters' | 'problems' | 'input-template' | 'signature';

export interface ResultSheet {
  /** Desired name; the writer picks a fresh one (" (2)") if taken. */
  name: string;
  role: SheetRole;
  columns: ResultColumn[];
  rows: ResultCell[][];
  /** Indexes into rows that are totals/check rows (shown bold). */
  totalsRows?: number[];
  /** Column index holding ★ tiers (coloured by a conditional format where supported). */
  starColumn?: number;
  /**
   * Drop-down lists for input templates: column index → allowed values. firstRow/lastRow are
   * zero-based indexes in the same space as `rows`, totalsRows and noteRows (index 0 = the sheet
   * row just below the header, i.e. sheet row index + 2) and may extend beyond `rows` so that
   * the empty rows an officer fills in get the list too (e.g. firstRow 0, lastRow 999).
   */
  validations?: Array<{
    col: number; values: string[]; firstRow: number; lastRow: number;
    /** The list is a suggestion: other values may be typed (Excel: error style "information"). */
    allowOther?: boolean;
  }>;
  /** Rows of free text shown above nothing: kept in rows; this only flags a note row index. */
  noteRows?: number[];
  /** A chart the Office.js adapter may add: category column and value column. */
  chart?: { title: string; categoryCol: number; valueCol: number; kind: 'column' | 'pie' };
  /**
   * Protect the sheet (no password: cells locked, objects and scenarios protected) — the 签章
   * sheet. Written by the package writer (xlsx-package/sheet-xml.ts); adapters that do not know
   * it leave the sheet unprotected.
   */
  protect?: boolean;
  /**
   * Headquarters per tier as the calculation reports them (星级评定结果): the Office.js adapter
   * writes this small table and its chart beside the results, instead of counting ★ cells.
   */
  tierTable?: Array<{ tier: string; count: number }>;
}

export const FMT = {
  yuan: '#,##0',
  fen: '#,##0.00',
  score: '0.00',
  share: '0.0000%',
  percent: '0.00%',
  decimal: '#,##0.####',
  integer: '0',
} as const;

export const text = (t: string): ResultCell => ({ kind: 'text', text: t });
export const num = (value: Decimal, format: string): ResultCell => ({ kind: 'number', value, format });
export const int = (value: number, format?: string): ResultCell => ({ kind: 'integer', value, format });
export const date = (iso: IsoDate): ResultCell => ({ kind: 'date', iso });
export const empty: ResultCell = { kind: 'empty' };

const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2605, 0x2606], [0x2e80, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6],
];

/**
 * Display width of text in Excel character units: one per code point, two for each CJK /
 * full-width / ★☆ character of the BMP. No regular expression per character (10,000-row sheets).
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x1100) { w += 1; continue; }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { i++; w += 1; continue; }
    }
    let wide = false;
    for (const [lo, hi] of WIDE_RANGES) if (c >= lo && c <= hi) { wide = true; break; }
    w += wide ? 2 : 1;
  }
  return w;
}

function cellDisplay(cell: ResultCell): string {
  switch (cell.kind) {
    case 'text': return cell.text;
    case 'number': return cell.value.toDecimalPlaces(2).toFixed() + ',,';
    case 'integer': return String(cell.value);
    case 'date': return cell.iso;
    default: return '';
  }
}

/** Column widths that fit the header and the contents (capped at 60; long text wraps). */
export function fitWidths(sheet: ResultSheet): number[] {
  return sheet.columns.map((c, i) => {
    if (c.width) return c.width;
    let w = displayWidth(c.header);
    for (const [r, row] of sheet.rows.entries()) {
      if (sheet.noteRows?.includes(r)) continue;
      const cell = row[i];
      if (cell) w = Math.max(w, displayWidth(cellDisplay(cell)));
    }
    return Math.min(60, Math.max(6, w + 2));
  });
}

/** The 校验问题 sheet (docs/interfaces.md): one row per problem. */
export function problemsSheet(problems: readonly Problem[]): ResultSheet {
  return {
    name: '校验问题',
    role: 'problems',
    columns: [{ header: '级别' }, { header: '工作表' }, { header: '单元格' }, { header: '说明', width: 80 }],
    rows: problems.map((p) => [text(p.severity === 'error' ? '错误' : '提示'), text(p.sheet), text(p.cell ?? ''), text(p.message)]),
  };
}

/** The line every result sheet of a draft run carries (docs/interfaces.md「6」`--edition`). */
export function draftNote(file: string, document: string): string {
  return `草案版本：本表按版本文件「${file}」（${document}）计算，不是现行政策文件的结果，仅供测算比较。`;
}

/**
 * Mark every sheet of a run with a draft edition: a blank row and the note row below its contents
 * (the parameter sheets also say so in their first row). The sheets are copied, never changed.
 */
export function markDraft(sheets: readonly ResultSheet[], file: string, document: string): ResultSheet[] {
  const note = text(draftNote(file, document));
  return sheets.map((sheet) => {
    const width = Math.max(1, sheet.columns.length);
    const blank: ResultCell[] = Array(width).fill(empty);
    const line: ResultCell[] = [note, ...Array(width - 1).fill(empty)];
    const rows = [...sheet.rows, blank, line];
    return { ...sheet, rows, noteRows: [...(sheet.noteRows ?? []), rows.length - 1] };
  });
}
