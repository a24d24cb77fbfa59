import fc from 'fast-check';
import { Decimal } from '../../src/exact/decimal';
import { reliefCalculator, runRelief, ReliefSettings } from '../../src/calculators/relief';
import { calculatorFor } from '../../src/calculators';
import type { CellValue, SheetGrid } from '../../src/sheets/grid';
import type { ResultSheet, ResultCell } from '../../src/sheets/result-sheet';
import { readReliefInput } from '../../src/sheets/medical-relief/read-input';
import { grid, HEAD, ID_A, ID_B, ID_BAD, ID_SAMPLE } from '../sheets/medical-relief/helpers';

const TODAY = '2024-06-01';
const defaults = (): ReliefSettings => reliefCalculator.defaultSettings(TODAY);
const run = (g: SheetGrid, settings: ReliefSettings = defaults()) => runRelief(g, settings, { today: TODAY });

function cellText(c: ResultCell): string {
  switch (c.kind) {
    case 'text': return c.text;
    case 'number': return c.value.toString();
    case 'integer': return String(c.value);
    case 'date': return c.iso;
    default: return '';
  }
}
const sheetText = (s: ResultSheet) => [s.columns.map((c) => c.header).join('|'), ...s.rows.map((r) => r.map(cellText).join('|'))].join('\n');
const byName = (sheets: ResultSheet[], name: string) => sheets.find((s) => s.name === name)!;
const column = (s: ResultSheet, header: string) => s.columns.findIndex((c) => c.header === header);

const EXAMPLE = grid([
  ['F001', '张三', ID_SAMPLE, '永嘉县', 235000],
  ['F002', '李四', ID_A, '平阳县', 70000],
  ['F002', '王五', ID_B, '平阳县', 60000],
  ['F003', '赵六', null, '洞头区', 120000],
  ['F004', '钱七', null, '洞头区', 120001],
]);

