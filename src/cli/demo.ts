/**
 * `wzpolicy demo`: every calculator on the bundled example workbooks (examples/*.xlsx), result
 * workbooks written to the output folder, and a short readable summary built from the typed
 * reports (src/calculators/report.ts, the JSON of docs/interfaces.md) — tier counts and money
 * checks as the calculators made them, not derived again here.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { calculatorFor } from '../calculators';
import type { CalculatorKind, CalculationOutcome } from '../calculators/types';
import { Decimal, groupDigits } from '../exact/decimal';
import { reportOf, type HqRatingReport, type ReliefReport, type WaterFundReport } from '../calculators/report';
import { describeProblem, hasErrors } from '../sheets/problem';
import { runCalculation } from '../app/run-calculation';
import { CliIo, UsageError, readInputFile, writeOutputFile, loadInputWorkbook } from './io';
import { nodeZipCodec } from '../workbook/xlsx-package/node-codec';
import { preparePackageCopy, saveCopyAsPieces } from '../workbook/xlsx-package/save-copy';

export const EXAMPLES: Array<{ kind: CalculatorKind; file: string; out: string; extraSheets?: Record<string, string> }> = [
  { kind: 'hq-rating', file: '总部企业星级评定-示例.xlsx', out: '总部企业星级评定-结果.xlsx' },
  { kind: 'water-fund', file: '水源地补偿资金-示例.xlsx', out: '水源地补偿资金-结果.xlsx', extraSheets: { whatIfGrid: '用水量测算' } },
  { kind: 'relief', file: '医保纾困-示例.xlsx', out: '医保纾困-结果.xlsx' },
];

/** The project folder (holding package.json and examples/), from the compiled or the source file. */
export function projectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'examples'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start, '..', '..');
    dir = up;
  }
}

/** 1234567.5 → "1,234,567.5" (display only). */
export const grouped = (value: string): string => groupDigits(value);

const two = (v: unknown): string => (typeof v === 'string' ? new Decimal(v).toFixed(2) : '—');
const money = (v: unknown): string => (typeof v === 'string' ? grouped(v) : '—');
const pad = (s: string, width: number): string => {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(0, width - w));
};

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function hqLines(report: HqRatingReport): string[] {
  const results = report.results ?? [];
  const excluded = report.excluded ?? [];
  const lines = [`参评 ${results.length} 家${excluded.length ? `，取消资格不评级 ${excluded.length} 家（${excluded.map((e) => `${e.name}：${e.reason}`).join('；')}）` : ''}`];
  lines.push('前五名：');
  for (const r of results.slice(0, 5)) {
    lines.push(`  第 ${r.rank} 名 ${'★'.repeat(r.stars)} ${r.name}  ${two(r.total)} 分${r.tied ? '（并列）' : ''}`);
  }
  // The tiers as the calculator counted them (report.tierCounts, the edition's bands).
  lines.push(`星级分布：${(report.tierCounts ?? []).map((t) => `${t.label} ${t.count} 家`).join('、')}`);
  return lines;
}

function waterLines(report: WaterFundReport): string[] {
  const lines = [`${pad('县（市、区）', 14)}${pad('基础部分', 16)}${pad('奖励部分', 14)}合计（元）`];
  for (const r of report.results ?? []) {
    lines.push(`${pad(r.county, 14)}${pad(money(r.base), 16)}${pad(money(r.reward), 14)}${money(r.total)}`);
  }
  // The sums as the calculator checked them (report.check: expected against published).
  const c = report.check;
  const mark = (m: { expected: string; ok: boolean } | undefined) => (!m ? '—' : m.ok ? '✓' : `✗（应为 ${grouped(m.expected)}）`);
  lines.push(`合计：基础部分 ${money(c?.base.published)} ${mark(c?.base)}  奖励部分 ${money(c?.reward.published)} ${mark(c?.reward)}  总额 ${money(c?.total.published)} ${mark(c?.total)}`);
  const whatIf = report.whatIf as { rows?: Json[]; total?: string; check?: { expected: string; ok: boolean } } | undefined;
  const rows = list(whatIf?.rows);
  if (whatIf && rows.length > 0) {
    const changes = rows
      .filter((r) => typeof r.difference === 'string' && !new Decimal(r.difference as string).isZero())
      .sort((a, b) => new Decimal(b.difference as string).abs().comparedTo(new Decimal(a.difference as string).abs()))
      .slice(0, 3)
      .map((r) => `${r.district} ${String(r.difference).startsWith('-') ? '' : '+'}${money(r.difference)}`);
    lines.push(`第六条用水区域分担测算（按「用水量测算」表）：合计 ${money(whatIf.total)} ${mark(whatIf.check)}${changes.length ? `；与现行分担相比变化最大：${changes.join('、')}` : ''}`);
  }
  return lines;
}

