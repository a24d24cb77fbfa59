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
  /**
   * Optional, for handlers that run once per cell: open() with the attribute text given as
   * `src.slice(from, to)` but not sliced, so that a handler reading two or three attributes by hand
   * allocates nothing per tag (a 1,000,000-row sheet has several million tags). Called instead of
   * open() when present; it must act exactly as open(name, src.slice(from, to), selfClosing).
   */
  openAt?(name: string, src: string, from: number, to: number, selfClosing: boolean): void;
  /**
   * Optional: text() for a piece `src.slice(from, to)` that ends at a '<' (not cut by a chunk
   * boundary), not sliced. Called instead of text() when present; it must act exactly as
   * text(src.slice(from, to)). Pieces cut by a chunk end and CDATA still come through text().
   */
  textAt?(src: string, from: number, to: number): void;
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

/**
 * The common tag read by hand: `<name` or `<prefix:name`, names of ASCII letters, digits, `_ - .`,
 * attributes `key="value"` separated by ASCII white space, then `>` or `/>`. Such a tag is matched
 * by START_TAG in exactly one way (no backtracking alternative), so reading it by hand gives the
 * same name, attribute text and self-closing flag — without the match array and the three strings
 * the regular expression makes for every tag. Anything else (other characters, a tag cut by the
 * chunk end, malformed markup) is left to START_TAG, which decides as before.
 */
const enum NameChar {
  No,
  Yes,
}
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
  NAME_CHAR[c] = ok ? NameChar.Yes : NameChar.No;
}
const isNameChar = (c: number): boolean => c < 128 && NAME_CHAR[c] !== NameChar.No;
const isAsciiSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/** A local name as a string, the frequent SpreadsheetML ones without a new string each time. */
function nameAt(s: string, a: number, b: number): string {
  const len = b - a;
  if (len === 3) {
    const c0 = s.charCodeAt(a);
    if (c0 === 114 /* r */) {
      const c1 = s.charCodeAt(a + 1);
      const c2 = s.charCodeAt(a + 2);
      if (c1 === 111 && c2 === 119) return 'row';
      if (c1 === 80 && c2 === 104) return 'rPh';
    }
  } else if (len === 2) {
    const c0 = s.charCodeAt(a);
    const c1 = s.charCodeAt(a + 1);
    if (c0 === 115 && c1 === 105) return 'si';
    if (c0 === 105 && c1 === 115) return 'is';
    if (c0 === 120 && c1 === 102) return 'xf';
  }
  return s.slice(a, b); // one character: V8 hands out its cached single-character strings
}

export class XmlScanner {
  private buf = '';
  // The tag read by readTag (valid when it returns a position).
  private tagName = '';
  private attrFrom = 0;
  private attrTo = 0;
  private selfClosing = false;

  /**
   * `reference`: read every tag with START_TAG and hand over sliced strings only (open / text),
   * the plain implementation the hand-read fast path is tested against.
   */
  constructor(private readonly handler: XmlHandler, private readonly part: string, private readonly reference = false) {}

  /**
   * Scan a chunk. The construct left unfinished by the last chunk (a tag cut in two) is finished
   * first, joined only with the chunk's start up to a '>' (as often as it takes, a few times at
   * most): the chunk itself is then scanned as it came, a flat string. Joining the whole chunk to
   * the leftover, as the reference does, makes a cons string whose every charCodeAt costs two to
   * three times as much. The events are the same: every construct ends at a '>', and one read
   * from a buffer cut after some '>' is read as from the whole buffer.
   */
  feed(chunk: string): void {
    if (this.reference || this.buf.length === 0) {
      this.buf = this.buf.length > 0 ? this.buf + chunk : chunk;
      this.scan(this.buf, 0, false);
      return;
    }
    let j = 0;
    for (let round = 0; this.buf.length > 0; round++) {
      const gt = round < 8 ? chunk.indexOf('>', j) : -1;
      if (gt < 0) {
        // no '>' left, or a construct spanning many (a comment): the rest of the chunk joined
        this.scan(this.buf + (j === 0 ? chunk : chunk.slice(j)), 0, false);
        return;
      }
      this.scan(this.buf + chunk.slice(j, gt + 1), 0, false);
      j = gt + 1;
    }
    if (j < chunk.length) this.scan(chunk, j, false);
  }

