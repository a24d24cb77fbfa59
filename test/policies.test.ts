import { editionInForce, editionForFundYear, fundYearsOf, allEditions, todayIso } from '../src/policies/registry';
import { Decimal, sum } from '../src/exact/decimal';

describe('policy editions', () => {
  it('the water fund of 温政办函〔2023〕28号 is in force from 2023-12-08 for three years', () => {
    const { edition, warning } = editionInForce('water-fund', '2024-06-30');
    expect(edition.document).toBe('温政办函〔2023〕28号');
    expect(warning).toBeNull();
  });

  it('a date outside every edition uses the nearest one and says so', () => {
    const { edition, warning } = editionInForce('water-fund', '2027-03-01');
    expect(edition.document).toBe('温政办函〔2023〕28号');
    expect(warning).toContain('不在任何已收录政策版本的有效期内');
    expect(editionInForce('medical-relief', '2023-01-01').warning).toContain('温政办〔2023〕90号');
  });

  it('every parameter of every edition names the article it comes from', () => {
    for (const kind of ['hq-rating', 'water-fund', 'medical-relief'] as const) {
      for (const edition of allEditions(kind)) {
        for (const [name, p] of Object.entries(edition.parameters as unknown as Record<string, { article: string; value: unknown }>)) {
          expect({ name, article: typeof p.article === 'string' && p.article.length > 0 }).toEqual({ name, article: true });
          expect(p.value).toBeDefined();
        }
      }
    }
  });

  it('the money of 第七条 adds up: 10,000万 from the city and 7,000万 from the districts', () => {
    const p = editionInForce('water-fund', '2024-01-01').edition.parameters;
    const districts = sum(p.districtSharesWan.value.map((d) => new Decimal(d.amount)));
    expect(districts.toString()).toBe('7000');
    expect(districts.plus(p.cityShareWan.value).toString()).toBe(p.annualTotalWan.value);
    expect(new Decimal(p.baseTotalWan.value).plus(p.rewardTotalWan.value).toString()).toBe(p.annualTotalWan.value);
    const prizes = sum(p.rewardGroups.value.flatMap((g) => g.prizesWan.map((x) => new Decimal(x))));
    expect(prizes.toString()).toBe(p.rewardTotalWan.value);
  });

  it('the base-part weights of 第九条 add up to 100 %', () => {
    const p = editionInForce('water-fund', '2024-01-01').edition.parameters;
    expect(sum(p.baseFactors.value.map((f) => new Decimal(f.weight))).toString()).toBe('1');
  });

  it('the base-score weights of 88号 附件1 add up to 100 points', () => {
    const p = editionInForce('hq-rating', '2025-12-31').edition.parameters;
    expect(sum(p.indicators.value.map((i) => new Decimal(i.weight))).toString()).toBe('100');
  });

  it('the water fund of 温政办函〔2023〕28号 covers the fund years 2023—2025 (第七条 "2023—2025年，每年安排…")', () => {
    const [edition] = allEditions('water-fund');
    expect(fundYearsOf(edition)).toEqual({ first: 2023, last: 2025, article: expect.stringMatching(/^第七条/) });
    for (const year of [2023, 2024, 2025]) {
      expect(editionForFundYear('water-fund', year)).toEqual({ edition, warning: null });
    }
  });

  it('the edition is chosen by fund year, not by the date: fund year 2025 computed in 2026 needs no warning', () => {
    // the document is in force until 2026-12-07, but its amounts are for 2023—2025 only
    expect(editionInForce('water-fund', '2026-06-30').warning).toBeNull();
    expect(editionForFundYear('water-fund', 2025).warning).toBeNull();
    expect(editionForFundYear('water-fund', 2026).warning).not.toBeNull();
  });

  it('a fund year no edition covers is computed with the nearest edition and a warning naming year, document and years', () => {
    const later = editionForFundYear('water-fund', 2026);
    expect(later.edition.document).toBe('温政办函〔2023〕28号');
    expect(later.warning).toBe('2026 年度不在 温政办函〔2023〕28号 所定的 2023—2025 年度内（第七条），已按该文件计算，请核实是否有新文件。');
    const earlier = editionForFundYear('water-fund', 2021);
    expect(earlier.edition.document).toBe('温政办函〔2023〕28号');
    expect(earlier.warning).toContain('2021 年度不在');
  });

  it('todayIso reads the local calendar date', () => {
    expect(todayIso(new Date(2026, 10, 29, 23, 59))).toBe('2026-11-29');
  });
});
