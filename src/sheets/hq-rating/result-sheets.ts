/**
 * Result sheets of 总部企业星级评定 (docs/interfaces.md): 星级评定结果 (one row per rated headquarters
 * in rank order, then the disqualified ones with their reason, then per-tier counts; to the right,
 * after a blank column, the 星级分布 table its chart is drawn from), 评定参数 (edition, settings,
 * min/max, weights, bands, tie and rounding rules — each with its article), 分县统计 and the
 * 星级总部企业公示名单 (三、5 公示: names and tiers only). Numbers keep full precision; 2 decimals
 * are only the number format, and each column has one fixed format.
 */
import { Decimal, shortTextOfDigits } from '../../exact/decimal';
import type { TierGap } from '../../rules/hq-rating/next-tier';
import type { ListMembership } from '../../rules/hq-rating/lists-89';
import type { CountyTierCount } from '../../rules/hq-rating/by-county';
import type { HqRatingEdition } from '../../policies/edition';
import type { HqRatingOutcome } from '../../rules/hq-rating/rate-headquarters';
import { indicatorWeights } from '../../rules/hq-rating/rate-headquarters';
import { starText } from '../../rules/hq-rating/rank-and-tier';
import { HQ_INDICATORS, HqIndicator, HqRatingSettings, shownCreditCode } from '../../rules/hq-rating/types';
import { FMT, ResultCell, ResultSheet, RowSource, SettingDescriptor, displayWidth, empty, fixedFormat, int, num, numberDisplayWidth, sharedTextCells, sheetOfRowSource, text, fitWidths } from '../result-sheet';
import { derivationTexts, SHORT_LABELS } from './derivation';

export const RESULT_SHEET_NAME = '星级评定结果';
export const PARAMETER_SHEET_NAME = '评定参数';
export const COUNTY_SHEET_NAME = '分县统计';
export const PUBLIC_LIST_SHEET_NAME = '星级总部企业公示名单';
/** The 星级分布 table to the right of 星级评定结果 (after one blank column): its chart's cells. */
export const TIER_TABLE_HEADERS = { tier: '星级分布', count: '企业数（家）' } as const;
export const TIE_RULE = '两总分前20位小数相同视为并列：并列者名次相同（竞争排名 1、2、2、4），星级相同，即使该星级名额因此超出';
export const ROUNDING_NOTE = '结果按完整精度保存和排名，表中分数显示 2 位小数（仅为显示格式，不改变数值）';

/** A setting as shown on the parameter sheet: the calculators' SettingDescriptor. */
export type SettingRow = SettingDescriptor;

const UNITS: Record<HqIndicator, string> = { revenue: '亿元', localContribution: '亿元', rdExpense: '万元', pensionRate: '%' };

/**
 * One number format per indicator column (issue 12: not 339.76, 369.7 and 49 in one column):
 * 参保率 as a percentage, the amounts with as many decimals as the most precise value of the batch
 * (rated, disqualified and not-counted rows alike), at most 4 — 亿元 figures typed in 万元 carry 4.
 */
function valueFormats(outcome: HqRatingOutcome): Record<HqIndicator, string> {
  let formats = VALUE_FORMATS.get(outcome);
  if (formats === undefined) { formats = batchValueFormats(outcome); VALUE_FORMATS.set(outcome, formats); }
  return formats;
}
/** valueFormats per outcome: 星级评定结果 and 评定参数 show the same formats, read once. */
const VALUE_FORMATS = new WeakMap<HqRatingOutcome, Record<HqIndicator, string>>();
function batchValueFormats(outcome: HqRatingOutcome): Record<HqIndicator, string> {
  const amounts = (f: Exclude<HqIndicator, 'pensionRate'>) => fixedFormat([
    ...outcome.results.map((r) => r.values[f]),
    ...outcome.excluded.map((e) => e.group.values[f]),
    ...outcome.notCounted.map((n) => n.row[f]),
  ], 4);
  return { revenue: amounts('revenue'), localContribution: amounts('localContribution'), rdExpense: amounts('rdExpense'), pensionRate: FMT.percent };
}