describe('reliefCalculator (温政办〔2023〕90号 三、（五）) — facade', () => {
  it('is registered under the kind relief', () => {
    expect(calculatorFor('relief')).toBe(reliefCalculator);
    expect(reliefCalculator.fields.filter((f) => f.required).map((f) => f.canonical)).toEqual(['家庭编号', '县（市、区）', '综合保障后自负医疗费用（元）']);
  });

  it('produces the JSON of docs/interfaces.md relief, decimals as strings', () => {
    const out = run(EXAMPLE);
    expect(out.problems).toEqual([]);
    expect(out.json).toEqual({
      kind: 'relief',
      policy: '温政办〔2023〕90号',
      settings: { pilotCounties: ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'] },
      problems: [],
      families: [
        { familyId: 'F001', county: '永嘉县', selfPay: '235000', relief: '100000', name: '张三', idNumber: '110105********002X' },
        { familyId: 'F002', county: '平阳县', selfPay: '130000', relief: '10000', name: '李四、王五',
          idNumber: `${ID_A.slice(0, 6)}********${ID_A.slice(-4)}、${ID_B.slice(0, 6)}********${ID_B.slice(-4)}` },
        { familyId: 'F003', county: '洞头区', selfPay: '120000', relief: '0', name: '赵六' },
        { familyId: 'F004', county: '洞头区', selfPay: '120001', relief: '1', name: '钱七' },
      ],
      counties: [
        { county: '永嘉县', families: 1, relieved: 1, relief: '100000', cityFund: '50000', localMatch: '50000', pilot: true },
        { county: '平阳县', families: 1, relieved: 1, relief: '10000', cityFund: '5000', localMatch: '5000', pilot: true },
        { county: '洞头区', families: 2, relieved: 1, relief: '1', cityFund: '0.5', localMatch: '0.5', pilot: true },
      ],
      total: '110001',
      // added by issue 11 (typed report): the edition, the totals and the checks
      edition: expect.objectContaining({ document: '温政办〔2023〕90号', chosenBy: { date: expect.any(String) } }),
      totals: { families: 4, relieved: 3, relief: '110001', cityFund: '55000.5', localMatch: '55000.5' },
      balanced: true,
      cityFund: { available: '20000000', used: '55000.5', exceeded: false },
    });
    expect(out.policy).toBe('温政办〔2023〕90号');
    expect(out.sheets.map((s) => s.name)).toEqual(['纾困化解明细', '纾困县区汇总']);
  });

  it('never leaks a full ID number into the JSON, the result sheets or the summary', () => {
    const out = run(EXAMPLE);
    const everything = [JSON.stringify(out.json), ...out.sheets.map(sheetText), ...out.summary].join('\n');
    for (const id of [ID_SAMPLE, ID_A, ID_B]) {
      expect(everything).not.toContain(id);
      expect(everything).toContain(id.slice(0, 6) + '********' + id.slice(-4));
    }
  });

  it('never leaks the full ID in problems either (bad check digit, duplicate person)', () => {
    const bad = run(grid([['F1', '张三', ID_BAD, '永嘉县', 1]]));
    const dup = run(grid([['F1', '张三', ID_A, '永嘉县', 1], ['F2', '张三', ID_A, '永嘉县', 1]]));
    for (const out of [bad, dup]) {
      const everything = [JSON.stringify(out.json), ...out.sheets.map(sheetText), ...out.summary].join('\n');
      expect(everything).not.toContain(ID_BAD);
      expect(everything).not.toContain(ID_A);
    }
    expect(dup.problems).toHaveLength(1);
    expect(dup.sheets.map((s) => s.name)).toEqual(['纾困化解明细', '纾困县区汇总', '校验问题']);
  });

  it('a wrong check digit stops the calculation: no result fields, no sheets', () => {
    const out = run(grid([['F1', '张三', ID_BAD, '永嘉县', 200000]]));
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'error', sheet: '医保纾困', cell: 'C2' })]);
    expect(Object.keys(out.json).sort()).toEqual(['kind', 'policy', 'problems', 'settings']);
    expect(out.sheets).toEqual([]);
    expect(out.summary.join('')).toContain('未计算');
  });

  it('a family listed under two counties is an error naming both cells', () => {
    const out = run(grid([
      ['F1', null, null, '永嘉县', 1],
      ['F2', null, null, '文成县', 1],
      ['F1', null, null, '平阳县', 1],
    ]));
    expect(out.problems).toHaveLength(1);
    const p = out.problems[0];
    expect(p).toMatchObject({ severity: 'error', sheet: '医保纾困', cell: 'D4' });
    expect(p.message).toContain('F1');
    expect(p.message).toContain('D2');
    expect(p.message).toContain('D4');
    expect(p.message).toContain('永嘉县');
    expect(p.message).toContain('平阳县');
    expect(out.json).not.toHaveProperty('families');
    expect(out.sheets).toEqual([]);
  });

  it('computes a family outside the pilot counties, paid locally, and warns about it, naming its first cell', () => {
    const out = run(grid([['F1', null, null, '永嘉县', 130000], ['F2', null, null, '鹿城区', 150000]]));
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: 'D3' })]);
    expect(out.problems[0].message).toContain('鹿城区');
    expect(out.problems[0].message).toContain('全部由地方配套');
    expect(out.problems[0].message).toContain('专项用于5个加快发展县和洞头区');
    expect((out.json.counties as unknown[])[1]).toEqual({ county: '鹿城区', families: 1, relieved: 1, relief: '30000', cityFund: '0', localMatch: '30000', pilot: false });
    expect((out.json.families as unknown[])).toHaveLength(2);
    expect(out.json.total).toBe('40000');
    const summary = byName(out.sheets, '纾困县区汇总');
    expect(summary.rows[1].slice(0, 2).map(cellText)).toEqual(['鹿城区', '否']);
    expect(byName(out.sheets, '校验问题').rows).toHaveLength(1);
  });

  it('a county opted in by the setting pilotCounties is not warned about', () => {
    const settings = reliefCalculator.settingsFrom({ pilotCounties: '永嘉县,平阳县,苍南县,文成县,泰顺县,洞头区,鹿城区' }, TODAY);
    expect(settings.ok).toBe(true);
    if (!settings.ok) return;
    const out = run(grid([['F2', null, null, '鹿城区', 150000]]), settings.settings);
    expect(out.problems).toEqual([]);
    expect(out.json.settings).toEqual({ pilotCounties: ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区', '鹿城区'] });
  });

  // docs/rules.md §2.2/§3 (edition 2): 永嘉 is matched to the pilot county 永嘉县 — no warning, shown as typed.
  it('a short county name typed (永嘉) is the pilot county 永嘉县, shown as typed', () => {
    const out = run(grid([['F1', null, null, '永嘉', 130000]]));
    expect(out.problems).toEqual([]);
    expect((out.json.counties as unknown[])[0]).toEqual({ county: '永嘉', families: 1, relieved: 1, relief: '10000', cityFund: '5000', localMatch: '5000', pilot: true });
  });

  it('warns when the city’s half of the total exceeds 2,000万 and says so on the summary sheet', () => {
    const rows: CellValue[][] = Array.from({ length: 401 }, (_, i) => [`F${i}`, null, null, '文成县', 220000]);
    const out = run(grid(rows));
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: null })]);
    expect(out.problems[0].message).toContain('2,000万元');
    expect(out.problems[0].message).toContain('50,000');
    expect(out.json.total).toBe('40100000');
    const summary = sheetText(byName(out.sheets, '纾困县区汇总'));
    expect(summary).toContain('✗');
    expect(summary).toContain('超出 50,000 元');
  });

  it('at exactly 2,000万 for the city there is no warning', () => {
    const rows: CellValue[][] = Array.from({ length: 400 }, (_, i) => [`F${i}`, null, null, '文成县', 220000]);
    const out = run(grid(rows));
    expect(out.problems).toEqual([]);
    expect(sheetText(byName(out.sheets, '纾困县区汇总'))).toContain('市级基金承担 20,000,000 ≤ 20,000,000 ✓');
  });

  it('an edition chosen outside its dates is a warning', () => {
    const out = runRelief(EXAMPLE, defaults(), { today: '2023-01-01' });
    expect(out.problems).toEqual([expect.objectContaining({ severity: 'warning', cell: null })]);
    expect(out.json.total).toBe('110001');
  });

  it('a sheet with headers but no data is an error', () => {
    const out = run(grid([]));
    expect(out.problems[0].severity).toBe('error');
    expect(out.sheets).toEqual([]);
  });

  it('summary lines give families, relieved, total and each county', () => {
    const lines = run(EXAMPLE).summary.join('\n');
    expect(lines).toContain('家庭 4 户，获化解 3 户，化解总额 110,001 元');
    expect(lines).toContain('洞头区：家庭 2 户，获化解 1 户，化解 1 元');
  });
});