  end(): void {
    this.scan(this.buf, 0, true);
  }

  private malformed(what: string): MalformedPartError {
    return new MalformedPartError(this.part, what);
  }

  /**
   * The common start tag at `lt` read by hand (see NAME_CHAR): the position after its '>', or −1
   * when it is not of the common form and START_TAG must decide.
   */
  private readTag(s: string, lt: number, n: number): number {
    let i = lt + 1;
    const start = i;
    while (i < n && isNameChar(s.charCodeAt(i))) i++;
    if (i === start || i >= n) return -1;
    let local = start;
    if (s.charCodeAt(i) === 58 /* : */) {
      local = ++i;
      while (i < n && isNameChar(s.charCodeAt(i))) i++;
      if (i === local || i >= n) return -1;
    }
    const nameEnd = i;
    let p = i; // after the name or the last attribute
    for (;;) {
      let w = p;
      while (w < n && isAsciiSpace(s.charCodeAt(w))) w++;
      if (w >= n) return -1;
      const c = s.charCodeAt(w);
      if (c === 62 /* > */ || c === 47 /* / */) {
        if (c === 47 && (w + 1 >= n || s.charCodeAt(w + 1) !== 62)) return -1;
        this.tagName = nameAt(s, local, nameEnd);
        this.attrFrom = nameEnd;
        this.attrTo = p;
        this.selfClosing = c === 47;
        return c === 47 ? w + 2 : w + 1;
      }
      if (w === p) return -1; // an attribute needs white space before it
      let k = w;
      while (k < n && (isNameChar(s.charCodeAt(k)) || s.charCodeAt(k) === 58)) k++;
      if (k === w) return -1;
      while (k < n && isAsciiSpace(s.charCodeAt(k))) k++;
      if (k >= n || s.charCodeAt(k) !== 61 /* = */) return -1;
      k++;
      while (k < n && isAsciiSpace(s.charCodeAt(k))) k++;
      if (k >= n) return -1;
      const q = s.charCodeAt(k);
      if (q !== 34 && q !== 39) return -1;
      const e = s.indexOf(q === 34 ? '"' : "'", k + 1);
      if (e < 0) return -1;
      p = e + 1;
    }
  }

  /** Scan s from `from`; what is left unfinished is kept in buf for the next chunk. */
  private scan(s: string, from: number, final: boolean): void {
    const h = this.handler;
    const n = s.length;
    const fast = !this.reference;
    const textAt = fast && h.textAt !== undefined;
    const openAt = fast && h.openAt !== undefined;
    let pos = from;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        if (h.wantText) h.text(s.slice(pos));
        pos = n;
        break;
      }
      if (lt > pos && h.wantText) {
        if (textAt) h.textAt!(s, pos, lt);
        else h.text(s.slice(pos, lt));
      }
      pos = lt;
      if (lt + 1 >= n) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        const gt = s.indexOf('>', lt + 2);
        if (gt < 0) break;
        if (fast && s.charCodeAt(gt - 1) > 32) {
          // localName(raw) without slicing raw: the part after the first ':'
          let a = lt + 2;
          for (let k = a; k < gt; k++) {
            if (s.charCodeAt(k) === 58) {
              a = k + 1;
              break;
            }
          }
          h.close(nameAt(s, a, gt));
        } else {
          const raw = s.slice(lt + 2, gt);
          h.close(localName(s.charCodeAt(gt - 1) <= 32 ? raw.trim() : raw));
        }
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
      if (fast) {
        const after = this.readTag(s, lt, n);
        if (after >= 0) {
          if (openAt) h.openAt!(this.tagName, s, this.attrFrom, this.attrTo, this.selfClosing);
          else h.open(this.tagName, s.slice(this.attrFrom, this.attrTo), this.selfClosing);
          pos = after;
          continue;
        }
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
