/** The readable Chinese report a calculation command prints without --json. */
import type { AnyCalculator } from '../calculators';
import type { CalculationOutcome } from '../calculators/types';
import { reportOf } from '../calculators/report';
import { describeProblem, hasErrors } from '../sheets/problem';

export interface ReportContext {
  calculator: AnyCalculator;
  input: string;
  sheet: string;
  outcome: CalculationOutcome;
  out?: { file: string; sheets: string[] };
}

const MAX_WARNINGS_SHOWN = 50;

export function textReport(ctx: ReportContext): string {
  const { calculator, outcome } = ctx;
  const lines: string[] = [];
  // The edition as the report names it: a draft edition (--edition) is said with its file.
  const draft = (reportOf(outcome) as { edition?: { draft?: { file: string } } }).edition?.draft;
  lines.push(`${calculator.title}（${outcome.policy}${draft ? `，草案版本 ${draft.file}，不是现行政策文件` : ''}）`);
  lines.push(`输入：${ctx.input} 工作表「${ctx.sheet}」`);
  const errors = outcome.problems.filter((p) => p.severity === 'error');
  const warnings = outcome.problems.filter((p) => p.severity === 'warning');
  if (hasErrors(outcome.problems)) {
    lines.push('');
    lines.push(`输入有 ${errors.length} 处错误，未计算，也未写入任何文件。请改正后重试：`);
    for (const p of errors) lines.push(`  ${describeProblem(p)}`);
    if (warnings.length > 0) {
      lines.push(`另有 ${warnings.length} 条提示：`);
      for (const p of warnings.slice(0, MAX_WARNINGS_SHOWN)) lines.push(`  ${describeProblem(p)}`);
    }
    return lines.join('\n') + '\n';
  }
  if (outcome.summary.length > 0) {
    lines.push('');
    for (const s of outcome.summary) lines.push(`  ${s}`);
  }
  if (warnings.length > 0) {
    lines.push('');
    lines.push(`提示 ${warnings.length} 条（不影响计算，请核实）：`);
    for (const p of warnings.slice(0, MAX_WARNINGS_SHOWN)) lines.push(`  ${describeProblem(p)}`);
    if (warnings.length > MAX_WARNINGS_SHOWN) lines.push(`  ……其余 ${warnings.length - MAX_WARNINGS_SHOWN} 条见结果工作簿的「校验问题」表。`);
  }
  lines.push('');
  if (ctx.out) {
    lines.push(`已写入 ${ctx.out.file}，新增工作表：${ctx.out.sheets.map((s) => `「${s}」`).join('、')}（原有工作表未改动）。`);
  } else {
    lines.push('未写文件：加 --out 结果.xlsx 把结果表写入工作簿副本，或加 --json 输出全部结果。');
  }
  return lines.join('\n') + '\n';
}
