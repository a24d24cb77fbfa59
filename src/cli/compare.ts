/**
 * `wzpolicy compare hq-rating|water-fund|relief <in.xlsx> --edition B.json [--baseline A.json]
 *  [calculation options] [--out OUT.xlsx] [--json]` (docs/interfaces.md「6」): the same input under
 * the baseline (the edition in force, or --baseline) and under the draft --edition; JSON
 * {"kind": "compare", …} and, with --out, a copy of the input workbook with the sheet 方案对比.
 * Exit status as for the calculations: 1 when the input has errors (nothing written), 2 usage.
 */
import type { Command } from 'commander';
import { CALCULATORS, calculatorFor, type AnyCalculator } from '../calculators';
import { compareReports, compareSheet, type CompareReport } from '../calculators/compare';
import { reportOf } from '../calculators/report';
import { runCalculation } from '../app/run-calculation';
import { problemsSheet } from '../sheets/result-sheet';
import type { Problem } from '../sheets/problem';
import { addCalculatorOptions, readDraftEdition, settingOptions, withDraft } from './calc-options';
import { CliIo, UsageError, openInputAndCopy, writeOutputFile, type LimitOptions } from './io';
import { saveCopyAsPieces } from '../workbook/xlsx-package/save-copy';
import { writeJsonDocument } from './json-out';

interface CompareOptions extends LimitOptions {
  sheet?: string;
  out?: string;
  json?: boolean;
  force?: boolean;
  edition?: string;
  baseline?: string;
  [option: string]: unknown;
}

/** Every calculator's declared options, each flag once (compare takes those of the calculation named). */
function allCalculatorOptions(): Array<{ calc: AnyCalculator; key: string; flag: string }> {
  const out: Array<{ calc: AnyCalculator; key: string; flag: string }> = [];
  for (const calc of Object.values(CALCULATORS)) for (const o of calc.options ?? []) out.push({ calc, key: o.key, flag: o.flag });
  return out;
}

export function registerCompareCommand(program: Command, io: CliIo, setCode: (code: number) => void, addInputOptions: (cmd: Command) => Command): void {
  const cmd = addInputOptions(
    program
      .command('compare')
      .description('方案对比：同一输入分别按基准版本（默认现行版本，或 --baseline）和草案版本 --edition 计算，列出变化')
      .argument('<calculation>', 'hq-rating | water-fund | relief')
      .argument('<in.xlsx>', '输入工作簿（.xlsx，不会被修改）'),
  )
    .requiredOption('--edition <B.json>', '草案版本文件（方案）')
    .option('--baseline <A.json>', '基准版本文件（默认：现行版本）');
  // The options of every calculation, each flag once; those of another calculation are refused.
  const added = new Set<string>();
  for (const calc of Object.values(CALCULATORS)) {
    const fresh = { ...calc, options: (calc.options ?? []).filter((o) => !added.has(o.flag)) } as AnyCalculator;
    for (const o of fresh.options ?? []) added.add(o.flag);
    addCalculatorOptions(cmd, fresh);
  }
  cmd.action(async (kind: string, input: string, opts: CompareOptions) => {
    setCode(await runCompare(io, kind, input, opts));
  });
}

