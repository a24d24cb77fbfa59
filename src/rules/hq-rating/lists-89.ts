/**
 * 温政办〔2023〕89号《关于公布2023年温州市领军型工业企业、高成长型工业企业名单的通知》 附件1（领军型，100 家）、
 * 附件2（高成长型，195 家）: which lists a rated headquarters is on, by its name (docs/rules.md §4: the lists
 * take part in no calculation, they annotate). The name must match an entry exactly after the
 * matching-only folding of docs/rules.md §1.8 — full-width ASCII to half-width (so （） matches ()),
 * every space removed; nothing else (no abbreviations, no 有限公司 dropped). The name is shown as typed.
 */
import { foldedKey } from '../text-fold';
import { enterpriseLists } from '../../policies/reference';

export interface ListMembership {
  /** 领军型 / 高成长型. */
  list: string;
  /** e.g. 领军型（2023） */
  label: string;
  /** The year of the list (2023). */
  year: number;
  /** 地区 of the entry, as in the gazette. */
  district: string;
  /** 温政办〔2023〕89号 附件1 */
  document: string;
}

/** The folded form of a name, for matching only (never shown). */
export const nameKey = foldedKey;

let index: Map<string, ListMembership[]> | null = null;

function lookup(): Map<string, ListMembership[]> {
  if (index) return index;
  index = new Map();
  for (const ref of enterpriseLists()) {
    for (const list of ref.lists) {
      for (const e of list.entries) {
        const k = nameKey(e.name);
        const m: ListMembership = { list: list.label, label: `${list.label}（${ref.year}）`, year: ref.year, district: e.district, document: `${ref.document} ${list.article}` };
        index.set(k, [...(index.get(k) ?? []), m]);
      }
    }
  }
  return index;
}

/** The lists of 温政办〔2023〕89号 the name is on ([] when none). */
export function listsOf(name: string): ListMembership[] {
  return lookup().get(nameKey(name)) ?? [];
}
