/**
 * Issue 11, priority 3: `wzpolicy compare` on real .xlsx files for all three calculations.
 * A draft that changes nothing reports no change; with a changed band, weight or amount every
 * `after` equals the plain run with --edition and every `before` the plain run without it
 * (and with --baseline A.json, the plain run with A.json).
 */
import { existsSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Decimal } from '../../src/exact/decimal';
import hqEdition from '../../src/policies/hq-rating/2023-12-19.json';
import waterEdition from '../../src/policies/water-fund/2023-12-08.json';
import reliefEdition from '../../src/policies/medical-relief/2024-02-01.json';
import { cli, openWorkbook, parseJson, tempDir, ROOT } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const HQ = path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx');
const WATER = path.join(ROOT, 'examples', '水源地补偿资金-示例.xlsx');
const RELIEF = path.join(ROOT, 'examples', '医保纾困-示例.xlsx');

function draftFile(name: string, base: unknown, edit: (e: any) => void = () => undefined): string {
  const e = JSON.parse(JSON.stringify(base));
  edit(e);
  const file = tmp.file(name);
  writeFileSync(file, JSON.stringify(e, null, 2));
  return file;
}

type Json = Record<string, any>;
const json = async (args: string[]): Promise<Json> => {
  const run = await cli(args);
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return parseJson(run.stdout);
};

const SAME = {
  'hq-rating': draftFile('hq-same.json', hqEdition, (e) => { e.document = '草案（未改参数）'; }),
  'water-fund': draftFile('water-same.json', waterEdition, (e) => { e.document = '草案（未改参数）'; }),
  relief: draftFile('relief-same.json', reliefEdition, (e) => { e.document = '草案（未改参数）'; }),
};

describe('a draft that changes nothing reports no change', () => {
  it.each([['hq-rating', HQ], ['water-fund', WATER], ['relief', RELIEF]] as const)('%s', async (kind, input) => {
    const r = await json(['compare', kind, input, '--edition', SAME[kind], '--json']);
    expect(r.kind).toBe('compare');
    expect(r.calculation).toBe(kind);
    expect(r.baseline).toMatchObject({ file: null, draft: false });
    expect(r.alternative).toMatchObject({ file: SAME[kind], draft: true, policy: '草案（未改参数）' });
    expect(r.changes.length).toBeGreaterThan(0);
    expect(r.changes.filter((c: Json) => c.changed)).toEqual([]);
    expect(r.counts.changed).toBe(0);
    for (const c of r.changes) expect(c.after).toEqual(c.before);
    if (kind === 'hq-rating') expect(r.counts).toMatchObject({ up: 0, down: 0, same: r.changes.length });
    else expect(r.sums).toMatchObject({ difference: kind === 'water-fund' ? '0' : '0', ok: true });
  });
});

