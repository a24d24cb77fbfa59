import fc from 'fast-check';
import {
  canonicalNumber, canonicalValue, coveredSheets, diffCells, jcs, normaliseRange, payloadBytes, rangeBytes,
  roleOf, serialFromDate, sha256Hex, volatileFunctionIn,
} from '../../src/signing/canonical';
import { VECTOR_GRID, VECTOR_HEADER, VECTOR_RAW } from '../fixtures/signing/vectors';

/** The published vector (docs/signing.md). */
export const VECTOR_PAYLOAD =
  '{"algorithm":"ECDSA-P256-SHA256","date1904":false,"format":"wzpolicy-sig/1","ranges":[' +
  '{"cells":[["名称","金额","日期","标志","错误"],["甲公司\\n第二行",0.333333333333333,45279,true,{"e":"#N/A"}],' +
  '[null,0,1e+21,false,{"e":"#DIV/0!"}],[null,0.3,123456789012346000,"a\\nb",1e-7]],"ref":"A1:E4","role":"inputs","sheet":"企业数据"},' +
  '{"cells":[["参数","值"],["权重",0.25]],"ref":"A1:B2","role":"parameters","sheet":"评定参数"},' +
  '{"cells":[["排名","得分"],[1,95.1234567890123]],"ref":"A1:B2","role":"results","sheet":"星级评定结果"}],' +
  '"signedAt":"2024-01-02T03:04:05Z","signer":{"certSha256":"0000000000000000000000000000000000000000000000000000000000000000",' +
  '"name":"张三","organisation":"温州市财政局"},"tool":"wzpolicy 0.1.0"}';
export const VECTOR_SHA256 = '255f6ecc045e022d7deebbdeb4f70722c2acb85a161d2f664adb481b64873f8e';

describe('canonical cell values (one vector per cell type)', () => {
  test.each([
    ['a number with 16 significant digits is rounded to 15', 1 / 3, 0.333333333333333],
    ['0.1 + 0.2 becomes 0.3', 0.1 + 0.2, 0.3],
    ['−0 becomes 0', -0, 0],
    ['a large integer keeps 15 significant digits', 123456789012345678, 123456789012346000],
    ['a whole number stays', 45279, 45279],
    ['a tiny number', 1.23456789012345678e-300, 1.23456789012346e-300],
    ['a near-tie rounds its shortest decimal half up, as LibreOffice writes it', 0.6705632818620935, 0.670563281862094],
    ['… also for 2.055306512538115 (toPrecision would give …811)', 2.055306512538115, 2.05530651253812],
    ['negative near-tie rounds away from zero', -4.585616438356165, -4.58561643835617],
    ['carry across all digits', 9.999999999999998, 10],
    ['fewer than 16 digits stay exactly', 86.1717884202753, 86.1717884202753],
    ['true stays a boolean', true, true],
    ['false stays a boolean', false, false],
    ['text is kept as stored', ' 甲公司 ', ' 甲公司 '],
    ['CRLF becomes LF', 'a\r\nb', 'a\nb'],
    ['a lone CR becomes LF', 'a\rb', 'a\nb'],
    ['the empty string is an empty cell', '', null],
    ['an empty cell is null', null, null],
    ['an error value', { e: '#N/A' }, { e: '#N/A' }],
  ])('%s', (_label, input, expected) => {
    const out = canonicalValue(input as never);
    expect(out).toEqual(expected);
    if (typeof expected === 'number') expect(Object.is(out, -0)).toBe(false);
  });

  test('JSON form of numbers is ECMAScript Number::toString (RFC 8785)', () => {
    expect(jcs([1e21, 1e-7, 0.000001, 100, -0, 5e-324])).toBe('[1e+21,1e-7,0.000001,100,0,5e-324]');
  });

  test('object keys are sorted by UTF-16 code units, no whitespace, non-ASCII kept as UTF-8', () => {
    expect(jcs({ b: 1, a: [true, null], 名: '值', A: { e: '#N/A' } })).toBe('{"A":{"e":"#N/A"},"a":[true,null],"b":1,"名":"值"}');
    // RFC 8785 §3.2.3 example of UTF-16 ordering: "\u20ac" sorts before "\ud83d\ude00"
    expect(jcs({ '\u{1F600}': 1, '\u20ac': 2 })).toBe('{"€":2,"😀":1}');
  });

  test('dates become serial numbers in the workbook date system (1900 and 1904)', () => {
    expect(serialFromDate(new Date(Date.UTC(2023, 11, 19)))).toBe(45279);
    expect(serialFromDate(new Date(Date.UTC(2023, 11, 19)), true)).toBe(45279 - 1462);
    expect(serialFromDate(new Date(Date.UTC(1900, 0, 1)))).toBe(1);
    expect(serialFromDate(new Date(Date.UTC(1900, 2, 1)))).toBe(61);
    expect(canonicalNumber(serialFromDate(new Date(Date.UTC(2024, 0, 2, 12, 0, 0))))).toBe(45293.5);
  });
});

