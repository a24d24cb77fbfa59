/**
 * The example workbooks of `wzpolicy demo` (examples/*.xlsx) and docs/rules.md's worked examples as
 * real .xlsx fixtures (test/fixtures/cli/*.xlsx). Deterministic: seeded PRNG, fixed dates.
 * Only enterprise names are real (温政办〔2023〕89号); every figure is invented.
 */
import { Workbook, type Worksheet } from 'exceljs';
import { ENTERPRISES } from './enterprises';
import { creditCode, idNumber, intBetween, personName, pick, prng, type Rng } from './codes';

export type InputValue = string | number | Date | null;

export const HQ_HEADERS = [
  '统一社会信用代码',
  '企业名称',
  '所属总部统一社会信用代码',
  '近两年在温营业收入合计（亿元）',
  '近两年地方综合贡献合计（亿元）',
  '近两年可加计扣除研发费用合计（万元）',
  '上年度在温职工养老保险缴费人数',
  '在温个税申报人数',
  '上年度在温企业职工养老保险参保率（%）',
  '三年内入选榜单',
  '上市交易所',
  '上市日期',
  '取消资格情形',
] as const;

export const WATER_HEADERS = [
  '县（市、区）',
  '一级水源保护区面积（平方公里）',
  '集雨区面积（不含水域）（平方公里）',
  '集雨区内行政人口（人）',
  '水域面积（平方公里）',
  '考核组',
  '入库支流断面水质得分',
  '绿色发展模块得分率（%）',
  '水源地管理得分',
  '绩效评价得分',
  '绩效评价扣分',
] as const;

export const RELIEF_HEADERS = ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'] as const;

/** Fixed timestamps so regenerated files differ only where the data does. */
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));

export const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

export function newWorkbook(): Workbook {
  const wb = new Workbook();
  wb.creator = 'wzpolicy scripts/make-examples';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

export interface InputSheetOptions {
  /** Zero-based columns holding text codes (written with number format @). */
  textCols?: number[];
  /** Number format per zero-based column. */
  formats?: Record<number, string>;
  widths?: number[];
}

/** An input sheet as an officer would keep it: header row, one row per record. */
export function addInputSheet(wb: Workbook, name: string, headers: readonly string[], rows: InputValue[][], options: InputSheetOptions = {}): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...headers]);
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row.map((v) => (v === null ? undefined : v)));
  headers.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = options.widths?.[i] ?? Math.min(40, Math.max(10, h.length * 2 + 2));
    const fmt = options.textCols?.includes(i) ? '@' : options.formats?.[i];
    if (fmt) col.eachCell({ includeEmpty: false }, (cell, rowNumber) => {
      if (rowNumber > 1) cell.numFmt = fmt;
    });
  });
  return ws;
}

function addNotesSheet(wb: Workbook, lines: string[]): void {
  const ws = wb.addWorksheet('说明');
  ws.getColumn(1).width = 100;
  for (const line of lines) ws.addRow([line]);
}

// ---- 总部企业星级评定 ------------------------------------------------------------------------

interface HqRow {
  code: string;
  name: string;
  hq: string | null;
  revenue: number;
  contribution: number;
  rd: number;
  contributors: number | null;
  filers: number | null;
  rate: number | null;
  lists: string | null;
  exchange: string | null;
  listed: Date | null;
  disqualified: string | null;
}

const hqCells = (r: HqRow): InputValue[] => [
  r.code, r.name, r.hq, r.revenue, r.contribution, r.rd, r.contributors, r.filers, r.rate, r.lists, r.exchange, r.listed, r.disqualified,
];

const HQ_FORMATS = { 3: '#,##0.00', 4: '#,##0.00', 5: '#,##0.0', 6: '0', 7: '0', 8: '0.0%', 11: 'yyyy-mm-dd' };