describe('with a changed band or weight: before = the plain run, after = the plain run with --edition', () => {
  const hqBands = draftFile('hq-bands.json', hqEdition, (e) => { e.parameters.starBands.value[1].toRank = 20; e.parameters.starBands.value[2].fromRank = 21; });
  const hqWeights = draftFile('hq-weights.json', hqEdition, (e) => { e.parameters.indicators.value[0].weight = '40'; e.parameters.indicators.value[1].weight = '40'; });
  const waterWeights = draftFile('water-weights.json', waterEdition, (e) => { e.parameters.baseFactors.value[0].weight = '0.10'; e.parameters.baseFactors.value[1].weight = '0.40'; });
  const reliefCap = draftFile('relief-cap.json', reliefEdition, (e) => { e.parameters.selfPayThreshold.value = '100000'; });

  it.each([['bands', hqBands], ['weights 40/40/10/10', hqWeights]])('hq-rating, %s', async (_what, draft) => {
    const before = await json(['hq-rating', HQ, '--json']);
    const after = await json(['hq-rating', HQ, '--json', '--edition', draft]);
    const r = await json(['compare', 'hq-rating', HQ, '--edition', draft, '--json']);
    const place = (x: Json) => ({ rank: x.rank, stars: x.stars, total: x.total, starLabel: x.starLabel });
    const byCode = (doc: Json) => new Map(doc.results.map((x: Json) => [x.creditCode, place(x)]));
    const b = byCode(before);
    const a = byCode(after);
    expect(r.changes).toHaveLength(before.results.length);
    for (const c of r.changes) {
      expect(c.before).toEqual(b.get(c.creditCode));
      expect(c.after).toEqual(a.get(c.creditCode));
      expect(c.change).toBe(c.after.stars > c.before.stars ? 'up' : c.after.stars < c.before.stars ? 'down' : 'same');
    }
    expect(r.counts.changed).toBeGreaterThan(0);
    // sorted by change: every entry whose stars moved comes before every entry whose stars did not
    const moved = r.changes.map((c: Json) => c.before.stars !== c.after.stars);
    expect(moved.indexOf(false) === -1 || moved.lastIndexOf(true) < moved.indexOf(false)).toBe(true);
  });

  it('hq-rating with calculation options: --rating-date and --tie-break reach both runs', async () => {
    const args = ['--rating-date', '2023-12-31', '--tie-break', 'revenue'];
    const before = await json(['hq-rating', HQ, '--json', ...args]);
    const after = await json(['hq-rating', HQ, '--json', '--edition', hqBands, ...args]);
    const r = await json(['compare', 'hq-rating', HQ, '--edition', hqBands, '--json', ...args]);
    expect(r.settings).toEqual(before.settings);
    const b = new Map(before.results.map((x: Json) => [x.creditCode, x.rank]));
    const a = new Map(after.results.map((x: Json) => [x.creditCode, x.stars]));
    for (const c of r.changes) {
      expect(c.before.rank).toBe(b.get(c.creditCode));
      expect(c.after.stars).toBe(a.get(c.creditCode));
    }
  });

  it.each(['yuan', 'fen'])('water-fund, other factor weights (--unit %s)', async (unit) => {
    const before = await json(['water-fund', WATER, '--json', '--unit', unit]);
    const after = await json(['water-fund', WATER, '--json', '--unit', unit, '--edition', waterWeights]);
    const r = await json(['compare', 'water-fund', WATER, '--edition', waterWeights, '--json', '--unit', unit]);
    const amounts = (x: Json) => ({ base: x.base, reward: x.reward, total: x.total });
    expect(r.changes.map((c: Json) => c.county)).toEqual(before.results.map((x: Json) => x.county));
    r.changes.forEach((c: Json, i: number) => {
      expect(c.before).toEqual(amounts(before.results[i]));
      expect(c.after).toEqual(amounts(after.results[i]));
      expect(new Decimal(c.difference).equals(new Decimal(c.after.total).minus(c.before.total))).toBe(true);
    });
    expect(r.counts.changed).toBeGreaterThan(0);
    // 1.7亿 either way: the county differences add up to 0
    expect(r.sums).toEqual({ before: before.totals.total, after: after.totals.total, difference: unit === 'fen' ? '0.00' : '0', ok: true });
  });

  it('relief, another threshold; and --baseline A.json is the plain run with A.json', async () => {
    const before = await json(['relief', RELIEF, '--json']);
    const after = await json(['relief', RELIEF, '--json', '--edition', reliefCap]);
    const r = await json(['compare', 'relief', RELIEF, '--edition', reliefCap, '--json']);
    const amounts = (x: Json) => ({ relief: x.relief, cityFund: x.cityFund, localMatch: x.localMatch });
    r.changes.forEach((c: Json, i: number) => {
      expect(c.county).toBe(before.counties[i].county);
      expect(c.before).toEqual(amounts(before.counties[i]));
      expect(c.after).toEqual(amounts(after.counties[i]));
    });
    expect(r.counts.changed).toBeGreaterThan(0);
    expect(r.sums).toMatchObject({ before: before.total, after: after.total, ok: true });
    // the other way round: the draft as the baseline, the bundled copy as the alternative
    const back = await json(['compare', 'relief', RELIEF, '--baseline', reliefCap, '--edition', SAME.relief, '--json']);
    expect(back.baseline).toMatchObject({ file: reliefCap, draft: true });
    back.changes.forEach((c: Json, i: number) => {
      expect(c.before).toEqual(amounts(after.counties[i]));
      expect(c.after).toEqual(amounts(before.counties[i]));
    });
  });
});

