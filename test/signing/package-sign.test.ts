/**
 * `sign` writes the signed copy at package level (workbook/xlsx-package): the reviewer's chart,
 * defined names and every other part stay byte for byte; the 签章 sheet is inserted, protected,
 * and reads back exactly as the ExcelJS-written one (the ExcelJS re-save is only the fallback).
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { signXlsx, signatureRowsOf, verifyXlsx, loadXlsx } from '../../src/signing/xlsx-sign';
import { MAX_CELL, signatureResultSheet, signatureSheetRows, type SignatureRecord } from '../../src/signing/signature-sheet';
import { FORMAT_TAG } from '../../src/signing/canonical';
import { entryData, readZip } from '../../src/workbook/xlsx-package/zip';
import { nodeZipCodec } from '../../src/workbook/xlsx-package/node-codec';
import { jsZipCodec, crc32 } from '../../src/workbook/xlsx-package/js-codec';
import { XlsxPackage } from '../../src/workbook/xlsx-package/package';
import { chartWorkbookBytes, macroWorkbookBytes } from '../workbook/xlsx-package-fixture';
import { resultWorkbook, signerA, tempDir, writeTemp } from './helpers';

const codec = nodeZipCodec();
const EDITED = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/styles.xml', 'docProps/app.xml']);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function parts(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(readZip(bytes).map((e) => [e.name, entryData(e, codec)]));
}

function rawEntries(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(readZip(bytes).map((e) => [e.name, e.raw]));
}

/** The part of the workbook's sheet called `name`. */
function sheetPart(bytes: Uint8Array, name: string): string {
  const p = parts(bytes);
  const wb = text(p.get('xl/workbook.xml')!);
  const tag = [...wb.matchAll(/<sheet [^>]*>/g)].map((m) => m[0]).find((t) => t.includes(` name="${name}"`))!;
  const rid = / r:id="([^"]+)"/.exec(tag)![1];
  const rels = text(p.get('xl/_rels/workbook.xml.rels')!);
  const relTag = [...rels.matchAll(/<Relationship [^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`Id="${rid}"`))!;
  const target = / Target="([^"]+)"/.exec(relTag)![1].replace(/^\/?xl\//, '');
  return text(p.get(`xl/${target}`)!);
}

async function sign(bytes: Uint8Array, extra: Partial<Parameters<typeof signXlsx>[1]> = {}) {
  const { keys, cert } = await signerA();
  const out = await signXlsx(bytes, { key: keys.privateKey, cert, baseName: 'signed', now: new Date('2026-11-29T03:00:00Z'), ...extra });
  if (!out.ok) throw new Error(out.message);
  return out.result;
}

