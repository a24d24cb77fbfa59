/**
 * 温政办函〔2023〕28号 第四条 — 受偿县（市、区）(who receives the fund).
 *
 * 第四条: 本办法所指的市级饮用水水源地具体为珊溪-赵山渡水库及集雨区范围，涉及瑞安市、文成县、泰顺县；
 * 泽雅水库及集雨区范围，涉及瓯海区。
 *
 * The text lists the recipients but the input is what the officer types, so docs/rules.md §2.2
 * fixes what happens when the two differ (both are warnings, the calculation goes on):
 *  - a county of the list missing from the input: the base part (第八条: 1.4亿元) is split among
 *    the counties present — the missing one simply gets nothing;
 *  - a county not on the list: computed as given, and it takes a share of the base part.
 * Names are compared with countyKey (rules/counties/county-names.ts: 文成 = 文成县, width and
 * spaces folded); what is shown stays the user's spelling.
 */
import { sameCounty } from '../counties/county-names';

export interface Recipient {
  county: string;
  source: string;
}

export interface RecipientCheck {
  /** Indexes (input order) of the counties not on the 第四条 list. Blank names are skipped. */
  notListed: number[];
  /** The 第四条 recipients no input row names, in the edition's order. */
  missing: Recipient[];
}

/** 温政办函〔2023〕28号 第四条: the input counties against the recipients list. */
export function checkRecipients(counties: readonly string[], recipients: readonly Recipient[]): RecipientCheck {
  const notListed: number[] = [];
  counties.forEach((county, i) => {
    if (county !== '' && !recipients.some((r) => sameCounty(r.county, county))) notListed.push(i);
  });
  const missing = recipients.filter((r) => !counties.some((c) => c !== '' && sameCounty(r.county, c)));
  return { notListed, missing: missing.map((r) => ({ ...r })) };
}
