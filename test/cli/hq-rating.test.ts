/** wzpolicy hq-rating on real .xlsx files: docs/rules.md §1.5 worked example, --json, --out, errors. */
import { copyFileSync, existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { Decimal } from '../../src/exact/decimal';
import { ExcelJsWorkbook } from '../../src/workbook/exceljs-workbook';
import { HQ_HEADERS, hqWorkedExampleWorkbook } from '../../scripts/example-workbooks';
import { cli, FIXTURES, headerRow, openWorkbook, parseJson, saveWorkbook, sheetValues, tempDir } from './helpers';

const SPEC = path.join(FIXTURES, 'hq-rating-spec-1.5.xlsx');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface HqResult {
  name: string;
  rank: number;
  stars: number;
  total: string;
  base: string;
  tied: boolean;
  bonus: { top500: string; listing: string };
}

describe('docs/rules.md §1.5 worked example through an .xlsx file', () => {
  let json: Record<string, unknown>;
  let stdout: string;

  beforeAll(async () => {
    const run = await cli(['hq-rating', SPEC, '--json', '--rating-date', '2024-12-31']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    stdout = run.stdout;
    json = parseJson(run.stdout);
  });

  test('stdout is exactly one JSON document', () => {
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stdout.trim().startsWith('{')).toBe(true);
    expect(stdout.trim().endsWith('}')).toBe(true);
    expect(json.kind).toBe('hq-rating');
    expect(json.policy).toBe('温政办〔2023〕88号');
    expect(json.problems).toEqual([]);
  });

  test('A 104, B 38.666…, C 2 (C\'s subsidiary row summed and its listing counted); ranks 1, 2, 3, all five stars', () => {
    const results = json.results as HqResult[];
    expect(results.map((r) => r.name)).toEqual(['A 总部有限公司', 'B 总部有限公司', 'C 总部有限公司']);
    expect(results[0].total).toBe('104');
    expect(results[0].bonus).toEqual({ top500: '3', listing: '1' });
    expect(new Decimal(results[1].total).toDecimalPlaces(20).equals(new Decimal(116).dividedBy(3).toDecimalPlaces(20))).toBe(true);
    expect(results[1].total.startsWith('38.6666666666')).toBe(true);
    expect(results[2].total).toBe('2');
    expect(results[2].bonus.listing).toBe('2');
    expect(results.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(results.map((r) => r.stars)).toEqual([5, 5, 5]);
    expect(results.every((r) => r.tied === false)).toBe(true);
  });

  test('ranges are those of docs/rules.md (rate as a fraction)', () => {
    expect(json.ranges).toMatchObject({
      revenue: { min: '10', max: '100' },
      localContribution: { min: '1', max: '10' },
      rdExpense: { min: '0', max: '5000' },
      pensionRate: { min: '0.8', max: '0.9' },
    });
  });

  test('without --json: a readable Chinese report and no JSON', async () => {
    const run = await cli(['hq-rating', SPEC, '--rating-date', '2024-12-31']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/总部企业星级评定/);
    expect(run.stdout).toMatch(/未写文件/);
    expect(() => JSON.parse(run.stdout)).toThrow();
  });
});

describe('--out', () => {
  test('a copy of the input with the result sheets added; input sheets and the input file unchanged', async () => {
    const input = tmp.file('in.xlsx');
    copyFileSync(SPEC, input);
    const before = readFileSync(input);
    const out = tmp.file('sub/out.xlsx');
    const run = await cli(['hq-rating', input, '--out', out, '--rating-date', '2024-12-31']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/已写入/);
    expect(readFileSync(input).equals(before)).toBe(true);

    const original = await openWorkbook(input);
    const result = await openWorkbook(out);
    expect(result.worksheets.map((w) => w.name)).toEqual(['总部企业', '星级评定结果', '评定参数', '星级总部企业公示名单']);
    expect(sheetValues(result, '总部企业')).toEqual(sheetValues(original, '总部企业'));
    // the result sheet holds numbers, not text
    const ws = result.getWorksheet('星级评定结果')!;
    const headers = headerRow(result, '星级评定结果');
    const totalCol = headers.findIndex((h) => h.includes('总分') || h.includes('企业排名得分')) + 1;
    expect(totalCol).toBeGreaterThan(0);
    expect(typeof ws.getRow(2).getCell(totalCol).value).toBe('number');
    expect(ws.getRow(2).getCell(totalCol).value).toBe(104);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // the created sheets are marked as this tool's, computed from 总部企业
    const tags = new ExcelJsWorkbook(result).createdSheets();
    expect(tags.map((t) => t.sheet)).toEqual(['星级评定结果', '评定参数', '星级总部企业公示名单']);
    expect(tags.every((t) => t.tag.sourceSheet === '总部企业' && t.tag.calculator === 'hq-rating')).toBe(true);
  });

  test('a taken name gets " (2)", and running on the output again adds " (3)"-style names, never overwriting', async () => {
    const wb = hqWorkedExampleWorkbook();
    wb.addWorksheet('星级评定结果').getCell('A1').value = '我的笔记';
    const input = await saveWorkbook(wb, tmp.file('taken.xlsx'));
    const out1 = tmp.file('taken-out.xlsx');
    expect((await cli(['hq-rating', input, '--out', out1, '--rating-date', '2024-12-31'])).code).toBe(0);
    const r1 = await openWorkbook(out1);
    expect(r1.worksheets.map((w) => w.name)).toEqual(['总部企业', '星级评定结果', '星级评定结果 (2)', '评定参数', '星级总部企业公示名单']);
    expect(r1.getWorksheet('星级评定结果')!.getCell('A1').value).toBe('我的笔记');

    const out2 = tmp.file('taken-out2.xlsx');
    const again = await cli(['hq-rating', out1, '--sheet', '总部企业', '--out', out2, '--json', '--rating-date', '2024-12-31']);
    expect(again.code).toBe(0);
    expect((parseJson(again.stdout).output as { sheets: string[] }).sheets).toEqual(['星级评定结果 (3)', '评定参数 (2)', '星级总部企业公示名单 (2)']);
    const r2 = await openWorkbook(out2);
    expect(r2.worksheets.map((w) => w.name)).toEqual(['总部企业', '星级评定结果', '星级评定结果 (2)', '评定参数', '星级总部企业公示名单', '星级评定结果 (3)', '评定参数 (2)', '星级总部企业公示名单 (2)']);
  });
});

describe('input errors (exit 1)', () => {
  async function brokenInput(): Promise<string> {
    const wb = hqWorkedExampleWorkbook();
    const ws = wb.getWorksheet('总部企业')!;
    const code = String(ws.getCell('A3').value);
    ws.getCell('A3').value = code.slice(0, 17) + (code[17] === '0' ? '1' : '0'); // wrong check digit
    ws.getCell('D4').value = 'abc'; // revenue not a number
    return saveWorkbook(wb, tmp.file('broken.xlsx'));
  }

  test('--json: the problems as JSON with sheet and cell, no results, no output file', async () => {
    const input = await brokenInput();
    const out = tmp.file('never.xlsx');
    const run = await cli(['hq-rating', input, '--json', '--out', out]);
    expect(run.code).toBe(1);
    const json = parseJson(run.stdout);
    expect(json.results).toBeUndefined();
    const problems = json.problems as Array<{ severity: string; sheet: string; cell: string | null; message: string }>;
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.cell)).toEqual(expect.arrayContaining(['A3', 'D4']));
    expect(errors.every((p) => p.sheet === '总部企业')).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  test('text report names sheet!cell and says nothing was written', async () => {
    const input = await brokenInput();
    const run = await cli(['hq-rating', input, '--out', tmp.file('never2.xlsx')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/总部企业!A3/);
    expect(run.stdout).toMatch(/总部企业!D4/);
    expect(run.stdout).toMatch(/未写入任何文件/);
    expect(existsSync(tmp.file('never2.xlsx'))).toBe(false);
  });
});

describe('settings from options', () => {
  test('--degenerate-range zero and --tie-break reach the calculator and show in the JSON settings', async () => {
    const run = await cli(['hq-rating', SPEC, '--json', '--rating-date', '2024-12-31', '--degenerate-range', 'zero', '--tie-break', 'localContribution,revenue']);
    expect(run.code).toBe(0);
    const settings = parseJson(run.stdout).settings as Record<string, unknown>;
    expect(settings.ratingDate).toBe('2024-12-31');
    expect(String(settings.degenerateRange)).toBe('zero');
    expect(JSON.stringify(settings.tieBreak)).toMatch(/localContribution/);
  });

  test('the rating date decides which listings count (C\'s 2024 listing is outside a 2023-12-31 window)', async () => {
    const run = await cli(['hq-rating', SPEC, '--json', '--rating-date', '2023-12-31']);
    expect(run.code).toBe(0);
    const c = (parseJson(run.stdout).results as HqResult[]).find((r) => r.name.startsWith('C'))!;
    expect(c.bonus.listing).toBe('1');
  });

  test('the canonical headers of the fixture are docs/rules.md §1.6 headers', async () => {
    expect(headerRow(await openWorkbook(SPEC), '总部企业')).toEqual([...HQ_HEADERS]);
  });
});
