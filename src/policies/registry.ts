/**
 * The registry of policy editions and the choice of the edition in force on a date.
 * To add the 2026 round: add its JSON file beside the 2023 one and list it below.
 */
import hq20231219 from './hq-rating/2023-12-19.json';
import water20231208 from './water-fund/2023-12-08.json';
import relief20240201 from './medical-relief/2024-02-01.json';
import type {
  Edition, IsoDate, PolicyKind, HqRatingEdition, WaterFundEdition, MedicalReliefEdition,
} from './edition';

const EDITIONS = {
  'hq-rating': [hq20231219 as unknown as HqRatingEdition],
  'water-fund': [water20231208 as unknown as WaterFundEdition],
  'medical-relief': [relief20240201 as unknown as MedicalReliefEdition],
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

/** Today's date as yyyy-mm-dd in local time (the only place the clock is read for policies). */
export function todayIso(now: Date = new Date()): IsoDate {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
