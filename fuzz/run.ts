/**
 * `npm run fuzz` — the fuzz suite of issue «hardened against what arrives by e-mail». Runs the
 * CLI on generated workbooks (fuzz/generate.ts, seeded), on the hostile corpus (fuzz/hostile.ts,
 * built by code) and with misused options, within a time budget, and checks after every run:
 *   - never exit 3, never a stack trace;
 *   - exit ≠ 0 ⇒ no output file; the input file's bytes unchanged;
 *   - an exit-0 JSON obeys the invariants (fuzz/invariants.ts) and repeats input texts as typed;
 *   - no unmasked ID number in stdout, stderr or any result sheet;
 *   - the hostile files end within 30 s and under 1 GiB (child processes, peak RSS measured).
 *
 *   node dist-node/fuzz/run.js [--seconds 240] [--count N] [--seed 1] [--bomb-mib 200] [--no-hostile] [--quiet]
 *
 * Prints counts per outcome and exits 1 when any check failed (each failure with its seed and
 * case, so it can be replayed: the same seed gives the same inputs).
 */
import { spawnSync, execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { main } from '../src/cli/main';
import { generateBook, Rng, type GeneratedBook, type Kind } from './generate';
import { hostileCorpus } from './hostile';
import { hqInvariants, reliefInvariants, unmaskedIds, waterInvariants } from './invariants';

interface Args { seconds: number; count: number; seed: number; bombMib: number; quiet: boolean; hostile: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { seconds: 240, count: Number.POSITIVE_INFINITY, seed: 1, bombMib: 200, quiet: false, hostile: true };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--seconds': a.seconds = Number(v); i++; break;
      case '--count': a.count = Number(v); i++; break;
      case '--seed': a.seed = Number(v); i++; break;
      case '--bomb-mib': a.bombMib = Number(v); i++; break;
      case '--quiet': a.quiet = true; break;
      case '--no-hostile': a.hostile = false; break;
      default: throw new Error(`未知选项 ${argv[i]}`);
    }
  }
  return a;
}

const ROOT = path.resolve(__dirname, '..', '..');
const STACK = /\n\s+at .+:\d+:\d+\)?/;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Tally { runs: number; failedRuns: number; byExit: Record<string, number>; failures: string[]; slowest: { name: string; ms: number; rssMiB: number } | null }

/** Counts a run whose checks start now; `settle` marks it failed when any check added a failure. */
function record(t: Tally, exit: number | string): () => void {
  t.runs++;
  const before = t.failures.length;
  t.byExit[String(exit)] = (t.byExit[String(exit)] ?? 0) + 1;
  return () => { if (t.failures.length > before) t.failedRuns++; };
}

/** Text of every cell of every sheet except the input sheet (for the ID check on --out files). */
async function resultSheetTexts(file: string, inputSheet: string): Promise<string> {
  const wb = new Workbook();
  await wb.xlsx.readFile(file);
  let out = '';
  for (const ws of wb.worksheets) {
    if (ws.name === inputSheet || ws.name === '隐藏') continue;
    ws.eachRow((row) => row.eachCell((c) => { out += `${String(c.text ?? '')}\n`; }));
  }
  return out;
}

function invariantsOf(kind: Kind, json: Record<string, unknown>, texts: ReadonlySet<string>): string[] {
  if (kind === 'hq-rating') return hqInvariants(json, texts);
  if (kind === 'water-fund') return waterInvariants(json, texts);
  return reliefInvariants(json, texts);
}

