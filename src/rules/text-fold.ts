/**
 * The one folding used to MATCH text (docs/rules.md §1.8): county names (温政办函〔2023〕28号 第四条、
 * 第七条), list and enterprise names (温政办〔2023〕88号 附件1 附加分; 温政办〔2023〕89号), credit codes
 * (GB 32100) and family ids (温政办〔2023〕90号 三、（五）, look-alike check). What is shown is never
 * folded: names, counties and ids are written back exactly as typed.
 */

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
/** Every space: \s covers the ideographic, no-break and en/em spaces; the zero-width space is extra. */
const SPACES = /[\s\u200B]+/g;

/** Full-width ASCII (！–～) to its half-width form; nothing else changed. */
export function foldFullWidth(text: string): string {
  return text.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** foldFullWidth, then every space removed: the key two texts are compared by. Never shown. */
export function foldedKey(text: string): string {
  return foldFullWidth(text).replace(SPACES, '');
}
