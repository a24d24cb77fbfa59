/**
 * CMS SignedData (RFC 5652), detached, DER, one signer identified by issuer and serial number,
 * with the signer certificate and the signed attributes content-type, signing-time and
 * message-digest; ECDSA with SHA-256 (RFC 5753), signed through WebCrypto, so
 * `openssl cms -verify -binary -inform DER` accepts the result.
 *
 * Both directions work on the bytes themselves (der.ts), not on pkijs objects:
 *  - signing embeds the signer certificate exactly as given (a re-encoding could differ from
 *    the bytes whose SHA-256 the payload records);
 *  - verifying reads the structure with the strict DER reader and checks every field against
 *    the one profile we write. The certificate is hashed and its public key taken from the
 *    original octets, and the signature is checked over the original octets of the signed
 *    attributes (with the SET tag, RFC 5652 §5.4) — never over a re-encoding, so an altered
 *    encoding cannot verify like the original (issue 8, item 9). Anything OpenSSL rejects is
 *    rejected here too (test/signing/flip.test.ts runs both over every byte flip).
 */
import { hex, sha256 } from './canonical';
import {
  bytesEqual,
  checkSetOrder,
  contextTag,
  decodeDer,
  DerError,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSetOf,
  encodeSmallInteger,
  encodeTime,
  encodeTlv,
  oidText,
  TAG,
  timeValue,
  type Tlv,
} from './der';
import { certificateParts, certInfo, derToP1363, p1363ToDer, SIGN_ALG, spkiPublicKey, subtle, SigningError, type CertInfo } from './keys';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const ab = (u: Uint8Array): ArrayBuffer => u.slice().buffer as ArrayBuffer;

/** AlgorithmIdentifier without parameters (RFC 5754 §2 for SHA-256, RFC 5758 §3.2 for ECDSA). */
function algorithm(oid: string): Uint8Array {
  return encodeSequence(encodeOid(oid));
}

/**
 * Detached CMS SignedData over `content`. `signingTime` is whole seconds (as in the payload).
 * The key is not checked against the certificate here (the callers do; tests rely on it).
 */
export async function createDetachedCms(
  content: Uint8Array,
  key: CryptoKey,
  certDer: Uint8Array,
  signingTime: Date,
): Promise<Uint8Array> {
  let parts: ReturnType<typeof certificateParts>;
  try {
    parts = certificateParts(certDer);
  } catch (e) {
    throw new SigningError(`签名人证书不是严格的 DER 编码，不能用于签章（${e instanceof Error ? e.message : String(e)}）`);
  }
  const digest = await sha256(content);
  const attribute = (oid: string, value: Uint8Array) => encodeSequence(encodeOid(oid), encodeSetOf([value]));
  const attrs = [
    attribute(OID.contentType, encodeOid(OID.data)),
    attribute(OID.signingTime, encodeTime(signingTime)),
    attribute(OID.messageDigest, encodeOctetString(digest)),
  ];
  // Signed over the DER SET OF (tag 0x31), carried as [0] IMPLICIT: the same octets but the tag.
  const toSign = encodeSetOf(attrs);
  const signedAttrs = encodeSetOf(attrs, contextTag(0));
  const raw = new Uint8Array(await subtle().sign(SIGN_ALG, key, ab(toSign)));
  const signerInfo = encodeSequence(
    encodeSmallInteger(1),
    encodeSequence(parts.issuer.bytes, parts.serial.bytes),
    algorithm(OID.sha256),
    signedAttrs,
    algorithm(OID.ecdsaWithSha256),
    encodeOctetString(p1363ToDer(raw)),
  );
  const signedData = encodeSequence(
    encodeSmallInteger(1),
    encodeSetOf([algorithm(OID.sha256)]),
    encodeSequence(encodeOid(OID.data)),
    encodeTlv(contextTag(0), parts.tlv.bytes),
    encodeSetOf([signerInfo]),
  );
  return encodeSequence(encodeOid(OID.signedData), encodeTlv(contextTag(0), signedData));
}

export interface CmsCheck {
  /** Structure parsed, signature valid over the signed attributes, and (when content given) digest matches. */
  ok: boolean;
  /** The CMS structure could be read. */
  parsed: boolean;
  /** The signature over the signed attributes verifies with the enclosed signer certificate. */
  signatureValid: boolean;
  /** The message-digest attribute (SHA-256 of the signed content), lowercase hex. */
  messageDigest?: string;
  /** Chinese reasons when not ok. */
  reasons: string[];
  signer?: CertInfo;
  signingTime?: Date;
}

/** A departure from the profile we write (not a DER error): the reason is said as is. */
class ProfileError extends Error {}

function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new ProfileError(`签名数据的结构不对：${what}缺失或类型不对`);
  return tlv;
}

