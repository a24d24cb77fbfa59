/**
 * The CLI on inputs only the package reader gets right or refuses (issue 8 items 1, 5, 6, 8):
 * t="d" ISO date cells, corrupt cells as problems naming the cell, shadow parts, limits with the
 * option that raises them, inputs that are not regular files.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { cli, parseJson, ROOT, tempDir } from './helpers';
import { readZip, writeZip } from '../signing/zip-edit';
import { oneSheet, excelJsGrid, readGrid, handParts, zipParts } from '../workbook/reader-helpers';
import { isoFromSerial } from '../../src/sheets/parse-cell';

const HQ_EXAMPLE = path.join(ROOT, 'examples', '总部企业星级评定-示例.xlsx');
const RELIEF_HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>家庭编号</t></is></c><c r="B1" t="inlineStr"><is><t>县（市、区）</t></is></c><c r="C1" t="inlineStr"><is><t>综合保障后自负医疗费用（元）</t></is></c></row>';
const reliefRow = (r: number, family: string, amount: string): string =>
  `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${family}</t></is></c><c r="B${r}" t="inlineStr"><is><t>文成县</t></is></c>${amount}</row>`;

/** The JSON without what differs between two files of the same content (paths, run time). */
function comparable(doc: unknown): unknown {
  return JSON.parse(JSON.stringify(doc, (k, v) => (k === 'runAt' || k === 'input' || k === 'file' ? undefined : v)));
}

/** The HQ example with its listing dates written as t="d" ISO cells, as openpyxl iso_dates=True saves them. */
function isoDatedHqExample(): Buffer {
  const files = readZip(readFileSync(HQ_EXAMPLE));
  const sheet = files.get('xl/worksheets/sheet1.xml')!.toString('utf8');
  let n = 0;
  const edited = sheet.replace(/<c r="(L\d+)" s="(\d+)"><v>(\d+)<\/v><\/c>/g, (_m, ref: string, s: string, serial: string) => {
    n++;
    return `<c r="${ref}" s="${s}" t="d"><v>${isoFromSerial(Number(serial))}T00:00:00</v></c>`;
  });
  expect(n).toBe(9);
  files.set('xl/worksheets/sheet1.xml', Buffer.from(edited, 'utf8'));
  return writeZip(files);
}

