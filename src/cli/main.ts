/**
 * The `wzpolicy` command line (contract: docs/interfaces.md "Command line").
 *
 *   wzpolicy hq-rating   <in.xlsx> [--sheet NAME] [--out OUT.xlsx] [--json]
 *                        [--rating-date YYYY-MM-DD] [--tie-break none|f1,f2,…] [--degenerate-range full|zero]
 *   wzpolicy water-fund  <in.xlsx> [--sheet NAME] [--out OUT.xlsx] [--json] [--unit yuan|fen]
 *                        [--fund-year YYYY]
 *   wzpolicy relief      <in.xlsx> [--sheet NAME] [--out OUT.xlsx] [--json]
 *   (additions to the contract: water-fund --what-if-sheet NAME and --what-if-weights W1,W2,W3;
 *    water-fund --date YYYY-MM-DD, deprecated: alone it means --fund-year of that date's year,
 *    with a warning; together with --fund-year a usage error;
 *    relief --pilot-counties LIST,
 *    template --force)
 *   wzpolicy template    hq-rating|water-fund|relief --out FILE.xlsx
 *   wzpolicy demo        [--out-dir DIR]
 *   (keygen / sign / verify: src/cli/signing-commands.ts)
 *   Every calculation also takes --edition FILE.json (a draft edition, src/cli/calc-options.ts);
 *   each calculator declares its own options (Calculator.options), from which the flags are built.
 *   wzpolicy compare hq-rating|water-fund|relief <in.xlsx> --edition B.json [--baseline A.json] …
 *                        (src/cli/compare.ts)
 *   wzpolicy diff        <earlier-result.xlsx> <later-result.xlsx> [--out OUT.xlsx] [--json]
 *                        (src/cli/diff.ts)
 *
 * Exit status: 0 computed (warnings allowed); 1 the input has errors (problems printed, no file
 * written); 2 usage error (bad option, unreadable or missing file, missing sheet, not an .xlsx);
 * 3 an internal error (a defect of this program: one Chinese line, no stack trace unless
 * WZPOLICY_DEBUG=1).
 */
import { Command, CommanderError } from 'commander';
import { CALCULATORS, calculatorFor, type AnyCalculator } from '../calculators';
import type { CalculatorKind } from '../calculators/types';
import { hasErrors } from '../sheets/problem';
import { DEFAULT_READ_LIMITS, MB } from '../workbook/xlsx-package/limits';
import { runCalculation } from '../app/run-calculation';
import { registerSigningCommands, takeSigningExitCode } from './signing-commands';
import { CliIo, processIo, UsageError, resolvePath, writeOutputFile, exists, openInputAndCopy, DEFAULT_MAX_CELLS, type LimitOptions } from './io';
import { saveCopyAsPieces } from '../workbook/xlsx-package/save-copy';
import { textReport } from './report';
import { translateHelp, usageMessage } from './commander-zh';
import { runDemo } from './demo';
import { addCalculatorOptions, EDITION_HELP, readDraftEdition, settingOptions, withDraft } from './calc-options';
import { registerCompareCommand } from './compare';
import { registerDiffCommand } from './diff';
import { writeJsonDocument } from './json-out';

const COMMANDS = ['hq-rating', 'water-fund', 'relief', 'template', 'demo', 'keygen', 'sign', 'verify', 'compare', 'diff', 'help'];

interface CalcOptions extends LimitOptions {
  sheet?: string;
  out?: string;
  json?: boolean;
  ratingDate?: string;
  tieBreak?: string;
  degenerateRange?: string;
  unit?: string;
  date?: string;
  fundYear?: string;
  whatIfWeights?: string;
  whatIfSheet?: string;
  pilotCounties?: string;
  force?: boolean;
  /** A draft edition file (docs/interfaces.md「6」--edition). */
  edition?: string;
}

interface State {
  code: number | null;
}

/** User arguments out of a process.argv-style array (node, script, …) or a bare argument list. */
export function userArgs(argv: string[]): string[] {
  if (argv.length === 0) return [];
  if (COMMANDS.includes(argv[0]) || argv[0].startsWith('-')) return argv;
  return argv.slice(2);
}

