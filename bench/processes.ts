/**
 * Whole-process benchmarks (part of `npm run bench`, figures only): each command runs in its own
 * child process, the way an officer runs it, and is compared with the bare ExcelJS read of the same
 * file in its own Node process (bench/bare-read.ts) — and, for 10,000 headquarters, with LibreOffice
 * recalculating the formula workbook an officer would build by hand (bench/inputs.ts).
 *
 * Runs are paired and taken in turn (wzpolicy, read, [LibreOffice], wzpolicy, read, …) so that a
 * noisy neighbour slows both sides of a pair alike. Wall time is performance.now() around the
 * child; peak RSS is the child's own process.resourceUsage().maxRSS, written on exit by the
 * preload bench/peak-rss.ts. The ratio is the median of the pairwise ratios. A command that exits
 * non-zero (or is killed) gives no ratio; the reason is printed instead.
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import { Workbook } from 'exceljs';
import { ensureInputs, RANK_COLUMN, type InputName } from './inputs';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'wzpolicy.js');
const PRELOAD = path.join(__dirname, 'peak-rss.js');
const BARE_READ = path.join(__dirname, 'bare-read.js');
const GIB_IN_KIB = 1024 * 1024;
const NODE_TIMEOUT_MS = 30 * 60 * 1000;
const SOFFICE_TIMEOUT_MS = 15 * 60 * 1000;

// ---- formatting ------------------------------------------------------------------------------

/** Display width: CJK characters take two columns. */
const width = (s: string): number => {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
};
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number): string => ' '.repeat(Math.max(0, n - width(s))) + s;
const secs = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;
const times = (x: number): string => `${x.toFixed(2)}×`;
const mark = (ok: boolean): string => (ok ? '✓' : '✗');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---- one child process -------------------------------------------------------------------------

interface ChildRun {
  ms: number;
  ok: boolean;
  /** Why it is no figure (empty when ok). */
  why: string;
  maxRssKiB: number | null;
}

/** The line of a failed child's stderr that says most: a fatal error, else the first that is not a warning. */
function stderrHint(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const hint = lines.find((l) => /FATAL|out of memory|Error|错误/.test(l)) ?? lines.find((l) => !/^warning/i.test(l)) ?? '';
  return hint.length > 140 ? `${hint.slice(0, 140)}…` : hint;
}

let rssSeq = 0;

/**
 * Run one child to completion and time it. With `rss`, the child is a Node process started with
 * the peak-RSS preload; `detached` puts it in its own process group so that a timeout can end its
 * children too (soffice runs soffice.bin).
 */
