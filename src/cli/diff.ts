/**
 * `wzpolicy diff <earlier-result.xlsx> <later-result.xlsx> [--out OUT.xlsx] [--json]`
 * (docs/interfaces.md「6」): two result workbooks written by this tool, found by the `_wzpolicy.*`
 * defined names that mark the sheets a run created (docs/interfaces.md「4」); the latest calculation
 * run of each workbook is compared. JSON {"kind": "diff", …}; --out writes a new workbook with the
 * sheet 前后对比. A workbook without such results, or two different calculations: usage error (2).
 */
import * as path from 'path';
import type { Command } from 'commander';
import { diffResults, diffSheet, type DiffReport, type DiffSide } from '../calculators/diff';
import type { CalculatorKind } from '../calculators/types';
import { readParameterSheet, readResultRows, type ResultRows } from '../sheets/result-read';
import type { ExcelJsWorkbook } from '../workbook/exceljs-workbook';
import { CliIo, UsageError, exists, loadWorkbook, readInputFile, resolvePath, samePath, writeOutputFile } from './io';
import { writeJsonDocument } from './json-out';

const CALCULATIONS: readonly CalculatorKind[] = ['hq-rating', 'water-fund', 'relief'];
const TITLES: Record<CalculatorKind, string> = { 'hq-rating': '总部企业星级评定', 'water-fund': '饮用水水源地生态保护补偿资金', relief: '医保纾困专项保障' };

interface DiffOptions {
  out?: string;
  json?: boolean;
  force?: boolean;
}

export function registerDiffCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('diff')
    .description('前后对比：比较本工具写出的两份结果工作簿（如两次评定、两个资金年度），列出升星、降星、新进、退出或各县金额变化')
    .argument('<earlier-result.xlsx>', '较早的结果工作簿')
    .argument('<later-result.xlsx>', '较晚的结果工作簿')
    .option('--out <OUT.xlsx>', '写出带「前后对比」表的新工作簿')
    .option('--json', '在标准输出上只打印一个 JSON 文档')
    .option('--force', '--out 的文件已存在时覆盖它（默认不覆盖）')
    .action(async (earlier: string, later: string, opts: DiffOptions) => {
      setCode(await runDiff(io, earlier, later, opts));
    });
}

/** The rows of the latest calculation run marked in a result workbook, and where they came from. */
export async function latestResult(book: ExcelJsWorkbook, file: string): Promise<{ rows: ResultRows; side: DiffSide }> {
  const tagged = book.createdSheets().filter((t) => (CALCULATIONS as readonly string[]).includes(t.tag.calculator));
  if (tagged.length === 0) {
    throw new UsageError(`${file} 不是本工具写出的结果工作簿：其中没有本工具标记（定义名称 _wzpolicy.*）的星级评定结果、补偿资金分配或纾困县区汇总表。`);
  }
  const lastRun = Math.max(...tagged.map((t) => t.run));
  const run = tagged.filter((t) => t.run === lastRun);
  let found: { rows: ResultRows; sheet: string } | null = null;
  let parameters: { document: string | null; draft: string | null } = { document: null, draft: null };
  for (const t of run) {
    const grid = await book.readSheet(t.sheet);
    const rows: ResultRows | null = found ? null : readResultRows(grid);
    if (rows) found = { rows, sheet: t.sheet };
    const p = readParameterSheet(grid);
    if (p.document || p.draft) parameters = { document: parameters.document ?? p.document, draft: parameters.draft ?? p.draft };
  }
  if (!found) throw new UsageError(`${file} 中本工具最近一次写出的工作表（${run.map((t) => `「${t.sheet}」`).join('、')}）里找不到结果表，可能已被改动。`);
  return {
    rows: found.rows,
    side: { file, sheet: found.sheet, runAt: run[0].tag.runAt, sourceSheet: run[0].tag.sourceSheet, policy: parameters.document, draft: parameters.draft },
  };
}