describe('compare writes 方案对比, and keeps the rules of the calculation commands', () => {
  it('--out adds the sheet 方案对比 to a copy of the input workbook: per county yuan before → after, sums checked', async () => {
    const draft = draftFile('water-w2.json', waterEdition, (e) => { e.parameters.baseFactors.value[2].weight = '0.25'; e.parameters.baseFactors.value[3].weight = '0.25'; });
    const out = tmp.file('compare-water.xlsx');
    const r = await json(['compare', 'water-fund', WATER, '--edition', draft, '--out', out, '--json']);
    expect(r.output.sheets[0]).toBe('方案对比');
    const wb = await openWorkbook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['方案对比']));
    const ws = wb.getWorksheet('方案对比')!;
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['县（市、区）', '基准合计（元）', '方案合计（元）', '合计差额（元）']));
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') texts.push(c.value); }));
    expect(texts.some((t) => t.includes('✓'))).toBe(true);
  });

  it('--out for hq-rating: one row per enterprise with rank and stars before → after', async () => {
    const draft = draftFile('hq-b2.json', hqEdition, (e) => { e.parameters.starBands.value[0].toRank = 3; e.parameters.starBands.value[1].fromRank = 4; });
    const out = tmp.file('compare-hq.xlsx');
    const r = await json(['compare', 'hq-rating', HQ, '--edition', draft, '--out', out, '--json']);
    expect(r.counts).toMatchObject({ down: 2, up: 0 });
    const ws = (await openWorkbook(out)).getWorksheet('方案对比')!;
    const header = ws.getRow(1).values as unknown[];
    expect(header).toEqual(expect.arrayContaining(['统一社会信用代码', '企业名称', '基准名次', '方案名次', '基准星级', '方案星级', '星级变化']));
    const col = (h: string) => header.indexOf(h);
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => { if (n > 1 && typeof row.getCell(col('基准名次')).value === 'number') rows.push(row.values as unknown[]); });
    expect(rows).toHaveLength(r.changes.length);
    expect(rows.slice(0, 2).map((x) => x[col('星级变化')])).toEqual(['降星', '降星']);
  });

  it('usage errors: no --edition, an option of another calculation, an invalid draft, an unknown calculation', async () => {
    const usage = async (args: string[], fragment: string) => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(fragment);
    };
    await usage(['compare', 'hq-rating', HQ], '--edition');
    await usage(['compare', 'hq-rating', HQ, '--edition', SAME['hq-rating'], '--unit', 'fen'], '选项 --unit 不适用于 hq-rating');
    await usage(['compare', 'water-fund', WATER, '--edition', SAME['hq-rating']], '字段「policy」为「hq-rating」');
    await usage(['compare', 'tax', HQ, '--edition', SAME['hq-rating']], '未知的测算类型「tax」');
    await usage(['compare', 'relief', RELIEF, '--edition', SAME.relief, '--pilot-counties', ''], '--pilot-counties 的值不能为空');
  });

  it('an input with errors: exit 1, the problems, nothing written', async () => {
    const out = tmp.file('compare-bad.xlsx');
    const run = await cli(['compare', 'relief', path.join(ROOT, 'test', 'fixtures', 'medical-relief', 'relief-errors.xlsx'), '--edition', SAME.relief, '--out', out, '--json']);
    expect(run.code).toBe(1);
    const r = parseJson(run.stdout) as Json;
    expect(r.problems.some((p: Json) => p.severity === 'error')).toBe(true);
    expect(r.changes).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('the text report names both editions and the moves', async () => {
    const draft = draftFile('hq-b3.json', hqEdition, (e) => { e.parameters.starBands.value[0].toRank = 3; e.parameters.starBands.value[1].fromRank = 4; });
    const run = await cli(['compare', 'hq-rating', HQ, '--edition', draft]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('基准：现行版本 温政办〔2023〕88号');
    expect(run.stdout).toContain(`方案：草案版本 ${draft}`);
    expect(run.stdout).toContain('升星 0 家、降星 2 家');
  });
});