/** The options every calculation command (and `compare`) takes besides the calculator's own. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--sheet <NAME>', '输入工作表（默认：第一张工作表）')
    .option('--out <OUT.xlsx>', '把结果表加入输入工作簿的副本，写到此文件（不能与输入文件相同）')
    .option('--json', '在标准输出上只打印一个 JSON 文档')
    .option('--force', '--out 的文件已存在时覆盖它（默认不覆盖）')
    // limits of the workbook reader (src/workbook/xlsx-package/limits.ts)
    .option('--max-cells <N>', `输入工作表最多读取的单元格数（默认：hq-rating、water-fund ${DEFAULT_MAX_CELLS['hq-rating']}，relief ${DEFAULT_MAX_CELLS.relief}），更大的工作簿需要更多内存和时间`)
    .option('--max-uncompressed-mb <N>', `输入文件及其解压后的总大小上限，单位 MB（默认 ${DEFAULT_READ_LIMITS.maxUncompressedBytes / MB}）`)
    .option('--max-ratio <N>', `工作簿部件的压缩比上限（默认 ${DEFAULT_READ_LIMITS.maxRatio}），防范"压缩炸弹"`);
}

/**
 * A calculation command: the input options, then the options the calculator declares
 * (Calculator.options, e.g. hq-rating's --rating-date), then --edition.
 */
function addCalcCommand(program: Command, io: CliIo, state: State, kind: CalculatorKind, description: string): void {
  const calc = calculatorFor(kind)!;
  const cmd = addInputOptions(program.command(kind).description(description).argument('<in.xlsx>', '输入工作簿（.xlsx，不会被修改）'));
  addCalculatorOptions(cmd, calc).option('--edition <FILE.json>', EDITION_HELP);
  cmd.action(async (input: string, opts: CalcOptions) => {
    state.code = await runCalcCommand(io, calc, input, opts);
  });
}

async function runCalcCommand(io: CliIo, calc: AnyCalculator, input: string, opts: CalcOptions): Promise<number> {
  const today = io.today();
  const given = settingOptions(calc, opts as Record<string, unknown>);
  const parsed = calc.settingsFrom(given.settings, today);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const draft = opts.edition !== undefined ? await readDraftEdition(io, calc, opts.edition) : null;
  const settings = { ok: true as const, settings: withDraft(calc, parsed.settings, draft) };
  const { inPath, outPath, book, copy, outKind } = await openInputAndCopy(io, calc.kind, input, opts);
  const run = await runCalculation(book, {
    calculator: calc,
    settings: settings.settings,
    sheet: opts.sheet,
    defaultSheet: book.firstSheetName(),
    write: outPath !== undefined,
    extraSheets: given.extraSheets,
  });
  if (!run.ok) throw new UsageError(run.reason === 'unreadable' ? `${inPath}：${run.message}` : run.message);
  const { outcome } = run;
  const failed = hasErrors(outcome.problems);
  let out: { file: string; sheets: string[] } | undefined;
  if (!failed && outPath !== undefined) {
    await writeOutputFile(outPath, (await saveCopyAsPieces(book, copy, outKind)).pieces);
    out = { file: outPath, sheets: run.written };
  }
  if (opts.json) {
    const doc = out ? { ...outcome.json, output: out } : outcome.json;
    writeJsonDocument(doc, (t) => io.stdout(t));
  } else {
    io.stdout(textReport({ calculator: calc, input: inPath, sheet: run.sheet, outcome, out }));
  }
  return failed ? 1 : 0;
}

async function runTemplateCommand(io: CliIo, kind: string, opts: { out: string; force?: boolean }): Promise<number> {
  const calc = calculatorFor(kind);
  if (!calc) throw new UsageError(`未知的测算类型「${kind}」：应为 ${Object.keys(CALCULATORS).join('、')} 之一。`);
  const outPath = resolvePath(io, opts.out);
  if (!/\.xlsx$/i.test(outPath)) throw new UsageError(`输出文件名应以 .xlsx 结尾：${opts.out}。`);
  if (!opts.force && (await exists(outPath))) {
    throw new UsageError(`文件已存在：${outPath}。为免覆盖已填写的数据，请换一个文件名，或加 --force 覆盖。`);
  }
  const sheet = calc.template();
  const { ExcelJsWorkbook } = await import('../workbook/exceljs-workbook'); // loaded only for templates
  const book = ExcelJsWorkbook.template(sheet);
  await writeOutputFile(outPath, await book.save());
  io.stdout(`已写入${calc.title}输入模板：${outPath}（工作表「${sheet.name}」，${sheet.columns.length} 列）。\n`);
  return 0;
}

