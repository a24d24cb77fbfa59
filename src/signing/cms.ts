/**
 * CMS SignedData (RFC 5652), detached, DER, one signer identified by issuer and serial number,
 * with the signer certificate and the signed attributes content-type, signing-time and
 * message-digest; ECDSA with SHA-256 (RFC 5753). Built and checked with pkijs/asn1js structures,
 * signed through WebCrypto, so `openssl cms -verify -binary -inform DER` accepts the result.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBufferOf, hex, sha256 } from './canonical';
import { certInfo, certPublicKey, derToP1363, p1363ToDer, SIGN_ALG, subtle, type CertInfo } from './keys';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

const ab = arrayBufferOf;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** CMS signing-time: UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3). */
function timeValue(date: Date): asn1js.BaseBlock {
  const y = date.getUTCFullYear();
  return y >= 1950 && y < 2050 ? new asn1js.UTCTime({ valueDate: date }) : new asn1js.GeneralizedTime({ valueDate: date });
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
  const cert = pkijs.Certificate.fromBER(ab(certDer));
  const digest = await sha256(content);
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [timeValue(signingTime)] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(digest) })] }),
  ];
  // DER: SET OF sorted by encoding (openssl re-encodes the set before verifying).
  attrs.sort((a, b) => compareBytes(new Uint8Array(a.toSchema().toBER()), new Uint8Array(b.toSchema().toBER())));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: attrs });
  const toSign = new Uint8Array(new asn1js.Set({ value: attrs.map((a) => a.toSchema()) }).toBER());
  const raw = new Uint8Array(await subtle().sign(SIGN_ALG, key, ab(toSign)));
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
    signature: new asn1js.OctetString({ valueHex: ab(p1363ToDer(raw)) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert],
    signerInfos: [signerInfo],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER());
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

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
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
  let signedData: pkijs.SignedData;
  try {
    const parsed = asn1js.fromBER(ab(cmsDer));
    if (parsed.offset === -1 || parsed.offset !== cmsDer.length) throw new Error('ber');
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    if (info.contentType !== OID.signedData) return fail('签名数据不是 CMS SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch {
    return fail('签名数据已损坏或被截断（CMS 结构无法解析）');
  }
  if (signedData.signerInfos.length !== 1) return fail(`签名数据应有一个签名人，实有 ${signedData.signerInfos.length} 个`);
  const si = signedData.signerInfos[0];
  const certs = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = si.sid;
  const cert =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber))
      : undefined;
  if (!cert) return fail('签名数据中找不到签名人的证书（证书被删除或调换）');
  let signer: CertInfo;
  try {
    signer = await certInfo(new Uint8Array(cert.toSchema().toBER()));
  } catch {
    return fail('签名数据中的签名人证书无法解析');
  }
  if (si.digestAlgorithm.algorithmId !== OID.sha256) return fail('摘要算法不是 SHA-256', { signer });
  if (si.signatureAlgorithm.algorithmId !== OID.ecdsaWithSha256) return fail('签名算法不是 ECDSA-with-SHA256', { signer });
  if (!si.signedAttrs) return fail('签名数据缺少签名属性', { signer });
  const attr = (oid: string) => si.signedAttrs!.attributes.find((a) => a.type === oid);
  const ct = attr(OID.contentType)?.values[0];
  if (!(ct instanceof asn1js.ObjectIdentifier) || ct.valueBlock.toString() !== OID.data) {
    return fail('签名属性 content-type 缺失或不是 data', { signer });
  }
  const st = attr(OID.signingTime)?.values[0];
  const signingTime = st instanceof asn1js.UTCTime || st instanceof asn1js.GeneralizedTime ? st.toDate() : undefined;
  const md = attr(OID.messageDigest)?.values[0];
  if (!(md instanceof asn1js.OctetString)) return fail('签名属性 message-digest 缺失', { signer, signingTime });
  const digest = new Uint8Array(md.valueBlock.valueHexView);
  const reasons: string[] = [];
  // Signature over the DER of the signed attributes with the SET tag (RFC 5652 §5.4).
  const encoded = si.signedAttrs.encodedValue.byteLength ? si.signedAttrs.encodedValue : si.signedAttrs.toSchema().toBER();
  const toVerify = new Uint8Array(encoded.slice(0));
  toVerify[0] = 0x31;
  let signatureValid = false;
  try {
    const raw = derToP1363(new Uint8Array(si.signature.valueBlock.valueHexView));
    signatureValid = await subtle().verify(SIGN_ALG, await certPublicKey(signer.der), ab(raw), ab(toVerify));
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
