/**
 * Issue 8, item 9: whatever alteration of the CMS signature OpenSSL rejects, `verify` rejects
 * too — both the CMS check alone (verifyDetachedCms with the payload) and the whole workbook
 * verification (the altered CMS on the 签章 sheet).
 *
 * The alterations: every byte of the .p7s XOR 0x01, 0x80 and 0xFF (the low bit, the high bit,
 * all bits), and a systematic set of re-encodings of every element (non-minimal long-form
 * length, indefinite length, a redundant leading 00 in every INTEGER), plus hand-made ECDSA
 * signature values (redundant 00 in r or s, negative s, s ≥ n, trailing bytes) and truncations.
 *
 * OpenSSL runs on every alteration our verify ACCEPTS: "OpenSSL rejects ⇒ we reject" is the
 * same as "we accept ⇒ OpenSSL accepts", and that keeps the run short (most alterations are
 * rejected by us at once). `WZ_FLIP_ALL_OPENSSL=1` runs OpenSSL on all of them, for the figures.
 * A missing openssl is a failure, not a skip.
 */
import { spawn } from 'child_process';
import { cpus } from 'os';
import * as path from 'path';
import { readFileSync } from 'fs';
import { verifyDetachedCms } from '../../src/signing/cms';
import { decodeDer, encodeTlv, TAG, type Tlv } from '../../src/signing/der';
import { toBase64 } from '../../src/signing/keys';
import { verifySheets } from '../../src/signing/sign-core';
import { parseSignatureRows } from '../../src/signing/signature-sheet';
import { loadXlsx, signatureRowsOf, signXlsx } from '../../src/signing/xlsx-sign';
import { extractSheet, type ExtractedSheet } from '../../src/signing/xlsx-extract';
import { hasCommand, resultWorkbook, runSigningCli, signerA, tempDir, writeTemp } from './helpers';
import ExcelJS from 'exceljs';

interface Alteration {
  what: string;
  bytes: Uint8Array;
}

function opensslVerify(p7s: string, content: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', content, '-noverify', '-out', '/dev/null'], {
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

/** Run OpenSSL over the alterations, a few at a time; the exit status of each. */
async function opensslAll(dir: string, content: string, list: Alteration[]): Promise<number[]> {
  const codes = new Array<number>(list.length);
  let next = 0;
  const worker = async (w: number) => {
    const file = path.join(dir, `w${w}.p7s`);
    for (let i = next++; i < list.length; i = next++) {
      writeTemp(dir, path.basename(file), list[i].bytes);
      codes[i] = await opensslVerify(file, content);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cpus().length) }, (_, w) => worker(w)));
  return codes;
}

/** Every element of the tree, depth first. */
function elements(t: Tlv): Tlv[] {
  return [t, ...t.children.flatMap(elements)];
}

/** The tree re-encoded with `target` replaced; ancestors get fresh (minimal) lengths, the rest is copied. */
function rebuild(t: Tlv, target: Tlv, replacement: Uint8Array): Uint8Array {
  if (t === target) return replacement;
  const inside = target.offset >= t.offset && target.offset < t.offset + t.bytes.length;
  if (!inside || !t.constructed) return t.bytes;
  return encodeTlv(t.tag, ...t.children.map((c) => rebuild(c, target, replacement)));
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const all = parts.flatMap((p) => [...p]);
  return Uint8Array.from(all);
}

/** The header of an element with a long-form length one octet longer than needed. */
function nonMinimalLength(t: Tlv): Uint8Array {
  const n = t.content.length;
  const len = n < 0x80 ? [0x81, n] : n < 0x100 ? [0x82, 0, n] : [0x83, 0, n >> 8, n & 0xff];
  return concat([t.tag], len, t.content);
}

/** A DER ECDSA-Sig-Value with the given integer contents (as octets, unchecked). */
function sigValue(r: number[], s: number[], trailer: number[] = []): Uint8Array {
  const body = concat([0x02, r.length], r, [0x02, s.length], s);
  return concat([0x30, body.length], body, trailer);
}

