/**
 * Import a PKCS#12 file (.p12/.pfx) as OpenSSL 3 writes it — PBES2 (PBKDF2 + AES) for the key
 * and the certificates, HMAC-SHA-256 integrity — into a NON-extractable WebCrypto signing key and
 * its certificate. Legacy files (PBE-SHA1-3DES, RC2-40, as OpenSSL 1.x and old Windows exports
 * write them) are recognised and refused with a Chinese message saying how to convert them.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBufferOf } from './canonical';
import { certInfo, EC_ALG, keyMatchesCert, SigningError, subtle, type CertInfo } from './keys';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  legacyPrefix: '1.2.840.113549.1.12.1.',
} as const;

export const LEGACY_P12_MESSAGE =
  '此 PKCS#12 文件使用旧式加密（3DES 或 RC2，OpenSSL 1.x 或旧版 Windows 导出），浏览器无法读取。' +
  '请用 OpenSSL 3 转换后再导入：openssl pkcs12 -in old.p12 -nodes | openssl pkcs12 -export -out new.p12' +
  '（旧文件若报错 unsupported，在第一条命令后加 -legacy）。';

export class LegacyPkcs12Error extends SigningError {
  constructor() {
    super(LEGACY_P12_MESSAGE);
  }
}

const ab = arrayBufferOf;

function checkAlgorithm(oid: string): void {
  if (oid.startsWith(OID.legacyPrefix)) throw new LegacyPkcs12Error();
  if (oid !== OID.pbes2) throw new SigningError(`PKCS#12 文件使用了不支持的加密算法（${oid}）`);
}

export interface ImportedP12 {
  key: CryptoKey;
  cert: CertInfo;
}

/** Parse a .p12/.pfx with its password; the key is imported non-extractable (sign only). */
export async function importPkcs12(bytes: Uint8Array, password: string, extractable = false): Promise<ImportedP12> {
  const pwd = ab(new TextEncoder().encode(password));
  let pfx: pkijs.PFX;
  try {
    const parsed = asn1js.fromBER(ab(bytes));
    if (parsed.offset === -1) throw new Error('ber');
    pfx = new pkijs.PFX({ schema: parsed.result });
  } catch {
    throw new SigningError('文件不是有效的 PKCS#12（.p12/.pfx）文件');
  }
  try {
    await pfx.parseInternalValues({ password: pwd, checkIntegrity: true });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    if (/integrity|password|MAC|verif/i.test(m)) throw new SigningError('PKCS#12 密码错误（完整性校验未通过）');
    throw new SigningError(`PKCS#12 文件无法读取：${m}`);
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new SigningError('PKCS#12 文件中没有内容');
  // Refuse legacy encryption before trying to decrypt (pkijs only knows PBES2).
  const params = safe.safeContents.map((ci) => {
    if (ci.contentType === OID.encryptedData) {
      // On a copy: pkijs rewrites the implicit tags of the schema it parses.
      const ed = new pkijs.EncryptedData({ schema: asn1js.fromBER(ci.content.toBER(false)).result });
      checkAlgorithm(ed.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId);
      return { password: pwd };
    }
    if (ci.contentType !== OID.data) throw new SigningError('PKCS#12 文件使用了公钥加密的内容，无法导入');
    return {};
  });
  try {
    await safe.parseInternalValues({ safeContents: params });
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError('PKCS#12 文件无法解密（密码错误或格式不支持）');
  }
  let keyInfo: pkijs.PrivateKeyInfo | null = null;
  const certs: pkijs.Certificate[] = [];
  for (const sc of safe.parsedValue?.safeContents ?? []) {
    for (const bag of sc.value.safeBags) {
      if (bag.bagId === OID.shroudedKeyBag) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        checkAlgorithm(shrouded.encryptionAlgorithm.algorithmId);
        try {
          // protected in pkijs's typings, public at run time (it is how pkijs decrypts the bag)
          await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({
            password: pwd,
          });
        } catch {
          throw new SigningError('PKCS#12 中的私钥无法解密（密码错误）');
        }
        keyInfo ??= shrouded.parsedValue ?? null;
      } else if (bag.bagId === OID.keyBag) {
        keyInfo ??= bag.bagValue as pkijs.PrivateKeyInfo;
      } else if (bag.bagId === OID.certBag) {
        const cb = bag.bagValue as pkijs.CertBag;
        if (cb.certId === OID.x509Certificate && cb.parsedValue instanceof pkijs.Certificate) certs.push(cb.parsedValue);
      }
    }
  }
  if (!keyInfo) throw new SigningError('PKCS#12 文件中没有私钥');
  if (certs.length === 0) throw new SigningError('PKCS#12 文件中没有证书');
  let key: CryptoKey;
  try {
    key = await subtle().importKey('pkcs8', keyInfo.toSchema().toBER(), EC_ALG, extractable, ['sign']);
  } catch {
    throw new SigningError('PKCS#12 中的私钥不是 EC P-256（prime256v1）私钥');
  }
  for (const c of certs) {
    const info = await certInfo(new Uint8Array(c.toSchema().toBER()));
    try {
      if (await keyMatchesCert(key, info.der)) return { key, cert: info };
    } catch {
      // a CA certificate of another key type: try the next one
    }
  }
  throw new SigningError('PKCS#12 文件中没有与私钥匹配的证书');
}