async function runDiff(io: CliIo, earlierArg: string, laterArg: string, opts: DiffOptions): Promise<number> {
  const earlierPath = resolvePath(io, earlierArg);
  const laterPath = resolvePath(io, laterArg);
  const outPath = opts.out !== undefined ? resolvePath(io, opts.out) : undefined;
  if (outPath !== undefined) {
    if (opts.out!.trim() === '') throw new UsageError('--out 需要一个文件名。');
    if (await samePath(earlierPath, outPath) || await samePath(laterPath, outPath)) throw new UsageError('--out 不能与输入文件相同：本工具从不修改输入文件，请另给一个输出文件名。');
    if (!/\.xlsx$/i.test(outPath)) throw new UsageError(`输出文件名应以 .xlsx 结尾：${opts.out}。`);
    if (!opts.force && await exists(outPath)) throw new UsageError(`输出文件已存在：${opts.out}。如确要覆盖，请加 --force；否则请另给一个文件名。`);
  }
  const open = async (p: string) => loadWorkbook(await readInputFile(p), p);
  const earlier = await latestResult(await open(earlierPath), earlierArg);
  const later = await latestResult(await open(laterPath), laterArg);
  if (earlier.rows.kind !== later.rows.kind) {
    throw new UsageError(`两份结果不是同一项测算：${earlierArg} 是${TITLES[earlier.rows.kind]}，${laterArg} 是${TITLES[later.rows.kind]}。`);
  }
  const report = diffResults(earlier.rows, later.rows, { earlier: earlier.side, later: later.side });
  let out: { file: string; sheets: string[] } | undefined;
  if (outPath !== undefined) {
    const { ExcelJsWorkbook } = await import('../workbook/exceljs-workbook');
    const book = ExcelJsWorkbook.create();
    const names = await book.addSheets([diffSheet(report)], { sourceSheet: '', calculator: `diff-${report.calculation}`, runAt: new Date().toISOString() });
    await writeOutputFile(outPath, await book.save());
    out = { file: outPath, sheets: names };
  }
  if (opts.json) writeJsonDocument(out ? { ...report, output: out } : report, (t) => io.stdout(t));
  else io.stdout(diffText(report, out));
  return 0;
}

/** The readable Chinese report of a diff. */
export function diffText(report: DiffReport, out?: { file: string; sheets: string[] }): string {
  const side = (s: DiffSide) => `${path.basename(s.file)}「${s.sheet}」（${s.runAt.slice(0, 10)}${s.policy ? `，${s.policy}` : ''}${s.draft ? `，草案版本 ${s.draft}` : ''}）`;
  const lines = [`${TITLES[report.calculation]} 前后对比`, `前：${side(report.earlier)}`, `后：${side(report.later)}`, ''];
  if (report.calculation === 'hq-rating') {
    const c = report.counts;
    lines.push(`升星 ${c.up} 家、降星 ${c.down} 家、新进 ${c.new} 家、退出 ${c.gone} 家、星级不变 ${c.same} 家。`);
    for (const e of report.entries as Array<{ name: string; change: string; earlier: { stars: number; rank: number } | null; later: { stars: number; rank: number } | null }>) {
      if (e.change === 'same') continue;
      lines.push(`  ${e.name}：${e.earlier ? `第 ${e.earlier.rank} 名 ${'★'.repeat(e.earlier.stars)}` : '（无）'} → ${e.later ? `第 ${e.later.rank} 名 ${'★'.repeat(e.later.stars)}` : '（无）'}`);
    }
  } else {
    for (const e of report.entries as Array<{ county: string; difference: string }>) lines.push(`  ${e.county}：差额 ${e.difference} 元`);
    if (report.sums) lines.push(`合计：前 ${report.sums.earlier} 元 → 后 ${report.sums.later} 元，差额 ${report.sums.difference} 元 ${report.sums.ok ? '✓' : '✗'}`);
  }
  if (out) lines.push('', `已写入：${out.file}（工作表：${out.sheets.join('、')}）`);
  return lines.join('\n') + '\n';
}
