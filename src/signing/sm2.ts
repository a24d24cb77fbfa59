/**
 * Optional second signature over the same payload bytes: SM2 with SM3 (GB/T 32918, GM/T 0009)
 * through sm-crypto-v2 — always `{ hash: true, der: true }` and the default user ID
 * 1234567812345678 — verifiable with OpenSSL 3:
 *   openssl pkeyutl -verify -pubin -inkey X.sm2-pub.pem -rawin -digest sm3 \
 *     -in X.payload.json -sigfile X.payload.json.sm2.sig -pkeyopt distid:1234567812345678
 * Keys as PEM: PKCS#8 (`openssl genpkey -algorithm SM2`) or SEC1 (`openssl ecparam -genkey -name SM2`).
 */
import * as asn1js from 'asn1js';
import { sm2 } from 'sm-crypto-v2';
import { arrayBufferOf, fromHex, hex } from './canonical';
import { pemBlocks, SigningError, toPem } from './keys';

export const SM2_ALGORITHM = 'SM2-SM3';
export const SM2_DEFAULT_USER_ID = '1234567812345678';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_SM2 = '1.2.156.10197.1.301';
const OPTIONS = { hash: true, der: true } as const;

export interface Sm2Keys {
  /** d, 64 hex digits */
  privateKey: string;
  /** uncompressed point 04‖x‖y, 130 hex digits */
  publicKey: string;
}

const ab = arrayBufferOf;

export function generateSm2(): Sm2Keys {
  const kp = sm2.generateKeyPairHex();
  return { privateKey: kp.privateKey, publicKey: kp.publicKey };
}

/** SubjectPublicKeyInfo PEM (id-ecPublicKey, curve SM2), as openssl writes it. */
export function sm2PublicKeyPem(publicKey: string): string {
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_EC_PUBLIC_KEY }), new asn1js.ObjectIdentifier({ value: OID_SM2 })] }),
      new asn1js.BitString({ valueHex: ab(fromHex(publicKey)) }),
    ],
  });
  return toPem('PUBLIC KEY', spki.toBER());
}

/** PKCS#8 PEM of an SM2 private key (ECPrivateKey inside, with its public key). */
export function sm2PrivateKeyPem(keys: Sm2Keys): string {
  const ecPrivateKey = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.OctetString({ valueHex: ab(fromHex(keys.privateKey.padStart(64, '0'))) }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.BitString({ valueHex: ab(fromHex(keys.publicKey)) })] }),
    ],
  });
  const info = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 0 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_EC_PUBLIC_KEY }), new asn1js.ObjectIdentifier({ value: OID_SM2 })] }),
      new asn1js.OctetString({ valueHex: ecPrivateKey.toBER() }),
    ],
  });
  return toPem('PRIVATE KEY', info.toBER());
}

function parseEcPrivateKey(der: Uint8Array, curveFromOuter: string | null): Sm2Keys {
  const parsed = asn1js.fromBER(ab(der));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw new SigningError('SM2 私钥格式无法解析');
  const items = parsed.result.valueBlock.value;
  const d = items[1];
  if (!(d instanceof asn1js.OctetString)) throw new SigningError('SM2 私钥格式无法解析');
  let curve = curveFromOuter;
  const params = items.find((i) => i.idBlock.tagClass === 3 && i.idBlock.tagNumber === 0);
  if (params instanceof asn1js.Constructed && params.valueBlock.value[0] instanceof asn1js.ObjectIdentifier) {
    curve = params.valueBlock.value[0].valueBlock.toString();
  }
  if (curve !== null && curve !== OID_SM2) throw new SigningError(`不是 SM2 私钥（曲线 ${curve}）`);
  const privateKey = hex(new Uint8Array(d.valueBlock.valueHexView)).padStart(64, '0');
  return { privateKey, publicKey: sm2.getPublicKeyFromPrivateKey(privateKey) };
}

/** An SM2 private key from PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`). */
export function readSm2PrivateKeyPem(pem: string): Sm2Keys {
  const blocks = pemBlocks(pem);
  const sec1 = blocks.find((b) => b.label === 'EC PRIVATE KEY');
  if (sec1) return parseEcPrivateKey(sec1.der, null);
  const p8 = blocks.find((b) => b.label === 'PRIVATE KEY');
  if (!p8) throw new SigningError('没有找到 SM2 私钥：需要 PEM 格式的「BEGIN PRIVATE KEY」或「BEGIN EC PRIVATE KEY」');
  const parsed = asn1js.fromBER(ab(p8.der));
  const seq = parsed.result;
  if (parsed.offset === -1 || !(seq instanceof asn1js.Sequence)) throw new SigningError('SM2 私钥格式无法解析');
  const [, alg, key] = seq.valueBlock.value;
  const curve =
    alg instanceof asn1js.Sequence && alg.valueBlock.value[1] instanceof asn1js.ObjectIdentifier
      ? alg.valueBlock.value[1].valueBlock.toString()
      : null;
  if (!(key instanceof asn1js.OctetString)) throw new SigningError('SM2 私钥格式无法解析');
  return parseEcPrivateKey(new Uint8Array(key.valueBlock.valueHexView), curve);
}

/** SM2-SM3 signature (DER) over the bytes, default user ID. */
export function sm2Sign(bytes: Uint8Array, keys: Sm2Keys): Uint8Array {
  return fromHex(sm2.doSignature(bytes, keys.privateKey, { ...OPTIONS, publicKey: keys.publicKey, userId: SM2_DEFAULT_USER_ID }));
}

export function sm2Verify(bytes: Uint8Array, signatureDer: Uint8Array, publicKey: string): boolean {
  try {
    return sm2.doVerifySignature(bytes, hex(signatureDer), publicKey, { ...OPTIONS, userId: SM2_DEFAULT_USER_ID });
  } catch {
    return false;
  }
}
