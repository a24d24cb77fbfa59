import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { waterFundCalculator as calc, whatIfDistrictSplit, WaterFundSettings } from '../../src/calculators/water-fund';
import { calculatorFor } from '../../src/calculators';
import { FMT, ResultSheet, ResultCell } from '../../src/sheets/result-sheet';
import { readTable } from '../../src/sheets/table';
import type { CellValue, SheetGrid } from '../../src/sheets/grid';
import { WORKED_ASSESSMENT, WORKED_FACTORS, baseOnlyGrid, fullGrid, grid, TODAY } from '../fixtures/water-fund/grids';

const settings = (options: Record<string, string | undefined> = {}): WaterFundSettings => {
  const s = calc.settingsFrom(options, TODAY);
  if (!s.ok) throw new Error(s.message);
  return s.settings;
};
type Json = {
  kind: string; policy: string; settings: Record<string, unknown>; problems: Array<{ severity: string; sheet: string; cell: string | null; message: string }>;
  results?: Array<{ county: string; baseShare: string; base: string; assessmentScore: string | null; group: string | null; groupRank: number | null; reward: string; total: string; tied: boolean }>;
  totals?: { base: string; reward: string; total: string };
  contributions?: Record<string, unknown>;
  whatIf?: { total: string; rows: Array<{ district: string; amount: string }> };
};
const runJson = (g: SheetGrid, s = settings(), opts = {}) => calc.run(g, s, opts).json as unknown as Json;
const sheetNamed = (sheets: ResultSheet[], name: string) => sheets.find((s) => s.name === name)!;
const cellText = (c: ResultCell | undefined) => (c?.kind === 'text' ? c.text : c?.kind === 'number' ? c.value.toString() : c?.kind === 'integer' ? String(c.value) : '');
const clone = (rows: CellValue[][]) => rows.map((r) => [...r]);