async function runGenerated(dir: string, iteration: number, seed: number, book: GeneratedBook, rng: Rng, t: Tally): Promise<void> {
  const input = path.join(dir, `in-${iteration}.xlsx`);
  const out = path.join(dir, `out-${iteration}.xlsx`);
  writeFileSync(input, book.bytes);
  const before = sha(book.bytes);
  const withOut = rng.chance(0.3);
  const args = [book.kind, input, '--json', ...book.options, ...(withOut ? ['--out', out] : [])];
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'wzpolicy', ...args], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: () => dir });
  const settle = record(t, code);
  const where = `seed ${seed} #${iteration} ${book.kind} ${book.options.join(' ')}`;
  const fail = (why: string) => t.failures.push(`${where}: ${why}`);
  if (code === 3 || ![0, 1, 2].includes(code)) fail(`exit ${code}: ${stderr.slice(0, 300)}`);
  if (STACK.test(stdout) || STACK.test(stderr)) fail('stack trace printed');
  if (sha(readFileSync(input)) !== before) fail('input file changed');
  if (code !== 0 && existsSync(out)) fail(`exit ${code} but an output file was written`);
  if (withOut && code === 0 && !existsSync(out)) fail('exit 0 with --out but no output file');
  const ids = unmaskedIds(stdout + stderr);
  if (ids.length > 0) fail(`unmasked ID in output: ${ids[0].slice(0, 6)}…`);
  if (code === 0 || code === 1) {
    let json: Record<string, unknown> | null = null;
    try { json = JSON.parse(stdout); } catch { fail('stdout is not one JSON document'); }
    if (json && code === 0) for (const broken of invariantsOf(book.kind, json, book.texts)) fail(broken);
    if (json && code === 1 && (json.results !== undefined || json.families !== undefined)) fail('exit 1 but result fields present');
    if (book.plantedId && code === 0) fail('an ID number in a wrong column was not reported');
  }
  if (code === 0 && withOut && book.kind === 'relief') {
    const sheetIds = unmaskedIds(await resultSheetTexts(out, book.sheet));
    if (sheetIds.length > 0) fail('unmasked ID on a result sheet');
  }
  rmSync(input, { force: true });
  rmSync(out, { force: true });
  settle();
}

/** Misused options: always exit 2, nothing on stdout, one Chinese line. */
const MISUSE: string[][] = [
  ['hq-rating'], ['hq-rating', 'nope.xlsx'], ['water-fund', 'IN', '--unit', 'jiao'], ['hq-rating', 'IN', '--rating-date', ''],
  ['hq-rating', 'IN', '--tie-break', 'shoe'], ['relief', 'IN', '--pilot-counties', ''], ['water-fund', 'IN', '--what-if-weights', '1,2'],
  ['water-fund', 'IN', '--fund-year', '20x4'], ['hq-rating', 'IN', '--sheet', '没有这张表'], ['hq-rating', 'IN', '--out', 'IN'],
  ['hq-rating', 'IN', '--bogus'], ['template', 'nothing', '--out', 'x.xlsx'], ['water-fund', 'IN', '--date', '2024-01-01', '--fund-year', '2024'],
];

async function runMisuse(dir: string, validInput: string, t: Tally): Promise<void> {
  for (const m of MISUSE) {
    const args = m.map((a) => (a === 'IN' ? validInput : a));
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'wzpolicy', ...args], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: () => dir });
    const settle = record(t, code);
    if (code !== 2) t.failures.push(`misuse ${args.join(' ')}: exit ${code}`);
    if (stdout !== '' && code === 2) t.failures.push(`misuse ${args.join(' ')}: stdout not empty`);
    if (STACK.test(stderr) || !/[\u4e00-\u9fff]/.test(stderr)) t.failures.push(`misuse ${args.join(' ')}: no Chinese line or a stack trace`);
    settle();
  }
}

