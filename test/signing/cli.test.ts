import { execFileSync, spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { importPrivateKeyPem, sec1ToPkcs8, pemBlocks } from '../../src/signing/keys';
import { resultWorkbook, tamperCell, tempDir, writeTemp, runSigningCli } from './helpers';
import { macroWorkbookBytes } from '../workbook/xlsx-package-fixture';
import { entryData, readZip } from '../../src/workbook/xlsx-package/zip';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';

const cli = runSigningCli;

describe('wzpolicy keygen / sign / verify', () => {
  const dir = tempDir('wzsig-cli-');
  beforeAll(async () => {
    writeTemp(dir, 'in.xlsx', await resultWorkbook());
  });

  test('keygen writes key.pem (PKCS#8) and cert.pem (self-signed EC P-256) that openssl reads', async () => {
    const r = await cli(['keygen', '--name', '张三', '--org', '温州市财政局', '--out-dir', 'keys'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/证书 SHA-256 指纹：([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    const key = readFileSync(path.join(dir, 'keys/key.pem'), 'utf8');
    expect(key).toContain('-----BEGIN PRIVATE KEY-----');
    const text = execFileSync('openssl', ['x509', '-in', path.join(dir, 'keys/cert.pem'), '-noout', '-text', '-nameopt', 'utf8'], { encoding: 'utf8' });
    expect(text).toContain('prime256v1');
    expect(text).toMatch(/Subject: CN\s*=\s*张三, O\s*=\s*温州市财政局/);
    expect(text).toContain('ecdsa-with-SHA256');
    const fp = execFileSync('openssl', ['x509', '-in', path.join(dir, 'keys/cert.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
    expect(r.out).toContain(fp.split('=')[1].trim());
    // refuses to overwrite a key
    const again = await cli(['keygen', '--name', '张三', '--org', 'X', '--out-dir', 'keys'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toContain('已存在');
  });

  test('sign writes SIGNED.xlsx, SIGNED.payload.json and .p7s; openssl accepts them; verify ✓ (exit 0)', async () => {
    const s = await cli(['sign', 'in.xlsx', '--key', 'keys/key.pem', '--cert', 'keys/cert.pem', '--out', 'signed.xlsx', '--signer', '张三（复核）'], dir);
    expect(s.err).toBe('');
    expect(s.code).toBe(0);
    for (const f of ['signed.xlsx', 'signed.payload.json', 'signed.payload.json.p7s']) expect(existsSync(path.join(dir, f))).toBe(true);
    const o = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'signed.payload.json.p7s', '-content', 'signed.payload.json', '-noverify', '-out', '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(o.status).toBe(0);
    const v = await cli(['verify', 'signed.xlsx'], dir);
    expect(v.code).toBe(0);
    expect(v.out).toContain('✓ 签章验证通过');
    expect(v.out).toContain('签名有效，但签名人未与受信任证书核对');
    expect(v.out).toContain('签名人：张三（复核）（温州市财政局）');
    const t = await cli(['verify', 'signed.xlsx', '--trust', 'keys/cert.pem'], dir);
    expect(t.code).toBe(0);
    expect(t.out).not.toContain('未与受信任证书核对');
  });

  test('verify --json prints exactly one JSON document on stdout', async () => {
    const v = await cli(['verify', 'signed.xlsx', '--json'], dir);
    expect(v.code).toBe(0);
    const doc = JSON.parse(v.out);
    expect(doc).toMatchObject({ kind: 'verify', valid: true, trusted: null });
    expect(doc.sheets.map((s: { sheet: string }) => s.sheet)).toEqual(['企业数据', '评定参数', '星级评定结果']);
  });

  test('a tampered workbook: exit 1 naming the sheet, and with --payload the cell old → new', async () => {
    const f = writeTemp(dir, 'tampered.xlsx', readFileSync(path.join(dir, 'signed.xlsx')));
    tamperCell(f, 1, 'C2', 12345.68);
    const v = await cli(['verify', 'tampered.xlsx'], dir);
    expect(v.code).toBe(1);
    expect(v.out).toContain('✗ 签章验证未通过');
    expect(v.out).toContain('工作表「企业数据」的内容已改动');
    const p = await cli(['verify', 'tampered.xlsx', '--payload', 'signed.payload.json'], dir);
    expect(p.code).toBe(1);
    expect(p.out).toContain('企业数据!C2：12345.67 → 12345.68');
    const j = await cli(['verify', 'tampered.xlsx', '--payload', 'signed.payload.json', '--json'], dir);
    expect(JSON.parse(j.out).sheets[0].cells).toEqual([{ cell: 'C2', old: 12345.67, new: 12345.68 }]);
  });

  test('--sheets restricts what is signed', async () => {
    const s = await cli(['sign', 'in.xlsx', '--key', 'keys/key.pem', '--cert', 'keys/cert.pem', '--out', 'part.xlsx', '--sheets', '星级评定结果'], dir);
    expect(s.code).toBe(0);
    const j = JSON.parse((await cli(['verify', 'part.xlsx', '--json'], dir)).out);
    expect(j.sheets.map((x: { sheet: string }) => x.sheet)).toEqual(['星级评定结果']);
    expect(j.notes.join()).toContain('未在签名范围内的工作表：企业数据、评定参数');
    expect((await cli(['sign', 'in.xlsx', '--key', 'keys/key.pem', '--cert', 'keys/cert.pem', '--out', 'x.xlsx', '--sheets', '不存在'], dir)).code).toBe(2);
  });

  test('keys as openssl writes them: SEC1 (ecparam -genkey) and PKCS#8 (genpkey)', async () => {
    execFileSync('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', 'sec1.pem'], { cwd: dir });
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'p8.pem'], { cwd: dir });
    // with parameters block too (ecparam without -noout)
    execFileSync('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-out', 'sec1-params.pem'], { cwd: dir });
    for (const k of ['sec1', 'p8', 'sec1-params']) {
      execFileSync('openssl', ['req', '-new', '-x509', '-key', `${k}.pem`, '-subj', '/CN=reviewer/O=Wenzhou', '-days', '30', '-out', `${k}-cert.pem`], { cwd: dir });
      const s = await cli(['sign', 'in.xlsx', '--key', `${k}.pem`, '--cert', `${k}-cert.pem`, '--out', `${k}.xlsx`], dir);
      expect([k, s.code, s.err]).toEqual([k, 0, '']);
      expect((await cli(['verify', `${k}.xlsx`, '--trust', `${k}-cert.pem`], dir)).code).toBe(0);
    }
    // our SEC1 → PKCS#8 wrapping is read by openssl as the very same key
    const ours = sec1ToPkcs8(pemBlocks(readFileSync(path.join(dir, 'sec1.pem'), 'utf8'))[0].der);
    writeTemp(dir, 'ours.p8.der', ours);
    const norm = (args: string[]) => execFileSync('openssl', ['pkey', ...args, '-outform', 'DER'], { cwd: dir });
    expect(norm(['-in', 'ours.p8.der', '-inform', 'DER']).equals(norm(['-in', 'sec1.pem']))).toBe(true);
  });

  test('usage errors (exit 2): missing file, key of another curve, key not matching the cert, bad --out', async () => {
    expect((await cli(['verify', 'nope.xlsx'], dir)).code).toBe(2);
    execFileSync('openssl', ['ecparam', '-genkey', '-name', 'secp384r1', '-noout', '-out', 'p384.pem'], { cwd: dir });
    const c = await cli(['sign', 'in.xlsx', '--key', 'p384.pem', '--cert', 'keys/cert.pem', '--out', 'y.xlsx'], dir);
    expect(c.code).toBe(2);
    expect(c.err).toContain('P-256');
    const m = await cli(['sign', 'in.xlsx', '--key', 'p8.pem', '--cert', 'keys/cert.pem', '--out', 'y.xlsx'], dir);
    expect(m.code).toBe(2);
    expect(m.err).toContain('私钥与证书不匹配');
    expect((await cli(['sign', 'in.xlsx', '--key', 'p8.pem', '--cert', 'p8-cert.pem', '--out', 'y.csv'], dir)).code).toBe(2);
    expect((await cli(['verify', 'keys/cert.pem'], dir)).err).toContain('无法作为 .xlsx');
    await expect(importPrivateKeyPem('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n')).rejects.toThrow('已加密');
  });

  test('a macro-enabled workbook signed to .xlsm keeps its VBA project byte for byte and verifies', async () => {
    writeTemp(dir, 'macro.xlsm', macroWorkbookBytes());
    const s = await cli(['sign', 'macro.xlsm', '--key', 'keys/key.pem', '--cert', 'keys/cert.pem', '--out', 'macro-signed.xlsm'], dir);
    expect(s.code).toBe(0);
    expect(existsSync(path.join(dir, 'macro-signed.payload.json'))).toBe(true);
    const vba = (bytes: Uint8Array) => readZip(bytes).find((e) => e.name === 'xl/vbaProject.bin');
    const before = vba(readFileSync(path.join(dir, 'macro.xlsm')))!;
    const after = vba(readFileSync(path.join(dir, 'macro-signed.xlsm')))!;
    expect(Buffer.from(entryData(after, nodeZipCodec())).equals(Buffer.from(entryData(before, nodeZipCodec())))).toBe(true);
    expect((await cli(['verify', 'macro-signed.xlsm', '--trust', 'keys/cert.pem'], dir)).code).toBe(0);
  });

  test('sign refuses (exit 1) a workbook whose results use a volatile function', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('补偿资金分配').getCell('A1').value = { formula: 'RAND()', result: 0.5 } as never;
    writeTemp(dir, 'volatile.xlsx', new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const s = await cli(['sign', 'volatile.xlsx', '--key', 'keys/key.pem', '--cert', 'keys/cert.pem', '--out', 'v.xlsx'], dir);
    expect(s.code).toBe(1);
    expect(s.err).toContain('补偿资金分配」单元格 A1：公式使用了易变函数 RAND');
    expect(existsSync(path.join(dir, 'v.xlsx'))).toBe(false);
  });
});

describe('through the real CLI entry (src/cli/main.ts)', () => {
  test('main() returns the signing commands’ exit status: 0 valid, 1 tampered, 2 usage', async () => {
    const { main } = await import('../../src/cli/main');
    const dir = tempDir('wzsig-main-');
    writeTemp(dir, 'in.xlsx', await resultWorkbook());
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const io = { stdout: (s: string) => void out.push(s), stderr: () => undefined, cwd: () => dir };
    try {
      expect(await main(['keygen', '--name', '张三', '--org', '温州市财政局', '--out-dir', path.join(dir, 'k')], io)).toBe(0);
      const sign = ['sign', path.join(dir, 'in.xlsx'), '--key', path.join(dir, 'k/key.pem'), '--cert', path.join(dir, 'k/cert.pem'), '--out', path.join(dir, 's.xlsx')];
      expect(await main(sign, io)).toBe(0);
      expect(await main(['verify', path.join(dir, 's.xlsx')], io)).toBe(0);
      tamperCell(path.join(dir, 's.xlsx'), 3, 'C2', 1);
      expect(await main(['verify', path.join(dir, 's.xlsx')], io)).toBe(1);
      expect(await main(['verify'], io)).toBe(2);
      expect(await main(['sign', path.join(dir, 'in.xlsx'), '--out', path.join(dir, 'x.xlsx')], io)).toBe(2);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
    }
    expect(out.join('')).toContain('✗ 签章验证未通过');
  });
});
