/**
 * Another consumer accepts the package writer's output: LibreOffice (headless) opens the copy
 * the CLI wrote, exports every sheet to CSV with the results intact, and re-saves it with the
 * chart still there. And a workbook LibreOffice itself wrote goes through the writer too.
 *
 * Needs `soffice`. Without it the tests pass vacuously on a developer machine but FAIL in CI
 * (process.env.CI set).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Workbook } from 'exceljs';
import { main } from '../../src/cli/main';
import * as saveCopyModule from '../../src/workbook/xlsx-package/save-copy';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { entryData, readZip } from '../../src/workbook/xlsx-package/zip';
import { chartWorkbookBytes } from './xlsx-package-fixture';

jest.setTimeout(240_000);

const dir = mkdtempSync(path.join(tmpdir(), 'wzpolicy-xlsxpkg-lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EDITED = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/styles.xml', 'docProps/app.xml']);
const quiet = { stdout: () => undefined, stderr: () => undefined, today: () => '2025-03-01', cwd: () => dir };

const haveSoffice = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0;

/** True when soffice can be used; throws in CI when it is missing. */
function needSoffice(): boolean {
  if (haveSoffice) return true;
  if (process.env.CI) throw new Error('LibreOffice (soffice) is required for this test in CI but was not found on PATH.');
  return false;
}

/** Run a LibreOffice conversion into `outDir` (own user profile, so parallel runs do not clash). */
function convert(input: string, filter: string, outDir: string, infilter?: string): void {
  mkdirSync(outDir, { recursive: true });
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  const args = [`-env:UserInstallation=${profile}`, '--headless', '--norestore', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', filter, '--outdir', outDir, input];
  const r = spawnSync('soffice', args, { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
}

/** Every sheet of an .xlsx as CSV text, by sheet name (LibreOffice's one-file-per-sheet export). */
function sheetsAsCsv(xlsx: string, outDir: string): Map<string, string> {
  convert(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', outDir);
  const base = path.basename(xlsx, '.xlsx');
  const out = new Map<string, string>();
  for (const f of readdirSync(outDir)) {
    if (f.startsWith(`${base}-`) && f.endsWith('.csv')) out.set(f.slice(base.length + 1, -4), readFileSync(path.join(outDir, f), 'utf8'));
  }
  return out;
}

function expectCopied(input: Uint8Array, output: Uint8Array): void {
  const out = new Map(readZip(output).map((e) => [e.name, e]));
  for (const e of readZip(input)) {
    const o = out.get(e.name);
    expect({ name: e.name, present: Boolean(o) }).toEqual({ name: e.name, present: true });
    if (!EDITED.has(e.name)) expect({ name: e.name, same: Buffer.from(o!.raw).equals(Buffer.from(e.raw)) }).toEqual({ name: e.name, same: true });
  }
}

describe('LibreOffice opens the copy the package writer made', () => {
  test('chart workbook → relief --out → LibreOffice: every sheet exports with the results, the chart and the constant name survive a LibreOffice re-save', async () => {
    if (!needSoffice()) return;
    const input = path.join(dir, 'chart-in.xlsx');
    const output = path.join(dir, 'chart-out.xlsx');
    writeFileSync(input, chartWorkbookBytes());
    expect(await main(['relief', input, '--out', output], quiet)).toBe(0);
    expect(saveCopyModule.lastSaveMethod).toBe('package');

    const csv = sheetsAsCsv(output, path.join(dir, 'csv1'));
    expect([...csv.keys()].sort()).toEqual(['明细', '纾困化解明细', '纾困县区汇总'].sort());
    expect(csv.get('明细')).toContain('F1,陈二,330328198001010012,文成县,70000.5');
    const detail = csv.get('纾困化解明细')!;
    expect(detail.split('\n')[0]).toContain('家庭编号');
    expect(detail).toMatch(/F1,.*50,?000\.5/);
    expect(detail).not.toContain('11010519491231002X');
    expect(csv.get('纾困县区汇总')).toMatch(/150,?000\.5/);

    // LibreOffice re-saves it as .xlsx: its chart and names came through its import
    const resaved = path.join(dir, 'lo-xlsx');
    convert(output, 'xlsx', resaved);
    const bytes = readFileSync(path.join(resaved, 'chart-out.xlsx'));
    const names = readZip(bytes).map((e) => e.name);
    expect(names.some((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
    const wbXml = Buffer.from(entryData(readZip(bytes).find((e) => e.name === 'xl/workbook.xml')!, nodeZipCodec())).toString('utf8');
    expect(wbXml).toMatch(/<definedName[^>]*name="费率"[^>]*>0\.05<\/definedName>/);
    const wb = new Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['明细', '纾困化解明细', '纾困县区汇总']);
  });

  test('a workbook LibreOffice wrote: relief --out keeps its parts byte for byte and LibreOffice reads the results back', async () => {
    if (!needSoffice()) return;
    const csvIn = path.join(dir, 'lo-input.csv');
    writeFileSync(csvIn, [
      '家庭编号,姓名,身份证号,县（市、区）,综合保障后自负医疗费用（元）',
      'F1,陈一,,文成县,100000',
      'F1,陈二,,文成县,70000.5',
      'F2,林三,,泰顺县,260000',
    ].join('\n') + '\n');
    convert(csvIn, 'xlsx', path.join(dir, 'lo-made'), 'CSV:44,34,76,1');
    const input = path.join(dir, 'lo-made', 'lo-input.xlsx');
    expect(existsSync(input)).toBe(true);
    const output = path.join(dir, 'lo-made-out.xlsx');
    let stderr = '';
    expect({ code: await main(['relief', input, '--out', output], { ...quiet, stderr: (t) => void (stderr += t) }), stderr }).toEqual({ code: 0, stderr: '' });
    expect(saveCopyModule.lastSaveMethod).toBe('package');
    expectCopied(readFileSync(input), readFileSync(output));

    const csv = sheetsAsCsv(output, path.join(dir, 'csv2'));
    expect(csv.get('lo-input')).toContain('F1,陈二,,文成县,70000.5');
    expect(csv.get('纾困化解明细')).toMatch(/F1,.*50,?000\.5/);
    expect(csv.get('纾困县区汇总')).toMatch(/150,?000\.5/);
  });
});
