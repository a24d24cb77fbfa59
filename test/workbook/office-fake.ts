/**
 * A faithful-enough fake of the Office.js Excel API for the adapter's tests. Like the real one, it
 * queues every property write and method call on proxy objects and executes them only at
 * `context.sync()`; loaded properties are readable only after the sync that loaded them. Every
 * sync is recorded with the size of its payload (the queued operations as JSON, UTF-8 bytes), and
 * a request over the payload limit fails with RequestPayloadSizeLimitExceeded, as Excel on the web.
 */

type Scalar = string | number | boolean;

export interface FakeCell {
  value: Scalar;
  format: string;
}

export interface FakeSheet {
  name: string;
  cells: Map<string, FakeCell>;
  props: Map<string, string>;
  frozenRows: number;
  charts: Array<{ type: string; title?: string }>;
  conditionalFormats: number;
  columnWidths: Map<number, number>;
  bold: Set<number>;
  deleted: boolean;
}

export interface SyncRecord {
  bytes: number;
  ops: number;
}

interface Op {
  desc: unknown;
  run(): void;
}

const key = (r: number, c: number): string => `${r},${c}`;

const encoder = new TextEncoder();
/** UTF-8 bytes (TextEncoder, so the fake also runs in a browser: test/e2e serves it as office.js). */
function utf8(s: string): number {
  return encoder.encode(s).length;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function parseA1(address: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address.replace(/\$/g, '').toUpperCase());
  if (!m) throw new Error(`bad address ${address}`);
  return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
}

export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  readonly syncs: SyncRecord[] = [];
  activeSheet = '';
  selected: { sheet: string; address: string } | null = null;
  suspendCalls = 0;
  runOptions: unknown[] = [];
  /** Payload limit of one request (Excel on the web: 5 MB). */
  payloadLimit = 5 * 1024 * 1024;
  /** Response limit of one sync's loaded data (Excel on the web: 5 MB). */
  responseLimit = 5 * 1024 * 1024;
  /** Make the n-th sync (1-based, counted over the whole fake) fail with this error. */
  failAtSync: { n: number; error: Error & { code?: string } } | null = null;

  addSheet(name: string, rows: Scalar[][] = [], formats?: string[][]): FakeSheet {
    const sheet: FakeSheet = { name, cells: new Map(), props: new Map(), frozenRows: 0, charts: [], conditionalFormats: 0, columnWidths: new Map(), bold: new Set(), deleted: false };
    rows.forEach((row, r) => row.forEach((v, c) => sheet.cells.set(key(r, c), { value: v, format: formats?.[r]?.[c] ?? 'General' })));
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    return sheet;
  }

  live(): FakeSheet[] {
    return this.sheets.filter((s) => !s.deleted);
  }

  sheet(name: string): FakeSheet | undefined {
    return this.live().find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** The cells of a sheet as a 2-D array of values (used rectangle from A1). */
  valuesOf(name: string): Scalar[][] {
    const s = this.sheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    let rows = 0;
    let cols = 0;
    for (const k of s.cells.keys()) {
      const [r, c] = k.split(',').map(Number);
      rows = Math.max(rows, r + 1);
      cols = Math.max(cols, c + 1);
    }
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => s.cells.get(key(r, c))?.value ?? ''));
  }

  run = async <T>(options: unknown, batch: (ctx: never) => Promise<T>): Promise<T> => {
    this.runOptions.push(options);
    const ctx = new FakeContext(this);
    return batch(ctx as never);
  };
}

class FakeContext {
  queue: Op[] = [];
  readonly workbook: { worksheets: FakeWorksheets };
  readonly application: { suspendApiCalculationUntilNextSync(): void };

  constructor(readonly excel: FakeExcel) {
    this.workbook = { worksheets: new FakeWorksheets(this) };
    this.application = {
      suspendApiCalculationUntilNextSync: () => {
        this.excel.suspendCalls++;
        this.enqueue({ m: 'suspendApiCalculationUntilNextSync' }, () => undefined);
      },
    };
  }

