/**
 * 温政办〔2023〕88号 附件1 备注2：基本分的各项指标，为企业母公司和在温分公司、控股子公司数据加总；
 * 备注1：养老保险参保率 = 上年度该企业在温职工养老保险缴费人数 / 该企业在温个税申报人数.
 *
 * Rows whose hqCreditCode names another row are summed into that headquarters; a chain (a
 * subsidiary of a subsidiary) resolves to its top row; a hqCreditCode that names no row, or a
 * cycle, is an error (docs/rules.md §1.6). The group's 参保率 is Σ缴费人数 / Σ申报人数 — never a sum or
 * mean of rates; a rate given directly is accepted only on a single-row group; on a row that gives
 * both the counts and a rate the counts win; 0 of 0 reads as rate 0 with a warning. 三年内入选榜单
 * on any row count for the headquarters; 取消资格情形 (五、3) on any row disqualifies the group.
 *
 * Only what 备注2 counts is summed — "母公司和在温分公司、控股子公司" — and 附件2 第19项 says which
 * subsidiaries those are: "子公司（控股50%以上）", while 第20项 lists 市外 ones apart
 * (docs/rules.md §1.6). A branch or subsidiary row whose 所在地 is outside Wenzhou, or whose
 * 控股比例 is below 50 % (以上 includes 50 % itself), is NOT COUNTED: not summed, no listing bonus,
 * its lists and 取消资格情形 not applied; so is every row below it in the chain. Each such row
 * is reported in `notCounted` with its reason. An empty 控股比例 (a branch, or not given) counts.
 * Linear in the number of rows (each chain is walked once, results memoised).
 */
import { compareDecimals, Decimal, ZERO, ONE, sum } from '../../exact/decimal';
import type { IsoDate } from '../../policies/edition';
import { readPlace } from '../counties/county-names';
import { HQ_INDICATORS, HqIndicator, HqInputRow, RuleProblem, ruleError, ruleWarning, rowLabel } from './types';

/** A listing of one company of the group (上市公司 附加分). */
export interface Listing {
  row: HqInputRow;
  creditCode: string;
  name: string;
  exchange: string;
  date: IsoDate;
}

/** How the group's 参保率 was obtained, for the derivation text. */
export type PensionBasis =
  | { kind: 'counts'; contributors: Decimal; filers: Decimal }
  | { kind: 'rate' };

export interface HqGroup {
  creditCode: string;
  name: string;
  /** The headquarters row (top of the chain). */
  head: HqInputRow;
  /** Branch and subsidiary rows summed into it, in input order. */
  members: HqInputRow[];
  /** Base indicators after 备注2 summation (pensionRate as a fraction). */
  values: Record<HqIndicator, Decimal>;
  pension: PensionBasis;
  /** Every list name given on any row of the group, with the row that gave it. */
  top500Lists: Array<{ name: string; row: HqInputRow }>;
  /** Every row of the group that gives an exchange and a listing date. */
  listings: Listing[];
  /** Reasons of 五、3 from any row of the group; null = not disqualified. */
  disqualification: string | null;
}

/** A branch or subsidiary row left out under 备注2 / 附件2 第19、20项, with its reason. */
export interface NotCountedRow {
  row: HqInputRow;
  /** The headquarters row at the top of its chain. */
  headquarters: HqInputRow;
  reason: string;
}

export interface GroupingOutcome {
  groups: HqGroup[];
  /** Rows not counted (市外, 控股比例 below 50 %, or below such a row), in input order. */
  notCounted: NotCountedRow[];
  problems: RuleProblem[];
}

/** 附件2 第19项 "控股50%以上": 以上 includes the number itself (民法典第一千二百五十九条). */
const CONTROL_THRESHOLD = new Decimal('0.5');

/**
 * Why a branch or subsidiary row itself is not counted (备注2 "在温分公司、控股子公司"; 附件2 第19项
 * 控股50%以上, 第20项 市外), or null when it counts. 所在地 comes first: a 市外 row is reported as such.
 */
