/**
 * Issue «hardened against what arrives by e-mail», items 3 and 7, on real .xlsx files through the
 * CLI: a credit code typed as a number, and ID numbers where they do not belong (docs/rules.md §3
 * Personal data) are errors naming the cell, and no output ever prints an unmasked ID.
 */
import { Workbook } from 'exceljs';
import { idCheckChar } from '../../src/rules/medical-relief/mask-id';
import { cli, saveWorkbook, tempDir } from '../cli/helpers';
import { code } from '../fixtures/hq-rating/builders';

const id = (first17: string) => first17 + idCheckChar(first17);
const ID1 = id('33032419490207587');
const ID_X = (() => { for (let n = 0; n < 1000; n++) { const f = `33032419800101${String(n).padStart(3, '0')}`; if (idCheckChar(f) === 'X') return f + 'X'; } throw new Error('no X'); })();

async function run(kind: string, sheet: string, rows: unknown[][], merge?: string): Promise<{ code: number; out: string; json: { problems: Array<{ severity: string; cell: string | null; message: string }> } }> {
  const wb = new Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  if (merge) ws.mergeCells(merge);
  const dir = tempDir();
  const file = await saveWorkbook(wb, dir.file('in.xlsx'));
  const r = await cli([kind, file, '--json', ...(kind === 'hq-rating' ? ['--rating-date', '2024-12-31'] : [])]);
  dir.cleanup();
  return { code: r.code, out: r.stdout + r.stderr, json: JSON.parse(r.stdout) };
}

const RELIEF_HEADERS = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'];

describe('a credit code typed as a number', () => {
  it('is an error naming the cell, even when the rounded code happens to pass its check', async () => {
    const r = await run('hq-rating', '总部企业', [
      ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率'],
      [913303020000002413, '甲', 1, 1, 1, '50%'],
      [code(2), '乙', 2, 2, 2, '50%'],
    ]);
    expect(r.code).toBe(1);
    expect(r.json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'A2', message: expect.stringContaining('数字格式') }));
  });
});

describe('ID numbers outside the 身份证号 column', () => {
  it('an all-digit ID as text in the amount column is an error, never an amount of 3.3e17', async () => {
    const r = await run('relief', '医保纾困', [RELIEF_HEADERS, ['F1', '张三', '', '永嘉县', ID1], ['F2', '李四', '', '永嘉县', 150000]]);
    expect(r.code).toBe(1);
    expect(r.json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'E2', message: expect.stringContaining('身份证号') }));
    expect(r.out).not.toContain(ID1);
  });

  it('an ID ending in X in the amount column is quoted only masked', async () => {
    const r = await run('relief', '医保纾困', [RELIEF_HEADERS, ['F1', '张三', '', '永嘉县', ID_X]]);
    expect(r.code).toBe(1);
    expect(r.out).not.toContain(ID_X);
    expect(r.out).toContain(`${ID_X.slice(0, 6)}********${ID_X.slice(-4)}`);
  });

  it('an ID typed as a number in the amount column is an error (its last digits are already lost)', async () => {
    const r = await run('relief', '医保纾困', [RELIEF_HEADERS, ['F1', '张三', '', '永嘉县', Number(ID1)]]);
    expect(r.code).toBe(1);
    expect(r.json.problems).toContainEqual(expect.objectContaining({ cell: 'E2', message: expect.stringContaining('身份证号') }));
  });

  it('a merge that carries an ID into the county column is an error naming the cell', async () => {
    const r = await run('relief', '医保纾困', [RELIEF_HEADERS, ['F1', '张三', ID1, '', 150000]], 'C2:D2');
    expect(r.code).toBe(1);
    expect(r.json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'D2' }));
    expect(r.out).not.toContain(ID1);
  });

  it('an ID in an enterprise name is an error in hq-rating too; a valid credit code is never taken for an ID', async () => {
    const r = await run('hq-rating', '总部企业', [
      ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率'],
      [code(1), ID1, 1, 1, 1, '50%'],
      [code(2), '乙', 2, 2, 2, '50%'],
    ]);
    expect(r.code).toBe(1);
    expect(r.json.problems.filter((p) => p.severity === 'error')).toEqual([expect.objectContaining({ severity: 'error', cell: 'B2' })]);
    expect(r.out).not.toContain(ID1);
  });
});

describe('error values in text columns', () => {
  it('a #N/A enterprise name or family id is an error naming the cell, never the text "#N/A"', async () => {
    const hq = await run('hq-rating', '总部企业', [
      ['统一社会信用代码', '企业名称', '近两年在温营业收入合计（亿元）', '近两年地方综合贡献合计（亿元）', '近两年可加计扣除研发费用合计（万元）', '参保率'],
      [code(1), { error: '#N/A' }, 1, 1, 1, '50%'],
      [code(2), '乙', 2, 2, 2, '50%'],
    ]);
    expect(hq.code).toBe(1);
    expect(hq.json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'B2', message: expect.stringContaining('错误值 #N/A') }));
    const relief = await run('relief', '医保纾困', [RELIEF_HEADERS, [{ error: '#REF!' }, '张三', '', '永嘉县', 150000]]);
    expect(relief.code).toBe(1);
    expect(relief.json.problems).toContainEqual(expect.objectContaining({ severity: 'error', cell: 'A2', message: expect.stringContaining('#REF!') }));
  });
});
