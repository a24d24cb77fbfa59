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

describe('messages in Chinese, never the libraries\' English', () => {
  it('an --out whose folder is an existing file names that file in Chinese (not Node\'s EEXIST text)', async () => {
    const file = tmp.file('a-file');
    writeFileSync(file, 'x');
    const run = await cli(['hq-rating', HQ, '--out', path.join(file, 'out.xlsx'), '--rating-date', '2024-12-31']);
    expectUsage(run, /已是一个文件，不是目录/);
    expect(run.stderr).not.toMatch(/EEXIST|mkdir/);
  });

  it('ExcelJS\'s English notes (a sheet name over 31 characters) do not reach stderr', async () => {
    const { readZip, writeZip } = await import('../signing/zip-edit');
    const files = readZip(readFileSync(HQ));
    const wbXml = files.get('xl/workbook.xml')!.toString('utf8');
    const long = '很长的工作表名称'.repeat(5);
    files.set('xl/workbook.xml', Buffer.from(wbXml.replace(/name="[^"]+"/, `name="${long}"`)));
    const input = tmp.file('long-name.xlsx');
    writeFileSync(input, writeZip(files));
    const warn = jest.spyOn(console, 'warn');
    const run = await cli(['hq-rating', input, '--out', tmp.file('long-out.xlsx'), '--rating-date', '2024-12-31']);
    expect(run.code).toBe(0);
    const { ExcelJsWorkbook } = await import('../../src/workbook/exceljs-workbook');
    // ExcelJS (the fallback and signing path) cannot take such a name: a Chinese error, no English note.
    await expect(ExcelJsWorkbook.load(readFileSync(tmp.file('long-out.xlsx')))).rejects.toThrow(/无法读取该 \.xlsx 文件/);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
