/**
 * `--json` output written piece by piece (issue 10, less memory): the document is the same text
 * JSON.stringify(doc, null, 2) gives, byte for byte, but the large arrays of a report (results,
 * families: 100,000s of entries) are serialised one entry at a time, so the whole document — 170 MB
 * for 100,000 headquarters — never exists as one string beside the report it was made from.
 *
 * Why the re-indentation is safe: JSON.stringify escapes every line break inside strings, so each
 * "\n" in its output is a line break of the layout, and a nested value's lines take the parent's
 * indentation by prefixing every line after the first.
 */

/** The output is handed on in pieces of about this many characters. */
const PIECE = 1 << 20;

const indentLines = (text: string, by: string): string => (text.includes('\n') ? text.replace(/\n/g, `\n${by}`) : text);

/** Entries of a large array serialised by one JSON.stringify call. */
const ENTRIES = 256;

const WRAP_OPEN = '{\n  "x": [';
const WRAP_CLOSE = '\n  ]\n}';

/**
 * The lines of array entries as they stand in the document, indented as entries of a first-level
 * array: "\n    entry,\n    entry" (no brackets). JSON.stringify itself lays them out, inside a
 * wrapper object that puts them at that depth ({"x": [...]}, the wrapper's own lines cut off), so
 * the 19 MB of a 10,000-headquarters report is not re-indented line by line afterwards; an entry
 * that has no JSON (undefined, a function) is null there, as in the document.
 */
function arrayLines(entries: unknown[]): string {
  const text = JSON.stringify({ x: entries }, null, 2);
  return text.slice(WRAP_OPEN.length, text.length - WRAP_CLOSE.length);
}

/**
 * The plain form of arrayLines, one entry at a time (the reference the tests hold it to).
 * @internal
 */
export function arrayLinesPlain(entries: unknown[]): string {
  let out = '';
  for (let j = 0; j < entries.length; j++) {
    const text = JSON.stringify(entries[j], null, 2) as string | undefined;
    out += `${j === 0 ? '' : ','}\n    ${text === undefined ? 'null' : indentLines(text, '    ')}`;
  }
  return out;
}

export { arrayLines as arrayLinesFast };

/** A value JSON.stringify would call toJSON on, or one it treats specially: left to JSON.stringify whole. */
function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Write JSON.stringify(doc, null, 2) + "\n" through `write`, in pieces. A document that is not a
 * plain object, and every value below the arrays of its first level, are serialised by
 * JSON.stringify itself, so the rules (toJSON, undefined, NaN, key order) are its own.
 */
export function writeJsonDocument(doc: unknown, write: (text: string) => void): void {
  if (!plainObject(doc)) {
    write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  let buffer = '';
  const put = (text: string): void => {
    buffer += text;
    if (buffer.length >= PIECE) {
      write(buffer);
      buffer = '';
    }
  };
  const entries: Array<[string, string | unknown[]]> = [];
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    if (Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      entries.push([key, value]);
      continue;
    }
    const text = JSON.stringify(value, null, 2) as string | undefined;
    if (text !== undefined) entries.push([key, text]); // undefined, functions, symbols: no key (as JSON.stringify)
  }
  if (entries.length === 0) {
    write('{}\n');
    return;
  }
  put('{');
  entries.forEach(([key, value], i) => {
    put(`${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `);
    if (typeof value === 'string') {
      put(indentLines(value, '  '));
      return;
    }
    if (value.length === 0) {
      put('[]');
      return;
    }
    put('[');
    for (let j = 0; j < value.length; j += ENTRIES) {
      put(`${j === 0 ? '' : ','}${arrayLines(value.slice(j, j + ENTRIES))}`);
    }
    put('\n  ]');
  });
  put('\n}\n');
  if (buffer.length > 0) write(buffer);
}
