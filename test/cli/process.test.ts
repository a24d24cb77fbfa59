/**
 * The installed command itself: `node bin/wzpolicy.js …` in a child process, so exit statuses
 * and streams are the real ones. Builds dist-node first when it is missing or older than the
 * sources (a fresh clone has no dist-node), so `npm test` works without `npm run build`.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { hqWorkedExampleWorkbook } from '../../scripts/example-workbooks';
import { RELAUNCH_FROM_BYTES, SEMI_SPACE_MB } from '../../src/cli/young-generation';
import { FIXTURES, ROOT, saveWorkbook, tempDir } from './helpers';

const MAIN_JS = path.join(ROOT, 'dist-node', 'src', 'cli', 'main.js');
const BIN = path.join(ROOT, 'bin', 'wzpolicy.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const stale = !existsSync(MAIN_JS) || statSync(MAIN_JS).mtimeMs < newestSource(path.join(ROOT, 'src'));
  if (!stale) return;
  // tsc emits even when some file elsewhere has a type error; the CLI test needs only the output.
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(MAIN_JS)) throw new Error('tsc did not produce dist-node/src/cli/main.js');
}

function wzpolicy(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = tempDir();
beforeAll(() => ensureBuilt(), 240000);
afterAll(() => tmp.cleanup());

describe('node bin/wzpolicy.js in a child process', () => {
  test('exit 0 and exactly one JSON document on stdout; exit 1 on input errors; exit 2 on usage errors', async () => {
    const ok = wzpolicy(['hq-rating', path.join(FIXTURES, 'hq-rating-spec-1.5.xlsx'), '--json', '--rating-date', '2024-12-31']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json.results.map((r: { total: string }) => r.total.slice(0, 6))).toEqual(['104', '38.666', '2']);

    const water = wzpolicy(['water-fund', path.join(FIXTURES, 'water-fund-spec-2.6.xlsx'), '--json']);
    expect(water.code).toBe(0);
    expect(JSON.parse(water.stdout).totals.base).toBe('140000000');

    const wb = hqWorkedExampleWorkbook();
    wb.getWorksheet('总部企业')!.getCell('E2').value = -5; // negative contribution
    const broken = await saveWorkbook(wb, tmp.file('broken.xlsx'));
    const out = tmp.file('never.xlsx');
    const failed = wzpolicy(['hq-rating', broken, '--json', '--out', out]);
    expect(failed.code).toBe(1);
    const problems = JSON.parse(failed.stdout).problems as Array<{ severity: string; cell: string }>;
    expect(problems.some((p) => p.severity === 'error' && p.cell === 'E2')).toBe(true);
    expect(existsSync(out)).toBe(false);

    const notXlsx = tmp.file('x.xlsx');
    writeFileSync(notXlsx, 'hello');
    const bad = wzpolicy(['relief', notXlsx, '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/不是 \.xlsx 文件/);
    expect(bad.stderr).not.toMatch(/\s+at\s/);

    const option = wzpolicy(['hq-rating', path.join(FIXTURES, 'hq-rating-spec-1.5.xlsx'), '--tie-break', 'shoe-size']);
    expect(option.code).toBe(2);

    const help = wzpolicy(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/用法：/);
  }, 120000);
});

/**
 * Lazy loading (issue 10): a calculation command loads only what it uses. The packages a run
 * loaded are listed by a preload script on exit (require.cache), so a static import of the
 * signing stack or ExcelJS anywhere on the calculation path fails this test.
 */