function runChild(command: string, args: string[], o: { scratch: string; rss: boolean; timeoutMs: number; detached?: boolean; check?: () => string }): Promise<ChildRun> {
  const rssFile = o.rss ? path.join(o.scratch, `maxrss-${++rssSeq}.txt`) : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.WZPOLICY_BENCH_MAXRSS_FILE;
  if (rssFile) env.WZPOLICY_BENCH_MAXRSS_FILE = rssFile;
  return new Promise((resolve) => {
    let settled = false;
    let stderr = '';
    let ms = 0;
    let timedOut = false;
    const t0 = performance.now();
    const child: ChildProcess = spawn(command, o.rss ? ['--require', PRELOAD, ...args] : args, {
      cwd: o.scratch, env, stdio: ['ignore', 'ignore', 'pipe'], detached: o.detached ?? false,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (o.detached && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, o.timeoutMs);
    const done = (run: ChildRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      if (stderr.length < 65536) stderr += d;
    });
    child.on('exit', () => {
      ms = performance.now() - t0;
    });
    child.on('error', (e) => done({ ms: performance.now() - t0, ok: false, why: `could not start ${path.basename(command)}: ${e.message}`, maxRssKiB: null }));
    child.on('close', (code, signal) => {
      let maxRssKiB: number | null = null;
      if (rssFile && existsSync(rssFile)) {
        const v = Number(readFileSync(rssFile, 'utf8').trim());
        maxRssKiB = Number.isFinite(v) && v > 0 ? v : null;
        rmSync(rssFile, { force: true });
      }
      const hint = stderrHint(stderr);
      let why = '';
      if (timedOut) why = `timed out after ${secs(o.timeoutMs)}`;
      else if (signal) why = `killed by ${signal}${hint ? `: ${hint}` : ''}`;
      else if (code !== 0) why = `exited ${code}${hint ? `: ${hint}` : ''}`;
      else if (o.check) why = o.check();
      done({ ms, ok: why === '', why, maxRssKiB });
    });
  });
}

// ---- series of runs ------------------------------------------------------------------------------

interface Series {
  runs: ChildRun[];
  /** The first failed run, if any: then the series gives no figure. */
  failed: { run: number; why: string } | null;
  median: number | null;
  peakKiB: number | null;
}

function series(runs: ChildRun[]): Series {
  const i = runs.findIndex((r) => !r.ok);
  const rss = runs.map((r) => r.maxRssKiB).filter((x): x is number => x !== null);
  return {
    runs,
    failed: i >= 0 ? { run: i + 1, why: runs[i].why } : null,
    median: i >= 0 || runs.length === 0 ? null : median(runs.map((r) => r.ms)),
    peakKiB: rss.length ? Math.max(...rss) : null,
  };
}

/** Median of the pairwise ratios a[i] / b[i]; null when either side failed. */
function pairRatio(a: Series, b: Series): number | null {
  if (a.failed || b.failed || a.runs.length === 0) return null;
  return median(a.runs.map((r, i) => r.ms / b.runs[i].ms));
}

// ---- LibreOffice -----------------------------------------------------------------------------------

/** soffice on PATH (or SOFFICE=…), else null. */
function findSoffice(): string | null {
  const candidates = [
    process.env.SOFFICE,
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, process.platform === 'win32' ? 'soffice.exe' : 'soffice')),
    '/usr/bin/soffice',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // not there
    }
  }
  return null;
}

interface LibreOffice {
  soffice: string;
  profileUrl: string;
  profileDir: string;
  /** Empty when the warm-up conversion had computed values in the 名次 column; else what was wrong. */
  unverified: string;
}

/** One conversion of `file` into a fresh directory under `scratch`; `check` inspects the output. */
function convert(lo: { soffice: string; profileUrl: string }, file: string, scratch: string, check?: (out: string) => string): Promise<ChildRun> {
  const outDir = mkdtempSync(path.join(scratch, 'lo-out-'));
  const out = path.join(outDir, `${path.basename(file, path.extname(file))}.xlsx`);
  return runChild(lo.soffice, ['--headless', `-env:UserInstallation=${lo.profileUrl}`, '--convert-to', 'xlsx', '--outdir', outDir, file], {
    scratch, rss: false, timeoutMs: SOFFICE_TIMEOUT_MS, detached: true,
    check: () => (existsSync(out) ? (check ? check(out) : '') : 'exited 0 but wrote no converted file'),
  }).finally(() => {
    if (!check) rmSync(outDir, { recursive: true, force: true });
  });
}

/** How many of the data rows have no computed number in the 名次 column of the converted workbook. */
async function missingRanks(file: string, rows: number): Promise<number> {
  const wb = new Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  let missing = 0;
  for (let r = 2; r <= rows + 1; r++) {
    const v = ws.getCell(r, RANK_COLUMN).value;
    const result = typeof v === 'number' ? v : v !== null && typeof v === 'object' && 'result' in v ? v.result : undefined;
    if (typeof result !== 'number') missing++;
  }
  return missing;
}

/**
 * A profile of our own (so a LibreOffice the user has open is not disturbed) and one untimed
 * conversion: it creates the profile — a one-off cost an installed LibreOffice has long paid — and
 * shows whether LibreOffice really computed the formulas.
 */
async function prepareLibreOffice(soffice: string, formulaFile: string, rows: number, scratch: string): Promise<LibreOffice | string> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-bench-lo-profile-'));
  const lo = { soffice, profileDir, profileUrl: pathToFileURL(profileDir).href };
  let converted = '';
  const warm = await convert(lo, formulaFile, scratch, (out) => {
    converted = out;
    return '';
  });
  try {
    if (!warm.ok) {
      rmSync(profileDir, { recursive: true, force: true });
      return `warm-up conversion failed (${warm.why}), skipped`;
    }
    const missing = await missingRanks(converted, rows);
    const unverified = missing === 0 ? '' : `the converted workbook has no computed 名次 value in ${missing.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} rows`;
    return { ...lo, unverified };
  } finally {
    if (converted) rmSync(path.dirname(converted), { recursive: true, force: true });
  }
}