export function ownExclusion(row: HqInputRow): string | null {
  const place = readPlace(row.location ?? null);
  if (place.kind === 'outside') return `所在地为「${row.location}」（市外），不属于在温分公司、控股子公司（附件1 备注2）`;
  if (place.kind === 'elsewhere') return `所在地「${row.location}」不在温州市内，按市外处理，不属于在温分公司、控股子公司（附件1 备注2）`;
  const share = row.holdingShare ?? null;
  if (share !== null && share.lessThan(CONTROL_THRESHOLD)) {
    return `控股比例 ${percentText(share)} 低于 50%，不是控股子公司（附件2 第19项：控股50%以上）`;
  }
  return null;
}

export interface GroupingOptions {
  /** Credit codes of rows that exist in the input but could not be read (their own errors are
   *  reported elsewhere): a row naming one of them as its headquarters is silently left out. */
  knownCodes?: ReadonlySet<string>;
}

const SUMMED = HQ_INDICATORS.filter((f) => f !== 'pensionRate') as Array<'revenue' | 'localContribution' | 'rdExpense'>;

function isHeadRow(row: HqInputRow): boolean {
  return row.hqCreditCode === null || row.hqCreditCode === '' || row.hqCreditCode === row.creditCode;
}

function percentText(fraction: Decimal): string {
  return `${fraction.times(100).toFixed()}%`;
}

/**
 * 备注1 per row: the counts (if both are given) or else the rate; problems for impossible counts.
 * Returns null when the row gives neither.
 */
function rowPension(row: HqInputRow, problems: RuleProblem[]): { contributors: Decimal; filers: Decimal } | { rate: Decimal } | null {
  const c = row.pensionContributors;
  const f = row.taxFilers;
  let bad = false;
  if (c !== null && c.isNegative()) { problems.push(ruleError(row, 'pensionContributors', `${rowLabel(row)}「缴费人数」不能为负数：${c.toFixed()}。`)); bad = true; }
  if (f !== null && f.isNegative()) { problems.push(ruleError(row, 'taxFilers', `${rowLabel(row)}「个税申报人数」不能为负数：${f.toFixed()}。`)); bad = true; }
  if (c !== null && f !== null && !bad) {
    if (f.isZero() && !c.isZero()) { // c ≥ 0 here: "> 0" is "not 0"
      problems.push(ruleError(row, 'taxFilers', `${rowLabel(row)}个税申报人数为 0 而养老保险缴费人数为 ${c.toFixed()}，无法计算参保率（备注1），请核实。`));
      return null;
    }
    if (compareDecimals(c, f) > 0) {
      problems.push(ruleError(row, 'pensionContributors', `${rowLabel(row)}养老保险缴费人数 ${c.toFixed()} 大于个税申报人数 ${f.toFixed()}，参保率将超过 100%，请核实。`));
      return null;
    }
    return { contributors: c, filers: f };
  }
  if (bad) return null;
  const rate = row.pensionRate;
  if (rate !== null) {
    if (rate.isNegative()) {
      problems.push(ruleError(row, 'pensionRate', `${rowLabel(row)}参保率不能为负数：${percentText(rate)}。`));
      return null;
    }
    if (rate.greaterThan(ONE)) {
      problems.push(ruleError(row, 'pensionRate', `${rowLabel(row)}参保率 ${percentText(rate)} 超过 100%，请核实。`));
      return null;
    }
    if (c !== null || f !== null) {
      problems.push(ruleWarning(row, c === null ? 'taxFilers' : 'pensionContributors',
        `${rowLabel(row)}只填写了缴费人数和申报人数中的一项，已按所填参保率 ${percentText(rate)} 计算。`));
    }
    return { rate };
  }
  const missing = c === null && f === null ? 'pensionContributors' : c === null ? 'pensionContributors' : 'taxFilers';
  problems.push(ruleError(row, missing,
    `${rowLabel(row)}缺少参保率数据：请填写「上年度在温职工养老保险缴费人数」和「在温个税申报人数」，或直接填写「参保率」。`));
  return null;
}

