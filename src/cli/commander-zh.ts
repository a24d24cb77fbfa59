/**
 * Commander speaks English; officers read Chinese. Usage errors are rewritten from commander's
 * error codes, and the help text's headings are translated.
 */
import { CommanderError } from 'commander';

// Only headings and the text after the aligned columns are translated: commander pads the term
// column by string length, so Chinese placeholders such as [选项] would break the alignment.
const HEADINGS: Array<[RegExp, string]> = [
  [/^Usage: /gm, '用法：'],
  [/^Options:/gm, '选项：'],
  [/^Commands:/gm, '命令：'],
  [/^Arguments:/gm, '参数：'],
  [/\(default: ([^)]*)\)/g, '（默认：$1）'],
  [/\(choices: ([^)]*)\)/g, '（可选：$1）'],
];

export function translateHelp(text: string): string {
  let out = text;
  for (const [re, zh] of HEADINGS) out = out.replace(re, zh);
  return out;
}

function quoted(message: string): string {
  const m = /'([^']*)'/.exec(message);
  return m ? m[1] : '';
}

/** A one-line Chinese message for a commander usage error (without the help hint). */
export function usageMessage(err: CommanderError): string {
  const what = quoted(err.message);
  const suggestion = /Did you mean ([^?]+)\?/.exec(err.message);
  const hint = suggestion ? `（是否想用 ${suggestion[1].trim()}？）` : '';
  switch (err.code) {
    case 'commander.unknownOption':
      return `未知选项 ${what}${hint}。`;
    case 'commander.unknownCommand':
      return `未知命令 ${what}${hint}。`;
    case 'commander.missingArgument':
      return `缺少参数 <${what}>。`;
    case 'commander.optionMissingArgument':
      return `选项 ${what.split(/[ ,]/)[0]} 缺少取值。`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项 ${what.split(/[ ,]/)[0]}。`;
    case 'commander.excessArguments':
      return `参数过多：${err.message.replace(/^error:\s*/, '').replace(/too many arguments( for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (_m, _f, cmd, exp, got) => `${cmd ? `命令 ${cmd} ` : ''}只需要 ${exp} 个参数，却给了 ${got} 个`)}。`;
    case 'commander.invalidArgument':
    case 'commander.invalidOptionArgument':
      return `取值无效：${err.message.replace(/^error:\s*/, '')}。`;
    case 'commander.conflictingOption':
      return `选项冲突：${err.message.replace(/^error:\s*/, '')}。`;
    default:
      return err.message.replace(/^error:\s*/, '');
  }
}