function systematic(cms: Uint8Array, root: Tlv, signature: Tlv): Alteration[] {
  const out: Alteration[] = [];
  for (const t of elements(root)) {
    const at = `@${t.offset} 标签 0x${t.tag.toString(16)}`;
    out.push({ what: `非最短长度 ${at}`, bytes: rebuild(root, t, nonMinimalLength(t)) });
    if (t.constructed) out.push({ what: `不定长 ${at}`, bytes: rebuild(root, t, concat([t.tag, 0x80], t.content, [0, 0])) });
    if (t.tag === TAG.integer) out.push({ what: `INTEGER 前导 00 ${at}`, bytes: rebuild(root, t, encodeTlv(TAG.integer, Uint8Array.of(0, ...t.content))) });
    if (t.tag === TAG.sequence || t.tag === TAG.set) {
      out.push({ what: `SEQUENCE↔SET ${at}`, bytes: rebuild(root, t, concat([t.tag ^ 0x01], t.bytes.subarray(1))) });
    }
  }
  // The ECDSA signature value inside its OCTET STRING.
  const sig = decodeDer(signature.content);
  const [r, s] = sig.children.map((c) => [...c.content]);
  const strip = (v: number[]) => (v[0] === 0 ? v.slice(1) : v);
  const n = [0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51];
  const sigs: [string, Uint8Array][] = [
    ['r 前导 00', sigValue([0, ...r], s)],
    ['s 前导 00', sigValue(r, [0, ...s])],
    ['s 为负数', sigValue(r, strip(s).map((b, i) => (i === 0 ? b | 0x80 : b)))],
    ['s 取反', sigValue(r, [0, ...strip(s).map((b) => 0xff - b)])],
    ['s + n（同余，超出范围）', sigValue(r, addBigEndian(strip(s), n))],
    ['签名值后有多余字节', sigValue(r, s, [0])],
    ['r、s 互换', sigValue(s, r)],
    ['缺少 s', concat([0x30, r.length + 2, 0x02, r.length], r)],
    ['签名值长度非最短', concat([0x30, 0x81, sig.content.length], sig.content)],
  ];
  for (const [what, value] of sigs) out.push({ what: `ECDSA ${what}`, bytes: rebuild(root, signature, encodeTlv(TAG.octetString, value)) });
  out.push({ what: '末尾多一个字节', bytes: concat(cms, [0]) });
  for (const cut of [1, 2, 10, 100, cms.length >> 1, cms.length - 1]) out.push({ what: `截断为 ${cut} 字节`, bytes: cms.slice(0, cut) });
  return out;
}

/** a + b of two big-endian magnitudes, as INTEGER content (a 00 in front when the top bit is set). */
function addBigEndian(a: number[], b: number[]): number[] {
  const sum = BigInt(`0x${Buffer.from(a).toString('hex')}`) + BigInt(`0x${Buffer.from(b).toString('hex')}`);
  const h = sum.toString(16);
  const v = [...Buffer.from(h.length % 2 ? `0${h}` : h, 'hex')];
  return v[0] & 0x80 ? [0, ...v] : v;
}

const haveOpenssl = hasCommand('openssl');

test('openssl is installed (the comparison below needs it)', () => {
  expect(haveOpenssl).toBe(true);
});

test('every alteration of the .p7s that OpenSSL rejects, verify rejects too', async () => {
  expect(haveOpenssl).toBe(true);
  const { keys, cert } = await signerA();
  const signed = await signXlsx(await resultWorkbook(), { key: keys.privateKey, cert, baseName: 'signed' });
  if (!signed.ok) throw new Error(signed.message);
  const { cms, payloadBytes } = signed.result;
  const dir = tempDir('wzsig-flip-');
  const content = writeTemp(dir, 'signed.payload.json', payloadBytes);
  writeTemp(dir, 'signed.payload.json.p7s', cms);
  expect(await opensslVerify(path.join(dir, 'signed.payload.json.p7s'), content)).toBe(0);

  // The whole-workbook check, with the sheets read once.
  const wb = await loadXlsx(signed.result.xlsx);
  const parsed = parseSignatureRows(signatureRowsOf(wb)!.rows);
  if (!parsed.ok) throw new Error(parsed.message);
  const sheets = new Map<string, ExtractedSheet>();
  for (const ws of wb.worksheets) sheets.set(ws.name, extractSheet(ws, false));
  const verifyWorkbook = (bytes: Uint8Array) =>
    verifySheets({ record: { ...parsed.record, cmsBase64: toBase64(bytes) }, current: (n) => sheets.get(n) ?? null });
  expect((await verifyDetachedCms(cms, payloadBytes)).ok).toBe(true);
  expect((await verifyWorkbook(cms)).valid).toBe(true);

  // Where the signed attributes and the signature value are (every position of both is flipped).
  const root = decodeDer(cms);
  const signedData = root.children[1].children[0];
  const signerInfo = signedData.children[signedData.children.length - 1].children[0];
  const [signedAttrs, signature] = [signerInfo.children[3], signerInfo.children[5]];
  expect([signedAttrs.tag, signature.tag]).toEqual([0xa0, TAG.octetString]);

  const list: Alteration[] = [];
  for (const mask of [0x01, 0x80, 0xff]) {
    for (let i = 0; i < cms.length; i++) {
      const bytes = cms.slice();
      bytes[i] ^= mask;
      list.push({ what: `字节 ${i} ^ 0x${mask.toString(16)}`, bytes });
    }
  }
  const flips = list.length;
  list.push(...systematic(cms, root, signature));

  const oursAccepted: number[] = [];
  const workbookAccepted: string[] = [];
  for (const [i, a] of list.entries()) {
    if ((await verifyDetachedCms(a.bytes, payloadBytes)).ok) oursAccepted.push(i);
    if ((await verifyWorkbook(a.bytes)).valid) workbookAccepted.push(a.what);
  }
  const all = process.env.WZ_FLIP_ALL_OPENSSL === '1';
  const checked = all ? list.map((_, i) => i) : oursAccepted;
  const codes = await opensslAll(dir, content, checked.map((i) => list[i]));
  const opensslRejected = new Set(checked.filter((_, k) => codes[k] !== 0));
  const missed = oursAccepted.filter((i) => opensslRejected.has(i)).map((i) => list[i].what);
  const inSigned = (i: number) => i >= signedAttrs.offset && i < signedAttrs.offset + signedAttrs.bytes.length;
  const inSignature = (i: number) => i >= signature.offset && i < signature.offset + signature.bytes.length;
  console.log(
    `flip test: ${list.length} alterations (${flips} byte flips, ${list.length - flips} re-encodings); ` +
      `verifyDetachedCms rejected ${list.length - oursAccepted.length}, whole verify rejected ${list.length - workbookAccepted.length}; ` +
      `OpenSSL run on ${checked.length}${all ? ` (all), rejected ${opensslRejected.size}` : ` (those we accept), rejected ${opensslRejected.size}`}; ` +
      `signed attributes ${signedAttrs.offset}–${signedAttrs.offset + signedAttrs.bytes.length - 1}, signature ${signature.offset}–${signature.offset + signature.bytes.length - 1}`,
  );
  expect(missed).toEqual([]);
  // No flip of the signed attributes or of the signature value is accepted, by anyone.
  expect(oursAccepted.filter((i) => i < flips && (inSigned(i % cms.length) || inSignature(i % cms.length)))).toEqual([]);
  // On the 签章 sheet, the certificate is pinned by the payload: every alteration fails.
  expect(workbookAccepted).toEqual([]);
}, 120_000);

