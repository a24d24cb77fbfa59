/** wzpolicy water-fund --fund-year (docs/rules.md §2; docs/interfaces.md `--fund-year YYYY`, `settings.fundYear`) on real .xlsx files. */
import * as path from 'path';
import { defaultFundYear } from '../../src/calculators/water-fund';
import { cli, FIXTURES, openWorkbook, parseJson, TODAY, tempDir } from './helpers';

const WATER = path.join(FIXTURES, 'water-fund-spec-2.6.xlsx');
const NOT_COVERED_2026 = '2026 年度不在 温政办函〔2023〕28号 所定的 2023—2025 年度内（第七条），已按该文件计算，请核实是否有新文件。';
const tmp = tempDir();
afterAll(() => tmp.cleanup());

type Problem = { severity: string; cell: string | null; message: string };
const json = async (args: string[], today?: string) => {
  const run = await cli(['water-fund', WATER, '--json', ...args], undefined, today);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return parseJson(run.stdout) as { settings: Record<string, unknown>; problems: Problem[]; totals: Record<string, string>; policy: string };
};

describe('--fund-year chooses the edition by fund year', () => {
  test('--fund-year 2026: computed with 温政办函〔2023〕28号 and a warning saying so; settings.fundYear 2026', async () => {
    const doc = await json(['--fund-year', '2026']);
    expect(doc.settings.fundYear).toBe(2026);
    expect(doc.policy).toBe('温政办函〔2023〕28号');
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: null, message: NOT_COVERED_2026 })]);
    expect(doc.totals).toEqual({ base: '140000000', reward: '30000000', total: '170000000' });
  });

  test('--fund-year 2024: no warning', async () => {
    const doc = await json(['--fund-year', '2024']);
    expect(doc.settings.fundYear).toBe(2024);
    expect(doc.problems).toEqual([]);
  });

  test('without --fund-year the fund year is the calendar year before today', async () => {
    const doc = await json([]);
    expect(doc.settings.fundYear).toBe(defaultFundYear(TODAY));
    expect(doc.settings.fundYear).toBe(2024); // the helpers' today is 2025-03-01
    expect(doc.problems).toEqual([]);
    const later = await json([], '2027-01-15');
    expect(later.settings.fundYear).toBe(2026);
    expect(later.problems.map((p) => p.message)).toEqual([NOT_COVERED_2026]);
  });

  test('the text report names the fund year and the warning', async () => {
    const run = await cli(['water-fund', WATER, '--fund-year', '2026']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('（温政办函〔2023〕28号，2026 年度）');
    expect(run.stdout).toContain(NOT_COVERED_2026);
  });

  test('--out: 分配参数 shows the fund year as a changed setting and the edition\'s fund years', async () => {
    const out = tmp.file('fund-year-2026.xlsx');
    expect((await cli(['water-fund', WATER, '--fund-year', '2026', '--out', out])).code).toBe(0);
    const ws = (await openWorkbook(out)).getWorksheet('分配参数')!;
    const rows: string[] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join(' | ')));
    expect(rows).toContainEqual(expect.stringMatching(/^设置：资金年度 \| 2026 \| .* \| 默认 2024（2025-03-01 的上一年度）；已修改$/));
    expect(rows).toContainEqual(expect.stringMatching(/^资金年度 \| 2023—2025 年度 \| 第七条/));
  });
});

describe('--fund-year usage errors (exit 2, Chinese message, nothing on stdout)', () => {
  test.each([['abc'], ['24'], ['2024-01'], [''], ['１２']])('--fund-year %p', async (value) => {
    const run = await cli(['water-fund', WATER, '--json', '--fund-year', value]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^wzpolicy：.*四位年份/);
  });

  test('--fund-year without a value', async () => {
    const run = await cli(['water-fund', WATER, '--fund-year']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fund-year 缺少取值');
  });
});

describe('--date, the earlier option, is kept as a deprecated alias', () => {
  test('alone: the fund year is the year of the date, with a warning that --fund-year supersedes it', async () => {
    const doc = await json(['--date', '2024-06-30']);
    expect(doc.settings).toEqual(expect.objectContaining({ fundYear: 2024, date: '2024-06-30' }));
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('--date 已由 --fund-year（资金年度）取代') })]);
    expect(doc.problems[0].message).toContain('请改用 --fund-year 2024');
  });

  test('together with --fund-year: a usage error', async () => {
    const run = await cli(['water-fund', WATER, '--json', '--date', '2024-06-30', '--fund-year', '2024']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--fund-year 与 --date 不能同时使用');
  });

  test('an invalid date is still a usage error', async () => {
    const run = await cli(['water-fund', WATER, '--date', '2024-13-45']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('日期应为 YYYY-MM-DD');
  });

  test('--help explains --fund-year and that --date is superseded', async () => {
    const run = await cli(['water-fund', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--fund-year <YYYY>\s+资金年度/);
    expect(run.stdout).toMatch(/--date <YYYY-MM-DD>\s+已停用，由 --fund-year 取代/);
  });
});
