/**
 * 方案对比 — the same input computed under a baseline edition (the edition in force, or
 * `--baseline A.json`) and an alternative (a draft, `--edition B.json`), and what changes
 * (docs/interfaces.md「6」`compare`). Pure: two typed reports in, the comparison report and its
 * sheet out. `before` / `after` are copied from the two reports, so they equal what the plain
 * command gives with that edition. Money differences are exact decimals (decimal.js).
 */
import { Decimal, ZERO, decimalText } from '../exact/decimal';
import { FMT, ResultCell, ResultSheet, empty, int, num, text, withDocument } from '../sheets/result-sheet';
import type { CalculationReport, EditionJson, HqRatingReport, ProblemJson, ReliefReport, WaterFundReport } from './report';
import type { CalculatorKind } from './types';

export const COMPARE_SHEET = '方案对比';

/** One side of the comparison: the edition and the file it came from (null = the bundled edition). */
export interface CompareSide {
  policy: string;
  document: string;
  title: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** The edition file as given (`--baseline` / `--edition`), null for the edition in force. */
  file: string | null;
  draft: boolean;
}

export interface HqPlace { rank: number; stars: number; total: string; starLabel: string }
export interface HqChange {
  creditCode: string;
  name: string;
  before: HqPlace | null;
  after: HqPlace | null;
  /** up / down = more / fewer stars; same = the same tier (the rank may still move). */
  change: 'up' | 'down' | 'same' | 'new' | 'gone';
  changed: boolean;
}
export interface WaterAmounts { base: string; reward: string; total: string }
export interface WaterChange { county: string; before: WaterAmounts | null; after: WaterAmounts | null; difference: string; changed: boolean }
export interface ReliefAmounts { relief: string; cityFund: string; localMatch: string }
export interface ReliefChange { county: string; before: ReliefAmounts | null; after: ReliefAmounts | null; difference: string; changed: boolean }

export interface CompareReport {
  kind: 'compare';
  calculation: CalculatorKind;
  baseline: CompareSide;
  alternative: CompareSide;
  /** The settings of both runs (the same), as the plain command's JSON gives them. */
  settings: Record<string, unknown>;
  changes: Array<HqChange | WaterChange | ReliefChange>;
  problems: ProblemJson[];
  /** Added: how many entries changed, and per kind of change (hq-rating: up/down/same). */
  counts: Record<string, number>;
  /** Added (water-fund, relief): the sums of before, after and the difference, and whether they check. */
  sums?: { before: string; after: string; difference: string; ok: boolean };
}

export function sideOf(report: CalculationReport, file: string | null): CompareSide {
  const e = (report as { edition?: EditionJson }).edition;
  return {
    policy: report.policy,
    document: e?.document ?? report.policy,
    title: e?.title ?? '',
    effectiveFrom: e?.effectiveFrom ?? '',
    effectiveTo: e?.effectiveTo ?? null,
    file,
    draft: Boolean(e?.draft),
  };
}

