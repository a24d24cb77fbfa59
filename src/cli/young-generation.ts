/**
 * A larger young generation for hq-rating of a large workbook (issue 10). V8 fixes the size of its
 * young generation (--max-semi-space-size) when the process starts. Node's default of 16 MB makes a
 * run over 100,000 headquarters do about 280 scavenges. Each one copies the results, texts and
 * cells that are still being built.
 *
 * The launcher (bin/wzpolicy.js) asks `youngGenerationRelaunch` whether to start the command again
 * in a child Node process with the larger size. It does so only when the command is hq-rating and
 * an input workbook is at least RELAUNCH_FROM_BYTES. Its standard streams, exit status and
 * signals are the child's own. Small runs never pay for the second process start (about 40 ms).
 *
 * Measured on the 2-core machine, whole-process wall time of hq-rating --out against the default:
 * - 100,000 HQs (6.9 MB): 0.82–0.88× with 64 MB, peak 988 MiB against 880 MiB; 32 MB was slower
 *   than 64.
 * - 10,000 HQs (0.7 MB): no difference, so no relaunch.
 * - relief of 1,000,000 rows: 64 MB was no faster and raised the peak from 768 to 865 MiB, against
 *   its 1 GiB budget; 32 MB was 1.15× slower. Hence hq-rating only.
 *
 * The setting: WZPOLICY_SEMI_SPACE_MB (a whole number from 1 to 1024 sets the size; 0 turns the
 * relaunch off). docs/architecture.md「大表的读写（性能）」 describes it.
 */

/** The semi-space size hq-rating of a large input runs with, in MB (V8's --max-semi-space-size). */
export const SEMI_SPACE_MB = 64;
/** Inputs from this size up (about 30,000 headquarters) are rated in a relaunched process. */
export const RELAUNCH_FROM_BYTES = 2 * 1024 * 1024;
/** The commands a large input is relaunched for. */
const RELAUNCHED_COMMANDS: ReadonlySet<string> = new Set(['hq-rating']);
/** Options of those commands whose value is a workbook that is written, not read. */
const OUTPUT_OPTIONS: ReadonlySet<string> = new Set(['--out', '-o']);
/** The environment variable the child is started with: it never relaunches again. */
export const RELAUNCHED_ENV = 'WZPOLICY_RELAUNCHED';

export interface RelaunchContext {
  /** Node's own options of this process (process.execArgv). */
  execArgv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** The size in bytes of a regular file, else null (missing, a directory, unreadable). */
  sizeOf(file: string): number | null;
}

/**
 * The Node options to start the command again with, or null to run it here. `args` are the
 * command-line arguments after the script (process.argv.slice(2)).
 */
export function youngGenerationRelaunch(args: readonly string[], context: RelaunchContext): string[] | null {
  if (context.env[RELAUNCHED_ENV]) return null;
  if (context.execArgv.some((a) => /^--max-semi-space-size(=|$)/.test(a))) return null;
  const mb = semiSpaceMb(context.env.WZPOLICY_SEMI_SPACE_MB);
  if (mb === 0) return null;
  const command = args.find((a) => !a.startsWith('-'));
  if (command === undefined || !RELAUNCHED_COMMANDS.has(command)) return null;
  let large = false;
  for (let i = args.indexOf(command) + 1; i < args.length && !large; i++) {
    const a = args[i];
    if (OUTPUT_OPTIONS.has(a)) { i++; continue; }
    if (a.startsWith('-') || !/\.xls[xm]$/i.test(a)) continue;
    const size = context.sizeOf(a);
    large = size !== null && size >= RELAUNCH_FROM_BYTES;
  }
  return large ? [...context.execArgv, `--max-semi-space-size=${mb}`] : null;
}

/** WZPOLICY_SEMI_SPACE_MB: unset or not a whole number from 0 to 1024 → the default. */
function semiSpaceMb(setting: string | undefined): number {
  if (setting === undefined || !/^\d{1,4}$/.test(setting.trim())) return SEMI_SPACE_MB;
  const n = Number(setting.trim());
  return n <= 1024 ? n : SEMI_SPACE_MB;
}
