/**
 * The relief result sheets (docs/interfaces.md: 纾困化解明细, 纾困县区汇总, 校验问题 when any), for
 * 温政办〔2023〕90号 三、（五）. Amounts stay exact Decimals; display is by number format only.
 *
 * Decision on money formats: a money column is shown in whole yuan (#,##0) when every value in it
 * is a whole number of yuan, otherwise with fen (#,##0.00) — the stored values are exact either way,
 * and are to the fen (docs/rules.md §3: inputs carry fen, the city's part is rounded down to the fen).
 * ID numbers are only ever written MASKED (first 6 and last 4 characters), as a text column.
 * Family ids, names and county names are written exactly as typed (docs/rules.md §1.8).
 */
import { Decimal } from '../../exact/decimal';
import { decimalText, groupDigits, ZERO } from '../../exact/decimal';
import { WAN } from '../../exact/money';
import type { ReliefComputation } from '../../rules/medical-relief/compute';
import type { ReliefParameters } from '../../rules/medical-relief/parameters';
import { fenOf, groupedFen } from '../../rules/medical-relief/fen';
import { FMT, ResultCell, ResultSheet, empty, int, num, text } from '../result-sheet';

export const DETAIL_SHEET = '纾困化解明细';
export const SUMMARY_SHEET = '纾困县区汇总';

/** Above this many rows, column widths are fixed instead of measured (fitWidths scans every cell). */
const MEASURE_LIMIT = 5000;

/** 1234567.5 → "1,234,567.5" (display text only; the exact value, never rounded). */
export function grouped(value: Decimal): string {
  return groupDigits(decimalText(value));
}

/** "20,000,000" → "2,000万" when whole 万, for headings. */
export function wanText(value: Decimal): string {
  const wan = value.dividedBy(WAN);
  return wan.isInteger() ? `${grouped(wan)}万` : grouped(value);
}

/** The article of 三、（五） out of the edition's article note, e.g. "三、（五）". */
export function articleOf(note: string): string {
  const m = /^[^（(]*[（(][^）)]*[）)]/.exec(note);
  return m ? m[0] : note;
}

export function basisText(params: ReliefParameters): string {
  return `${params.document} ${articleOf(params.articles.threshold)}`;
}

function moneyFormat(values: Iterable<Decimal>): string {
  for (const v of values) if (!v.isInteger()) return FMT.fen;
  return FMT.yuan;
}

export interface DetailOptions {
  /** Show the 姓名 column (the input had one). */
  names: boolean;
  /** Show the 身份证号 column (the input had one); values are masked. */
  ids: boolean;
}

/**
 * 纾困化解明细: one row per family (温政办〔2023〕90号 三、（五）), in input order, with the
 * calculation written out: min(max(自负 − 起付, 0), 封顶) = 化解.
 *
 * Built for 400,000 families: each row array is made at its final length, the frequent cells are
 * shared, and the amounts of the 计算过程 text are grouped from whole fen (fen.ts groupedFen, the
 * same text as `grouped`; property test) rather than by regular expression.
 */
