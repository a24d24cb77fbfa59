/**
 * Marking the sheets this tool created, in the .xlsx itself, so that a later run (CLI, web page
 * or task pane) can tell them from the user's own sheets.
 *
 * ExcelJS 4.4 neither reads nor writes custom document properties (docProps/custom.xml) nor
 * worksheet custom properties, so the mark is a pair of workbook-level defined names per run:
 *
 *   _wzpolicy.<k>.<calculator>.<runAt>.<i>   → '<created sheet>'!$A$1   (one per created sheet)
 *   _wzpolicy.<k>.<calculator>.<runAt>.src   → '<source sheet>'!$A$1    (the input sheet)
 *
 * <k> numbers the runs in the workbook, <calculator> is e.g. hq_rating, <runAt> the run time as
 * digits (20261129T094852123Z). Defined names follow their sheet when the user renames it (Excel
 * rewrites the reference), they survive Excel and LibreOffice re-saves, and they are visible in
 * Excel's Name Manager (ExcelJS cannot write the `hidden` attribute). They never touch a cell.
 */
import type { Workbook } from 'exceljs';
import type { ResultTag } from './port';

export const TAG_PREFIX = '_wzpolicy.';

interface DefinedNameModel {
  name: string;
  ranges: string[];
}

function definedNameModels(wb: Workbook): DefinedNameModel[] {
  return (wb.definedNames as unknown as { model: DefinedNameModel[] }).model ?? [];
}

/** A1 of a sheet as a defined-name reference: '名称'!$A$1 (apostrophes doubled). */
export function sheetAnchor(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'!$A$1`;
}

/** The sheet named by a reference such as '星级评定结果 (2)'!$A$1 or Sheet1!$A$1. */
export function sheetOfReference(ref: string): string | null {
  const quoted = /^'((?:[^']|'')+)'!/.exec(ref);
  if (quoted) return quoted[1].replace(/''/g, "'");
  const bare = /^([^!']+)!/.exec(ref);
  return bare ? bare[1] : null;
}

const stamp = (iso: string): string => iso.replace(/[^0-9TZ]/g, '') || '0';
const unstamp = (s: string): string => {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7] ?? '000'}Z` : s;
};

export interface TaggedSheet {
  sheet: string;
  tag: ResultTag;
  /** The run number within the workbook (1, 2, …). */
  run: number;
}

/** Every sheet marked as created by this tool, with the tag it was written under. */
export function readTags(wb: Workbook): TaggedSheet[] {
  const sources = new Map<string, string>();
  const created: Array<{ run: number; calculator: string; runAt: string; sheet: string; key: string; index: number }> = [];
  for (const dn of definedNameModels(wb)) {
    if (!dn.name || !dn.name.startsWith(TAG_PREFIX)) continue;
    const parts = dn.name.slice(TAG_PREFIX.length).split('.');
    if (parts.length !== 4) continue;
    const [run, calc, at, last] = parts;
    const sheet = dn.ranges?.[0] ? sheetOfReference(dn.ranges[0]) : null;
    if (sheet === null) continue;
    const key = `${run}.${calc}.${at}`;
    if (last === 'src') sources.set(key, sheet);
    else created.push({ run: Number(run), calculator: calc.replace(/_/g, '-'), runAt: unstamp(at), sheet, key, index: Number(last) });
  }
  created.sort((a, b) => a.run - b.run || a.index - b.index);
  return created.map((c) => ({
    sheet: c.sheet,
    run: c.run,
    tag: { calculator: c.calculator, runAt: c.runAt, sourceSheet: sources.get(c.key) ?? '' },
  }));
}

/** The next run number after the marks among these defined names (1 when there are none). */
export function nextRunAfter(definedNames: Iterable<string>): number {
  let max = 0;
  for (const name of definedNames) {
    if (!name?.startsWith(TAG_PREFIX)) continue;
    const n = Number(name.slice(TAG_PREFIX.length).split('.')[0]);
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max + 1;
}

function nextRun(wb: Workbook): number {
  return nextRunAfter(definedNameModels(wb).map((dn) => dn.name));
}

/**
 * The marks for sheets created in run number `run` as (defined name, reference) pairs. Shared by
 * the ExcelJS adapter (tagNames) and the package reader's workbook (package-workbook.ts), which
 * finds the run number from xl/workbook.xml itself.
 */
export function marksForRun(run: number, sheets: string[], tag: ResultTag, sourceExists: boolean): Array<{ name: string; ref: string }> {
  const calc = tag.calculator.replace(/[^A-Za-z0-9]/g, '_') || 'unknown';
  const base = `${TAG_PREFIX}${run}.${calc}.${stamp(tag.runAt)}`;
  const out = sheets.map((sheet, i) => ({ name: `${base}.${i + 1}`, ref: sheetAnchor(sheet) }));
  if (tag.sourceSheet && sourceExists) out.push({ name: `${base}.src`, ref: sheetAnchor(tag.sourceSheet) });
  return out;
}

/**
 * The marks for sheets created in one run as (defined name, reference) pairs, without adding
 * them: the package writer (xlsx-package/) appends exactly these to xl/workbook.xml.
 * `sourceExists` says whether the input sheet is in the workbook (its mark is left out if not).
 */
export function tagNames(wb: Workbook, sheets: string[], tag: ResultTag, sourceExists: boolean): Array<{ name: string; ref: string }> {
  return marksForRun(nextRun(wb), sheets, tag, sourceExists);
}

/**
 * Add the marks for sheets created in one run; returns an undo function that removes them.
 * A mark that cannot be added (e.g. a sheet name ExcelJS cannot parse in a reference) is skipped:
 * the mark is metadata and never a reason to lose the results.
 */
export function addTags(wb: Workbook, sheets: string[], tag: ResultTag): () => void {
  const added: Array<[string, string]> = [];
  const add = (ref: string, name: string) => {
    try {
      wb.definedNames.add(ref, name);
      added.push([ref, name]);
    } catch {
      // see above: skipped
    }
  };
  for (const { name, ref } of tagNames(wb, sheets, tag, Boolean(tag.sourceSheet && wb.getWorksheet(tag.sourceSheet)))) add(ref, name);
  return () => {
    for (const [ref, name] of added) {
      try {
        wb.definedNames.remove(ref, name);
      } catch {
        // nothing to undo
      }
    }
  };
}