/** The problems of both runs, each once (the input's own problems appear in both). */
export function mergedProblems(a: readonly ProblemJson[], b: readonly ProblemJson[]): ProblemJson[] {
  const key = (p: ProblemJson) => `${p.severity}|${p.sheet}|${p.cell ?? ''}|${p.message}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((p) => !seen.has(key(p)))];
}

const d = (s: string | undefined | null): Decimal => new Decimal(s ?? 0);

function hqChanges(before: HqRatingReport, after: HqRatingReport): HqChange[] {
  const placeOf = (r: { rank: number; stars: number; total: string; starLabel: string }): HqPlace => ({ rank: r.rank, stars: r.stars, total: r.total, starLabel: r.starLabel });
  const afterBy = new Map((after.results ?? []).map((r) => [r.creditCode, r]));
  const out: HqChange[] = [];
  const seen = new Set<string>();
  for (const r of before.results ?? []) {
    seen.add(r.creditCode);
    const a = afterBy.get(r.creditCode);
    const b = placeOf(r);
    const p = a ? placeOf(a) : null;
    const change = !p ? 'gone' : p.stars > b.stars ? 'up' : p.stars < b.stars ? 'down' : 'same';
    out.push({ creditCode: r.creditCode, name: r.name, before: b, after: p, change, changed: !p || p.rank !== b.rank || p.stars !== b.stars || !d(p.total).equals(d(b.total)) });
  }
  for (const a of after.results ?? []) {
    if (seen.has(a.creditCode)) continue;
    out.push({ creditCode: a.creditCode, name: a.name, before: null, after: placeOf(a), change: 'new', changed: true });
  }
  return sortByChange(out);
}

/** Most stars moved first, then most ranks moved, then the baseline order (docs: "sorted by change"). */
export function sortByChange<T extends { before: { rank: number; stars: number } | null; after: { rank: number; stars: number } | null }>(list: T[]): T[] {
  const starMove = (c: T) => (c.before && c.after ? Math.abs(c.after.stars - c.before.stars) : 99);
  const rankMove = (c: T) => (c.before && c.after ? Math.abs(c.after.rank - c.before.rank) : 1e9);
  const order = (c: T) => c.before?.rank ?? c.after?.rank ?? 0;
  return list.map((c, i) => ({ c, i })).sort((x, y) => starMove(y.c) - starMove(x.c) || rankMove(y.c) - rankMove(x.c) || order(x.c) - order(y.c) || x.i - y.i).map((x) => x.c);
}

/** County rows of both sides matched by the county as written (the same input on both sides). */
function byCounty<R extends { county: string }>(before: readonly R[], after: readonly R[]): Array<{ county: string; before: R | null; after: R | null }> {
  const afterBy = new Map(after.map((r) => [r.county, r]));
  const out: Array<{ county: string; before: R | null; after: R | null }> = [];
  for (const b of before) out.push({ county: b.county, before: b, after: afterBy.get(b.county) ?? null });
  const seen = new Set(before.map((b) => b.county));
  for (const a of after) if (!seen.has(a.county)) out.push({ county: a.county, before: null, after: a });
  return out;
}

function waterChanges(before: WaterFundReport, after: WaterFundReport): { changes: WaterChange[]; sums: CompareReport['sums'] } {
  const amounts = (r: { base: string; reward: string; total: string }): WaterAmounts => ({ base: r.base, reward: r.reward, total: r.total });
  const unit = after.unit ?? before.unit ?? 'yuan';
  const money = (x: Decimal) => (unit === 'fen' ? x.toFixed(2) : decimalText(x));
  const changes = byCounty(before.results ?? [], after.results ?? []).map(({ county, before: b, after: a }): WaterChange => {
    const diff = d(a?.total).minus(d(b?.total));
    return { county, before: b ? amounts(b) : null, after: a ? amounts(a) : null, difference: money(diff), changed: !b || !a || !d(a.base).equals(d(b.base)) || !d(a.reward).equals(d(b.reward)) || !diff.isZero() };
  });
  const sb = changes.reduce((acc, c) => acc.plus(d(c.before?.total)), ZERO);
  const sa = changes.reduce((acc, c) => acc.plus(d(c.after?.total)), ZERO);
  const sd = changes.reduce((acc, c) => acc.plus(d(c.difference)), ZERO);
  const ok = sb.equals(d(before.totals?.total)) && sa.equals(d(after.totals?.total)) && sd.equals(sa.minus(sb));
  return { changes, sums: { before: money(sb), after: money(sa), difference: money(sd), ok } };
}

function reliefChanges(before: ReliefReport, after: ReliefReport): { changes: ReliefChange[]; sums: CompareReport['sums'] } {
  const amounts = (r: { relief: string; cityFund: string; localMatch: string }): ReliefAmounts => ({ relief: r.relief, cityFund: r.cityFund, localMatch: r.localMatch });
  const changes = byCounty(before.counties ?? [], after.counties ?? []).map(({ county, before: b, after: a }): ReliefChange => {
    const diff = d(a?.relief).minus(d(b?.relief));
    return {
      county, before: b ? amounts(b) : null, after: a ? amounts(a) : null, difference: decimalText(diff),
      changed: !b || !a || !diff.isZero() || !d(a.cityFund).equals(d(b.cityFund)) || !d(a.localMatch).equals(d(b.localMatch)),
    };
  });
  const sb = changes.reduce((acc, c) => acc.plus(d(c.before?.relief)), ZERO);
  const sa = changes.reduce((acc, c) => acc.plus(d(c.after?.relief)), ZERO);
  const sd = changes.reduce((acc, c) => acc.plus(d(c.difference)), ZERO);
  const ok = sb.equals(d(before.total)) && sa.equals(d(after.total)) && sd.equals(sa.minus(sb));
  return { changes, sums: { before: decimalText(sb), after: decimalText(sa), difference: decimalText(sd), ok } };
}

/**
 * The comparison of two runs of the same calculation on the same input. When either run has
 * errors, `changes` is empty and the problems say why (the command then exits 1).
 */
export function compareReports(before: CalculationReport, after: CalculationReport, files: { baseline: string | null; alternative: string | null }): CompareReport {
  const problems = mergedProblems(before.problems, after.problems);
  const failed = problems.some((p) => p.severity === 'error');
  const base: CompareReport = {
    kind: 'compare', calculation: before.kind,
    baseline: sideOf(before, files.baseline), alternative: sideOf(after, files.alternative),
    settings: before.settings as Record<string, unknown>,
    changes: [], problems, counts: { changed: 0 },
  };
  if (failed) return base;
  if (before.kind === 'hq-rating' && after.kind === 'hq-rating') {
    const changes = hqChanges(before, after);
    const counts: Record<string, number> = { changed: 0, up: 0, down: 0, same: 0, new: 0, gone: 0 };
    for (const c of changes) { counts[c.change]++; if (c.changed) counts.changed++; }
    return { ...base, changes, counts };
  }
  if (before.kind === 'water-fund' && after.kind === 'water-fund') {
    const { changes, sums } = waterChanges(before, after);
    return { ...base, changes, counts: { changed: changes.filter((c) => c.changed).length }, sums };
  }
  if (before.kind === 'relief' && after.kind === 'relief') {
    const { changes, sums } = reliefChanges(before, after);
    return { ...base, changes, counts: { changed: changes.filter((c) => c.changed).length }, sums };
  }
  throw new Error(`无法比较两种不同的测算：${before.kind} 与 ${after.kind}`);
}

// ---------------------------------------------------------------------------------------------
// The 方案对比 sheet

const sideText = (s: CompareSide): string => (s.file ? `草案版本「${s.file}」（${s.document}）` : `现行版本 ${s.document}`);
const CHANGE_TEXT: Record<HqChange['change'], string> = { up: '升星', down: '降星', same: '星级不变', new: '新进', gone: '退出' };
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** 方案对比: per enterprise rank and stars before → after (sorted by change), or per county yuan before → after and difference. */
export function compareSheet(report: CompareReport): ResultSheet {
  const head = `基准：${sideText(report.baseline)}；方案：${sideText(report.alternative)}`;
  const sheet = report.calculation === 'hq-rating' ? hqCompareSheet(report, head) : countyCompareSheet(report, head);
  // The printed footer names the document in force (the baseline; the draft is named in the sheet).
  return withDocument([sheet], report.baseline.document)[0];
}

function hqCompareSheet(report: CompareReport, head: string): ResultSheet {
  const columns: ResultSheet['columns'] = [
    { header: '统一社会信用代码', text: true }, { header: '企业名称' },
    { header: '基准名次' }, { header: '方案名次' }, { header: '名次变化' },
    { header: '基准星级' }, { header: '方案星级' }, { header: '星级变化' },
    { header: '基准总分' }, { header: '方案总分' }, { header: '总分变化' }, { header: '说明', width: 50 },
  ];
  const width = columns.length;
  const rows: ResultCell[][] = [];
  const totalsRows: number[] = [];
  const line = (label: string, value: string) => {
    const r: ResultCell[] = Array(width).fill(empty);
    r[0] = text(label);
    r[1] = text(value);
    rows.push(r);
    totalsRows.push(rows.length - 1);
  };
  const c = report.counts;
  line('对比', head);
  line('星级变化', `升星 ${c.up ?? 0} 家、降星 ${c.down ?? 0} 家、星级不变 ${c.same ?? 0} 家${c.new ? `、新进 ${c.new} 家` : ''}${c.gone ? `、退出 ${c.gone} 家` : ''}；名次、星级或总分有变化的 ${c.changed} 家`);
  rows.push(Array(width).fill(empty));
  for (const ch of report.changes as HqChange[]) {
    const b = ch.before;
    const a = ch.after;
    const stars = (p: HqPlace | null) => (p ? text(`${'★'.repeat(p.stars)} ${p.starLabel}`) : text('—'));
    rows.push([
      text(ch.creditCode), text(ch.name),
      b ? int(b.rank) : empty, a ? int(a.rank) : empty,
      b && a ? text(signed(b.rank - a.rank)) : empty,
      stars(b), stars(a),
      text(CHANGE_TEXT[ch.change]),
      b ? num(new Decimal(b.total), FMT.score) : empty, a ? num(new Decimal(a.total), FMT.score) : empty,
      b && a ? num(new Decimal(a.total).minus(b.total), FMT.score) : empty,
      text(ch.changed ? '' : '无变化'),
    ]);
  }
  return { name: COMPARE_SHEET, role: 'result', columns, rows, totalsRows };
}

function countyCompareSheet(report: CompareReport, head: string): ResultSheet {
  const water = report.calculation === 'water-fund';
  const fmt = water && (report.settings as { unit?: string }).unit === 'fen' ? FMT.fen : water ? FMT.yuan : FMT.fen;
  const parts: Array<{ key: string; label: string }> = water
    ? [{ key: 'base', label: '基础部分' }, { key: 'reward', label: '奖励部分' }, { key: 'total', label: '合计' }]
    : [{ key: 'relief', label: '化解总额' }, { key: 'cityFund', label: '市级基金承担' }, { key: 'localMatch', label: '地方配套' }];
  const columns: ResultSheet['columns'] = [
    { header: '县（市、区）', text: true },
    ...parts.flatMap((p) => [{ header: `基准${p.label}（元）` }, { header: `方案${p.label}（元）` }]),
    { header: `${water ? '合计' : '化解总额'}差额（元）` },
    { header: '说明', width: 50 },
  ];
  const width = columns.length;
  const rows: ResultCell[][] = [];
  const totalsRows: number[] = [];
  const first: ResultCell[] = Array(width).fill(empty);
  first[0] = text('对比');
  first[1] = text(head);
  rows.push(first);
  totalsRows.push(0);
  rows.push(Array(width).fill(empty));
  const amount = (v: string | undefined) => (v === undefined ? empty : num(new Decimal(v), fmt));
  const sums = parts.map(() => ({ before: ZERO, after: ZERO }));
  for (const ch of report.changes as Array<WaterChange | ReliefChange>) {
    const b = ch.before as Record<string, string> | null;
    const a = ch.after as Record<string, string> | null;
    parts.forEach((p, i) => {
      sums[i].before = sums[i].before.plus(d(b?.[p.key]));
      sums[i].after = sums[i].after.plus(d(a?.[p.key]));
    });
    rows.push([
      text(ch.county),
      ...parts.flatMap((p) => [amount(b?.[p.key]), amount(a?.[p.key])]),
      num(new Decimal(ch.difference), fmt),
      text(ch.changed ? '' : '无变化'),
    ]);
  }
  const s = report.sums;
  rows.push([
    text('合计'),
    ...sums.flatMap((x) => [num(x.before, fmt), num(x.after, fmt)]),
    num(new Decimal(s?.difference ?? 0), fmt),
    text(s ? `基准合计 ${s.before}、方案合计 ${s.after}，差额 ${s.difference} ${s.ok ? '✓（各县之和与两次计算的总额相符）' : '✗ 与总额不符'}` : ''),
  ]);
  totalsRows.push(rows.length - 1);
  return { name: COMPARE_SHEET, role: 'result', columns, rows, totalsRows };
}