/** 依据 of one result row: the notes of 附件1 actually applied, then the star rule. */
function basisText(edition: HqRatingEdition, r: HqRatingOutcome['results'][number]): string {
  const notes = [
    ...(r.group.members.length > 0 ? ['备注2'] : []),
    ...(r.group.pension.kind === 'counts' && r.group.members.length > 0 ? ['备注1'] : []),
    '备注3', '备注4', '备注5',
    ...(r.bonus.top500.isZero() ? [] : ['附加分（龙头企业）']),
    ...(r.bonus.listing.isZero() ? [] : ['附加分（上市公司）']),
  ];
  return `${edition.document} 附件1 ${notes.join('、')}；二、星级标准`;
}

/** basisText with the text kept per combination of the notes applied (a handful per batch). */
function basisTexts(edition: HqRatingEdition): (r: HqRatingOutcome['results'][number]) => string {
  const cache = new Map<number, string>();
  return (r) => {
    const key = (r.group.members.length > 0 ? 1 : 0) | (r.group.pension.kind === 'counts' ? 2 : 0)
      | (r.bonus.top500.isZero() ? 0 : 4) | (r.bonus.listing.isZero() ? 0 : 8);
    let t = cache.get(key);
    if (t === undefined) { t = basisText(edition, r); cache.set(key, t); }
    return t;
  };
}

/** displayWidth of src/sheets/result-sheet (the one implementation; kept under this name). */
export const fastDisplayWidth = displayWidth;

/**
 * The columns 星级评定结果 adds after 依据 (issue 11): 距上一星级, 政策保障, 89号名单 and — when the input
 * has the column — 所在县（市、区）; one entry per result, in result order.
 */
export interface RatingExtras {
  gaps: ReadonlyArray<TierGap | null>;
  benefitTexts: readonly string[];
  lists: ReadonlyArray<readonly ListMembership[]>;
  withCounty: boolean;
}

export const GAP_HEADERS = {
  tier: '距上一星级：可达星级',
  points: '距上一星级：总分需增加',
  indicators: '距上一星级：单项需增加（其他企业数值及本批最高值、最低值均不变）',
} as const;
export const BENEFITS_HEADER = '政策保障（88号 四、）';
export const LISTS_HEADER = '89号名单（2023）';
export const COUNTY_HEADER = '所在县（市、区）';

/** 「营业收入 +12.5 亿元；…；参保率 +3.2 个百分点；研发费用 单项不可达（将超过本批最高值）」 */
function gapIndicatorsText(g: TierGap, ranges: HqRatingOutcome['ranges']): string {
  return HQ_INDICATORS.map((f) => {
    const d = g.indicators[f];
    if (d === null) return `${SHORT_LABELS[f]} 单项不可达（${ranges?.[f].degenerate ? '各企业该项相同，得分不随数值变化' : '将超过本批最高值'}）`;
    // shortText printed from the digits (shortTextOfDigits: the same text; 参保率 × 100 as points).
    return f === 'pensionRate' ? `${SHORT_LABELS[f]} +${shortTextOfDigits(d, 2, 2)} 个百分点` : `${SHORT_LABELS[f]} +${shortTextOfDigits(d, 4)} ${UNITS[f]}`;
  }).join('；');
}