  enqueue(desc: unknown, run: () => void): void {
    this.queue.push({ desc, run });
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const bytes = utf8(JSON.stringify(ops.map((o) => o.desc)));
    this.excel.syncs.push({ bytes, ops: ops.length });
    const n = this.excel.syncs.length;
    if (this.excel.failAtSync && this.excel.failAtSync.n === n) throw this.excel.failAtSync.error;
    if (bytes > this.excel.payloadLimit) {
      const e = new Error('The request payload size has exceeded the limit.') as Error & { code: string };
      e.code = 'RequestPayloadSizeLimitExceeded';
      throw e;
    }
    for (const op of ops) op.run();
  }
}

/** Base of proxies: properties readable only once loaded. */
class Loadable {
  protected loaded = new Map<string, unknown>();
  protected get<T>(name: string): T {
    if (!this.loaded.has(name)) throw new Error(`PropertyNotLoaded: ${name}`);
    return this.loaded.get(name) as T;
  }
}

class FakeWorksheets extends Loadable {
  constructor(private readonly ctx: FakeContext) {
    super();
  }
  get items(): FakeWorksheet[] {
    return this.get('items');
  }
  load(_props: string): void {
    this.ctx.enqueue({ m: 'load', o: 'worksheets' }, () => {
      this.loaded.set('items', this.ctx.excel.live().map((s) => {
        const ws = new FakeWorksheet(this.ctx, () => s);
        ws.setLoaded('name', s.name);
        return ws;
      }));
    });
  }
  add(name: string): FakeWorksheet {
    let sheet: FakeSheet | null = null;
    this.ctx.enqueue({ m: 'add', name }, () => {
      if (this.ctx.excel.sheet(name)) throw new Error(`ItemAlreadyExists ${name}`);
      sheet = this.ctx.excel.addSheet(name);
    });
    return new FakeWorksheet(this.ctx, () => {
      if (!sheet) throw new Error('sheet not created yet');
      return sheet;
    });
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => {
      const s = this.ctx.excel.sheet(name);
      if (!s) throw new Error(`ItemNotFound ${name}`);
      return s;
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, () => {
      const s = this.ctx.excel.sheet(name);
      if (!s) throw new Error(`ItemNotFound ${name}`);
      return s;
    });
    this.ctx.enqueue({ m: 'getItemOrNullObject', name }, () => ws.setLoaded('isNullObject', !this.ctx.excel.sheet(name)));
    return ws;
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.sheet(this.ctx.excel.activeSheet)!);
  }
}

class FakeWorksheet extends Loadable {
  readonly freezePanes: { freezeRows(n: number): void };
  readonly customProperties: {
    add(key: string, value: string): void;
    getItemOrNullObject(key: string): { load(p: string): void; readonly isNullObject: boolean; readonly value: string };
  };
  readonly charts: { add(type: string, range: FakeRange, seriesBy: string): unknown };

  constructor(private readonly ctx: FakeContext, readonly resolve: () => FakeSheet) {
    super();
    this.freezePanes = { freezeRows: (n) => ctx.enqueue({ m: 'freezeRows', n }, () => { this.resolve().frozenRows = n; }) };
    this.customProperties = {
      add: (k, v) => ctx.enqueue({ m: 'customProperties.add', k, v }, () => { this.resolve().props.set(k, v); }),
      getItemOrNullObject: (k) => {
        const loaded = new Map<string, unknown>();
        const prop = {
          load: (_p: string) => ctx.enqueue({ m: 'customProperty.load', k }, () => {
            const v = this.resolve().props.get(k);
            loaded.set('isNullObject', v === undefined);
            loaded.set('value', v ?? '');
          }),
          get isNullObject(): boolean {
            if (!loaded.has('isNullObject')) throw new Error('PropertyNotLoaded: isNullObject');
            return loaded.get('isNullObject') as boolean;
          },
          get value(): string {
            if (!loaded.has('value')) throw new Error('PropertyNotLoaded: value');
            return loaded.get('value') as string;
          },
        };
        return prop;
      },
    };
    this.charts = {
      add: (type, _range, _by) => {
        const record: { type: string; title?: string } = { type };
        ctx.enqueue({ m: 'charts.add', type }, () => this.resolve().charts.push(record));
        const chart = {
          title: {} as { text?: string },
          legend: { visible: true },
          series: { getItemAt: (_i: number) => ({ setXAxisValues: (_r: FakeRange) => ctx.enqueue({ m: 'setXAxisValues' }, () => undefined) }) },
          setPosition: (a: string, b: string) => ctx.enqueue({ m: 'setPosition', a, b }, () => undefined),
        };
        ctx.enqueue({ m: 'chart.title' }, () => { record.title = chart.title.text; });
        return chart;
      },
    };
  }

