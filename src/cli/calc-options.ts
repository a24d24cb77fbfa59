/**
 * The options of the calculation commands, built from what each calculator declares
 * (Calculator.options: flag, value, Chinese help text), plus `--edition FILE.json` (a draft edition,
 * docs/interfaces.md「6」) on every calculation and on `compare`. Empty values are usage errors:
 * `--unit ""` would otherwise silently mean the default.
 */
import { promises as fs } from 'fs';
import type { Command } from 'commander';
import type { AnyCalculator } from '../calculators';
import type { CalculatorOption, DraftEditionOf } from '../calculators/types';
import { parseDraftEdition } from '../policies/schema';
import { CliIo, UsageError, resolvePath } from './io';

/** The help text of --edition. */
export const EDITION_HELP = '草案版本文件（JSON，格式同 src/policies/ 中的版本文件）：按该版本代替现行版本计算，结果表注明草案版本和文件名';

/** Add a calculator's declared options to a command. */
export function addCalculatorOptions(cmd: Command, calc: AnyCalculator): Command {
  for (const o of calc.options ?? []) cmd.option(`${o.flag} ${o.value}`, o.help);
  return cmd;
}

const emptyMessage = (o: CalculatorOption): string => o.emptyMessage ?? `${o.flag} 的值不能为空（不写该选项即用默认值）。`;

/**
 * The settings options (as calculator.settingsFrom expects them) and the further sheets (run
 * options) a command's parsed options name. `--sheet ""` and empty declared options are usage errors.
 */
export function settingOptions(calc: AnyCalculator, opts: Record<string, unknown>): {
  settings: Record<string, string | undefined>;
  extraSheets: Record<string, string> | undefined;
} {
  const declared = calc.options ?? [];
  for (const o of declared) {
    const v = opts[o.key];
    if (typeof v === 'string' && v.trim() === '' && !o.emptyMessage) throw new UsageError(emptyMessage(o));
  }
  if (typeof opts.sheet === 'string' && opts.sheet.trim() === '') throw new UsageError('--sheet 的值不能为空（不写该选项即用默认值）。');
  for (const o of declared) {
    const v = opts[o.key];
    if (typeof v === 'string' && v.trim() === '' && o.emptyMessage) throw new UsageError(emptyMessage(o));
  }
  const settings: Record<string, string | undefined> = {};
  let extraSheets: Record<string, string> | undefined;
  for (const o of declared) {
    const v = opts[o.key];
    const value = typeof v === 'string' ? v : undefined;
    if (o.sheetRunOption) {
      if (value !== undefined) (extraSheets ??= {})[o.sheetRunOption] = value;
    } else {
      settings[o.key] = value;
    }
  }
  return { settings, extraSheets };
}

/**
 * Read and validate a draft edition file for `calc` (`--edition FILE.json`): missing, unreadable,
 * not JSON or not a valid edition of this calculation is a usage error naming the file and field.
 */
export async function readDraftEdition(io: CliIo, calc: AnyCalculator, given: string, option = '--edition'): Promise<DraftEditionOf> {
  if (given.trim() === '') throw new UsageError(`${option} 需要一个版本文件（.json）。`);
  const file = resolvePath(io, given);
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new UsageError(`${option} 的版本文件不是普通文件：${given}。`);
    if (stat.size > 10 * 1024 * 1024) throw new UsageError(`${option} 的版本文件过大（超过 10 MB）：${given}。`);
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException)?.code;
    throw new UsageError(code === 'ENOENT' ? `找不到版本文件：${given}（${option}）。` : `无法读取版本文件 ${given}（${option}）：${(e as Error).message}。`);
  }
  const policy = calc.policy ?? 'hq-rating';
  const parsed = parseDraftEdition(policy, text, given);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.draft as DraftEditionOf;
}

/** Settings with the draft edition (or the bundled one, for null). */
export function withDraft<S>(calc: AnyCalculator, settings: S, draft: DraftEditionOf | null): S {
  if (!calc.withDraft) {
    if (draft) throw new UsageError(`${calc.title}不支持 --edition。`);
    return settings;
  }
  return calc.withDraft(settings, draft) as S;
}
