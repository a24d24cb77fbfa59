/**
 * Signing and verifying a set of covered sheets, independent of where the cells came from
 * (ExcelJS in the CLI and the page, Office.js in the pane): extracted grids in, payload + CMS +
 * 签章 record out; and back: record + current grids (+ payload file, + trusted certificate) in,
 * a verification report out.
 *
 * What verification trusts: the CMS (strictly checked, cms.ts) binds the payload's SHA-256;
 * everything on the 签章 sheet — header cells, range rows, the human-readable rows — is only
 * believed as far as it reproduces the signed bytes. So the recomputed payload must match the
 * signature, each recorded range (ref and digest) must match the sheet as it is now, the rows a
 * person reads must say what was signed (signature-sheet.ts, checkDisplayRows), and with the
 * payload file at hand its ranges are the authority on what each sheet held.
 */
import {
  a1,
  ALGORITHM,
  colLetters,
  diffCells,
  FORMAT_TAG,
  fromHex,
  hex,
  jcs,
  normaliseRange,
  payloadBytes,
  rangeBytes,
  refExtent,
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
import { idNumbersIn, type IdNumbersFound } from './personal-data';
import { SM2_ALGORITHM, SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify, type Sm2Keys } from './sm2';
import { checkDisplayRows, type DisplayMismatch, type DisplayRow, type RangeDigest, type SignatureRecord } from './signature-sheet';
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
  /** The workbook's sheets that are not covered (recorded, signed, on the 签章 sheet). */
  notCovered?: { role: SheetRole; sheet: string }[];
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
  /** Covered sheets holding full ID numbers: personal data in the payload file (warn the reviewer). */
  idNumbers: IdNumbersFound[];
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
    ...(input.notCovered?.length ? { notCovered: input.notCovered } : {}),
  };
  const ranges = input.sheets.map((s) => normaliseRange(s.role, s.extracted.sheet, s.extracted.values));
  const payload: Payload = { ...header, ranges };
  const bytes = payloadBytes(payload);
  const cms = await createDetachedCms(bytes, input.key, input.cert.der, now);
  // What we write must pass our own (strict) check, or the reviewer would hand over a workbook
  // that does not verify — e.g. a certificate that is not strict DER.
  const self = await verifyDetachedCms(cms, bytes);
  if (!self.ok || self.signer?.sha256 !== input.cert.sha256) {
    throw new SigningError(`签名未通过自检：${self.reasons.join('；') || '签名数据中的证书与签名人证书不同'}`);
  }
  const sm2Signature = input.sm2 ? sm2Sign(bytes, input.sm2) : undefined;
  const record: SignatureRecord = {
    header,
    payloadSha256: await sha256Hex(bytes),
    ranges: await rangeDigests(ranges),
    cmsBase64: toBase64(cms),
    certPem: input.cert.pem,
    ...(sm2Signature ? { sm2SignatureHex: hex(sm2Signature) } : {}),
  };
  return {
    ok: true,
    output: { payload, payloadBytes: bytes, cms, record, idNumbers: idNumbersIn(ranges), ...(sm2Signature ? { sm2Signature } : {}) },
  };
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
  /** Rows now beyond the signed region, e.g. "A451:E451". */
  extraRows?: string;
  /** Columns now beyond the signed region, e.g. "F1:F450". */
  extraColumns?: string;
  /** The cells holding a value in those rows/columns (at most 20 listed). */
  extraCells?: string[];
  /** Rows/columns of the signed region that are now empty, e.g. "A450:E450". */
  emptiedRows?: string;
  emptiedColumns?: string;
  /** Formulas without a cached value: their value cannot be checked. */
  uncheckableCells?: string[];
  /** The region the 签章 sheet records, when it is not the signed one (the sheet was edited). */
  recordedRef?: string;
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
  signer: {
    name: string;
    organisation: string;
    fingerprint: string;
    certSha256: string;
    /** The certificate's own CN and O (the name may differ: `sign --signer`). */
    certCommonName?: string;
    certOrganisation?: string;
  } | null;
  signedAt: string | null;
  format: string | null;
  sheets: SheetVerdict[];
  /** Sheets of the workbook left out at signing (signed record; empty when all were covered). */
  notCovered: { role: SheetRole; sheet: string }[];
  /** Human-readable rows of the 签章 sheet that do not say what was signed. */
  signatureSheetMismatches: DisplayMismatch[];
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
  /** The human-readable rows of the 签章 sheet (parseSignatureRows), to compare with the record. */
  display?: DisplayRow[];
  /** The 签章 sheet's name, for messages. */
  signatureSheet?: string;
}