describe('result sheets', () => {
  const out = run(EXAMPLE);
  const detail = byName(out.sheets, '纾困化解明细');
  const summary = byName(out.sheets, '纾困县区汇总');

  it('纾困化解明细 has one row per family with the calculation written out', () => {
    expect(detail.columns.map((c) => c.header)).toEqual(['家庭编号', '县（市、区）', '姓名', '身份证号', '成员/记录数', '自负医疗费用合计（元）', '化解金额（元）', '计算过程', '依据']);
    expect(detail.columns[0].text).toBe(true);
    expect(detail.columns[3].text).toBe(true);
    expect(detail.rows).toHaveLength(4);
    expect(detail.rows[0].map(cellText)).toEqual([
      'F001', '永嘉县', '张三', '110105********002X', '1', '235000', '100000',
      'min(max(235,000 − 120,000, 0), 100,000) = 100,000', '温政办〔2023〕90号 三、（五）',
    ]);
    expect(detail.rows[1][4]).toEqual({ kind: 'integer', value: 2 });
    expect(cellText(detail.rows[1][2])).toBe('李四、王五');
  });

  it('money is written as numbers, shown in whole yuan when integral and with fen otherwise', () => {
    const cell = detail.rows[0][column(detail, '化解金额（元）')];
    expect(cell).toMatchObject({ kind: 'number', format: '#,##0' });
    const fen = run(grid([['F', null, null, '永嘉县', '120000.5']]));
    const d2 = byName(fen.sheets, '纾困化解明细');
    expect(d2.rows[0][column(d2, '化解金额（元）')]).toMatchObject({ kind: 'number', format: '#,##0.00' });
    expect(cellText(d2.rows[0][column(d2, '化解金额（元）')])).toBe('0.5');
  });

  it('leaves out 姓名 and 身份证号 when the input has no such columns', () => {
    const o = run(grid([['F', '永嘉县', 1]], ['家庭编号', '县（市、区）', '自负医疗费用']));
    expect(byName(o.sheets, '纾困化解明细').columns.map((c) => c.header)).not.toContain('身份证号');
  });

  it('纾困县区汇总 has per-county rows, a totals row with the check and the 2,000万 comparison', () => {
    expect(summary.columns.map((c) => c.header).slice(0, 7)).toEqual(['县（市、区）', '是否试点', '家庭数', '获化解家庭数', '化解总额', '市级基金承担', '地方配套']);
    expect(summary.rows.slice(0, 3).map((r) => r.slice(0, 7).map(cellText))).toEqual([
      ['永嘉县', '是', '1', '1', '100000', '50000', '50000'],
      ['平阳县', '是', '1', '1', '10000', '5000', '5000'],
      ['洞头区', '是', '2', '1', '1', '0.5', '0.5'],
    ]);
    const totals = summary.rows[3];
    expect(totals.slice(0, 7).map(cellText)).toEqual(['合计', '', '4', '3', '110001', '55000.5', '55000.5']);
    expect(cellText(totals[7])).toContain('市级基金承担 + 地方配套 = 化解总额 ✓');
    expect(summary.totalsRows).toContain(3);
    const fund = summary.rows[4];
    expect(cellText(fund[0])).toContain('2,000万');
    expect(cellText(fund[5])).toBe('20000000');
    expect(cellText(fund[7])).toContain('✓');
    // 0.5 yuan amounts → the money columns show fen
    expect(totals[5]).toMatchObject({ kind: 'number', format: '#,##0.00' });
  });

  it('shows the parameters used, with their articles and the pilot-county setting', () => {
    const text = sheetText(summary);
    expect(text).toContain('120,000 元');
    expect(text).toContain('100,000 元');
    expect(text).toContain('永嘉县、平阳县、苍南县、文成县、泰顺县、洞头区');
    expect(text).toContain('设置「试点县（市、区）」');
    expect(text).not.toContain('pilotCounties');
  });
});

