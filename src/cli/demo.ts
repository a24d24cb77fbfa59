/**
 * `wzpolicy demo`: every calculator on the bundled example workbooks (examples/*.xlsx), result
 * workbooks written to the output folder, and a short readable summary built from the JSON
 * documents of docs/interfaces.md (so it does not depend on any calculator's wording).
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { calculatorFor } from '../calculators';
import type { CalculatorKind, CalculationOutcome } from '../calculators/types';
import { Decimal, groupDigits } from '../exact/decimal';
import { WAN } from '../exact/money';
import { editionForFundYear } from '../policies/registry';
import { describeProblem, hasErrors } from '../sheets/problem';
import { runCalculation } from '../app/run-calculation';
import { CliIo, UsageError, readInputFile, writeOutputFile, loadWorkbook } from './io';

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
const check = (actual: unknown, expected: Decimal): string =>
  typeof actual === 'string' && new Decimal(actual).equals(expected) ? '✓' : `✗（应为 ${grouped(expected.toFixed())}）`;
const pad = (s: string, width: number): string => {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFFF]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(0, width - w));
};

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function hqLines(json: Json): string[] {
  const results = list(json.results);
  const excluded = list(json.excluded);
  const lines = [`参评 ${results.length} 家${excluded.length ? `，取消资格不评级 ${excluded.length} 家（${excluded.map((e) => `${e.name}：${e.reason}`).join('；')}）` : ''}`];
  lines.push('前五名：');
  for (const r of results.slice(0, 5)) {
    lines.push(`  第 ${r.rank} 名 ${'★'.repeat(Number(r.stars) || 0)} ${r.name}  ${two(r.total)} 分${r.tied ? '（并列）' : ''}`);
  }
  const counts = new Map<number, number>();
  for (const r of results) counts.set(Number(r.stars), (counts.get(Number(r.stars)) ?? 0) + 1);
  const names = ['', '一星级', '二星级', '三星级', '四星级', '五星级'];
  lines.push(`星级分布：${[5, 4, 3, 2, 1].map((s) => `${names[s]} ${counts.get(s) ?? 0} 家`).join('、')}`);
  return lines;
}

function waterLines(json: Json): string[] {
  // The edition of the fund year the calculation reports (docs/rules.md §2 资金年度).
  const { edition } = editionForFundYear('water-fund', Number((json.settings as Json | undefined)?.fundYear));
  const p = edition.parameters;
  const base = new Decimal(p.baseTotalWan.value).times(WAN);
  const reward = new Decimal(p.rewardTotalWan.value).times(WAN);
  const total = base.plus(reward);
  const lines = [`${pad('县（市、区）', 14)}${pad('基础部分', 16)}${pad('奖励部分', 14)}合计（元）`];
  for (const r of list(json.results)) {
    lines.push(`${pad(String(r.county), 14)}${pad(money(r.base), 16)}${pad(money(r.reward), 14)}${money(r.total)}`);
  }
  const totals = (json.totals ?? {}) as Json;
  lines.push(`合计：基础部分 ${money(totals.base)} ${check(totals.base, base)}  奖励部分 ${money(totals.reward)} ${check(totals.reward, reward)}  总额 ${money(totals.total)} ${check(totals.total, total)}`);
  const whatIf = json.whatIf as Json | undefined;
  const rows = list(whatIf?.rows);
  if (rows.length > 0) {
    const districts = p.districtSharesWan.value.reduce((acc, d) => acc.plus(d.amount), new Decimal(0)).times(WAN);
    const amounts = rows.map((r) => (typeof r.amount === 'string' ? new Decimal(r.amount) : new Decimal(0)));
    const sumAmounts = amounts.reduce((a, b) => a.plus(b), new Decimal(0));
    const changes = rows
      .filter((r) => typeof r.difference === 'string' && !new Decimal(r.difference as string).isZero())
      .sort((a, b) => new Decimal(b.difference as string).abs().comparedTo(new Decimal(a.difference as string).abs()))
      .slice(0, 3)
      .map((r) => `${r.district} ${String(r.difference).startsWith('-') ? '' : '+'}${money(r.difference)}`);
    lines.push(`第六条用水区域分担测算（按「用水量测算」表）：合计 ${grouped(sumAmounts.toFixed())} ${check(sumAmounts.toFixed(), districts)}${changes.length ? `；与现行分担相比变化最大：${changes.join('、')}` : ''}`);
  }
  return lines;
}

function reliefLines(json: Json): string[] {
  const lines = [`${pad('县（市、区）', 14)}${pad('家庭数', 8)}${pad('获纾困', 8)}${pad('纾困金额（元）', 16)}${pad('市级资金', 14)}地方配套`];
  for (const c of list(json.counties)) {
    // JSON counties[].pilot (docs/interfaces.md): a non-pilot county is paid locally (docs/rules.md §3).
    lines.push(`${pad(String(c.county) + (c.pilot === false ? '（非试点）' : ''), 14)}${pad(String(c.families), 8)}${pad(String(c.relieved), 8)}${pad(money(c.relief), 16)}${pad(money(c.cityFund), 14)}${money(c.localMatch)}`);
  }
  lines.push(`纾困总额：${money(json.total)} 元${list(json.counties).some((c) => c.pilot === false) ? '（非试点县（市、区）全部由地方承担，市级资金 0）' : ''}`);
  return lines;
}

function summaryLines(kind: CalculatorKind, outcome: CalculationOutcome): string[] {
  try {
    if (kind === 'hq-rating') return hqLines(outcome.json);
    if (kind === 'water-fund') return waterLines(outcome.json);
    return reliefLines(outcome.json);
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
    const book = await loadWorkbook(await readInputFile(input), input);
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
    await writeOutputFile(outFile, await book.save());
    for (const line of summaryLines(ex.kind, run.outcome)) io.stdout(`  ${line}\n`);
    const warnings = run.outcome.problems.filter((p) => p.severity === 'warning').length;
    if (warnings) io.stdout(`  提示 ${warnings} 条，见结果工作簿的「校验问题」表。\n`);
    io.stdout(`  结果：${shownPath(io, outFile)}（新增工作表：${run.written.join('、')}）\n`);
  }
  return code;
}