/** Bonus facts for some headquarters, by position in ENTERPRISES. */
const LISTS: Record<number, string> = {
  7: '中国民营企业500强、中国制造业企业500强',
  11: '中国企业500强、中国民营企业500强',
  15: '民营企业500强',
  22: '中国制造业企业500强',
  30: '中国服务业企业500强',
  38: '中国民营企业500强',
  47: '制造业企业500强',
};
const LISTINGS: Record<number, [string, Date]> = {
  7: ['港交所', utc(2023, 12, 18)],
  10: ['北交所', utc(2023, 5, 16)],
  15: ['深交所', utc(2019, 9, 26)], // outside three years: no bonus
  18: ['上交所', utc(2024, 3, 8)],
  26: ['深交所', utc(2022, 11, 30)], // outside three years of 2025-12-31
  33: ['上交所', utc(2025, 6, 20)],
  52: ['纳斯达克', utc(2024, 10, 11)],
  64: ['北交所', utc(2025, 2, 27)],
};
const DISQUALIFIED: Record<number, string> = { 44: '列入严重失信主体名单' };
/** Headquarters with group rows: position → number of branches / subsidiaries. */
const GROUPS: Record<number, number> = { 1: 2, 7: 3, 11: 1, 18: 2, 22: 1, 30: 1, 38: 2, 47: 1, 56: 1, 61: 1, 70: 1, 75: 2 };
/** Single-row headquarters that give the rate directly instead of the two counts. */
const RATE_ONLY = new Set([4, 13, 29, 58, 77]);

function shortName(name: string): string {
  return name.replace(/(股份有限公司|集团有限公司|有限公司|集团股份有限公司)$/, '').replace(/^(浙江|温州市|温州)/, '');
}

export function hqExampleRows(seed = 20231219): HqRow[] {
  const rng = prng(seed);
  const rows: HqRow[] = [];
  const late: HqRow[] = [];
  ENTERPRISES.forEach((e, i) => {
    const leader = e.list === '领军型';
    const revenue = round(10 ** (leader ? 0.7 + rng() * 1.9 : 0.2 + rng() * 1.0), 2);
    const contribution = round(revenue * (0.03 + rng() * 0.06), 2);
    const rd = round(revenue * 10000 * (0.008 + rng() * 0.04), 1);
    const filers = Math.round(revenue * (15 + rng() * 40)) + 40;
    const contributors = Math.round(filers * (0.72 + rng() * 0.28));
    const code = creditCode(rng, e.district);
    const rateOnly = RATE_ONLY.has(i);
    const hq: HqRow = {
      code, name: e.name, hq: null, revenue, contribution, rd,
      contributors: rateOnly ? null : contributors,
      filers: rateOnly ? null : filers,
      rate: rateOnly ? round(contributors / filers, 3) : null,
      lists: LISTS[i] ?? null,
      exchange: LISTINGS[i]?.[0] ?? null,
      listed: LISTINGS[i]?.[1] ?? null,
      disqualified: DISQUALIFIED[i] ?? null,
    };
    rows.push(hq);
    const members = GROUPS[i] ?? 0;
    for (let k = 0; k < members; k++) {
      const branch = k % 2 === 0;
      const district = pick(rng, ['鹿城区', '龙湾区', '瓯海区', '瑞安市', '乐清市', '永嘉县', '平阳县']);
      const sub: HqRow = {
        code: creditCode(rng, district),
        name: branch ? `${e.name}${district}分公司` : `温州${shortName(e.name)}${pick(rng, ['科技', '贸易', '供应链', '智能装备'])}有限公司`,
        hq: code,
        revenue: round(revenue * (0.05 + rng() * 0.25), 2),
        contribution: round(contribution * (0.05 + rng() * 0.2), 2),
        rd: round(rd * rng() * 0.3, 1),
        contributors: 0,
        filers: 0,
        rate: null,
        lists: null,
        exchange: null,
        listed: null,
        disqualified: null,
      };
      sub.filers = Math.round(sub.revenue * (20 + rng() * 30)) + 10;
      sub.contributors = Math.round(sub.filers! * (0.7 + rng() * 0.3));
      if (i === 18 && k === 1) {
        // a controlled subsidiary listed within three years: +1 for the group
        sub.exchange = '深交所';
        sub.listed = utc(2024, 7, 19);
      }
      (k === members - 1 && i % 3 === 0 ? late : rows).push(sub);
    }
  });
  // A subsidiary of a subsidiary (resolves to the top headquarters).
  const parent = rows.find((r) => r.hq !== null && !r.name.endsWith('分公司'))!;
  late.push({
    code: creditCode(rng, '瓯海区'),
    name: `${parent.name.replace(/有限公司$/, '')}瓯海分公司`,
    hq: parent.code,
    revenue: 0.85, contribution: 0.06, rd: 120.5, contributors: 41, filers: 45, rate: null,
    lists: null, exchange: null, listed: null, disqualified: null,
  });
  return [...rows, ...late];
}

