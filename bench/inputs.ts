/**
 * The input workbooks of the whole-process benchmarks (bench/processes.ts), written once with
 * ExcelJS's streaming writer from the seeded rows of bench/data.ts and cached under
 * os.tmpdir()/wzpolicy-bench-inputs-<hash>. The hash covers everything that decides the bytes
 * (this file, bench/data.ts, scripts/codes.ts, the headers, the ExcelJS version), so a change to
 * any of them makes a fresh directory; a re-run with the same code reuses the files.
 *
 * Besides the inputs of wzpolicy, `hq-10000-formulas` is the workbook an officer would build by
 * hand for the same 10,000 headquarters: formula columns for the efficacy-coefficient scores (MIN
 * and MAX over whole columns), a total, RANK over the total column and a tier by rank. The
 * formulas are written without cached values, so whoever opens it must compute them.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { stream } from 'exceljs';
import type { CellValue } from '../src/sheets/grid';
import { HQ_HEADERS, RELIEF_HEADERS, hqRows, reliefCells } from './data';

export type InputName = 'hq-10000' | 'hq-100000' | 'relief-100000' | 'relief-1000000' | 'hq-10000-formulas';

/** Bump to regenerate every cached input even though no hashed file changed. */
const FORMAT = 'wzpolicy-bench-inputs/1';

export interface Inputs {
  dir: string;
  files: Record<InputName, string>;
  /** What was already in the cache, and what was generated now (with how long it took). */
  reused: InputName[];
  generated: { name: InputName; ms: number }[];
}

function versionHash(): string {
  const h = createHash('sha256');
  h.update(FORMAT);
  // The compiled files next to this one: the generator code itself.
  for (const f of [__filename, require.resolve('./data'), require.resolve('../scripts/codes')]) h.update(readFileSync(f));
  h.update(JSON.stringify([HQ_HEADERS, RELIEF_HEADERS]));
  h.update(String((require('exceljs/package.json') as { version: string }).version));
  return h.digest('hex').slice(0, 12);
}

type Row = CellValue[];

/** Excel rows from our cells: an empty cell is left out rather than written as null. */
const excelRow = (r: Row): unknown[] => r.map((v) => (v === null ? undefined : v));

/** Stream `rows` into one sheet of a new workbook at `file` (first column as text, format @). */
async function writeSheet(file: string, sheet: string, headers: readonly string[], rows: Iterable<unknown[]>): Promise<void> {
  const wb = new stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet(sheet);
  ws.columns = headers.map((h, i) => ({ key: `c${i}`, width: i === 0 ? 22 : 14, ...(i === 0 ? { style: { numFmt: '@' } } : {}) }));
  ws.addRow([...headers]).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

/** Tiers by rank (二、星级标准 bands of edition 2023-12-19), as an officer would nest IFs. */
const TIER = (rank: string): string =>
  `IF(${rank}<=5,"五星级",IF(${rank}<=15,"四星级",IF(${rank}<=30,"三星级",IF(${rank}<=60,"二星级","一星级"))))`;

/** The officer's formula columns N–V appended to the 13 input columns A–M. */
export const FORMULA_HEADERS = ['参保率（%）', '营业收入得分', '地方贡献得分', '研发费用得分', '参保率得分', '附加分', '总分', '名次', '星级'] as const;
/** Column of 名次 (1-based) in the formula workbook. */
export const RANK_COLUMN = HQ_HEADERS.length + FORMULA_HEADERS.indexOf('名次') + 1;

function* formulaRows(n: number): Generator<unknown[]> {
  const eff = (col: string, r: number, weight: number): { formula: string } => ({
    formula: `(${col}${r}-MIN(${col}:${col}))/(MAX(${col}:${col})-MIN(${col}:${col}))*${weight}`,
  });
  let r = 1;
  for (const row of hqRows(n)) {
    r++;
    yield [
      ...excelRow(row),
      { formula: `G${r}/H${r}*100` }, // N 参保率 = 缴费人数 ÷ 个税申报人数
      eff('D', r, 30), // O 营业收入 30 分
      eff('E', r, 50), // P 地方贡献 50 分
      eff('F', r, 10), // Q 研发费用 10 分
      eff('N', r, 10), // R 参保率 10 分
      {
        // S 附加分: the list (就高) plus 1 for a listing within three years of 2024-12-31
        formula:
          `IF(J${r}="中国企业500强",3,IF(OR(J${r}="中国民营企业500强",J${r}="民营企业500强"),2,` +
          `IF(OR(J${r}="中国制造业企业500强",J${r}="中国服务业企业500强"),1,0)))` +
          `+IF(AND(K${r}<>"",L${r}>DATE(2021,12,31)),1,0)`,
      },
      { formula: `SUM(O${r}:S${r})` }, // T 总分
      { formula: `RANK(T${r},T:T)` }, // U 名次
      { formula: TIER(`U${r}`) }, // V 星级
    ];
  }
}

const GENERATORS: Record<InputName, (file: string) => Promise<void>> = {
  'hq-10000': (f) => writeSheet(f, '总部企业', HQ_HEADERS, (function* () { for (const r of hqRows(10000)) yield excelRow(r); })()),
  'hq-100000': (f) => writeSheet(f, '总部企业', HQ_HEADERS, (function* () { for (const r of hqRows(100000)) yield excelRow(r); })()),
  'relief-100000': (f) => writeSheet(f, '明细', RELIEF_HEADERS, (function* () { for (const r of reliefCells(100000)) yield excelRow(r); })()),
  'relief-1000000': (f) => writeSheet(f, '明细', RELIEF_HEADERS, (function* () { for (const r of reliefCells(1000000)) yield excelRow(r); })()),
  'hq-10000-formulas': (f) => writeSheet(f, '总部企业', [...HQ_HEADERS, ...FORMULA_HEADERS], formulaRows(10000)),
};

/** The cached inputs named, generating the missing ones (each written to a temporary name first). */
export async function ensureInputs(
  names: readonly InputName[], progress?: { start(name: InputName): void; done(name: InputName, ms: number): void },
): Promise<Inputs> {
  const dir = path.join(tmpdir(), `wzpolicy-bench-inputs-${versionHash()}`);
  mkdirSync(dir, { recursive: true });
  const files = Object.fromEntries((Object.keys(GENERATORS) as InputName[]).map((n) => [n, path.join(dir, `${n}.xlsx`)])) as Record<InputName, string>;
  const reused: InputName[] = [];
  const generated: { name: InputName; ms: number }[] = [];
  for (const name of names) {
    if (existsSync(files[name])) { reused.push(name); continue; }
    progress?.start(name);
    const partial = `${files[name]}.${process.pid}.partial`;
    const t0 = performance.now();
    try {
      await GENERATORS[name](partial);
      renameSync(partial, files[name]);
    } finally {
      rmSync(partial, { force: true });
    }
    generated.push({ name, ms: performance.now() - t0 });
    progress?.done(name, generated[generated.length - 1].ms);
  }
  return { dir, files, reused, generated };
}
