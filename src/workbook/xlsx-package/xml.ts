/**
 * Small XML helpers for editing package parts as text. The parts are edited by inserting
 * elements before known closing tags, never by re-serialising them, so everything the writer
 * does not understand stays exactly as it was.
 */
import { UnsupportedPackageError } from './zip';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** A part's text (UTF-8 only: a UTF-16 part is left to the fallback). */
export function partText(data: Uint8Array, name: string): string {
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) throw new UnsupportedPackageError(`${name} is UTF-16`);
  try {
    return decoder.decode(data);
  } catch {
    throw new UnsupportedPackageError(`${name} is not UTF-8`);
  }
}

export const utf8Bytes = (s: string): Uint8Array => encoder.encode(s);

/**
 * Text for element content or an attribute value: the five XML escapes, characters XML 1.0
 * cannot carry as Excel writes them (_xHHHH_), a literal "_xHHHH_" escaped as "_x005F_xHHHH_",
 * and unpaired surrogates replaced by U+FFFD.
 */
export function escapeXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/.test(s)) return s;
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values and text as a reader sees them (entities and character references). */
export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** The attributes of a start tag such as `<sheet name="a" sheetId="1" r:id="rId1"/>`. */
export function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], unescapeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/** The root element of a part: its name's prefix ("" or "x:"), its start tag and where it ends. */
export function rootElement(xml: string, local: string): { prefix: string; tag: string; end: number } {
  const re = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[0].startsWith('<?') || m[0].startsWith('<!')) continue;
    if (m[2] !== local) throw new UnsupportedPackageError(`root element ${m[2]}, expected ${local}`);
    return { prefix: m[1] ?? '', tag: m[0], end: m.index + m[0].length };
  }
  throw new UnsupportedPackageError(`no ${local} element`);
}

/** The namespace a prefix ("" or "x:") is bound to on a start tag, if declared there. */
export function namespaceOf(tag: string, prefix: string): string | undefined {
  return attributes(tag).get(prefix ? `xmlns:${prefix.slice(0, -1)}` : 'xmlns');
}

/** The prefix bound to a namespace URI on a start tag ("r:"), or null. */
export function prefixFor(tag: string, uri: string): string | null {
  for (const [k, v] of attributes(tag)) if (v === uri && k.startsWith('xmlns:')) return `${k.slice(6)}:`;
  return null;
}

export interface Section {
  /** Index of the start tag. */
  start: number;
  /** The start tag (e.g. `<fonts count="2">`), or the whole empty element `<fonts/>`. */
  open: string;
  /** Index just after the start tag. */
  contentStart: number;
  /** Index of the end tag (== contentStart for an empty element). */
  contentEnd: number;
  /** Index after the end tag. */
  end: number;
  empty: boolean;
}

/** The first element `<prefix+name …>…</prefix+name>` (or `<… />`) at or after `from`. */
export function findSection(xml: string, prefix: string, name: string, from = 0): Section | null {
  const re = new RegExp(`<${escapeRe(prefix + name)}(?=[\\s/>])[^>]*>`, 'g');
  re.lastIndex = from;
  const m = re.exec(xml);
  if (!m) return null;
  const start = m.index;
  const contentStart = start + m[0].length;
  if (m[0].endsWith('/>')) return { start, open: m[0], contentStart, contentEnd: contentStart, end: contentStart, empty: true };
  const close = `</${prefix}${name}>`;
  const contentEnd = xml.indexOf(close, contentStart);
  if (contentEnd < 0) throw new UnsupportedPackageError(`unclosed ${name}`);
  return { start, open: m[0], contentStart, contentEnd, end: contentEnd + close.length, empty: false };
}

/** The start tags of the child elements named `prefix+name` in a text (not their contents). */
export function startTags(xml: string, prefix: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${escapeRe(prefix + name)}(?=[\\s/>])[^>]*>`, 'g'))].map((m) => m[0]);
}

/** Replace (or add) one attribute of a start tag. */
export function setAttribute(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${escapeRe(name)}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, `$1"${escapeXml(value)}"`);
  const close = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
  return `${tag.slice(0, close)} ${name}="${escapeXml(value)}"${tag.slice(close)}`;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Insert `children` at the end of a section's content, returning the new text. An empty
 * element `<x/>` becomes `<x>children</x>`; the start tag may be rewritten by `open`.
 */
export function appendToSection(xml: string, s: Section, prefix: string, name: string, children: string, open: (tag: string) => string = (t) => t): string {
  if (s.empty) {
    const tag = open(s.open.replace(/\s*\/>$/, '>'));
    return `${xml.slice(0, s.start)}${tag}${children}</${prefix}${name}>${xml.slice(s.end)}`;
  }
  return `${xml.slice(0, s.start)}${open(s.open)}${xml.slice(s.contentStart, s.contentEnd)}${children}${xml.slice(s.contentEnd)}`;
}
