/**
 * 温政办〔2023〕90号 三、（五）: "对相对低收入家庭医疗费用经各项综合保障后自负部分超12万部分予以化解，
 * 家庭封顶化解金额为10万元。"
 *
 * Per family and year: relief = min(max(selfPay − threshold, 0), cap), threshold 120,000 元 and
 * cap 100,000 元 from the edition. The threshold is per FAMILY, so the rows of one family (its
 * members, its claims) are summed first (docs/rules.md §3). A family found under two counties is
 * reported as a conflict (docs/rules.md §3: an error); the family keeps the county of its first row.
 *
 * Text as typed (docs/rules.md §1.8): a 家庭编号 has no standard alphabet, so families are keyed on
 * the id exactly as typed, outer spaces aside (` YJ4` and `YJ4` are one family; `YJ001` and
 * `ＹＪ００１` are two). Ids that differ only in width or inner spaces are reported as look-alikes
 * (a warning, still two families). County names are compared by `countyKey` (docs/rules.md §2.2:
 * 永嘉 = 永嘉县), so a family with rows 永嘉 and 永嘉县 is one family in one county. What is shown
 * is always the first row's own text, never a folded form.
 *
 * Built for 1,000,000 rows: per row one Map lookup for the family, one trim, at most one Decimal
 * addition, and a Map lookup for the county text only when it differs from the previous row's;
 * no closures or arrays allocated per row (names and masked IDs are kept only when given). The
 * look-alike check runs once per FAMILY, and folds only ids holding a full-width or space
 * character.
 */
import { Decimal, ZERO, compactDecimal } from '../../exact/decimal';
import { countyKey } from '../counties/county-names';
import { foldedKey } from '../text-fold';
import { addFen, decimalOfFen, fenOf } from './fen';

/** One input row, typed. `selfPay` is in 元, exact (to the fen when it comes from the reader). */
export interface ReliefRow {
  /** The 家庭编号 exactly as typed (outer spaces included; they are ignored for grouping). */
  familyId: string;
  /** The county exactly as typed. */
  county: string;
  selfPay: Decimal;
  name?: string | null;
  /** The member's ID number, already MASKED (never the full number). */
  idMasked?: string | null;
}

export interface FamilyRelief {
  /** The 家庭编号 of the family's first row, exactly as typed. */
  familyId: string;
  /** The grouping key: familyId with outer spaces trimmed, nothing else changed. */
  familyKey: string;
  /** The county of the family's first row, exactly as typed. */
  county: string;
  /** countyKey(county): the matching key (永嘉 and 永嘉县 → 永嘉). */
  countyKey: string;
  /** Σ self-pay of the family's rows (元). */
  selfPay: Decimal;
  /** min(max(selfPay − threshold, 0), cap) (元). */
  relief: Decimal;
  /** Index (into the input rows) of the family's first row. */
  firstRow: number;
  /** Number of rows (members / records) summed. */
  rows: number;
  /** Distinct names in input order, as typed (empty when none given). */
  names: string[];
  /** Distinct masked IDs in input order (empty when none given). */
  ids: string[];
}

/** A family whose rows name two different counties (by countyKey; docs/rules.md §3: error). */
export interface CountyConflict {
  familyId: string;
  firstRow: number;
  firstCounty: string;
  row: number;
  county: string;
}

/**
 * Two distinct family ids that are equal once width is folded and spaces removed (docs/rules.md
 * §1.8: `YJ001` / `ＹＪ００１`): kept as two families, reported as a warning.
 */
export interface LookalikeIds {
  /** The earlier family: its id as typed and its first row. */
  firstId: string;
  firstRow: number;
  /** The later family. */
  familyId: string;
  row: number;
}

/** A county text as typed, the first row it appears on and its matching key. */
export interface CountySpelling {
  spelling: string;
  key: string;
  firstRow: number;
}

export interface ReliefThresholds {
  threshold: Decimal;
  cap: Decimal;
}

export interface FamiliesResult {
  families: FamilyRelief[];
  conflicts: CountyConflict[];
  lookalikes: LookalikeIds[];
  /** Every distinct county text, in order of first appearance. */
  spellings: CountySpelling[];
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

/** True when the (trimmed) id holds a character that width/space folding would change. */
export function foldsDifferently(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0xff01 && c <= 0xff5e) || c === 0x3000 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b)
      || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0xfeff) return true;
  }
  return false;
}

/** Full-width ASCII to half-width, every space removed: for the look-alike check only, never shown. */
export const foldId = foldedKey;

/** id.trim(), without the call for the usual id that starts and ends with a printable ASCII character. */
function trimmed(id: string): string {
  const n = id.length;
  if (n === 0) return id;
  const a = id.charCodeAt(0);
  const b = id.charCodeAt(n - 1);
  return a > 0x20 && a < 0x7f && b > 0x20 && b < 0x7f ? id : id.trim();
}

const NO_STRINGS: string[] = [];

function addDistinct(list: string[], value: string): string[] {
  if (list === NO_STRINGS) return [value];
  if (!list.includes(value)) list.push(value);
  return list;
}