describe('the CLI reads what users\' files contain', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  test('t="d" listing dates read as dates: the rating equals the example\'s (ExcelJS read them as 2023)', async () => {
    const file = tmp.file('hq-iso-dates.xlsx');
    const bytes = isoDatedHqExample();
    writeFileSync(file, bytes);
    const original = await cli(['hq-rating', HQ_EXAMPLE, '--json', '--rating-date', '2024-12-31']);
    const iso = await cli(['hq-rating', file, '--json', '--rating-date', '2024-12-31']);
    expect(iso.code).toBe(original.code);
    expect(comparable(parseJson(iso.stdout))).toEqual(comparable(parseJson(original.stdout)));
    // what the ExcelJS reader made of them: the year 2023 taken as a serial, a day in 1905
    expect((await excelJsGrid(bytes)).cells[10][11]).toEqual(new Date(Date.UTC(1905, 6, 15)));
    expect((await readGrid(bytes)).cells[10][11]).toEqual(new Date(Date.UTC(2023, 11, 18)));
  });

  test('a t="d" cell in an amount column is an error naming the cell ("是日期")', async () => {
    const file = tmp.file('relief-date-amount.xlsx');
    writeFileSync(file, oneSheet(RELIEF_HEADER + reliefRow(2, 'F1', '<c r="C2"><v>120000</v></c>') + reliefRow(3, 'F2', '<c r="C3" t="d"><v>2023-12-18T00:00:00</v></c>')));
    const run = await cli(['relief', file, '--json']);
    expect(run.code).toBe(1);
    const problems = parseJson(run.stdout).problems as Array<{ cell: string; message: string; severity: string }>;
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'C3', message: expect.stringContaining('是日期 2023-12-18') }));
  });

  test('a shared-string index out of range and 1e400 are problems naming their cells', async () => {
    const file = tmp.file('relief-corrupt.xlsx');
    writeFileSync(file, oneSheet(RELIEF_HEADER + reliefRow(2, 'F1', '<c r="C2" t="s"><v>99</v></c>') + reliefRow(3, 'F2', '<c r="C3"><v>1e400</v></c>') + reliefRow(4, 'F3', '<c r="C4"><v>100</v></c>'), { strings: ['x'] }));
    const run = await cli(['relief', file, '--json']);
    expect(run.code).toBe(1);
    const problems = parseJson(run.stdout).problems as Array<{ cell: string; message: string }>;
    expect(problems).toContainEqual(expect.objectContaining({ cell: 'C2', message: expect.stringMatching(/共享字符串缺失.*只有 1 项.*第 100 项/) }));
    expect(problems).toContainEqual(expect.objectContaining({ cell: 'C3', message: expect.stringContaining('数值超出范围') }));
    expect(problems.filter((p) => p.cell === 'C4')).toEqual([]);
  });

  test('a package with a shadow part is refused (exit 2), nothing written', async () => {
    const parts = handParts({ sheets: [{ name: '明细', data: RELIEF_HEADER + reliefRow(2, 'F1', '<c r="C2"><v>120000</v></c>') }] });
    parts.push(['../xl/worksheets/sheet1.xml', parts.find(([n]) => n === 'xl/worksheets/sheet1.xml')![1]]);
    const file = tmp.file('shadow.xlsx');
    writeFileSync(file, zipParts(parts));
    const out = tmp.file('shadow-out.xlsx');
    const run = await cli(['relief', file, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^wzpolicy：.*shadow\.xlsx：工作簿中有名称无效的部件「\.\.\/xl\/worksheets\/sheet1\.xml」/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  test('limits: the message gives the limit and the option that raises it; the option lets the file through', async () => {
    const over = await cli(['hq-rating', HQ_EXAMPLE, '--json', '--max-cells', '500']);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/工作表「总部企业」的单元格超过上限 500 个.*可加选项 --max-cells 2000 提高上限/);
    expect((await cli(['hq-rating', HQ_EXAMPLE, '--json', '--max-cells', '2000', '--rating-date', '2024-12-31'])).code).toBe(0);
    // a part declaring 2 GB (a zip bomb as the central directory shows it): refused before inflating
    const files = readZip(readFileSync(HQ_EXAMPLE));
    const bomb = writeZip(files);
    const eocd = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 5, 6]));
    let p = bomb.readUInt32LE(eocd + 16);
    for (let i = 0; i < bomb.readUInt16LE(eocd + 10); i++) {
      const nameLen = bomb.readUInt16LE(p + 28);
      if (bomb.subarray(p + 46, p + 46 + nameLen).toString() === 'xl/sharedStrings.xml') bomb.writeUInt32LE(2 ** 31, p + 24);
      p += 46 + nameLen + bomb.readUInt16LE(p + 30) + bomb.readUInt16LE(p + 32);
    }
    const file = tmp.file('bomb.xlsx');
    writeFileSync(file, bomb);
    const refused = await cli(['hq-rating', file, '--json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/xl\/sharedStrings\.xml 解压后 2,048 MB，压缩比 [\d,]+:1，超过上限 1,000:1.*--max-ratio/);
    const total = await cli(['hq-rating', file, '--json', '--max-ratio', '1000000']);
    expect(total.stderr).toMatch(/解压后共 2,048 MB，超过上限 200 MB.*--max-uncompressed-mb 2100/);
    for (const bad of [['--max-cells', 'abc'], ['--max-cells', '0'], ['--max-uncompressed-mb', '-1'], ['--max-ratio', '']]) {
      const run = await cli(['relief', HQ_EXAMPLE, ...bad]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${bad[0]} 需要一个正数`);
    }
  });

  test('--out falls back to the ExcelJS re-save (loaded only then) when the package writer cannot insert; a file ExcelJS cannot read then is exit 2', async () => {
    const noStyles = (data: string): Uint8Array => zipParts(handParts({ sheets: [{ name: '明细', data }] })
      .filter(([n]) => n !== 'xl/styles.xml')
      .map(([n, c]): [string, string | Uint8Array] => [n, n === 'xl/_rels/workbook.xml.rels' ? c.toString().replace(/<Relationship Id="rId90"[^>]*\/>/, '') : c]));
    const rows = RELIEF_HEADER + reliefRow(2, 'F1', '<c r="C2"><v>120000</v></c>');
    const file = tmp.file('no-styles.xlsx');
    writeFileSync(file, noStyles(rows));
    const out = tmp.file('no-styles-out.xlsx');
    const ok = await cli(['relief', file, '--out', out, '--json']);
    expect(ok.code).toBe(0);
    expect(parseJson(ok.stdout).output).toEqual(expect.objectContaining({ sheets: expect.arrayContaining(['纾困化解明细']) }));
    expect((await readGrid(readFileSync(out), '纾困化解明细')).cells.length).toBeGreaterThan(1);
    // rows without r: our reader reads them, ExcelJS refuses them — said, not an internal error
    const rless = tmp.file('no-styles-rless.xlsx');
    writeFileSync(rless, noStyles(rows.replace(/<row r="\d+">/g, '<row>')));
    const failed = await cli(['relief', rless, '--out', tmp.file('rless-out.xlsx')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^wzpolicy：无法写出结果副本：.*改用完整重存时无法读取它/);
    expect(existsSync(tmp.file('rless-out.xlsx'))).toBe(false);
  });

  test('only regular files: a FIFO and /dev/zero are usage errors, never a hang or a read without end', async () => {
    if (process.platform === 'win32') return;
    const fifo = tmp.file('input.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await cli(['relief', fifo, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('输入路径是一个命名管道（FIFO），不是普通文件');
    const zero = await cli(['relief', '/dev/zero', '--json']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('输入路径是一个设备文件，不是普通文件：/dev/zero');
  });

  test('an input file larger than the size limit is refused before it is read', async () => {
    const run = await cli(['hq-rating', HQ_EXAMPLE, '--max-uncompressed-mb', '0.01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/输入文件 .*总部企业星级评定-示例\.xlsx 有 0\.02 MB，超过上限 0\.01 MB。若确是这么大的工作簿，可加选项 --max-uncompressed-mb 2 提高上限/);
  });
});
