/**
 * The fuzz suite (fuzz/run.ts) on a small budget inside `npm test`: generated workbooks of the
 * three calculations and misused options, every run checked against the invariants. The hostile
 * corpus and the long budget run in CI (`npm run fuzz`), where child processes are cheap enough.
 */
import { fuzz } from '../fuzz/run';

it('300 generated workbooks and the misuse cases break no invariant', async () => {
  const t = await fuzz({ seconds: 60, count: 300, seed: 20261201, bombMib: 1, quiet: true, hostile: false });
  expect(t.failures).toEqual([]);
  expect(t.runs).toBeGreaterThanOrEqual(300);
  // The generator reaches all three outcomes (computed, input errors, usage errors).
  expect(Object.keys(t.byExit).sort()).toEqual(['0', '1', '2']);
}, 120_000);