function buildProgram(io: CliIo, state: State): Command {
  const program = new Command();
  program
    .name('wzpolicy')
    .description('温州政策测算：总部企业星级评定（温政办〔2023〕88号）、饮用水水源地生态保护补偿资金（温政办函〔2023〕28号）、医保纾困专项保障（温政办〔2023〕90号）')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(translateHelp(s)),
      writeErr: (s) => io.stderr(translateHelp(s)),
      outputError: () => undefined, // rewritten in Chinese by main()
    })
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .configureHelp({ helpWidth: 160 })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  // Each calculator declares its own options (Calculator.options); the flags are built from them.
  addCalcCommand(program, io, state, 'hq-rating', '总部企业星级评定（温政办〔2023〕88号）');
  addCalcCommand(program, io, state, 'water-fund', '饮用水水源地生态保护补偿资金分配（温政办函〔2023〕28号）');
  addCalcCommand(program, io, state, 'relief', '医保纾困专项保障测算（温政办〔2023〕90号）');
  // docs/interfaces.md「6」: compare (baseline vs draft edition) and diff (two result workbooks).
  registerCompareCommand(program, io, (code) => { state.code = code; }, addInputOptions);
  registerDiffCommand(program, io, (code) => { state.code = code; });

  program
    .command('template')
    .description('生成某项测算的输入模板（规范表头、填表说明、下拉选项）')
    .argument('<kind>', 'hq-rating | water-fund | relief')
    .requiredOption('--out <FILE.xlsx>', '模板文件')
    .option('--force', '文件已存在时覆盖')
    .action(async (kind: string, opts: { out: string; force?: boolean }) => {
      state.code = await runTemplateCommand(io, kind, opts);
    });

  program
    .command('demo')
    .description('用 examples/ 中的示例工作簿运行三项测算，写出结果工作簿并打印摘要')
    .option('--out-dir <DIR>', '结果工作簿目录', 'out/demo')
    .action(async (opts: { outDir: string }) => {
      state.code = await runDemo(io, resolvePath(io, opts.outDir));
    });

  registerSigningCommands(program, io);
  return program;
}

function hintFor(args: string[]): string {
  const cmd = args.find((a) => !a.startsWith('-'));
  return cmd && COMMANDS.includes(cmd) && cmd !== 'help' ? `运行 wzpolicy ${cmd} --help 查看用法。` : '运行 wzpolicy --help 查看用法。';
}

/**
 * Run the CLI. `argv` is process.argv (node, script, …) or the bare arguments; returns the exit
 * status. Never throws and never prints a stack trace for bad input.
 */
export async function main(argv: string[], ioOverrides: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { ...processIo, ...ioOverrides };
  const args = userArgs(argv);
  const state: State = { code: null };
  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  takeSigningExitCode(); // forget a status left by an earlier in-process run
  try {
    const program = buildProgram(io, state);
    if (args.length === 0) {
      io.stderr(translateHelp(program.helpInformation()));
      return 2;
    }
    await program.parseAsync(args, { from: 'user' });
    if (state.code !== null) return state.code;
    // keygen/sign/verify (signing-commands.ts) record their status themselves.
    const signing = takeSigningExitCode();
    if (signing !== null) return signing;
    const set = process.exitCode;
    return typeof set === 'number' ? set : typeof set === 'string' && /^\d+$/.test(set) ? Number(set) : 0;
  } catch (e) {
    return reportFailure(io, e, args);
  } finally {
    process.exitCode = savedExitCode;
  }
}

function reportFailure(io: CliIo, e: unknown, args: string[]): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    // asked for (`help`, `help hq-rating`): 0; shown because a command was missing: usage error
    if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
    if (e.code.startsWith('commander.') && e.code !== 'commander.error') {
      io.stderr(`wzpolicy：${usageMessage(e)}${hintFor(args)}\n`);
      return 2;
    }
    io.stderr(`wzpolicy：${e.message.replace(/^error:\s*/, '')}\n`);
    return e.exitCode || 2;
  }
  if (e instanceof UsageError) {
    io.stderr(`wzpolicy：${e.message}\n`);
    return 2;
  }
  const code = (e as { exitCode?: unknown })?.exitCode;
  const message = (e as Error)?.message ?? String(e);
  if (typeof code === 'number' && code >= 1 && code <= 3) {
    io.stderr(`wzpolicy：${message}\n`);
    return code;
  }
  io.stderr(`wzpolicy：内部错误：${message.split('\n')[0]}（这是本程序的缺陷，请把命令和输入文件报告给维护者）。\n`);
  if (process.env.WZPOLICY_DEBUG === '1' && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
  return 3;
}

