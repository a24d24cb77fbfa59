/**
 * Signing and verifying a set of covered sheets, independent of where the cells came from
 * (ExcelJS in the CLI and the page, Office.js in the pane): extracted grids in, payload + CMS +
 * 签章 record out; and back: record + current grids (+ payload file, + trusted certificate) in,
 * a verification report out.
 */
import {
  ALGORITHM,
  diffCells,
  FORMAT_TAG,
  fromHex,
  hex,
  jcs,
  normaliseRange,
  payloadBytes,
  rangeBytes,
  sha256Hex,
  utf8,
  type CellChange,
  type Payload,
  type PayloadHeader,
  type SheetRole,
  type SignedRange,
} from './canonical';
import { createDetachedCms, verifyDetachedCms } from './cms';
import { certInfo, fromBase64, keyMatchesCert, SigningError, toBase64, type CertInfo } from './keys';
import { SM2_ALGORITHM, SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify, type Sm2Keys } from './sm2';
import type { RangeDigest, SignatureRecord } from './signature-sheet';
import type { ExtractedSheet, ExtractIssue } from './xlsx-extract';

export const TOOL = 'wzpolicy 0.1.0';

export interface SignInput {
  sheets: { role: SheetRole; extracted: ExtractedSheet }[];
  key: CryptoKey;
  cert: CertInfo;
  /** Shown name; defaults to the certificate's CN. */
  signerName?: string;
  date1904: boolean;
  now?: Date;
  tool?: string;
  /** Optional SM2-SM3 second signature with these keys. */
  sm2?: Sm2Keys;
}

export interface SignOutput {
  payload: Payload;
  /** The SM2-SM3 signature (DER) when requested (X.payload.json.sm2.sig). */
  sm2Signature?: Uint8Array;
  /** The exact signed bytes (X.payload.json). */
  payloadBytes: Uint8Array;
  /** CMS SignedData DER (X.payload.json.p7s). */
  cms: Uint8Array;
  record: SignatureRecord;
}

export type SignResult = { ok: true; output: SignOutput } | { ok: false; issues: ExtractIssue[]; message: string };


export async function rangeDigests(ranges: SignedRange[]): Promise<RangeDigest[]> {
  const out: RangeDigest[] = [];
  for (const r of ranges) out.push({ role: r.role, sheet: r.sheet, ref: r.ref, sha256: await sha256Hex(rangeBytes(r)) });
  return out;
}

/** Whole seconds, UTC: 2026-11-29T09:50:00Z. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function signSheets(input: SignInput): Promise<SignResult> {
  const issues = input.sheets.flatMap((s) => s.extracted.issues);
  if (issues.length) {
    return {
      ok: false,
      issues,
      message: issues.map((i) => `工作表「${i.sheet}」单元格 ${i.cell}：${i.message}`).join('\n'),
    };
  }
  if (!(await keyMatchesCert(input.key, input.cert.der))) {
    throw new SigningError('私钥与证书不匹配（证书不是这把私钥的）');
  }
  const now = new Date(Math.floor((input.now ?? new Date()).getTime() / 1000) * 1000);
  const header: PayloadHeader = {
    format: FORMAT_TAG,
    algorithm: ALGORITHM,
    tool: input.tool ?? TOOL,
    signedAt: isoSeconds(now),
    date1904: input.date1904,
    signer: {
      name: input.signerName?.trim() || input.cert.commonName,
      organisation: input.cert.organisation,
      certSha256: input.cert.sha256,
    },
    ...(input.sm2 ? { secondSignature: { algorithm: SM2_ALGORITHM, publicKey: input.sm2.publicKey, userId: SM2_DEFAULT_USER_ID } } : {}),
  };
  const ranges = input.sheets.map((s) => normaliseRange(s.role, s.extracted.sheet, s.extracted.values));
  const payload: Payload = { ...header, ranges };
  const bytes = payloadBytes(payload);
  const cms = await createDetachedCms(bytes, input.key, input.cert.der, now);
  const sm2Signature = input.sm2 ? sm2Sign(bytes, input.sm2) : undefined;
  const record: SignatureRecord = {
    header,
    payloadSha256: await sha256Hex(bytes),
    ranges: await rangeDigests(ranges),
    cmsBase64: toBase64(cms),
    certPem: input.cert.pem,
    ...(sm2Signature ? { sm2SignatureHex: hex(sm2Signature) } : {}),
  };
  return { ok: true, output: { payload, payloadBytes: bytes, cms, record, ...(sm2Signature ? { sm2Signature } : {}) } };
}

// ---- verification --------------------------------------------------------------------------------

export interface SheetVerdict {
  sheet: string;
  role: SheetRole;
  /** Region signed / region now. */
  signedRef: string;
  currentRef: string | null;
  status: 'unchanged' | 'changed' | 'missing';
  /** Changed cells (only when the payload file is at hand). */
  cells?: CellChange[];
}

