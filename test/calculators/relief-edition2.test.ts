/**
 * 温政办〔2023〕90号 三、（五）, edition 2 of the rules (docs/rules.md §3, §1.8, §2.2) on real .xlsx
 * files through the CLI: pilot funding (city ÷ 2 rounded down to the fen, odd fen local; non-pilot
 * counties paid locally), the 2,000万 check on pilot counties only, county names matched by key
 * and shown as typed, family ids as typed.
 */
import fc from 'fast-check';
import { Workbook, Worksheet } from 'exceljs';
import { Decimal } from '../../src/exact/decimal';
import { countyKey } from '../../src/rules/counties/county-names';
import { reliefCalculator, runRelief } from '../../src/calculators/relief';
import type { CellValue } from '../../src/sheets/grid';
import { cli, openWorkbook, parseJson, saveWorkbook, tempDir } from '../cli/helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const HEAD = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'];
const D = (v: string | number) => new Decimal(v);

interface CountyJson { county: string; families: number; relieved: number; relief: string; cityFund: string; localMatch: string; pilot: boolean }
interface FamilyJson { familyId: string; county: string; selfPay: string; relief: string; name?: string }
interface ProblemJson { severity: string; cell: string | null; message: string }
interface ReliefJson { counties: CountyJson[]; families: FamilyJson[]; total: string; problems: ProblemJson[] }

async function inputFile(name: string, rows: CellValue[][]): Promise<string> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('医保纾困');
  ws.addRow(HEAD);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(1).numFmt = '@';
  ws.getColumn(3).numFmt = '@';
  return saveWorkbook(wb, tmp.file(name));
}

async function runJson(file: string, extra: string[] = []): Promise<ReliefJson> {
  const run = await cli(['relief', file, '--json', ...extra]);
  expect(run.code).toBe(0);
  return parseJson(run.stdout) as unknown as ReliefJson;
}

/** Plain cell values of a sheet, row by row (1-based rows dropped to 0-based). */
function rowsOf(ws: Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => void (values[c - 1] = cell.value));
    out[r - 1] = values;
  });
  return out;
}

// ---- the mixed workbook ------------------------------------------------------------------------

/**
 * 永嘉县 (pilot): 15 capped families + YJ16 with two rows 100,000 + 58,473.73 → 1,538,473.73.
 * 洞头区 (pilot): 0.03 + 30,000.5 → 30,000.53. 鹿城区 (not a pilot): 400 capped families + 5,000.25
 * → 40,005,000.25, whose half alone would exceed 2,000万. 乐清市 (not a pilot): 100,000 + 1,234.57.
 */
function mixedRows(): CellValue[][] {
  const rows: CellValue[][] = [];
  for (let i = 1; i <= 15; i++) rows.push([`YJ${String(i).padStart(2, '0')}`, null, null, '永嘉县', 220000]);
  rows.push(['YJ16', '甲', null, '永嘉县', 100000], ['DT1', null, null, '洞头区', '120000.03']);
  for (let i = 1; i <= 400; i++) rows.push([`LC${String(i).padStart(3, '0')}`, null, null, '鹿城区', 220000]);
  rows.push(['LC401', null, null, '鹿城区', 125000.25], ['YQ1', null, null, '乐清市', '220,000.99'], ['YQ2', null, null, '乐清市', 121234.57]);
  rows.push(['YJ16', '乙', null, '永嘉县', 58473.73], ['DT2', null, null, '洞头区', 150000.5]);
  return rows;
}