// ---- workloads -------------------------------------------------------------------------------------

interface Workload {
  label: string;
  input: InputName;
  command: 'hq-rating' | 'relief';
  /** Further options after `IN --out OUT --force` (e.g. --json, raised limits). */
  extra: string[];
  /** Runs unless --runs says otherwise. */
  runs: number;
  libreoffice: boolean;
  /** Target texts with ✓/✗ from the ratio and the peak RSS of wzpolicy. */
  targets: (ratio: number | null, peakKiB: number | null) => string;
}

const ratioTarget = (limit: number) => (ratio: number | null): string =>
  `≤ ${limit.toFixed(1)}× read ${ratio === null ? '(no figure)' : mark(ratio <= limit)}`;

const WORKLOADS: Workload[] = [
  // The workloads of issue 10's targets are `--out` runs (the text report to a discarded stdout);
  // --json is measured once, on the 100,000 relief rows, without a target.
  { label: 'hq-rating 10,000 HQs', input: 'hq-10000', command: 'hq-rating', extra: [], runs: 3, libreoffice: true, targets: (r) => ratioTarget(1.0)(r) },
  { label: 'hq-rating 100,000 HQs', input: 'hq-100000', command: 'hq-rating', extra: ['--max-cells', '2000000'], runs: 3, libreoffice: false, targets: (r) => ratioTarget(1.5)(r) },
  { label: 'relief 100,000 rows --json', input: 'relief-100000', command: 'relief', extra: ['--json'], runs: 3, libreoffice: false, targets: () => '—' },
  {
    label: 'relief 1,000,000 rows', input: 'relief-1000000', command: 'relief',
    // Three pairs, as for the others: the bare read of 1,000,000 rows needs ~2 GB and its time alone
    // moved from 17 to 29 s between runs (session 7), so one pair decided the ratio by chance.
    extra: ['--max-cells', '6000000', '--max-uncompressed-mb', '300'], runs: 3, libreoffice: false,
    targets: (r, peak) => `${ratioTarget(0.5)(r)}, peak < 1 GiB ${peak === null ? '(no figure)' : mark(peak < GIB_IN_KIB)}`,
  },
];

const QUICK: ReadonlySet<InputName> = new Set<InputName>(['hq-10000', 'relief-100000']);

export interface ProcessBenchOptions {
  /** Paired runs per workload (default: each workload's own, 3). */
  runs?: number;
  /** Only 10,000 HQs and 100,000 relief rows. */
  quick: boolean;
  write: (text: string) => void;
}

const COLS: [string, number, 'l' | 'r'][] = [
  ['workload', 27, 'l'], ['runs', 5, 'r'], ['wzpolicy', 10, 'r'], ['bare read', 11, 'r'], ['ratio', 8, 'r'],
  ['peak RSS wzpolicy', 17, 'r'], ['peak RSS read', 13, 'r'], ['target', 0, 'l'],
];
const row = (cells: string[]): string =>
  cells.map((c, i) => (COLS[i][2] === 'l' ? padEnd(c, COLS[i][1]) : padStart(c, COLS[i][1]))).join('  ').trimEnd();