function expectCount(tlv: Tlv, n: number, what: string): Tlv[] {
  if (tlv.children.length !== n) throw new ProfileError(`签名数据的结构不对：${what}应有 ${n} 项，实有 ${tlv.children.length} 项`);
  return tlv.children;
}

function expectVersion(tlv: Tlv | undefined, what: string): void {
  const v = expectTag(tlv, TAG.integer, what);
  if (v.content.length !== 1 || v.content[0] !== 1) throw new ProfileError(`${what}不是 1`);
}

/** AlgorithmIdentifier with this OID; parameters absent, or NULL where `nullAllowed`. */
function expectAlgorithm(tlv: Tlv | undefined, oid: string, nullAllowed: boolean, reason: string): void {
  const seq = expectTag(tlv, TAG.sequence, '算法标识');
  const [id, params, ...more] = seq.children;
  if (!id || id.tag !== TAG.oid || oidText(id) !== oid || more.length) throw new ProfileError(reason);
  if (params && !(nullAllowed && params.tag === TAG.null)) throw new ProfileError(`${reason}（算法参数不对）`);
}

interface ParsedCms {
  cert: Tlv;
  sid: Tlv;
  signedAttrs: Tlv;
  signature: Tlv;
}

/** The SignedData of our profile, field by field; throws ProfileError for anything else. */
function readProfile(root: Tlv): ParsedCms {
  const [type, wrapped] = expectCount(expectTag(root, TAG.sequence, 'ContentInfo'), 2, 'ContentInfo');
  if (expectTag(type, TAG.oid, 'contentType') && oidText(type) !== OID.signedData) throw new ProfileError('签名数据不是 CMS SignedData');
  const [sd] = expectCount(expectTag(wrapped, contextTag(0), 'ContentInfo 的内容'), 1, 'ContentInfo 的内容');
  const fields = expectTag(sd, TAG.sequence, 'SignedData').children;
  let i = 0;
  expectVersion(fields[i++], 'SignedData 的版本');
  const digestAlgorithms = expectTag(fields[i++], TAG.set, 'digestAlgorithms');
  if (digestAlgorithms.children.length !== 1) throw new ProfileError('签名数据应只声明一个摘要算法（SHA-256）');
  expectAlgorithm(digestAlgorithms.children[0], OID.sha256, true, '摘要算法不是 SHA-256');
  const encap = expectTag(fields[i++], TAG.sequence, 'encapContentInfo');
  if (encap.children.length !== 1) throw new ProfileError('签名数据不是分离式签名（内含被签内容）');
  if (encap.children[0].tag !== TAG.oid || oidText(encap.children[0]) !== OID.data) throw new ProfileError('被签内容的类型不是 data');
  const certs = fields[i]?.tag === contextTag(0) ? fields[i++] : undefined;
  if (fields[i]?.tag === contextTag(1)) throw new ProfileError('签名数据中不应有证书吊销列表');
  const signerInfos = expectTag(fields[i++], TAG.set, 'signerInfos');
  if (i !== fields.length) throw new ProfileError('签名数据的结构不对：SignedData 末尾有多余的项');
  if (signerInfos.children.length !== 1) throw new ProfileError(`签名数据应有一个签名人，实有 ${signerInfos.children.length} 个`);
  if (!certs || certs.children.length === 0) throw new ProfileError('签名数据中找不到签名人的证书（证书被删除或调换）');
  if (certs.children.length !== 1) throw new ProfileError(`签名数据应只含签名人的一张证书，实有 ${certs.children.length} 张`);
  const cert = expectTag(certs.children[0], TAG.sequence, '证书');
  const si = expectTag(signerInfos.children[0], TAG.sequence, 'SignerInfo').children;
  if (si.length !== 6) {
    throw new ProfileError(si.length === 7 && si[6].tag === contextTag(1) ? '签名数据中不应有未签名属性' : '签名数据的结构不对：SignerInfo 的项数不对');
  }
  expectVersion(si[0], 'SignerInfo 的版本');
  const sid = expectTag(si[1], TAG.sequence, '签名人标识（issuerAndSerialNumber）');
  expectCount(sid, 2, '签名人标识');
  expectTag(sid.children[0], TAG.sequence, '签名人标识的颁发者');
  expectTag(sid.children[1], TAG.integer, '签名人标识的序列号');
  expectAlgorithm(si[2], OID.sha256, true, '摘要算法不是 SHA-256');
  const signedAttrs = si[3];
  if (signedAttrs.tag !== contextTag(0)) throw new ProfileError('签名数据缺少签名属性');
  expectAlgorithm(si[4], OID.ecdsaWithSha256, false, '签名算法不是 ECDSA-with-SHA256');
  const signature = expectTag(si[5], TAG.octetString, '签名值');
  return { cert, sid, signedAttrs, signature };
}

