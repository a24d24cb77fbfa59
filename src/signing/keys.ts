/**
 * Keys and certificates for ECDSA P-256 / SHA-256 through WebCrypto (Node's globalThis.crypto in
 * the CLI, the browser's in the page and the pane): PEM reading (PKCS#8 and SEC1 as openssl
 * writes them), self-signed certificates (@peculiar/x509), fingerprints, and the conversion of
 * WebCrypto's raw r||s signature (IEEE P1363) to/from the DER Ecdsa-Sig-Value that CMS carries.
 * For verification the certificate and the signature value are read with the strict DER reader
 * (der.ts) and used as the original octets: the public key is imported from the certificate's
 * own SubjectPublicKeyInfo bytes, and a signature value with any other encoding than the one DER
 * allows is refused (issue 8, item 9).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { arrayBufferOf, formatFingerprint, hex, sha256 } from './canonical';
import { decodeDer, DerError, encodeSequence, encodeUnsignedInteger, TAG, type Tlv } from './der';

export const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';

export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new SigningError('此环境不支持 WebCrypto（需要 Node 20 或现代浏览器）');
  return s;
}

/** A failure with a Chinese message meant for the user (bad key file, wrong curve, …). */
export class SigningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningError';
  }
}

function provider(): void {
  x509.cryptoProvider.set(globalThis.crypto);
}

// ---- base64 / PEM ----------------------------------------------------------------------------

export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  const u = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let bin = '';
  for (let i = 0; i < u.length; i += 0x8000) bin += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[\s\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw new SigningError('不是有效的 base64 数据');
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function pemBlocks(text: string): { label: string; der: Uint8Array; headers: string }[] {
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  const out: { label: string; der: Uint8Array; headers: string }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    const headers = body.includes(':') ? body.slice(0, body.lastIndexOf(':')) : '';
    const b64 = body.split(/\r?\n/).filter((l) => l.trim() && !l.includes(':')).join('');
    out.push({ label: m[1], der: fromBase64(b64), headers });
  }
  return out;
}

export function toPem(label: string, der: Uint8Array | ArrayBuffer): string {
  const b64 = toBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

// ---- private keys ------------------------------------------------------------------------------

const ab = arrayBufferOf;

/**
 * Wrap a SEC1 ECPrivateKey (`BEGIN EC PRIVATE KEY`, RFC 5915) into PKCS#8 PrivateKeyInfo
 * (RFC 5208) with the id-ecPublicKey / prime256v1 algorithm identifier.
 */
export function sec1ToPkcs8(sec1: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(ab(sec1));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) {
    throw new SigningError('EC 私钥（SEC1）格式无法解析');
  }
  const items = parsed.result.valueBlock.value;
  const params = items.find((i) => i.idBlock.tagClass === 3 && i.idBlock.tagNumber === 0);
  if (params instanceof asn1js.Constructed) {
    const oid = params.valueBlock.value[0];
    if (oid instanceof asn1js.ObjectIdentifier && oid.valueBlock.toString() !== OID_P256) {
      throw new SigningError(`私钥不是 P-256（prime256v1）曲线，而是 ${oid.valueBlock.toString()}`);
    }
  }
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID_EC_PUBLIC_KEY }), new asn1js.ObjectIdentifier({ value: OID_P256 })],
      }),
      new asn1js.OctetString({ valueHex: ab(sec1) }),
    ],
  });
  return new Uint8Array(info.toBER());
}