/** A hostile file in a child process (a crash or a memory blow-up cannot take the runner down). */
function runHostile(dir: string, c: Awaited<ReturnType<typeof hostileCorpus>>[number], t: Tally): void {
  let input = path.join(dir, `hostile-${t.runs}.xlsx`);
  if (c.special === 'fifo') { execFileSync('mkfifo', [input]); }
  else if (c.special === 'dev-zero') input = '/dev/zero';
  else writeFileSync(input, c.bytes!);
  const before = c.bytes ? sha(c.bytes) : '';
  const out = path.join(dir, `hostile-out-${t.runs}.xlsx`);
  const script = `const m=require(${JSON.stringify(path.join(ROOT, 'dist-node', 'src', 'cli', 'main.js'))});`
    + 'm.main(process.argv.slice(1)).then((c)=>{process.stderr.write("\\n@@RSS "+process.resourceUsage().maxRSS+"\\n");process.exitCode=c;});';
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '-e', script, c.kind, input, '--json', '--out', out], { timeout: 30_000, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Date.now() - started;
  const rss = Number(/@@RSS (\d+)/.exec(r.stderr ?? '')?.[1] ?? 0) / 1024;
  const exit = r.status ?? `signal ${r.signal}`;
  const settle = record(t, exit);
  if (!t.slowest || ms > t.slowest.ms) t.slowest = { name: c.name, ms, rssMiB: rss };
  const fail = (why: string) => t.failures.push(`hostile「${c.name}」: ${why}`);
  if (r.error || r.signal) fail(`did not end by itself within 30 s (${r.error?.message ?? r.signal})`);
  else if (!c.exits.includes(r.status!)) fail(`exit ${r.status} (expected ${c.exits.join('/')}): ${(r.stderr ?? '').split('\n')[0]}`);
  if (STACK.test(r.stdout ?? '') || STACK.test((r.stderr ?? '').replace(/@@RSS \d+/, ''))) fail('stack trace printed');
  if (rss > 1024) fail(`peak RSS ${rss.toFixed(0)} MiB > 1 GiB`);
  if (r.status !== 0 && existsSync(out)) fail('output written on failure');
  if (c.bytes && sha(readFileSync(input)) !== before) fail('input changed');
  if (process.env.FUZZ_VERBOSE) process.stdout.write(`  ${c.name}: exit ${exit}, ${ms} ms, ${rss.toFixed(0)} MiB\n`);
  if (input !== '/dev/zero') rmSync(input, { force: true });
  rmSync(out, { force: true });
  settle();
}

export async function fuzz(args: Args): Promise<Tally> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-fuzz-'));
  const t: Tally = { runs: 0, failedRuns: 0, byExit: {}, failures: [], slowest: null };
  const deadline = Date.now() + args.seconds * 1000;
  try {
    if (args.hostile) {
      const hostile = await hostileCorpus({ bombBytes: args.bombMib * 2 ** 20, styledCells: 1_000_000 });
      for (const c of hostile) runHostile(dir, c, t);
    }
    const hostileRuns = t.runs;
    const rng = new Rng(args.seed);
    const first = await generateBook(new Rng(args.seed ^ 0x5eed));
    const valid = path.join(dir, 'valid.xlsx');
    writeFileSync(valid, first.bytes);
    await runMisuse(dir, valid, t);
    let i = 0;
    while (Date.now() < deadline && i < args.count) {
      const book = await generateBook(rng);
      await runGenerated(dir, i, args.seed, book, rng, t);
      i++;
      if (!args.quiet && i % 500 === 0) process.stdout.write(`  … ${i} 个生成的工作簿\n`);
    }
    if (!args.quiet) {
      process.stdout.write(`模糊测试：共 ${t.runs} 次运行（恶意文件 ${hostileRuns}，误用 ${MISUSE.length}，生成的工作簿 ${i}，种子 ${args.seed}）\n`);
      process.stdout.write(`退出状态：${Object.entries(t.byExit).map(([k, v]) => `${k} → ${v}`).join('，')}\n`);
      if (t.slowest) process.stdout.write(`最慢的恶意文件：${t.slowest.name}，${t.slowest.ms} ms，峰值内存 ${t.slowest.rssMiB.toFixed(0)} MiB\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return t;
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  fuzz(args).then((t) => {
    for (const f of t.failures.slice(0, 50)) process.stdout.write(`✗ ${f}\n`);
    if (t.failures.length > 50) process.stdout.write(`… 另有 ${t.failures.length - 50} 处\n`);
    process.stdout.write(`${t.runs - t.failedRuns} passed, ${t.failedRuns} failed\n`);
    process.exitCode = t.failures.length > 0 ? 1 : 0;
  }, (e) => {
    process.stderr.write(`模糊测试本身出错：${(e as Error).stack}\n`);
    process.exitCode = 1;
  });
}
