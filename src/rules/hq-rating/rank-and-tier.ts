/**
 * 温政办〔2023〕88号 二、星级标准 and 附件1 备注5：根据总部企业得分由高到低排名，前5名认定为
 * "五星级"，第6-15名"四星级"，第16-30名"三星级"，第31-60名"二星级"，其他"一星级"
 * (bands from the edition's `starBands`).
 *
 * Open point (docs/rules.md §1.4) — ties: totals are compared unrounded, equal when they agree to 20
 * decimal places (`compareForTie`). Equal totals share a rank (competition ranking 1, 2, 2, 4)
 * and so a tier, even if a band then holds more than its quota. Setting `tieBreak`: an ordered
 * list of base-indicator scores that break equal totals (higher score first); `tied` marks only
 * those that still share a rank. O(n log n): keys are rounded once, then one sort.
 */
import { compareDecimals, Decimal, TIE_DECIMALS, tieKey } from '../../exact/decimal';
import type { HqRatingParameters } from '../../policies/edition';
import type { HqIndicator } from './types';

export type StarBands = HqRatingParameters['starBands']['value'];

export interface RankInput {
  total: Decimal;
  scores: Record<HqIndicator, Decimal>;
}

export interface Ranked<T> {
  item: T;
  rank: number;
  stars: number;
  starLabel: string;
  /** Shares its rank with another (after any tie-break). */
  tied: boolean;
  /** Had an equal total with another, whether or not the tie-break separated them. */
  equalTotal: boolean;
}

/**
 * The 20-place tie key (`tieKey` of src/exact/decimal, docs/rules.md §1.4) as an exact integer count of 1e-20 units, so that the
 * sort compares machine integers instead of decimals. Not arithmetic on the score: the same
 * rounded value, written without its decimal point.
 */
export function sortKey(value: Decimal): bigint {
  // toFixed rounds with the configured ROUND_HALF_UP, i.e. exactly tieKey(value).
  return BigInt(value.toFixed(TIE_DECIMALS).replace('.', ''));
}

/** The band of a rank (二、星级标准). A rank outside every band gets the lowest band. */
export function starBandFor(rank: number, bands: StarBands): { stars: number; label: string } {
  for (const band of bands) {
    if (rank >= band.fromRank && (band.toRank === null || rank <= band.toRank)) return { stars: band.stars, label: band.label };
  }
  const lowest = [...bands].sort((a, b) => a.stars - b.stars)[0];
  return { stars: lowest.stars, label: lowest.label };
}

/** ★★★★★ 五星级 */
export function starText(stars: number, label: string): string {
  return `${'★'.repeat(stars)} ${label}`;
}

/**
 * Rank items by total (highest first), competition ranking on equal totals, optionally broken by
 * the `tieBreak` scores in order; the input order is kept among items that stay tied.
 */
export function rankAndTier<T extends RankInput>(items: readonly T[], tieBreak: readonly HqIndicator[], bands: StarBands): Ranked<T>[] {
  if (tieBreak.length === 0) return rankByTotal(items, bands);
  const keyed = items.map((item, index) => ({
    item,
    index,
    keys: [sortKey(item.total), ...tieBreak.map((f) => sortKey(item.scores[f]))],
  }));
  keyed.sort((a, b) => {
    for (let k = 0; k < a.keys.length; k++) {
      if (a.keys[k] !== b.keys[k]) return a.keys[k] > b.keys[k] ? -1 : 1;
    }
    return a.index - b.index;
  });
  const sameKeys = (a: bigint[], b: bigint[], upTo: number): boolean => {
    for (let k = 0; k < upTo; k++) if (a[k] !== b[k]) return false;
    return true;
  };
  const bandOf = bandLookup(bands);
  const out: Ranked<T>[] = [];
  for (let i = 0; i < keyed.length; i++) {
    const cur = keyed[i];
    const prev = keyed[i - 1];
    const next = keyed[i + 1];
    const rank = prev && sameKeys(prev.keys, cur.keys, cur.keys.length) ? out[i - 1].rank : i + 1;
    const tied = Boolean((prev && sameKeys(prev.keys, cur.keys, cur.keys.length)) || (next && sameKeys(next.keys, cur.keys, cur.keys.length)));
    const equalTotal = Boolean((prev && sameKeys(prev.keys, cur.keys, 1)) || (next && sameKeys(next.keys, cur.keys, 1)));
    const band = bandOf(rank);
    out.push({ item: cur.item, rank, stars: band.stars, starLabel: band.label, tied, equalTotal });
  }
  return out;
}

/** rankAndTier without a tie-break: one key per item (its total), so ties are equal totals. */
function rankByTotal<T extends RankInput>(items: readonly T[], bands: StarBands): Ranked<T>[] {
  const n = items.length;
  // The key is tieKey(total) (20 places, the same rounding as sortKey), compared as a Decimal.
  const keyed: Array<{ item: T; index: number; key: Decimal }> = new Array(n);
  for (let i = 0; i < n; i++) keyed[i] = { item: items[i], index: i, key: tieKey(items[i].total) };
  keyed.sort((a, b) => compareDecimals(b.key, a.key) || a.index - b.index);
  const bandOf = bandLookup(bands);
  const out: Ranked<T>[] = new Array(n);
  let rank = 1;
  for (let i = 0; i < n; i++) {
    const key = keyed[i].key;
    const samePrev = i > 0 && compareDecimals(keyed[i - 1].key, key) === 0;
    const sameNext = i + 1 < n && compareDecimals(keyed[i + 1].key, key) === 0;
    if (!samePrev) rank = i + 1;
    const band = bandOf(rank);
    const tied = samePrev || sameNext;
    out[i] = { item: keyed[i].item, rank, stars: band.stars, starLabel: band.label, tied, equalTotal: tied };
  }
  return out;
}

/** starBandFor with the answer kept for consecutive equal ranks (ranks come in ascending order). */
function bandLookup(bands: StarBands): (rank: number) => { stars: number; label: string } {
  let lastRank = -1;
  let last = { stars: 0, label: '' };
  return (rank) => {
    if (rank !== lastRank) { last = starBandFor(rank, bands); lastRank = rank; }
    return last;
  };
}