/**
 * 温政办〔2023〕90号 三、（五）: sum the rows per family (input order of first appearance kept),
 * then relieve each family. One family per id as typed (outer spaces trimmed); counties compared
 * by countyKey. The loop of FamilyAccumulator over typed rows.
 */
export function reliefPerFamily(rows: readonly ReliefRow[], p: ReliefThresholds): FamiliesResult {
  const acc = new FamilyAccumulator();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    acc.add(row.familyId, row.county, row.selfPay, fenOf(row.selfPay), row.name ?? null, row.idMasked ?? null);
  }
  return acc.finish(p);
}

/**
 * Stands for "no Decimal of the first row yet" in FamilyRelief.selfPay while a family is summed in
 * fen (a row handed over in fen only); never left in a result (finish replaces it).
 */
const FEN_ONLY: Decimal = new Decimal(0);

/**
 * reliefPerFamily one row at a time, so that the reader can hand each valid row straight over and
 * no array of 1,000,000 typed rows (each with its own Decimal) is built only to be summed into
 * ~400,000 families (issue 10: that garbage set the peak memory). Row i is the i-th call of add.
 *
 * The sums are kept in whole fen as exact integers (fen.ts) while every amount of the family is a
 * whole number of fen below 2^53 — one Decimal per family instead of one per row (1,000,000 rows,
 * issue 10) — and in decimal.js from the first amount that is not; the result is the same Decimal
 * value as reliefPerFamilyPlain gives (property test). A row may come in fen only (selfPay null):
 * its Decimal is made from the fen only if the family's sum ever leaves whole fen.
 */
export class FamilyAccumulator {
  /** Trimmed family id → index into `families`. */
  private readonly byKey = new Map<string, number>();
  private readonly families: FamilyRelief[] = [];
  /** Σ self-pay of families[i] in fen, or −1 once it is kept in families[i].selfPay (a Decimal). */
  private fens = new Float64Array(1024);
  private readonly conflicts: CountyConflict[] = [];
  private readonly lookalikes: LookalikeIds[] = [];
  /** Folded id → the earliest family with that folded id, for ids that fold differently only. */
  private readonly byFold = new Map<string, FamilyRelief>();
  private readonly spellingOf = new Map<string, CountySpelling>();
  private readonly spellings: CountySpelling[] = [];
  private lastCounty: string | null = null;
  private lastKey = '';
  /** Index of the next row. */
  private i = 0;

  /** Rows added so far. */
  get rowCount(): number {
    return this.i;
  }

  /**
   * Add the next row. `fen` is fenOf(selfPay) when selfPay is given; when selfPay is null the
   * amount is `fen` whole fen (≥ 0), exactly.
   */
  add(familyId: string, county: string, selfPay: Decimal | null, fen: number, name: string | null, idMasked: string | null): void {
    const i = this.i++;
    if (county !== this.lastCounty) {
      let s = this.spellingOf.get(county);
      if (s === undefined) {
        s = { spelling: county, key: countyKey(county), firstRow: i };
        this.spellingOf.set(county, s);
        this.spellings.push(s);
      }
      this.lastCounty = county;
      this.lastKey = s.key;
    }
    const lastKey = this.lastKey;
    const families = this.families;
    const key = trimmed(familyId);
    const index = this.byKey.get(key);
    let fam: FamilyRelief;
    if (index === undefined) {
      fam = {
        familyId, familyKey: key, county, countyKey: lastKey, selfPay: selfPay ?? FEN_ONLY, relief: ZERO,
        firstRow: i, rows: 1, names: NO_STRINGS, ids: NO_STRINGS,
      };
      const at = families.length;
      if (at === this.fens.length) {
        const grown = new Float64Array(at * 2);
        grown.set(this.fens);
        this.fens = grown;
      }
      this.fens[at] = fen;
      this.byKey.set(key, at);
      families.push(fam);
      const byFold = this.byFold;
      if (foldsDifferently(key)) {
        const folded = foldId(key);
        const foundAt = this.byKey.get(folded);
        const found = foundAt === undefined ? undefined : families[foundAt];
        const plain = found === fam ? undefined : found;
        const seen = byFold.get(folded);
        const first = plain !== undefined && (seen === undefined || plain.firstRow < seen.firstRow) ? plain : seen;
        if (first !== undefined) this.lookalikes.push({ firstId: first.familyId, firstRow: first.firstRow, familyId: fam.familyId, row: i });
        if (seen === undefined) byFold.set(folded, first ?? fam);
      } else if (byFold.size > 0) {
        const seen = byFold.get(key);
        if (seen !== undefined) this.lookalikes.push({ firstId: seen.familyId, firstRow: seen.firstRow, familyId: fam.familyId, row: i });
      }
    } else {
      fam = families[index];
      const sum = this.fens[index];
      const total = sum < 0 ? -1 : addFen(sum, fen);
      if (total >= 0) this.fens[index] = total;
      else {
        // Out of whole fen (or past 2^53 fen): in decimal.js from here on, from the exact sum so far.
        const before = sum < 0 || (fam.rows === 1 && fam.selfPay !== FEN_ONLY) ? fam.selfPay : decimalOfFen(sum);
        fam.selfPay = before.plus(selfPay ?? decimalOfFen(fen));
        this.fens[index] = -1;
      }
      fam.rows++;
      if (lastKey !== fam.countyKey) {
        this.conflicts.push({ familyId: fam.familyId, firstRow: fam.firstRow, firstCounty: fam.county, row: i, county });
      }
    }
    if (name) fam.names = addDistinct(fam.names, name);
    if (idMasked) fam.ids = addDistinct(fam.ids, idMasked);
  }

