/**
 * 温政办〔2023〕90号 三、（五）: "对相对低收入家庭医疗费用经各项综合保障后自负部分超12万部分予以化解，
 * 家庭封顶化解金额为10万元。"
 *
 * Per family and year: relief = min(max(selfPay − threshold, 0), cap), threshold 120,000 元 and
 * cap 100,000 元 from the edition. The threshold is per FAMILY, so the rows of one family (its
 * members, its claims) are summed first (spec §3). A family found under two counties is reported
 * as a conflict (spec §3: an error); the family keeps the county of its first row.
 *
 * Built for 1,000,000 rows: one Map lookup and at most one Decimal addition per row, no closures
 * or arrays allocated per row (names and masked IDs are kept only when given).
 */
import { Decimal, ZERO } from '../../exact/decimal';

/** One input row, typed. `selfPay` is in 元, exact. */
export interface ReliefRow {
  familyId: string;
  county: string;
  selfPay: Decimal;
  name?: string | null;
  /** The member's ID number, already MASKED (never the full number). */
  idMasked?: string | null;
}

export interface FamilyRelief {
  familyId: string;
  county: string;
  /** Σ self-pay of the family's rows (元). */
  selfPay: Decimal;
  /** min(max(selfPay − threshold, 0), cap) (元). */
  relief: Decimal;
  /** Index (into the input rows) of the family's first row. */
  firstRow: number;
  /** Number of rows (members / records) summed. */
  rows: number;
  /** Distinct names in input order (empty when none given). */
  names: string[];
  /** Distinct masked IDs in input order (empty when none given). */
  ids: string[];
}

/** A family whose rows name two different counties (spec §3: error). */
export interface CountyConflict {
  familyId: string;
  firstRow: number;
  firstCounty: string;
  row: number;
  county: string;
}

export interface ReliefThresholds {
  threshold: Decimal;
  cap: Decimal;
}

/**
 * 温政办〔2023〕90号 三、（五）: relief of one family = min(max(selfPay − threshold, 0), cap).
 * A self-pay of exactly the threshold gets nothing; the cap binds from threshold + cap upward.
 */
export function reliefFor(selfPay: Decimal, p: ReliefThresholds): Decimal {
  if (selfPay.lessThanOrEqualTo(p.threshold)) return ZERO;
  const over = selfPay.minus(p.threshold);
  return over.greaterThan(p.cap) ? p.cap : over;
}

const NO_STRINGS: string[] = [];

function addDistinct(list: string[], value: string): string[] {
  if (list === NO_STRINGS) return [value];
  if (!list.includes(value)) list.push(value);
  return list;
}

/**
 * 温政办〔2023〕90号 三、（五）: sum the rows per family (input order of first appearance kept),
 * then relieve each family. Families are keyed by familyId alone: one family id, one family.
 */
export function reliefPerFamily(rows: readonly ReliefRow[], p: ReliefThresholds): { families: FamilyRelief[]; conflicts: CountyConflict[] } {
  const byId = new Map<string, FamilyRelief>();
  const families: FamilyRelief[] = [];
  const conflicts: CountyConflict[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let fam = byId.get(row.familyId);
    if (fam === undefined) {
      fam = {
        familyId: row.familyId, county: row.county, selfPay: row.selfPay, relief: ZERO,
        firstRow: i, rows: 1, names: NO_STRINGS, ids: NO_STRINGS,
      };
      byId.set(row.familyId, fam);
      families.push(fam);
    } else {
      fam.selfPay = fam.selfPay.plus(row.selfPay);
      fam.rows++;
      if (row.county !== fam.county) {
        conflicts.push({ familyId: row.familyId, firstRow: fam.firstRow, firstCounty: fam.county, row: i, county: row.county });
      }
    }
    if (row.name) fam.names = addDistinct(fam.names, row.name);
    if (row.idMasked) fam.ids = addDistinct(fam.ids, row.idMasked);
  }
  for (let i = 0; i < families.length; i++) {
    families[i].relief = reliefFor(families[i].selfPay, p);
  }
  return { families, conflicts };
}