export function hqExampleWorkbook(): Workbook {
  const wb = newWorkbook();
  addInputSheet(wb, '总部企业', HQ_HEADERS, hqExampleRows().map(hqCells), {
    textCols: [0, 2], formats: HQ_FORMATS, widths: [22, 40, 22, 14, 14, 14, 12, 12, 12, 36, 10, 12, 22],
  });
  addNotesSheet(wb, [
    '总部企业星级评定示例数据（温政办〔2023〕88号）',
    '企业名称取自温政办〔2023〕89号公布的领军型、高成长型工业企业名单；所有数值、榜单、上市信息和统一社会信用代码均为虚构，仅供演示。',
    '一行一个法人主体：所属总部统一社会信用代码为空的是总部行；分公司、控股子公司行填写所属总部的代码，其数据计入总部。',
    '参保率可直接填写（仅限只有一行的总部），否则按缴费人数 ÷ 个税申报人数计算。',
  ]);
  return wb;
}

// ---- 饮用水水源地生态保护补偿资金 --------------------------------------------------------------

/** The what-if sheet of the water example (第六条 用水区域分担测算). */
export const WHAT_IF_SHEET = '用水量测算';

export function waterExampleWorkbook(): Workbook {
  const wb = newWorkbook();
  const rows: InputValue[][] = [
    ['瑞安市', 12.6, 356.8, 61250, 8.4, 'B', 46.5, 0.925, 14, 5, null],
    ['文成县', 35.2, 1086.5, 213400, 31.7, 'A', 47.2, 0.88, 13.5, 4.5, null],
    ['泰顺县', 41.8, 912.3, 148900, 24.9, 'A', 45.8, 0.903, 14.5, 5, 0.5],
    ['瓯海区', 7.9, 78.4, 29800, 2.3, 'B', 44, 0.856, 13, 4, null],
  ];
  addInputSheet(wb, '补偿因素', WATER_HEADERS, rows, {
    formats: { 1: '0.0', 2: '#,##0.0', 3: '#,##0', 4: '0.0', 7: '0.0%' },
    widths: [14, 16, 18, 14, 14, 8, 14, 14, 12, 12, 12],
  });
  // 第六条: the user districts' shares are reviewed by actual water use (what-if split of 7000万元).
  addInputSheet(wb, WHAT_IF_SHEET, ['县（市、区）', '用水量（万立方米）', '人口（人）'], [
    ['鹿城区', 9850, 1012000],
    ['龙湾区', 7420, 768000],
    ['瓯海区', 7760, 962000],
    ['洞头区', 760, 108000],
    ['海经区', 610, 52000],
    ['乐清市', 880, 1452000],
    ['瑞安市', 5830, 1524000],
    ['永嘉县', 640, 869000],
    ['平阳县', 4260, 863000],
    ['龙港市', 3690, 465000],
  ], { formats: { 1: '#,##0', 2: '#,##0' }, widths: [14, 18, 14] });
  addNotesSheet(wb, [
    '饮用水水源地生态保护补偿资金示例数据（温政办函〔2023〕28号）',
    '因素数值与考核得分均为虚构，仅供演示；实际数据以市生态环境局、市水利局、市公安局核定为准。',
    `「${WHAT_IF_SHEET}」为第六条用水区域分担比例测算的虚构用水量：wzpolicy water-fund 示例.xlsx --what-if-sheet ${WHAT_IF_SHEET}`,
  ]);
  return wb;
}

// ---- 医保纾困 ----------------------------------------------------------------------------------

const RELIEF_COUNTIES: Array<[string, string, number]> = [
  ['永嘉县', 'YJ', 62],
  ['平阳县', 'PY', 60],
  ['苍南县', 'CN', 60],
  ['文成县', 'WC', 42],
  ['泰顺县', 'TS', 42],
  ['洞头区', 'DT', 32],
  ['乐清市', 'YQ', 2], // not a pilot county: computed with a warning
];

export function reliefExampleRows(seed = 20240201): InputValue[][] {
  const rng: Rng = prng(seed);
  const rows: InputValue[][] = [];
  const late: InputValue[][] = [];
  for (const [county, prefix, count] of RELIEF_COUNTIES) {
    for (let f = 1; f <= count; f++) {
      const familyId = `${prefix}2024${String(f).padStart(4, '0')}`;
      const totalCents = intBetween(rng, 9_000_000, 26_000_000);
      const u = rng();
      const members = u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
      const surname = personName(rng).slice(0, 1);
      let left = totalCents;
      for (let m = 0; m < members; m++) {
        const cents = m === members - 1 ? left : Math.floor(left * (0.3 + rng() * 0.4));
        left -= cents;
        const row: InputValue[] = [familyId, personName(rng, surname), idNumber(rng, county, m === 0 ? 1945 : 1960, m === 0 ? 1985 : 2015), county, cents / 100];
        (m > 0 && f % 9 === 0 ? late : rows).push(row);
      }
    }
  }
  return [...rows, ...late];
}

