/**
 * Seeded benchmark data (bench/run.ts, bench/inputs.ts): headquarters rows as officers type them
 * (spec §1.6 columns, scripts/example-workbooks.ts HQ_HEADERS) and relief detail rows
 * (RELIEF_HEADERS). Rows are produced one at a time so that a 1,000,000-row workbook can be
 * streamed to disk without holding the rows in memory; the same seed gives the same rows.
 */
import { creditCode, intBetween, pick, prng } from '../scripts/codes';
import { HQ_HEADERS, RELIEF_HEADERS } from '../scripts/example-workbooks';
import type { CellValue, SheetGrid } from '../src/sheets/grid';

export { HQ_HEADERS, RELIEF_HEADERS };

export const DISTRICTS = ['鹿城区', '龙湾区', '瓯海区', '瑞安市', '乐清市', '永嘉县', '平阳县', '苍南县', '文成县', '泰顺县'];
export const PILOTS = ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'];
export const LISTS = ['中国企业500强', '中国民营企业500强', '中国制造业企业500强', '民营企业500强', '中国服务业企业500强'];
export const EXCHANGES = ['上交所', '深交所', '北交所', '港交所'];

/**
 * One row per headquarters (the 13 HQ_HEADERS columns), generated lazily. Credit codes are unique
 * (a repeated code is an input error, 每个企业只能填写一行): a code drawn twice is drawn again, which
 * first happens beyond 10,000 rows.
 */
export function* hqRows(n: number, seed = 1): Generator<CellValue[]> {
  const rng = prng(seed);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    let code = creditCode(rng, pick(rng, DISTRICTS));
    while (seen.has(code)) code = creditCode(rng, pick(rng, DISTRICTS));
    seen.add(code);
    const filers = intBetween(rng, 50, 20000);
    const listed = rng() < 0.03;
    yield [
      code, `示例总部企业${i + 1}有限公司`, null,
      intBetween(rng, 100, 3000000) / 100, intBetween(rng, 10, 300000) / 100, intBetween(rng, 0, 5000000) / 10,
      Math.round(filers * (0.7 + rng() * 0.3)), filers, null,
      rng() < 0.02 ? pick(rng, LISTS) : null,
      listed ? pick(rng, EXCHANGES) : null,
      listed ? new Date(Date.UTC(intBetween(rng, 2019, 2024), intBetween(rng, 0, 11), intBetween(rng, 1, 28))) : null,
      null,
    ];
  }
}

export const hqCells = (n: number, seed = 1): CellValue[][] => Array.from(hqRows(n, seed));

export function hqGrid(n: number): SheetGrid {
  return { name: '总部企业', cells: [[...HQ_HEADERS], ...hqRows(n)] };
}

/** Relief detail rows (the 5 RELIEF_HEADERS columns): about 2.5 rows per family, generated lazily. */
export function* reliefCells(n: number, seed = 3): Generator<CellValue[]> {
  const rng = prng(seed);
  const families = Math.floor(n / 2.5);
  for (let i = 0; i < n; i++) {
    const f = i < families ? i : intBetween(rng, 0, families - 1);
    yield [`F${f}`, null, null, PILOTS[f % PILOTS.length], intBetween(rng, 0, 12000000) / 100];
  }
}

export function reliefGrid(n: number, seed = 3): SheetGrid {
  return { name: '明细', cells: [[...RELIEF_HEADERS], ...reliefCells(n, seed)] };
}
