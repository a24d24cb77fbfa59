/**
 * The 签章 sheet: human-readable text (who, when, what is covered, how to verify, what is NOT
 * signed) and machine cells (key in column A, values in B…), as a plain grid of strings so the
 * ExcelJS writer (CLI, page) and an Office.js writer (pane) produce the same sheet.
 * Every cell stays under Excel's 32,767-character limit: long values are split over rows.
 *
 * The human-readable rows are what a person reads, and they are not themselves signed: verify
 * compares each fact row (签名人, 单位, 签名时间, 指纹, 算法, 签名范围, 未签的工作表) with the
 * signed record and the signer's certificate (checkDisplayRows), so a 签名人 changed to 市长
 * fails, naming the row and both values (issue 8, item 10).
 */
import { FORMAT_TAG, formatFingerprint, ROLE_LABEL, type PayloadHeader, type SheetRole } from './canonical';
import { text, type ResultSheet } from '../sheets/result-sheet';
import { columnLetters } from '../sheets/grid';

export const MAX_CELL = 32_000;
export const MACHINE_MARKER = '—— 机器可读数据（请勿改动）——';

export interface RangeDigest {
  role: SheetRole;
  sheet: string;
  ref: string;
  /** SHA-256 of rangeBytes(range), hex. */
  sha256: string;
}

/** Everything the 签章 sheet records. */
export interface SignatureRecord {
  header: PayloadHeader;
  payloadSha256: string;
  ranges: RangeDigest[];
  /** CMS SignedData, DER, base64. */
  cmsBase64: string;
  certPem: string;
  /** The optional SM2-SM3 signature (DER, hex) when header.secondSignature is present. */
  sm2SignatureHex?: string;
}

export function chunks(text: string, size = MAX_CELL): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

/** Beijing time for people, e.g. 2026-11-29 17:50:00（北京时间）. */
export function beijingTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const b = new Date(t.getTime() + 8 * 3600_000).toISOString();
  return `${b.slice(0, 10)} ${b.slice(11, 19)}（北京时间）`;
}

export function coverageText(ranges: { role: SheetRole; sheet: string; ref: string }[]): string {
  return ranges.map((r) => `${ROLE_LABEL[r.role]}：${r.sheet}!${r.ref}`).join('；');
}

export const TITLE = '签章（电子签名）';

/** Labels (column A) of the human-readable rows, in sheet order. */
export const LABEL = {
  signer: '签名人',
  organisation: '单位',
  time: '签名时间',
  fingerprint: '证书 SHA-256 指纹',
  algorithm: '签名算法',
  coverage: '签名范围',
  notCovered: '未签的工作表',
  what: '签了什么',
  whatNot: '不签什么',
  how: '如何验证',
} as const;

/** The prose rows: their text may change between versions of the tool, so it is not compared. */
const PROSE_LABELS: string[] = [LABEL.what, LABEL.whatNot, LABEL.how];

/** What the 未签的工作表 row says (empty when every sheet but 签章 is covered). */
export function notCoveredText(list: { role: SheetRole; sheet: string }[] | undefined): string {
  if (!list?.length) return '';
  const groups = (['inputs', 'parameters', 'results'] as SheetRole[])
    .map((role) => ({ role, names: list.filter((n) => n.role === role).map((n) => n.sheet) }))
    .filter((g) => g.names.length);
  const inputs = list.some((n) => n.role === 'inputs');
  return (
    `${groups.map((g) => `${ROLE_LABEL[g.role]}：${g.names.join('、')}`).join('；')}。这些工作表的值没有签名，改动它们不会使签名失效` +
    (inputs ? '；输入数据未签：本签名不证明结果是由哪一份输入数据算出的。' : '。')
  );
}

/**
 * The fact rows as sign writes them — derived only from the record, so verify recomputes the
 * very same text and compares.
 */
export function factRows(record: SignatureRecord): [string, string][] {
  const h = record.header;
  const rows: [string, string][] = [
    [LABEL.signer, h.signer.name],
    [LABEL.organisation, h.signer.organisation],
    [LABEL.time, `${beijingTime(h.signedAt)}；UTC ${h.signedAt}`],
    [LABEL.fingerprint, formatFingerprint(h.signer.certSha256)],
    [LABEL.algorithm, `${h.algorithm}（CMS SignedData，分离式，DER）${h.secondSignature ? `；第二签名 ${h.secondSignature.algorithm}` : ''}`],
    [LABEL.coverage, coverageText(record.ranges)],
  ];
  const nc = notCoveredText(h.notCovered);
  if (nc) rows.push([LABEL.notCovered, nc]);
  return rows;
}