test('on a real .xlsx through the CLI: altered encodings OpenSSL rejects make `verify` exit 1', async () => {
  expect(haveOpenssl).toBe(true);
  const dir = tempDir('wzsig-flip-cli-');
  writeTemp(dir, 'in.xlsx', await resultWorkbook());
  expect((await runSigningCli(['keygen', '--name', '张三', '--org', '温州市财政局', '--out-dir', 'keys'], dir)).code).toBe(0);
  const s = await runSigningCli(['sign', 'in.xlsx', '--key', 'keys/key.pem', '--cert', 'keys/cert.pem', '--out', 'signed.xlsx'], dir);
  expect(s.code).toBe(0);
  const cms = new Uint8Array(readFileSync(path.join(dir, 'signed.payload.json.p7s')));
  const root = decodeDer(cms);
  const signedData = root.children[1].children[0];
  const signerInfo = signedData.children[signedData.children.length - 1].children[0];
  const cert = signedData.children[3].children[0];
  const chosen = systematic(cms, root, signerInfo.children[5]).filter((a) =>
    /^ECDSA (r 前导 00|s 前导 00|s 为负数|s \+ n|签名值后有多余字节)/.test(a.what),
  );
  chosen.push(
    { what: '证书长度非最短', bytes: rebuild(root, cert, nonMinimalLength(cert)) },
    { what: '签名属性长度非最短', bytes: rebuild(root, signerInfo.children[3], nonMinimalLength(signerInfo.children[3])) },
  );
  const signedXlsx = readFileSync(path.join(dir, 'signed.xlsx'));
  for (const [k, a] of chosen.entries()) {
    writeTemp(dir, `alt${k}.p7s`, a.bytes);
    const openssl = await opensslVerify(path.join(dir, `alt${k}.p7s`), path.join(dir, 'signed.payload.json'));
    // Put the altered signature on the 签章 sheet (ExcelJS edits the cms cells).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(signedXlsx as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('签章')!;
    const cmsRows: ExcelJS.Row[] = [];
    ws.eachRow((row) => void (row.getCell(1).value === 'cms' && cmsRows.push(row)));
    cmsRows[0].getCell(2).value = toBase64(a.bytes);
    for (const extra of cmsRows.slice(1)) extra.getCell(2).value = '';
    writeTemp(dir, `alt${k}.xlsx`, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const v = await runSigningCli(['verify', `alt${k}.xlsx`, '--payload', 'signed.payload.json', '--json'], dir);
    const report = JSON.parse(v.out);
    expect([a.what, v.code, report.valid, report.signatureValid]).toEqual([a.what, 1, false, false]);
    if (/^ECDSA/.test(a.what)) expect([a.what, openssl]).not.toEqual([a.what, 0]); // OpenSSL rejects these too
  }
}, 120_000);
