/**
 * Issue 11, priority 4: `wzpolicy diff` of two result workbooks written by this tool, found by the
 * `_wzpolicy.*` marks. A result with itself reports only "same"; two ratings of a batch where one
 * enterprise's revenue changed report exactly the enterprises whose tier changed.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { Workbook } from 'exceljs';
import hqEdition from '../../src/policies/hq-rating/2023-12-19.json';
import { cli, openWorkbook, parseJson, saveWorkbook, tempDir, ROOT } from './helpers';
import { writeFileSync } from 'fs';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const HQ = path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx');
const WATER = path.join(ROOT, 'examples', '水源地补偿资金-示例.xlsx');
const RELIEF = path.join(ROOT, 'examples', '医保纾困-示例.xlsx');
type Json = Record<string, any>;

async function result(kind: string, input: string, name: string, extra: string[] = []): Promise<{ file: string; json: Json }> {
  const file = tmp.file(name);
  const run = await cli([kind, input, '--out', file, '--json', ...extra]);
  if (run.code !== 0) throw new Error(run.stderr);
  return { file, json: parseJson(run.stdout) };
}

async function diff(a: string, b: string, extra: string[] = []): Promise<Json> {
  const run = await cli(['diff', a, b, '--json', ...extra]);
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return parseJson(run.stdout);
}

/** The example batch with one enterprise's revenue changed (a copy of the input sheet). */
async function batchWithRevenue(row: number, revenue: number, name: string): Promise<string> {
  const wb = await openWorkbook(HQ);
  const ws = wb.worksheets[0];
  let col = 0;
  ws.getRow(1).eachCell((c, n) => { if (String(c.value).includes('营业收入')) col = n; });
  ws.getCell(row, col).value = revenue;
  return saveWorkbook(wb, tmp.file(name));
}

describe('diff of hq-rating results', () => {
  it('a result with itself reports only "same"', async () => {
    const r1 = await result('hq-rating', HQ, 'hq-1.xlsx');
    const d = await diff(r1.file, r1.file);
    expect(d.kind).toBe('diff');
    expect(d.calculation).toBe('hq-rating');
    expect(d.entries).toHaveLength(r1.json.results.length);
    expect(new Set(d.entries.map((e: Json) => e.change))).toEqual(new Set(['same']));
    expect(d.counts).toEqual({ up: 0, down: 0, same: r1.json.results.length, new: 0, gone: 0 });
    for (const e of d.entries) expect(e.later).toEqual(e.earlier);
    expect(d.earlier).toMatchObject({ file: r1.file, sheet: '星级评定结果', policy: '温政办〔2023〕88号', draft: null, sourceSheet: '总部企业' });
  });

  it.each([[2, 0.5], [10, 400], [40, 0]])('row %i\'s revenue changed to %d: exactly the enterprises whose tier changed are up or down', async (row, revenue) => {
    const r1 = await result('hq-rating', HQ, `hq-a-${row}.xlsx`);
    const changed = await batchWithRevenue(row, revenue, `batch-${row}.xlsx`);
    const r2 = await result('hq-rating', changed, `hq-b-${row}.xlsx`);
    const d = await diff(r1.file, r2.file);
    const before = new Map(r1.json.results.map((x: Json) => [x.creditCode, x.stars]));
    const after = new Map(r2.json.results.map((x: Json) => [x.creditCode, x.stars]));
    const expected = [...before.keys()].filter((k) => before.get(k) !== after.get(k)).sort();
    const reported = d.entries.filter((e: Json) => e.change !== 'same').map((e: Json) => e.creditCode).sort();
    expect(reported).toEqual(expected);
    if (revenue === 400) expect(expected.length).toBeGreaterThan(1); // the change moves tiers: the test is not vacuous
    for (const e of d.entries) {
      expect(e.earlier.stars).toBe(before.get(e.creditCode));
      expect(e.later.stars).toBe(after.get(e.creditCode));
      expect(e.change).toBe(e.later.stars > e.earlier.stars ? 'up' : e.later.stars < e.earlier.stars ? 'down' : 'same');
    }
    expect(d.counts.new + d.counts.gone).toBe(0);
  });

  it('new and gone: an enterprise disqualified later is gone; the latest run of a workbook is the one read', async () => {
    const wb = await openWorkbook(HQ);
    const ws = wb.worksheets[0];
    let col = 0;
    ws.getRow(1).eachCell((c, n) => { if (String(c.value).includes('取消资格')) col = n; });
    ws.getCell(3, col).value = '被列入严重失信名单';
    const later = await result('hq-rating', await saveWorkbook(wb, tmp.file('disq.xlsx')), 'hq-disq.xlsx');
    const earlier = await result('hq-rating', HQ, 'hq-2.xlsx');
    const d = await diff(earlier.file, later.file);
    expect(d.counts.gone).toBe(1);
    expect(d.entries[0].change).toBe('gone');
    expect(d.entries[0].later).toBeNull();
    const back = await diff(later.file, earlier.file);
    expect(back.counts.new).toBe(1);
    // a second run written into the same workbook: diff reads the latest one (a draft's), and says so
    const draft = tmp.file('bands.json');
    const e = JSON.parse(JSON.stringify(hqEdition));
    e.parameters.starBands.value[1].toRank = 20; e.parameters.starBands.value[2].fromRank = 21;
    writeFileSync(draft, JSON.stringify(e));
    const twice = tmp.file('hq-twice.xlsx');
    expect((await cli(['hq-rating', earlier.file, '--sheet', '总部企业', '--edition', draft, '--out', twice])).code).toBe(0);
    const d2 = await diff(earlier.file, twice);
    expect(d2.later).toMatchObject({ sheet: '星级评定结果 (2)', draft });
    expect(d2.counts.up).toBe(5);
  });

  it('--out writes a workbook with 前后对比, the counts on top', async () => {
    const r1 = await result('hq-rating', HQ, 'hq-3.xlsx');
    const r2 = await result('hq-rating', await batchWithRevenue(10, 400, 'batch-out.xlsx'), 'hq-4.xlsx');
    const out = tmp.file('diff.xlsx');
    const d = await diff(r1.file, r2.file, ['--out', out]);
    expect(d.output.sheets).toEqual(['前后对比']);
    const ws = (await openWorkbook(out)).getWorksheet('前后对比')!;
    expect([ws.getCell('A3').value, ws.getCell('B3').value]).toEqual(['升星', d.counts.up]);
    expect([ws.getCell('A4').value, ws.getCell('B4').value]).toEqual(['降星', d.counts.down]);
    expect([ws.getCell('A5').value, ws.getCell('A6').value]).toEqual(['新进', '退出']);
  });
});