describe('pilot and non-pilot counties in one .xlsx (docs/rules.md §3)', () => {
  let file: string;
  let json: ReliefJson;
  beforeAll(async () => {
    file = await inputFile('mixed.xlsx', mixedRows());
    json = await runJson(file);
  });

  test('JSON counties carry pilot flags; the city pays ÷ 2 rounded down to the fen in pilot counties and 0 elsewhere', () => {
    expect(json.counties).toEqual([
      { county: '永嘉县', families: 16, relieved: 16, relief: '1538473.73', cityFund: '769236.86', localMatch: '769236.87', pilot: true },
      { county: '洞头区', families: 2, relieved: 2, relief: '30000.53', cityFund: '15000.26', localMatch: '15000.27', pilot: true },
      { county: '鹿城区', families: 401, relieved: 401, relief: '40005000.25', cityFund: '0', localMatch: '40005000.25', pilot: false },
      { county: '乐清市', families: 2, relieved: 2, relief: '101234.57', cityFund: '0', localMatch: '101234.57', pilot: false },
    ]);
    expect(json.total).toBe('41674709.08');
  });

  test('every published figure is to the fen and adds up exactly', () => {
    const all = json.counties.flatMap((c) => [c.relief, c.cityFund, c.localMatch]).map(D);
    expect(all.every((v) => v.decimalPlaces() <= 2)).toBe(true);
    for (const c of json.counties) expect(D(c.cityFund).plus(D(c.localMatch)).equals(D(c.relief))).toBe(true);
    const sum = (f: (c: CountyJson) => string) => json.counties.reduce((s, c) => s.plus(D(f(c))), D(0));
    expect(sum((c) => c.relief).equals(D(json.total))).toBe(true);
    expect(json.families.reduce((s, f) => s.plus(D(f.relief)), D(0)).equals(D(json.total))).toBe(true);
  });

  test('the 2,000万 check counts pilot counties only; each non-pilot county is a warning naming it and saying it is paid locally', () => {
    expect(json.problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(json.problems.some((p) => p.message.includes('2,000万'))).toBe(false);
    const local = json.problems.filter((p) => p.message.includes('不在试点县（市、区）名单'));
    expect(local.map((p) => p.cell)).toEqual(['D19', 'D420']);
    expect(local[0].message).toContain('「鹿城区」');
    expect(local[1].message).toContain('「乐清市」');
    for (const p of local) expect(p.message).toContain('全部由地方配套');
  });

  test('纾困县区汇总 holds numbers that add up: per row 市级 + 地方 = 化解, and the county rows sum to the totals row', async () => {
    const out = tmp.file('mixed-out.xlsx');
    expect((await cli(['relief', file, '--out', out])).code).toBe(0);
    const wb = await openWorkbook(out);
    const rows = rowsOf(wb.getWorksheet('纾困县区汇总')!);
    expect(rows[0].slice(0, 7)).toEqual(['县（市、区）', '是否试点', '家庭数', '获化解家庭数', '化解总额', '市级基金承担', '地方配套']);
    const counties = rows.slice(1, 5);
    const totals = rows[5];
    expect(counties.map((r) => [r[0], r[1]])).toEqual([['永嘉县', '是'], ['洞头区', '是'], ['鹿城区', '否'], ['乐清市', '否']]);
    expect(totals[0]).toBe('合计');
    for (const r of [...counties, totals]) {
      for (const i of [2, 3, 4, 5, 6]) expect(typeof r[i]).toBe('number');
      expect(D(String(r[5])).plus(D(String(r[6]))).equals(D(String(r[4])))).toBe(true);
    }
    for (const i of [4, 5, 6]) {
      const sum = counties.reduce((s, r) => s.plus(D(String(r[i]))), D(0));
      expect(sum.equals(D(String(totals[i])))).toBe(true);
    }
    expect(counties.map((r) => [r[4], r[5], r[6]])).toEqual([
      [1538473.73, 769236.86, 769236.87],
      [30000.53, 15000.26, 15000.27],
      [40005000.25, 0, 40005000.25],
      [101234.57, 0, 101234.57],
    ]);
    expect(totals.slice(2, 7)).toEqual([421, 421, 41674709.08, 784237.12, 40890471.96]);
    // the 2,000万 row compares the city's total (pilot counties only) with the fund
    expect(String(rows[6][7])).toContain('市级基金承担 784,237.12 ≤ 20,000,000 ✓');
  });

  test('with 鹿城区 opted in by the setting its half counts and the 2,000万 check warns', async () => {
    const opted = await runJson(file, ['--pilot-counties', '永嘉县、平阳县、苍南县、文成县、泰顺县、洞头区、鹿城区']);
    const lucheng = opted.counties.find((c) => c.county === '鹿城区')!;
    expect(lucheng).toMatchObject({ pilot: true, cityFund: '20002500.12', localMatch: '20002500.13' });
    const over = opted.problems.filter((p) => p.message.includes('2,000万'));
    expect(over).toHaveLength(1);
    expect(over[0].message).toContain('20,786,737.24');
  });
});

// ---- county names and family ids as typed ------------------------------------------------------

describe('county names matched by key, shown as typed (docs/rules.md §2.2)', () => {
  test('永嘉县 and 永嘉 rows are one pilot county, shown with the first row\'s spelling, with a warning naming the cells', async () => {
    const json = await runJson(await inputFile('yongjia.xlsx', [
      ['YJ1', null, null, '永嘉县', 130000],
      ['YJ2', null, null, '永嘉', '120000.01'],
      ['YJ1', null, null, '永嘉', 1], // the same family under 永嘉: not a conflict
      ['DT1', null, null, '温州海经区', 130000],
    ]), ['--pilot-counties', '永嘉县、海经区']);
    expect(json.counties).toEqual([
      { county: '永嘉县', families: 2, relieved: 2, relief: '10001.01', cityFund: '5000.5', localMatch: '5000.51', pilot: true },
      { county: '温州海经区', families: 1, relieved: 1, relief: '10000', cityFund: '5000', localMatch: '5000', pilot: true },
    ]);
    expect(json.families.map((f) => [f.familyId, f.county])).toEqual([['YJ1', '永嘉县'], ['YJ2', '永嘉'], ['DT1', '温州海经区']]);
    expect(json.problems).toEqual([
      { severity: 'warning', sheet: '医保纾困', cell: 'D3', message: '「永嘉」（D3）与「永嘉县」（D2）按同一县（市、区）汇总，汇总表中显示为「永嘉县」。' },
    ]);
  });

  test('a family under 永嘉县 and 平阳县 is still an error naming both cells', async () => {
    const run = await cli(['relief', await inputFile('two-counties.xlsx', [['F1', null, null, '永嘉', 1], ['F1', null, null, '平阳县', 1]]), '--json']);
    expect(run.code).toBe(1);
    const problems = (parseJson(run.stdout) as unknown as ReliefJson).problems;
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'D3' })]);
    expect(problems[0].message).toContain('D2');
  });
});