  setLoaded(name: string, value: unknown): void {
    this.loaded.set(name, value);
  }
  get name(): string {
    return this.get('name');
  }
  set name(value: string) {
    this.ctx.enqueue({ m: 'rename', value }, () => {
      if (this.ctx.excel.sheet(value)) throw new Error(`ItemAlreadyExists ${value}`);
      this.resolve().name = value;
    });
  }
  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  load(props: string): void {
    this.ctx.enqueue({ m: 'load', props }, () => {
      for (const p of props.split(',').map((s) => s.trim())) if (p === 'name') this.loaded.set('name', this.resolve().name);
    });
  }
  activate(): void {
    this.ctx.enqueue({ m: 'activate' }, () => { this.ctx.excel.activeSheet = this.resolve().name; });
  }
  delete(): void {
    this.ctx.enqueue({ m: 'delete' }, () => { this.resolve().deleted = true; });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this, () => ({ row, col, rows, cols }));
  }
  getRange(address: string): FakeRange {
    return new FakeRange(this.ctx, this, () => ({ ...parseA1(address), rows: 1, cols: 1 }), address);
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): FakeRange {
    const range = new FakeRange(this.ctx, this, () => {
      let s: FakeSheet;
      try {
        s = this.resolve();
      } catch {
        return null; // a null worksheet's used range is a null object
      }
      let minR = Infinity; let minC = Infinity; let maxR = -1; let maxC = -1;
      for (const [k, cell] of s.cells) {
        if (cell.value === '') continue;
        const [r, c] = k.split(',').map(Number);
        minR = Math.min(minR, r); minC = Math.min(minC, c); maxR = Math.max(maxR, r); maxC = Math.max(maxC, c);
      }
      return maxR < 0 ? null : { row: minR, col: minC, rows: maxR - minR + 1, cols: maxC - minC + 1 };
    });
    return range;
  }
}

type Rect = { row: number; col: number; rows: number; cols: number };

class FakeRange extends Loadable {
  readonly format: {
    font: { bold?: boolean; color?: string };
    fill: { color?: string };
    columnWidth?: number;
  };
  readonly conditionalFormats: { add(type: string): { textComparison: { format: { font: { color?: string } }; rule?: unknown }; stopIfTrue?: boolean; priority?: number } };

  constructor(private readonly ctx: FakeContext, private readonly ws: FakeWorksheet, private readonly rect: () => Rect | null, private readonly address?: string) {
    super();
    const enqueue = (desc: unknown, run: () => void): void => ctx.enqueue(desc, run);
    const self = this;
    this.format = {
      font: {
        set bold(v: boolean) {
          enqueue({ m: 'font.bold', v }, () => { const r = self.rect()!; for (let i = 0; i < r.rows; i++) self.ws.resolve().bold.add(r.row + i); });
        },
        set color(v: string) { enqueue({ m: 'font.color', v }, () => undefined); },
      },
      fill: { set color(v: string) { enqueue({ m: 'fill.color', v }, () => undefined); } },
      set columnWidth(v: number) {
        enqueue({ m: 'columnWidth', v }, () => { const r = self.rect()!; self.ws.resolve().columnWidths.set(r.col, v); });
      },
    };
    this.conditionalFormats = {
      add: (type: string) => {
        enqueue({ m: 'conditionalFormats.add', type }, () => { self.ws.resolve().conditionalFormats++; });
        return { textComparison: { format: { font: {} } } };
      },
    };
  }