/** 星级评定结果 */
export function ratingResultSheet(
  outcome: HqRatingOutcome,
  edition: HqRatingEdition,
  settings: HqRatingSettings,
  derivations: readonly string[] = derivationTexts(outcome.results, outcome.ranges, edition.parameters),
  extras?: RatingExtras,
): ResultSheet {
  const columns: ResultSheet['columns'] = [
    { header: '排名' },
    { header: '星级' },
    { header: '星级（★）' },
    { header: '统一社会信用代码', text: true },
    { header: '企业名称' },
    ...HQ_INDICATORS.map((f) => ({ header: `${SHORT_LABELS[f]}（${UNITS[f]}）` })),
    ...HQ_INDICATORS.map((f) => ({ header: `${SHORT_LABELS[f]}得分` })),
    { header: '基本分' },
    { header: '榜单加分' },
    { header: '上市加分' },
    { header: '总分' },
    { header: '并列' },
    { header: '计算过程', width: 50, wrap: true },
    { header: '依据', width: 24, wrap: true },
    ...(extras ? [
      { header: GAP_HEADERS.tier }, { header: GAP_HEADERS.points }, { header: GAP_HEADERS.indicators, width: 40, wrap: true },
      { header: BENEFITS_HEADER, width: 24, wrap: true }, { header: LISTS_HEADER, width: 20, wrap: true },
      ...(extras.withCounty ? [{ header: COUNTY_HEADER }] : []),
    ] : []),
  ];
  // The 星级分布 table: right of the results after one blank column, so that no column of
  // docs/interfaces.md §4 moves; the chart of 星级评定结果 is drawn from its cells.
  const tierCol = columns.length + 1;
  columns.push({ header: ' ', width: 3, spacer: true }, { header: TIER_TABLE_HEADERS.tier }, { header: TIER_TABLE_HEADERS.count });
  const width = columns.length;
  const formats = valueFormats(outcome);
  const results = outcome.results;
  const totalsRows: number[] = [];
  const basis = basisTexts(edition);
  const stars = new Map<string, string>();
  // The columns whose texts repeat from row to row share their cells.
  const shared = sharedTextCells();
  const starCells = [0, 1, 2, 3, 4, 5, 6].map((n) => int(n));
  // The 距上一星级 texts, each made once: the rows are made again for each pass of the writer.
  const gapTexts: Array<string | undefined> = [];
  // The row of result i, made when it is read (sheetOfRowSource): 100,000 results do not keep
  // 2.8 million cells.
  const resultRow = (i: number): ResultCell[] => {
    const r = results[i];
    const starKey = `${r.stars}|${r.starLabel}`;
    let starCell = stars.get(starKey);
    if (starCell === undefined) { starCell = starText(r.stars, r.starLabel); stars.set(starKey, starCell); }
    const v = r.values;
    const sc = r.scores;
    return [
      int(r.rank),
      r.stars >= 0 && r.stars < starCells.length ? starCells[r.stars] : int(r.stars),
      shared(starCell),
      text(shownCreditCode(r.group.head)),
      text(r.name),
      num(v.revenue, formats.revenue),
      num(v.localContribution, formats.localContribution),
      num(v.rdExpense, formats.rdExpense),
      num(v.pensionRate, formats.pensionRate),
      num(sc.revenue, FMT.score),
      num(sc.localContribution, FMT.score),
      num(sc.rdExpense, FMT.score),
      num(sc.pensionRate, FMT.score),
      num(r.base, FMT.score),
      num(r.bonus.top500, FMT.score),
      num(r.bonus.listing, FMT.score),
      num(r.total, FMT.score),
      shared(r.tied ? '并列' : ''),
      text(derivations[i]),
      shared(basis(r)),
      ...(extras ? extraCells(extras, i, r.group.head.county ?? null, outcome.ranges, shared, gapTexts) : []),
    ];
  };
  // The rows below the results (取消资格, 未计入, 小计, 合计), kept as made: a few per batch. Indexes
  // in the sheet's rows are results.length + their index in `tail`. They have nothing in the added columns.
  const tail: ResultCell[][] = [];
  const at = (): number => results.length + tail.length - 1;
  const pad = (row: ResultCell[]): ResultCell[] => (row.length < width ? [...row, ...Array(width - row.length).fill(empty)] : row);
  /** A blank row, then a bold caption in the name column opening a block below the results. */
  const section = (caption: string): void => {
    tail.push(Array(width).fill(empty));
    const head: ResultCell[] = Array(width).fill(empty);
    head[4] = text(caption);
    tail.push(head);
    totalsRows.push(at());
  };
  if (outcome.excluded.length > 0) {
    section('取消资格（不参评）');
    for (const e of outcome.excluded) {
      const g = e.group;
      tail.push([
        empty, empty, text('不参评'), text(shownCreditCode(g.head)), text(e.name),
        ...HQ_INDICATORS.map((f) => num(g.values[f], formats[f])),
        ...HQ_INDICATORS.map(() => empty),
        empty, empty, empty, empty, empty,
        text(`取消资格：${e.reason}（不参与最高值、最低值的计算）`),
        text(`${edition.document} 五、3`),
      ]);
    }
  }
  if (outcome.notCounted.length > 0) {
    section('未计入所属总部的分公司、子公司（市外或控股比例低于 50%）');
    for (const n of outcome.notCounted) {
      const row = n.row;
      tail.push([
        empty, empty, text('未计入'), text(shownCreditCode(row)), text(row.name),
        num(row.revenue, formats.revenue), num(row.localContribution, formats.localContribution), num(row.rdExpense, formats.rdExpense), empty,
        ...HQ_INDICATORS.map(() => empty),
        empty, empty, empty, empty, empty,
        text(`所属总部「${n.headquarters.name}」（${shownCreditCode(n.headquarters)}）：${n.reason}；不加总、不计上市加分、榜单不计`),
        text(`${edition.document} 附件1 备注2；附件2 第19—20项`),
      ]);
    }
  }
  tail.push(Array(width).fill(empty));
  for (const t of outcome.tierCounts) {
    const row: ResultCell[] = Array(width).fill(empty);
    row[0] = text('小计');
    row[1] = int(t.stars);
    row[2] = text(starText(t.stars, t.label));
    row[4] = text(`${t.count} 家`);
    tail.push(row);
    totalsRows.push(at());
  }
  const check: ResultCell[] = Array(width).fill(empty);
  check[0] = text('合计');
  check[columns.findIndex((c) => c.header === '计算过程')] = text(`参评 ${outcome.results.length} 家；取消资格 ${outcome.excluded.length} 家；${outcome.notCounted.length ? `未计入的分公司、子公司 ${outcome.notCounted.length} 行；` : ''}各星级合计 ${outcome.tierCounts.reduce((a, t) => a + t.count, 0)} 家`);
  tail.push(check);
  totalsRows.push(at());
  for (let i = 0; i < tail.length; i++) tail[i] = pad(tail[i]);
  // The 星级分布 table: every band of the edition (0 included), as the rating counted them, in the
  // first rows (results, or the rows below them when there are fewer results than bands).
  const tierCells = outcome.tierCounts.map((t) => [text(t.label), int(t.count)] as const);
  const withTier = (row: ResultCell[], i: number): ResultCell[] => {
    row = pad(row);
    row[tierCol] = tierCells[i][0];
    row[tierCol + 1] = tierCells[i][1];
    return row;
  };
  for (let i = results.length; i < tierCells.length && i - results.length < tail.length; i++) tail[i - results.length] = withTier(tail[i - results.length], i);
  const source: RowSource = {
    length: results.length + tail.length,
    row: (i) => {
      if (i >= results.length) return tail[i - results.length];
      const row = resultRow(i);
      return i < tierCells.length ? withTier(row, i) : row;
    },
  };
  // Widths: numbers get a fixed width (2 decimals shown); text columns fit their longest text.
  // (fitWidths would format every number cell — too slow for 10,000 rows.) Headers wrap, so a
  // long header counts only up to 16 (two lines) against the contents.
  // Captions and check texts of the totals rows run on into the empty cells to their right.
  const captions = new Set(totalsRows);
  const widths = contentWidths(source, columns, captions);
  const sized = columns.map((c, i) => ({ ...c, width: c.width ?? widths[i] }));
  // The tiers as the rating counted them (every band, 0 included), for the Office.js adapter's table.
  const tierTable = outcome.tierCounts.map((t) => ({ tier: starText(t.stars, t.label), count: t.count }));
  const charts: ResultSheet['charts'] = outcome.tierCounts.length > 0
    ? [{ title: '各星级总部企业数（家）', kind: 'column', categoryCol: tierCol, valueCols: [tierCol + 1], firstRow: 0, lastRow: outcome.tierCounts.length - 1 }]
    : [];
  return sheetOfRowSource({ name: RESULT_SHEET_NAME, role: 'result', columns: sized, totalsRows, starColumn: 2, tierTable, charts }, source);
}

