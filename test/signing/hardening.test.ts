/**
 * Issue 8, items 10–12 and the `sign` error prefix, on real .xlsx files through the CLI (openssl
 * checks the exported files), the page and the pane's verify path. Workbooks are changed after
 * signing with the independent zip editor (zip-edit.ts: Node's zlib and the sheet XML as text).
 */
import ExcelJS from 'exceljs';
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { normaliseRange, rangeBytes, sha256Hex } from '../../src/signing/canonical';
import { idCheckChar } from '../../src/rules/medical-relief/mask-id';
import { loadXlsx, signXlsx, verifyXlsx } from '../../src/signing/xlsx-sign';
import { extractSheet } from '../../src/signing/xlsx-extract';
import { formatVerifyReport } from '../../src/signing/report-text';
import { resultWorkbook, runSigningCli, signerA, tempDir, writeTemp } from './helpers';
import { putFormulaCell, putNumberCell, putTextCell, readZip, sheetPartName } from './zip-edit';

const cli = runSigningCli;

function opensslAccepts(dir: string, stem: string): boolean {
  const r = spawnSync(
    'openssl',
    ['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${stem}.payload.json.p7s`, '-content', `${stem}.payload.json`, '-noverify', '-out', '/dev/null'],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.error) throw r.error; // openssl missing: a failure, not a skip
  return r.status === 0;
}

/** Rewrite a file in the directory with an edit of its bytes. */
function edit(dir: string, from: string, to: string, change: (b: Buffer) => Buffer): string {
  writeTemp(dir, to, change(readFileSync(path.join(dir, from))));
  return to;
}

async function keysIn(dir: string): Promise<void> {
  const k = await cli(['keygen', '--name', '张三', '--org', '温州市财政局', '--out-dir', 'keys'], dir);
  expect(k.code).toBe(0);
}

const SIGN = ['--key', 'keys/key.pem', '--cert', 'keys/cert.pem'];

describe('item 10: the human-readable 签名人 / 单位 rows are checked', () => {
  const dir = tempDir('wzsig-i10-');
  beforeAll(async () => {
    writeTemp(dir, 'in.xlsx', await resultWorkbook());
    await keysIn(dir);
    const s = await cli(['sign', 'in.xlsx', ...SIGN, '--out', 'signed.xlsx'], dir);
    expect(s.code).toBe(0);
    expect(opensslAccepts(dir, 'signed')).toBe(true);
  });

  test('changed to 市长 / 温州市人民政府: verify (even --trust) exits 1 naming each row and both values', async () => {
    edit(dir, 'signed.xlsx', 'mayor.xlsx', (b) => putTextCell(putTextCell(b, '签章', 'B2', '市长'), '签章', 'B3', '温州市人民政府'));
    const v = await cli(['verify', 'mayor.xlsx', '--trust', 'keys/cert.pem'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toContain('✗ 签章验证未通过');
    expect(v.out).toContain('签章工作表「签章」B2「签名人」显示「市长」，但签名所记的签名人是「张三」');
    expect(v.out).toContain('签章工作表「签章」B3「单位」显示「温州市人民政府」，但签名人证书上的单位（O）是「温州市财政局」');
    const j = JSON.parse((await cli(['verify', 'mayor.xlsx', '--trust', 'keys/cert.pem', '--json'], dir)).out);
    expect(j).toMatchObject({ valid: false, signatureValid: true, unchanged: true, trusted: true });
    expect(j.signatureSheetMismatches.map((m: { cell: string; label: string; shown: string; expected: string }) => [m.cell, m.label, m.shown, m.expected])).toEqual([
      ['B2', '签名人', '市长', '张三'],
      ['B3', '单位', '温州市人民政府', '温州市财政局'],
    ]);
    // The unchanged file still verifies, and its JSON has the new fields, empty.
    const ok = JSON.parse((await cli(['verify', 'signed.xlsx', '--trust', 'keys/cert.pem', '--json'], dir)).out);
    expect(ok).toMatchObject({ valid: true, signatureSheetMismatches: [], notCovered: [] });
    expect(ok.signer).toMatchObject({ name: '张三', organisation: '温州市财政局', certCommonName: '张三', certOrganisation: '温州市财政局' });
  });

  test('the other fact rows, an added row and text beyond column B are checked too', async () => {
    edit(dir, 'signed.xlsx', 'range-row.xlsx', (b) => putTextCell(b, '签章', 'B7', '结果：星级评定结果!A1:D9'));
    expect((await cli(['verify', 'range-row.xlsx'], dir)).out).toContain('B7「签名范围」显示「结果：星级评定结果!A1:D9」');
    edit(dir, 'signed.xlsx', 'fp.xlsx', (b) => putTextCell(b, '签章', 'B5', 'AB:CD'));
    expect((await cli(['verify', 'fp.xlsx'], dir)).out).toContain('B5「证书 SHA-256 指纹」显示「AB:CD」');
    // Row 11 is the empty row before the machine-data marker.
    edit(dir, 'signed.xlsx', 'approver.xlsx', (b) => putTextCell(putTextCell(b, '签章', 'A11', '审批人'), '签章', 'B11', '市长'));
    const a = await cli(['verify', 'approver.xlsx'], dir);
    expect(a.code).toBe(1);
    expect(a.out).toContain('签章工作表「签章」第 11 行「审批人」（「市长」）不是签章时写入的行');
    edit(dir, 'signed.xlsx', 'side.xlsx', (b) => putTextCell(b, '签章', 'C2', '（市长代签）'));
    expect((await cli(['verify', 'side.xlsx'], dir)).out).toContain('签章工作表「签章」C2 有签章时没有写入的内容「（市长代签）」');
  });

  test('--signer is allowed (signed), and verify says what the certificate calls the signer', async () => {
    const s = await cli(['sign', 'in.xlsx', ...SIGN, '--out', 'named.xlsx', '--signer', '张三（复核）'], dir);
    expect(s.code).toBe(0);
    const v = await cli(['verify', 'named.xlsx'], dir);
    expect(v.code).toBe(0);
    expect(v.out).toContain('签名人姓名「张三（复核）」是签名时填写的，证书上的姓名（CN）是「张三」');
    edit(dir, 'named.xlsx', 'named-mayor.xlsx', (b) => putTextCell(b, '签章', 'B2', '市长'));
    expect((await cli(['verify', 'named-mayor.xlsx'], dir)).out).toContain('B2「签名人」显示「市长」，但签名所记的签名人是「张三（复核）」');
  });

  test('the page and the pane report the same (verifyXlsx, the Office.js path)', async () => {
    const report = await verifyXlsx(new Uint8Array(readFileSync(path.join(dir, 'mayor.xlsx'))));
    expect(report.valid).toBe(false);
    expect(formatVerifyReport(report)).toContain('B2「签名人」显示「市长」');
    const { verifyOpenWorkbook } = await import('../../src/signing/office-signing');
    const wb = await loadXlsx(new Uint8Array(readFileSync(path.join(dir, 'mayor.xlsx'))));
    // A fake Office.js workbook holding the same cells (values as Excel hands them over).
    const sheets: Record<string, unknown[][]> = {};
    for (const ws of wb.worksheets) {
      const rows: unknown[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, r) => {
        const vals: unknown[] = [];
        row.eachCell({ includeEmpty: true }, (cell, c) => void (vals[c - 1] = cell.value ?? ''));
        rows[r - 1] = Array.from(vals, (x) => (x === undefined ? '' : x));
      });
      const width = Math.max(1, ...rows.map((r) => r?.length ?? 0));
      sheets[ws.name] = Array.from(rows, (r) => Array.from({ length: width }, (_, j) => (r ?? [])[j] ?? ''));
    }
    const runner = fakeRunner(sheets);
    const pane = await verifyOpenWorkbook(runner);
    expect(pane.signatureSheetMismatches.map((m) => m.cell)).toEqual(['B2', 'B3']);
    expect(pane.reasons.join('\n')).toContain('B3「单位」显示「温州市人民政府」，但签名人证书上的单位（O）是「温州市财政局」');
  });
});

/** A minimal Office.js stand-in: sheets as value grids (numbers Double, text String). */
function fakeRunner(sheets: Record<string, unknown[][]>) {
  return {
    async run<T>(batch: (ctx: never) => Promise<T>): Promise<T> {
      const ctx = {
        workbook: {
          load: () => undefined,
          use1904DateSystem: false,
          worksheets: {
            load: () => undefined,
            get items() {
              return Object.keys(sheets).map((name) => ({ name }));
            },
            getItem: (name: string) => ({
              getUsedRangeOrNullObject: () => {
                const values = sheets[name];
                return {
                  load: () => undefined,
                  isNullObject: values.length === 0,
                  address: `${name}!A1`,
                  values,
                  valueTypes: values.map((r) => r.map((v) => (typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : v === '' ? 'Empty' : 'String'))),
                  formulas: values,
                };
              },
            }),
          },
        },
        sync: async () => undefined,
      };
      return batch(ctx as never);
    },
  };
}

/** 明细!A1:E450 (a header and 449 rows) and a result sheet. */
async function tallWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('明细');
  s.addRow(['编号', '名称', '县（市、区）', '金额', '备注']);
  for (let i = 1; i < 450; i++) s.addRow([i, `户${i}`, '永嘉县', 1000 + i, i % 7 === 0 ? '复核' : '无']);
  const r = wb.addWorksheet('补偿资金分配');
  r.addRow(['合计', 449]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('item 11: the recorded range is checked; added rows and columns are named', () => {
  const dir = tempDir('wzsig-i11-');
  beforeAll(async () => {
    writeTemp(dir, 'in.xlsx', await tallWorkbook());
    await keysIn(dir);
    expect((await cli(['sign', 'in.xlsx', ...SIGN, '--out', 'signed.xlsx'], dir)).code).toBe(0);
    expect(opensslAccepts(dir, 'signed')).toBe(true);
    expect((await cli(['verify', 'signed.xlsx'], dir)).code).toBe(0);
  });

  test('a row added after A1:E450: exit 1 naming the sheet, the extra row and its cells', async () => {
    edit(dir, 'signed.xlsx', 'row.xlsx', (b) => putTextCell(putNumberCell(b, '明细', 'A451', 450), '明细', 'D451', '5000'));
    const v = await cli(['verify', 'row.xlsx'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toContain('工作表「明细」的内容已改动（区域：签名时 A1:E450，现为 A1:E451；多出第 451 行（A451:E451），其中有值的单元格：A451、D451）');
    const j = JSON.parse((await cli(['verify', 'row.xlsx', '--json', '--payload', 'signed.payload.json'], dir)).out);
    const s = j.sheets.find((x: { sheet: string }) => x.sheet === '明细');
    expect(s).toMatchObject({ status: 'changed', signedRef: 'A1:E450', currentRef: 'A1:E451', extraRows: 'A451:E451', extraCells: ['A451', 'D451'] });
    expect(s.cells).toEqual([{ cell: 'A451', old: null, new: 450 }, { cell: 'D451', old: null, new: '5000' }]);
  });

  test('a column added: exit 1 naming column F', async () => {
    edit(dir, 'signed.xlsx', 'col.xlsx', (b) => putTextCell(b, '明细', 'F10', '追加'));
    const v = await cli(['verify', 'col.xlsx'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toContain('多出 F 列（F1:F450），其中有值的单元格：F10');
    expect(v.out).toContain('多出的列：明细!F1:F450');
  });

  test('the 签章 sheet’s range row edited (A1:E450 → A1:E449, digest kept): not "unchanged" any more', async () => {
    const files = readZip(readFileSync(path.join(dir, 'signed.xlsx')));
    const sig = files.get(sheetPartName(files, '签章'))!.toString('utf8');
    const rangeRow = /<row r="(\d+)"[^>]*><c r="A\d+"[^>]*><is><t>range<\/t>[\s\S]*?<t>明细<\/t>/.exec(sig)!;
    edit(dir, 'signed.xlsx', 'recorded.xlsx', (b) => putTextCell(b, '签章', `D${rangeRow[1]}`, 'A1:E449'));
    const v = await cli(['verify', 'recorded.xlsx', '--json'], dir);
    expect(v.code).toBe(1);
    const j = JSON.parse(v.out);
    expect(j.reasons.join('\n')).toContain('签章工作表记载的「明细」签名区域与签名内容不符（签名时为 A1:E450，签章工作表记为 A1:E449：签章工作表被改动）');
    expect(j.sheets[0]).toMatchObject({ signedRef: 'A1:E450', recordedRef: 'A1:E449', currentRef: 'A1:E450', status: 'unchanged' });
    // With the payload file the signed region comes from it; same verdict.
    const p = JSON.parse((await cli(['verify', 'recorded.xlsx', '--json', '--payload', 'signed.payload.json'], dir)).out);
    expect(p.sheets[0]).toMatchObject({ signedRef: 'A1:E450', recordedRef: 'A1:E449', status: 'unchanged' });
    expect(p.reasons.join('\n')).toContain('签名时为 A1:E450，签章工作表记为 A1:E449');
  });

  test('only the recorded digest edited: the 签章 sheet is named, not the (unchanged) sheet', async () => {
    const files = readZip(readFileSync(path.join(dir, 'signed.xlsx')));
    const sig = files.get(sheetPartName(files, '签章'))!.toString('utf8');
    const rangeRow = /<row r="(\d+)"[^>]*><c r="A\d+"[^>]*><is><t>range<\/t>[\s\S]*?<t>明细<\/t>/.exec(sig)!;
    edit(dir, 'signed.xlsx', 'digest.xlsx', (b) => putTextCell(b, '签章', `E${rangeRow[1]}`, 'ab'.repeat(32)));
    const j = JSON.parse((await cli(['verify', 'digest.xlsx', '--json'], dir)).out);
    expect([j.valid, j.unchanged, j.sheets[0].status]).toEqual([false, true, 'unchanged']);
    expect(j.reasons).toEqual(['签章工作表记载的「明细」摘要与签名内容不符（签章工作表被改动）']);
  });

  test('a row added AND the recorded digest forged to match it: the added row is still named', async () => {
    const added = putNumberCell(readFileSync(path.join(dir, 'signed.xlsx')), '明细', 'A451', 450);
    const ws = (await loadXlsx(new Uint8Array(added))).getWorksheet('明细')!;
    const forged = await sha256Hex(rangeBytes(normaliseRange('inputs', '明细', extractSheet(ws, false).values)));
    const files = readZip(added);
    const sig = files.get(sheetPartName(files, '签章'))!.toString('utf8');
    const rangeRow = /<row r="(\d+)"[^>]*><c r="A\d+"[^>]*><is><t>range<\/t>[\s\S]*?<t>明细<\/t>/.exec(sig)!;
    writeTemp(dir, 'forged.xlsx', putTextCell(added, '签章', `E${rangeRow[1]}`, forged));
    const j = JSON.parse((await cli(['verify', 'forged.xlsx', '--json'], dir)).out);
    expect(j.valid).toBe(false);
    expect(j.sheets[0]).toMatchObject({ status: 'changed', extraRows: 'A451:E451' });
    expect(j.reasons.join('\n')).toContain('工作表「明细」的内容已改动（区域：签名时 A1:E450，现为 A1:E451；多出第 451 行（A451:E451）');
  });

  test('a formula without a cached value added (Excel would show a value): exit 1 naming the cell', async () => {
    edit(dir, 'signed.xlsx', 'formula.xlsx', (b) => putFormulaCell(b, '明细', 'A451', 'SUM(D2:D450)'));
    const v = await cli(['verify', 'formula.xlsx'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toContain('工作表「明细」单元格 A451 是没有计算结果（缓存值）的公式，无法核对它的值');
  });

  test('rows emptied at the end are named too', async () => {
    edit(dir, 'signed.xlsx', 'short.xlsx', (b) => {
      let out = b;
      for (const c of ['A', 'B', 'C', 'D', 'E']) out = putTextCell(out, '明细', `${c}450`, '');
      return out;
    });
    const v = await cli(['verify', 'short.xlsx'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toContain('签名时的第 450 行现已为空（A450:E450）');
  });
});

/**
 * A relief result workbook as `wzpolicy relief --out` writes it: the example input (自负费用明细,
 * 450 rows with full ID numbers, and 说明) plus result sheets whose ID numbers are masked. Built
 * here rather than by running the calculator, so this test depends on the signing code only.
 */
async function reliefResult(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.resolve(__dirname, '../../examples/医保纾困-示例.xlsx'));
  const detail = wb.addWorksheet('纾困化解明细');
  detail.addRow(['家庭编号', '县（市、区）', '姓名', '身份证号', '化解金额（元）']);
  const input = wb.worksheets[0];
  input.eachRow((row, n) => {
    const v = row.values as unknown[];
    if (n > 1) detail.addRow([v[1], v[4], v[2], `${String(v[3]).slice(0, 6)}********${String(v[3]).slice(-4)}`, 0]);
  });
  wb.addWorksheet('纾困县区汇总').addRow(['县（市、区）', '化解总额']);
  wb.addWorksheet('校验问题').addRow(['级别', '工作表', '单元格', '说明']);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** An ID number that passes the GB 11643-1999 check, from 17 digits. */
function id(first17: string): string {
  return first17 + idCheckChar(first17);
}

describe('item 12: full ID numbers in the payload are said at signing; --sheets leaves them out', () => {
  const dir = tempDir('wzsig-i12-');
  beforeAll(async () => {
    await keysIn(dir);
  });

  test('a relief result (the example input with its result sheets): sign warns on stderr, suggests --sheets', async () => {
    writeTemp(dir, 'relief.xlsx', await reliefResult());
    const s = await cli(['sign', 'relief.xlsx', ...SIGN, '--out', 'relief-signed.xlsx'], dir);
    expect(s.code).toBe(0);
    const payload = readFileSync(path.join(dir, 'relief-signed.payload.json'), 'utf8');
    const input = (await loadXlsx(new Uint8Array(readFileSync(path.join(dir, 'relief.xlsx'))))).worksheets[0];
    const ids = new Set<string>();
    input.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && /^\d{17}[\dX]$/.test(c.value) && ids.add(c.value))));
    expect(ids.size).toBeGreaterThan(100);
    for (const x of ids) expect(payload).toContain(x); // that is the point of the warning
    expect(s.err).toMatch(new RegExp(`^wzpolicy：注意：签名内容包含完整的身份证号（个人信息）：工作表「${input.name}」\\d+ 个单元格（从 [A-Z]+\\d+ 起）。relief-signed\\.payload\\.json 逐格列出被签的全部值`));
    expect(s.err).toContain('应按个人信息保管和传递');
    const hint = /--sheets (\S+)（/.exec(s.err)![1];
    expect(hint.split(',')).not.toContain(input.name);
    expect(hint.split(',')).toEqual(expect.arrayContaining(['纾困化解明细', '纾困县区汇总']));

    // Signed again with the suggested --sheets: no ID numbers in the payload, no warning,
    // and the 签章 sheet says the input sheet was not covered.
    const again = await cli(['sign', 'relief.xlsx', ...SIGN, '--out', 'relief-results.xlsx', '--sheets', hint], dir);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(again.out).toContain(`未签  ${input.name}（输入）`);
    const p2 = readFileSync(path.join(dir, 'relief-results.payload.json'), 'utf8');
    for (const x of ids) expect(p2).not.toContain(x);
    expect(JSON.parse(p2).notCovered).toEqual([{ role: 'inputs', sheet: input.name }]);
    expect(opensslAccepts(dir, 'relief-results')).toBe(true);
    const wb = await loadXlsx(new Uint8Array(readFileSync(path.join(dir, 'relief-results.xlsx'))));
    const rows: string[] = [];
    wb.getWorksheet('签章')!.eachRow((row) => rows.push(`${row.getCell(1).value}|${row.getCell(2).value}`));
    expect(rows).toContain(
      `未签的工作表|输入：${input.name}。这些工作表的值没有签名，改动它们不会使签名失效；输入数据未签：本签名不证明结果是由哪一份输入数据算出的。`,
    );
    const v = await cli(['verify', 'relief-results.xlsx', '--trust', 'keys/cert.pem', '--json'], dir);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).notCovered).toEqual([{ role: 'inputs', sheet: input.name }]);
    expect((await cli(['verify', 'relief-results.xlsx'], dir)).out).toContain(`未签：输入：${input.name}。`);

    // The row naming the sheets left out cannot be removed or changed.
    edit(dir, 'relief-results.xlsx', 'relief-row.xlsx', (b) => putTextCell(b, '签章', 'B8', '（无）'));
    expect((await cli(['verify', 'relief-row.xlsx'], dir)).out).toContain('B8「未签的工作表」显示「（无）」');
    const files = readZip(readFileSync(path.join(dir, 'relief-results.xlsx')));
    const sig = files.get(sheetPartName(files, '签章'))!.toString('utf8');
    const ncRow = /<row r="(\d+)"[^>]*><c r="A\d+"[^>]*><is><t>notCovered<\/t>/.exec(sig)!;
    edit(dir, 'relief-results.xlsx', 'relief-machine.xlsx', (b) => putTextCell(b, '签章', `C${ncRow[1]}`, '别的表'));
    const m = await cli(['verify', 'relief-machine.xlsx'], dir);
    expect(m.code).toBe(1);
    expect(m.out).toContain('签章工作表上记载的签名信息（签名人、时间、格式、签名范围等）被改动');
  }, 120_000);

  test('the pane / page: a warning with the sheet, and 「不签输入表」 leaves the inputs out', async () => {
    const wb = new ExcelJS.Workbook();
    const input = wb.addWorksheet('自负费用明细');
    input.addRow(['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）']);
    input.addRow(['YJ001', '王静', id('33032419490207587'), '永嘉县', 143214.87]);
    input.addRow(['YJ001', '王国平', id('33032420040526399'), '永嘉县', 63564.42]);
    const detail = wb.addWorksheet('纾困化解明细');
    detail.addRow(['家庭编号', '身份证号', '化解金额（元）']);
    detail.addRow(['YJ001', '330324********5872、330324********3993', 86779.29]);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const { keys, cert } = await signerA();
    const all = await signXlsx(bytes, { key: keys.privateKey, cert });
    if (!all.ok) throw new Error(all.message);
    expect(all.result.idNumbers).toEqual([{ sheet: '自负费用明细', role: 'inputs', cells: 2, first: 'C2' }]);
    const omitted = await signXlsx(bytes, { key: keys.privateKey, cert, omitRoles: ['inputs'] });
    if (!omitted.ok) throw new Error(omitted.message);
    expect(omitted.result.idNumbers).toEqual([]);
    expect(omitted.result.record.ranges.map((r) => r.sheet)).toEqual(['纾困化解明细']);
    expect(omitted.result.record.header.notCovered).toEqual([{ role: 'inputs', sheet: '自负费用明细' }]);
    const v = await verifyXlsx(omitted.result.xlsx, { trustPem: cert.pem });
    expect([v.valid, v.reasons]).toEqual([true, []]);
  });
});

describe('sign errors carry the wzpolicy： prefix like every other CLI error', () => {
  const dir = tempDir('wzsig-prefix-');
  beforeAll(async () => {
    writeTemp(dir, 'in.xlsx', await resultWorkbook());
    await keysIn(dir);
  });

  test('--sheets naming a sheet that does not exist (exit 2)', async () => {
    const s = await cli(['sign', 'in.xlsx', ...SIGN, '--out', 'x.xlsx', '--sheets', '不存在'], dir);
    expect([s.code, s.err]).toEqual([2, 'wzpolicy：工作簿中没有工作表：不存在\n']);
    expect(existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  });

  test('a workbook that cannot be signed (volatile formula, exit 1)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('补偿资金分配').getCell('A1').value = { formula: 'NOW()', result: 45000 } as ExcelJS.CellFormulaValue;
    writeTemp(dir, 'volatile.xlsx', new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const s = await cli(['sign', 'volatile.xlsx', ...SIGN, '--out', 'v.xlsx'], dir);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/^wzpolicy：不能签章：\n工作表「补偿资金分配」单元格 A1：公式使用了易变函数 NOW/);
  });
});
