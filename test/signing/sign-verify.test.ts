import { execFileSync, spawnSync } from 'child_process';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';
import { createDetachedCms } from '../../src/signing/cms';
import { fromBase64, toBase64 } from '../../src/signing/keys';
import { UNTRUSTED_NOTE } from '../../src/signing/sign-core';
import { signXlsx, verifyXlsx } from '../../src/signing/xlsx-sign';
import { resultWorkbook, signerA, signerB, tamperCell, tempDir, writeTemp } from './helpers';
import { readFileSync } from 'fs';
import ExcelJS from 'exceljs';

async function signedA(variant = 'A') {
  const { keys, cert } = await signerA();
  const out = await signXlsx(await resultWorkbook(variant), { key: keys.privateKey, cert, baseName: 'signed' });
  if (!out.ok) throw new Error(out.message);
  return out.result;
}

/** Rewrite the machine cells of the 签章 sheet with ExcelJS (to simulate a forged sheet). */
async function editSignatureSheet(xlsx: Uint8Array, edit: (rows: ExcelJS.Row[]) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(xlsx) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('签章')!;
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((r) => rows.push(r));
  edit(rows);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function rowsWithKey(rows: ExcelJS.Row[], key: string): ExcelJS.Row[] {
  return rows.filter((r) => r.getCell(1).value === key);
}

describe('sign → verify', () => {
  test('an intact signed workbook verifies ✓ (signer not pinned: says so)', async () => {
    const r = await signedA();
    expect(r.signatureSheet).toBe('签章');
    expect(r.record.ranges.map((g) => [g.role, g.sheet, g.ref])).toEqual([
      ['inputs', '企业数据', 'A1:D3'],
      ['parameters', '评定参数', 'A1:C2'],
      ['results', '星级评定结果', 'A1:D5'],
    ]);
    const report = await verifyXlsx(r.xlsx);
    expect(report.reasons).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.trusted).toBeNull();
    expect(report.notes[0]).toBe(UNTRUSTED_NOTE);
    expect(report.signer?.name).toBe('张三');
    expect(report.signer?.organisation).toBe('温州市财政局');
  });

  test('the payload records the =1/3 cached value with 15 significant digits and the date as a serial', async () => {
    const r = await signedA();
    const text = new TextDecoder().decode(r.payloadBytes);
    expect(text).toContain('[1,"甲公司A",95.5,0.333333333333333]');
    expect(text).toContain('"91330300MA2AAAAA1X","甲公司A",12345.67,42185]'); // 2015-06-30
  });

  test('--trust with the signer certificate ✓, with another certificate ✗', async () => {
    const r = await signedA();
    expect((await verifyXlsx(r.xlsx, { trustPem: (await signerA()).cert.pem })).valid).toBe(true);
    const other = await verifyXlsx(r.xlsx, { trustPem: (await signerB()).cert.pem });
    expect(other.valid).toBe(false);
    expect(other.trusted).toBe(false);
    expect(other.reasons.join()).toContain('签名人证书不是指定的受信任证书');
  });

  test('openssl cms -verify accepts the exported payload and .p7s (and with -CAfile for trust)', async () => {
    const r = await signedA();
    const dir = tempDir();
    const json = writeTemp(dir, 'signed.payload.json', r.payloadBytes);
    const p7s = writeTemp(dir, 'signed.payload.json.p7s', r.cms);
    const ca = writeTemp(dir, 'cert.pem', (await signerA()).cert.pem);
    const base = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', json, '-out', '/dev/null'];
    const ok = spawnSync('openssl', [...base, '-noverify'], { encoding: 'utf8' });
    expect(ok.stderr).toContain('Verification successful');
    expect(ok.status).toBe(0);
    expect(spawnSync('openssl', [...base, '-CAfile', ca], { encoding: 'utf8' }).status).toBe(0);
    // openssl sees the signed attributes we claim
    const print = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', p7s], { encoding: 'utf8' });
    expect(print).toMatch(/signingTime/);
    expect(print).toMatch(/messageDigest/);
    expect(print).toMatch(/ecdsa-with-SHA256/);
    // … and rejects changed content
    writeTemp(dir, 'signed.payload.json', new TextDecoder().decode(r.payloadBytes).replace('95.5', '96.5'));
    expect(spawnSync('openssl', [...base, '-noverify'], { encoding: 'utf8' }).status).not.toBe(0);
  });
});

