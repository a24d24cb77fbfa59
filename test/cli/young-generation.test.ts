/**
 * hq-rating of a large workbook runs again in a child process with a larger young generation
 * (src/cli/young-generation.ts): when, and with which options. The launcher itself is tested in
 * a child process by test/cli/process.test.ts.
 */
import { RELAUNCH_FROM_BYTES, SEMI_SPACE_MB, youngGenerationRelaunch, type RelaunchContext } from '../../src/cli/young-generation';

const BIG = RELAUNCH_FROM_BYTES;
const context = (over: Partial<RelaunchContext> = {}): RelaunchContext => ({
  execArgv: [],
  env: {},
  sizeOf: (f) => (f.includes('big') ? BIG : f.includes('missing') ? null : BIG - 1),
  ...over,
});
const FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;

describe('youngGenerationRelaunch', () => {
  test('hq-rating of an input of at least RELAUNCH_FROM_BYTES, and only that', () => {
    expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx', '--out', 'o.xlsx'], context())).toEqual([FLAG]);
    expect(youngGenerationRelaunch(['hq-rating', '--rating-date', '2024-12-31', 'big.XLSM'], context())).toEqual([FLAG]);
    // Just below the size; another command; the large file is the output; no such file.
    expect(youngGenerationRelaunch(['hq-rating', 'small.xlsx'], context())).toBeNull();
    expect(youngGenerationRelaunch(['relief', 'big.xlsx'], context())).toBeNull();
    expect(youngGenerationRelaunch(['water-fund', 'big.xlsx'], context())).toBeNull();
    expect(youngGenerationRelaunch(['hq-rating', 'small.xlsx', '--out', 'big.xlsx'], context())).toBeNull();
    expect(youngGenerationRelaunch(['hq-rating', 'missing.xlsx'], context())).toBeNull();
    expect(youngGenerationRelaunch(['hq-rating', 'big.json'], context())).toBeNull();
    expect(youngGenerationRelaunch([], context())).toBeNull();
  });

  test('keeps Node’s own options, and never relaunches twice', () => {
    expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx'], context({ execArgv: ['--require', 'x.js'] }))).toEqual(['--require', 'x.js', FLAG]);
    expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx'], context({ execArgv: ['--max-semi-space-size=32'] }))).toBeNull();
    expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx'], context({ env: { WZPOLICY_RELAUNCHED: '1' } }))).toBeNull();
  });

  test('WZPOLICY_SEMI_SPACE_MB sets the size; 0 turns the relaunch off; anything else is the default', () => {
    expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx'], context({ env: { WZPOLICY_SEMI_SPACE_MB: '128' } }))).toEqual(['--max-semi-space-size=128']);
    expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx'], context({ env: { WZPOLICY_SEMI_SPACE_MB: '0' } }))).toBeNull();
    for (const odd of ['', 'lots', '-1', '2000', '1.5']) {
      expect(youngGenerationRelaunch(['hq-rating', 'big.xlsx'], context({ env: { WZPOLICY_SEMI_SPACE_MB: odd } }))).toEqual([FLAG]);
    }
  });
});
