/**
 * A strict DER reader and a small DER writer for the CMS signature (cms.ts) and the ECDSA
 * signature value (keys.ts).
 *
 * Why our own reader instead of asn1js/pkijs: verification must check the bytes AS THEY ARE.
 * asn1js reads BER (long-form lengths with leading zeros, integers with redundant leading
 * octets, trailing bytes after the value…), and pkijs re-encodes what it parsed, so an altered
 * encoding of the certificate or of the signature could hash or verify like the original. This
 * reader refuses everything X.690 §10 (DER) forbids, and every element keeps a view of its
 * original bytes: the certificate is hashed, and the signed attributes are verified, from
 * exactly the octets in the file.
 *
 * Checked: definite lengths only, in the shortest form; no bytes after the value; no
 * constructed encoding of a primitive type (and SEQUENCE/SET always constructed); BOOLEAN
 * 00/FF; INTEGER/ENUMERATED minimal; OBJECT IDENTIFIER sub-identifiers minimal; BIT STRING
 * unused bits 0–7 and zero; NULL empty; UTCTime/GeneralizedTime in their DER form;
 * UTF8String valid UTF-8; BMPString/UniversalString whole characters; SET elements in DER order;
 * a nesting depth limit (hostile input). Universal types a certificate or CMS does not use are
 * refused. Messages are Chinese and name the byte offset.
 */

export class DerError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`偏移 ${offset}：${message}`);
    this.name = 'DerError';
  }
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  enumerated: 0x0a,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** A context-specific tag: [n] constructed (0xA0 + n) or primitive (0x80 + n). */
export function contextTag(n: number, constructed = true): number {
  return (constructed ? 0xa0 : 0x80) + n;
}

export interface Tlv {
  /** The identifier octet (low-tag-number form only: tag numbers < 31). */
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet in the decoded buffer. */
  offset: number;
  /** The whole element (identifier, length, content): a view of the original bytes. */
  bytes: Uint8Array;
  /** The content octets: a view of the original bytes. */
  content: Uint8Array;
  /** The elements inside a constructed element, in order (empty for primitive ones). */
  children: Tlv[];
}

const MAX_DEPTH = 40;

/** Universal tag numbers a certificate or CMS may use, primitive ones: their validity checks. */
const PRIMITIVE_UNIVERSAL = new Set([1, 2, 3, 4, 5, 6, 10, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30]);

/** Decode one DER element that must fill `bytes` exactly (no trailing bytes). */
export function decodeDer(bytes: Uint8Array): Tlv {
  if (bytes.length === 0) throw new DerError(0, '没有数据');
  const tlv = readElement(bytes, 0, bytes.length, 0);
  if (tlv.bytes.length !== bytes.length) throw new DerError(tlv.bytes.length, `值后面还有 ${bytes.length - tlv.bytes.length} 个多余字节`);
  return tlv;
}

function readElement(buf: Uint8Array, offset: number, limit: number, depth: number): Tlv {
  if (depth > MAX_DEPTH) throw new DerError(offset, `嵌套超过 ${MAX_DEPTH} 层`);
  if (offset >= limit) throw new DerError(offset, '数据被截断（缺少标签）');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError(offset, '标签号 ≥ 31（多字节标签）不在此格式中');
  const constructed = (tag & 0x20) !== 0;
  const cls = tag >> 6;
  const number = tag & 0x1f;
  let p = offset + 1;
  if (p >= limit) throw new DerError(p, '数据被截断（缺少长度）');
  const first = buf[p++];
  let length: number;
  if (first < 0x80) length = first;
  else if (first === 0x80) throw new DerError(p - 1, '不定长编码（BER）不是 DER');
  else if (first === 0xff) throw new DerError(p - 1, '长度字节 0xFF 是保留值');
  else {
    const n = first & 0x7f;
    if (n > 4) throw new DerError(p - 1, `长度占 ${n} 个字节，过长`);
    if (p + n > limit) throw new DerError(p, '数据被截断（长度不完整）');
    if (buf[p] === 0) throw new DerError(p, '长度编码不是最短形式（有前导 0）');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p + i];
    p += n;
    if (length < 0x80) throw new DerError(offset + 1, `长度 ${length} 应使用短格式`);
  }
  const end = p + length;
  if (end > limit) throw new DerError(offset, `长度 ${length} 超出所在结构（数据被截断或长度被改动）`);
  const tlv: Tlv = { tag, constructed, offset, bytes: buf.subarray(offset, end), content: buf.subarray(p, end), children: [] };
  if (cls === 0) {
    if (number === 0) throw new DerError(offset, '标签 0（内容结束符）只用于 BER 不定长编码');
    if (number === 16 || number === 17) {
      if (!constructed) throw new DerError(offset, `${number === 16 ? 'SEQUENCE' : 'SET'} 必须是构造型编码`);
    } else if (!PRIMITIVE_UNIVERSAL.has(number)) {
      throw new DerError(offset, `不支持的 ASN.1 通用类型（标签号 ${number}）`);
    } else if (constructed) {
      throw new DerError(offset, `通用类型（标签号 ${number}）在 DER 中必须是基本型编码`);
    }
  }
  if (constructed) {
    let q = p;
    while (q < end) {
      const child = readElement(buf, q, end, depth + 1);
      tlv.children.push(child);
      q += child.bytes.length;
    }
    if (tag === TAG.set) checkSetOrder(tlv);
  } else if (cls === 0) {
    checkPrimitive(number, tlv.content, p);
  }
  return tlv;
}