  /** Relieve every family (温政办〔2023〕90号 三、（五）) and hand the result over; call once, after the last add. */
  finish(p: ReliefThresholds): FamiliesResult {
    const families = this.families;
    const fens = this.fens;
    const thresholdFen = fenOf(p.threshold);
    const capFen = fenOf(p.cap);
    for (let i = 0; i < families.length; i++) {
      const fam = families[i];
      const fen = fens[i];
      // Kept per family until the result is written: the digits at their exact size (issue 10).
      if (fen >= 0 && (fam.rows > 1 || fam.selfPay === FEN_ONLY)) fam.selfPay = decimalOfFen(fen);
      compactDecimal(fam.selfPay);
      fam.relief = fen >= 0 && thresholdFen >= 0 && capFen >= 0
        ? reliefOfFen(fen, thresholdFen, capFen, p)
        : compactDecimal(reliefFor(fam.selfPay, p));
    }
    return { families, conflicts: this.conflicts, lookalikes: this.lookalikes, spellings: this.spellings };
  }
}

/**
 * reliefFor on whole fen (温政办〔2023〕90号 三、（五）): min(max(selfPay − threshold, 0), cap) with the
 * same results, ZERO and the edition's own cap included (the detail sheet shares those cells).
 */
export function reliefOfFen(selfPayFen: number, thresholdFen: number, capFen: number, p: ReliefThresholds): Decimal {
  if (selfPayFen <= thresholdFen) return ZERO;
  const over = selfPayFen - thresholdFen;
  return over > capFen ? p.cap : compactDecimal(decimalOfFen(over));
}

/**
 * The plain reference of reliefPerFamily (every sum in decimal.js): the same result, kept for the
 * property test (test/rules/medical-relief/fen.property.test.ts) that holds the fast path to it.
 */
export function reliefPerFamilyPlain(rows: readonly ReliefRow[], p: ReliefThresholds): FamiliesResult {
  const byKey = new Map<string, FamilyRelief>();
  const families: FamilyRelief[] = [];
  const conflicts: CountyConflict[] = [];
  const lookalikes: LookalikeIds[] = [];
  /** Folded id → the earliest family with that folded id, for ids that fold differently only. */
  const byFold = new Map<string, FamilyRelief>();
  const spellingOf = new Map<string, CountySpelling>();
  const spellings: CountySpelling[] = [];
  let lastCounty: string | null = null;
  let lastKey = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const county = row.county;
    if (county !== lastCounty) {
      let s = spellingOf.get(county);
      if (s === undefined) {
        s = { spelling: county, key: countyKey(county), firstRow: i };
        spellingOf.set(county, s);
        spellings.push(s);
      }
      lastCounty = county;
      lastKey = s.key;
    }
    const key = trimmed(row.familyId);
    let fam = byKey.get(key);
    if (fam === undefined) {
      fam = {
        familyId: row.familyId, familyKey: key, county, countyKey: lastKey, selfPay: row.selfPay, relief: ZERO,
        firstRow: i, rows: 1, names: NO_STRINGS, ids: NO_STRINGS,
      };
      byKey.set(key, fam);
      families.push(fam);
      if (foldsDifferently(key)) {
        const folded = foldId(key);
        const found = byKey.get(folded);
        const plain = found === fam ? undefined : found;
        const seen = byFold.get(folded);
        const first = plain !== undefined && (seen === undefined || plain.firstRow < seen.firstRow) ? plain : seen;
        if (first !== undefined) lookalikes.push({ firstId: first.familyId, firstRow: first.firstRow, familyId: fam.familyId, row: i });
        if (seen === undefined) byFold.set(folded, first ?? fam);
      } else if (byFold.size > 0) {
        const seen = byFold.get(key);
        if (seen !== undefined) lookalikes.push({ firstId: seen.familyId, firstRow: seen.firstRow, familyId: fam.familyId, row: i });
      }
    } else {
      fam.selfPay = fam.selfPay.plus(row.selfPay);
      fam.rows++;
      if (lastKey !== fam.countyKey) {
        conflicts.push({ familyId: fam.familyId, firstRow: fam.firstRow, firstCounty: fam.county, row: i, county });
      }
    }
    if (row.name) fam.names = addDistinct(fam.names, row.name);
    if (row.idMasked) fam.ids = addDistinct(fam.ids, row.idMasked);
  }
  for (let i = 0; i < families.length; i++) {
    // Kept per family until the result is written: the digits at their exact size (issue 10).
    compactDecimal(families[i].selfPay);
    families[i].relief = compactDecimal(reliefFor(families[i].selfPay, p));
  }
  return { families, conflicts, lookalikes, spellings };
}