/**
 * The width of each column without a fixed width: numbers their formatted width, text columns their
 * longest text (a text equal to the one above is not measured again; captions and check texts of
 * the totals rows run on into the empty cells to their right and do not count). The header wraps:
 * two lines (up to 16) over text, three (up to 8 wide) over numbers. One pass over the rows, all
 * columns at once (10,000s of rows are read row by row, as they are laid out).
 */
function contentWidths(rows: RowSource, columns: ResultSheet['columns'], captions: ReadonlySet<number>): number[] {
  const n = columns.length;
  const measured: number[] = [];
  for (let i = 0; i < n; i++) if (columns[i].width === undefined) measured.push(i);
  const w = new Array<number>(n).fill(0);
  const numeric = new Array<boolean>(n).fill(false);
  const lastText = new Array<string | null>(n).fill(null);
  for (let r = 0; r < rows.length; r++) {
    const row = rows.row(r);
    const caption = captions.has(r);
    for (let k = 0; k < measured.length; k++) {
      const i = measured[k];
      const cell = row[i];
      if (!cell) continue;
      if (cell.kind === 'text') {
        if (caption) continue;
        if (cell.text !== lastText[i]) {
          const tw = fastDisplayWidth(cell.text);
          if (tw > w[i]) w[i] = tw;
          lastText[i] = cell.text;
        }
      } else if (cell.kind === 'number') {
        numeric[i] = true;
        const nw = numberDisplayWidth(cell.value, cell.format);
        if (nw > w[i]) w[i] = nw;
      } else if (cell.kind === 'integer') {
        numeric[i] = true;
        const iw = String(cell.value).length;
        if (iw > w[i]) w[i] = iw;
      }
    }
  }
  const out = new Array<number>(n).fill(0);
  for (const i of measured) {
    const width = Math.max(w[i], Math.min(numeric[i] ? 8 : 16, displayWidth(columns[i].header)));
    out[i] = Math.min(60, Math.max(6, width + 2));
  }
  return out;
}