export function detailSheet(result: ReliefComputation, params: ReliefParameters, options: DetailOptions): ResultSheet {
  const families = result.families;
  const n = families.length;
  let payFmt: string = FMT.yuan;
  let reliefFmt: string = FMT.yuan;
  for (let i = 0; i < n && payFmt === FMT.yuan; i++) if (!families[i].selfPay.isInteger()) payFmt = FMT.fen;
  for (let i = 0; i < n && reliefFmt === FMT.yuan; i++) if (!families[i].relief.isInteger()) reliefFmt = FMT.fen;
  const basis = text(basisText(params));
  const threshold = grouped(params.threshold);
  const cap = grouped(params.cap);
  const countyCells = new Map<string, ResultCell>();
  // Cells are immutable values: the frequent ones are shared between rows (1,000,000 families).
  const countCells = Array.from({ length: 21 }, (_, k) => int(k));
  const zeroRelief = num(ZERO, reliefFmt);
  const capRelief = num(params.cap, reliefFmt);
  const middle = ` − ${threshold}, 0), ${cap}) = `;
  const capText = grouped(params.cap);
  const width = 7 + (options.names ? 1 : 0) + (options.ids ? 1 : 0);
  const rows: ResultCell[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = families[i];
    let countyCell = countyCells.get(f.county);
    if (!countyCell) {
      countyCell = text(f.county);
      countyCells.set(f.county, countyCell);
    }
    const payFen = fenOf(f.selfPay);
    const pay = payFen >= 0 ? groupedFen(payFen) : grouped(f.selfPay);
    const zero = f.relief.isZero();
    const atCap = f.relief === params.cap;
    let reliefText: string;
    if (zero) reliefText = '0';
    else if (atCap) reliefText = capText;
    else {
      const reliefFen = fenOf(f.relief);
      reliefText = reliefFen >= 0 ? groupedFen(reliefFen) : grouped(f.relief);
    }
    const row: ResultCell[] = new Array(width);
    let c = 0;
    row[c++] = text(f.familyId);
    row[c++] = countyCell;
    if (options.names) row[c++] = f.names.length ? text(f.names.join('、')) : empty;
    if (options.ids) row[c++] = f.ids.length ? text(f.ids.join('、')) : empty;
    row[c++] = f.rows <= 20 ? countCells[f.rows] : int(f.rows);
    row[c++] = num(f.selfPay, payFmt);
    row[c++] = zero ? zeroRelief : atCap ? capRelief : num(f.relief, reliefFmt);
    row[c++] = text(`min(max(${pay}${middle}${reliefText}`);
    row[c] = basis;
    rows[i] = row;
  }
  const big = n > MEASURE_LIMIT;
  const columns: ResultSheet['columns'] = [{ header: '家庭编号', text: true, width: big ? 16 : undefined }, { header: '县（市、区）', width: big ? 14 : undefined }];
  if (options.names) columns.push({ header: '姓名', width: big ? 24 : undefined });
  if (options.ids) columns.push({ header: '身份证号', text: true, width: big ? 24 : undefined });
  columns.push(
    { header: '成员/记录数', width: big ? 12 : undefined },
    { header: '自负医疗费用合计（元）', width: big ? 24 : undefined },
    { header: '化解金额（元）', width: big ? 16 : undefined },
    // Wide enough for min(max(…)) on one line: no wrapping, so no row heights for 1,000,000 rows.
    { header: '计算过程', width: big ? 58 : undefined },
    { header: '依据', width: big ? 26 : undefined },
  );
  return { name: DETAIL_SHEET, role: 'result', columns, rows };
}

/**
 * 纾困县区汇总: per county families, families relieved, relief, and its split into the city fund
 * and the local 1:1 matching (温政办〔2023〕90号 三、（五）, docs/rules.md §3): in a pilot county the
 * city pays relief ÷ 2 rounded down to the fen and the local side the rest; outside the pilot the
 * local side pays all. A totals row with the check 市级 + 地方 = 化解总额, the comparison of the
 * city's total (pilot counties only) with the city fund per year (2,000万), and the parameters used.
 */