async function runCompare(io: CliIo, kind: string, input: string, opts: CompareOptions): Promise<number> {
  const calc = calculatorFor(kind);
  if (!calc) throw new UsageError(`未知的测算类型「${kind}」：应为 ${Object.keys(CALCULATORS).join('、')} 之一。`);
  const own = new Set((calc.options ?? []).map((o) => o.key));
  for (const o of allCalculatorOptions()) {
    if (!own.has(o.key) && opts[o.key] !== undefined) throw new UsageError(`选项 ${o.flag} 不适用于 ${kind}（它是${o.calc.title}的选项）。`);
  }
  const given = settingOptions(calc, opts);
  const parsed = calc.settingsFrom(given.settings, io.today());
  if (!parsed.ok) throw new UsageError(parsed.message);
  const alternativeDraft = await readDraftEdition(io, calc, opts.edition ?? '', '--edition');
  const baselineDraft = opts.baseline !== undefined ? await readDraftEdition(io, calc, opts.baseline, '--baseline') : null;

  const { inPath, outPath, book, copy, outKind } = await openInputAndCopy(io, calc.kind, input, opts);

  const runWith = async (draft: typeof baselineDraft) => {
    const run = await runCalculation(book, {
      calculator: calc, settings: withDraft(calc, parsed.settings, draft), sheet: opts.sheet,
      defaultSheet: book.firstSheetName(), write: false, extraSheets: given.extraSheets,
    });
    if (!run.ok) throw new UsageError(run.reason === 'unreadable' ? `${inPath}：${run.message}` : run.message);
    return run;
  };
  const before = await runWith(baselineDraft);
  const after = await runWith(alternativeDraft);
  const report = compareReports(reportOf(before.outcome), reportOf(after.outcome), { baseline: opts.baseline ?? null, alternative: opts.edition ?? null });
  const failed = report.problems.some((p) => p.severity === 'error');
  let out: { file: string; sheets: string[] } | undefined;
  if (!failed && outPath !== undefined) {
    const sheets = [compareSheet(report)];
    if (report.problems.length > 0) sheets.push(problemsSheet(report.problems as Problem[]));
    const names = await book.addSheets(sheets, { sourceSheet: before.sheet, calculator: `compare-${calc.kind}`, runAt: new Date().toISOString() });
    await writeOutputFile(outPath, (await saveCopyAsPieces(book, copy, outKind)).pieces);
    out = { file: outPath, sheets: names };
  }
  if (opts.json) {
    writeJsonDocument(out ? { ...report, output: out } : report, (t) => io.stdout(t));
  } else {
    io.stdout(compareText(calc, inPath, before.sheet, report, out));
  }
  return failed ? 1 : 0;
}

/** The readable Chinese report of a comparison. */
export function compareText(calc: AnyCalculator, input: string, sheet: string, report: CompareReport, out?: { file: string; sheets: string[] }): string {
  const side = (s: CompareReport['baseline']) => (s.file ? `草案版本 ${s.file}（${s.document}）` : `现行版本 ${s.document}`);
  const lines = [`${calc.title} 方案对比`, `输入：${input} 工作表「${sheet}」`, `基准：${side(report.baseline)}`, `方案：${side(report.alternative)}`, ''];
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    lines.push(`输入有 ${errors.length} 处错误，未比较，也未写入任何文件：`);
    for (const p of errors) lines.push(`  错误 ${p.cell ? `${p.sheet}!${p.cell}` : p.sheet} ${p.message}`);
    return lines.join('\n') + '\n';
  }
  if (report.calculation === 'hq-rating') {
    const c = report.counts;
    lines.push(`升星 ${c.up ?? 0} 家、降星 ${c.down ?? 0} 家、星级不变 ${c.same ?? 0} 家；名次、星级或总分有变化的 ${c.changed} 家。`);
    for (const ch of report.changes.slice(0, 20) as Array<{ name: string; before: { rank: number; stars: number } | null; after: { rank: number; stars: number } | null; changed: boolean }>) {
      if (!ch.changed) continue;
      lines.push(`  ${ch.name}：第 ${ch.before?.rank ?? '—'} 名 ${'★'.repeat(ch.before?.stars ?? 0)} → 第 ${ch.after?.rank ?? '—'} 名 ${'★'.repeat(ch.after?.stars ?? 0)}`);
    }
  } else {
    lines.push(`有变化的县（市、区）${report.counts.changed} 个。`);
    for (const ch of report.changes as Array<{ county: string; difference: string; changed: boolean }>) {
      lines.push(`  ${ch.county}：差额 ${ch.difference} 元${ch.changed ? '' : '（无变化）'}`);
    }
    if (report.sums) lines.push(`合计：基准 ${report.sums.before} 元 → 方案 ${report.sums.after} 元，差额 ${report.sums.difference} 元 ${report.sums.ok ? '✓' : '✗'}`);
  }
  const warnings = report.problems.length - errors.length;
  if (warnings > 0) lines.push(`提示 ${warnings} 条（见 --json 的 problems 或结果工作簿的「校验问题」）。`);
  if (out) lines.push('', `已写入：${out.file}（新增工作表：${out.sheets.join('、')}）`);
  return lines.join('\n') + '\n';
}
