/**
 * 温政办〔2023〕88号 附件1 附加分:
 * - 龙头企业：总部企业三年内入选世界企业500强加5分、中国企业500强加3分、中国民营企业500强加2分、
 *   中国制造业企业500强加1分、中国服务业企业500强加1分（……按照就高、不重复原则加分）.
 *   Points and accepted names (with aliases) come from the edition's `top500Bonus` table. List
 *   entries carry no date: the column 三年内入选榜单 is the officer's statement that the entry is
 *   within the window (docs/rules.md §1.3). A name not in the table is an error naming the cell.
 * - 上市公司：总部企业及其在温控股子公司，三年内在……等交易所上市的，每个加1分. Any exchange is
 *   accepted ("等交易所"). "Within three years" (docs/rules.md §1.3): ratingDate − 3 years ≤ listingDate ≤
 *   ratingDate, both ends inclusive; a listing dated after the rating date is ignored with a
 *   warning; one before the window simply does not count.
 */
import { Decimal, ZERO } from '../../exact/decimal';
import { foldFullWidth } from '../text-fold';
import type { HqRatingParameters, IsoDate } from '../../policies/edition';
import type { Listing } from './group-by-headquarters';
import { HqInputRow, RuleProblem, ruleError, ruleWarning, rowLabel } from './types';

type ListTable = HqRatingParameters['top500Bonus']['value'];

/**
 * Normalise a list name for comparison: full-width ASCII to half-width, spaces and quotes removed,
 * a ticked box (☑ √) and the 附件2 第18项 prefix 上年度 dropped ("□上年度中国企业500强": last year's
 * list lies within the three years, docs/rules.md §1.6).
 */
function listKey(name: string): string {
  return foldFullWidth(name)
    .replace(/[\s\u3000《》“”"'「」]/g, '')
    .replace(/^[☑✓✔√■]+/, '')
    .replace(/^(上一?年度?)/, '')
    .toLowerCase();
}

/** The list of the edition's table a written name stands for (canonical name or alias), or null. */
export function resolveListName(name: string, table: ListTable): { list: string; points: Decimal } | null {
  const key = listKey(name);
  for (const entry of table) {
    if (listKey(entry.list) === key || entry.aliases.some((a) => listKey(a) === key)) {
      return { list: entry.list, points: new Decimal(entry.points) };
    }
  }
  return null;
}

export interface Top500Bonus {
  points: Decimal;
  /** The list that gave the points (the highest one), null when none. */
  list: string | null;
  /** Every recognised list of the group (canonical names, deduplicated, in table order). */
  lists: string[];
}

/** 龙头企业 bonus of a headquarters: the highest of its lists only (就高、不重复). */
export function top500Bonus(
  entries: ReadonlyArray<{ name: string; row?: HqInputRow }>,
  table: ListTable,
  problems: RuleProblem[] = [],
): Top500Bonus {
  if (entries.length === 0) return { points: ZERO, list: null, lists: [] };
  let best: { list: string; points: Decimal } | null = null;
  const seen = new Set<string>();
  for (const { name, row } of entries) {
    const hit = resolveListName(name, table);
    if (!hit) {
      const accepted = table.map((e) => [e.list, ...e.aliases].join(' = ')).join('；');
      problems.push(ruleError(row, 'top500Lists',
        `${row ? rowLabel(row) : ''}「三年内入选榜单」中的「${name}」不是可加分的榜单。可填写：${accepted}；多个榜单用「、」分隔，没有填「无」。`));
      continue;
    }
    seen.add(hit.list);
    if (best === null || hit.points.greaterThan(best.points)) best = hit;
  }
  return {
    points: best?.points ?? ZERO,
    list: best?.list ?? null,
    lists: table.map((e) => e.list).filter((l) => seen.has(l)),
  };
}

/**
 * `date` minus whole years; 29 February falls back to 28 February in a non-leap target year
 * (附加分 "三年内", docs/rules.md §1.3). The one implementation: the sheets layer's minusYears calls it
 * (rules may not import src/sheets).
 */
export function yearsBefore(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const target = y - years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type ListingStatus = 'counted' | 'before-window' | 'after-rating-date';

export interface ListingBonus {
  points: Decimal;
  /** First day of the window (ratingDate − 3 years). */
  windowStart: IsoDate;
  checks: Array<{ listing: Listing; status: ListingStatus }>;
}

/** 上市公司 bonus of a headquarters: +perCompany for each company of the group listed in the window. */
export function listingBonus(
  listings: readonly Listing[],
  ratingDate: IsoDate,
  windowYears: number,
  perCompany: Decimal,
  problems: RuleProblem[] = [],
): ListingBonus {
  const windowStart = yearsBefore(ratingDate, windowYears);
  if (listings.length === 0) return { points: ZERO, windowStart, checks: [] };
  let points = ZERO;
  const checks: ListingBonus['checks'] = [];
  for (const listing of listings) {
    let status: ListingStatus;
    if (listing.date > ratingDate) {
      status = 'after-rating-date';
      problems.push(ruleWarning(listing.row, 'listingDate',
        `${rowLabel(listing.row)}上市日期 ${listing.date} 晚于评定基准日 ${ratingDate}，不计上市加分。`));
    } else if (listing.date < windowStart) {
      status = 'before-window';
    } else {
      status = 'counted';
      points = points.plus(perCompany);
    }
    checks.push({ listing, status });
  }
  return { points, windowStart, checks };
}

/**
 * Row-level checks of the listing columns (docs/rules.md §1.6/§1.7): an exchange without a date is an
 * error; a date without an exchange is ignored with a warning.
 */
export function checkListingColumns(row: HqInputRow, problems: RuleProblem[]): void {
  if (row.listingExchange !== null && row.listingDate === null) {
    problems.push(ruleError(row, 'listingDate', `${rowLabel(row)}填写了上市交易所「${row.listingExchange}」，但缺少上市日期。`));
  }
  if (row.listingExchange === null && row.listingDate !== null) {
    problems.push(ruleWarning(row, 'listingDate', `${rowLabel(row)}填写了上市日期 ${row.listingDate}，但未填写上市交易所，该日期已忽略。`));
  }
}
