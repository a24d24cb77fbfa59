/**
 * 政策保障 — 温政办〔2023〕88号 四、政策保障 by tier: 四、1 便企优待支持 (三星级（含）以上 总部星级卡；
 * 四星级（含）以上 子女入学照顾), 四、2 租用购建补助 (三星级（含）以上，在我市无自有办公用房的), 四、3 加大要素支持
 * (星级总部企业). The benefits and their articles come from the edition (parameter `benefits`), none
 * from code. 附件2 第21项「总部企业母公司在温是否拥有自有产权办公用房」 decides 租用购建补助: 是 → not for
 * this enterprise; 否 → it applies; not given → it applies only if it has no own office (conditional).
 * 五、1: the benefits are in force for, as a rule, two years.
 */
import type { HqRatingParameters } from '../../policies/edition';

export type BenefitSpec = NonNullable<HqRatingParameters['benefits']>['value'][number];

export interface TierBenefit {
  key: string;
  name: string;
  article: string;
  applies: 'yes' | 'conditional' | 'no';
  note?: string;
}

/** The benefits of a tier for one enterprise; `ownOffice` is 附件2 第21项 (null = not given). */
export function benefitsOf(stars: number, ownOffice: boolean | null | undefined, parameters: HqRatingParameters): TierBenefit[] {
  const list = parameters.benefits?.value ?? [];
  const out: TierBenefit[] = [];
  for (const b of list) {
    if (stars < b.minStars) continue;
    if (!b.requiresNoOwnOffice) { out.push({ key: b.key, name: b.name, article: b.article, applies: 'yes' }); continue; }
    if (ownOffice === true) out.push({ key: b.key, name: b.name, article: b.article, applies: 'no', note: '有自有产权办公用房，不适用' });
    else if (ownOffice === false) out.push({ key: b.key, name: b.name, article: b.article, applies: 'yes' });
    else out.push({ key: b.key, name: b.name, article: b.article, applies: 'conditional', note: '须在我市无自有办公用房' });
  }
  return out;
}

/** 「总部星级卡（四、1）；租用购建补助（四、2，须在我市无自有办公用房）」 */
export function benefitsText(benefits: readonly TierBenefit[]): string {
  const article = (a: string) => a.split(/\s/)[0];
  return benefits.filter((b) => b.applies !== 'no').map((b) => `${b.name}（${article(b.article)}${b.note ? `，${b.note}` : ''}）`).join('；');
}
