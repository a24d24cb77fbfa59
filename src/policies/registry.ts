/**
 * The registry of policy editions and the choice of the edition for a calculation: by the date in
 * force (hq-rating, medical-relief), or — for the water fund, whose amounts are per fund year
 * (温政办函〔2023〕28号 第七条 "2023—2025年，每年安排…"; docs/rules.md §2) — by the fund year.
 * To add the 2026 round: add its JSON file beside the 2023 one and list it below.
 */
import hq20231219 from './hq-rating/2023-12-19.json';
import water20231208 from './water-fund/2023-12-08.json';
import relief20240201 from './medical-relief/2024-02-01.json';
import type {
  Edition, IsoDate, PolicyKind, HqRatingEdition, WaterFundEdition, MedicalReliefEdition,
} from './edition';
import { bundledEdition } from './schema';

// Every bundled edition is validated against the schema (schema.ts) when it is loaded: a broken
// file is a defect found at start-up, never a wrong result.
const EDITIONS: { 'hq-rating': HqRatingEdition[]; 'water-fund': WaterFundEdition[]; 'medical-relief': MedicalReliefEdition[] } = {
  'hq-rating': [bundledEdition('hq-rating', hq20231219, 'hq-rating/2023-12-19.json')],
  'water-fund': [bundledEdition('water-fund', water20231208, 'water-fund/2023-12-08.json')],
  'medical-relief': [bundledEdition('medical-relief', relief20240201, 'medical-relief/2024-02-01.json')],
};

type EditionOf<K extends PolicyKind> = (typeof EDITIONS)[K][number];

export interface EditionChoice<E> {
  edition: E;
  /** Chinese note when the date is outside every edition's dates and the nearest was used. */
  warning: string | null;
}

export function allEditions<K extends PolicyKind>(policy: K): ReadonlyArray<EditionOf<K>> {
  return EDITIONS[policy];
}

/**
 * The edition in force on `date` (effectiveFrom ≤ date ≤ effectiveTo). When none is in force,
 * the latest edition that started on or before the date is used (or else the earliest one), with
 * a warning — a calculation is never refused only because a round has not been published yet.
 */
export function editionInForce<K extends PolicyKind>(policy: K, date: IsoDate): EditionChoice<EditionOf<K>> {
  const list = [...EDITIONS[policy]].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) as Edition<unknown>[];
  const inForce = list.filter((e) => e.effectiveFrom <= date && (e.effectiveTo === null || date <= e.effectiveTo));
  if (inForce.length > 0) return { edition: inForce[inForce.length - 1] as EditionOf<K>, warning: null };
  const started = list.filter((e) => e.effectiveFrom <= date);
  const chosen = (started.length > 0 ? started[started.length - 1] : list[0]) as EditionOf<K>;
  const range = `${chosen.effectiveFrom} 至 ${chosen.effectiveTo ?? '长期'}`;
  return {
    edition: chosen,
    warning: `${date} 不在任何已收录政策版本的有效期内，已按 ${chosen.document}（有效期 ${range}）计算，请核实是否有新版本。`,
  };
}

/** The fund years an edition covers (its `fundYears` parameter), with the article they come from. */
export function fundYearsOf(edition: WaterFundEdition): { first: number; last: number; article: string } {
  const p = edition.parameters.fundYears;
  return { first: p.value.first, last: p.value.last, article: p.article };
}

/** "第七条（2023—2025年…）" → "第七条": the article alone, for messages. */
function articleOnly(article: string): string {
  const m = /^第[^条]+条/.exec(article);
  return m ? m[0] : article;
}

/**
 * The water-fund edition for a fund year (docs/rules.md §2): the edition whose fund years include
 * it (the latest such, should two overlap). A fund year no edition covers is computed with the
 * nearest edition — the one whose fund years end closest before it or start closest after it (the
 * later one on equal distance) — with a warning naming the year, the document and its years: a
 * calculation is never refused only because the next round has not been published yet.
 */
export function editionForFundYear(policy: 'water-fund', fundYear: number): EditionChoice<WaterFundEdition> {
  const list = [...EDITIONS[policy]].sort((a, b) => fundYearsOf(a).first - fundYearsOf(b).first);
  const covering = list.filter((e) => fundYearsOf(e).first <= fundYear && fundYear <= fundYearsOf(e).last);
  if (covering.length > 0) return { edition: covering[covering.length - 1], warning: null };
  const distance = (e: WaterFundEdition): number => {
    const y = fundYearsOf(e);
    return fundYear < y.first ? y.first - fundYear : fundYear - y.last;
  };
  let chosen = list[0];
  for (const e of list) if (distance(e) <= distance(chosen)) chosen = e;
  const y = fundYearsOf(chosen);
  return {
    edition: chosen,
    warning: `${fundYear} 年度不在 ${chosen.document} 所定的 ${y.first}—${y.last} 年度内（${articleOnly(y.article)}），已按该文件计算，请核实是否有新文件。`,
  };
}

/** Today's date as yyyy-mm-dd in local time (the only place the clock is read for policies). */
export function todayIso(now: Date = new Date()): IsoDate {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
