import { Decimal } from '../../../src/exact/decimal';
import { editionInForce } from '../../../src/policies/registry';
import { reliefParameters, ReliefRow } from '../../../src/rules/medical-relief';

export const d = (v: string | number) => new Decimal(v);
export const params = reliefParameters(editionInForce('medical-relief', '2024-06-01').edition);
export const row = (familyId: string, county: string, selfPay: string | number): ReliefRow => ({ familyId, county, selfPay: d(selfPay) });