function extraCells(
  x: RatingExtras, i: number, county: string | null, ranges: HqRatingOutcome['ranges'], shared: (t: string) => ResultCell, gapTexts: Array<string | undefined>,
): ResultCell[] {
  const g = x.gaps[i];
  const lists = x.lists[i];
  const cells: ResultCell[] = [
    g === null ? shared('已是最高星级') : shared(starText(g.stars, g.label)),
    g === null ? empty : num(g.points, FMT.score),
    g === null ? empty : text(gapTexts[i] ??= gapIndicatorsText(g, ranges)),
    shared(x.benefitTexts[i]),
    lists.length === 0 ? shared('') : text(lists.map((l) => `${l.list}（${l.year}，${l.district}）`).join('、')),
  ];
  if (x.withCounty) cells.push(county === null ? empty : shared(county));
  return cells;
}

/** 分县统计 (三、评定程序: 初审 by each 县（市、区）): rated headquarters per tier and the disqualified, per county. */
export function countySheet(counties: readonly CountyTierCount[], outcome: HqRatingOutcome, edition: HqRatingEdition): ResultSheet {
  const tiers = outcome.tierCounts;
  const columns: ResultSheet['columns'] = [
    { header: COUNTY_HEADER }, ...tiers.map((t) => ({ header: starText(t.stars, t.label) })), { header: '取消资格（不参评）' }, { header: '合计' }, { header: '依据', width: 40 },
  ];
  const rows: ResultCell[][] = counties.map((c) => [
    text(c.county), ...c.tiers.map((t) => int(t.count)), int(c.excluded), int(c.total), text(`${edition.document} 三、评定程序（初审）；二、星级标准`),
  ]);
  const sums = tiers.map((t) => counties.reduce((a, c) => a + (c.tiers.find((x) => x.stars === t.stars)?.count ?? 0), 0));
  const excluded = counties.reduce((a, c) => a + c.excluded, 0);
  const total = counties.reduce((a, c) => a + c.total, 0);
  const ok = sums.every((n, i) => n === tiers[i].count) && excluded === outcome.excluded.length && total === outcome.results.length + outcome.excluded.length;
  rows.push([
    text('合计'), ...sums.map((n) => int(n)), int(excluded), int(total),
    text(`与星级评定结果相符 ${ok ? '✓' : '✗'}（参评 ${outcome.results.length} 家，取消资格 ${outcome.excluded.length} 家）`),
  ]);
  const sheet: ResultSheet = { name: COUNTY_SHEET_NAME, role: 'result', columns, rows, totalsRows: [rows.length - 1] };
  const widths = fitWidths(sheet);
  sheet.columns = sheet.columns.map((c, i) => ({ ...c, width: c.width ?? widths[i] }));
  return sheet;
}

/** Names in 汉语拼音 order for the 公示 list (one collator for the whole list). */
const NAME_ORDER = new Intl.Collator('zh-Hans-CN');

/**
 * 星级总部企业公示名单 (温政办〔2023〕88号 三、5 公示: 市投资促进局将审定通过的星级总部企业（机构）名单
 * …进行公示): every rated headquarters with its tier and — when the input gives it — its
 * 所在县（市、区）; no indicator values, scores or ranks. Highest tier first, then by name (汉语拼音
 * order; equal names by credit code), numbered 1, 2, …; printable on its own (its title is the
 * page header).
 */
