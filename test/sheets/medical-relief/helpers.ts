import type { CellValue, SheetGrid } from '../../../src/sheets/grid';

export const HEAD = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'];

export function grid(rows: CellValue[][], head: CellValue[] = HEAD, name = '医保纾困'): SheetGrid {
  return { name, cells: [head, ...rows] };
}

/** GB 11643-1999 check character, computed independently of src (2^(17−i) mod 11 weights). */
export function withCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (s % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}

/** Valid IDs (the public sample and computed ones) and an invalid one. */
export const ID_SAMPLE = '11010519491231002X';
export const ID_A = withCheck('33032419800101123');
export const ID_B = withCheck('33032819751231456');
export const ID_BAD = ID_A.slice(0, 17) + (ID_A[17] === '0' ? '1' : '0');
