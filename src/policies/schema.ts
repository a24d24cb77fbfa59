/**
 * The schema of a policy edition file (src/policies/<测算>/<日期>.json, and a draft of the next round
 * given with `--edition FILE.json`): a hand-written validator, so that the bundled editions are
 * checked when they are loaded and a draft is refused with a Chinese message naming the field
 * (docs/interfaces.md「6」`--edition`). Checked: the required fields and their types, every
 * parameter carrying a non-empty `article` (the article of the document its value comes from), and
 * the few consistency rules a calculation relies on (the four base indicators of 88号 附件1, star
 * bands counting from rank 1 without gaps, the four factors of 28号 第九条 adding up to 1, …).
 */
import type { Edition, HqRatingEdition, MedicalReliefEdition, PolicyKind, WaterFundEdition } from './edition';

export type EditionOfPolicy<K extends PolicyKind> =
  K extends 'hq-rating' ? HqRatingEdition : K extends 'water-fund' ? WaterFundEdition : MedicalReliefEdition;

export type EditionValidation<E> = { ok: true; edition: E } | { ok: false; message: string; field: string };

/** A field's type as the validator knows it. */
type Spec =
  | { t: 'string'; nonEmpty?: boolean }
  | { t: 'date' }
  | { t: 'dateOrNull' }
  /** A decimal as a string ("0.45", "14000"): money and weights never pass through JS numbers. */
  | { t: 'decimal'; nonNegative?: boolean }
  | { t: 'int'; min?: number }
  | { t: 'intOrNull'; min?: number }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'boolean' }
  | { t: 'array'; of: Spec; min?: number }
  | { t: 'object'; fields: Record<string, Spec>; optional?: readonly string[] }
  /** { "article": "…", "value": … } — every parameter names its article. */
  | { t: 'param'; value: Spec };

const str: Spec = { t: 'string', nonEmpty: true };
const anyStr: Spec = { t: 'string' };
const decimal: Spec = { t: 'decimal', nonNegative: true };
const strings: Spec = { t: 'array', of: str };
const obj = (fields: Record<string, Spec>, optional: readonly string[] = []): Spec => ({ t: 'object', fields, optional });
const param = (value: Spec): Spec => ({ t: 'param', value });

const HQ_INDICATOR_FIELDS = ['revenue', 'localContribution', 'rdExpense', 'pensionRate'] as const;
const WATER_FACTOR_FIELDS = ['primaryZoneArea', 'catchmentArea', 'population', 'waterArea'] as const;

const HQ_PARAMETERS = obj({
  indicators: param({ t: 'array', min: 1, of: obj({ field: { t: 'enum', values: HQ_INDICATOR_FIELDS }, label: str, unit: anyStr, weight: decimal, verifiedBy: anyStr }) }),
  top500Bonus: param({ t: 'array', of: obj({ list: str, points: decimal, aliases: { t: 'array', of: str } }) }),
  listingBonusPerCompany: param(decimal),
  listingWindowYears: param({ t: 'int', min: 0 }),
  exchanges: param(strings),
  starBands: param({ t: 'array', min: 1, of: obj({ stars: { t: 'int', min: 1 }, label: str, fromRank: { t: 'int', min: 1 }, toRank: { t: 'intOrNull', min: 1 } }) }),
  disqualificationGrounds: param(strings),
  reratingIntervalYears: param({ t: 'int', min: 1 }),
  // 88号 四、政策保障 (optional: an edition without it shows no benefits).
  benefits: param({
    t: 'array',
    of: obj({ key: str, name: str, minStars: { t: 'int', min: 1 }, article: str, text: str, requiresNoOwnOffice: { t: 'boolean' } }, ['requiresNoOwnOffice']),
  }),
}, ['benefits']);

