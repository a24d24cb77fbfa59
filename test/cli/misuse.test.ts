/**
 * CLI misuse found by the fuzzing campaign (issue «hardened against what arrives by e-mail»,
 * «Smaller»): an existing --out is never replaced without --force (as `template`), an empty
 * option value is a usage error instead of a silent default, and `--what-if-weights 1,2` is
 * refused instead of read as 1,2,0.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { cli, FIXTURES, tempDir } from './helpers';

const HQ = path.join(FIXTURES, 'hq-rating-spec-1.5.xlsx');
const WATER = path.join(FIXTURES, 'water-fund-spec-2.6.xlsx');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

function expectUsage(run: { code: number; stdout: string; stderr: string }, fragment: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(fragment);
}

describe('--out never replaces an existing file unless --force', () => {
  it('refuses, leaving the file as it was; with --force it writes', async () => {
    const out = tmp.file('existing.xlsx');
    writeFileSync(out, 'keep me');
    expectUsage(await cli(['hq-rating', HQ, '--out', out, '--rating-date', '2024-12-31']), /输出文件已存在.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await cli(['hq-rating', HQ, '--out', out, '--rating-date', '2024-12-31', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('an empty option value is a usage error, never the default', () => {
  it.each([
    [['hq-rating', HQ, '--rating-date', '']],
    [['hq-rating', HQ, '--tie-break', ' ']],
    [['hq-rating', HQ, '--degenerate-range', '']],
    [['water-fund', WATER, '--unit', '']],
    [['water-fund', WATER, '--what-if-weights', '']],
    [['relief', WATER, '--pilot-counties', '']],
    [['hq-rating', HQ, '--sheet', '']],
  ])('%p', async (args) => {
    expectUsage(await cli(args as string[]), /的值不能为空/);
  });
});

describe('--what-if-weights takes all three weights', () => {
  it.each([['1,2'], ['1'], ['1,0,0,0']])('%s is refused', async (w) => {
    expectUsage(await cli(['water-fund', WATER, '--what-if-weights', w]), /三个数/);
  });
  it('1,0.5,0 and the named form are accepted', async () => {
    expect((await cli(['water-fund', WATER, '--json', '--what-if-weights', '1,0.5,0'])).code).toBe(0);
    expect((await cli(['water-fund', WATER, '--json', '--what-if-weights', '用水量=1'])).code).toBe(0);
  });
});
