/**
 * 前后对比 — two result workbooks written by this tool (e.g. the 2023 rating and the 2025 re-rating
 * of 温政办〔2023〕88号 五、1, or two fund years of 温政办函〔2023〕28号) compared entry by entry
 * (docs/interfaces.md「6」`diff`). hq-rating: per enterprise by credit code (matched with the folding
 * of GB 32100 codes only), the stars and rank earlier and later, `change` up / down / same / new /
 * gone; water-fund and relief: per county (matched by county key, docs/rules.md §2.2), the amounts
 * earlier and later and the difference. Pure; text is shown as written in the later workbook (or the
 * earlier one for an entry that is gone).
 */
import { Decimal, ZERO, decimalText } from '../exact/decimal';
import { normaliseCreditCode } from '../rules/hq-rating/credit-code';
import { countyKey } from '../rules/counties/county-names';
import type { HqResultRow, ReliefResultRow, ResultRows, WaterResultRow } from '../sheets/result-read';
import { FMT, ResultCell, ResultSheet, empty, int, num, text, withDocument } from '../sheets/result-sheet';
import { sortByChange } from './compare';
import type { CalculatorKind } from './types';

export const DIFF_SHEET = '前后对比';

export interface DiffSide {
  file: string;
  /** The result sheet read. */
  sheet: string;
  /** When the run that wrote it took place (from its `_wzpolicy` mark), ISO. */
  runAt: string;
  /** The input sheet it was computed from. */
  sourceSheet: string;
  /** The document named on its parameter sheet, when there is one. */
  policy: string | null;
  /** The draft edition file named on its parameter sheet, or null. */
  draft: string | null;
}

export interface HqDiffEntry {
  creditCode: string;
  name: string;
  earlier: { rank: number; stars: number; total: string } | null;
  later: { rank: number; stars: number; total: string } | null;
  change: 'up' | 'down' | 'same' | 'new' | 'gone';
}
export interface CountyDiffEntry {
  county: string;
  earlier: Record<string, string> | null;
  later: Record<string, string> | null;
  difference: string;
}

export interface DiffReport {
  kind: 'diff';
  calculation: CalculatorKind;
  earlier: DiffSide;
  later: DiffSide;
  entries: Array<HqDiffEntry | CountyDiffEntry>;
  /** Added: hq-rating up / down / same / new / gone; water-fund and relief: changed. */
  counts: Record<string, number>;
  /** Added (water-fund, relief): the sums of the main amount earlier, later and the difference. */
  sums?: { earlier: string; later: string; difference: string; ok: boolean };
}

function hqEntries(earlier: HqResultRow[], later: HqResultRow[]): HqDiffEntry[] {
  const key = (r: HqResultRow) => normaliseCreditCode(r.creditCode);
  const laterBy = new Map(later.map((r) => [key(r), r]));
  const place = (r: HqResultRow) => ({ rank: r.rank, stars: r.stars, total: r.total });
  const out: HqDiffEntry[] = [];
  const seen = new Set<string>();
  for (const e of earlier) {
    const k = key(e);
    if (seen.has(k)) continue;
    seen.add(k);
    const l = laterBy.get(k);
    out.push({
      creditCode: l?.creditCode ?? e.creditCode, name: l?.name ?? e.name, earlier: place(e), later: l ? place(l) : null,
      change: !l ? 'gone' : l.stars > e.stars ? 'up' : l.stars < e.stars ? 'down' : 'same',
    });
  }
  for (const l of later) {
    if (seen.has(key(l))) continue;
    seen.add(key(l));
    out.push({ creditCode: l.creditCode, name: l.name, earlier: null, later: place(l), change: 'new' });
  }
  return sortByChange(out.map((e) => ({ ...e, before: e.earlier, after: e.later }))).map(({ before: _b, after: _a, ...e }) => e);
}

function countyEntries<R extends { county: string }>(earlier: R[], later: R[], amounts: (r: R) => Record<string, string>, main: string): CountyDiffEntry[] {
  const laterBy = new Map(later.map((r) => [countyKey(r.county), r]));
  const out: CountyDiffEntry[] = [];
  const seen = new Set<string>();
  for (const e of earlier) {
    const k = countyKey(e.county);
    seen.add(k);
    const l = laterBy.get(k) ?? null;
    const diff = new Decimal(l ? amounts(l)[main] : 0).minus(amounts(e)[main]);
    out.push({ county: l?.county ?? e.county, earlier: amounts(e), later: l ? amounts(l) : null, difference: decimalText(diff) });
  }
  for (const l of later) {
    if (seen.has(countyKey(l.county))) continue;
    out.push({ county: l.county, earlier: null, later: amounts(l), difference: decimalText(new Decimal(amounts(l)[main])) });
  }
  return out;
}