describe('sign keeps the reviewer’s workbook (package writer)', () => {
  test('chart and constant/formula defined names survive byte for byte; verify ✓; 签章 protected', async () => {
    const input = chartWorkbookBytes();
    const r = await sign(input);
    expect(r.savedBy).toBe('package');
    expect(r.signatureSheet).toBe('签章');

    const before = rawEntries(input);
    const after = rawEntries(r.xlsx);
    for (const [name, raw] of before) {
      if (EDITED.has(name)) continue;
      expect(after.has(name)).toBe(true);
      expect(Buffer.compare(Buffer.from(after.get(name)!), Buffer.from(raw))).toBe(0); // compressed bytes as stored
    }
    const p = parts(r.xlsx);
    expect(text(p.get('xl/charts/chart1.xml')!)).toContain('明细!$E$2:$E$5');
    expect(p.has('xl/drawings/drawing1.xml')).toBe(true);
    const wbXml = text(p.get('xl/workbook.xml')!);
    expect(wbXml).toContain('<definedName name="费率">0.05</definedName>');
    expect(wbXml).toContain('<definedName name="合计">SUM(明细!$E$2:$E$5)</definedName>');
    expect(wbXml).toContain('<sheet name="签章"');

    // The 签章 sheet is protected, sheetProtection right after sheetData (CT_Worksheet order).
    const sig = sheetPart(r.xlsx, '签章');
    expect(sig).toMatch(/<\/sheetData><sheetProtection sheet="1" objects="1" scenarios="1"\/><pageMargins /);
    const data = sheetPart(r.xlsx, '明细');
    expect(data).not.toContain('sheetProtection');

    const v = await verifyXlsx(r.xlsx);
    expect(v.signatureValid).toBe(true);
    expect(v.unchanged).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(r.record.ranges.map((g) => [g.role, g.sheet, g.ref])).toEqual([['inputs', '明细', 'A1:E5']]);

    // ExcelJS sees it protected too.
    const wb = await loadXlsx(r.xlsx);
    expect((wb.getWorksheet('签章') as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
  });

  test('the 签章 sheet reads back cell for cell as the rows the ExcelJS path writes', async () => {
    const input = await resultWorkbook();
    const r = await sign(input);
    expect(r.savedBy).toBe('package');
    const rows = signatureSheetRows(r.record, 'signed');
    const found = signatureRowsOf(await loadXlsx(r.xlsx))!;
    expect(found.sheet).toBe('签章');
    const trim = (rs: string[][]) => rs.map((row) => { const c = [...row]; while (c.length && c[c.length - 1] === '') c.pop(); return c; });
    expect(trim(found.rows)).toEqual(trim(rows));
    // Plain strings, not rich text: the keys compare equal as values.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.xlsx) as unknown as ExcelJS.Buffer);
    const values: unknown[] = [];
    wb.getWorksheet('签章')!.eachRow((row) => values.push(row.getCell(1).value));
    expect(values).toContain('cms');
    expect(values).toContain('payloadSha256');
    expect(values[0]).toBe('签章（电子签名）');
    expect((await verifyXlsx(r.xlsx)).valid).toBe(true);
  });

  test('payload and digests do not depend on how the copy is written', async () => {
    const input = await resultWorkbook();
    const viaPackage = await sign(input);
    // A codec that cannot inflate makes the package writer give up: the ExcelJS fallback.
    const broken = { ...jsZipCodec(), inflateRaw: () => { throw new Error('no inflate'); } };
    const viaExcelJs = await sign(input, { codec: broken });
    expect(viaExcelJs.savedBy).toBe('exceljs');
    expect(viaExcelJs.fallbackReason).toBeTruthy();
    expect(Buffer.from(viaPackage.payloadBytes).equals(Buffer.from(viaExcelJs.payloadBytes))).toBe(true);
    expect(viaPackage.record.payloadSha256).toBe(viaExcelJs.record.payloadSha256);
    expect(viaPackage.record.ranges).toEqual(viaExcelJs.record.ranges);
    for (const out of [viaPackage, viaExcelJs]) expect((await verifyXlsx(out.xlsx)).valid).toBe(true);
    const a = signatureRowsOf(await loadXlsx(viaPackage.xlsx))!.rows.map((row) => row.filter((c) => c !== ''));
    const b = signatureRowsOf(await loadXlsx(viaExcelJs.xlsx))!.rows.map((row) => row.filter((c) => c !== ''));
    // Same cells (the CMS differs: ECDSA signatures are randomised).
    const noCms = (rs: string[][]) => rs.filter((row) => row[0] !== 'cms');
    expect(noCms(a)).toEqual(noCms(b));
  });

  test('an .xlsm signed to .xlsx falls back to the ExcelJS re-save (still verifies)', async () => {
    const r = await sign(macroWorkbookBytes());
    expect(r.savedBy).toBe('exceljs');
    expect(r.fallbackReason).toMatch(/xlsm/);
    expect((await verifyXlsx(r.xlsx)).valid).toBe(true);
  });

  test('an .xlsm signed to .xlsm keeps its macros', async () => {
    const input = macroWorkbookBytes();
    const r = await sign(input, { extension: 'xlsm' });
    expect(r.savedBy).toBe('package');
    const vba = (b: Uint8Array) => Buffer.from(rawEntries(b).get('xl/vbaProject.bin')!);
    expect(vba(r.xlsx).equals(vba(input))).toBe(true);
    expect(XlsxPackage.open(r.xlsx, codec).kind).toBe('xlsm');
    expect((await verifyXlsx(r.xlsx)).valid).toBe(true);
  });

  test('signing a signed copy again adds 签章 (2); the newest signature verifies', async () => {
    const first = await sign(chartWorkbookBytes());
    const second = await sign(first.xlsx);
    expect(second.savedBy).toBe('package');
    expect(second.signatureSheet).toBe('签章 (2)');
    expect(second.record.ranges.map((g) => g.sheet)).toEqual(['明细']);
    const v = await verifyXlsx(second.xlsx);
    expect([v.signatureValid, v.unchanged, v.reasons]).toEqual([true, true, []]);
    expect(Buffer.from(rawEntries(second.xlsx).get('xl/charts/chart1.xml')!).equals(Buffer.from(rawEntries(first.xlsx).get('xl/charts/chart1.xml')!))).toBe(true);
  });
});

test(
  'LibreOffice opens the package-signed copy: re-saved, the chart and the protected 签章 sheet remain and it still verifies',
  async () => {
    const { cert } = await signerA();
    const r = await sign(chartWorkbookBytes());
    const dir = tempDir('wzsig-pkg-lo-');
    const input = writeTemp(dir, 'signed.xlsx', r.xlsx);
    const outDir = path.join(dir, 'out');
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xlsx', '--outdir', outDir, input], {
      stdio: 'pipe',
      timeout: 170_000,
    });
    const bytes = new Uint8Array(readFileSync(path.join(outDir, 'signed.xlsx')));
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(r.xlsx))).not.toBe(0);
    const names = [...parts(bytes).keys()];
    expect(names.some((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
    expect(sheetPart(bytes, '签章')).toMatch(/<sheetProtection[^>]*sheet="(1|true)"/);
    const v = await verifyXlsx(bytes, { trustPem: cert.pem });
    expect(v.reasons).toEqual([]);
    expect(v.valid).toBe(true);
  },
  180_000,
);

describe('long machine values in the package-written 签章 sheet', () => {
  test('values longer than one cell are split (≤ 32,767 chars a cell) and read back whole', async () => {
    const cms = 'QUJD'.repeat(20_000) + 'xyz=';
    const certPem = `-----BEGIN CERTIFICATE-----\n${'M'.repeat(40_000)}\n-----END CERTIFICATE-----\n`;
    const record: SignatureRecord = {
      header: {
        format: FORMAT_TAG, algorithm: 'ECDSA-P256-SHA256', tool: 'wzpolicy test', signedAt: '2026-11-29T03:00:00.000Z', date1904: false,
        signer: { name: '张三', organisation: '温州市财政局', certSha256: 'ab'.repeat(32) },
      },
      payloadSha256: 'cd'.repeat(32),
      ranges: [{ role: 'inputs', sheet: '明细', ref: 'A1:E5', sha256: 'ef'.repeat(32) }],
      cmsBase64: cms,
      certPem,
    };
    const rows = signatureSheetRows(record);
    expect(rows.filter((r) => r[0] === 'cms').length).toBe(Math.ceil(cms.length / MAX_CELL));
    const pkg = XlsxPackage.open(chartWorkbookBytes(), codec);
    const out = pkg.insertSheets([{ name: '签章', sheet: signatureResultSheet(rows, '签章') }]);
    const found = signatureRowsOf(await loadXlsx(out))!;
    for (const row of found.rows) for (const cell of row) expect(cell.length).toBeLessThanOrEqual(32_767);
    const { parseSignatureRows } = await import('../../src/signing/signature-sheet');
    const parsed = parseSignatureRows(found.rows);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.record.cmsBase64).toBe(cms);
    expect(parsed.record.certPem).toBe(certPem);
  });
});

describe('js zip codec (pako)', () => {
  test('round-trips and agrees with zlib', () => {
    const js = jsZipCodec();
    const data = new TextEncoder().encode('签章'.repeat(1000) + 'abc');
    expect(Buffer.from(codec.inflateRaw(js.deflateRaw(data))).equals(Buffer.from(data))).toBe(true);
    expect(Buffer.from(js.inflateRaw(codec.deflateRaw(data))).equals(Buffer.from(data))).toBe(true);
    expect(crc32(data)).toBe(codec.crc32(data));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(() => js.inflateRaw(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(Error);
  });
});
