/** The strict DER reader (src/signing/der.ts) and the strict ECDSA signature value (keys.ts). */
import { decodeDer, encodeOid, encodeSetOf, encodeTime, encodeTlv, encodeUnsignedInteger, oidText, timeValue, TAG } from '../../src/signing/der';
import { derToP1363, p1363ToDer } from '../../src/signing/keys';

const b = (...bytes: number[]) => Uint8Array.from(bytes);

describe('decodeDer accepts DER and keeps the original bytes', () => {
  test('a SEQUENCE of an INTEGER and an OID', () => {
    const bytes = b(0x30, 0x06, 0x02, 0x01, 0x05, 0x06, 0x01, 0x2a);
    const t = decodeDer(bytes);
    expect(t.children.map((c) => c.tag)).toEqual([TAG.integer, TAG.oid]);
    expect(t.children[1].bytes).toEqual(b(0x06, 0x01, 0x2a));
    expect(t.children[1].bytes.buffer).toBe(bytes.buffer); // a view, not a copy
    expect(oidText(decodeDer(encodeOid('1.2.840.113549.1.7.2')))).toBe('1.2.840.113549.1.7.2');
  });

  test('long lengths, times, sets written by the encoder read back', () => {
    const long = encodeTlv(TAG.octetString, new Uint8Array(300));
    expect(long.subarray(0, 4)).toEqual(b(0x04, 0x82, 0x01, 0x2c));
    expect(decodeDer(long).content.length).toBe(300);
    expect(timeValue(decodeDer(encodeTime(new Date('2026-11-29T09:50:00Z')))).toISOString()).toBe('2026-11-29T09:50:00.000Z');
    expect(timeValue(decodeDer(encodeTime(new Date('2051-01-02T03:04:05Z')))).toISOString()).toBe('2051-01-02T03:04:05.000Z');
    expect(decodeDer(encodeSetOf([b(0x02, 0x01, 0x07), b(0x02, 0x01, 0x03)])).children.map((c) => c.content[0])).toEqual([3, 7]);
    expect(encodeUnsignedInteger(b(0, 0, 0x80))).toEqual(b(0x02, 0x02, 0x00, 0x80));
  });
});

describe('decodeDer refuses what DER forbids', () => {
  test.each([
    ['trailing byte', [0x05, 0x00, 0x00], '多余字节'],
    ['non-minimal length (long form for 5)', [0x04, 0x81, 0x01, 0x00], '短格式'],
    ['length with a leading 00', [0x04, 0x82, 0x00, 0x81, ...new Array(0x81).fill(0)], '前导 0'],
    ['indefinite length', [0x30, 0x80, 0x05, 0x00, 0x00, 0x00], '不定长'],
    ['length beyond the data', [0x04, 0x05, 0x00], '超出'],
    ['high tag number form', [0x1f, 0x20, 0x00], '多字节标签'],
    ['INTEGER with a redundant 00', [0x02, 0x02, 0x00, 0x7f], '多余的前导字节'],
    ['INTEGER with a redundant FF', [0x02, 0x02, 0xff, 0x80], '多余的前导字节'],
    ['empty INTEGER', [0x02, 0x00], '没有内容'],
    ['BOOLEAN 01', [0x01, 0x01, 0x01], 'BOOLEAN'],
    ['NULL with content', [0x05, 0x01, 0x00], 'NULL'],
    ['BIT STRING with 8 unused bits', [0x03, 0x02, 0x08, 0x00], '大于 7'],
    ['BIT STRING with unused bits set', [0x03, 0x02, 0x01, 0x01], '未用位不为 0'],
    ['OID sub-identifier with a leading 0x80', [0x06, 0x02, 0x80, 0x01], '最短编码'],
    ['OID ending mid sub-identifier', [0x06, 0x01, 0x81], '不完整'],
    ['constructed OCTET STRING', [0x24, 0x03, 0x04, 0x01, 0x00], '基本型'],
    ['primitive SEQUENCE', [0x10, 0x00], '构造型'],
    ['UTCTime without seconds', [0x17, 0x0b, ...Buffer.from('2611290950Z')], 'UTCTime'],
    ['UTCTime with an offset', [0x17, 0x11, ...Buffer.from('261129095000+0800')], 'UTCTime'],
    ['UTF8String not UTF-8', [0x0c, 0x02, 0xe5, 0xbc], 'UTF-8'],
    ['SET out of order', [0x31, 0x06, 0x02, 0x01, 0x07, 0x02, 0x01, 0x03], '顺序'],
    ['end-of-contents tag', [0x00, 0x00], '内容结束符'],
    ['REAL (not used in certificates)', [0x09, 0x00], '不支持'],
  ])('%s', (_what, bytes, message) => {
    expect(() => decodeDer(Uint8Array.from(bytes))).toThrow(message);
  });
});

describe('ECDSA signature values are read strictly', () => {
  const raw = new Uint8Array(64).map((_, i) => (i === 0 || i === 32 ? 0x80 : i));
  const der = p1363ToDer(raw);

  test('round trip', () => {
    expect(derToP1363(der)).toEqual(raw);
  });

  test.each([
    ['a redundant leading 00 in r', () => b(0x30, der[1] + 1, 0x02, der[3] + 1, 0x00, ...der.subarray(4))],
    ['trailing bytes', () => b(...der, 0x00)],
    ['a negative s', () => { const x = der.slice(); x[der.length - 32] = 0x80; x[der.length - 33] = 0x80; return x; }],
    ['only r', () => b(0x30, der[3] + 2, ...der.subarray(2, 4 + der[3]))],
    ['r = 0', () => p1363ToDer(new Uint8Array(64).map((_, i) => (i < 32 ? 0 : 1)))],
    ['s ≥ n', () => p1363ToDer(new Uint8Array(64).fill(0xff))],
  ])('%s is refused', (_what, make) => {
    expect(() => derToP1363(make())).toThrow();
  });
});