describe('tampering is detected with clear reasons', () => {
  test('one cell changed by an independent writer (zlib zip editor, not ExcelJS) → ✗ naming that sheet and cell', async () => {
    const r = await signedA();
    const dir = tempDir();
    const file = writeTemp(dir, 'signed.xlsx', r.xlsx);
    tamperCell(file, 3, 'C2', 99.5); // 星级评定结果!C2: 95.5 → 99.5
    const tampered = new Uint8Array(readFileSync(file));
    const report = await verifyXlsx(tampered);
    expect(report.valid).toBe(false);
    expect(report.signatureValid).toBe(true);
    expect(report.sheets.filter((s) => s.status !== 'unchanged').map((s) => s.sheet)).toEqual(['星级评定结果']);
    expect(report.reasons.join('\n')).toContain('工作表「星级评定结果」的内容已改动');
    const withPayload = await verifyXlsx(tampered, { payloadFile: r.payloadBytes });
    expect(withPayload.sheets.find((s) => s.sheet === '星级评定结果')?.cells).toEqual([{ cell: 'C2', old: 95.5, new: 99.5 }]);
  });

  test('wrong key (CMS signed by another key than the certificate) → ✗', async () => {
    const r = await signedA();
    const b = await signerB();
    const forged = await createDetachedCms(r.payloadBytes, b.keys.privateKey, (await signerA()).cert.der, new Date(r.record.header.signedAt));
    const xlsx = await editSignatureSheet(r.xlsx, (rows) => {
      rowsWithKey(rows, 'cms')[0].getCell(2).value = toBase64(forged);
    });
    const report = await verifyXlsx(xlsx);
    expect(report.valid).toBe(false);
    expect(report.signatureValid).toBe(false);
    expect(report.reasons.join()).toContain('签名值与签名人证书的公钥不符');
  });

  test('truncated signature → ✗ "损坏或被截断"', async () => {
    const r = await signedA();
    const xlsx = await editSignatureSheet(r.xlsx, (rows) => {
      const cell = rowsWithKey(rows, 'cms')[0].getCell(2);
      cell.value = String(cell.value).slice(0, 200);
    });
    const report = await verifyXlsx(xlsx);
    expect(report.valid).toBe(false);
    expect(report.reasons.join()).toContain('签名数据已损坏或被截断');
  });

  test('swapped certificate (another signer certificate put into the CMS and on the sheet) → ✗', async () => {
    const r = await signedA();
    const b = await signerB();
    const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(r.cms.slice().buffer).result });
    const sd = new pkijs.SignedData({ schema: info.content });
    const other = pkijs.Certificate.fromBER(b.cert.der.slice().buffer);
    sd.certificates = [other];
    sd.signerInfos[0].sid = new pkijs.IssuerAndSerialNumber({ issuer: other.issuer, serialNumber: other.serialNumber });
    const swapped = new Uint8Array(
      new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: sd.toSchema(true) }).toSchema().toBER(),
    );
    const xlsx = await editSignatureSheet(r.xlsx, (rows) => {
      rowsWithKey(rows, 'cms')[0].getCell(2).value = toBase64(swapped);
      rowsWithKey(rows, 'certificate')[0].getCell(2).value = b.cert.pem;
    });
    const report = await verifyXlsx(xlsx);
    expect(report.valid).toBe(false);
    expect(report.reasons.join('\n')).toContain('证书被调换');
    expect(report.reasons.join('\n')).toContain('签名值与签名人证书的公钥不符');
  });

  test('payload file from another workbook → ✗ saying so', async () => {
    const r = await signedA('A');
    const other = await signedA('B');
    const report = await verifyXlsx(r.xlsx, { payloadFile: other.payloadBytes });
    expect(report.valid).toBe(false);
    expect(report.reasons.join()).toContain('载荷文件不是本工作簿签名的内容');
  });

  test('the signature record edited on the 签章 sheet (signer name) → ✗', async () => {
    const r = await signedA();
    const xlsx = await editSignatureSheet(r.xlsx, (rows) => {
      rowsWithKey(rows, 'signer.name')[0].getCell(2).value = '王五';
    });
    const report = await verifyXlsx(xlsx);
    expect(report.valid).toBe(false);
    expect(report.reasons.join()).toContain('签章工作表上记载的签名信息');
  });

  test('a covered sheet deleted → ✗ naming it; no 签章 sheet → ✗', async () => {
    const r = await signedA();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.xlsx) as unknown as ExcelJS.Buffer);
    wb.removeWorksheet(wb.getWorksheet('评定参数')!.id);
    const report = await verifyXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(report.valid).toBe(false);
    expect(report.reasons.join()).toContain('工作表「评定参数」已不存在');
    const unsigned = await verifyXlsx(await resultWorkbook());
    expect(unsigned.reasons).toEqual(['工作簿中没有签章工作表（未签章，或签章工作表被删除）']);
  });

  test('formatting changes do not break the signature', async () => {
    const r = await signedA();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.xlsx) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('星级评定结果')!;
    ws.getCell('C2').numFmt = '0.000';
    ws.getCell('C2').font = { bold: true, color: { argb: 'FFFF0000' } };
    ws.getCell('C2').note = '复核意见';
    ws.state = 'hidden';
    ws.getColumn(2).width = 40;
    const report = await verifyXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(report.reasons).toEqual([]);
    expect(report.valid).toBe(true);
  });
});

