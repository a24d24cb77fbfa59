/**
 * A re-save by LibreOffice (rewrites the XML, writes cached numbers with 15 significant digits)
 * keeps the signature valid: this is why values are signed, rounded to 15 digits.
 * Needs `soffice` (Debian libreoffice-calc): the tests FAIL when it is missing (CI installs it).
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { signXlsx, verifyXlsx } from '../../src/signing/xlsx-sign';
import { hasCommand, resultWorkbook, signerA, tempDir, writeTemp } from './helpers';

const haveSoffice = hasCommand('soffice');

test('soffice is available (CI installs libreoffice-calc; locally: apt-get install -y libreoffice-calc)', () => {
  expect(haveSoffice).toBe(true);
});

test(
  're-saved by LibreOffice headless (=1/3 and a date cell inside) → still ✓',
  async () => {
    const { keys, cert } = await signerA();
    const signed = await signXlsx(await resultWorkbook(), { key: keys.privateKey, cert });
    if (!signed.ok) throw new Error(signed.message);
    const dir = tempDir('wzsig-lo-');
    const input = writeTemp(dir, 'signed.xlsx', signed.result.xlsx);
    const outDir = path.join(dir, 'out');
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xlsx', '--outdir', outDir, input],
      { stdio: 'pipe', timeout: 170_000 },
    );
    const resaved = path.join(outDir, 'signed.xlsx');
    expect(existsSync(resaved)).toBe(true);
    const bytes = new Uint8Array(readFileSync(resaved));
    // LibreOffice wrote the cached =1/3 with 15 significant digits (not the 17 of the original).
    const sheetXml = execFileSync(
      'python3',
      ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet3.xml").decode())', resaved],
      { encoding: 'utf8' },
    );
    expect(sheetXml).toMatch(/<f[^>]*>1\/3<\/f><v>0\.333333333333333<\/v>/);
    // It really is a different file, written by LibreOffice …
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(signed.result.xlsx))).not.toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(String(wb.getWorksheet('星级评定结果')!.getCell('D2').formula)).toBe('1/3');
    // … and the signature still holds.
    const report = await verifyXlsx(bytes, { payloadFile: signed.result.payloadBytes, trustPem: cert.pem });
    expect(report.reasons).toEqual([]);
    expect(report.valid).toBe(true);
  },
  180_000,
);
