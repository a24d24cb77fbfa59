/**
 * Benchmarks (`npm run bench`): figures only, no assertions. Data is generated in memory with a
 * seeded PRNG; every figure is the median of a few runs after warm-up runs.
 *
 *   1. hq-rating core on 10,000 headquarters           target < 100 ms
 *   2. relief core on 1,000,000 family rows            target < 3 s
 *   3. CLI file-to-file (hq-rating --out) on a 10,000-row workbook vs the bare ExcelJS read of
 *      the same file                                   target ≤ 2×
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { Workbook } from 'exceljs';
import { Decimal } from '../src/exact/decimal';
import { editionInForce } from '../src/policies/registry';
import { rateHeadquarters, type HqInputRow } from '../src/rules/hq-rating';
import { computeRelief, reliefParameters, type ReliefRow } from '../src/rules/medical-relief';
import { hqRatingCalculator } from '../src/calculators/hq-rating';
import { reliefCalculator } from '../src/calculators/relief';
import type { SheetGrid, CellValue } from '../src/sheets/grid';
import { displayWidth } from '../src/sheets/result-sheet';
import { main } from '../src/cli/main';
import { creditCode, intBetween, pick, prng } from '../scripts/codes';
import { HQ_HEADERS, RELIEF_HEADERS } from '../scripts/example-workbooks';

const TODAY = '2025-03-01';
const DISTRICTS = ['鹿城区', '龙湾区', '瓯海区', '瑞安市', '乐清市', '永嘉县', '平阳县', '苍南县', '文成县', '泰顺县'];
const PILOTS = ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'];
const LISTS = ['中国企业500强', '中国民营企业500强', '中国制造业企业500强', '民营企业500强', '中国服务业企业500强'];
const EXCHANGES = ['上交所', '深交所', '北交所', '港交所'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median of `runs` timed runs after `warmup` untimed ones (so the JIT has compiled the hot paths). */
async function timeIt(runs: number, f: () => unknown | Promise<unknown>, warmup = 2): Promise<{ median: number; all: number[] }> {
  for (let i = 0; i < warmup; i++) await f();
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    all.push(performance.now() - t0);
  }
  return { median: median(all), all };
}

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const line = (label: string, value: string, note = ''): void =>
  void process.stdout.write(`${label}${' '.repeat(Math.max(1, 66 - displayWidth(label)))}${value.padStart(10)}  ${note}\n`);

// ---- data ------------------------------------------------------------------------------------

/** One row per headquarters as officers type it (spec §1.6 columns), plus every 10th a subsidiary. */
function hqCells(n: number, seed = 1): CellValue[][] {
  const rng = prng(seed);
  const rows: CellValue[][] = [];
  for (let i = 0; i < n; i++) {
    const code = creditCode(rng, pick(rng, DISTRICTS));
    const filers = intBetween(rng, 50, 20000);
    const listed = rng() < 0.03;
    rows.push([
      code, `示例总部企业${i + 1}有限公司`, null,
      intBetween(rng, 100, 3000000) / 100, intBetween(rng, 10, 300000) / 100, intBetween(rng, 0, 5000000) / 10,
      Math.round(filers * (0.7 + rng() * 0.3)), filers, null,
      rng() < 0.02 ? pick(rng, LISTS) : null,
      listed ? pick(rng, EXCHANGES) : null,
      listed ? new Date(Date.UTC(intBetween(rng, 2019, 2024), intBetween(rng, 0, 11), intBetween(rng, 1, 28))) : null,
      null,
    ]);
  }
  return rows;
}

function hqGrid(n: number): SheetGrid {
  return { name: '总部企业', cells: [[...HQ_HEADERS], ...hqCells(n)] };
}

function hqInputRows(n: number): HqInputRow[] {
  return hqCells(n).map((r) => ({
    creditCode: String(r[0]),
    name: String(r[1]),
    hqCreditCode: null,
    revenue: new Decimal(String(r[3])),
    localContribution: new Decimal(String(r[4])),
    rdExpense: new Decimal(String(r[5])),
    pensionContributors: new Decimal(String(r[6])),
    taxFilers: new Decimal(String(r[7])),
    pensionRate: null,
    top500Lists: r[9] ? [String(r[9])] : [],
    listingExchange: r[10] ? String(r[10]) : null,
    listingDate: r[11] instanceof Date ? r[11].toISOString().slice(0, 10) : null,
    disqualification: null,
  }));
}