export function summarySheet(result: ReliefComputation, params: ReliefParameters, pilotCounties: readonly string[], draftFile: string | null = null): ResultSheet {
  const { counties, totals } = result;
  const amounts = [...counties.flatMap((c) => [c.relief, c.cityFund, c.localMatch]), totals.relief, totals.cityFund, totals.localMatch, params.cityFundPerYear];
  const fmt = moneyFormat(amounts);
  const ratio = params.localMatchRatio;
  // The two money flows are named as in the headers everywhere on the sheet: 市级基金承担, 地方配套.
  const splitNote = ratio.equals(1)
    ? '试点：市级基金承担 = 化解总额 ÷ 2，向下取到分；地方配套 = 化解总额 − 市级基金承担（1:1 配套，多出的 1 分归地方配套）'
    : `试点：市级基金承担 = 化解总额 ÷ (1 + ${grouped(ratio)})，向下取到分；地方配套 = 化解总额 − 市级基金承担`;
  const localNote = '非试点县（市、区）：按“其他有条件的县（市、区）可参照执行”照常计算，全部由地方配套（市级基金承担 0 元）';
  const rows: ResultCell[][] = counties.map((c) => [
    text(c.county),
    text(c.pilot ? '是' : '否'),
    int(c.families),
    int(c.relieved),
    num(c.relief, fmt),
    num(c.cityFund, fmt),
    num(c.localMatch, fmt),
    text(c.pilot ? splitNote : localNote),
  ]);
  const totalsRow = rows.length;
  const balanced = totals.cityFund.plus(totals.localMatch).equals(totals.relief);
  rows.push([
    text('合计'), empty, int(totals.families), int(totals.relieved),
    num(totals.relief, fmt), num(totals.cityFund, fmt), num(totals.localMatch, fmt),
    text(`市级基金承担 + 地方配套 = 化解总额 ${balanced ? '✓' : '✗'}（${grouped(totals.cityFund)} + ${grouped(totals.localMatch)} = ${grouped(totals.relief)}）`),
  ]);
  const fund = params.cityFundPerYear;
  const within = !result.cityFundExceeded;
  rows.push([
    text(`市级基金年度额度（${wanText(fund)}元）`), empty, empty, empty, empty, num(fund, fmt), empty,
    text(within
      ? `市级基金承担 ${grouped(totals.cityFund)} ≤ ${grouped(fund)} ✓（只计试点县（市、区））`
      : `市级基金承担 ${grouped(totals.cityFund)} > ${grouped(fund)} ✗，超出 ${grouped(totals.cityFund.minus(fund))} 元（只计试点县（市、区））`),
  ]);
  const blank = (): ResultCell[] => [empty, empty, empty, empty, empty, empty, empty, empty];
  rows.push(blank());
  const paramRow = (label: string, value: string, source: string): ResultCell[] => [text(label), text(value), empty, empty, empty, empty, empty, text(source)];
  rows.push(
    paramRow('计算参数', '取值', '依据'),
    ...(draftFile !== null ? [paramRow('草案版本', draftFile, `按 --edition 给出的草案版本文件计算（${params.document}），不是现行政策文件的结果`)] : []),
    paramRow('起付线（自负超过部分化解）', `${grouped(params.threshold)} 元`, `${params.document} ${params.articles.threshold}`),
    paramRow('家庭封顶化解金额', `${grouped(params.cap)} 元`, `${params.document} ${params.articles.cap}`),
    paramRow('市级每年筹集', `${grouped(params.cityFundPerYear)} 元`, `${params.document} ${params.articles.cityFundPerYear}`),
    paramRow('地方配套比例（市级基金承担 : 地方配套）', `1 : ${grouped(ratio)}`, `${params.document} ${params.articles.localMatchRatio}`),
    paramRow('试点县（市、区）市级基金承担', `化解总额 ÷ (1 + ${grouped(ratio)})，向下取到分；其余由地方配套`, `${params.document} ${articleOf(params.articles.cityFundPerYear)}（专项用于5个加快发展县和洞头区）`),
    paramRow('非试点县（市、区）', '照常计算，全部由地方配套（市级基金承担 0 元）', `${params.document} ${params.articles.pilotCounties.replace(/[（(].*$/, '')}（其他有条件的县（市、区）可参照执行）`),
    paramRow('试点县（市、区）', pilotCounties.join('、'), samePilots(pilotCounties, params.pilotCounties)
      ? `${params.document} ${params.articles.pilotCounties}（设置「试点县（市、区）」，可修改）`
      : `已按设置「试点县（市、区）」修改（文件原为：${params.pilotCounties.join('、')}）`),
  );
  const paramHeader = totalsRow + 3;
  return {
    name: SUMMARY_SHEET,
    role: 'result',
    columns: [
      // 是否试点 also holds the parameters' values below the table (the pilot list …): wrapped.
      { header: '县（市、区）' }, { header: '是否试点', width: 30, wrap: true }, { header: '家庭数' }, { header: '获化解家庭数' },
      { header: '化解总额' }, { header: '市级基金承担' }, { header: '地方配套' }, { header: '说明', width: 60, wrap: true },
    ],
    rows,
    totalsRows: [totalsRow, totalsRow + 1, paramHeader],
    // Each county's relief as its two parts (三、（五）): 市级基金承担 and 地方配套, stacked.
    charts: counties.length > 0
      ? [{ title: `各县（市、区）纾困化解金额（合计 ${grouped(totals.relief)} 元）`, kind: 'stacked', categoryCol: 0, valueCols: [5, 6], firstRow: 0, lastRow: counties.length - 1 }]
      : [],
  };
}

export function samePilots(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