export function publicListSheet(outcome: HqRatingOutcome, edition: HqRatingEdition, withCounty: boolean): ResultSheet {
  const order = outcome.results.map((r, i) => i);
  const results = outcome.results;
  order.sort((a, b) => {
    const x = results[a];
    const y = results[b];
    if (x.stars !== y.stars) return y.stars - x.stars;
    const byName = NAME_ORDER.compare(x.name, y.name);
    if (byName !== 0) return byName;
    const cx = x.group.head.creditCode;
    const cy = y.group.head.creditCode;
    return cx < cy ? -1 : cx > cy ? 1 : a - b;
  });
  const stars = new Map<number, ResultCell>();
  // Row n of the list, made when it is read (sheetOfRowSource).
  const listRow = (n: number): ResultCell[] => {
    const r = results[order[n]];
    let star = stars.get(r.stars);
    if (!star) { star = text(starText(r.stars, r.starLabel)); stars.set(r.stars, star); }
    const row = [int(n + 1), text(r.name), star];
    if (withCounty) row.push(r.group.head.county ? text(r.group.head.county) : empty);
    return row;
  };
  const width = withCounty ? 4 : 3;
  const line = (t: string): ResultCell[] => [text(t), ...Array(width - 1).fill(empty)];
  const tail: ResultCell[][] = [
    Array(width).fill(empty),
    line(`共 ${results.length} 家：${outcome.tierCounts.map((t) => `${t.label} ${t.count} 家`).join('、')}`),
    line(`依据：${edition.document} 三、5（公示）、二、星级标准；名单按星级从高到低、同星级按企业名称排列，不含指标数值、得分和名次`),
  ];
  const length = order.length + tail.length;
  const sheet = sheetOfRowSource({
    name: PUBLIC_LIST_SHEET_NAME,
    role: 'result',
    columns: [{ header: '序号' }, { header: '企业名称' }, { header: '星级' }, ...(withCounty ? [{ header: COUNTY_HEADER }] : [])],
    noteRows: [length - 2, length - 1],
    starColumn: 2,
    printTitle: '星级总部企业（机构）名单（公示）',
  }, { length, row: (n) => (n < order.length ? listRow(n) : tail[n - order.length]) });
  const widths = fitWidths(sheet);
  sheet.columns = sheet.columns.map((c, i) => ({ ...c, width: Math.max(widths[i], i === 1 ? 40 : 10) }));
  return sheet;
}

function settingsHaveTieBreak(settings: SettingRow[]): boolean {
  return settings.some((s) => s.key === 'tieBreak' && s.value !== 'none');
}

