import fc from 'fast-check';
import type { CellValue } from '../../../src/sheets/grid';
import { readTable } from '../../../src/sheets/table';
import { RELIEF_FIELDS } from '../../../src/sheets/medical-relief/fields';
import { readReliefInput, addressOf, norm, ReliefRowSink } from '../../../src/sheets/medical-relief/read-input';
import { Decimal } from '../../../src/exact/decimal';
import { fenOf } from '../../../src/rules/medical-relief/fen';
import { normaliseText } from '../../../src/sheets/parse-cell';
import { grid, HEAD, ID_A, ID_B, ID_BAD, ID_SAMPLE } from './helpers';

const errors = (g: ReturnType<typeof grid>) => readReliefInput(g).problems.filter((p) => p.severity === 'error');

describe('reading the relief input sheet (docs/rules.md §3 Input headers)', () => {
  it('reads typed rows with exact amounts and masked IDs only', () => {
    const input = readReliefInput(grid([
      ['F001', '张三', ID_SAMPLE, '永嘉县', 235000],
      ['F001', '李四', '', '永嘉县', '1,234.56'],
      [1002, null, null, ' 平阳县 ', '０'],
    ]));
    expect(input.problems).toEqual([]);
    expect(input.rows.map((r) => [r.familyId, r.county, r.selfPay.toString(), r.name, r.idMasked])).toEqual([
      ['F001', '永嘉县', '235000', '张三', '110105********002X'],
      ['F001', '永嘉县', '1234.56', '李四', null],
      ['1002', ' 平阳县 ', '0', null, null], // docs/rules.md §1.8: the county as typed (matched by key later)
    ]);
    expect(input.rowNumbers).toEqual([2, 3, 4]);
    expect(addressOf(input, 'county', 2)).toBe('D4');
    expect(JSON.stringify(input)).not.toContain(ID_SAMPLE);
  });

  it('recognises the short headers and converts a 万元 column to 元', () => {
    const input = readReliefInput(grid([['A1', '文成县', '12.5'], ['A2', '泰顺县', 0.0001]], ['户号', '所属县区', '自负医疗费用（万元）']));
    expect(input.problems).toEqual([]);
    expect(input.rows.map((r) => r.selfPay.toString())).toEqual(['125000', '1']);
  });

  it.each([
    [['家庭户号', '县市区', '自负费用'] as string[]],
    [['户编号', '地区', '自负金额（元）'] as string[]],
  ])('accepts the synonyms %j', (head) => {
    const input = readReliefInput(grid([['X', '洞头区', 5]], head));
    expect(input.problems).toEqual([]);
    expect(input.rows).toHaveLength(1);
  });

  it('accepts 身份证号码 / 公民身份号码 / 证件号码 for the ID column', () => {
    for (const h of ['身份证号码', '公民身份号码', '证件号码']) {
      const input = readReliefInput(grid([['F', ID_A, '永嘉县', 1]], ['家庭编号', h, '县（市、区）', '自负医疗费用']));
      expect(input.letters.idNumber).toBe('B');
      expect(input.rows[0].idMasked).toBe(ID_A.slice(0, 6) + '********' + ID_A.slice(-4));
    }
  });

  it('a missing required column is an error naming the column', () => {
    const es = errors(grid([['F', '永嘉县']], ['家庭编号', '县（市、区）']));
    expect(es).toHaveLength(1);
    expect(es[0].message).toContain('缺少必填列「综合保障后自负医疗费用（元）」');
    expect(es[0].sheet).toBe('医保纾困');
  });

  it('an empty required cell is an error naming the cell', () => {
    const es = errors(grid([['', '张三', null, '永嘉县', 1], ['F2', null, null, '', 1], ['F3', null, null, '永嘉县', null]]));
    expect(es.map((e) => [e.cell, e.message])).toEqual([
      ['A2', '「家庭编号」不能为空。'],
      ['D3', '「县（市、区）」不能为空。'],
      ['E4', '「综合保障后自负医疗费用（元）」不能为空。'],
    ]);
  });

  it('a non-numeric or negative self-pay is an error naming the cell', () => {
    const es = errors(grid([['F1', null, null, '永嘉县', '十二万'], ['F2', null, null, '永嘉县', -5], ['F3', null, null, '永嘉县', '-0.01']]));
    expect(es.map((e) => e.cell)).toEqual(['E2', 'E3', 'E4']);
    expect(es[0].message).toContain('不是数字');
    expect(es[1].message).toContain('不能为负数');
    expect(es[2].message).toContain('不能为负数');
  });

  it('a wrong ID check digit is an error naming the cell, without the full number', () => {
    const es = errors(grid([['F1', '张三', ID_BAD, '永嘉县', 1]]));
    expect(es).toHaveLength(1);
    expect(es[0].cell).toBe('C2');
    expect(es[0].message).toContain('校验位错误');
    expect(es[0].message).not.toContain(ID_BAD);
  });

  it('an ID stored as a number is an error (Excel loses its last digits)', () => {
    const es = errors(grid([['F1', '张三', 110105194912310020, '永嘉县', 1]]));
    expect(es.map((e) => e.cell)).toEqual(['C2']);
    expect(es[0].message).toContain('文本');
  });

  it('a 15-digit old ID is an error asking for 18 digits', () => {
    const es = errors(grid([['F1', '张三', '110105491231002', '永嘉县', 1]]));
    expect(es[0].cell).toBe('C2');
    expect(es[0].message).toContain('18 位');
  });

  it('warns when the same person appears in two families, masked', () => {
    const input = readReliefInput(grid([['F1', '张三', ID_SAMPLE, '永嘉县', 1], ['F2', '张三', ID_SAMPLE.toLowerCase(), '永嘉县', 1]]));
    expect(input.problems).toHaveLength(1);
    expect(input.problems[0]).toMatchObject({ severity: 'warning', cell: 'C3' });
    expect(input.problems[0].message).toContain('110105********002X');
    expect(input.problems[0].message).not.toContain(ID_SAMPLE);
  });

  it('skips blank rows, note rows, repeated headers and 合计 rows like the shared reader', () => {
    const input = readReliefInput(grid([
      ['说明：同一家庭可分行填写', null, null, null, null],
      ['F1', null, null, '永嘉县', 1],
      [null, null, null, null, null],
      [],
      HEAD,
      ['F2', null, null, '平阳县', 2],
      ['合计', null, null, null, 3],
    ]));
    expect(input.rows.map((r) => r.familyId)).toEqual(['F1', 'F2']);
    expect(input.problems).toHaveLength(1);
    expect(input.problems[0]).toMatchObject({ severity: 'warning', cell: 'A8' });
  });

  it('finds a header below a title row and honours the grid origin', () => {
    const input = readReliefInput({
      name: '数据', origin: { row: 2, col: 1 },
      cells: [['2024年相对低收入家庭医疗费用'], ['家庭编号', '县（市、区）', '自负医疗费用'], ['F1', '永嘉县', 'x']],
    });
    expect(input.problems.map((p) => p.cell)).toEqual(['D5']);
  });

  it('reads one 年度 and rejects a sheet mixing two years', () => {
    const head = [...HEAD, '年度'];
    const one = readReliefInput(grid([['F1', null, null, '永嘉县', 1, 2024], ['F2', null, null, '永嘉县', 1, '2024年']], head));
    expect(one.problems).toEqual([]);
    expect(one.year).toBe(2024);
    const two = readReliefInput(grid([['F1', null, null, '永嘉县', 1, 2024], ['F2', null, null, '永嘉县', 1, 2025]], head));
    expect(two.problems.map((p) => [p.severity, p.cell])).toEqual([['error', 'F3']]);
  });

  it('uses a hand mapping of columns when given', () => {
    const input = readReliefInput({ name: 's', cells: [['编号', '地方', '钱'], ['F', '永嘉县', 10]] }, { mapping: { familyId: 0, county: 1, selfPay: 2 } });
    expect(input.problems).toEqual([]);
    expect(input.rows[0].selfPay.toString()).toBe('10');
  });

  it('lists at most 1000 problems and then one summary line', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [`F${i}`, null, null, '永嘉县', 'abc']);
    const problems = readReliefInput(grid(rows)).problems;
    expect(problems).toHaveLength(1001);
    expect(problems[1000].message).toContain('另有 500 个问题');
  });
});

