/**
 * A streaming XML tokenizer for package parts: text arrives in chunks (as it is inflated) and
 * comes out as start tags, end tags and text, so a 200 MB sheet is never held as one string.
 * Only what SpreadsheetML parts use: elements, attributes, text, the five predefined entities and
 * character references, CDATA, comments and processing instructions. A DOCTYPE is refused — a
 * package part never has one, and a DTD is how entity-expansion bombs ("billion laughs") work.
 *
 * Element names are handed over without their prefix (`x:c` → `c`): readers match SpreadsheetML
 * elements by local name, as files written with a prefixed main namespace need.
 */
import { NotAnXlsxError } from '../load-errors';

export interface XmlHandler {
  /** True while the handler wants text: text outside it is skipped without being sliced. */
  wantText: boolean;
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /**
   * Raw text (entities not decoded; CDATA content comes re-escaped, so one decodeText call
   * serves both). One run of text may arrive in several pieces.
   */
  text(raw: string): void;
}

/** A part that is not well-formed enough to read (a usage error naming the part). */
export class MalformedPartError extends NotAnXlsxError {
  readonly exitCode = 2;
  constructor(part: string, what: string) {
    super(`工作簿的部件 ${part} 不是有效的 XML（${what}），文件可能已损坏；请在 Excel 中打开并另存为 .xlsx 后重试。`);
    this.name = 'MalformedPartError';
  }
}

// A start tag: local name (after any prefix), attributes (quoted values may hold '>' and '/'), optional '/'.
const START_TAG = /<(?:[^\s/>:]+:)?([^\s/>:]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
/** A start tag longer than this without its '>' is malformed, not merely cut by a chunk boundary. */
const MAX_TAG = 8 * 1024 * 1024;

const localName = (name: string): string => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

export class XmlScanner {
  private buf = '';

  constructor(private readonly handler: XmlHandler, private readonly part: string) {}

  feed(chunk: string): void {
    this.buf = this.buf.length > 0 ? this.buf + chunk : chunk;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
  }

  private malformed(what: string): MalformedPartError {
    return new MalformedPartError(this.part, what);
  }

  private scan(final: boolean): void {
    const s = this.buf;
    const h = this.handler;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        if (h.wantText) h.text(s.slice(pos));
        pos = n;
        break;
      }
      if (lt > pos && h.wantText) h.text(s.slice(pos, lt));
      pos = lt;
      if (lt + 1 >= n) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) break;
        const raw = s.slice(lt + 2, gt);
        h.close(localName(s.charCodeAt(gt - 1) <= 32 ? raw.trim() : raw));
        pos = gt + 1;
        continue;
      }
      if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) break;
          pos = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) break;
          if (h.wantText) h.text(s.slice(lt + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
          pos = e + 3;
          continue;
        }
        if (n - lt < 9 && !final) break; // too short yet to tell which
        throw this.malformed(s.startsWith('<!DOCTYPE', lt) ? '含有 DOCTYPE 声明' : '无法识别的 <! 标记');
      }
      if (c === 63 /* ? */) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) break;
        pos = e + 2;
        continue;
      }
      START_TAG.lastIndex = lt;
      const m = START_TAG.exec(s);
      if (!m) {
        if (!final && n - lt < MAX_TAG) break;
        throw this.malformed(`第 ${lt} 个字符处的标记无法解析`);
      }
      h.open(m[1], m[2], m[3] === '/');
      pos = START_TAG.lastIndex;
    }
    this.buf = pos >= n ? '' : s.slice(pos);
    if (final && this.buf.length > 0) throw this.malformed('内容不完整');
  }
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#x([0-9A-Fa-f]{1,8})|#([0-9]{1,10}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(n: number): string {
  // XML forbids these as characters; a reference to one is read as U+FFFD rather than failing.
  if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) || n === 0) return '\uFFFD';
  return String.fromCodePoint(n);
}

/**
 * Element text as an XML parser gives it: line ends normalised (CR LF and CR to LF), then
 * entities and character references decoded (so &#13; survives as CR). Unknown entities stay
 * as written.
 */
export function decodeText(raw: string): string {
  let s = raw;
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, named: string | undefined, hex: string | undefined, dec: string | undefined) =>
    named ? NAMED[named] : codePoint(hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10)));
}

/** An attribute value as an XML parser gives it: white space normalised to spaces, then decoded. */
export function decodeAttr(raw: string): string {
  let s = raw;
  if (/[\t\n\r]/.test(s)) s = s.replace(/\r\n?|[\t\n]/g, ' ');
  return s.includes('&') ? decodeText(s) : s;
}

const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a start tag's attribute text, by qualified name, decoded. */
export function attrs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text.length === 0) return out;
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(text)) !== null) out.set(m[1], decodeAttr(m[2] ?? m[3] ?? ''));
  return out;
}

/** One attribute by qualified name (decoded), or undefined. */
export function attr(text: string, name: string): string | undefined {
  if (text.length === 0) return undefined;
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(text)) !== null) if (m[1] === name) return decodeAttr(m[2] ?? m[3] ?? '');
  return undefined;
}

/**
 * A string that does not keep a larger one alive: V8 represents a slice of 13+ characters as a
 * view into its parent (here a 256 KB chunk of XML), so a million stored slices would keep the
 * whole sheet's text in memory. Concatenating first makes the parent the small new string.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
