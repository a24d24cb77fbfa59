/**
 * Issue 11, priority 2: `--edition FILE.json` on every calculation command, on real .xlsx files.
 * The draft is validated (an invalid file is a usage error naming the field, nothing written); the
 * JSON says `edition.draft.file`; every result sheet written says 草案版本 and names the file.
 */
import { existsSync, writeFileSync } from 'fs';
import * as path from 'path';
import hqEdition from '../../src/policies/hq-rating/2023-12-19.json';
import waterEdition from '../../src/policies/water-fund/2023-12-08.json';
import reliefEdition from '../../src/policies/medical-relief/2024-02-01.json';
import { cli, openWorkbook, parseJson, tempDir, ROOT } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const HQ = path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx');
const WATER = path.join(ROOT, 'examples', '水源地补偿资金-示例.xlsx');
const RELIEF = path.join(ROOT, 'examples', '医保纾困-示例.xlsx');

/** A draft edition file: a bundled edition, edited. */
function draftFile(dir: ReturnType<typeof tempDir>, name: string, base: unknown, edit: (e: any) => void = () => undefined): string {
  const e = JSON.parse(JSON.stringify(base));
  edit(e);
  const file = dir.file(name);
  writeFileSync(file, JSON.stringify(e, null, 2));
  return file;
}

const CASES = [
  { kind: 'hq-rating', input: HQ, base: hqEdition, edit: (e: any) => { e.document = '2026年草案（总部）'; e.parameters.starBands.value[1].toRank = 20; e.parameters.starBands.value[2].fromRank = 21; }, sheets: ['星级评定结果', '评定参数'] },
  { kind: 'water-fund', input: WATER, base: waterEdition, edit: (e: any) => { e.document = '2026年草案（水源地）'; e.parameters.fundYears.value = { first: 2023, last: 2028 }; }, sheets: ['补偿资金分配', '资金筹集', '分配参数'] },
  { kind: 'relief', input: RELIEF, base: reliefEdition, edit: (e: any) => { e.document = '2026年草案（纾困）'; e.parameters.familyCap.value = '150000'; }, sheets: ['纾困化解明细', '纾困县区汇总'] },
] as const;

describe('--edition FILE.json on every calculation', () => {
  it.each(CASES)('$kind: the draft is used, the JSON names the file, every result sheet says 草案版本 and the file', async ({ kind, input, base, edit, sheets }) => {
    const draft = draftFile(tmp, `${kind}-draft.json`, base, edit);
    const out = tmp.file(`${kind}-draft-result.xlsx`);
    const run = await cli([kind, input, '--edition', draft, '--out', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = parseJson(run.stdout) as { policy: string; edition: { document: string; draft: { file: string } }; output: { sheets: string[] } };
    expect(json.policy).toMatch(/^2026年草案/);
    expect(json.edition.document).toBe(json.policy);
    expect(json.edition.draft).toEqual({ file: draft });
    expect(json.output.sheets.slice(0, sheets.length)).toEqual([...sheets]);
    const wb = await openWorkbook(out);
    for (const name of json.output.sheets) {
      const ws = wb.getWorksheet(name)!;
      const texts: string[] = [];
      ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string') texts.push(c.value); }));
      expect({ name, marked: texts.some((t) => t.includes('草案版本') && t.includes(draft)) }).toEqual({ name, marked: true });
    }
    // the text report says so too
    const text = await cli([kind, input, '--edition', draft]);
    expect(text.stdout.split('\n')[0]).toContain(`草案版本 ${draft}`);
  });

  it('the same run without --edition has no draft mark (and the plain JSON has no edition.draft)', async () => {
    const run = await cli(['hq-rating', HQ, '--json']);
    const json = parseJson(run.stdout) as { edition: Record<string, unknown> };
    expect(json.edition.draft).toBeUndefined();
    expect(json.edition.chosenBy).toEqual({ ratingDate: '2024-12-31' });
    expect(run.stdout).not.toContain('草案版本');
  });

  it('hq-rating: a draft with other bands gives other stars, the parameter sheet opens with 草案版本', async () => {
    const draft = draftFile(tmp, 'bands.json', hqEdition, (e) => { e.parameters.starBands.value[1].toRank = 20; e.parameters.starBands.value[2].fromRank = 21; });
    const plain = parseJson((await cli(['hq-rating', HQ, '--json'])).stdout) as { tierCounts: Array<{ count: number }> };
    const drafted = parseJson((await cli(['hq-rating', HQ, '--json', '--edition', draft])).stdout) as { tierCounts: Array<{ count: number; fromRank: number; toRank: number | null }> };
    expect(plain.tierCounts.map((t) => t.count)).toEqual([5, 10, 15, 30, 19]);
    expect(drafted.tierCounts.map((t) => t.count)).toEqual([5, 15, 10, 30, 19]);
    expect(drafted.tierCounts[1]).toMatchObject({ fromRank: 6, toRank: 20 });
    const out = tmp.file('bands.xlsx');
    await cli(['hq-rating', HQ, '--edition', draft, '--out', out]);
    const ws = (await openWorkbook(out)).getWorksheet('评定参数')!;
    expect([ws.getCell('A2').value, ws.getCell('B2').value]).toEqual(['草案版本', draft]);
  });

  it('water-fund: a fund year outside the draft\'s fund years is a warning naming the draft', async () => {
    const draft = draftFile(tmp, 'water-2023.json', waterEdition);
    const json = parseJson((await cli(['water-fund', WATER, '--json', '--edition', draft, '--fund-year', '2027'])).stdout) as { problems: Array<{ message: string }> };
    expect(json.problems.map((p) => p.message)).toContainEqual(expect.stringContaining(`2027 年度不在草案版本 ${draft}`));
  });
});

describe('an invalid draft is a usage error (2) naming the field; nothing is written', () => {
  const usage = (run: { code: number; stdout: string; stderr: string }, fragment: string) => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(fragment);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };

  it.each([
    ['a band with a gap', 'hq-rating', HQ, hqEdition, (e: any) => { e.parameters.starBands.value[2].fromRank = 17; }, '字段「parameters.starBands.value[2].fromRank」应为 16'],
    ['a parameter without its article', 'water-fund', WATER, waterEdition, (e: any) => { e.parameters.baseFactors.article = ''; }, '字段「parameters.baseFactors.article」应写明该参数所依据的条款'],
    ['a money value as a JS number', 'relief', RELIEF, reliefEdition, (e: any) => { e.parameters.familyCap.value = 100000; }, '字段「parameters.familyCap.value」应为以文字书写的数'],
    ['an edition of another calculation', 'relief', RELIEF, hqEdition, () => undefined, '字段「policy」为「hq-rating」'],
  ])('%s', async (_what, kind, input, base, edit, fragment) => {
    const bad = draftFile(tmp, `bad-${kind}.json`, base, edit);
    const out = tmp.file(`bad-${kind}.xlsx`);
    usage(await cli([kind, input, '--edition', bad, '--out', out]), fragment);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file, a file that is not JSON, an empty value', async () => {
    usage(await cli(['hq-rating', HQ, '--edition', tmp.file('nope.json')]), '找不到版本文件');
    const text = tmp.file('not.json');
    writeFileSync(text, '这不是 JSON');
    usage(await cli(['hq-rating', HQ, '--edition', text]), '不是有效的 JSON');
    usage(await cli(['hq-rating', HQ, '--edition', '']), '--edition 需要一个版本文件');
  });
});