export interface VerifyReport {
  kind: 'verify';
  /** Signature valid, content unchanged, and (with a trusted certificate) signer pinned. */
  valid: boolean;
  signatureValid: boolean;
  unchanged: boolean;
  /** null: not checked against a trusted certificate. */
  trusted: boolean | null;
  /** The SM2-SM3 second signature over the current content: null when the workbook has none. */
  sm2Valid: boolean | null;
  signer: { name: string; organisation: string; fingerprint: string; certSha256: string } | null;
  signedAt: string | null;
  format: string | null;
  sheets: SheetVerdict[];
  /** Why it is not valid (Chinese). */
  reasons: string[];
  /** Remarks that do not make it invalid (Chinese). */
  notes: string[];
}

export const UNTRUSTED_NOTE = '签名有效，但签名人未与受信任证书核对';

export interface VerifyInput {
  record: SignatureRecord;
  /** Current values of a covered sheet, or null when the sheet no longer exists. */
  current(sheet: string): ExtractedSheet | null;
  /** Bytes of X.payload.json when at hand. */
  payloadFile?: Uint8Array;
  /** PEM of the certificate the signer must have (--trust). */
  trustPem?: string;
  /** Sheets present in the workbook (to mention those not covered). */
  workbookSheets?: string[];
}

function emptyReport(): VerifyReport {
  return {
    kind: 'verify',
    valid: false,
    signatureValid: false,
    unchanged: false,
    trusted: null,
    sm2Valid: null,
    signer: null,
    signedAt: null,
    format: null,
    sheets: [],
    reasons: [],
    notes: [],
  };
}

