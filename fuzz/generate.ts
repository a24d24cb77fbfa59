/**
 * Workbooks as officers e-mail them, made by a seeded generator (reproducible from the seed):
 * plausible sheets of the three calculations with the mistakes real ones carry — synonyms and
 * units in headers, a title row above the header, note and 合计 rows, unknown and duplicate
 * columns, numbers typed as text with separators or full-width digits, percentages three ways,
 * dates four ways, blanks, negatives, garbage, names with full-width brackets and odd spaces, ID
 * numbers in the wrong column, credit codes typed as numbers, merged cells, hidden sheets.
 *
 * Every generated workbook records the texts it holds, so the runner can check that every text
 * the output repeats is one of them, byte for byte (docs/rules.md §1.8).
 */
import { Workbook } from 'exceljs';
import { creditCodeCheckChar } from '../src/rules/hq-rating/credit-code';
import { idCheckChar } from '../src/rules/medical-relief/mask-id';

/** mulberry32: small, fast, seeded. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

export type Kind = 'hq-rating' | 'water-fund' | 'relief';

export interface GeneratedBook {
  kind: Kind;
  /** The sheet the calculation reads. */
  sheet: string;
  bytes: Buffer;
  /** Every text cell value written, as typed. */
  texts: Set<string>;
  /** Whether an ID number was planted outside the 身份证号 column. */
  plantedId: boolean;
  /** CLI options to pass besides the file. */
  options: string[];
}

type Cell = string | number | boolean | Date | null;

const TRICKY = ['（', '）', '(', ')', ' ', '　', '\u00a0', '·', '—', '－', 'Ａ', '𠀀', '𪚥', '．', '、'];
const NAME_PARTS = ['温州', '瓯江', '董贝', '科技', '集团', '实业', '有限公司', '股份', '电气', '阀门', '鞋业', '光学', '控股'];

