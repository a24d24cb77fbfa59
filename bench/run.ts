/**
 * Benchmarks (`npm run bench [-- --runs N] [-- --quick]`): figures only, no assertions. Data is
 * generated with a seeded PRNG (bench/data.ts).
 *
 * In process, medians of a few runs after warm-up runs:
 *   1. hq-rating core on 10,000 headquarters           target < 100 ms
 *   2. relief core on 1,000,000 family rows            target < 3 s
 *
 * Whole process (bench/processes.ts), each command a child process, N paired runs in turn with the
 * bare ExcelJS read of the same file (bench/bare-read.ts); wall time and peak RSS:
 *   3. hq-rating --out, 10,000 HQs                     target ≤ 1.0× read, ≥ 20× faster than
 *                                                      LibreOffice recalculating a formula workbook
 *   4. hq-rating --out, 100,000 HQs                    target ≤ 1.5× read
 *   5. relief --out --json, 100,000 rows               (no target)
 *   6. relief --out, 1,000,000 rows                    target ≤ 0.5× read, peak RSS < 1 GiB
 *
 *   --runs N   paired runs per whole-process workload (default 3)
 *   --quick    only the whole-process pairs of 10,000 HQs and 100,000 relief rows
 */
import { performance } from 'perf_hooks';
import { Decimal } from '../src/exact/decimal';
import { editionInForce } from '../src/policies/registry';
import { rateHeadquarters, type HqInputRow } from '../src/rules/hq-rating';
import { computeRelief, reliefParameters, type ReliefRow } from '../src/rules/medical-relief';
import { hqRatingCalculator } from '../src/calculators/hq-rating';
import { reliefCalculator } from '../src/calculators/relief';
import { intBetween, prng } from '../scripts/codes';
import { PILOTS, hqCells, hqGrid, reliefGrid } from './data';
import { benchProcesses } from './processes';

const TODAY = '2025-03-01';

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

/** Display width: CJK characters take two columns. */
const width = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
};
const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const line = (label: string, value: string, note = ''): void =>
  void process.stdout.write(`${label}${' '.repeat(Math.max(1, 66 - width(label)))}${value.padStart(10)}  ${note}\n`);

// ---- data ------------------------------------------------------------------------------------

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

class UsageError extends Error {}

interface Args {
  runs?: number;
  quick: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--runs' || a.startsWith('--runs=')) {
      const v = a === '--runs' ? argv[++i] : a.slice('--runs='.length);
      if (!/^[1-9]\d*$/.test(v ?? '')) throw new UsageError(`--runs needs a positive whole number, got ${v ?? 'nothing'}`);
      args.runs = Number(v);
    } else throw new UsageError(`unknown option ${a} (usage: node dist-node/bench/run.js [--runs N] [--quick])`);
  }
  return args;
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.stdout.write(`wzpolicy benchmarks — node ${process.version}, medians\n\n`);
  if (!args.quick) {
    await benchHq();
    await benchRelief();
    process.stdout.write('\n');
  }
  await benchProcesses({ runs: args.runs, quick: args.quick, write: (t) => void process.stdout.write(t) });
}

run().catch((e) => {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`benchmark failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