describe('what a command loads', () => {
  const HEAVY = ['exceljs', 'jszip', 'pkijs', 'asn1js', '@peculiar/x509', 'sm-crypto-v2', 'react', 'react-dom', '@fluentui/react-components'];

  function packagesLoaded(args: string[]): { code: number | null; packages: string[] } {
    const list = path.join(tmp.dir, `loaded-${args[0]}-${Date.now()}.json`);
    const preload = path.join(tmp.dir, 'list-packages.js');
    writeFileSync(preload, `process.on('exit', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
    if (m) names.add(m[1].replace(/\\\\/g, '/'));
  }
  require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify([...names].sort()));
});\n`);
    const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    return { code: r.status, packages: JSON.parse(require('fs').readFileSync(list, 'utf8')) as string[] };
  }

  test.each([
    ['relief', path.join(ROOT, 'examples', '医保纾困-示例.xlsx')],
    ['hq-rating', path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx')],
    ['water-fund', path.join(ROOT, 'examples', '水源地补偿资金-示例.xlsx')],
  ])('wzpolicy %s --out loads neither ExcelJS nor the signing libraries', (kind, input) => {
    const out = path.join(tmp.dir, `lazy-${kind}.xlsx`);
    const { code, packages } = packagesLoaded([kind, input, '--out', out, '--force', '--json']);
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(packages).toContain('decimal.js'); // the list is real: the calculation's own library is there
    expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  test('wzpolicy verify loads the signing libraries it needs (so the list would show them)', () => {
    const { packages } = packagesLoaded(['verify', path.join(ROOT, 'examples', '医保纾困-示例.xlsx')]);
    expect(packages).toEqual(expect.arrayContaining(['@peculiar/x509']));
  });
});

// hq-rating of a large workbook runs again in a child process with a larger young generation
// (src/cli/young-generation.ts): the same output, streams and exit status as in one process.
describe('bin/wzpolicy.js with a large input', () => {
  const FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;
  // Records the Node options of every process it is loaded into (the launcher and its child).
  const probe = tmp.file('probe.js');
  const seen = tmp.file('seen.txt');
  writeFileSync(probe, `require('fs').appendFileSync(${JSON.stringify(seen)}, JSON.stringify(process.execArgv.filter((a) => a.startsWith('--max-semi'))) + '\\n');\n`);

  /** The worked example made larger than RELAUNCH_FROM_BYTES by an incompressible picture. */
  async function largeWorkbook(file: string, broken = false): Promise<string> {
    const wb = hqWorkedExampleWorkbook();
    const sheet = wb.getWorksheet('总部企业')!;
    if (broken) sheet.getCell('E2').value = -5;
    const image = wb.addImage({ buffer: randomBytes(RELAUNCH_FROM_BYTES + 1024) as unknown as ArrayBuffer, extension: 'png' });
    sheet.addImage(image, { tl: { col: 20, row: 2 }, ext: { width: 10, height: 10 } });
    return saveWorkbook(wb, file);
  }

  const run = (args: string[], env: Record<string, string> = {}) => {
    writeFileSync(seen, '');
    const r = spawnSync(process.execPath, ['--require', probe, BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120000, env: { ...process.env, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, processes: readFileSync(seen, 'utf8').trim().split('\n') };
  };

  test('the child has the option; output and exit status are those of a run in one process', async () => {
    const input = await largeWorkbook(tmp.file('large.xlsx'));
    const args = ['hq-rating', input, '--json', '--rating-date', '2024-12-31'];
    const relaunched = run(args);
    const single = run(args, { WZPOLICY_SEMI_SPACE_MB: '0' });
    expect(relaunched.processes).toEqual(['[]', JSON.stringify([FLAG])]);
    expect(single.processes).toEqual(['[]']);
    expect(relaunched.code).toBe(0);
    expect(relaunched.stderr).toBe('');
    expect(relaunched.stdout).toBe(single.stdout);
    expect(JSON.parse(relaunched.stdout).results).toHaveLength(3);

    // Input errors: exit status 1 from the child, the JSON problems on stdout, nothing written.
    const broken = await largeWorkbook(tmp.file('broken.xlsx'), true);
    const failed = run(['hq-rating', broken, '--json', '--out', tmp.file('never.xlsx')]);
    expect(failed.processes).toHaveLength(2);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).problems.some((p: { severity: string }) => p.severity === 'error')).toBe(true);
  }, 120000);
});