describe('text as typed and amounts to the fen (docs/rules.md §1.8, §3)', () => {
  it('hands on family ids, names and counties exactly as typed', () => {
    const input = readReliefInput(grid([
      ['ＹＪ００１', '欧阳 娜娜（小）', null, '永嘉', 1],
      [' YJ4 ', ' 张\u3000三 ', null, '温州海经区', 2],
    ]));
    expect(input.problems).toEqual([]);
    expect(input.rows.map((r) => [r.familyId, r.name, r.county])).toEqual([
      ['ＹＪ００１', '欧阳 娜娜（小）', '永嘉'],
      [' YJ4 ', ' 张\u3000三 ', '温州海经区'],
    ]);
  });

  it('a cell holding only spaces (also ideographic) is still empty', () => {
    const es = errors(grid([['\u3000', null, null, '永嘉县', 1], ['F2', null, null, ' \u3000 ', 1]]));
    expect(es.map((e) => [e.cell, e.message])).toEqual([['A2', '「家庭编号」不能为空。'], ['D3', '「县（市、区）」不能为空。']]);
  });

  it('a self-pay with more than two decimals is an error naming the cell', () => {
    const es = errors(grid([
      ['F1', null, null, '永嘉县', 123.456],
      ['F2', null, null, '永嘉县', '123.456'],
      ['F3', null, null, '永嘉县', 0.30000000000000004], // what =0.1+0.2 gives in Excel
      ['F4', null, null, '永嘉县', '130000.10'],
      ['F5', null, null, '永嘉县', 130000.1],
    ]));
    expect(es.map((e) => e.cell)).toEqual(['E2', 'E3', 'E4']);
    for (const e of es) expect(e.message).toContain('金额最多到分（两位小数）');
    expect(es[0].message).toContain('123.456');
    expect(es[2].message).toContain('0.30000000000000004');
    expect(es[2].message).toContain('四舍五入到分');
    expect(es[2].message).toContain('ROUND');
  });

  it('the fen is checked after a 万元 header is converted to 元', () => {
    const ok = readReliefInput(grid([['A1', '文成县', '12.345678']], ['户号', '所属县区', '自负医疗费用（万元）']));
    expect(ok.problems).toEqual([]);
    expect(ok.rows[0].selfPay.toString()).toBe('123456.78');
    const es = errors(grid([['A1', '文成县', '12.3456789']], ['户号', '所属县区', '自负医疗费用（万元）']));
    expect(es.map((e) => e.cell)).toEqual(['C2']);
    expect(es[0].message).toContain('折合 123456.789 元');
  });

  it('compares families by the trimmed id when warning about one person in two families', () => {
    const input = readReliefInput(grid([['F1', '张三', ID_SAMPLE, '永嘉县', 1], [' F1', '张三', ID_SAMPLE, '永嘉县', 1]]));
    expect(input.problems).toEqual([]);
  });
});