describe('family ids and names exactly as typed (docs/rules.md §1.8)', () => {
  const NAME = '欧阳 娜娜（小） ';
  let file: string;
  let json: ReliefJson;
  beforeAll(async () => {
    file = await inputFile('as-typed.xlsx', [
      ['YJ001', '张三', null, '永嘉县', 130000],
      ['ＹＪ００１', NAME, null, '永嘉县', 140000],
      [' YJ4', '李四', null, '文成 县', 100000],
      ['YJ4', '王五', null, '文成县', 30000],
    ]);
    json = await runJson(file);
  });

  test('YJ001 and ＹＪ００１ are two families, with a warning naming both cells; " YJ4" and "YJ4" are one', () => {
    expect(json.families.map((f) => [f.familyId, f.selfPay, f.relief])).toEqual([
      ['YJ001', '130000', '10000'], ['ＹＪ００１', '140000', '20000'], [' YJ4', '130000', '10000'],
    ]);
    const look = json.problems.filter((p) => p.message.includes('全角/半角'));
    expect(look).toEqual([expect.objectContaining({ severity: 'warning', cell: 'A3' })]);
    expect(look[0].message).toContain('「ＹＪ００１」（A3）与「YJ001」（A2）');
    expect(look[0].message).toContain('两户不同家庭');
  });

  test('the name, the full-width id and the county come back byte-identical in the JSON and on 纾困化解明细', async () => {
    const fam = json.families[1];
    expect(fam.name).toBe(NAME);
    expect(Buffer.from(fam.name!).equals(Buffer.from(NAME))).toBe(true);
    expect(json.families[2].county).toBe('文成 县');
    expect(json.counties.map((c) => [c.county, c.pilot])).toEqual([['永嘉县', true], ['文成 县', true]]);
    const out = tmp.file('as-typed-out.xlsx');
    expect((await cli(['relief', file, '--out', out])).code).toBe(0);
    const rows = rowsOf((await openWorkbook(out)).getWorksheet('纾困化解明细')!);
    expect(rows[0].slice(0, 3)).toEqual(['家庭编号', '县（市、区）', '姓名']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['YJ001', '永嘉县', '张三'], ['ＹＪ００１', '永嘉县', NAME], [' YJ4', '文成 县', '李四、王五'],
    ]);
    expect(Buffer.from(String(rows[2][2])).equals(Buffer.from(NAME))).toBe(true);
  });
});

