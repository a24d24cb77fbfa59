/**
 * Deterministic fake identifiers for example and test data: a seeded PRNG, unified social credit
 * codes with a correct GB 32100-2015 check digit, and national ID numbers with a correct
 * GB 11643-1999 check digit. Written independently of the validators in src/ so the two check
 * each other.
 */

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const intBetween = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** Administrative division codes (GB/T 2260) of Wenzhou's counties, cities and districts. */
export const DIVISION_CODES: Record<string, string> = {
  温州市: '330300',
  鹿城区: '330302',
  龙湾区: '330303',
  瓯海区: '330304',
  洞头区: '330305',
  永嘉县: '330324',
  平阳县: '330326',
  苍南县: '330327',
  文成县: '330328',
  泰顺县: '330329',
  瑞安市: '330381',
  乐清市: '330382',
  龙港市: '330383',
  海经区: '330300',
};

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 check character for the first 17 characters of a credit code. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i]);
    if (v < 0) throw new Error(`bad credit-code character ${first17[i]}`);
    sum += v * CREDIT_WEIGHTS[i];
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/** GB 11714-1997 check character of an 8-digit organisation code body. */
export function orgCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * weights[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A valid 18-character unified social credit code of an enterprise (登记管理部门 9, 类别 1). */
export function creditCode(rng: Rng, district: string): string {
  const division = DIVISION_CODES[district] ?? DIVISION_CODES['温州市'];
  let body = '';
  for (let i = 0; i < 8; i++) body += String(intBetween(rng, 0, 9));
  const first17 = `91${division}${body}${orgCheckChar(body)}`;
  return first17 + creditCheckChar(first17);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999 check character of the first 17 digits of a national ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** A valid (fake) 18-character national ID number for a person born in [fromYear, toYear]. */
export function idNumber(rng: Rng, district: string, fromYear = 1940, toYear = 2015, female?: boolean): string {
  const division = DIVISION_CODES[district] ?? DIVISION_CODES['温州市'];
  const year = intBetween(rng, fromYear, toYear);
  const month = intBetween(rng, 1, 12);
  const day = intBetween(rng, 1, 28);
  let seq = intBetween(rng, 0, 999);
  if (female !== undefined && (seq % 2 === 0) !== female) seq = (seq + 1) % 1000;
  const first17 = `${division}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

const SURNAMES = ['陈', '王', '林', '张', '李', '黄', '周', '吴', '郑', '金', '徐', '潘', '朱', '叶', '胡', '杨', '刘', '蔡', '夏', '谢', '章', '薛', '池', '季'];
const GIVEN = ['建国', '秀英', '晓东', '海燕', '志强', '丽华', '伟', '芳', '敏', '静', '小军', '国平', '雪梅', '明', '洁', '立新', '美玲', '春花', '永福', '德清', '慧', '子涵', '一鸣', '若曦', '浩然', '梓萱'];

/** A fake Chinese name, optionally with a given surname. */
export function personName(rng: Rng, surname?: string): string {
  return (surname ?? pick(rng, SURNAMES)) + pick(rng, GIVEN);
}
