import { parseDecimal, parseDate, parsePercent, bareNumbersArePercent, isoFromSerial, serialFromIso, minusYears } from '../../src/sheets/parse-cell';
import { Decimal } from '../../src/exact/decimal';

const value = (r: ReturnType<typeof parseDecimal>) => (r && r.ok ? r.value.toString() : r);

describe('numbers as officers type them (docs/rules.md §1.8)', () => {
  it.each([
    [1234.5, '1234.5'], ['1,234.5', '1234.5'], ['１２３', '123'], ['  42 ', '42'], ['１，２３４．５', '1234.5'], [0.1, '0.1'], ['-3', '-3'],
  ])('%p reads as %s', (input, expected) => {
    expect(value(parseDecimal(input))).toBe(expected);
  });
  it('rejects text that is not a number, with a reason', () => {
    const r = parseDecimal('十二');
    expect(r && !r.ok && r.reason).toContain('不是数字');
    expect(parseDecimal('1,23')?.ok).toBe(false);
  });
  it('treats blank as absent', () => {
    expect(parseDecimal('  ')).toBeNull();
    expect(parseDecimal(null)).toBeNull();
  });
});

describe('percentages', () => {
  it('text with % is always a percentage', () => {
    const r = parsePercent('85%', null);
    expect(r?.ok && r.value.kind === 'fraction' && r.value.value.toString()).toBe('0.85');
  });
  it('a number formatted as % is already a fraction', () => {
    const r = parsePercent(0.85, '0%');
    expect(r?.ok && r.value.kind).toBe('fraction');
  });
  it('bare numbers decide by the column', () => {
    expect(bareNumbersArePercent([new Decimal('0.85'), new Decimal(0), new Decimal(1)])).toBe('fraction');
    expect(bareNumbersArePercent([new Decimal(85), new Decimal(90)])).toBe('percent');
    expect(bareNumbersArePercent([new Decimal('0.85'), new Decimal(90)])).toBe('mixed');
  });
});

describe('dates', () => {
  it.each([
    ['2023-05-06', '2023-05-06'], ['2023/5/6', '2023-05-06'], ['2023年5月6日', '2023-05-06'], ['２０２３年５月６日', '2023-05-06'], ['20230506', '2023-05-06'],
  ])('%p', (input, expected) => {
    const r = parseDate(input);
    expect(r?.ok && r.value).toBe(expected);
  });
  it('reads Excel serials in both date systems', () => {
    expect(isoFromSerial(45052)).toBe('2023-05-06');
    expect(isoFromSerial(1)).toBe('1900-01-01');
    expect(isoFromSerial(61)).toBe('1900-03-01');
    expect(serialFromIso('2023-05-06')).toBe(45052);
    expect(isoFromSerial(serialFromIso('2021-02-28', true), true)).toBe('2021-02-28');
  });
  it('rejects impossible dates', () => {
    expect(parseDate('2023-02-30')?.ok).toBe(false);
    expect(parseDate('明年')?.ok).toBe(false);
  });
  it('counts whole years back, 29 February to 28 February', () => {
    expect(minusYears('2024-02-29', 3)).toBe('2021-02-28');
    expect(minusYears('2025-12-31', 3)).toBe('2022-12-31');
  });
});

describe('numbers beyond any sensible magnitude (a typo such as 1e900000000)', () => {
  it.each(['1e900000000', '-1e900000000', '1e-900000000', '1e9999999999999999'])('%s is a Chinese reason, not a value', (t) => {
    const r = parseDecimal(t);
    expect(r).not.toBeNull();
    expect(r!.ok).toBe(false);
    if (r && !r.ok) expect(r.reason).toMatch(/超出/);
  });
  it('ordinary large and small numbers still read', () => {
    expect(value(parseDecimal('1e300'))).toBe(new Decimal('1e300').toString());
    expect(value(parseDecimal(1e300))).toBe(new Decimal('1e300').toString());
    expect(value(parseDecimal('1.5e-20'))).toBe(new Decimal('1.5e-20').toString());
  });
});

describe('date serials at the ends of both date systems', () => {
  const { isoFromSerial } = jest.requireActual('../../src/sheets/parse-cell') as typeof import('../../src/sheets/parse-cell');
  it('1904 system: 0 is 1904-01-01 and 2957003 is 9999-12-31, one more is no date', () => {
    expect(isoFromSerial(0, true)).toBe('1904-01-01');
    expect(isoFromSerial(2957003, true)).toBe('9999-12-31');
    expect(isoFromSerial(2957004, true)).toBeNull();
    expect(isoFromSerial(2958465, true)).toBeNull();
  });
  it('1900 system: 1 is 1900-01-01, 0 is no date, 2958465 is 9999-12-31', () => {
    expect(isoFromSerial(1)).toBe('1900-01-01');
    expect(isoFromSerial(0)).toBeNull();
    expect(isoFromSerial(2958465)).toBe('9999-12-31');
  });
});
