import fc from 'fast-check';
import { checkIdNumber, idCheckChar, maskIdNumber } from '../../../src/rules/medical-relief';

/** An independent GB 11643-1999 check: weight_i = 2^(17−i) mod 11, check = (12 − Σ mod 11) mod 11, 10 → X. */
function referenceCheck(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (s % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

describe('ID numbers (GB 11643-1999) and masking (docs/rules.md §3 Personal data)', () => {
  it('accepts the public sample 11010519491231002X', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, id: '11010519491231002X' });
  });

  it('accepts a lowercase x and normalises it to X', () => {
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true, id: '11010519491231002X' });
  });

  it('accepts IDs whose check digit is computed by an independent implementation', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }), (digits) => {
      const first17 = digits.join('');
      expect(idCheckChar(first17)).toBe(referenceCheck(first17));
      return checkIdNumber(first17 + referenceCheck(first17)).ok;
    }));
  });

  it('rejects every wrong check character', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }),
      fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'),
      (digits, check) => {
        const first17 = digits.join('');
        fc.pre(check !== referenceCheck(first17));
        const r = checkIdNumber(first17 + check);
        return !r.ok && r.kind === 'check' && r.expected === referenceCheck(first17);
      },
    ));
  });

  it('a wrong check digit is reported without the full number', () => {
    const r = checkIdNumber('110105194912310021');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe('check');
    expect(r.reason).toContain('校验位错误');
    expect(r.reason).toContain('110105********0021');
    expect(r.reason).not.toContain('110105194912310021');
  });

  it('rejects a 15-digit old ID asking for the 18-digit number', () => {
    const r = checkIdNumber('110105491231002');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.kind).toBe('old15');
      expect(r.reason).toContain('18 位');
    }
  });

  it('rejects other lengths and letters inside the number', () => {
    const short = checkIdNumber('1101051949');
    expect(short.ok === false && short.kind === 'length' && short.reason.includes('10 位')).toBe(true);
    const letters = checkIdNumber('1101051949123100AX');
    expect(letters.ok === false && letters.kind === 'shape').toBe(true);
  });

  it('masking keeps the first 6 and the last 4 characters and stars the middle 8', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    fc.assert(fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
      const m = maskIdNumber(id);
      return m.length === 18 && m.slice(0, 6) === id.slice(0, 6) && m.slice(-4) === id.slice(-4) && m.slice(6, 14) === '********';
    }));
  });
});