export async function verifySheets(input: VerifyInput): Promise<VerifyReport> {
  const { record } = input;
  const report = emptyReport();
  report.format = record.header.format;
  report.signedAt = record.header.signedAt;

  // 1. The current content, recomputed.
  const current: SignedRange[] = [];
  const currentByIndex = new Map<number, SignedRange>();
  for (const [i, r] of record.ranges.entries()) {
    const ex = input.current(r.sheet);
    if (!ex) {
      report.sheets.push({ sheet: r.sheet, role: r.role, signedRef: r.ref, currentRef: null, status: 'missing' });
      continue;
    }
    const range = normaliseRange(r.role, r.sheet, ex.values);
    current.push(range);
    currentByIndex.set(i, range);
    const digest = await sha256Hex(rangeBytes(range));
    report.sheets.push({
      sheet: r.sheet,
      role: r.role,
      signedRef: r.ref,
      currentRef: range.ref,
      status: digest === r.sha256 ? 'unchanged' : 'changed',
    });
  }
  const payload: Payload = { ...record.header, ranges: current };
  const bytes = payloadBytes(payload);
  const recomputed = await sha256Hex(bytes);

  // 2. The signature.
  let cmsDer: Uint8Array | null = null;
  try {
    cmsDer = fromBase64(record.cmsBase64);
  } catch {
    report.reasons.push('签名数据已损坏或被截断（不是有效的 base64）');
  }
  const cms = cmsDer ? await verifyDetachedCms(cmsDer) : null;
  if (cms && !cms.parsed) report.reasons.push(...cms.reasons);
  if (cms?.signer) {
    report.signer = {
      name: record.header.signer.name,
      organisation: record.header.signer.organisation,
      fingerprint: cms.signer.fingerprint,
      certSha256: cms.signer.sha256,
    };
    if (!cms.signatureValid) report.reasons.push(...cms.reasons.filter((r) => r.startsWith('签名值')));
    if (cms.signer.sha256 !== record.header.signer.certSha256) {
      report.reasons.push('签名数据中的证书不是签名内容所记载的签名人证书（证书被调换）');
    }
    if (record.certPem) {
      try {
        const sheetCert = await certInfo(record.certPem);
        if (sheetCert.sha256 !== cms.signer.sha256) report.reasons.push('签章工作表上的证书与签名数据中的证书不一致（证书被调换）');
      } catch {
        report.reasons.push('签章工作表上的证书无法解析');
      }
    }
    if (cms.messageDigest !== record.payloadSha256) {
      report.reasons.push('签章工作表记录的载荷摘要与签名不符（签章工作表被改动）');
    }
    if (cms.signingTime && isoSeconds(cms.signingTime) !== record.header.signedAt) {
      report.notes.push(`签名数据中的签名时间 ${isoSeconds(cms.signingTime)} 与签章工作表所记 ${record.header.signedAt} 不同`);
    }
  }
  report.signatureValid = Boolean(cms?.parsed && cms.signatureValid && report.reasons.length === 0);

  // 3. Content unchanged?
  const changed = report.sheets.filter((s) => s.status !== 'unchanged');
  report.unchanged = changed.length === 0 && cms?.messageDigest === recomputed;
  for (const s of changed) {
    report.reasons.push(
      s.status === 'missing'
        ? `工作表「${s.sheet}」已不存在（签名时覆盖 ${s.signedRef}）`
        : `工作表「${s.sheet}」的内容已改动${s.currentRef !== s.signedRef ? `（区域：签名时 ${s.signedRef}，现为 ${s.currentRef}）` : ''}`,
    );
  }
  if (changed.length === 0 && cms?.messageDigest && cms.messageDigest !== recomputed && cms.signatureValid) {
    report.reasons.push('签章工作表上记载的签名信息（签名人、时间、格式等）被改动，与签名内容不符');
  }

  // 3b. The SM2-SM3 second signature, when there is one.
  const second = record.header.secondSignature;
  if (second) {
    if (second.algorithm !== SM2_ALGORITHM || second.userId !== SM2_DEFAULT_USER_ID) {
      report.sm2Valid = false;
      report.reasons.push(`第二签名的算法或用户标识不受支持（${second.algorithm}，${second.userId}）`);
    } else {
      let sig: Uint8Array | null = null;
      try {
        sig = fromHex(record.sm2SignatureHex ?? '');
      } catch {
        sig = null;
      }
      report.sm2Valid = sig !== null && sig.length > 0 && sm2Verify(bytes, sig, second.publicKey);
      if (!report.sm2Valid && changed.length === 0) report.reasons.push('SM2-SM3 第二签名无效（签名被改动或截断，或不是该 SM2 公钥所签）');
    }
  }

  // 4. The payload file, when at hand: must be the signed bytes; then name changed cells.
  if (input.payloadFile) {
    const fileDigest = await sha256Hex(input.payloadFile);
    if (cms?.messageDigest && fileDigest !== cms.messageDigest) {
      report.reasons.push('载荷文件不是本工作簿签名的内容（摘要不符：可能来自另一份工作簿或被改动），未用它比较单元格');
    } else {
      let signed: Payload | null = null;
      try {
        signed = JSON.parse(new TextDecoder().decode(input.payloadFile)) as Payload;
      } catch {
        report.reasons.push('载荷文件不是有效的 JSON');
      }
      if (signed && Array.isArray(signed.ranges)) {
        for (const verdict of report.sheets) {
          if (verdict.status !== 'changed') continue;
          const before = signed.ranges.find((r) => r.sheet === verdict.sheet && r.role === verdict.role);
          const idx = record.ranges.findIndex((r) => r.sheet === verdict.sheet && r.role === verdict.role);
          const after = currentByIndex.get(idx);
          if (before && after) verdict.cells = diffCells(before.cells, after.cells);
        }
      }
    }
  } else if (changed.some((s) => s.status === 'changed')) {
    report.notes.push('提供载荷文件（--payload X.payload.json）可列出改动的单元格及其原值和现值');
  }

  // 5. Trust.
  if (input.trustPem !== undefined) {
    try {
      const trust = await certInfo(input.trustPem);
      report.trusted = cms?.signer?.sha256 === trust.sha256;
      if (!report.trusted) {
        report.reasons.push(`签名人证书不是指定的受信任证书（受信任证书指纹 ${trust.fingerprint}）`);
      }
    } catch (e) {
      report.trusted = false;
      report.reasons.push(`受信任证书无法读取：${e instanceof Error ? e.message : String(e)}`);
    }
  }

  if (input.workbookSheets) {
    const covered = new Set(record.ranges.map((r) => r.sheet));
    const extra = input.workbookSheets.filter((n) => !covered.has(n) && !/^签章( \(\d+\))?$/.test(n));
    if (extra.length) report.notes.push(`未在签名范围内的工作表：${extra.join('、')}`);
  }

  report.valid =
    report.signatureValid && report.unchanged && report.reasons.length === 0 && report.trusted !== false && report.sm2Valid !== false;
  if (report.valid && report.trusted === null) report.notes.unshift(UNTRUSTED_NOTE);
  return report;
}

/** For the payload JSON file: its canonical bytes (the same bytes that were signed). */
export function payloadJson(payload: Payload): string {
  return jcs(payload);
}

export { utf8 };