/** The comparison of two result tables of the same calculation. */
export function diffResults(earlier: ResultRows, later: ResultRows, sides: { earlier: DiffSide; later: DiffSide }): DiffReport {
  if (earlier.kind !== later.kind) throw new Error(`两份结果不是同一项测算：${earlier.kind} 与 ${later.kind}`);
  const base = { kind: 'diff' as const, calculation: earlier.kind, earlier: sides.earlier, later: sides.later };
  if (earlier.kind === 'hq-rating' && later.kind === 'hq-rating') {
    const entries = hqEntries(earlier.rows, later.rows);
    const counts: Record<string, number> = { up: 0, down: 0, same: 0, new: 0, gone: 0 };
    for (const e of entries) counts[e.change]++;
    return { ...base, entries, counts };
  }
  const main = earlier.kind === 'water-fund' ? 'total' : 'relief';
  const entries = earlier.kind === 'water-fund'
    ? countyEntries(earlier.rows, (later as { rows: WaterResultRow[] }).rows, (r) => ({ base: r.base, reward: r.reward, total: r.total }), main)
    : countyEntries((earlier as { rows: ReliefResultRow[] }).rows, (later as { rows: ReliefResultRow[] }).rows, (r) => ({ relief: r.relief, cityFund: r.cityFund, localMatch: r.localMatch }), main);
  const se = entries.reduce((a, e) => a.plus(e.earlier?.[main] ?? 0), ZERO);
  const sl = entries.reduce((a, e) => a.plus(e.later?.[main] ?? 0), ZERO);
  const sd = entries.reduce((a, e) => a.plus(e.difference), ZERO);
  return {
    ...base, entries,
    counts: { changed: entries.filter((e) => !new Decimal(e.difference).isZero() || !e.earlier || !e.later).length },
    sums: { earlier: decimalText(se), later: decimalText(sl), difference: decimalText(sd), ok: sd.equals(sl.minus(se)) },
  };
}

const CHANGE_TEXT: Record<HqDiffEntry['change'], string> = { up: '升星', down: '降星', same: '不变', new: '新进', gone: '退出' };

/** 前后对比: the counts on top, then one row per enterprise (sorted by change) or per county. */
export function diffSheet(report: DiffReport): ResultSheet {
  // The printed footer names the later run's document (or the earlier's when only it names one).
  const document = report.later.policy ?? report.earlier.policy;
  const sheet = diffSheetOf(report);
  return document ? withDocument([sheet], document)[0] : sheet;
}

function diffSheetOf(report: DiffReport): ResultSheet {
  const sideText = (s: DiffSide) => `${s.file}「${s.sheet}」（${s.runAt.slice(0, 10)}${s.policy ? `，${s.policy}` : ''}${s.draft ? `，草案版本 ${s.draft}` : ''}）`;
  const head = `前：${sideText(report.earlier)}；后：${sideText(report.later)}`;
  if (report.calculation === 'hq-rating') {
    const columns: ResultSheet['columns'] = [
      { header: '统一社会信用代码', text: true }, { header: '企业名称' }, { header: '变化' },
      { header: '前名次' }, { header: '后名次' }, { header: '前星级' }, { header: '后星级' }, { header: '前总分' }, { header: '后总分' },
    ];
    const width = columns.length;
    const rows: ResultCell[][] = [];
    const totalsRows: number[] = [];
    const line = (label: string, value: ResultCell) => {
      const r: ResultCell[] = Array(width).fill(empty);
      r[0] = text(label);
      r[1] = value;
      rows.push(r);
      totalsRows.push(rows.length - 1);
    };
    line('对比', text(head));
    for (const k of ['up', 'down', 'new', 'gone', 'same'] as const) line(CHANGE_TEXT[k], int(report.counts[k] ?? 0));
    rows.push(Array(width).fill(empty));
    const stars = (p: { stars: number } | null) => (p ? text('★'.repeat(p.stars)) : text('—'));
    for (const e of report.entries as HqDiffEntry[]) {
      rows.push([
        text(e.creditCode), text(e.name), text(CHANGE_TEXT[e.change]),
        e.earlier ? int(e.earlier.rank) : empty, e.later ? int(e.later.rank) : empty,
        stars(e.earlier), stars(e.later),
        e.earlier ? num(new Decimal(e.earlier.total), FMT.score) : empty, e.later ? num(new Decimal(e.later.total), FMT.score) : empty,
      ]);
    }
    return { name: DIFF_SHEET, role: 'result', columns, rows, totalsRows };
  }
  const water = report.calculation === 'water-fund';
  const parts = water
    ? [{ key: 'base', label: '基础部分' }, { key: 'reward', label: '奖励部分' }, { key: 'total', label: '合计' }]
    : [{ key: 'relief', label: '化解总额' }, { key: 'cityFund', label: '市级基金承担' }, { key: 'localMatch', label: '地方配套' }];
  const fmt = FMT.fen;
  const columns: ResultSheet['columns'] = [
    { header: '县（市、区）', text: true },
    ...parts.flatMap((p) => [{ header: `前${p.label}（元）` }, { header: `后${p.label}（元）` }]),
    { header: `${water ? '合计' : '化解总额'}差额（元）` },
  ];
  const width = columns.length;
  const rows: ResultCell[][] = [];
  const first: ResultCell[] = Array(width).fill(empty);
  first[0] = text('对比');
  first[1] = text(head);
  rows.push(first, Array(width).fill(empty));
  const money = (v: string | undefined) => (v === undefined ? empty : num(new Decimal(v), fmt));
  const sums = parts.map(() => ({ e: ZERO, l: ZERO }));
  for (const e of report.entries as CountyDiffEntry[]) {
    parts.forEach((p, i) => {
      sums[i].e = sums[i].e.plus(e.earlier?.[p.key] ?? 0);
      sums[i].l = sums[i].l.plus(e.later?.[p.key] ?? 0);
    });
    rows.push([text(e.county), ...parts.flatMap((p) => [money(e.earlier?.[p.key]), money(e.later?.[p.key])]), num(new Decimal(e.difference), fmt)]);
  }
  const s = report.sums!;
  const totals: ResultCell[] = [text(`合计${s.ok ? ' ✓' : ' ✗'}`), ...sums.flatMap((x) => [num(x.e, fmt), num(x.l, fmt)]), num(new Decimal(s.difference), fmt)];
  rows.push(totals);
  return { name: DIFF_SHEET, role: 'result', columns, rows, totalsRows: [0, rows.length - 1] };
}
