/**
 * 分县统计 — 温政办〔2023〕88号 三、评定程序: each 县（市、区）政府、温州海经区管委会 makes the 初审 of its
 * own headquarters, so the result is also counted per county: rated headquarters per tier and the
 * disqualified ones (五、3). Counties are matched by county key (docs/rules.md §2.2: 瑞安 = 瑞安市,
 * 温州海经区 = 海经区) and shown as first written; a headquarters without a county is counted under
 * 「（未填）」.
 */
import { countyKey } from '../counties/county-names';

export const NO_COUNTY = '（未填）';

export interface CountyTierCount {
  county: string;
  tiers: Array<{ stars: number; label: string; count: number }>;
  excluded: number;
  total: number;
}

/** Per county (first-seen order, 「（未填）」 last): headquarters per tier, the disqualified, the total. */
export function countByCounty(
  rated: ReadonlyArray<{ county: string | null | undefined; stars: number }>,
  excluded: ReadonlyArray<{ county: string | null | undefined }>,
  tiers: ReadonlyArray<{ stars: number; label: string }>,
): CountyTierCount[] {
  const rows = new Map<string, CountyTierCount>();
  const rowOf = (county: string | null | undefined): CountyTierCount => {
    const blank = county === null || county === undefined || county.trim() === '';
    const key = blank ? '' : countyKey(county);
    let row = rows.get(key);
    if (!row) {
      row = { county: blank ? NO_COUNTY : county, tiers: tiers.map((t) => ({ stars: t.stars, label: t.label, count: 0 })), excluded: 0, total: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of rated) {
    const row = rowOf(r.county);
    const t = row.tiers.find((x) => x.stars === r.stars);
    if (t) t.count++;
    row.total++;
  }
  for (const e of excluded) {
    const row = rowOf(e.county);
    row.excluded++;
    row.total++;
  }
  const blank = rows.get('');
  rows.delete('');
  return blank ? [...rows.values(), blank] : [...rows.values()];
}