describe('water-fund calculator: docs/rules.md §2.6 worked example', () => {
  it('is registered under its kind', () => {
    expect(calculatorFor('water-fund')).toBe(calc);
  });

  it('文成县 base share is exactly 0.399090909…, bases add to 140,000,000, each within one yuan of its quota', () => {
    const json = runJson(baseOnlyGrid());
    const wc = json.results!.find((r) => r.county === '文成县')!;
    expect(wc.baseShare.startsWith('0.39909090909090909090')).toBe(true);
    expect(new Decimal(wc.baseShare).minus(new Decimal('0.015').plus(new Decimal('0.45').times(900).dividedBy(2200)).plus('0.2')).abs().lessThan('1e-29')).toBe(true);
    expect(wc.base).toBe('55872727');
    const bases = json.results!.map((r) => new Decimal(r.base));
    expect(bases.reduce((a, b) => a.plus(b)).toString()).toBe('140000000');
    json.results!.forEach((r) => expect(new Decimal(r.base).minus(new Decimal(r.baseShare).times(140000000)).abs().lessThan(1)).toBe(true));
  });

  it('has exactly the docs/interfaces.md shape, with assessment data: 1100/900/600/400万 and 170,000,000', () => {
    const json = runJson(fullGrid());
    expect(json.kind).toBe('water-fund');
    expect(json.policy).toBe('温政办函〔2023〕28号');
    expect(json.problems).toEqual([]);
    expect(json.settings).toEqual(expect.objectContaining({ unit: 'yuan' }));
    expect(Object.keys(json.results![0])).toEqual(expect.arrayContaining(['county', 'baseShare', 'base', 'assessmentScore', 'group', 'groupRank', 'reward', 'total']));
    expect(json.results!.map((r) => [r.county, r.group, r.groupRank, r.reward, r.assessmentScore])).toEqual([
      ['瑞安市', 'B', 1, '6000000', '91'],
      ['文成县', 'A', 1, '11000000', '96.5'],
      ['泰顺县', 'A', 2, '9000000', '84'],
      ['瓯海区', 'B', 2, '4000000', '80.5'],
    ]);
    expect(json.results!.map((r) => r.total)).toEqual(['29290909', '66872727', '51509091', '22327273']);
    expect(json.totals).toEqual({ base: '140000000', reward: '30000000', total: '170000000' });
  });

  it('without assessment columns computes the base only, with a warning, rewards 0 and totals.reward "0"', () => {
    const out = calc.run(baseOnlyGrid(), settings());
    const json = out.json as unknown as Json;
    expect(json.problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('只计算基础部分') })]);
    expect(json.results!.every((r) => r.reward === '0' && r.assessmentScore === null && r.groupRank === null && r.group === null)).toBe(true);
    expect(json.totals).toEqual({ base: '140000000', reward: '0', total: '140000000' });
    expect(out.sheets.map((s) => s.name)).toEqual(['补偿资金分配', '资金筹集', '分配参数', '校验问题']);
  });

  it('a tie in group A gives 10,000,000 each, flagged, with a warning', () => {
    const a = clone(WORKED_ASSESSMENT); a[2] = [...a[1]];
    const json = runJson(fullGrid(undefined, a));
    const wc = json.results!.find((r) => r.county === '文成县')!;
    const ts = json.results!.find((r) => r.county === '泰顺县')!;
    expect([wc.reward, ts.reward, String(wc.groupRank), String(ts.groupRank), String(wc.tied), String(ts.tied)]).toEqual(['10000000', '10000000', '1', '1', 'true', 'true']);
    expect(json.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'A3', message: expect.stringContaining('并列第 1 名') })]);
    expect(json.totals!.total).toBe('170000000');
  });

  it('a group with one county warns and pays a reward total below 30,000,000', () => {
    const f = WORKED_FACTORS.filter((_, i) => i !== 2);
    const a = WORKED_ASSESSMENT.filter((_, i) => i !== 2);
    const json = runJson(fullGrid(f, a));
    expect(new Decimal(json.totals!.reward).lessThan(30000000)).toBe(true);
    expect(json.totals!.reward).toBe('21000000');
    expect(json.totals!.base).toBe('140000000');
    expect(json.problems.map((p) => p.message).join('\n')).toMatch(/只有 1 个县[\s\S]*少于第十条规定的 30,000,000 元/);
  });

  it('unit fen gives two-decimal amounts that add up exactly', () => {
    const out = calc.run(fullGrid(), settings({ unit: 'fen' }));
    const json = out.json as unknown as Json;
    expect(json.results!.map((r) => r.base)).toEqual(['23290909.09', '55872727.27', '42509090.91', '18327272.73']);
    expect(json.totals).toEqual({ base: '140000000.00', reward: '30000000.00', total: '170000000.00' });
    const sum = json.results!.reduce((acc, r) => acc.plus(r.total), new Decimal(0));
    expect(sum.toFixed(2)).toBe(json.totals!.total);
    const alloc = sheetNamed(out.sheets, '补偿资金分配');
    const baseCell = alloc.rows[0][6];
    expect(baseCell.kind === 'number' && baseCell.format).toBe(FMT.fen);
  });

  it('a county outside the groups in an assessment sheet gets no reward, with warnings', () => {
    const f = [...WORKED_FACTORS, ['永嘉县', 1, 1, 1, 1]];
    const a = [...WORKED_ASSESSMENT, ['', null, null, null, null, null]];
    const json = runJson(fullGrid(f, a));
    const yj = json.results!.find((r) => r.county === '永嘉县')!;
    expect([yj.reward, yj.group, yj.assessmentScore]).toEqual(['0', null, null]);
    expect(json.problems.filter((p) => p.cell === 'A6').map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(json.totals!.total).toBe('170000000');
  });

  it('the deduction floors the performance score at 0', () => {
    const a = clone(WORKED_ASSESSMENT); a[0][5] = 9; // 瑞安: 45 + 27 + 14 + max(5 − 9, 0)
    const out = calc.run(fullGrid(undefined, a), settings());
    const json = out.json as unknown as Json;
    expect(json.results![0].assessmentScore).toBe('86');
    const row = sheetNamed(out.sheets, '补偿资金分配').rows[0];
    expect(cellText(row[10])).toBe('0');
    expect(cellText(row[18])).toContain('绩效评价扣分后按 0 计');
  });
});

describe('water-fund errors stop the calculation', () => {
  it('returns only kind, policy, settings and problems, and no sheets', () => {
    const f = clone(WORKED_FACTORS); f[1][0] = '瑞安市';
    const out = calc.run(fullGrid(f), settings());
    expect(Object.keys(out.json).sort()).toEqual(['kind', 'policy', 'problems', 'settings']);
    expect(out.sheets).toEqual([]);
    expect(out.problems).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', sheet: '水源地补偿资金', cell: 'A3', message: expect.stringContaining('重复') })]));
  });

  it('a factor column summing to 0 is reported at its header cell', () => {
    const f = WORKED_FACTORS.map((r) => [r[0], 0, r[2], r[3], r[4]]);
    const out = calc.run(fullGrid(f), settings());
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'B1', message: expect.stringContaining('一级水源保护区面积（平方公里）」一列合计为 0') })]);
  });

  it('a component above its maximum', () => {
    const a = clone(WORKED_ASSESSMENT); a[3][4] = '5.5';
    const out = calc.run(fullGrid(undefined, a), settings());
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'error', cell: 'J5', message: expect.stringContaining('「绩效评价得分」不能超过 5') })]);
  });
});