test('signing an already signed workbook adds 签章 (2), never overwriting; verify uses the latest', async () => {
  const first = await signedA();
  const { keys, cert } = await signerB();
  const again = await signXlsx(first.xlsx, { key: keys.privateKey, cert });
  if (!again.ok) throw new Error(again.message);
  expect(again.result.signatureSheet).toBe('签章 (2)');
  expect(again.result.record.ranges.map((r) => r.sheet)).toEqual(['企业数据', '评定参数', '星级评定结果']);
  const report = await verifyXlsx(again.result.xlsx, { trustPem: cert.pem });
  expect(report.valid).toBe(true);
  expect(report.signer?.name).toBe('李四');
});

describe('signing refuses', () => {
  test('a result computed with a volatile function', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('星级评定结果').getCell('B2').value = { formula: 'NOW()', result: 45000.5 } as ExcelJS.CellFormulaValue;
    const { keys, cert } = await signerA();
    const out = await signXlsx(new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer), { key: keys.privateKey, cert });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.message).toContain('工作表「星级评定结果」单元格 B2：公式使用了易变函数 NOW');
  });

  test('a key that does not belong to the certificate', async () => {
    const { cert } = await signerA();
    const { keys } = await signerB();
    await expect(signXlsx(await resultWorkbook(), { key: keys.privateKey, cert })).rejects.toThrow('私钥与证书不匹配');
  });

  test('the CMS base64 is split over several cells when longer than 32,000 characters', async () => {
    const { chunks } = await import('../../src/signing/signature-sheet');
    const long = 'x'.repeat(70_000);
    expect(chunks(long).map((c) => c.length)).toEqual([32_000, 32_000, 6_000]);
    expect(fromBase64(toBase64(new Uint8Array([1, 2, 255])))).toEqual(new Uint8Array([1, 2, 255]));
  });
});
