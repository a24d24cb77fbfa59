import { Decimal } from '../../../src/exact/decimal';
import { editionInForce } from '../../../src/policies/registry';
import { waterFundParams } from '../../../src/rules/water-fund/parameters';
import type { FactorValues } from '../../../src/rules/water-fund/base-shares';

export const d = (v: string | number) => new Decimal(v);
export const params = waterFundParams(editionInForce('water-fund', '2024-06-30').edition);
export const fv = (a: number | string, b: number | string, c: number | string, w: number | string): FactorValues =>
  ({ primaryZoneArea: d(a), catchmentArea: d(b), population: d(c), waterArea: d(w) });
/** docs/rules.md §2.6 in input order 瑞安, 文成, 泰顺, 瓯海. */
export const WORKED = [fv(10, 300, 100000, 20), fv(30, 900, 200000, 40), fv(40, 800, 100000, 30), fv(20, 200, 100000, 10)];
export const COUNTIES = ['瑞安市', '文成县', '泰顺县', '瓯海区'];