describe('water-fund settings', () => {
  it('defaults to yuan; --unit fen maps to settingsFrom({unit}); anything else is refused in Chinese', () => {
    expect(calc.defaultSettings(TODAY).unit).toBe('yuan');
    expect(settings({ unit: 'fen' }).unit).toBe('fen');
    expect(settings({ unit: '' }).unit).toBe('yuan');
    expect(settings({ unit: ' FEN ' }).unit).toBe('fen');
    const bad = calc.settingsFrom({ unit: 'jiao' }, TODAY);
    expect(!bad.ok && bad.message).toContain('yuan');
  });

  it('what-if weights are a visible setting, default 用水量 1, 人口 0, 用水结构 0', () => {
    const d = calc.describeSettings(settings(), TODAY);
    expect(d.find((x) => x.key === 'whatIfWeights')).toEqual(expect.objectContaining({ value: '用水量 1、人口 0、用水结构 0', changed: false }));
    const s = settings({ whatIfWeights: '用水量=0.7,人口=0.3' });
    expect(s.whatIfWeights).toEqual({ waterUse: '0.7', population: '0.3', structure: '0' });
    expect(calc.describeSettings(s, TODAY).find((x) => x.key === 'whatIfWeights')!.changed).toBe(true);
    expect(settings({ whatIfWeights: '2,1,0' }).whatIfWeights).toEqual({ waterUse: '2', population: '1', structure: '0' });
    expect(calc.settingsFrom({ whatIfWeights: '0,0,0' }, TODAY).ok).toBe(false);
    expect(calc.settingsFrom({ whatIfWeights: '用电=1' }, TODAY).ok).toBe(false);
  });

  it('the deprecated date option means the fund year of its year: superseded and not-covered warnings, still computed', () => {
    const json = runJson(fullGrid(), settings({ date: '2027-03-01' }));
    expect(json.problems).toEqual([
      expect.objectContaining({ severity: 'warning', cell: null, message: expect.stringContaining('--date 已由 --fund-year（资金年度）取代') }),
      expect.objectContaining({ severity: 'warning', cell: null, message: '2027 年度不在 温政办函〔2023〕28号 所定的 2023—2025 年度内（第七条），已按该文件计算，请核实是否有新文件。' }),
    ]);
    expect(json.settings).toEqual(expect.objectContaining({ fundYear: 2027, date: '2027-03-01' }));
    expect(json.totals!.total).toBe('170000000');
  });
});