/** 备注2 grouping with 备注1 group rate. Rows with errors are left out of every group. */
export function groupByHeadquarters(rows: readonly HqInputRow[], options: GroupingOptions = {}): GroupingOutcome {
  const problems: RuleProblem[] = [];
  const byCode = new Map<string, HqInputRow>();
  for (const row of rows) {
    const first = byCode.get(row.creditCode);
    if (first) {
      const firstWhere = first.source ? `（首次出现在第 ${first.source.rowNumber} 行，${first.source.cells.creditCode ?? ''}）` : '';
      problems.push(ruleError(row, 'creditCode', `统一社会信用代码「${row.creditCode}」重复${firstWhere}：每个企业只能填写一行。`));
      continue;
    }
    byCode.set(row.creditCode, row);
  }

  // Resolve each row's top headquarters: iterative walk with memo; 'bad' marks unresolvable rows.
  // Headquarters rows are their own top (no walk); only branch and subsidiary rows are walked.
  const top = new Map<string, string | 'bad'>();
  for (const row of byCode.values()) if (isHeadRow(row)) top.set(row.creditCode, row.creditCode);
  const walkOf = new Map<string, number>(); // code → id of the walk that has it on its path
  let walk = 0;
  for (const row of byCode.values()) {
    if (top.has(row.creditCode)) continue;
    walk++;
    const path: HqInputRow[] = [];
    let cur = row;
    let result: string | 'bad';
    for (;;) {
      const memo = top.get(cur.creditCode);
      if (memo !== undefined) { result = memo; break; }
      path.push(cur);
      walkOf.set(cur.creditCode, walk);
      if (isHeadRow(cur)) { result = cur.creditCode; break; }
      const parentCode = cur.hqCreditCode!;
      if (walkOf.get(parentCode) === walk && !top.has(parentCode)) {
        const cycle = path.slice(path.findIndex((r) => r.creditCode === parentCode)).map((r) => r.creditCode);
        problems.push(ruleError(cur, 'hqCreditCode',
          `所属总部形成循环：${[...cycle, parentCode].join(' → ')}，无法确定总部，请核实「所属总部统一社会信用代码」。`));
        result = 'bad';
        break;
      }
      const parent = byCode.get(parentCode);
      if (!parent) {
        if (!options.knownCodes?.has(parentCode)) {
          problems.push(ruleError(cur, 'hqCreditCode',
            `${rowLabel(cur)}的所属总部统一社会信用代码「${parentCode}」在表中找不到对应的企业行。`));
        }
        result = 'bad';
        break;
      }
      cur = parent;
    }
    for (const r of path) top.set(r.creditCode, result);
  }

  // Collect the groups in the order their headquarters rows appear; rows not counted apart.
  const members = new Map<string, HqInputRow[]>();
  const notCounted: NotCountedRow[] = [];
  if (top.size < byCode.size || walk > 0) {
    const reasonOf = notCountedReasons(byCode);
    for (const row of byCode.values()) {
      const t = top.get(row.creditCode);
      if (t === undefined || t === 'bad' || row.creditCode === t) continue;
      const reason = reasonOf(row);
      if (reason !== null) {
        notCounted.push({ row, headquarters: byCode.get(t)!, reason });
        continue;
      }
      let list = members.get(t);
      if (!list) { list = []; members.set(t, list); }
      list.push(row);
    }
  }
  problems.push(...notCountedProblems(notCounted));
  for (const row of byCode.values()) {
    if (!isHeadRow(row) || row.location == null) continue;
    if (readPlace(row.location).kind !== 'wenzhou') {
      problems.push(ruleWarning(row, 'location', `${rowLabel(row)}是总部行，所在地却为「${row.location}」：总部企业应在温注册（一、评定范围），已照常参评，请核实。`));
    }
  }
  const groups: HqGroup[] = [];
  for (const row of byCode.values()) {
    if (!isHeadRow(row)) continue; // only a headquarters row is its own top

    const group = buildGroup(row, members.get(row.creditCode) ?? [], problems);
    if (group) groups.push(group);
  }
  return { groups, notCounted, problems };
}

