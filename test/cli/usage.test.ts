/** Usage errors exit 2 with one Chinese line on stderr, nothing on stdout, never a stack trace. */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { cli, FIXTURES, saveWorkbook, tempDir } from './helpers';
import { userArgs } from '../../src/cli/main';

const HQ = path.join(FIXTURES, 'hq-rating-spec-1.5.xlsx');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

function expectUsageError(run: { code: number; stdout: string; stderr: string }, fragment: string | RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(fragment);
  expect(run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
  expect(run.stderr).toMatch(/[\u4e00-\u9fff]/); // Chinese
}

describe('usage errors (exit 2)', () => {
  test('a missing input file', async () => {
    expectUsageError(await cli(['hq-rating', tmp.file('nope.xlsx')]), /找不到输入文件.*nope\.xlsx/);
  });

  test('a file that is not an .xlsx (CSV text, old .xls, a directory)', async () => {
    const csv = tmp.file('data.xlsx');
    writeFileSync(csv, '统一社会信用代码,企业名称\n1,2\n');
    expectUsageError(await cli(['hq-rating', csv]), /不是 \.xlsx 文件/);
    const xls = tmp.file('old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expectUsageError(await cli(['relief', xls]), /旧版 \.xls/);
    const dir = tmp.file('a-folder.xlsx');
    mkdirSync(dir);
    expectUsageError(await cli(['water-fund', dir]), /目录/);
    const zip = tmp.file('broken.xlsx');
    writeFileSync(zip, Buffer.from('PK\u0003\u0004 not really a zip'));
    expectUsageError(await cli(['water-fund', zip]), /无法读取/);
  });

  test('a missing sheet names the sheets there are', async () => {
    expectUsageError(await cli(['hq-rating', HQ, '--sheet', '不存在']), /没有名为「不存在」的工作表.*「总部企业」/);
  });

  test('an unknown option, a missing argument, an unknown command', async () => {
    expectUsageError(await cli(['hq-rating', HQ, '--colour']), /未知选项 --colour/);
    expectUsageError(await cli(['hq-rating']), /缺少参数/);
    expectUsageError(await cli(['hq-ratings', HQ]), /未知命令 hq-ratings/);
    expectUsageError(await cli(['hq-rating', HQ, '--sheet']), /--sheet 缺少取值/);
    expectUsageError(await cli(['template', 'hq-rating']), /缺少必需的选项 --out/);
    expectUsageError(await cli(['hq-rating', HQ, 'extra.xlsx']), /参数过多/);
  });

  test('invalid setting values are usage errors with the calculator\'s Chinese message', async () => {
    for (const args of [
      ['hq-rating', HQ, '--rating-date', '2024-13-45'],
      ['hq-rating', HQ, '--tie-break', 'height'],
      ['hq-rating', HQ, '--degenerate-range', 'half'],
      ['water-fund', path.join(FIXTURES, 'water-fund-spec-2.6.xlsx'), '--unit', 'jiao'],
    ]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('--out equal to the input is refused, and the input is left as it was', async () => {
    const input = tmp.file('same.xlsx');
    copyFileSync(HQ, input);
    expectUsageError(await cli(['hq-rating', input, '--out', input]), /不能与输入文件相同/);
    expectUsageError(await cli(['hq-rating', 'same.xlsx', '--out', './same.xlsx'], tmp.dir), /不能与输入文件相同/);
  });

  test('--out must name an .xlsx file', async () => {
    expectUsageError(await cli(['hq-rating', HQ, '--out', tmp.file('result.csv')]), /\.xlsx 结尾/);
    expect(existsSync(tmp.file('result.csv'))).toBe(false);
  });

  test('a workbook with no usable header is an input error (1), not a usage error', async () => {
    const wb = new Workbook();
    wb.addWorksheet('空表').getCell('A1').value = '随便写点什么';
    const file = await saveWorkbook(wb, tmp.file('empty-ish.xlsx'));
    const run = await cli(['hq-rating', file, '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json.problems.some((p: { severity: string }) => p.severity === 'error')).toBe(true);
  });

  test('template: unknown kind, and an existing file is not overwritten without --force', async () => {
    expectUsageError(await cli(['template', 'tax', '--out', tmp.file('t.xlsx')]), /未知的测算类型「tax」/);
    const existing = tmp.file('filled.xlsx');
    writeFileSync(existing, 'precious data');
    expectUsageError(await cli(['template', 'relief', '--out', existing]), /已存在/);
    const forced = await cli(['template', 'relief', '--out', existing, '--force']);
    expect(forced.code).toBe(0);
  });

  test('no arguments shows the help on stderr and exits 2; --help exits 0 with Chinese headings', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/用法：/);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/用法：/);
    expect(help.stdout).toMatch(/hq-rating/);
    expect(help.stdout).toMatch(/water-fund/);
    const helpCmd = await cli(['help', 'water-fund']);
    expect(helpCmd.code).toBe(0);
    expect(helpCmd.stdout).toMatch(/--what-if-sheet/);
    expect((await cli(['help'])).code).toBe(0);
    const sub = await cli(['hq-rating', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--rating-date/);
    expect(sub.stdout).toMatch(/--degenerate-range/);
  });
});

describe('argument forms', () => {
  test('process.argv (node, script, …) and bare argument lists are both accepted', () => {
    expect(userArgs(['/usr/bin/node', '/x/bin/wzpolicy.js', 'demo'])).toEqual(['demo']);
    expect(userArgs(['hq-rating', 'a.xlsx'])).toEqual(['hq-rating', 'a.xlsx']);
    expect(userArgs(['--help'])).toEqual(['--help']);
  });
});