describe('the lean reader keeps exactly the rows the shared readTable keeps', () => {
  it('property: same rows, same 合计 warnings', () => {
    const cell = fc.constantFrom<CellValue>(
      null, '', ' ', 'F1', 'F2', 12, '永嘉县', '县（市、区）', '家庭编号', '说明：见上', '注：x', '合计', '小 计', 130000, '1,000', '张三', '姓名', '＊家庭编号',
    );
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 12 }), (rows) => {
      const g = grid(rows);
      const shared = readTable(g, RELIEF_FIELDS, { keyField: 'familyId' });
      const lean = readReliefInput(g);
      const rowOf = (cellRef: string | null) => Number(/\d+$/.exec(cellRef ?? '')?.[0] ?? -1);
      const errorRows = new Set(lean.problems.filter((p) => p.severity === 'error').map((p) => rowOf(p.cell)));
      const kept = new Set([...lean.rowNumbers, ...errorRows]);
      const sharedRows = shared.rows.map((r) => r.rowNumber);
      const sharedWarnings = shared.problems.filter((p) => p.severity === 'warning').map((p) => p.cell);
      const leanWarnings = lean.problems.filter((p) => p.severity === 'warning' && p.message.includes('已忽略')).map((p) => p.cell);
      return sharedRows.every((n) => kept.has(n)) && [...kept].every((n) => sharedRows.includes(n))
        && JSON.stringify(sharedWarnings) === JSON.stringify(leanWarnings);
    }), { numRuns: 300 });
  });
});