/**
 * The not-counted reason of each non-headquarters row whose chain reaches a headquarters: its own
 * (ownExclusion) or, failing that, the one of the row above it (a subsidiary of a 市外 or 30 %
 * subsidiary is not the headquarters' 在温控股子公司 either). Memoised; chains walked iteratively.
 */
function notCountedReasons(byCode: ReadonlyMap<string, HqInputRow>): (row: HqInputRow) => string | null {
  const memo = new Map<string, string | null>();
  return (row) => {
    const path: HqInputRow[] = [];
    let cur = row;
    while (!isHeadRow(cur) && !memo.has(cur.creditCode)) {
      path.push(cur);
      cur = byCode.get(cur.hqCreditCode!)!;
    }
    let above: { row: HqInputRow; reason: string | null } | null = isHeadRow(cur) ? null : { row: cur, reason: memo.get(cur.creditCode)! };
    for (let i = path.length - 1; i >= 0; i--) {
      const r = path[i];
      const own = ownExclusion(r);
      const reason = own ?? (above && above.reason !== null ? `所属上级企业「${above.row.name}」未计入（${above.reason}）` : null);
      memo.set(r.creditCode, reason);
      above = { row: r, reason };
    }
    return memo.get(row.creditCode) ?? null;
  };
}

/** A warning per row read as 市外 from a place name, per ignored 取消资格情形, and the count. */
function notCountedProblems(notCounted: readonly NotCountedRow[]): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (notCounted.length === 0) return out;
  for (const n of notCounted) {
    if (readPlace(n.row.location ?? null).kind === 'elsewhere') {
      out.push(ruleWarning(n.row, 'location', `${rowLabel(n.row)}所在地「${n.row.location}」不是温州市内的地名，按市外处理，未计入总部「${n.headquarters.name}」。`));
    }
    if (n.row.disqualification !== null && n.row.disqualification.trim() !== '') {
      out.push(ruleWarning(n.row, 'disqualification', `${rowLabel(n.row)}未计入总部「${n.headquarters.name}」，其取消资格情形「${n.row.disqualification}」未影响总部评定，请评审委员会核实。`));
    }
  }
  const first = notCounted[0].row;
  out.push(ruleWarning(first, null,
    `有 ${notCounted.length} 行分公司、子公司未计入所属总部（市外，或控股比例低于 50%；附件1 备注2、附件2 第19—20项）：不加总、不计上市加分、其榜单不计，详见结果中的「未计入」清单。`));
  return out;
}

/** buildGroup of a headquarters without branches or subsidiaries (most of them): same checks,
 *  same problems in the same order, fewer intermediate arrays. */