const WATER_PARAMETERS = obj({
  fundYears: param(obj({ first: { t: 'int', min: 1900 }, last: { t: 'int', min: 1900 } })),
  annualTotalWan: param(decimal),
  cityShareWan: param(decimal),
  districtSharesWan: param({ t: 'array', of: obj({ district: str, amount: decimal, note: anyStr, parts: { t: 'array', of: obj({ name: str, amount: decimal }) } }, ['note', 'parts']) }),
  districtReviewYears: param({ t: 'int', min: 1 }),
  recipients: param({ t: 'array', min: 1, of: obj({ county: str, source: anyStr }) }),
  baseTotalWan: param(decimal),
  baseFactors: param({ t: 'array', min: 1, of: obj({ field: { t: 'enum', values: WATER_FACTOR_FIELDS }, label: str, weight: decimal, verifiedBy: anyStr }) }),
  rewardTotalWan: param(decimal),
  rewardGroups: param({ t: 'array', of: obj({ group: { t: 'enum', values: ['A', 'B'] }, label: str, counties: { t: 'array', min: 1, of: str }, prizesWan: { t: 'array', of: decimal } }) }),
  assessmentComponents: param(obj({ waterQualityMax: decimal, greenWeight: decimal, managementMax: decimal, performanceMax: decimal })),
});

const RELIEF_PARAMETERS = obj({
  selfPayThreshold: param(decimal),
  familyCap: param(decimal),
  cityFundPerYear: param(decimal),
  localMatchRatio: param(decimal),
  pilotCounties: param({ t: 'array', of: str }),
});

const PARAMETERS: Record<PolicyKind, Spec> = { 'hq-rating': HQ_PARAMETERS, 'water-fund': WATER_PARAMETERS, 'medical-relief': RELIEF_PARAMETERS };

const TOP_FIELDS = {
  policy: { t: 'enum', values: ['hq-rating', 'water-fund', 'medical-relief'] },
  document: str,
  title: str,
  published: { t: 'date' },
  effectiveFrom: { t: 'date' },
  effectiveTo: { t: 'dateOrNull' },
} as const satisfies Record<string, Spec>;

const POLICY_TITLES: Record<PolicyKind, string> = {
  'hq-rating': '总部企业星级评定（hq-rating）',
  'water-fund': '饮用水水源地生态保护补偿资金（water-fund）',
  'medical-relief': '医保纾困专项保障（medical-relief）',
};