describe('the published test vector: grid → payload bytes → SHA-256', () => {
  test('raw grids normalise to the published grids (rectangle A1:last value, empty → null)', () => {
    const ranges = VECTOR_RAW.map((s) => normaliseRange(s.role, s.sheet, s.raw));
    expect(ranges).toEqual(VECTOR_GRID);
  });

  test('payload bytes and SHA-256 are exactly the published ones', async () => {
    const bytes = payloadBytes({ ...VECTOR_HEADER, ranges: VECTOR_GRID });
    expect(new TextDecoder().decode(bytes)).toBe(VECTOR_PAYLOAD);
    expect(await sha256Hex(bytes)).toBe(VECTOR_SHA256);
  });

  test('per-sheet digests are over {cells, ref, role, sheet}', async () => {
    expect(await sha256Hex(rangeBytes(VECTOR_GRID[1]))).toBe('19b413740389d535f08c0d48281edc821fa3057183c091c6649ed3436a7e13a9');
  });

  test('an empty sheet is A1:A1 holding null', () => {
    expect(normaliseRange('inputs', '空', [[null, ''], []])).toEqual({ role: 'inputs', sheet: '空', ref: 'A1:A1', cells: [[null]] });
  });
});

describe('which sheets are covered, in which order', () => {
  test('inputs, then parameters, then results; 签章 is never covered', () => {
    const r = coveredSheets(['校验问题', '星级评定结果', '签章', '企业数据', '评定参数', '签章 (2)', '星级评定结果 (2)']);
    expect(r).toEqual({
      ok: true,
      sheets: [
        { sheet: '企业数据', role: 'inputs' },
        { sheet: '评定参数', role: 'parameters' },
        { sheet: '校验问题', role: 'results' },
        { sheet: '星级评定结果', role: 'results' },
        { sheet: '星级评定结果 (2)', role: 'results' },
      ],
    });
  });
  test('--sheets restricts the set and names a missing sheet', () => {
    expect(coveredSheets(['A', '分配参数', 'B'], ['分配参数', 'A'])).toEqual({
      ok: true, sheets: [{ sheet: 'A', role: 'inputs' }, { sheet: '分配参数', role: 'parameters' }],
    });
    expect(coveredSheets(['A'], ['X'])).toEqual({ ok: false, message: '工作簿中没有工作表：X' });
    expect(coveredSheets(['A', '签章'], ['签章']).ok).toBe(false);
  });
  test('roles by sheet name', () => {
    expect(roleOf('补偿资金分配')).toBe('results');
    expect(roleOf('资金筹集 (3)')).toBe('results');
    expect(roleOf('分配参数')).toBe('parameters');
    expect(roleOf('Sheet1')).toBe('inputs');
  });
});

describe('volatile functions are recognised', () => {
  test.each([
    ['NOW()', 'NOW'], ['=today()+1', 'TODAY'], ['RAND()*2', 'RAND'], ['RANDBETWEEN(1,6)', 'RANDBETWEEN'],
    ['SUM(OFFSET(A1,0,0,3,1))', 'OFFSET'], ['INDIRECT("B"&2)', 'INDIRECT'],
  ])('%s → %s', (f, fn) => expect(volatileFunctionIn(f)).toBe(fn));
  test.each([['SUM(A1:A3)'], ['"NOW()"&A1'], ['MYNOW(1)'], ['A1*2']])('%s is not volatile', (f) =>
    expect(volatileFunctionIn(f)).toBeNull(),
  );
});

describe('properties', () => {
  test('canonical numbers are idempotent, ≤ 15 significant digits, within half a unit of the 15th digit', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e307, max: 1e307 }), (x) => {
        const c = canonicalNumber(x);
        expect(canonicalNumber(c)).toBe(c);
        expect(Object.is(c, -0)).toBe(false);
        if (x !== 0) {
          expect(c.toExponential().replace(/^-?|e.*$/g, '').replace('.', '').length).toBeLessThanOrEqual(15);
          const ulp15 = Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 14);
          expect(Math.abs(c - x)).toBeLessThanOrEqual(ulp15 * 0.5000001 + Number.EPSILON * Math.abs(x) * 4);
        }
      }),
    );
  });

  test('a value written with 15 digits by LibreOffice (shortest decimal rounded half up) keeps its canonical form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
        const written = canonicalNumber(x); // what LibreOffice stores in the file
        expect(canonicalNumber(written)).toBe(canonicalNumber(x));
      }),
    );
  });

  test('JCS text parses back to the same value and is stable under key reordering', () => {
    const value = fc.jsonValue();
    fc.assert(
      fc.property(value, (v) => {
        const text = jcs(v);
        expect(jcs(JSON.parse(text))).toBe(text);
      }),
    );
  });

  test('the rectangle holds every value and nothing but nulls beyond the raw grid', () => {
    const cell = fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean());
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 6 }), (raw) => {
        const r = normaliseRange('inputs', 'S', raw);
        const width = r.cells[0].length;
        for (const row of r.cells) expect(row.length).toBe(width);
        raw.forEach((row, i) => row.forEach((v, j) => expect(r.cells[i]?.[j] ?? null).toEqual(canonicalValue(v))));
        expect(diffCells(r.cells, normaliseRange('inputs', 'S', r.cells).cells)).toEqual([]);
      }),
    );
  });
});

test('diffCells names changed cells with old and new values', () => {
  expect(diffCells([[1, 'a'], [null, true]], [[1, 'b'], [null, true], [2]])).toEqual([
    { cell: 'B1', old: 'a', new: 'b' },
    { cell: 'A3', old: null, new: 2 },
  ]);
});

test('docs/signing.md publishes exactly these vectors', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const doc: string = require('fs').readFileSync(require('path').join(__dirname, '../../docs/signing.md'), 'utf8');
  expect(doc).toContain(VECTOR_PAYLOAD);
  expect(doc).toContain(VECTOR_SHA256);
});