/** The sheet as rows of strings (column A, B, …). `baseName` is the exported file name stem. */
export function signatureSheetRows(record: SignatureRecord, baseName = '本工作簿'): string[][] {
  const h = record.header;
  const rows: string[][] = [
    [TITLE],
    ...factRows(record),
    [
      LABEL.what,
      '上列各工作表从 A1 到最后一个有值单元格的矩形区域内每个单元格的「值」：数字按 15 位有效数字，日期按序列号，' +
        '公式取其计算结果，空单元格记为空。规则见 docs/signing.md（格式 ' + FORMAT_TAG + '）。',
    ],
    [
      LABEL.whatNot,
      '格式（字体、颜色、数字格式、列宽）、批注、隐藏状态、公式文本本身、未列出的工作表以及本「签章」工作表的排版都不在签名范围内；' +
        '只改这些不会使签名失效。',
    ],
    [
      LABEL.how,
      `wzpolicy verify ${baseName}.xlsx --trust 签名人证书.pem（可加 --payload ${baseName}.payload.json 查看改动的单元格）；` +
        `或用 OpenSSL：openssl cms -verify -binary -inform DER -in ${baseName}.payload.json.p7s -content ${baseName}.payload.json -noverify` +
        '，并核对证书指纹。',
    ],
    [],
    [MACHINE_MARKER],
    ['format', h.format],
    ['algorithm', h.algorithm],
    ['tool', h.tool],
    ['signedAt', h.signedAt],
    ['date1904', h.date1904 ? 'true' : 'false'],
    ['signer.name', h.signer.name],
    ['signer.organisation', h.signer.organisation],
    ['signer.certSha256', h.signer.certSha256],
    ...(h.secondSignature
      ? [
          ['sm2.algorithm', h.secondSignature.algorithm],
          ['sm2.publicKey', h.secondSignature.publicKey],
          ['sm2.userId', h.secondSignature.userId],
          ['sm2.signature', record.sm2SignatureHex ?? ''],
        ]
      : []),
    ['payloadSha256', record.payloadSha256],
    ['range（角色 | 工作表 | 区域 | SHA-256）'],
  ];
  for (const r of record.ranges) rows.push(['range', r.role, r.sheet, r.ref, r.sha256]);
  if (h.notCovered?.length) {
    rows.push(['notCovered（角色 | 工作表：未签）']);
    for (const n of h.notCovered) rows.push(['notCovered', n.role, n.sheet]);
  }
  for (const part of chunks(record.cmsBase64)) rows.push(['cms', part]);
  for (const part of chunks(record.certPem)) rows.push(['certificate', part]);
  rows.push(['end', FORMAT_TAG]);
  return rows;
}

/** Column widths of the 签章 sheet (A keys, B values/text, C–E the range rows). */
export const SIGNATURE_COLUMN_WIDTHS = [22, 90, 18, 12, 68];

/**
 * The 签章 sheet as a protected ResultSheet for the package writer (xlsx-package/): the same
 * cells as `rows` — the first row (the title) becomes the ResultSheet's header row, every other
 * row a row of text cells (empty strings stay empty cells) — so the sheet reads back exactly
 * like the ExcelJS-written one. The machine-data marker row is bold.
 */
export function signatureResultSheet(rows: string[][], name: string): ResultSheet {
  const ncols = Math.max(SIGNATURE_COLUMN_WIDTHS.length, ...rows.map((r) => r.length));
  const first = rows[0] ?? [];
  const rest = rows.slice(1);
  const marker = rest.findIndex((r) => r[0] === MACHINE_MARKER);
  return {
    name,
    role: 'signature',
    columns: Array.from({ length: ncols }, (_v, i) => ({ header: first[i] ?? '', width: SIGNATURE_COLUMN_WIDTHS[i] ?? 12 })),
    rows: rest.map((r) => r.map((t) => text(t))),
    totalsRows: marker >= 0 ? [marker] : [],
    protect: true,
  };
}

/** A row above the machine-data marker as read back: its 1-based row number and its cells as text. */
export interface DisplayRow {
  row: number;
  cells: string[];
}

export type ParsedRecord = { ok: true; record: SignatureRecord; display: DisplayRow[] } | { ok: false; message: string };