const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function validIsoDate(text: string): boolean {
  if (!ISO.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

class Invalid extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '数组';
  switch (typeof v) {
    case 'string': return `文字「${(v as string).length > 40 ? `${(v as string).slice(0, 40)}…` : v}」`;
    case 'number': return `数字 ${v}`;
    case 'boolean': return `${v}`;
    case 'object': return '对象';
    default: return typeof v;
  }
}

function check(spec: Spec, v: unknown, path: string): void {
  const fail = (wanted: string): never => { throw new Invalid(path, `字段「${path}」应为${wanted}，现为${v === undefined ? '空（缺少该字段）' : kindOf(v)}。`); };
  switch (spec.t) {
    case 'string':
      if (typeof v !== 'string') fail('文字');
      if (spec.nonEmpty && (v as string).trim() === '') fail('非空的文字');
      return;
    case 'date':
      if (typeof v !== 'string' || !validIsoDate(v)) fail('日期（YYYY-MM-DD）');
      return;
    case 'dateOrNull':
      if (v !== null && (typeof v !== 'string' || !validIsoDate(v))) fail('日期（YYYY-MM-DD）或 null（长期有效）');
      return;
    case 'decimal':
      // Numbers in the file would be read through JS floating point: decimals are written as text.
      if (typeof v !== 'string' || !DECIMAL.test(v.trim())) fail('以文字书写的数，如 "0.45"、"14000"（加引号）');
      if (spec.nonNegative && (v as string).trim().startsWith('-')) fail('不小于 0 的数');
      return;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('整数');
      if (spec.min !== undefined && (v as number) < spec.min) fail(`不小于 ${spec.min} 的整数`);
      return;
    case 'intOrNull':
      if (v === null) return;
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('整数或 null');
      if (spec.min !== undefined && (v as number) < spec.min) fail(`不小于 ${spec.min} 的整数或 null`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') fail('true 或 false');
      return;
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v)) fail(`${spec.values.map((x) => `"${x}"`).join('、')} 之一`);
      return;
    case 'array': {
      if (!Array.isArray(v)) fail('数组');
      const a = v as unknown[];
      if (spec.min !== undefined && a.length < spec.min) fail(`至少有 ${spec.min} 项的数组`);
      a.forEach((x, i) => check(spec.of, x, `${path}[${i}]`));
      return;
    }
    case 'object': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('对象（{…}）');
      const o = v as Record<string, unknown>;
      for (const [k, s] of Object.entries(spec.fields)) {
        if (o[k] === undefined && spec.optional?.includes(k)) continue;
        check(s, o[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    case 'param': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('参数对象 {"article": "条款", "value": …}');
      const o = v as Record<string, unknown>;
      if (typeof o.article !== 'string' || o.article.trim() === '') {
        throw new Invalid(`${path}.article`, `字段「${path}.article」应写明该参数所依据的条款（非空文字，如 "第九条"），现为${o.article === undefined ? '空（缺少该字段）' : kindOf(o.article)}。`);
      }
      check(spec.value, o.value, `${path}.value`);
      return;
    }
  }
}

const dec = (s: string): { int: bigint; scale: number } => {
  const t = s.trim();
  const neg = t.startsWith('-');
  const body = neg ? t.slice(1) : t;
  const [i, f = ''] = body.split('.');
  return { int: BigInt(`${neg ? '-' : ''}${i || '0'}${f}`), scale: f.length };
};

/** Σ of decimal strings as an exact fraction compared with `target` (no floating point). */
function sumEquals(values: readonly string[], target: string): boolean {
  const all = [...values, target].map(dec);
  const scale = Math.max(...all.map((d) => d.scale));
  const at = (d: { int: bigint; scale: number }) => d.int * 10n ** BigInt(scale - d.scale);
  const total = all.slice(0, -1).reduce((a, d) => a + at(d), 0n);
  return total === at(all[all.length - 1]);
}

/** The consistency a calculation relies on, after the types are right. */
function checkConsistency(policy: PolicyKind, e: Record<string, unknown>): void {
  const p = e.parameters as Record<string, { value: unknown }>;
  const fail = (field: string, message: string): never => { throw new Invalid(field, `字段「${field}」${message}`); };
  if (typeof e.effectiveTo === 'string' && (e.effectiveTo as string) < (e.effectiveFrom as string)) {
    fail('effectiveTo', `（${e.effectiveTo}）早于 effectiveFrom（${e.effectiveFrom}）。`);
  }
  if (policy === 'hq-rating') {
    const inds = p.indicators.value as Array<{ field: string }>;
    for (const f of HQ_INDICATOR_FIELDS) {
      const n = inds.filter((i) => i.field === f).length;
      if (n !== 1) fail('parameters.indicators.value', `应对四项基本分指标 ${HQ_INDICATOR_FIELDS.join('、')} 各列一项（附件1 基本分），「${f}」${n === 0 ? '缺少' : `出现 ${n} 次`}。`);
    }
    const bands = p.starBands.value as Array<{ stars: number; fromRank: number; toRank: number | null }>;
    let next = 1;
    const stars = new Set<number>();
    bands.forEach((b, i) => {
      const at = `parameters.starBands.value[${i}]`;
      if (stars.has(b.stars)) fail(`${at}.stars`, `星级 ${b.stars} 重复。`);
      stars.add(b.stars);
      if (b.fromRank !== next) fail(`${at}.fromRank`, `应为 ${next}（星级按名次从第 1 名起依次相接，不能有空缺或重叠），现为 ${b.fromRank}。`);
      if (b.toRank === null) {
        if (i !== bands.length - 1) fail(`${at}.toRank`, '为 null（其余名次）只能用于最后一个星级。');
        next = Number.POSITIVE_INFINITY;
      } else {
        if (b.toRank < b.fromRank) fail(`${at}.toRank`, `（${b.toRank}）小于 fromRank（${b.fromRank}）。`);
        next = b.toRank + 1;
      }
      if (i > 0 && b.stars >= bands[i - 1].stars) fail(`${at}.stars`, '应从高到低排列（名次靠前的星级更高）。');
    });
    if (Number.isFinite(next)) fail(`parameters.starBands.value[${bands.length - 1}].toRank`, '最后一个星级应为 null（其余名次均属该星级）。');
  }
  if (policy === 'water-fund') {
    const years = p.fundYears.value as { first: number; last: number };
    if (years.last < years.first) fail('parameters.fundYears.value.last', `（${years.last}）早于 first（${years.first}）。`);
    const factors = p.baseFactors.value as Array<{ field: string; weight: string }>;
    for (const f of WATER_FACTOR_FIELDS) {
      const n = factors.filter((x) => x.field === f).length;
      if (n !== 1) fail('parameters.baseFactors.value', `应对四个因素 ${WATER_FACTOR_FIELDS.join('、')} 各列一项（第九条），「${f}」${n === 0 ? '缺少' : `出现 ${n} 次`}。`);
    }
    if (!sumEquals(factors.map((f) => f.weight), '1')) fail('parameters.baseFactors.value', `各因素权重之和应为 1（第九条：5%＋45%＋30%＋20%），现为 ${factors.map((f) => f.weight).join(' + ')}。`);
    const groups = p.rewardGroups.value as Array<{ group: string }>;
    const seen = new Set<string>();
    groups.forEach((g, i) => {
      if (seen.has(g.group)) fail(`parameters.rewardGroups.value[${i}].group`, `考核组「${g.group}」重复。`);
      seen.add(g.group);
    });
  }
}

/**
 * Validate an edition (parsed JSON) of `policy`. `source` names the file in the messages. The
 * edition is returned as given (typed) when valid.
 */
export function validateEdition<K extends PolicyKind>(policy: K, data: unknown, source = '版本文件'): EditionValidation<EditionOfPolicy<K>> {
  try {
    check({ t: 'object', fields: TOP_FIELDS }, data, '');
    const e = data as Record<string, unknown>;
    if (e.policy !== policy) {
      throw new Invalid('policy', `字段「policy」为「${String(e.policy)}」，不是${POLICY_TITLES[policy]}的版本文件（应为 "${policy}"）。`);
    }
    check(PARAMETERS[policy], e.parameters, 'parameters');
    checkConsistency(policy, e);
    return { ok: true, edition: data as EditionOfPolicy<K> };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, field: err.field, message: `${source}无效：${err.message}` };
    throw err;
  }
}

/** A bundled edition: valid, or a defect of this program (thrown when the registry loads). */
export function bundledEdition<K extends PolicyKind>(policy: K, data: unknown, file: string): EditionOfPolicy<K> {
  const v = validateEdition(policy, data, `内置政策版本 ${file} `);
  if (!v.ok) throw new Error(v.message);
  return v.edition;
}

/** A draft edition read from a file (`--edition FILE.json`, the pane's picker). */
export interface DraftEdition<E = Edition<unknown>> {
  edition: E;
  /** The file name as given (shown on every result sheet and in JSON `edition.draft.file`). */
  file: string;
}

/** Parse and validate the text of a draft edition file; a Chinese message naming the field otherwise. */
export function parseDraftEdition<K extends PolicyKind>(policy: K, text: string, file: string): { ok: true; draft: DraftEdition<EditionOfPolicy<K>> } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, message: `版本文件 ${file} 不是有效的 JSON：${(e as Error).message}。` };
  }
  const v = validateEdition(policy, data, `版本文件 ${file} `);
  if (!v.ok) return { ok: false, message: v.message };
  return { ok: true, draft: { edition: v.edition, file } };
}
