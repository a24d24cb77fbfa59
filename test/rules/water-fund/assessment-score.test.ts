import { assessmentScore } from '../../../src/rules/water-fund/assessment-score';
import { d, params } from './helpers';

const L = params.limits;
const base = { waterQuality: d(45), greenRate: d('0.9'), management: d(14), performance: d(5) };

describe('assessment score (温政办函〔2023〕28号 第十一条、第十四条)', () => {
  it('adds water quality, green rate × 30, management and performance', () => {
    const r = assessmentScore(base, L);
    expect(r.ok && r.value.score.toString()).toBe('91');
    expect(r.ok && r.value.green.toString()).toBe('27');
  });

  it('a full score is 100', () => {
    const r = assessmentScore({ waterQuality: d(50), greenRate: d(1), management: d(15), performance: d(5) }, L);
    expect(r.ok && r.value.score.toString()).toBe('100');
  });

  it('a 第十四条 deduction lowers the performance score', () => {
    const r = assessmentScore({ ...base, deduction: d(2) }, L);
    expect(r.ok && r.value.performance.toString()).toBe('3');
    expect(r.ok && r.value.score.toString()).toBe('89');
    expect(r.ok && r.value.floored).toBe(false);
  });

  it('a deduction larger than the performance score floors it at 0, not below', () => {
    const r = assessmentScore({ ...base, performance: d(3), deduction: d(7) }, L);
    expect(r.ok && r.value.performance.toString()).toBe('0');
    expect(r.ok && r.value.score.toString()).toBe('86');
    expect(r.ok && r.value.floored).toBe(true);
  });

  it.each([
    ['waterQuality', { waterQuality: d('50.01') }, '50'],
    ['management', { management: d(16) }, '15'],
    ['performance', { performance: d('5.5') }, '5'],
    ['greenRate', { greenRate: d('1.01') }, '1'],
  ])('%s above its maximum is an error', (component, change, max) => {
    const r = assessmentScore({ ...base, ...change }, L);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ code: 'above-max', component, max: d(max) })]);
  });

  it('a negative component or deduction is an error', () => {
    const r = assessmentScore({ ...base, management: d(-1), deduction: d(-2) }, L);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.component)).toEqual(['management', 'deduction']);
  });
});