  get isNullObject(): boolean {
    return this.get('isNullObject');
  }
  get rowIndex(): number { return this.get('rowIndex'); }
  get columnIndex(): number { return this.get('columnIndex'); }
  get rowCount(): number { return this.get('rowCount'); }
  get columnCount(): number { return this.get('columnCount'); }
  get values(): Scalar[][] { return this.get('values'); }
  get valueTypes(): string[][] { return this.get('valueTypes'); }
  get numberFormat(): string[][] { return this.get('numberFormat'); }

  private check(array: unknown[][], what: string): void {
    const r = this.rect();
    if (!r || array.length !== r.rows || array.some((row) => row.length !== r.cols)) {
      throw new Error(`InvalidArgument: ${what} array does not match the range size`);
    }
  }

  set values(array: Scalar[][]) {
    this.ctx.enqueue({ m: 'values', array }, () => {
      this.check(array, 'values');
      const r = this.rect()!;
      const s = this.ws.resolve();
      array.forEach((row, i) => row.forEach((v, j) => {
        const k = key(r.row + i, r.col + j);
        const cell = s.cells.get(k) ?? { value: '', format: 'General' };
        // Excel: a string starting with = is a formula unless the cell is formatted as text (@).
        if (typeof v === 'string' && v.startsWith('=') && cell.format !== '@') {
          cell.value = `#FORMULA(${v})`;
        } else if (typeof v === 'string' && cell.format !== '@' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v)) {
          cell.value = Number(v); // Excel turns numeric text into a number unless formatted as text
        } else {
          cell.value = v;
        }
        s.cells.set(k, cell);
      }));
    });
  }

  set numberFormat(array: string[][]) {
    this.ctx.enqueue({ m: 'numberFormat', array }, () => {
      this.check(array, 'numberFormat');
      const r = this.rect()!;
      const s = this.ws.resolve();
      array.forEach((row, i) => row.forEach((f, j) => {
        const k = key(r.row + i, r.col + j);
        const cell = s.cells.get(k) ?? { value: '', format: 'General' };
        cell.format = f;
        s.cells.set(k, cell);
      }));
    });
  }

  load(props: string): void {
    this.ctx.enqueue({ m: 'range.load', props }, () => {
      const r = this.rect();
      this.loaded.set('isNullObject', r === null);
      if (!r) return;
      const s = this.ws.resolve();
      for (const p of props.split(',').map((x) => x.trim())) {
        if (p === 'rowIndex') this.loaded.set(p, r.row);
        if (p === 'columnIndex') this.loaded.set(p, r.col);
        if (p === 'rowCount') this.loaded.set(p, r.rows);
        if (p === 'columnCount') this.loaded.set(p, r.cols);
        const grid = <T>(f: (c: FakeCell | undefined) => T): T[][] => Array.from({ length: r.rows }, (_, i) => Array.from({ length: r.cols }, (_, j) => f(s.cells.get(key(r.row + i, r.col + j)))));
        if (p === 'values') this.loaded.set(p, grid((c) => c?.value ?? ''));
        if (p === 'numberFormat') this.loaded.set(p, grid((c) => c?.format ?? 'General'));
        if (p === 'valueTypes') this.loaded.set(p, grid((c) => (c === undefined || c.value === '' ? 'Empty' : typeof c.value === 'number' ? 'Double' : typeof c.value === 'boolean' ? 'Boolean' : /^#(N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!)$/.test(String(c.value)) ? 'Error' : 'String')));
      }
      const response = ['values', 'valueTypes', 'numberFormat'].reduce((n, p) => n + (this.loaded.has(p) ? utf8(JSON.stringify(this.loaded.get(p))) : 0), 0);
      if (response > this.ctx.excel.responseLimit) {
        for (const p of ['values', 'valueTypes', 'numberFormat']) this.loaded.delete(p);
        const e = new Error('The response payload size has exceeded the limit.') as Error & { code: string };
        e.code = 'ResponsePayloadSizeLimitExceeded';
        throw e;
      }
    });
    // Load before sync marks the null-object check as pending (like Office.js).
  }

  select(): void {
    this.ctx.enqueue({ m: 'select', address: this.address }, () => {
      this.ctx.excel.selected = { sheet: this.ws.resolve().name, address: this.address ?? '' };
    });
  }
}
