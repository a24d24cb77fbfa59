/**
 * Just enough of PDF to check what LibreOffice printed (no pdftotext on the CI machines): the
 * pages in order (the page tree), each page's MediaBox, and its text — the strings its content
 * streams show (Tj, TJ, ', "), decoded through each font's ToUnicode CMap. Streams may be
 * FlateDecode-compressed; cross-reference streams and object streams are not needed for the
 * PDFs LibreOffice writes (its objects are all at top level).
 */
import { inflateSync } from 'zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

export interface PdfPage {
  /** [x0, y0, x1, y1] in points. */
  mediaBox: number[];
  /** Text shown on the page, in content order: one line per text object (BT … ET). */
  text: string;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+)\s+0\s+obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    if (end < 0) break;
    const body = s.slice(start, end);
    const at = body.search(/\bstream\r?\n/);
    let stream: Buffer | null = null;
    let dict = body;
    if (at >= 0) {
      dict = body.slice(0, at);
      const dataStart = start + at + body.slice(at).match(/^stream\r?\n/)![0].length;
      const dataEnd = s.lastIndexOf('endstream', end);
      let raw = pdf.subarray(dataStart, dataEnd);
      if (raw.length > 0 && raw[raw.length - 1] === 0x0a) raw = raw.subarray(0, raw.length - 1);
      if (raw.length > 0 && raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

const ref = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : null;
};

/** A ToUnicode CMap: code (hex text as shown) → text. */
function cmapOf(data: string): { map: Map<string, string>; bytes: number } {
  const map = new Map<string, string>();
  const hexText = (h: string): string => {
    let t = '';
    for (let i = 0; i + 4 <= h.length; i += 4) t += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return t;
  };
  let bytes = 1;
  for (const block of data.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      bytes = m[1].length / 2;
      map.set(m[1].toUpperCase(), hexText(m[2]));
    }
  }
  for (const block of data.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      bytes = m[1].length / 2;
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const width = m[1].length;
      if (m[3].startsWith('[')) {
        const items = [...m[3].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => hexText(x[1]));
        for (let c = lo; c <= hi; c++) map.set(c.toString(16).toUpperCase().padStart(width, '0'), items[c - lo] ?? '');
      } else {
        const base = parseInt(m[3].slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) map.set(c.toString(16).toUpperCase().padStart(width, '0'), String.fromCodePoint(base + c - lo));
      }
    }
  }
  return { map, bytes };
}

/** Bytes of a literal string ( … ) with its escapes. */
function literalBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') { out.push(c.charCodeAt(0)); continue; }
    const n = s[++i];
    if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
      out.push(parseInt(oct, 8) & 255);
    } else out.push({ n: 10, r: 13, t: 9, b: 8, f: 12 }[n as 'n'] ?? n.charCodeAt(0));
  }
  return out;
}

export function readPdf(pdf: Buffer): PdfPage[] {
  const objects = parseObjects(pdf);
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  if (!catalog) throw new Error('no catalog');
  const fontCache = new Map<number, { map: Map<string, string>; bytes: number } | null>();
  const fontOf = (id: number) => {
    if (!fontCache.has(id)) {
      const f = objects.get(id);
      const tu = f ? ref(f.dict, 'ToUnicode') : null;
      const cm = tu !== null ? objects.get(tu)?.stream : null;
      fontCache.set(id, cm ? cmapOf(cm.toString('latin1')) : null);
    }
    return fontCache.get(id)!;
  };
  const pages: PdfPage[] = [];
  const walk = (id: number, inherited: { mediaBox: number[] | null; resources: string | null }): void => {
    const o = objects.get(id);
    if (!o) return;
    const mb = /\/MediaBox\s*\[([^\]]*)\]/.exec(o.dict);
    const mediaBox = mb ? mb[1].trim().split(/\s+/).map(Number) : inherited.mediaBox;
    const resId = ref(o.dict, 'Resources');
    const resources = resId !== null ? objects.get(resId)?.dict ?? null : (/\/Resources\s*<</.test(o.dict) ? o.dict : inherited.resources);
    if (/\/Type\s*\/Pages/.test(o.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(k[1]), { mediaBox, resources });
      return;
    }
    // Fonts of the page: /Font << /F1 30 0 R … >> or /Font 56 0 R.
    const fonts = new Map<string, number>();
    if (resources) {
      const fontRef = ref(resources, 'Font');
      const fontDict = fontRef !== null ? objects.get(fontRef)?.dict ?? '' : /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
      for (const f of fontDict.matchAll(/\/([\w.+-]+)\s+(\d+)\s+0\s+R/g)) fonts.set(f[1], Number(f[2]));
    }
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)/.exec(o.dict)?.[1] ?? '';
    let stream = '';
    for (const c of contents.matchAll(/(\d+)\s+0\s+R/g)) stream += (objects.get(Number(c[1]))?.stream ?? Buffer.alloc(0)).toString('latin1') + '\n';
    let font: { map: Map<string, string>; bytes: number } | null = null;
    let text = '';
    const show = (bytes: number[]): void => {
      if (!font) { text += String.fromCharCode(...bytes); return; }
      const hex = bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
      const w = font.bytes * 2;
      for (let i = 0; i + w <= hex.length; i += w) text += font.map.get(hex.slice(i, i + w)) ?? '';
    };
    const hexBytes = (h: string): number[] => {
      const clean = h.replace(/\s+/g, '');
      const out: number[] = [];
      for (let i = 0; i < clean.length; i += 2) out.push(parseInt(clean.slice(i, i + 2).padEnd(2, '0'), 16));
      return out;
    };
    const tokens = /\/([\w.+-]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\(((?:\\.|[^\\)])*)\)|\b(BT|ET)\b/g;
    let t: RegExpExecArray | null;
    while ((t = tokens.exec(stream)) !== null) {
      if (t[1] !== undefined) {
        const id = fonts.get(t[1]);
        font = id !== undefined ? fontOf(id) : null;
      } else if (t[2] !== undefined) show(hexBytes(t[2]));
      else if (t[3] !== undefined) show(literalBytes(t[3]));
      else if (t[4] === 'ET') text += '\n';
    }
    pages.push({ mediaBox: mediaBox ?? [], text });
  };
  const root = ref(catalog.dict, 'Pages');
  if (root === null) throw new Error('no page tree');
  walk(root, { mediaBox: null, resources: null });
  return pages;
}