describe('water-fund result sheets', () => {
  const out = calc.run(fullGrid(), settings());

  it('writes 补偿资金分配, 资金筹集, 分配参数 and no 校验问题 when there is no problem', () => {
    expect(out.sheets.map((s) => s.name)).toEqual(['补偿资金分配', '资金筹集', '分配参数']);
  });

  it('补偿资金分配 shows the exact share, money as numbers in yuan, the derivation and the articles, and a checked totals row', () => {
    const s = sheetNamed(out.sheets, '补偿资金分配');
    const headers = s.columns.map((c) => c.header);
    expect(headers).toEqual(expect.arrayContaining(['县（市、区）', '基础部分占比', '基础部分（元）', '考核得分', '考核组', '组内名次', '奖励（元）', '合计（元）', '计算过程', '依据']));
    const wc = s.rows[1];
    const share = wc[headers.indexOf('基础部分占比')];
    expect(share.kind === 'number' && share.format).toBe(FMT.share);
    expect(share.kind === 'number' && share.value.toFixed(20)).toBe('0.39909090909090909091');
    const base = wc[headers.indexOf('基础部分（元）')];
    expect(base.kind === 'number' && [base.value.toString(), base.format]).toEqual(['55872727', FMT.yuan]);
    const how = cellText(wc[headers.indexOf('计算过程')]);
    expect(how).toContain('0.05×30/100 + 0.45×900/2,200 + 0.3×200,000/500,000 + 0.2×40/100 = 0.3990909091…');
    expect(how).toContain('×140,000,000 = 55,872,727.272727…；最大余数法取整 55,872,727');
    expect(cellText(wc[headers.indexOf('依据')])).toMatch(/第九条.*第十条.*第十一条/);
    const totals = s.rows[s.totalsRows![0]];
    expect(cellText(totals[0])).toBe('合计');
    expect(cellText(totals[headers.indexOf('基础部分（元）')])).toBe('140000000');
    expect(cellText(totals[headers.indexOf('合计（元）')])).toBe('170000000');
    expect(cellText(totals[headers.indexOf('计算过程')])).toContain('合计 = 140,000,000 ✓');
  });

  it('资金筹集 lists the city and ten districts in yuan and checks money in = money out', () => {
    const s = sheetNamed(out.sheets, '资金筹集');
    const payers = s.rows.map((r) => cellText(r[0]));
    expect(payers.slice(0, 3)).toEqual(['市财政', '鹿城区', '龙湾区']);
    expect(payers).toContain('　其中：温州湾新区');
    expect(cellText(s.rows[0][2])).toBe('100000000');
    const lw = s.rows[payers.indexOf('龙湾区')];
    expect([cellText(lw[1]), cellText(lw[2])]).toEqual(['1280', '12800000']);
    const total = s.rows[payers.indexOf('筹集合计')];
    expect(cellText(total[4])).toBe('筹集合计 170,000,000 = 分配合计 170,000,000 ✓');
    expect(cellText(s.rows[payers.indexOf('用水区域合计')][2])).toBe('70000000');
  });

  it('分配参数 shows the edition, each value with its article, the settings and the remainder rule', () => {
    const s = sheetNamed(out.sheets, '分配参数');
    const all = s.rows.map((r) => r.map(cellText).join(' | ')).join('\n');
    expect(all).toContain('温政办函〔2023〕28号');
    expect(all).toContain('2023-12-08 至 2026-12-07');
    expect(all).toMatch(/基础部分权重：集雨区面积（不含水域） \| 0.45 \| 第九条/);
    expect(all).toMatch(/考核A组（山区26县） \| 文成县、泰顺县 \| 第十条 \| 第1名 1100万元，第2名 900万元/);
    expect(all).toContain('余数比较到小数点后20位，相同时按输入顺序在前者优先');
    expect(all).toMatch(/设置：金额单位 \| 取整到元 \| .*默认 取整到元.*未修改/);
    expect(all).not.toMatch(/yuan|--unit|§/); // no option codes, flags or section numbers on the sheet
  });

  it('the 校验问题 sheet appears when there is any problem', () => {
    const o = calc.run(baseOnlyGrid(), settings());
    const p = sheetNamed(o.sheets, '校验问题');
    expect(cellText(p.rows[0][0])).toBe('提示');
  });
});

describe('water-fund what-if split (第六条)', () => {
  const whatIf = grid([
    ['县（市、区）', '用水量（万立方米）', '人口'],
    ['鹿城区', 5000, 1000000], ['龙湾区', 3900, 800000], ['瓯海区', 3950, 900000], ['洞头区', 400, 100000], ['海经区', 300, 50000],
    ['乐清市', 450, 1400000], ['瑞安市', 2950, 1500000], ['永嘉县', 300, 900000], ['平阳县', 2150, 900000], ['龙港市', 1850, 500000],
  ], '用水量测算');

  it('adds up to exactly 70,000,000 and shows in 资金筹集 and the JSON', () => {
    const out = calc.run(fullGrid(), settings(), { whatIfGrid: whatIf });
    const json = out.json as unknown as Json;
    expect(json.problems).toEqual([]);
    expect(json.whatIf!.total).toBe('70000000');
    expect(json.whatIf!.rows.reduce((a, r) => a.plus(r.amount), new Decimal(0)).toString()).toBe('70000000');
    const s = sheetNamed(out.sheets, '资金筹集');
    expect(s.columns.map((c) => c.header)).toContain('测算分担额（元）');
    expect(s.rows.map((r) => r.map(cellText).join('|')).join('\n')).toContain('测算合计 70,000,000 ✓');
  });

  it('whatIfDistrictSplit works on its own, with weights', () => {
    const r = whatIfDistrictSplit(whatIf, settings({ whatIfWeights: '1,1,0', unit: 'fen' }));
    expect(r.problems).toEqual([]);
    expect(r.result!.total.toFixed(2)).toBe('70000000.00');
    expect(r.json!.total).toBe('70000000.00');
  });

  it('a used factor without its column is an error', () => {
    const r = whatIfDistrictSplit(whatIf, settings({ whatIfWeights: '1,0,1' }));
    expect(r.problems).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', message: expect.stringContaining('缺少「用水结构」列') })]));
    expect(r.result).toBeNull();
  });
});

