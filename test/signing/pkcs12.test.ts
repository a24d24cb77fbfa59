import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { importPkcs12, LEGACY_P12_MESSAGE } from '../../src/signing/pkcs12';
import { subtle } from '../../src/signing/keys';
import { signXlsx, verifyXlsx } from '../../src/signing/xlsx-sign';
import { resultWorkbook, tempDir } from './helpers';

const dir = tempDir('wzsig-p12-');
const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

beforeAll(() => {
  run(['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', 'k.pem']);
  run(['req', '-new', '-x509', '-key', 'k.pem', '-subj', '/CN=王复核/O=温州市医保局', '-utf8', '-days', '30', '-out', 'c.pem']);
  // OpenSSL 3 defaults: PBES2 / PBKDF2 / AES-256-CBC, HMAC-SHA-256
  run(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-out', 'modern.p12', '-passout', 'pass:秘密123']);
  // legacy 3DES (what OpenSSL 1.x and old Windows wrote)
  run(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-out', 'legacy.p12', '-passout', 'pass:pw',
    '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
});

test('an OpenSSL 3 .p12 (PBES2/AES) imports as a non-extractable key with its certificate, and signs', async () => {
  const { key, cert } = await importPkcs12(new Uint8Array(readFileSync(path.join(dir, 'modern.p12'))), '秘密123');
  expect(key.extractable).toBe(false);
  expect(key.usages).toEqual(['sign']);
  await expect(subtle().exportKey('pkcs8', key)).rejects.toBeTruthy();
  expect(cert.commonName).toBe('王复核');
  expect(cert.organisation).toBe('温州市医保局');
  const fp = run(['x509', '-in', 'c.pem', '-noout', '-fingerprint', '-sha256']).toString().split('=')[1].trim();
  expect(cert.fingerprint).toBe(fp);
  const signed = await signXlsx(await resultWorkbook(), { key, cert });
  expect(signed.ok).toBe(true);
  if (signed.ok) expect((await verifyXlsx(signed.result.xlsx, { trustPem: readFileSync(path.join(dir, 'c.pem'), 'utf8') })).valid).toBe(true);
});

test('a wrong password is refused in Chinese', async () => {
  await expect(importPkcs12(new Uint8Array(readFileSync(path.join(dir, 'modern.p12'))), 'wrong')).rejects.toThrow('密码错误');
});

test('a legacy 3DES .p12 gets the conversion command', async () => {
  await expect(importPkcs12(new Uint8Array(readFileSync(path.join(dir, 'legacy.p12'))), 'pw')).rejects.toThrow(LEGACY_P12_MESSAGE);
  expect(LEGACY_P12_MESSAGE).toContain('openssl pkcs12 -in old.p12 -nodes | openssl pkcs12 -export -out new.p12');
});

test('not a PKCS#12 file', async () => {
  await expect(importPkcs12(new Uint8Array([1, 2, 3]), 'x')).rejects.toThrow('不是有效的 PKCS#12');
});