describe('amounts to the fen (docs/rules.md §3)', () => {
  test('a self-pay with more than two decimals stops the run with an error naming the cell', async () => {
    const run = await cli(['relief', await inputFile('sub-fen.xlsx', [['F1', null, null, '永嘉县', 123.456], ['F2', null, null, '永嘉县', 0.30000000000000004]]), '--json']);
    expect(run.code).toBe(1);
    const problems = (parseJson(run.stdout) as unknown as ReliefJson).problems;
    expect(problems.map((p) => [p.severity, p.cell])).toEqual([['error', 'E2'], ['error', 'E3']]);
    expect(problems[1].message).toContain('金额最多到分（两位小数）');
    expect(problems[1].message).toContain('四舍五入到分');
  });
});

describe('the worked example of docs/rules.md §3', () => {
  test('文成县 130,000.01 → 65,000.00 city + 65,000.01 local; 乐清市 50,000 all local, with a warning', () => {
    const cells: CellValue[][] = [HEAD,
      ['F1', null, null, '文成县', 250000], ['F2', null, null, '文成县', '150000.01'], ['F3', null, null, '文成县', 119000], ['F4', null, null, '乐清市', 170000]];
    const out = runRelief({ name: '医保纾困', cells }, reliefCalculator.defaultSettings('2024-06-01'), { today: '2024-06-01' });
    const json = out.json as unknown as ReliefJson;
    expect(json.families.map((f) => f.relief)).toEqual(['100000', '30000.01', '0', '50000']);
    expect(json.counties).toEqual([
      { county: '文成县', families: 3, relieved: 2, relief: '130000.01', cityFund: '65000', localMatch: '65000.01', pilot: true },
      { county: '乐清市', families: 1, relieved: 1, relief: '50000', cityFund: '0', localMatch: '50000', pilot: false },
    ]);
    expect(json.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'D5', message: expect.stringContaining('「乐清市」不在试点县（市、区）名单') })]);
  });
});

// ---- property ------------------------------------------------------------------------------------

describe('property: the split of every county (docs/rules.md §3)', () => {
  const COUNTIES = ['永嘉县', '永嘉', '洞头区', '文成县', '鹿城区', '乐清市', '温州海经区'];
  const PILOTS = reliefCalculator.defaultSettings('2024-06-01').pilotCounties;
  const pilotKeys = new Set(PILOTS.map(countyKey));

  test('city + local = relief, city ≤ local ≤ city + 0.01 in pilots, city = 0 elsewhere, Σ counties = total', () => {
    fc.assert(fc.property(
      fc.array(fc.record({
        family: fc.integer({ min: 0, max: 25 }),
        yuan: fc.integer({ min: 0, max: 260_000 }),
        fen: fc.integer({ min: 0, max: 99 }),
      }), { minLength: 1, maxLength: 50 }),
      (entries) => {
        const cells: CellValue[][] = [HEAD, ...entries.map((e) => [
          `F${e.family}`, null, null, COUNTIES[e.family % COUNTIES.length], `${e.yuan}.${String(e.fen).padStart(2, '0')}`,
        ])];
        const out = runRelief({ name: '医保纾困', cells }, { pilotCounties: PILOTS }, { today: '2024-06-01' });
        const json = out.json as unknown as ReliefJson;
        const fen = D('0.01');
        const countiesOk = json.counties.every((c) => {
          const [r, city, local] = [D(c.relief), D(c.cityFund), D(c.localMatch)];
          const fenOnly = [r, city, local].every((v) => v.decimalPlaces() <= 2);
          const split = city.plus(local).equals(r);
          const share = c.pilot ? city.lessThanOrEqualTo(local) && local.lessThanOrEqualTo(city.plus(fen)) : city.isZero();
          return fenOnly && split && share && c.pilot === pilotKeys.has(countyKey(c.county));
        });
        const keys = json.counties.map((c) => countyKey(c.county));
        const total = json.counties.reduce((s, c) => s.plus(D(c.relief)), D(0));
        return countiesOk && new Set(keys).size === keys.length && total.equals(D(json.total));
      },
    ), { numRuns: 150 });
  });
});