function reliefRows(n: number, seed = 2): ReliefRow[] {
  const rng = prng(seed);
  const rows: ReliefRow[] = new Array(n);
  const families = Math.floor(n / 2.5);
  for (let i = 0; i < n; i++) {
    const f = i < families ? i : intBetween(rng, 0, families - 1);
    rows[i] = { familyId: `F${f}`, county: PILOTS[f % PILOTS.length], selfPay: new Decimal(intBetween(rng, 0, 12000000) / 100) };
  }
  return rows;
}

function reliefGrid(n: number, seed = 3): SheetGrid {
  const rng = prng(seed);
  const cells: CellValue[][] = [[...RELIEF_HEADERS]];
  const families = Math.floor(n / 2.5);
  for (let i = 0; i < n; i++) {
    const f = i < families ? i : intBetween(rng, 0, families - 1);
    cells.push([`F${f}`, null, null, PILOTS[f % PILOTS.length], intBetween(rng, 0, 12000000) / 100]);
  }
  return { name: '明细', cells };
}

// ---- benchmarks ------------------------------------------------------------------------------

async function benchHq(): Promise<void> {
  const { edition } = editionInForce('hq-rating', TODAY);
  const rows = hqInputRows(10000);
  const settings = { ratingDate: '2024-12-31', tieBreak: [], degenerateRange: 'full' as const };
  const core = await timeIt(7, () => rateHeadquarters({ rows, parameters: edition.parameters, settings }));
  line('hq-rating core (rateHeadquarters), 10,000 headquarters', ms(core.median), `target < 100 ms ${core.median < 100 ? '✓' : '✗'}`);
  const grid = hqGrid(10000);
  const calcSettings = hqRatingCalculator.defaultSettings(TODAY);
  const full = await timeIt(5, () => hqRatingCalculator.run(grid, calcSettings));
  line('hq-rating calculator.run on a grid (read+rate+sheets), 10,000', ms(full.median));
}

async function benchRelief(): Promise<void> {
  const { edition } = editionInForce('medical-relief', TODAY);
  const params = reliefParameters(edition);
  const rows = reliefRows(1_000_000);
  const core = await timeIt(5, () => computeRelief(rows, params), 1);
  line('relief core (computeRelief), 1,000,000 family rows', ms(core.median), `target < 3 s ${core.median < 3000 ? '✓' : '✗'}`);
  const grid = reliefGrid(1_000_000);
  const settings = reliefCalculator.defaultSettings(TODAY);
  const full = await timeIt(3, () => reliefCalculator.run(grid, settings), 1);
  line('relief calculator.run on a grid (read+compute+sheets), 1,000,000', ms(full.median));
}

async function benchCli(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-bench-'));
  try {
    const wb = new Workbook();
    const ws = wb.addWorksheet('总部企业');
    ws.addRow([...HQ_HEADERS]);
    for (const r of hqCells(10000)) ws.addRow(r.map((v) => (v === null ? undefined : v)));
    ws.getColumn(1).numFmt = '@';
    const file = path.join(dir, 'hq-10000.xlsx');
    writeFileSync(file, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const out = path.join(dir, 'hq-10000-out.xlsx');
    const quiet = { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), today: () => TODAY, cwd: () => dir };

    const read = await timeIt(3, async () => {
      const w = new Workbook();
      await w.xlsx.readFile(file);
    });
    let status = -1;
    const cliOut = await timeIt(3, async () => {
      status = await main(['hq-rating', file, '--out', out, '--force', '--json'], quiet);
    });
    const cliNoOut = await timeIt(3, async () => {
      await main(['hq-rating', file, '--json'], quiet);
    });
    line('bare ExcelJS read of the 10,000-row workbook', ms(read.median));
    line(`CLI hq-rating file → file (--out), 10,000 rows (exit ${status})`, ms(cliOut.median));
    line('CLI hq-rating file → JSON (no --out), 10,000 rows', ms(cliNoOut.median));
    const ratio = cliOut.median / read.median;
    // A failed run is no figure: its time says nothing about the file-to-file path.
    line('ratio CLI file-to-file / bare ExcelJS read', `${ratio.toFixed(2)}×`, status !== 0 ? `无效：命令退出 ${status}` : `target ≤ 2× ${ratio <= 2 ? '✓' : '✗'}`);
    line('ratio CLI to JSON / bare ExcelJS read', `${(cliNoOut.median / read.median).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<void> {
  process.stdout.write(`wzpolicy benchmarks — node ${process.version}, medians\n\n`);
  await benchHq();
  await benchRelief();
  await benchCli();
}

run().catch((e) => {
  process.stderr.write(`benchmark failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