describe('settings', () => {
  it('defaults to the edition’s pilot counties', () => {
    expect(defaults()).toEqual({ pilotCounties: ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'] });
  });

  it('reads a list separated by commas, 、 or spaces and rejects an empty one', () => {
    const r = reliefCalculator.settingsFrom({ pilotCounties: '永嘉县、 平阳县，瑞安市' }, TODAY);
    expect(r).toEqual({ ok: true, settings: { pilotCounties: ['永嘉县', '平阳县', '瑞安市'] } });
    expect(reliefCalculator.settingsFrom({ pilotCounties: ' , ' }, TODAY).ok).toBe(false);
    expect(reliefCalculator.settingsFrom({}, TODAY)).toEqual({ ok: true, settings: defaults() });
  });

  it('describes the setting with its article and whether it was changed', () => {
    const [d] = reliefCalculator.describeSettings({ pilotCounties: ['永嘉县'] }, TODAY);
    expect(d).toMatchObject({ key: 'pilotCounties', value: '永嘉县', changed: true });
    expect(d.source).toContain('一、工作目标');
    expect(reliefCalculator.describeSettings(defaults(), TODAY)[0].changed).toBe(false);
  });
});

describe('template', () => {
  const t = reliefCalculator.template();

  it('is the input sheet 医保纾困 with the canonical headers', () => {
    expect(t.name).toBe('医保纾困');
    expect(t.role).toBe('input-template');
    expect(t.columns.map((c) => c.header)).toEqual(HEAD);
  });

  it('has a note row whose every cell starts with 说明：', () => {
    expect(t.noteRows).toEqual([0]);
    expect(t.rows[0]).toHaveLength(t.columns.length);
    for (const c of t.rows[0]) expect(cellText(c).startsWith('说明：')).toBe(true);
  });

  it('offers the pilot counties as a drop-down on 县（市、区） that allows other values', () => {
    expect(t.validations).toEqual([expect.objectContaining({ col: 3, values: defaults().pilotCounties, allowOther: true })]);
  });

  it('reads back as an input sheet: the note row is skipped', () => {
    const cells: CellValue[][] = [t.columns.map((c) => c.header), t.rows[0].map(cellText), ['F1', '张三', ID_SAMPLE, '永嘉县', 130000]];
    const input = readReliefInput({ name: '医保纾困', cells });
    expect(input.problems).toEqual([]);
    expect(input.rows).toHaveLength(1);
  });
});

describe('properties of the whole calculation', () => {
  const D = (s: string) => new Decimal(s);
  it('Σ per-county relief = total, cityFund + localMatch = relief, and relief ∈ [0, 100,000]', () => {
    const counties = ['永嘉县', '平阳县', '苍南县', '瑞安市'];
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 99 })), { minLength: 1, maxLength: 40 }),
      (entries) => {
        const rows: CellValue[][] = entries.map(([f, y, fen]) => [`F${f}`, null, null, counties[f % 4], `${y}.${String(fen).padStart(2, '0')}`]);
        const json = run(grid(rows)).json as {
          families: Array<{ relief: string }>; counties: Array<{ relief: string; cityFund: string; localMatch: string }>; total: string;
        };
        const countySum = json.counties.reduce((s, c) => s.plus(D(c.relief)), D('0'));
        return countySum.equals(D(json.total))
          && json.counties.every((c) => D(c.cityFund).plus(D(c.localMatch)).equals(D(c.relief)))
          && json.families.every((f) => D(f.relief).greaterThanOrEqualTo(0) && D(f.relief).lessThanOrEqualTo(100000));
      },
    ), { numRuns: 100 });
  });
});

describe('many conflicts', () => {
  it('reports each family under two counties once, and lists at most 1000 before a summary line', () => {
    const rows: CellValue[][] = [];
    for (let i = 0; i < 1200; i++) rows.push([i, null, null, '永嘉县', 1], [i, null, null, '平阳县', 1], [i, null, null, '苍南县', 1]);
    const out = run(grid(rows));
    expect(out.problems).toHaveLength(1001);
    expect(out.problems[1000].message).toContain('另有 200 户');
  });
});