describe('the fast text normalisation', () => {
  it('property: gives exactly what normaliseText gives', () => {
    const ch = fc.constantFrom(' ', '\t', '\u3000', '\u00A0', '\u2002', '\u200B', '\uFEFF', '\u2028', '，', '。', 'Ａ', '１', '～', 'a', 'Z', '9', '永', '县', '-', '.', ',', '*');
    fc.assert(fc.property(fc.array(ch, { maxLength: 8 }), (chars) => {
      const s = chars.join('');
      return norm(s) === normaliseText(s);
    }), { numRuns: 2000 });
  });
});

describe('one person in two families', () => {
  it('a row rejected for another reason does not count as the first appearance of its ID', () => {
    const input = readReliefInput(grid([
      ['F1', '张三', ID_SAMPLE, '永嘉县', 'abc'],
      ['F2', '张三', ID_SAMPLE, '永嘉县', 1],
      ['F2', '张三', ID_SAMPLE, '永嘉县', 2],
    ]));
    expect(input.problems.map((p) => [p.severity, p.cell])).toEqual([['error', 'E2']]);
  });
});

describe('rows handed to a sink (the calculator sums them into families as they are read)', () => {
  it('property: the sink gets the rows the reader would keep, amounts exact, in fen or as the same Decimal', () => {
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 30_000_000 }).map((f) => f / 100),
      fc.integer({ min: 0, max: 1_000_000 }).map((f) => f / 1000),
      fc.constantFrom<CellValue>(0, -0, 0.30000000000000004, 2 ** 51, 9e15, '12.5', '1,000.25', 'abc', -1, null),
    );
    const entry = fc.tuple(fc.constantFrom('F1', 'F2', ' F1'), fc.constantFrom(null, ID_SAMPLE, ID_A, ID_B), fc.constantFrom('永嘉县', '平阳县'), amount);
    const heads = [HEAD, ['家庭编号', '姓名', '身份证号', '县（市、区）', '自负医疗费用（万元）']];
    fc.assert(fc.property(fc.array(entry, { maxLength: 12 }), fc.constantFrom(0, 1), (entries, h) => {
      const g = grid(entries.map(([f, id, c, a]) => [f, '张三', id, c, a]), heads[h]);
      const plain = readReliefInput(g);
      const got: { familyId: string; county: string; selfPay: string; fen: number; name: string | null; idMasked: string | null }[] = [];
      const sink: ReliefRowSink = {
        add(familyId, county, selfPay, fen, name, idMasked) {
          // A Decimal comes with its fenOf; fen only means whole fen ≥ 0.
          if (selfPay !== null) expect(fen).toBe(fenOf(selfPay));
          else expect(Number.isInteger(fen) && fen >= 0).toBe(true);
          got.push({ familyId, county, selfPay: selfPay === null ? new Decimal(fen).dividedBy(100).toString() : selfPay.toString(), fen, name, idMasked });
        },
      };
      const sunk = readReliefInput(g, { sink });
      expect(sunk.rows).toEqual([]);
      expect(sunk.rowNumbers).toEqual(plain.rowNumbers);
      expect(sunk.problems).toEqual(plain.problems);
      expect(got.map(({ fen: _fen, ...r }) => r)).toEqual(plain.rows.map((r) => ({
        familyId: r.familyId, county: r.county, selfPay: r.selfPay.toString(), name: r.name ?? null, idMasked: r.idMasked ?? null,
      })));
    }), { numRuns: 500 });
  });

  it('the duplicate-ID warning names the first row’s family as typed, without the rows being kept', () => {
    const rows: CellValue[][] = [[' F1 ', '张三', ID_SAMPLE, '永嘉县', 1], ['F1', '张三', ID_SAMPLE, '永嘉县', 1], ['F2', '张三', ID_SAMPLE, '永嘉县', 1]];
    const sink: ReliefRowSink = { add() { /* counted elsewhere */ } };
    const input = readReliefInput(grid(rows), { sink });
    expect(input.problems.map((p) => [p.cell, p.message])).toEqual([
      ['C4', `身份证号「${'110105********002X'}」同时出现在家庭「 F1 」（C2）和家庭「F2」中，请核实是否重复登记。`],
    ]);
  });
});