describe('water-fund input template', () => {
  const t = calc.template();
  it('is the 水源地补偿资金 sheet with canonical headers, a 说明： note row, the four recipients and an A/B drop-down', () => {
    expect(t.name).toBe('水源地补偿资金');
    expect(t.role).toBe('input-template');
    expect(t.columns.map((c) => c.header)).toEqual([
      '县（市、区）', '一级水源保护区面积（平方公里）', '集雨区面积（不含水域）（平方公里）', '集雨区内行政人口（人）', '水域面积（平方公里）',
      '考核组', '入库支流断面水质得分', '绿色发展模块得分率（%）', '水源地管理得分', '绩效评价得分', '绩效评价扣分',
    ]);
    expect(t.rows[0].every((c) => c.kind === 'text' && c.text.startsWith('说明：'))).toBe(true);
    expect(t.noteRows).toEqual([0]);
    expect(t.rows.slice(1).map((r) => cellText(r[0]))).toEqual(['瑞安市', '文成县', '泰顺县', '瓯海区']);
    expect(t.validations).toEqual([expect.objectContaining({ col: 5, values: ['A', 'B'] })]);
  });

  it('filled in, it reads back and computes (the note row is skipped)', () => {
    const cells: CellValue[][] = [t.columns.map((c) => c.header), ...t.rows.map((r) => r.map((c) => (c.kind === 'text' ? c.text : null)))];
    WORKED_FACTORS.forEach((f, i) => {
      const row = cells[i + 2];
      for (let k = 1; k <= 4; k++) row[k] = f[k];
      for (let k = 1; k <= 5; k++) row[5 + k] = WORKED_ASSESSMENT[i][k];
    });
    const g = grid(cells);
    expect(readTable(g, calc.fields).rows).toHaveLength(4);
    const json = runJson(g);
    expect(json.problems).toEqual([]);
    expect(json.totals).toEqual({ base: '140000000', reward: '30000000', total: '170000000' });
  });
});

describe('water-fund invariants through the sheet path', () => {
  it('property: any non-negative factor table (each column non-zero) publishes bases adding exactly to the whole, each within one unit', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 0, max: 99_999 }).map((n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`));
    fc.assert(fc.property(
      fc.array(fc.tuple(value, value, value, value), { minLength: 1, maxLength: 8 }).filter((rows) => [0, 1, 2, 3].every((k) => rows.some((r) => Number(r[k]) > 0))),
      fc.constantFrom('yuan', 'fen'),
      (rows, unit) => {
        const g = baseOnlyGrid(rows.map((r, i) => [`县${i}`, ...r]));
        const json = runJson(g, settings({ unit }));
        const one = new Decimal(unit === 'yuan' ? 1 : '0.01');
        expect(json.totals!.base).toBe(unit === 'yuan' ? '140000000' : '140000000.00');
        const parts = json.results!.map((r) => new Decimal(r.base));
        expect(parts.reduce((a, b) => a.plus(b), new Decimal(0)).equals(140000000)).toBe(true);
        json.results!.forEach((r, i) => expect(parts[i].minus(new Decimal(r.baseShare).times(140000000)).abs().lessThan(one)).toBe(true));
        const shares = json.results!.reduce((a, r) => a.plus(r.baseShare), new Decimal(0));
        expect(shares.minus(1).abs().lessThan('1e-25')).toBe(true); // JSON shares are 30-decimal renderings
      },
    ), { numRuns: 100 });
  });

  it('资金筹集 says money in ≠ money out when the reward part is not allocated', () => {
    const out = calc.run(baseOnlyGrid(), settings());
    const s = sheetNamed(out.sheets, '资金筹集');
    const total = s.rows.find((r) => cellText(r[0]) === '筹集合计')!;
    expect(cellText(total[4])).toContain('筹集合计 170,000,000 ≠ 分配合计 140,000,000');
    expect((out.json as { contributions: { inEqualsOut: boolean; balanced: boolean } }).contributions).toEqual(expect.objectContaining({ inEqualsOut: false, balanced: true }));
  });
});

describe('water-fund calculator: a number far beyond any magnitude in a cell', () => {
  it('is an error naming the cell, not a crash or a result of NaN / gigabyte texts', () => {
    const rows = clone(WORKED_FACTORS);
    rows[1][3] = '1e900000000'; // 文成县 人口
    let json: Json | undefined;
    expect(() => { json = runJson(baseOnlyGrid(rows)); }).not.toThrow();
    expect(json!.results).toBeUndefined();
    expect(json!.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ severity: 'error', sheet: '水源地补偿资金', cell: 'D3' }),
    ]));
  });
});
