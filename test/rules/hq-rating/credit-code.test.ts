/**
 * GB 32100-2015 统一社会信用代码 check character (input column of 温政办〔2023〕88号 附件2).
 */
import { checkCreditCode, creditCodeCheckChar } from '../../../src/rules/hq-rating/credit-code';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('computes the check character by hand: 91330300000000001 → Σ = 226, 226 mod 31 = 9, 31 − 9 = 22 → N', () => {
    expect(creditCodeCheckChar('91330300000000001')).toBe('N');
  });

  it('maps a computed 31 to 0', () => {
    // find a prefix whose weighted sum is a multiple of 31: "0000000000000000" + digit d has sum 28·d
    // 28·d ≡ 0 (mod 31) only for d = 0 → all zeros: check = 31 − 0 = 31 → "0"
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('accepts a correct code, and lowercase letters after upper-casing', () => {
    expect(checkCreditCode('91330300000000001N')).toEqual({ ok: true, code: '91330300000000001N' });
    expect(checkCreditCode('91330300000000001n')).toEqual({ ok: true, code: '91330300000000001N' });
  });

  it('rejects a wrong check character, saying which one is expected', () => {
    const r = checkCreditCode('91330300000000001M');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('应为「N」');
  });

  it('rejects a wrong length and letters outside the set (I, O, S, V, Z)', () => {
    const short = checkCreditCode('9133030000000001N');
    expect(!short.ok && short.reason).toContain('应为 18 位');
    const bad = checkCreditCode('9133030000000000ON');
    expect(!bad.ok && bad.reason).toContain('不允许的字符「O」');
  });
});