/** 评定参数 */
export function parameterSheet(
  outcome: HqRatingOutcome,
  edition: HqRatingEdition,
  settings: SettingRow[],
  editionWarning: string | null,
  /** The draft edition file when the rating used one (`--edition`). */
  draftFile: string | null = null,
): ResultSheet {
  const p = edition.parameters;
  const rows: ResultCell[][] = [];
  const add = (item: string, value: ResultCell, basis: string, def: ResultCell = empty, changed: ResultCell = empty) =>
    rows.push([text(item), value, def, text(basis), changed]);
  if (draftFile !== null) add('草案版本', text(draftFile), '按 --edition 给出的草案版本文件计算，不是现行政策文件的结果', empty, text('草案'));
  add('政策文件', text(edition.document), edition.title);
  add('发布日期', text(edition.published), edition.document);
  add('有效期', text(`${edition.effectiveFrom} 至 ${edition.effectiveTo ?? '长期'}`), edition.document);
  if (editionWarning) add('版本提示', text(editionWarning), '');
  // Settings by their label only: the option keys (ratingDate …) are the program's, not the sheet reader's.
  const labelOf = (key: string): string => `「${settings.find((s) => s.key === key)?.label ?? key}」`;
  for (const s of settings) {
    add(`设置：${s.label}`, text(s.shown?.value ?? s.value), s.source, text(s.shown?.defaultValue ?? s.defaultValue), text(s.changed ? '已修改' : '否'));
  }
  const weights = indicatorWeights(p);
  for (const ind of p.indicators.value) {
    add(`权重：${ind.label}（${ind.unit}）`, num(weights[ind.field], FMT.score), `${edition.document} ${p.indicators.article}；审核单位：${ind.verifiedBy}`);
  }
  // Minimum and maximum in the format of their column of 星级评定结果.
  const formats = valueFormats(outcome);
  for (const f of HQ_INDICATORS) {
    const range = outcome.ranges?.[f];
    const label = p.indicators.value.find((i) => i.field === f)?.label ?? f;
    const fmt = formats[f];
    add(`${label} 最低值`, range ? num(range.min, fmt) : text('—'), `${edition.document} 附件1 备注3（仅参评总部企业，不含取消资格者）`);
    add(`${label} 最高值`, range ? num(range.max, fmt) : text('—'), `${edition.document} 附件1 备注3${range?.degenerate ? `；最高值 = 最低值，按设置${labelOf('degenerateRange')}处理` : ''}`);
  }
  for (const b of p.top500Bonus.value) {
    add(`榜单加分：${b.list}${b.aliases.length ? `（又称 ${b.aliases.join('、')}）` : ''}`, num(new Decimal(b.points), FMT.score), `${edition.document} ${p.top500Bonus.article}`);
  }
  add('上市加分（每家）', num(new Decimal(p.listingBonusPerCompany.value), FMT.score), `${edition.document} ${p.listingBonusPerCompany.article}`);
  add('上市、入选榜单期限（年）', int(p.listingWindowYears.value), `${edition.document} ${p.listingWindowYears.article}；评定基准日前 ${p.listingWindowYears.value} 年至基准日（含两端）`);
  add('交易所', text(`${p.exchanges.value.join('、')} 等`), `${edition.document} ${p.exchanges.article}`);
  for (const b of p.starBands.value) {
    add(`星级：${starText(b.stars, b.label)}`, text(b.toRank === null ? `第 ${b.fromRank} 名及以后` : `第 ${b.fromRank}–${b.toRank} 名`), `${edition.document} ${p.starBands.article}`);
  }
  add('并列规则', text(TIE_RULE), `本工具做法（条文未规定；可用设置${labelOf('tieBreak')}按基本分指标得分区分）`);
  add('取整说明', text(ROUNDING_NOTE), '本工具做法（条文未规定）');
  add('取消资格情形', text(p.disqualificationGrounds.value.join('；')), `${edition.document} ${p.disqualificationGrounds.article}`);
  add('复评周期（年）', int(p.reratingIntervalYears.value), `${edition.document} ${p.reratingIntervalYears.article}`);
  for (const b of p.benefits?.value ?? []) {
    const stars = p.starBands.value.find((x) => x.stars === b.minStars);
    add(`政策保障：${b.name}（${stars ? stars.label : `${b.minStars} 星级`}及以上${b.requiresNoOwnOffice ? '，在我市无自有办公用房' : ''}）`, text(b.text), `${edition.document} ${b.article}${b.requiresNoOwnOffice ? '；附件2 第21项（自有产权办公用房）' : ''}`);
  }
  add('距上一星级', text('总分需增加 = 上一星级最后一名的总分 − 本企业总分（增加后与其同分，名次相同、星级相同）；单项需增加 = 总分需增加 ×（本批最高值 − 最低值）÷ 权重，其他企业数值及本批最高值、最低值均不变，增加后超过本批最高值的不可达'),
    `${edition.document} 二、星级标准；附件1 备注3—5${settingsHaveTieBreak(settings) ? `；设置了${labelOf('tieBreak')}时，同分者再按区分指标比较，与其同分不一定足够` : ''}`);
  const sheet: ResultSheet = {
    name: PARAMETER_SHEET_NAME,
    role: 'parameters',
    columns: [{ header: '项目', wrap: true }, { header: '值', wrap: true }, { header: '默认值' }, { header: '依据/来源', wrap: true }, { header: '已修改？' }],
    rows,
  };
  // Long values and sources wrap in columns of at most 50 (printed one page wide).
  const widths = fitWidths(sheet).map((w, i) => (sheet.columns[i].wrap ? Math.min(w, i === 0 ? 40 : 50) : w));
  sheet.columns = sheet.columns.map((c, i) => ({ ...c, width: widths[i] }));
  return sheet;
}
