import { execFileSync, spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { generateSm2, readSm2PrivateKeyPem, sm2PrivateKeyPem, sm2Sign, sm2Verify } from '../../src/signing/sm2';
import { signXlsx, verifyXlsx } from '../../src/signing/xlsx-sign';
import { resultWorkbook, signerA, tamperCell, tempDir, writeTemp, runSigningCli } from './helpers';

const cli = runSigningCli;

const OPENSSL_VERIFY = (pub: string, content: string, sig: string) => [
  'pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-digest', 'sm3', '-in', content, '-sigfile', sig, '-pkeyopt', 'distid:1234567812345678',
];

describe('SM2-SM3 second signature (optional)', () => {
  const dir = tempDir('wzsig-sm2-');

  test('keygen --sm2, sign --sm2-key: openssl 3 verifies the SM2 signature over the payload; verify shows it', async () => {
    writeTemp(dir, 'in.xlsx', await resultWorkbook());
    expect((await cli(['keygen', '--name', '张三', '--org', '温州市财政局', '--out-dir', 'k', '--sm2'], dir)).code).toBe(0);
    const s = await cli(['sign', 'in.xlsx', '--key', 'k/key.pem', '--cert', 'k/cert.pem', '--sm2-key', 'k/sm2-key.pem', '--out', 's.xlsx'], dir);
    expect([s.code, s.err]).toEqual([0, '']);
    const ok = spawnSync('openssl', OPENSSL_VERIFY('s.sm2-pub.pem', 's.payload.json', 's.payload.json.sm2.sig'), { cwd: dir, encoding: 'utf8' });
    expect(ok.stdout).toContain('Signature Verified Successfully');
    // openssl reads our SM2 PKCS#8 private key as an SM2 key
    expect(execFileSync('openssl', ['pkey', '-in', 'k/sm2-key.pem', '-noout', '-text'], { cwd: dir, encoding: 'utf8' })).toContain('SM2');
    // the ECDSA payload binds the SM2 public key
    expect(readFileSync(path.join(dir, 's.payload.json'), 'utf8')).toMatch(/"secondSignature":\{"algorithm":"SM2-SM3","publicKey":"04[0-9a-f]{128}","userId":"1234567812345678"\}/);
    const v = await cli(['verify', 's.xlsx'], dir);
    expect(v.code).toBe(0);
    expect(v.out).toContain('SM2-SM3 第二签名：有效');
    // and openssl rejects a changed payload
    writeTemp(dir, 'changed.json', readFileSync(path.join(dir, 's.payload.json'), 'utf8').replace('95.5', '96.5'));
    expect(spawnSync('openssl', OPENSSL_VERIFY('s.sm2-pub.pem', 'changed.json', 's.payload.json.sm2.sig'), { cwd: dir }).status).not.toBe(0);
    // tampered workbook: ✗
    tamperCell(path.join(dir, 's.xlsx'), 3, 'C2', 1);
    const t = await cli(['verify', 's.xlsx', '--json'], dir);
    expect(t.code).toBe(1);
    expect(JSON.parse(t.out).sm2Valid).toBe(false);
  });

  test('keys written by openssl (genpkey -algorithm SM2, ecparam -name SM2) are read', () => {
    execFileSync('openssl', ['genpkey', '-algorithm', 'SM2', '-out', 'o-sm2.pem'], { cwd: dir });
    execFileSync('openssl', ['ecparam', '-genkey', '-name', 'SM2', '-noout', '-out', 'o-sm2-sec1.pem'], { cwd: dir });
    for (const f of ['o-sm2.pem', 'o-sm2-sec1.pem']) {
      const keys = readSm2PrivateKeyPem(readFileSync(path.join(dir, f), 'utf8'));
      const msg = new TextEncoder().encode('{"a":1}');
      const sig = sm2Sign(msg, keys);
      writeTemp(dir, 'm.json', msg);
      writeTemp(dir, 'm.sig', sig);
      execFileSync('openssl', ['pkey', '-in', f, '-pubout', '-out', `${f}.pub`], { cwd: dir });
      expect(spawnSync('openssl', OPENSSL_VERIFY(`${f}.pub`, 'm.json', 'm.sig'), { cwd: dir }).status).toBe(0);
    }
    const ours = generateSm2();
    expect(readSm2PrivateKeyPem(sm2PrivateKeyPem(ours))).toEqual(ours);
    expect(() => readSm2PrivateKeyPem(readFileSync(path.join(dir, 'k/key.pem'), 'utf8'))).toThrow('不是 SM2 私钥');
  });

  test('a forged SM2 signature on the 签章 sheet → ✗ with a reason', async () => {
    const { keys, cert } = await signerA();
    const sm2 = generateSm2();
    const signed = await signXlsx(await resultWorkbook(), { key: keys.privateKey, cert, sm2 });
    if (!signed.ok) throw new Error(signed.message);
    expect((await verifyXlsx(signed.result.xlsx)).sm2Valid).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(signed.result.xlsx) as unknown as ExcelJS.Buffer);
    wb.getWorksheet('签章')!.eachRow((row) => {
      if (row.getCell(1).value === 'sm2.signature') row.getCell(2).value = String(row.getCell(2).value).slice(0, 40);
    });
    const report = await verifyXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(report.valid).toBe(false);
    expect(report.sm2Valid).toBe(false);
    expect(report.reasons.join()).toContain('SM2-SM3 第二签名无效');
    expect(sm2Verify(new Uint8Array([1]), new Uint8Array([1, 2]), sm2.publicKey)).toBe(false);
  });
});