/** X.690 §11.6: the encodings of SET OF elements in ascending order (shorter padded with zeros). */
export function compareDerEncodings(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** The elements of a SET (or an implicitly tagged SET OF, such as signed attributes) in DER order. */
export function checkSetOrder(set: Tlv): void {
  for (let i = 1; i < set.children.length; i++) {
    if (compareDerEncodings(set.children[i - 1].bytes, set.children[i].bytes) > 0) {
      throw new DerError(set.children[i].offset, 'SET 的元素不是 DER 规定的顺序');
    }
  }
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function checkPrimitive(number: number, c: Uint8Array, at: number): void {
  switch (number) {
    case 1:
      if (c.length !== 1 || (c[0] !== 0x00 && c[0] !== 0xff)) throw new DerError(at, 'BOOLEAN 在 DER 中只能是 00 或 FF');
      return;
    case 2:
    case 10:
      checkMinimalInteger(c, at);
      return;
    case 3: {
      if (c.length === 0) throw new DerError(at, 'BIT STRING 缺少未用位数字节');
      const unused = c[0];
      if (unused > 7) throw new DerError(at, `BIT STRING 未用位数 ${unused} 大于 7`);
      if (c.length === 1 && unused !== 0) throw new DerError(at, '空 BIT STRING 的未用位数必须为 0');
      if (unused && (c[c.length - 1] & ((1 << unused) - 1)) !== 0) throw new DerError(at, 'BIT STRING 的未用位不为 0');
      return;
    }
    case 5:
      if (c.length !== 0) throw new DerError(at, 'NULL 必须没有内容');
      return;
    case 6:
      checkOid(c, at);
      return;
    case 12:
      try {
        utf8Fatal.decode(c);
      } catch {
        throw new DerError(at, 'UTF8String 不是有效的 UTF-8');
      }
      return;
    case 22:
      if (c.some((b) => b > 0x7f)) throw new DerError(at, 'IA5String 含非 ASCII 字节');
      return;
    case 23:
      if (!/^\d{12}Z$/.test(ascii(c)) || !validTime(ascii(c).slice(0, 12), 2)) throw new DerError(at, 'UTCTime 不是 DER 形式 YYMMDDHHMMSSZ');
      return;
    case 24:
      if (!/^\d{14}(\.\d*[1-9])?Z$/.test(ascii(c)) || !validTime(ascii(c).slice(0, 14), 4)) {
        throw new DerError(at, 'GeneralizedTime 不是 DER 形式 YYYYMMDDHHMMSS[.f]Z');
      }
      return;
    case 28:
      if (c.length % 4 !== 0) throw new DerError(at, 'UniversalString 的长度不是 4 的倍数');
      return;
    case 30:
      if (c.length % 2 !== 0) throw new DerError(at, 'BMPString 的长度不是 2 的倍数');
      return;
    default:
      return;
  }
}

function ascii(c: Uint8Array): string {
  return String.fromCharCode(...c);
}

function validTime(digits: string, yearDigits: number): boolean {
  const n = (i: number) => Number(digits.slice(yearDigits + i, yearDigits + i + 2));
  const [mo, d, h, mi, s] = [n(0), n(2), n(4), n(6), n(8)];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59;
}

/** X.690 §8.3.2: no redundant leading 00 (or FF) octet; at least one octet. */
export function checkMinimalInteger(c: Uint8Array, at: number): void {
  if (c.length === 0) throw new DerError(at, 'INTEGER 没有内容');
  if (c.length > 1 && ((c[0] === 0x00 && (c[1] & 0x80) === 0) || (c[0] === 0xff && (c[1] & 0x80) !== 0))) {
    throw new DerError(at, 'INTEGER 有多余的前导字节（不是最短编码）');
  }
}

function checkOid(c: Uint8Array, at: number): void {
  if (c.length === 0) throw new DerError(at, 'OBJECT IDENTIFIER 没有内容');
  if ((c[c.length - 1] & 0x80) !== 0) throw new DerError(at, 'OBJECT IDENTIFIER 的最后一个子标识符不完整');
  let startOfSub = true;
  for (const b of c) {
    if (startOfSub && b === 0x80) throw new DerError(at, 'OBJECT IDENTIFIER 的子标识符不是最短编码');
    startOfSub = (b & 0x80) === 0;
  }
}

/** The dotted form of an OBJECT IDENTIFIER element (already checked by decodeDer). */
export function oidText(tlv: Tlv): string {
  if (tlv.tag !== TAG.oid) throw new DerError(tlv.offset, '此处应为 OBJECT IDENTIFIER');
  const parts: number[] = [];
  let v = 0;
  for (const b of tlv.content) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** The UTC date of a UTCTime (1950–2049, RFC 5280) or GeneralizedTime element. */
export function timeValue(tlv: Tlv): Date {
  const t = ascii(tlv.content);
  let iso: string;
  if (tlv.tag === TAG.utcTime) {
    const yy = Number(t.slice(0, 2));
    iso = `${yy < 50 ? 2000 + yy : 1900 + yy}-${t.slice(2, 4)}-${t.slice(4, 6)}T${t.slice(6, 8)}:${t.slice(8, 10)}:${t.slice(10, 12)}Z`;
  } else if (tlv.tag === TAG.generalizedTime) {
    const frac = /\.(\d+)/.exec(t)?.[1] ?? '';
    iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}${frac ? `.${frac.slice(0, 3)}` : ''}Z`;
  } else throw new DerError(tlv.offset, '此处应为时间（UTCTime 或 GeneralizedTime）');
  return new Date(iso);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---- writer ---------------------------------------------------------------------------------

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** One element: identifier octet, shortest definite length, content. */
export function encodeTlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  const n = body.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    len = [0x80 | bytes.length, ...bytes];
  }
  return concat([Uint8Array.of(tag, ...len), body]);
}

export function encodeSequence(...items: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.sequence, ...items);
}

/** A SET OF with its elements sorted as DER requires (X.690 §11.6). */
export function encodeSetOf(items: Uint8Array[], tag: number = TAG.set): Uint8Array {
  return encodeTlv(tag, ...[...items].sort(compareDerEncodings));
}

export function encodeOid(dotted: string): Uint8Array {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const v of [a * 40 + b, ...rest]) {
    const groups: number[] = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) groups.unshift((x & 0x7f) | 0x80);
    out.push(...groups);
  }
  return encodeTlv(TAG.oid, Uint8Array.from(out));
}

/** A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, 00 added for the sign). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const v = magnitude.subarray(i);
  return encodeTlv(TAG.integer, v.length && v[0] & 0x80 ? Uint8Array.of(0, ...v) : v.length ? v : Uint8Array.of(0));
}

export function encodeSmallInteger(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 127) throw new Error('small integer');
  return encodeTlv(TAG.integer, Uint8Array.of(n));
}

export function encodeOctetString(bytes: Uint8Array): Uint8Array {
  return encodeTlv(TAG.octetString, bytes);
}

/** CMS signing-time (RFC 5652 §11.3): UTCTime for 1950–2049, GeneralizedTime otherwise; whole seconds. */
export function encodeTime(date: Date): Uint8Array {
  const iso = date.toISOString();
  const y = date.getUTCFullYear();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const text = y >= 1950 && y < 2050 ? `${digits.slice(2)}Z` : `${digits}Z`;
  return encodeTlv(y >= 1950 && y < 2050 ? TAG.utcTime : TAG.generalizedTime, Uint8Array.from(text, (ch) => ch.charCodeAt(0)));
}