describe('diff of water-fund and relief results', () => {
  it('water-fund: two fund years\' results, per county earlier, later and the difference, sums checked', async () => {
    const a = await result('water-fund', WATER, 'w-1.xlsx');
    const wb = await openWorkbook(WATER);
    const ws = wb.worksheets[0];
    ws.getCell('B2').value = Number(ws.getCell('B2').value) * 2; // another 一级水源保护区面积 for 瑞安市
    const b = await result('water-fund', await saveWorkbook(wb, tmp.file('water-2.xlsx')), 'w-2.xlsx');
    const d = await diff(a.file, b.file);
    expect(d.calculation).toBe('water-fund');
    expect(d.entries.map((e: Json) => e.county)).toEqual(a.json.results.map((x: Json) => x.county));
    d.entries.forEach((e: Json, i: number) => {
      expect(e.earlier).toEqual({ base: a.json.results[i].base, reward: a.json.results[i].reward, total: a.json.results[i].total });
      expect(e.later.total).toBe(b.json.results[i].total);
      expect(Number(e.difference)).toBe(Number(b.json.results[i].total) - Number(a.json.results[i].total));
    });
    expect(d.sums).toEqual({ earlier: '170000000', later: '170000000', difference: '0', ok: true });
    const same = await diff(a.file, a.file);
    expect(same.entries.every((e: Json) => e.difference === '0')).toBe(true);
    expect(same.counts.changed).toBe(0);
  });

  it('relief: with itself every difference is 0, per county as written', async () => {
    const a = await result('relief', RELIEF, 'r-1.xlsx');
    const d = await diff(a.file, a.file);
    expect(d.calculation).toBe('relief');
    expect(d.entries.map((e: Json) => [e.county, e.difference])).toEqual(a.json.counties.map((c: Json) => [c.county, '0']));
    expect(d.entries[0].earlier).toEqual({ relief: a.json.counties[0].relief, cityFund: a.json.counties[0].cityFund, localMatch: a.json.counties[0].localMatch });
    expect(d.sums.ok).toBe(true);
  });

  it('usage errors: a workbook without results, two different calculations, an existing --out', async () => {
    const usage = async (args: string[], fragment: string) => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(fragment);
    };
    const hq = await result('hq-rating', HQ, 'hq-u.xlsx');
    const water = await result('water-fund', WATER, 'w-u.xlsx');
    await usage(['diff', HQ, hq.file], '不是本工具写出的结果工作簿');
    await usage(['diff', hq.file, water.file], '两份结果不是同一项测算');
    const plain = new Workbook();
    plain.addWorksheet('表1').getCell('A1').value = '星级评定结果';
    await usage(['diff', await saveWorkbook(plain, tmp.file('plain.xlsx')), hq.file], '不是本工具写出的结果工作簿');
    await usage(['diff', hq.file, hq.file, '--out', hq.file], '--out 不能与输入文件相同');
    expect(existsSync(hq.file)).toBe(true);
  });
});