export async function benchProcesses(opts: ProcessBenchOptions): Promise<void> {
  const w = opts.write;
  const workloads = WORKLOADS.filter((wl) => !opts.quick || QUICK.has(wl.input));
  const soffice = workloads.some((wl) => wl.libreoffice) ? findSoffice() : null;
  const names: InputName[] = workloads.map((wl) => wl.input);
  if (soffice) names.push('hq-10000-formulas');

  w('whole process — each command in its own child process, paired runs in turn (wzpolicy, bare read, …);\n');
  w('median wall time; ratio = median of the pairwise ratios wzpolicy / bare ExcelJS read; peak RSS = largest maxRSS of the runs\n');
  const inputs = await ensureInputs(names, {
    start: (name) => w(`  generating ${name}.xlsx … `),
    done: (_name, ms) => w(`${secs(ms)}\n`),
  });
  if (inputs.reused.length) w(`  reused the cached ${inputs.reused.map((n) => `${n}.xlsx`).join(', ')}\n`);
  w(`  inputs in ${inputs.dir}\n`);

  const scratch = mkdtempSync(path.join(tmpdir(), 'wzpolicy-bench-run-'));
  let lo: LibreOffice | null = null;
  let loNote = '';
  try {
    if (workloads.some((wl) => wl.libreoffice)) {
      if (!soffice) loNote = '未安装 LibreOffice，跳过';
      else {
        const prepared = await prepareLibreOffice(soffice, inputs.files['hq-10000-formulas'], 10_000, scratch);
        if (typeof prepared === 'string') loNote = prepared;
        else lo = prepared;
      }
    }
    w('\n');
    w(`${row(COLS.map((c) => c[0]))}\n`);
    for (const wl of workloads) {
      const n = opts.runs ?? wl.runs;
      const file = inputs.files[wl.input];
      const out = path.join(scratch, `${wl.input}-out.xlsx`);
      const cliArgs = [CLI, wl.command, file, '--out', out, '--force', ...wl.extra];
      const ours: ChildRun[] = [];
      const read: ChildRun[] = [];
      const office: ChildRun[] = [];
      for (let i = 0; i < n; i++) {
        ours.push(await runChild(process.execPath, cliArgs, { scratch, rss: true, timeoutMs: NODE_TIMEOUT_MS }));
        read.push(await runChild(process.execPath, [BARE_READ, file], { scratch, rss: true, timeoutMs: NODE_TIMEOUT_MS }));
        if (wl.libreoffice && lo) office.push(await convert(lo, inputs.files['hq-10000-formulas'], scratch));
      }
      rmSync(out, { force: true });
      const a = series(ours);
      const b = series(read);
      const ratio = pairRatio(a, b);
      w(`${row([
        wl.label, String(n),
        a.median === null ? 'failed' : secs(a.median), b.median === null ? 'failed' : secs(b.median),
        ratio === null ? '—' : times(ratio),
        a.peakKiB === null ? '—' : mib(a.peakKiB), b.peakKiB === null ? '—' : mib(b.peakKiB),
        wl.targets(ratio, a.peakKiB),
      ])}\n`);
      if (n > 1) w(`    each run: wzpolicy ${ours.map((r) => secs(r.ms)).join(', ')}; bare read ${read.map((r) => secs(r.ms)).join(', ')}\n`);
      if (a.failed) w(`    no ratio: wzpolicy run ${a.failed.run} ${a.failed.why}\n`);
      if (b.failed) w(`    no ratio: bare read run ${b.failed.run} ${b.failed.why}\n`);
      if (wl.libreoffice) {
        if (!lo) w(`    LibreOffice: ${loNote}\n`);
        else {
          const c = series(office);
          const factor = pairRatio(c, a);
          const target = factor === null ? '(no figure)' : `${mark(factor >= 20)}${lo.unverified ? ' (unverified)' : ''}`;
          w(`    LibreOffice recalculating the formula workbook: ${c.median === null ? 'failed' : secs(c.median)}` +
            `${n > 1 ? ` (each run ${office.map((r) => secs(r.ms)).join(', ')})` : ''}` +
            ` = wzpolicy ${factor === null ? '—' : times(factor)} faster; target ≥ 20× faster ${target}\n`);
          if (c.failed) w(`    no ratio: LibreOffice run ${c.failed.run} ${c.failed.why}\n`);
          if (lo.unverified) w(`    LibreOffice did not compute the formulas: ${lo.unverified}\n`);
        }
      }
    }
    if (lo) {
      w(`  LibreOffice: ${lo.soffice} --headless --convert-to xlsx ${path.basename(inputs.files['hq-10000-formulas'])} (formulas without cached values), own profile\n`);
      w(`  created by one untimed conversion first${lo.unverified ? '' : ', whose 名次 column had computed values in every row'}; its peak RSS is not measured\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (lo) rmSync(lo.profileDir, { recursive: true, force: true });
  }
}
