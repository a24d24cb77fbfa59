import fc from 'fast-check';
import { reliefFor, reliefPerFamily, computeRelief } from '../../../src/rules/medical-relief';
import { d, params, row } from './helpers';

const relief = (selfPay: string | number) => reliefFor(d(selfPay), params).toString();

describe('relief per family (温政办〔2023〕90号 三、（五）)', () => {
  it('takes the threshold 120,000 and the cap 100,000 from the edition', () => {
    expect(params.threshold.toString()).toBe('120000');
    expect(params.cap.toString()).toBe('100000');
    expect(params.document).toBe('温政办〔2023〕90号');
  });

  it('a self-pay of exactly 120,000 yuan gets no relief', () => {
    expect(relief(120000)).toBe('0');
  });

  it('a self-pay of 120,001 yuan gets 1 yuan', () => {
    expect(relief(120001)).toBe('1');
  });

  it('a self-pay of 220,000 yuan gets the full cap of 100,000', () => {
    expect(relief(220000)).toBe('100000');
  });

  it('a self-pay of 220,001 yuan is still capped at 100,000', () => {
    expect(relief(220001)).toBe('100000');
  });

  it('a self-pay below the threshold, or nothing, gets no relief', () => {
    expect(relief(0)).toBe('0');
    expect(relief('119999.99')).toBe('0');
  });

  it('amounts with fen are exact: 120,000.01 gets 0.01', () => {
    expect(relief('120000.01')).toBe('0.01');
    expect(relief('150000.10')).toBe('30000.1');
  });

  it('sums several rows of one family before the threshold: 70,000 + 60,000 → 10,000', () => {
    const { families } = reliefPerFamily([row('F1', '永嘉县', 70000), row('F1', '永嘉县', 60000)], params);
    expect(families).toHaveLength(1);
    expect(families[0].selfPay.toString()).toBe('130000');
    expect(families[0].relief.toString()).toBe('10000');
    expect(families[0].rows).toBe(2);
  });

  it('does not relieve members one by one: two members of 100,000 each are one family of 200,000', () => {
    const { families } = reliefPerFamily([row('F1', '平阳县', 100000), row('F2', '平阳县', 1), row('F1', '平阳县', 100000)], params);
    expect(families.map((f) => [f.familyId, f.selfPay.toString(), f.relief.toString()])).toEqual([
      ['F1', '200000', '80000'],
      ['F2', '1', '0'],
    ]);
  });

  it('keeps families in the order of their first row and remembers that row', () => {
    const { families } = reliefPerFamily([row('B', '永嘉县', 1), row('A', '永嘉县', 1), row('B', '永嘉县', 1)], params);
    expect(families.map((f) => [f.familyId, f.firstRow])).toEqual([['B', 0], ['A', 1]]);
  });

  it('collects distinct names and masked IDs of a family', () => {
    const { families } = reliefPerFamily([
      { ...row('F', '永嘉县', 1), name: '张三', idMasked: '110105********002X' },
      { ...row('F', '永嘉县', 1), name: '李四' },
      { ...row('F', '永嘉县', 1), name: '张三' },
    ], params);
    expect(families[0].names).toEqual(['张三', '李四']);
    expect(families[0].ids).toEqual(['110105********002X']);
  });

  it('reports a family listed under two counties, naming both rows', () => {
    const { conflicts } = reliefPerFamily([row('F1', '永嘉县', 1), row('F2', '文成县', 1), row('F1', '平阳县', 1)], params);
    expect(conflicts).toEqual([{ familyId: 'F1', firstRow: 0, firstCounty: '永嘉县', row: 2, county: '平阳县' }]);
  });

  it('a family under 永嘉 and 永嘉县 is one family in one county, not a conflict (docs/rules.md §2.2)', () => {
    const { families, conflicts } = reliefPerFamily([row('F1', '永嘉县', 70000), row('F1', '永嘉', 60000), row('F1', ' 永嘉县 ', 1)], params);
    expect(conflicts).toEqual([]);
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({ county: '永嘉县', countyKey: '永嘉', rows: 3 });
  });

  it('keys families on the id as typed with outer spaces trimmed: " YJ4" and "YJ4" are one family, shown as first typed', () => {
    const { families, lookalikes } = reliefPerFamily([row(' YJ4', '永嘉县', 70000), row('YJ4', '永嘉县', 60000), row('YJ4\u3000', '永嘉县', 1)], params);
    expect(families.map((f) => [f.familyId, f.familyKey, f.rows, f.selfPay.toString()])).toEqual([[' YJ4', 'YJ4', 3, '130001']]);
    expect(lookalikes).toEqual([]);
  });

  it('YJ001 and ＹＪ００１ are two families, reported as look-alikes in either order', () => {
    const ab = reliefPerFamily([row('YJ001', '永嘉县', 130000), row('PY1', '平阳县', 1), row('ＹＪ００１', '永嘉县', 130000)], params);
    expect(ab.families.map((f) => f.familyId)).toEqual(['YJ001', 'PY1', 'ＹＪ００１']);
    expect(ab.lookalikes).toEqual([{ firstId: 'YJ001', firstRow: 0, familyId: 'ＹＪ００１', row: 2 }]);
    const ba = reliefPerFamily([row('ＹＪ００１', '永嘉县', 1), row('YJ001', '永嘉县', 1)], params);
    expect(ba.families).toHaveLength(2);
    expect(ba.lookalikes).toEqual([{ firstId: 'ＹＪ００１', firstRow: 0, familyId: 'YJ001', row: 1 }]);
  });

  it('ids differing only by inner spaces are look-alikes too; each later one is reported against the earliest', () => {
    const { families, lookalikes } = reliefPerFamily([
      row('YJ 001', '永嘉县', 1), row('YJ001', '永嘉县', 1), row('ＹＪ001', '永嘉县', 1), row('YJ002', '永嘉县', 1), row('YJ 001', '永嘉县', 1),
    ], params);
    expect(families.map((f) => f.familyId)).toEqual(['YJ 001', 'YJ001', 'ＹＪ001', 'YJ002']);
    expect(lookalikes.map((x) => [x.firstId, x.familyId, x.row])).toEqual([['YJ 001', 'YJ001', 1], ['YJ 001', 'ＹＪ001', 2]]);
  });

  it('ids in Chinese characters without full-width or space characters are not folded or reported', () => {
    const { families, lookalikes } = reliefPerFamily([row('永嘉001', '永嘉县', 1), row('永嘉002', '永嘉县', 1)], params);
    expect(families).toHaveLength(2);
    expect(lookalikes).toEqual([]);
  });

  it('keeps names exactly as typed (full-width brackets, inner spaces)', () => {
    const { families } = reliefPerFamily([{ ...row('F', '永嘉县', 1), name: '欧阳 娜娜（小）' }, { ...row('F', '永嘉县', 1), name: '欧阳娜娜(小)' }], params);
    expect(families[0].names).toEqual(['欧阳 娜娜（小）', '欧阳娜娜(小)']);
  });

  it('lists every county spelling with its first row and key', () => {
    const { spellings } = reliefPerFamily([row('A', '永嘉县', 1), row('B', '永嘉', 1), row('C', '永嘉县', 1), row('D', '平阳县', 1)], params);
    expect(spellings).toEqual([
      { spelling: '永嘉县', key: '永嘉', firstRow: 0 },
      { spelling: '永嘉', key: '永嘉', firstRow: 1 },
      { spelling: '平阳县', key: '平阳', firstRow: 3 },
    ]);
  });

  describe('properties', () => {
    const money = fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, f]) => d(`${y}.${String(f).padStart(2, '0')}`));

    it('relief is always within [0, cap]', () => {
      fc.assert(fc.property(money, (selfPay) => {
        const r = reliefFor(selfPay, params);
        return r.greaterThanOrEqualTo(0) && r.lessThanOrEqualTo(params.cap);
      }));
    });

    it('relief never falls when self-pay rises', () => {
      fc.assert(fc.property(money, money, (a, b) => {
        const [lo, hi] = a.lessThanOrEqualTo(b) ? [a, b] : [b, a];
        return reliefFor(lo, params).lessThanOrEqualTo(reliefFor(hi, params));
      }));
    });

    it('relief is exactly self-pay − threshold between threshold and threshold + cap', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), (over) => {
        return reliefFor(params.threshold.plus(over), params).equals(over);
      }));
    });

    it('a family’s relief depends only on the sum of its rows, not on how it is split', () => {
      fc.assert(fc.property(fc.array(money, { minLength: 1, maxLength: 8 }), (amounts) => {
        const split = reliefPerFamily(amounts.map((a) => ({ familyId: 'F', county: '永嘉县', selfPay: a })), params).families[0];
        const whole = amounts.reduce((s, a) => s.plus(a), d(0));
        return split.selfPay.equals(whole) && split.relief.equals(reliefFor(whole, params));
      }));
    });

    it('the sum of per-county relief equals the total relief', () => {
      const counties = ['永嘉县', '平阳县', '苍南县', '鹿城区'];
      fc.assert(fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), money), { maxLength: 60 }),
        (entries) => {
          const rows = entries.map(([f, a]) => ({ familyId: `F${f}`, county: counties[f % counties.length], selfPay: a }));
          const result = computeRelief(rows, params);
          const byCounty = result.counties.reduce((s, c) => s.plus(c.relief), d(0));
          const byFamily = result.families.reduce((s, f) => s.plus(f.relief), d(0));
          return byCounty.equals(result.totals.relief) && byFamily.equals(result.totals.relief)
            && result.counties.reduce((n, c) => n + c.families, 0) === result.families.length;
        },
      ));
    });
  });
});
