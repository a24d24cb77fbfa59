/**
 * Part names as Open Packaging Conventions define them (ECMA-376 Part 2 §6.2.2, §9.1): a zip
 * entry "xl/worksheets/sheet1.xml" is the part /xl/worksheets/sheet1.xml; segments are non-empty,
 * never "." or "..", never end with a dot; names are equal ignoring ASCII case, and no two parts
 * may share a name. A package breaking these rules is refused: a second entry named
 * "../xl/worksheets/sheet1.xml" or "XL/Worksheets/Sheet1.xml" is how a shadow sheet gets in —
 * one reader shows the real sheet, another the shadow (issue 8 item 5). Parts are then found
 * only through relationships, resolved relative to their source part, never by guessing paths.
 */
import type { ZipEntry } from './zip';
import { NotAnXlsxError } from '../load-errors';

/** A package with conflicting, escaping or malformed part names (a usage error). */
export class PartNameError extends NotAnXlsxError {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'PartNameError';
  }
}

const shown = (name: string): string => `「${name.length > 80 ? `${name.slice(0, 80)}…` : name}」`;

const REFUSED = '：该工作簿可能被篡改或由有缺陷的程序生成，已拒绝读取；请在 Excel 中打开并另存为 .xlsx 后重试。';

/** Why a zip entry name is not a valid part name, or null. */
function badPartName(name: string): string | null {
  if (name === '') return '空名称';
  if (name.startsWith('/')) return '以 / 开头';
  if (name.includes('\\')) return '含有反斜杠';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return '含有控制字符';
  for (const seg of name.split('/')) {
    if (seg === '') return '含有空路径段';
    if (seg === '.' || seg === '..') return '含有 . 或 .. 路径段';
    if (seg.endsWith('.')) return '路径段以 . 结尾';
  }
  return null;
}

/** The OPC comparison key of a part name (ASCII case folded only, as the standard says). */
export const partKey = (name: string): string => name.replace(/[A-Z]+/g, (s) => s.toLowerCase());

/**
 * Index the entries by part name, refusing a package with an invalid, escaping or duplicate
 * (ignoring case) name, or a part that is also a folder of another ("/a" and "/a/b").
 * Folder entries ("xl/", written by some zip tools) are not parts and are skipped.
 */
export function indexParts(entries: readonly ZipEntry[]): Map<string, ZipEntry> {
  const byKey = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (e.name.endsWith('/') && e.size === 0) continue;
    const bad = badPartName(e.name);
    if (bad) throw new PartNameError(`工作簿中有名称无效的部件${shown(e.name)}（${bad}）${REFUSED}`);
    const key = partKey(e.name);
    const other = byKey.get(key);
    if (other) throw new PartNameError(`工作簿中有两个名称相同（不区分大小写）的部件${shown(other.name)}和${shown(e.name)}${REFUSED}`);
    byKey.set(key, e);
  }
  for (const key of byKey.keys()) {
    for (let i = key.indexOf('/'); i > 0; i = key.indexOf('/', i + 1)) {
      const folder = byKey.get(key.slice(0, i));
      if (folder) throw new PartNameError(`工作簿中的部件${shown(folder.name)}同时又是另一部件${shown(byKey.get(key)!.name)}的文件夹${REFUSED}`);
    }
  }
  return byKey;
}

/** The folder of a part ("xl/" for "xl/workbook.xml", "" at the root). */
export function folderOf(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? '' : part.slice(0, i + 1);
}

/** The relationships part of a part: xl/_rels/workbook.xml.rels for xl/workbook.xml. */
export function relsPartOf(part: string): string {
  const dir = folderOf(part);
  return `${dir}_rels/${part.slice(dir.length)}.rels`;
}

/** A resolved target with its percent escapes decoded (a space written %20), or null when it has none. */
export function decodedTarget(part: string): string | null {
  if (!part.includes('%')) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * A relationship target (a relative URI) as a part name, relative to the source part's folder.
 * A target climbing above the package root is refused (OPC: it does not name a part of the
 * package; a lenient reader would quietly clip it to the root and read another part).
 */
export function resolveTarget(sourcePart: string, target: string): string {
  let t = target.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(t)) throw new PartNameError(`关系目标${shown(target)}（来自${shown(sourcePart)}）不是包内的部件${REFUSED}`);
  const hash = t.indexOf('#');
  if (hash >= 0) t = t.slice(0, hash);
  const absolute = t.startsWith('/');
  const segments = (absolute ? t.slice(1) : `${folderOf(sourcePart)}${t}`).split('/');
  const out: string[] = [];
  for (const seg of segments) {
    if (seg === '..') {
      if (out.length === 0) throw new PartNameError(`关系目标${shown(target)}（来自${shown(sourcePart)}）指向工作簿包之外${REFUSED}`);
      out.pop();
    } else if (seg !== '.' && seg !== '') {
      out.push(seg);
    }
  }
  return out.join('/');
}