function reliefLines(report: ReliefReport): string[] {
  const counties = report.counties ?? [];
  const lines = [`${pad('县（市、区）', 14)}${pad('家庭数', 8)}${pad('获纾困', 8)}${pad('纾困金额（元）', 16)}${pad('市级基金承担', 14)}地方配套`];
  for (const c of counties) {
    // JSON counties[].pilot (docs/interfaces.md): a non-pilot county is paid locally (docs/rules.md §3).
    lines.push(`${pad(c.county + (c.pilot === false ? '（非试点）' : ''), 14)}${pad(String(c.families), 8)}${pad(String(c.relieved), 8)}${pad(money(c.relief), 16)}${pad(money(c.cityFund), 14)}${money(c.localMatch)}`);
  }
  lines.push(`纾困总额：${money(report.total)} 元${counties.some((c) => c.pilot === false) ? '（非试点县（市、区）全部由地方配套，市级基金承担 0）' : ''}`);
  return lines;
}

function summaryLines(outcome: CalculationOutcome): string[] {
  const report = reportOf(outcome);
  try {
    if (report.kind === 'hq-rating') return hqLines(report);
    if (report.kind === 'water-fund') return waterLines(report);
    return reliefLines(report);
  } catch {
    return outcome.summary;
  }
}

/** A path relative to the current folder when inside it, else absolute. */
function shownPath(io: CliIo, p: string): string {
  const rel = path.relative(io.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

export async function runDemo(io: CliIo, outDir: string, root: string = projectRoot()): Promise<number> {
  const today = io.today();
  let code = 0;
  for (const ex of EXAMPLES) {
    const calc = calculatorFor(ex.kind)!;
    const input = path.join(root, 'examples', ex.file);
    if (!existsSync(input)) throw new UsageError(`找不到示例工作簿 ${input}（可运行 npm run examples 重新生成）。`);
    // Written like `--out`: the result sheets (with their charts) inserted into the example's own
    // package, ExcelJS only as the fallback (xlsx-package/save-copy.ts).
    const book = await loadInputWorkbook(await readInputFile(input), input);
    const copy = preparePackageCopy(book, nodeZipCodec());
    const settings = calc.settingsFrom({}, today);
    if (!settings.ok) throw new UsageError(settings.message);
    const run = await runCalculation(book, { calculator: calc, settings: settings.settings, defaultSheet: book.firstSheetName(), write: true, extraSheets: ex.extraSheets });
    if (!run.ok) throw new UsageError(run.message);
    io.stdout(`\n【${calc.title}】${run.outcome.policy}\n  输入：${shownPath(io, input)}\n`);
    if (hasErrors(run.outcome.problems)) {
      code = 1;
      for (const p of run.outcome.problems) io.stdout(`  ${describeProblem(p)}\n`);
      continue;
    }
    const outFile = path.join(outDir, ex.out);
    await writeOutputFile(outFile, (await saveCopyAsPieces(book, copy, 'xlsx')).pieces);
    for (const line of summaryLines(run.outcome)) io.stdout(`  ${line}\n`);
    const warnings = run.outcome.problems.filter((p) => p.severity === 'warning').length;
    if (warnings) io.stdout(`  提示 ${warnings} 条，见结果工作簿的「校验问题」表。\n`);
    io.stdout(`  结果：${shownPath(io, outFile)}（新增工作表：${run.written.join('、')}）\n`);
  }
  return code;
}