/** Read the machine cells back (values as text; column A holds the keys). */
export function parseSignatureRows(rows: (string | null | undefined)[][]): ParsedRecord {
  const start = rows.findIndex((r) => (r?.[0] ?? '') === MACHINE_MARKER);
  if (start < 0) return { ok: false, message: '签章工作表缺少机器可读数据' };
  const fields = new Map<string, string>();
  const ranges: RangeDigest[] = [];
  const notCovered: { role: SheetRole; sheet: string }[] = [];
  let cms = '';
  let cert = '';
  for (const row of rows.slice(start + 1)) {
    const key = (row?.[0] ?? '').trim();
    const v = (i: number) => String(row?.[i] ?? '');
    if (key === 'range') {
      const role = v(1) as SheetRole;
      if (!['inputs', 'parameters', 'results'].includes(role)) return { ok: false, message: `签章数据中的区域角色无效：${role}` };
      ranges.push({ role, sheet: v(2), ref: v(3), sha256: v(4) });
    } else if (key === 'notCovered') {
      const role = v(1) as SheetRole;
      if (!['inputs', 'parameters', 'results'].includes(role)) return { ok: false, message: `签章数据中的未签工作表角色无效：${role}` };
      notCovered.push({ role, sheet: v(2) });
    } else if (key === 'cms') cms += v(1);
    else if (key === 'certificate') cert += v(1);
    else if (key && !fields.has(key)) fields.set(key, v(1));
  }
  const need = ['format', 'algorithm', 'tool', 'signedAt', 'date1904', 'signer.certSha256', 'payloadSha256'];
  const missing = need.filter((k) => !fields.has(k));
  if (missing.length) return { ok: false, message: `签章数据不完整，缺少：${missing.join('、')}` };
  if (fields.get('format') !== FORMAT_TAG) return { ok: false, message: `不认识的签章格式：${fields.get('format')}` };
  if (!cms) return { ok: false, message: '签章数据中没有签名（cms）' };
  if (ranges.length === 0) return { ok: false, message: '签章数据中没有签名范围' };
  return {
    ok: true,
    record: {
      header: {
        format: FORMAT_TAG,
        algorithm: fields.get('algorithm')!,
        tool: fields.get('tool')!,
        signedAt: fields.get('signedAt')!,
        date1904: fields.get('date1904') === 'true',
        signer: {
          name: fields.get('signer.name') ?? '',
          organisation: fields.get('signer.organisation') ?? '',
          certSha256: fields.get('signer.certSha256')!,
        },
        ...(fields.has('sm2.publicKey')
          ? {
              secondSignature: {
                algorithm: fields.get('sm2.algorithm') ?? '',
                publicKey: fields.get('sm2.publicKey') ?? '',
                userId: fields.get('sm2.userId') ?? '',
              },
            }
          : {}),
        ...(notCovered.length ? { notCovered } : {}),
      },
      ...(fields.has('sm2.signature') ? { sm2SignatureHex: fields.get('sm2.signature') } : {}),
      payloadSha256: fields.get('payloadSha256')!,
      ranges,
      cmsBase64: cms,
      certPem: cert,
    },
    display: rows.slice(0, start).map((r, i) => ({ row: i + 1, cells: Array.from(r ?? [], (c) => String(c ?? '')) })),
  };
}

/** One human-readable row of the 签章 sheet that does not say what was signed. */
export interface DisplayMismatch {
  /** The cell, e.g. "B2". */
  cell: string;
  /** The row's label (column A), e.g. 签名人. */
  label: string;
  /** What the sheet shows (null: the row is missing). */
  shown: string | null;
  /** What it should say (null: the row should not be there). */
  expected: string | null;
  /** The Chinese reason. */
  message: string;
}

const norm = (t: string) => t.replace(/\r\n?/g, '\n');

/**
 * Compare the human-readable rows with the record (whose header is signed) and the signer's
 * certificate: every fact row once, with exactly the text sign writes; 单位 also against the
 * certificate's O. The prose rows are not compared (their text belongs to the tool version),
 * but no row may carry a label sign does not write, nor anything beyond column B.
 */
export function checkDisplayRows(
  record: SignatureRecord,
  display: DisplayRow[],
  sheet: string,
  cert?: { commonName: string; organisation: string },
): DisplayMismatch[] {
  const out: DisplayMismatch[] = [];
  const where = `签章工作表「${sheet}」`;
  const expected = new Map(factRows(record));
  if (cert) expected.set(LABEL.organisation, cert.organisation);
  const seen = new Set<string>();
  for (const { row, cells } of display) {
    const label = (cells[0] ?? '').trim();
    const value = norm(cells[1] ?? '');
    cells.slice(2).forEach((c, j) => {
      if (c.trim()) {
        const cell = `${columnLetters(j + 2)}${row}`;
        out.push({ cell, label, shown: c, expected: null, message: `${where}${cell} 有签章时没有写入的内容「${c}」` });
      }
    });
    if (row === 1) {
      if (label !== TITLE || value) out.push({ cell: 'A1', label, shown: cells.join(''), expected: TITLE, message: `${where}A1 显示「${cells.join('')}」，应为「${TITLE}」` });
      continue;
    }
    if (!label) {
      if (value.trim()) out.push({ cell: `B${row}`, label, shown: value, expected: null, message: `${where}B${row} 有签章时没有写入的内容「${value}」` });
      continue;
    }
    if (PROSE_LABELS.includes(label)) continue;
    const want = expected.get(label);
    if (want === undefined) {
      out.push({ cell: `A${row}`, label, shown: value, expected: null, message: `${where}第 ${row} 行「${label}」${value ? `（「${value}」）` : ''}不是签章时写入的行` });
      continue;
    }
    if (seen.has(label)) {
      out.push({ cell: `A${row}`, label, shown: value, expected: null, message: `${where}第 ${row} 行又有一行「${label}」（「${value}」）` });
      continue;
    }
    seen.add(label);
    if (value !== norm(want)) {
      const source =
        label === LABEL.organisation && cert ? '签名人证书上的单位（O）是' : label === LABEL.signer ? '签名所记的签名人是' : '签名所记为';
      out.push({ cell: `B${row}`, label, shown: value, expected: want, message: `${where}B${row}「${label}」显示「${value}」，但${source}「${want}」` });
    }
  }
  for (const [label, want] of expected) {
    if (!seen.has(label)) out.push({ cell: '', label, shown: null, expected: want, message: `${where}缺少「${label}」行（应为「${want}」）` });
  }
  return out;
}
