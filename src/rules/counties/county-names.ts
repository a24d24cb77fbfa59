/**
 * County names as officers write them, for MATCHING only (docs/rules.md §2.2):
 * 文成 / 文成县 / 文成县人民政府 / ＼全角 文成县 are one county, and 温州海经区 is the 海经区 of
 * 温政办函〔2023〕28号 第七条 ("海经区100万元"; 温政办〔2023〕88号、89号 write 温州海经区).
 * What is shown is always the user's own spelling; only the key is folded.
 *
 * 温州湾新区 is NOT an alias of 龙湾区: 第七条 counts it inside 龙湾区's 1,280万元
 * ("龙湾区1280万元（温州湾新区780万元）"), which only the 第六条 what-if folds (see
 * rules/water-fund/what-if-split.ts).
 */
import { foldedKey } from '../text-fold';

/** Whole-name aliases (after width and space folding, before the suffix is dropped). */
export const COUNTY_ALIASES: ReadonlyArray<{ alias: string; county: string; article: string }> = [
  { alias: '温州海经区', county: '海经区', article: '温政办函〔2023〕28号 第七条' },
];

/** Width- and space-folded text: the part of a county key that is not about suffixes. */
const folded = foldedKey;

/**
 * The matching key of a county name: width and spaces folded, 人民政府 / 政府 dropped, an alias
 * replaced by the county it names, then one trailing 县 / 市 / 区 dropped.
 */
export function countyKey(name: string): string {
  let text = folded(name).replace(/(人民政府|政府)$/, '');
  const alias = COUNTY_ALIASES.find((a) => a.alias === text);
  if (alias) text = alias.county;
  return text.replace(/(县|市|区)$/, '');
}

export function sameCounty(a: string, b: string): boolean {
  return countyKey(a) === countyKey(b);
}

/**
 * The county-level divisions of Wenzhou (温州市) and the functional areas the 2023 documents name
 * (温政办函〔2023〕28号 第七条: 海经区, 温州湾新区; 温政办〔2023〕88号、89号: 温州海经区, 浙南产业集聚区),
 * for telling 在温 from 市外 in 所在地 (温政办〔2023〕88号 附件1 备注2 "在温分公司、控股子公司").
 */
export const WENZHOU_PLACES: readonly string[] = [
  '鹿城区', '龙湾区', '瓯海区', '洞头区', '乐清市', '瑞安市', '龙港市', '永嘉县', '平阳县', '苍南县', '文成县', '泰顺县',
  '海经区', '温州湾新区', '浙南产业集聚区', '浙南科技城', '温州经济技术开发区',
];

export type PlaceReading =
  /** 在温: empty, 在温 / 温州 / 市内 / 本市, or a place of Wenzhou. */
  | { kind: 'wenzhou' }
  /** 市外 / 外地 / 温州市外 …: named as outside Wenzhou. */
  | { kind: 'outside' }
  /** Some other place (杭州市, 上海): outside Wenzhou, but the reader should say how it read it. */
  | { kind: 'elsewhere' };

const OUTSIDE_WORDS = /(市外|外地|以外|之外|省外|境外|国外|海外|外省|外市)/;
const WENZHOU_WORDS = /(温州|在温|市内|本市|本地|市区)/;

/**
 * 所在地 of a branch or subsidiary (温政办〔2023〕88号 附件1 备注2; 附件2 第19、20项 在温 / 市外):
 * whether the text places it in Wenzhou. Matching only; the text itself is shown as typed.
 */
export function readPlace(text: string | null): PlaceReading {
  const k = text === null ? '' : folded(text);
  if (k === '') return { kind: 'wenzhou' };
  if (OUTSIDE_WORDS.test(k)) return { kind: 'outside' };
  if (WENZHOU_WORDS.test(k)) return { kind: 'wenzhou' };
  // 瑞安 / 瑞安市 / 瑞安市塘下镇 / 浙江省瑞安市…
  for (const place of WENZHOU_PLACES) if (k.includes(place) || k.startsWith(countyKey(place))) return { kind: 'wenzhou' };
  return { kind: 'elsewhere' };
}