/** Import a PEM private key (PKCS#8 or SEC1, unencrypted, EC P-256) as a signing CryptoKey. */
export async function importPrivateKeyPem(pem: string, extractable = false): Promise<CryptoKey> {
  const blocks = pemBlocks(pem);
  if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(b.headers))) {
    throw new SigningError('私钥文件已加密；请先解密：openssl pkey -in 加密.pem -out key.pem');
  }
  const p8 = blocks.find((b) => b.label === 'PRIVATE KEY');
  const sec1 = blocks.find((b) => b.label === 'EC PRIVATE KEY');
  let der: Uint8Array;
  if (p8) der = p8.der;
  else if (sec1) der = sec1ToPkcs8(sec1.der);
  else throw new SigningError('没有找到私钥：需要 PEM 格式的「BEGIN PRIVATE KEY」（PKCS#8）或「BEGIN EC PRIVATE KEY」（SEC1）');
  try {
    return await subtle().importKey('pkcs8', ab(der), EC_ALG, extractable, ['sign']);
  } catch {
    throw new SigningError('私钥无法导入：需要 EC P-256（prime256v1）私钥');
  }
}

// ---- certificates ----------------------------------------------------------------------------

export interface CertInfo {
  der: Uint8Array;
  pem: string;
  /** SHA-256 of the DER, lowercase hex. */
  sha256: string;
  /** Same, as AB:CD:… (what openssl x509 -fingerprint -sha256 shows). */
  fingerprint: string;
  commonName: string;
  organisation: string;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
}

export { formatFingerprint };

export async function certInfo(derOrPem: Uint8Array | string): Promise<CertInfo> {
  provider();
  let der: Uint8Array;
  if (typeof derOrPem === 'string') {
    const block = pemBlocks(derOrPem).find((b) => b.label === 'CERTIFICATE');
    if (!block) throw new SigningError('没有找到证书：需要 PEM 格式的「BEGIN CERTIFICATE」');
    der = block.der;
  } else der = derOrPem;
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(ab(der));
  } catch {
    throw new SigningError('证书无法解析');
  }
  const digest = hex(await sha256(der));
  const first = (type: string) => cert.subjectName.getField(type)[0] ?? '';
  return {
    der,
    pem: toPem('CERTIFICATE', der),
    sha256: digest,
    fingerprint: formatFingerprint(digest),
    commonName: first('CN'),
    organisation: first('O'),
    subject: cert.subject,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    serialNumber: cert.serialNumber,
  };
}

/** One field of a certificate with the expected shape, or DerError naming it. */
function certField(tlv: Tlv | undefined, tag: number, what: string, at: number): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(tlv?.offset ?? at, `证书的${what}缺失或类型不对`);
  return tlv;
}

/** AlgorithmIdentifier: SEQUENCE { OID, parameters OPTIONAL }. */
function certAlgorithm(tlv: Tlv | undefined, what: string, at: number): void {
  const seq = certField(tlv, TAG.sequence, what, at);
  if (seq.children.length < 1 || seq.children.length > 2 || seq.children[0].tag !== TAG.oid) throw new DerError(seq.offset, `证书的${what}结构不对`);
}

/** Name: SEQUENCE OF RelativeDistinguishedName (SET OF SEQUENCE { OID, string }). */
function certName(tlv: Tlv | undefined, what: string, at: number): Tlv {
  const name = certField(tlv, TAG.sequence, what, at);
  for (const rdn of name.children) {
    if (rdn.tag !== TAG.set || rdn.children.length === 0) throw new DerError(rdn.offset, `证书的${what}结构不对`);
    for (const atv of rdn.children) {
      const [type, value, ...more] = atv.children;
      if (atv.tag !== TAG.sequence || type?.tag !== TAG.oid || !value || value.constructed || (value.tag & 0xc0) !== 0 || more.length) {
        throw new DerError(atv.offset, `证书的${what}结构不对`);
      }
    }
  }
  return name;
}

/**
 * The parts of an X.509 certificate (RFC 5280 §4.1) the signature checks use, as views of the
 * original octets: the whole certificate, its issuer Name and serialNumber (to match the CMS
 * signer identifier byte for byte) and its SubjectPublicKeyInfo (imported as is, never
 * re-encoded). The certificate must be strict DER (der.ts) with the X.509 shape — every
 * field's type checked, as OpenSSL does when it reads one; throws DerError otherwise.
 */
