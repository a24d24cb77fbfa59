/**
 * Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], not starting or ending
 * with an apostrophe, unique ignoring case. A taken name gets " (2)", " (3)" … (docs/interfaces.md).
 */
const FORBIDDEN = /[:\\/?*[\]]/g;
export const MAX_SHEET_NAME = 31;

export function cleanSheetName(name: string): string {
  const cleaned = name.replace(FORBIDDEN, '_').replace(/^'+|'+$/g, '').trim();
  return (cleaned || 'Sheet').slice(0, MAX_SHEET_NAME);
}

export function freshSheetName(desired: string, taken: Iterable<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  const base = cleanSheetName(desired);
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}