export function reliefExampleWorkbook(): Workbook {
  const wb = newWorkbook();
  addInputSheet(wb, '自负费用明细', RELIEF_HEADERS, reliefExampleRows(), {
    textCols: [0, 2], formats: { 4: '#,##0.00' }, widths: [14, 10, 22, 12, 18],
  });
  addNotesSheet(wb, [
    '医保纾困专项保障示例数据（温政办〔2023〕90号 三、（五））',
    '姓名、身份证号（校验位正确的虚构号码）和费用均为虚构，仅供演示。同一家庭可有多行（家庭成员、多次结算），按家庭编号合计。',
  ]);
  return wb;
}

// ---- spec worked examples as fixtures ----------------------------------------------------------

/** policy-rules.md §1.5: A, B, C, and C's subsidiary row (C's figures split over the two rows). */
export function hqWorkedExampleRows(): HqRow[] {
  const rng = prng(15);
  const a = creditCode(rng, '鹿城区');
  const b = creditCode(rng, '龙湾区');
  const c = creditCode(rng, '瓯海区');
  const cSub = creditCode(rng, '瑞安市');
  const none = { rate: null, lists: null, exchange: null, listed: null, disqualified: null, hq: null };
  return [
    { ...none, code: a, name: 'A 总部有限公司', revenue: 100, contribution: 10, rd: 5000, contributors: 900, filers: 1000, lists: '中国企业500强、中国民营企业500强', exchange: '上交所', listed: utc(2023, 6, 15) },
    { ...none, code: b, name: 'B 总部有限公司', revenue: 40, contribution: 4, rd: 1000, contributors: 450, filers: 500 },
    { ...none, code: c, name: 'C 总部有限公司', revenue: 6, contribution: 0.6, rd: 0, contributors: 100, filers: 120, exchange: '北交所', listed: utc(2023, 3, 10) },
    { ...none, code: cSub, name: 'C 控股子公司', hq: c, revenue: 4, contribution: 0.4, rd: 0, contributors: 60, filers: 80, exchange: '港交所', listed: utc(2024, 5, 20) },
  ];
}

export function hqWorkedExampleWorkbook(): Workbook {
  const wb = newWorkbook();
  addInputSheet(wb, '总部企业', HQ_HEADERS, hqWorkedExampleRows().map(hqCells), { textCols: [0, 2], formats: HQ_FORMATS });
  return wb;
}

/** policy-rules.md §2.6: the four counties' factors, with assessment scores (distinct per group). */
export const WATER_WORKED_ROWS: InputValue[][] = [
  ['瑞安市', 10, 300, 100000, 20, 'B', 45, 0.9, 14, 5, null],
  ['文成县', 30, 900, 200000, 40, 'A', 48, 0.95, 15, 5, null],
  ['泰顺县', 40, 800, 100000, 30, 'A', 46, 0.85, 13, 4, null],
  ['瓯海区', 20, 200, 100000, 10, 'B', 47, 0.9, 14, 5, null],
];

export function waterWorkedExampleWorkbook(): Workbook {
  const wb = newWorkbook();
  addInputSheet(wb, '补偿因素', WATER_HEADERS, WATER_WORKED_ROWS, { formats: { 7: '0%' } });
  return wb;
}

/** Every generated file, relative to the project folder. */
export const GENERATED: Array<{ path: string; build: () => Workbook }> = [
  { path: 'examples/总部企业星级评定-示例.xlsx', build: hqExampleWorkbook },
  { path: 'examples/水源地补偿资金-示例.xlsx', build: waterExampleWorkbook },
  { path: 'examples/医保纾困-示例.xlsx', build: reliefExampleWorkbook },
  { path: 'test/fixtures/cli/hq-rating-spec-1.5.xlsx', build: hqWorkedExampleWorkbook },
  { path: 'test/fixtures/cli/water-fund-spec-2.6.xlsx', build: waterWorkedExampleWorkbook },
];