export function certificateParts(der: Uint8Array): { tlv: Tlv; issuer: Tlv; serial: Tlv; spki: Tlv } {
  const tlv = decodeDer(der);
  if (tlv.tag !== TAG.sequence || tlv.children.length !== 3) throw new DerError(tlv.offset, '不是 X.509 证书的结构');
  const [tbs, sigAlg, sigValue] = tlv.children;
  certField(tbs, TAG.sequence, '待签部分（tbsCertificate）', tlv.offset);
  certAlgorithm(sigAlg, '签名算法', tbs.offset);
  certField(sigValue, TAG.bitString, '签名值', tbs.offset);
  const f = tbs.children;
  let i = 0;
  if (f[0]?.tag === 0xa0) {
    const [v, ...more] = f[0].children; // [0] EXPLICIT Version (v1 when absent)
    if (v?.tag !== TAG.integer || v.content.length !== 1 || v.content[0] > 2 || more.length) throw new DerError(f[0].offset, '证书的版本号不对');
    i = 1;
  }
  const at = tbs.offset;
  const serial = certField(f[i++], TAG.integer, '序列号', at);
  certAlgorithm(f[i++], '待签部分的签名算法', at);
  const issuer = certName(f[i++], '颁发者', at);
  const validity = certField(f[i++], TAG.sequence, '有效期', at);
  if (validity.children.length !== 2 || validity.children.some((t) => t.tag !== TAG.utcTime && t.tag !== TAG.generalizedTime)) {
    throw new DerError(validity.offset, '证书的有效期结构不对');
  }
  certName(f[i++], '主题', at);
  const spki = certField(f[i++], TAG.sequence, '公钥（SubjectPublicKeyInfo）', at);
  if (spki.children.length !== 2 || spki.children[1].tag !== TAG.bitString) throw new DerError(spki.offset, '证书的公钥结构不对');
  certAlgorithm(spki.children[0], '公钥算法', spki.offset);
  if (f[i]?.tag === 0x81) i++; // issuerUniqueID [1] IMPLICIT BIT STRING
  if (f[i]?.tag === 0x82) i++; // subjectUniqueID [2]
  if (f[i]?.tag === 0xa3) {
    const [exts, ...more] = f[i].children; // [3] EXPLICIT Extensions
    if (exts?.tag !== TAG.sequence || exts.children.length === 0 || more.length) throw new DerError(f[i].offset, '证书的扩展结构不对');
    for (const ext of exts.children) {
      const c = ext.children;
      const ok =
        ext.tag === TAG.sequence &&
        c[0]?.tag === TAG.oid &&
        ((c.length === 2 && c[1].tag === TAG.octetString) || (c.length === 3 && c[1].tag === TAG.boolean && c[1].content[0] === 0xff && c[2].tag === TAG.octetString)); // DEFAULT FALSE is omitted in DER
      if (!ok) throw new DerError(ext.offset, '证书的扩展结构不对');
    }
    i++;
  }
  if (i !== f.length) throw new DerError(f[i].offset, '证书的待签部分末尾有多余的项');
  return { tlv, issuer, serial, spki };
}

/** A SubjectPublicKeyInfo (its original octets) as a WebCrypto ECDSA P-256 verification key. */
export async function spkiPublicKey(spki: Uint8Array): Promise<CryptoKey> {
  try {
    return await subtle().importKey('spki', ab(spki.slice()), EC_ALG, true, ['verify']);
  } catch {
    throw new SigningError('签名人证书的公钥不是 EC P-256');
  }
}

/** The certificate's public key as a WebCrypto verification key (EC P-256 required). */
export async function certPublicKey(der: Uint8Array): Promise<CryptoKey> {
  let spki: Uint8Array;
  try {
    spki = certificateParts(der).spki.bytes;
  } catch (e) {
    throw new SigningError(`证书不是严格的 DER 编码（${e instanceof Error ? e.message : String(e)}）`);
  }
  return spkiPublicKey(spki);
}