/** A report for a workbook that cannot be verified at all (no 签章 sheet, unreadable record). */
export function emptyReport(reasons: string[] = []): VerifyReport {
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
    notCovered: [],
    signatureSheetMismatches: [],
    reasons,
    notes: [],
  };
}

const MAX_LISTED = 20;

function rowsText(from: number, to: number): string {
  return from === to ? `第 ${from} 行` : `第 ${from}–${to} 行`;
}

function colsText(from: number, to: number): string {
  return from === to ? `${colLetters(from - 1)} 列` : `${colLetters(from - 1)}–${colLetters(to - 1)} 列`;
}

/**
 * Where the region now differs from the signed one (issue 8, item 11): rows or columns added
 * (and which of their cells hold a value) or emptied — so "A1:E450 signed, A1:E451 now" names
 * row 451 instead of passing.
 */
function extentDifference(signedRef: string, current: SignedRange): Partial<SheetVerdict> {
  const s = refExtent(signedRef);
  const c = refExtent(current.ref);
  if (!s || !c) return {};
  const out: Partial<SheetVerdict> = {};
  const last = (rows: number, cols: number) => a1(rows - 1, cols - 1);
  if (c.rows > s.rows) out.extraRows = `A${s.rows + 1}:${last(c.rows, c.cols)}`;
  if (c.cols > s.cols) out.extraColumns = `${colLetters(s.cols)}1:${last(Math.min(s.rows, c.rows), c.cols)}`;
  if (c.rows < s.rows) out.emptiedRows = `A${c.rows + 1}:${last(s.rows, s.cols)}`;
  if (c.cols < s.cols) out.emptiedColumns = `${colLetters(c.cols)}1:${last(Math.min(s.rows, c.rows), s.cols)}`;
  if (out.extraRows || out.extraColumns) {
    const cells: string[] = [];
    current.cells.forEach((row, r) =>
      row.forEach((v, col) => {
        if (v !== null && (r >= s.rows || col >= s.cols)) cells.push(a1(r, col));
      }),
    );
    out.extraCells = cells;
  }
  return out;
}

function extentText(v: SheetVerdict): string {
  const s = refExtent(v.signedRef);
  const c = v.currentRef ? refExtent(v.currentRef) : null;
  if (!s || !c) return '';
  const parts: string[] = [];
  if (v.extraRows) parts.push(`多出${rowsText(s.rows + 1, c.rows)}（${v.extraRows}）`);
  if (v.extraColumns) parts.push(`多出 ${colsText(s.cols + 1, c.cols)}（${v.extraColumns}）`);
  if (v.extraCells?.length) {
    const shown = v.extraCells.slice(0, MAX_LISTED).join('、');
    parts.push(`其中有值的单元格：${shown}${v.extraCells.length > MAX_LISTED ? ` 等 ${v.extraCells.length} 个` : ''}`);
  }
  if (v.emptiedRows) parts.push(`签名时的${rowsText(c.rows + 1, s.rows)}现已为空（${v.emptiedRows}）`);
  if (v.emptiedColumns) parts.push(`签名时的 ${colsText(c.cols + 1, s.cols)}现已为空（${v.emptiedColumns}）`);
  return parts.join('，');
}

/** The payload file parsed, when it is JSON with ranges (not yet checked against the signature). */
function parsePayload(bytes: Uint8Array): Payload | null {
  try {
    const p = JSON.parse(new TextDecoder().decode(bytes)) as Payload;
    return p && Array.isArray(p.ranges) ? p : null;
  } catch {
    return null;
  }
}