export function validCreditCode(n: number): string {
  const first17 = `91330300${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17)!;
}

export function validId(rng: Rng): string {
  const y = rng.int(1940, 2005);
  const m = String(rng.int(1, 12)).padStart(2, '0');
  const d = String(rng.int(1, 28)).padStart(2, '0');
  const first17 = `330324${y}${m}${d}${String(rng.int(0, 999)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function name(rng: Rng): string {
  let s = '';
  const parts = rng.int(1, 4);
  for (let i = 0; i < parts; i++) s += rng.pick(NAME_PARTS);
  if (rng.chance(0.3)) s = s.slice(0, 2) + rng.pick(TRICKY) + s.slice(2);
  if (rng.chance(0.15)) s = ` ${s}`;
  if (rng.chance(0.15)) s += '　';
  if (rng.chance(0.2)) s = s.replace('温州', '（温州）');
  return s;
}

const FULL_DIGITS = '０１２３４５６７８９';

/** A number as an officer may type it: a number, or text with separators, full-width digits, spaces. */
function numberCell(rng: Rng, value: number, decimals = 2): Cell {
  const fixed = value.toFixed(rng.int(0, decimals));
  switch (rng.int(0, 9)) {
    case 0: return fixed.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    case 1: return fixed.replace(/\d/g, (d) => FULL_DIGITS[Number(d)]);
    case 2: return ` ${fixed} `;
    default: return Number(fixed);
  }
}

/** How often a numeric cell carries a mistake: 0 in half the books (so that invariants of computed
 *  runs are exercised), 1 % in the rest. Set per book by generateBook. */
let spoilRate = 0;

/** One of the mistakes a numeric cell may carry. */
function spoilNumber(rng: Rng, cell: Cell): Cell {
  if (!rng.chance(spoilRate)) return cell;
  return rng.pick<Cell>(['', null, '十亿', '-5', -1, '1e400', '#N/A', true, '12.3.4', '约100']);
}

function dateCell(rng: Rng, iso: string): Cell {
  const [y, m, d] = iso.split('-');
  switch (rng.int(0, 5)) {
    case 0: return `${y}年${Number(m)}月${Number(d)}日`;
    case 1: return `${y}/${m}/${d}`;
    case 2: return iso;
    case 3: return rng.chance(0.5) ? '2023.13.45' : '去年';
    default: return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  }
}

function randomIso(rng: Rng, fromYear: number, toYear: number): string {
  return `${rng.int(fromYear, toYear)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

interface Column {
  header: string;
  cell: (row: number) => Cell;
}

/** Write header + rows with the usual decorations; returns the bytes and the texts written. */
async function writeBook(rng: Rng, sheet: string, columns: Column[], rows: number, plant: { id: string | null }): Promise<{ bytes: Buffer; texts: Set<string> }> {
  const wb = new Workbook();
  const texts = new Set<string>();
  if (rng.chance(0.1)) {
    const hidden = wb.addWorksheet('隐藏');
    hidden.state = 'hidden';
    hidden.addRow(['这张表是隐藏的']);
  }
  const ws = wb.addWorksheet(sheet);
  const add = (values: Cell[]) => {
    for (const v of values) if (typeof v === 'string') texts.add(v);
    ws.addRow(values);
  };
  if (rng.chance(0.2)) add([`${sheet}（${rng.int(2023, 2026)}年）`]);
  const cols = [...columns];
  if (rng.chance(0.15)) cols.splice(rng.int(0, cols.length), 0, { header: rng.pick(['序号', '备注', '上年度榜单', '联系人']), cell: (r) => (rng.chance(0.5) ? r + 1 : '') });
  if (rng.chance(0.05) && cols.length > 1) cols.push({ ...cols[rng.int(1, cols.length - 1)] }); // a duplicate column
  add(cols.map((c) => c.header));
  // An ID number planted in a column the calculation reads, other than 身份证号 (must be an error).
  const plantable = cols.map((c, i) => (columns.includes(c) && c.header !== '身份证号' ? i : -1)).filter((i) => i >= 0);
  const plantAt = plantable.length > 0 ? rng.pick(plantable) : -1;
  if (rng.chance(0.2)) add(cols.map((_c, i) => (i === 0 ? '说明：按模板填写' : '')));
  for (let r = 0; r < rows; r++) {
    const values = cols.map((c) => c.cell(r));
    if (plant.id !== null && r === 0 && plantAt >= 0) values[plantAt] = plant.id;
    add(values);
  }
  if (rng.chance(0.15)) add(['合计', ...cols.slice(1).map(() => '')]);
  if (rng.chance(0.05) && rows > 2) ws.mergeCells(3, 1, 4, 1);
  const bytes = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return { bytes, texts };
}

const LISTS = ['世界500强', '中国企业500强', '中国民营企业500强', '民营企业500强', '中国制造业企业500强', '服务业企业500强', '上年度中国企业500强', '无', '', '', '', '', '福布斯榜'];
const EXCHANGES = ['上交所', '深交所', '港交所', '上海证券交易所', '非上市企业', '', '', '', ''];

function hqBook(rng: Rng): Promise<GeneratedBook> {
  const n = rng.int(0, 30);
  const codes = Array.from({ length: n }, (_v, i) => validCreditCode(rng.int(1, 1e8) * 10 + i));
  const isSub = codes.map((_c, i) => i > 0 && rng.chance(0.2));
  const parent = codes.map((_c, i) => (isSub[i] ? codes[rng.int(0, i - 1)] : null));
  const useCounts = rng.chance(0.7);
  const columns: Column[] = [
    { header: rng.pick(['统一社会信用代码', '信用代码', '社会信用代码']), cell: (r) => (rng.chance(0.02) ? Number(codes[r].replace(/\D/g, '').slice(0, 18)) : rng.chance(0.05) ? codes[r].toLowerCase() : codes[r]) },
    { header: rng.pick(['企业名称', '总部企业名称']), cell: () => name(rng) },
    { header: rng.pick(['近两年在温营业收入合计（亿元）', '营业收入（万元）', '营业收入']), cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 200)) },
    { header: rng.pick(['近两年地方综合贡献合计（亿元）', '地方贡献']), cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 20)) },
    { header: rng.pick(['近两年可加计扣除研发费用合计（万元）', '研发费用']), cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 10000)) },
  ];
  if (rng.chance(0.8)) columns.push({ header: '所属总部统一社会信用代码', cell: (r) => parent[r] ?? '' });
  if (useCounts) {
    columns.push({ header: '上年度在温职工养老保险缴费人数', cell: () => spoilNumber(rng, rng.int(0, 900)) });
    columns.push({ header: '在温个税申报人数', cell: () => spoilNumber(rng, rng.int(900, 1000)) });
  } else {
    const style = rng.int(0, 2);
    columns.push({ header: '上年度在温企业职工养老保险参保率（%）', cell: () => { const p = rng.int(50, 100); return style === 0 ? `${p}%` : style === 1 ? p : p / 100; } });
  }
  if (rng.chance(0.7)) columns.push({ header: rng.pick(['三年内入选榜单', '上年度500强榜单入选情况']), cell: () => rng.pick(LISTS) });
  if (rng.chance(0.6)) {
    const listed = codes.map(() => rng.chance(0.2));
    columns.push({ header: rng.pick(['上市交易所', '企业总部上市情况（不含子公司）']), cell: (r) => (listed[r] ? rng.pick(EXCHANGES.slice(0, 4)) : rng.pick(EXCHANGES.slice(4))) });
    columns.push({ header: '上市日期', cell: (r) => (listed[r] ? dateCell(rng, randomIso(rng, 2019, 2025)) : '') });
  }
  if (rng.chance(0.3)) columns.push({ header: '取消资格情形', cell: () => (rng.chance(0.05) ? '被列入严重失信名单' : '') });
  if (rng.chance(0.4)) columns.push({ header: '控股比例（%）', cell: (r) => (isSub[r] ? rng.pick<Cell>([100, 60, 50, 49.99, 30, '', 120]) : '') });
  if (rng.chance(0.4)) columns.push({ header: '所在地', cell: (r) => (isSub[r] ? rng.pick(['在温', '市外', '', '杭州市', '瑞安']) : '') });
  return finish(rng, 'hq-rating', '总部企业', columns, n, hqOptions(rng));
}

function hqOptions(rng: Rng): string[] {
  const o: string[] = [];
  if (rng.chance(0.7)) o.push('--rating-date', rng.chance(0.95) ? randomIso(rng, 2023, 2026) : '2024-02-30');
  if (rng.chance(0.2)) o.push('--tie-break', rng.pick(['none', 'localContribution,revenue', 'revenue', 'shoe']));
  if (rng.chance(0.1)) o.push('--degenerate-range', rng.pick(['full', 'zero', 'half']));
  return o;
}

const WATER_COUNTIES = ['瑞安市', '文成县', '泰顺县', '瓯海区'];

function waterBook(rng: Rng): Promise<GeneratedBook> {
  const counties = WATER_COUNTIES.filter(() => rng.chance(0.9));
  if (rng.chance(0.1)) counties.push(rng.pick(['永嘉县', '鹿城区', '文成县']));
  const spelled = counties.map((c) => rng.pick([c, c.slice(0, -1), ` ${c}`, `${c}　`]));
  const columns: Column[] = [
    { header: '县（市、区）', cell: (r) => spelled[r] },
    { header: '一级水源保护区面积（平方公里）', cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 50)) },
    { header: '集雨区面积（不含水域）（平方公里）', cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 1000)) },
    { header: rng.pick(['集雨区内行政人口（人）', '集雨区内行政人口（万人）']), cell: () => spoilNumber(rng, numberCell(rng, rng.int(1, 300000), 0)) },
    { header: '水域面积（平方公里）', cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 50)) },
  ];
  if (rng.chance(0.7)) {
    if (rng.chance(0.3)) columns.push({ header: '考核组', cell: () => rng.pick(['', 'A', 'B', 'Ａ组', '考核B组']) });
    columns.push({ header: '入库支流断面水质得分', cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 52)) });
    columns.push({ header: '绿色发展模块得分率（%）', cell: () => `${rng.int(60, 100)}%` });
    columns.push({ header: '水源地管理得分', cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 15)) });
    columns.push({ header: '绩效评价得分', cell: () => spoilNumber(rng, numberCell(rng, rng.next() * 5)) });
    if (rng.chance(0.5)) columns.push({ header: '绩效评价扣分', cell: () => (rng.chance(0.3) ? rng.int(0, 3) : '') });
  }
  const o: string[] = [];
  if (rng.chance(0.4)) o.push('--unit', rng.pick(['yuan', 'fen', 'fen', 'jiao']));
  if (rng.chance(0.5)) o.push('--fund-year', rng.pick(['2023', '2024', '2025', '2026', '２０２４', '20x4']));
  return finish(rng, 'water-fund', '补偿因素', columns, counties.length, o);
}

const RELIEF_COUNTIES = ['永嘉县', '永嘉', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区', '鹿城区', '乐清市', ' 平阳县 '];

function reliefBook(rng: Rng): Promise<GeneratedBook> {
  const n = rng.int(0, 60);
  const families = Array.from({ length: Math.max(1, Math.ceil(n / 2)) }, (_v, i) => rng.pick(['YJ', 'PY', 'ＹＪ', 'F']) + String(i).padStart(4, '0') + (rng.chance(0.05) ? ' ' : ''));
  const familyOf = Array.from({ length: n }, () => rng.pick(families));
  const countyOf = new Map(families.map((f) => [f, rng.pick(RELIEF_COUNTIES)]));
  const columns: Column[] = [
    { header: rng.pick(['家庭编号', '户编号']), cell: (r) => familyOf[r] },
    { header: '县（市、区）', cell: (r) => (rng.chance(0.02) ? rng.pick(RELIEF_COUNTIES) : countyOf.get(familyOf[r])!) },
    { header: rng.pick(['综合保障后自负医疗费用（元）', '综合保障后自负医疗费用（万元）']), cell: () => spoilNumber(rng, rng.chance(0.03) ? 123.456 : numberCell(rng, rng.int(0, 30_000_000) / 100)) },
  ];
  if (rng.chance(0.7)) columns.splice(1, 0, { header: '姓名', cell: () => name(rng).slice(0, 4) });
  if (rng.chance(0.6)) columns.push({ header: '身份证号', cell: () => (rng.chance(0.03) ? '330324194902075871' : rng.chance(0.02) ? Number(validId(rng)) : validId(rng)) });
  const o: string[] = [];
  if (rng.chance(0.2)) o.push('--pilot-counties', rng.pick(['永嘉县、平阳县', '永嘉县,平阳县,苍南县,文成县,泰顺县,洞头区,鹿城区']));
  return finish(rng, 'relief', '医保纾困', columns, n, o);
}

async function finish(rng: Rng, kind: Kind, sheet: string, columns: Column[], rows: number, options: string[]): Promise<GeneratedBook> {
  const plant = { id: rng.chance(0.05) ? validId(rng) : null };
  const { bytes, texts } = await writeBook(rng, sheet, columns, rows, plant);
  return { kind, sheet, bytes, texts, plantedId: plant.id !== null && rows > 0, options };
}

export function generateBook(rng: Rng): Promise<GeneratedBook> {
  spoilRate = rng.chance(0.5) ? 0 : 0.01;
  const k = rng.int(0, 2);
  return k === 0 ? hqBook(rng) : k === 1 ? waterBook(rng) : reliefBook(rng);
}