/** True when the private key belongs to the certificate (sign a probe, verify with the cert). */
export async function keyMatchesCert(key: CryptoKey, certDer: Uint8Array): Promise<boolean> {
  const probe = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const sig = await subtle().sign(SIGN_ALG, key, probe);
  return subtle().verify(SIGN_ALG, await certPublicKey(certDer), sig, probe);
}

/** Escape an RDN value for the x509 string name form. */
function rdn(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1').replace(/^ | $/g, '\\ ');
}

/**
 * A fresh EC P-256 key pair and a self-signed certificate (CN = name, O = organisation, 10 years,
 * digitalSignature + nonRepudiation). `extractable: false` for the pane (kept in IndexedDB).
 */
export async function generateSelfSigned(
  name: string,
  organisation: string,
  options: { extractable?: boolean; now?: Date; years?: number } = {},
): Promise<{ keys: CryptoKeyPair; cert: CertInfo }> {
  provider();
  const keys = (await subtle().generateKey(EC_ALG, options.extractable ?? true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.years ?? 10));
  const serial = hex(globalThis.crypto.getRandomValues(new Uint8Array(16))).replace(/^[89a-f]/, '1');
  const subjectName = `CN=${rdn(name)}${organisation ? `, O=${rdn(organisation)}` : ''}`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: subjectName,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN_ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keys, cert: await certInfo(new Uint8Array(cert.rawData)) };
}

export async function exportPkcs8Pem(key: CryptoKey): Promise<string> {
  return toPem('PRIVATE KEY', await subtle().exportKey('pkcs8', key));
}

// ---- ECDSA signature formats ----------------------------------------------------------------------

/** The order n of the P-256 group (SEC 2 §2.4.2): r and s of a signature lie in [1, n − 1]. */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** WebCrypto's raw r||s (IEEE P1363, 64 bytes for P-256) → DER Ecdsa-Sig-Value (RFC 3279). */
export function p1363ToDer(raw: Uint8Array): Uint8Array {
  if (raw.length % 2 !== 0) throw new SigningError('ECDSA 签名长度不对');
  const half = raw.length / 2;
  return encodeSequence(encodeUnsignedInteger(raw.subarray(0, half)), encodeUnsignedInteger(raw.subarray(half)));
}

/**
 * DER Ecdsa-Sig-Value → raw r||s of `size` bytes each (32 for P-256). Strict, as OpenSSL is
 * (it re-encodes the value and compares): exactly SEQUENCE { INTEGER r, INTEGER s } in DER —
 * shortest lengths, no trailing bytes, integers without redundant leading octets, positive,
 * and (for P-256) below the group order. Anything else is not "the same signature".
 */
export function derToP1363(der: Uint8Array, size = 32): Uint8Array {
  let seq: Tlv;
  try {
    seq = decodeDer(der);
  } catch (e) {
    throw new SigningError(`ECDSA 签名值不是有效的 DER 结构（${e instanceof Error ? e.message : String(e)}）`);
  }
  if (seq.tag !== TAG.sequence || seq.children.length !== 2) throw new SigningError('ECDSA 签名值不是有效的 DER 结构');
  const out = new Uint8Array(size * 2);
  seq.children.forEach((item, i) => {
    if (item.tag !== TAG.integer) throw new SigningError('ECDSA 签名值不是有效的 DER 结构');
    let v = item.content;
    if (v[0] & 0x80) throw new SigningError('ECDSA 签名值含负数');
    if (v[0] === 0 && v.length > 1) v = v.subarray(1); // the sign octet of a value with its top bit set
    if (v.length > size) throw new SigningError('ECDSA 签名值过长');
    const n = BigInt(`0x${hex(v) || '0'}`);
    if (n === 0n || (size === 32 && n >= P256_ORDER)) throw new SigningError('ECDSA 签名值超出范围');
    out.set(v, i * size + (size - v.length));
  });
  return out;
}