function buildSingleGroup(head: HqInputRow, problems: RuleProblem[]): HqGroup | null {
  const before = problems.length;
  for (const field of SUMMED) {
    if (head[field].isNegative()) problems.push(ruleError(head, field, `${rowLabel(head)}的指标值不能为负数：${head[field].toFixed()}。`));
  }
  const p = rowPension(head, problems);
  for (let i = before; i < problems.length; i++) if (problems[i].severity === 'error') return null;
  let pension: PensionBasis;
  let pensionRate: Decimal;
  if ('rate' in p!) {
    pension = { kind: 'rate' };
    pensionRate = p.rate;
  } else {
    pension = { kind: 'counts', contributors: p!.contributors, filers: p!.filers };
    pensionRate = p!.filers.isZero() ? ZERO : p!.contributors.dividedBy(p!.filers);
  }
  if (pension.kind === 'counts' && pension.filers.isZero()) {
    problems.push(ruleWarning(head, 'taxFilers', `总部「${head.name}」缴费人数和个税申报人数均为 0，参保率按 0 计算，请核实。`));
  }
  const top500Lists: HqGroup['top500Lists'] = [];
  for (const name of head.top500Lists) top500Lists.push({ name, row: head });
  const listings: Listing[] = [];
  if (head.listingExchange !== null && head.listingDate !== null) {
    listings.push({ row: head, creditCode: head.creditCode, name: head.name, exchange: head.listingExchange, date: head.listingDate });
  }
  const reason = head.disqualification !== null ? head.disqualification.trim() : '';
  return {
    creditCode: head.creditCode,
    name: head.name,
    head,
    members: [],
    values: { revenue: head.revenue, localContribution: head.localContribution, rdExpense: head.rdExpense, pensionRate },
    pension,
    top500Lists,
    listings,
    disqualification: reason !== '' ? reason : null,
  };
}

function buildGroup(head: HqInputRow, subs: HqInputRow[], problems: RuleProblem[]): HqGroup | null {
  if (subs.length === 0) return buildSingleGroup(head, problems);
  const all = [head, ...subs];
  const before = problems.length;
  const values = {} as Record<HqIndicator, Decimal>;
  for (const field of SUMMED) {
    for (const row of all) {
      if (row[field].isNegative()) problems.push(ruleError(row, field, `${rowLabel(row)}的指标值不能为负数：${row[field].toFixed()}。`));
    }
    values[field] = sum(all.map((r) => r[field]));
  }
  const pensions = all.map((r) => rowPension(r, problems));
  for (let i = before; i < problems.length; i++) if (problems[i].severity === 'error') return null;

  // Several rows (a single row is buildSingleGroup): the group rate needs the counts (备注1、备注2).
  const rateRows = all.filter((_, i) => 'rate' in pensions[i]!);
  for (const row of rateRows) {
    problems.push(ruleError(row, 'pensionRate',
      `总部「${head.name}」有 ${all.length} 行（含分公司、控股子公司），参保率须按各行缴费人数之和 ÷ 申报人数之和计算（备注1、备注2），${rowLabel(row)}只填了参保率，请改填缴费人数和申报人数。`));
  }
  if (rateRows.length > 0) return null;
  const contributors = sum(pensions.map((p) => (p as { contributors: Decimal }).contributors));
  const filers = sum(pensions.map((p) => (p as { filers: Decimal }).filers));
  const pension: PensionBasis = { kind: 'counts', contributors, filers };
  values.pensionRate = filers.isZero() ? ZERO : contributors.dividedBy(filers);
  if (filers.isZero()) {
    problems.push(ruleWarning(head, 'taxFilers', `总部「${head.name}」缴费人数和个税申报人数均为 0，参保率按 0 计算，请核实。`));
  }

  const top500Lists: HqGroup['top500Lists'] = [];
  const listings: Listing[] = [];
  const reasons: string[] = [];
  for (const row of all) {
    for (const name of row.top500Lists) top500Lists.push({ name, row });
    if (row.listingExchange !== null && row.listingDate !== null) {
      listings.push({ row, creditCode: row.creditCode, name: row.name, exchange: row.listingExchange, date: row.listingDate });
    }
    if (row.disqualification !== null && row.disqualification.trim() !== '') {
      reasons.push(row === head ? row.disqualification.trim() : `${row.name}：${row.disqualification.trim()}`);
    }
  }
  return {
    creditCode: head.creditCode,
    name: head.name,
    head,
    members: subs,
    values,
    pension,
    top500Lists,
    listings,
    disqualification: reasons.length > 0 ? reasons.join('；') : null,
  };
}