export async function verifySheets(input: VerifyInput): Promise<VerifyReport> {
  const { record } = input;
  const report = emptyReport();
  report.format = record.header.format;
  report.signedAt = record.header.signedAt;
  report.notCovered = record.header.notCovered ?? [];
  const sheetName = input.signatureSheet ?? '签章';

  // 1. The signature: strictly read; its signer certificate and message digest.
  let cmsDer: Uint8Array | null = null;
  try {
    cmsDer = fromBase64(record.cmsBase64);
  } catch {
    report.reasons.push('签名数据已损坏或被截断（不是有效的 base64）');
  }
  const cms = cmsDer ? await verifyDetachedCms(cmsDer) : null;
  if (cms && !cms.ok) report.reasons.push(...cms.reasons);
  if (cms?.signer) {
    report.signer = {
      name: record.header.signer.name,
      organisation: record.header.signer.organisation,
      fingerprint: cms.signer.fingerprint,
      certSha256: cms.signer.sha256,
      certCommonName: cms.signer.commonName,
      certOrganisation: cms.signer.organisation,
    };
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
    // The signed organisation is the certificate's O (sign takes it from there; no option changes it).
    if (record.header.signer.organisation !== cms.signer.organisation) {
      report.reasons.push(
        `签名内容所记的单位「${record.header.signer.organisation}」与签名人证书上的单位（O）「${cms.signer.organisation}」不符`,
      );
    }
    // The name may be given at signing (--signer): signed, but say what the certificate says.
    if (record.header.signer.name !== cms.signer.commonName) {
      report.notes.push(`签名人姓名「${record.header.signer.name}」是签名时填写的，证书上的姓名（CN）是「${cms.signer.commonName}」`);
    }
  }
  report.signatureValid = Boolean(cms?.parsed && cms.signatureValid && report.reasons.length === 0);

  // 2. The payload file, when at hand: it must be the signed bytes; then it is the authority on
  //    what each sheet held (a recorded range that disagrees means the 签章 sheet was edited).
  let signedPayload: Payload | null = null;
  let payloadTrusted = false;
  if (input.payloadFile) {
    const fileDigest = await sha256Hex(input.payloadFile);
    if (cms?.messageDigest && fileDigest !== cms.messageDigest) {
      report.reasons.push('载荷文件不是本工作簿签名的内容（摘要不符：可能来自另一份工作簿或被改动），未用它比较单元格');
    } else {
      signedPayload = parsePayload(input.payloadFile);
      if (!signedPayload) report.reasons.push('载荷文件不是有效的签名内容 JSON');
      payloadTrusted = Boolean(signedPayload && cms?.signatureValid && fileDigest === cms.messageDigest);
    }
  }
  const signedRangeOf = (r: RangeDigest) => signedPayload?.ranges.find((p) => p.sheet === r.sheet && p.role === r.role);

  // 3. The current content, recomputed, sheet by sheet, and the payload it makes.
  const current: SignedRange[] = [];
  const currentByIndex = new Map<number, SignedRange>();
  const rows: { r: RangeDigest; ex: ExtractedSheet | null; range: SignedRange | null; digest: string | null }[] = [];
  for (const [i, r] of record.ranges.entries()) {
    const ex = input.current(r.sheet);
    const range = ex ? normaliseRange(r.role, r.sheet, ex.values) : null;
    if (range) {
      current.push(range);
      currentByIndex.set(i, range);
    }
    rows.push({ r, ex, range, digest: range ? await sha256Hex(rangeBytes(range)) : null });
  }
  const payload: Payload = { ...record.header, ranges: current };
  const bytes = payloadBytes(payload);
  const recomputed = await sha256Hex(bytes);
  // The workbook as it is now is exactly what was signed.
  const asSigned = Boolean(cms?.signatureValid && cms.messageDigest === recomputed);

  for (const { r, ex, range, digest } of rows) {
    let signedRef = r.ref;
    let signedDigest = r.sha256;
    const authority = payloadTrusted ? signedRangeOf(r) : undefined;
    if (authority) {
      signedRef = authority.ref;
      signedDigest = await sha256Hex(rangeBytes(authority));
    } else if (asSigned && range) {
      // The workbook reproduces the signed payload: each sheet as it is now is what was signed.
      signedRef = range.ref;
      signedDigest = digest!;
    }
    if ((authority || asSigned) && signedRef !== r.ref) {
      report.reasons.push(`签章工作表记载的「${r.sheet}」签名区域与签名内容不符（签名时为 ${signedRef}，签章工作表记为 ${r.ref}：签章工作表被改动）`);
    } else if ((authority || asSigned) && signedDigest !== r.sha256) {
      report.reasons.push(`签章工作表记载的「${r.sheet}」摘要与签名内容不符（签章工作表被改动）`);
    } else if (payloadTrusted && !authority) {
      report.reasons.push(`签章工作表记载的工作表「${r.sheet}」不在签名内容中（签章工作表被改动）`);
    }
    if (!ex || !range) {
      report.sheets.push({ sheet: r.sheet, role: r.role, signedRef, currentRef: null, status: 'missing' });
      continue;
    }
    const uncheckable = ex.issues.filter((x: ExtractIssue) => x.kind === 'no-cached-value').map((x) => x.cell);
    const verdict: SheetVerdict = {
      sheet: r.sheet,
      role: r.role,
      signedRef,
      currentRef: range.ref,
      status: digest === signedDigest && range.ref === signedRef && uncheckable.length === 0 ? 'unchanged' : 'changed',
      ...extentDifference(signedRef, range),
    };
    if (signedRef !== r.ref) verdict.recordedRef = r.ref;
    if (uncheckable.length) verdict.uncheckableCells = uncheckable;
    report.sheets.push(verdict);
  }
  if (payloadTrusted) {
    for (const p of signedPayload!.ranges) {
      if (!record.ranges.some((r) => r.sheet === p.sheet && r.role === p.role)) {
        report.reasons.push(`签名覆盖了工作表「${p.sheet}」（${p.ref}），但签章工作表上没有记载（签章工作表被改动）`);
      }
    }
  }

  // 4. Content unchanged?
  const changed = report.sheets.filter((s) => s.status !== 'unchanged');
  report.unchanged = changed.length === 0 && cms?.messageDigest === recomputed;
  for (const s of changed) {
    if (s.status === 'missing') {
      report.reasons.push(`工作表「${s.sheet}」已不存在（签名时覆盖 ${s.signedRef}）`);
      continue;
    }
    const extent = extentText(s);
    const region = s.currentRef !== s.signedRef ? `区域：签名时 ${s.signedRef}，现为 ${s.currentRef}${extent ? `；${extent}` : ''}` : extent;
    report.reasons.push(`工作表「${s.sheet}」的内容已改动${region ? `（${region}）` : ''}`);
    for (const cell of s.uncheckableCells ?? []) {
      report.reasons.push(`工作表「${s.sheet}」单元格 ${cell} 是没有计算结果（缓存值）的公式，无法核对它的值（打开时 Excel 会算出一个值）`);
    }
  }
  if (changed.length === 0 && cms?.messageDigest && cms.messageDigest !== recomputed && cms.signatureValid) {
    report.reasons.push('签章工作表上记载的签名信息（签名人、时间、格式、签名范围等）被改动，与签名内容不符');
  }

  // 4b. The SM2-SM3 second signature, when there is one.
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

  // 5. With the payload file: name the changed cells.
  if (signedPayload) {
    for (const verdict of report.sheets) {
      if (verdict.status !== 'changed') continue;
      const idx = record.ranges.findIndex((r) => r.sheet === verdict.sheet && r.role === verdict.role);
      const before = signedRangeOf(record.ranges[idx]);
      const after = currentByIndex.get(idx);
      if (before && after) verdict.cells = diffCells(before.cells, after.cells);
    }
  } else if (!input.payloadFile && changed.some((s) => s.status === 'changed')) {
    report.notes.push('提供载荷文件（--payload X.payload.json）可列出改动的单元格及其原值和现值');
  }

  // 6. Trust.
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

  // 7. The rows a person reads on the 签章 sheet must say what was signed.
  if (input.display) {
    report.signatureSheetMismatches = checkDisplayRows(record, input.display, sheetName, cms?.signer);
    report.reasons.push(...report.signatureSheetMismatches.map((m) => m.message));
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