/** The three signed attributes, each once with one value, in DER order, nothing else. */
function readAttributes(signedAttrs: Tlv): { digest: Uint8Array; signingTime: Date } {
  checkSetOrder(signedAttrs); // an implicitly tagged SET OF: decodeDer only orders universal SETs
  const values = new Map<string, Tlv>();
  for (const attr of signedAttrs.children) {
    const [type, set, ...more] = expectTag(attr, TAG.sequence, '签名属性').children;
    if (!type || type.tag !== TAG.oid || !set || set.tag !== TAG.set || more.length) throw new ProfileError('签名属性的结构不对');
    const oid = oidText(type);
    if (oid !== OID.contentType && oid !== OID.signingTime && oid !== OID.messageDigest) throw new ProfileError(`签名属性中有不认识的属性（${oid}）`);
    if (values.has(oid)) throw new ProfileError(`签名属性 ${oid} 出现了不止一次`);
    if (set.children.length !== 1) throw new ProfileError(`签名属性 ${oid} 应只有一个值`);
    values.set(oid, set.children[0]);
  }
  const ct = values.get(OID.contentType);
  if (!ct || ct.tag !== TAG.oid || oidText(ct) !== OID.data) throw new ProfileError('签名属性 content-type 缺失或不是 data');
  const st = values.get(OID.signingTime);
  if (!st || (st.tag !== TAG.utcTime && st.tag !== TAG.generalizedTime)) throw new ProfileError('签名属性 signing-time 缺失或不是时间');
  const md = values.get(OID.messageDigest);
  if (!md || md.tag !== TAG.octetString || md.content.length !== 32) throw new ProfileError('签名属性 message-digest 缺失或不是 SHA-256 摘要');
  return { digest: md.content.slice(), signingTime: timeValue(st) };
}

/**
 * Verify a detached CMS SignedData; with `content`, also that it is what was signed.
 * Never throws for bad input: every failure is a Chinese reason.
 */
export async function verifyDetachedCms(cmsDer: Uint8Array, content?: Uint8Array): Promise<CmsCheck> {
  const fail = (reason: string, extra: Partial<CmsCheck> = {}): CmsCheck => ({
    ok: false,
    parsed: extra.signer !== undefined,
    signatureValid: false,
    reasons: [reason],
    ...extra,
  });
  const bytes = cmsDer.slice(); // our own copy: views into it stay as they were checked
  let parsed: ParsedCms;
  try {
    parsed = readProfile(decodeDer(bytes));
  } catch (e) {
    if (e instanceof ProfileError) return fail(e.message);
    if (e instanceof DerError) return fail(`签名数据已损坏或被截断（不是严格的 DER 编码：${e.message}）`);
    return fail('签名数据已损坏或被截断（CMS 结构无法解析）');
  }
  let parts: ReturnType<typeof certificateParts>;
  let signer: CertInfo;
  try {
    parts = certificateParts(parsed.cert.bytes);
    signer = await certInfo(parsed.cert.bytes.slice());
  } catch (e) {
    return fail(`签名数据中的签名人证书无法解析${e instanceof DerError ? `（不是严格的 DER 编码：${e.message}）` : ''}`);
  }
  // The signer is named by the certificate's own issuer and serial octets, compared as bytes.
  if (!bytesEqual(parsed.sid.children[0].bytes, parts.issuer.bytes) || !bytesEqual(parsed.sid.children[1].bytes, parts.serial.bytes)) {
    return fail('签名数据中找不到签名人的证书（证书被删除或调换）');
  }
  let attrs: { digest: Uint8Array; signingTime: Date };
  try {
    attrs = readAttributes(parsed.signedAttrs);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e), { signer });
  }
  const { digest, signingTime } = attrs;
  const reasons: string[] = [];
  // RFC 5652 §5.4: the signature is over the DER SET OF, i.e. these very octets with tag 0x31.
  const toVerify = parsed.signedAttrs.bytes.slice();
  toVerify[0] = TAG.set;
  let signatureValid = false;
  try {
    const raw = derToP1363(parsed.signature.content);
    signatureValid = await subtle().verify(SIGN_ALG, await spkiPublicKey(parts.spki.bytes), ab(raw), ab(toVerify));
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) {
    reasons.push('签名值与签名人证书的公钥不符（用了别的私钥签名，或证书被调换，或签名被改动）');
  }
  if (content && !bytesEqual(digest, await sha256(content))) {
    reasons.push('签名所覆盖内容的摘要与当前内容不符（内容已改动，或签名属于另一份内容）');
  }
  return {
    ok: reasons.length === 0,
    parsed: true,
    signatureValid,
    messageDigest: hex(digest),
    reasons,
    signer,
    signingTime,
  };
}
