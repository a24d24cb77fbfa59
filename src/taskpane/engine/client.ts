/**
 * The pane's side of the calculation engine. `createEngine` starts the worker (spawn.ts) and,
 * where a worker cannot be started or does not answer (a host that forbids workers), runs the
 * same engine on the page instead (InlineEngine) — slower to respond, never a failure.
 *
 * 取消: the worker is terminated (a calculation cannot be interrupted midway otherwise) and the
 * request rejects with an AbortError; the next request starts a fresh worker and opens the
 * uploaded file again. The inline engine can only stop between steps.
 */
import type { SheetGrid } from '../../sheets/grid';
import type { ResultSheet } from '../../sheets/result-sheet';
import { abortError, isAbortError } from '../../workbook/port';
import type { FileOpener } from './core';
import type { EngineProgress, FromEngine, GridSlice, RunInput, RunOutput, SheetPreviewData, ToEngine } from './protocol';
import { decodeRows, sheetFromMeta } from './transfer';

export type ProgressListener = (p: EngineProgress) => void;

export interface CalcEngine {
  /** Where the calculation runs: 'worker' (off the pane's thread) or 'inline' (the fallback). */
  readonly where: 'worker' | 'inline' | 'starting';
  openFile(bytes: ArrayBuffer, name: string, onProgress?: ProgressListener): Promise<{ sheets: string[]; first: string | null }>;
  preview(sheet: string, onProgress?: ProgressListener): Promise<SheetPreviewData>;
  /** Excel path: the grids a run reads (input sheet, what-if sheet), handed over in slices. */
  putGrids(grids: SheetGrid[], onProgress?: ProgressListener): Promise<void>;
  run(input: RunInput, onProgress?: ProgressListener): Promise<RunOutput>;
  /** Stop what is running: its promise rejects with an AbortError. */
  cancel(): void;
  dispose(): void;
}

/** Rows of a grid per message to the worker. */
const GRID_SLICE_ROWS = 5_000;

const yieldToUi = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function sliceGrid(grid: SheetGrid): GridSlice[] {
  const total = grid.cells.length;
  const slices: GridSlice[] = [];
  for (let start = 0; start < Math.max(total, 1); start += GRID_SLICE_ROWS) {
    slices.push({
      name: grid.name, start, total,
      cells: grid.cells.slice(start, start + GRID_SLICE_ROWS),
      numberFormats: grid.numberFormats?.slice(start, start + GRID_SLICE_ROWS),
      origin: grid.origin, date1904: grid.date1904,
    });
  }
  return slices;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: ProgressListener;
  sheets: ResultSheet[];
  expectedRows: number;
  receivedRows: number;
}

/** A message to the engine without its id (distributes over the union). */
type Request = ToEngine extends infer T ? (T extends ToEngine ? Omit<T, 'id'> : never) : never;

/** Thrown when the worker cannot be started: the caller falls back to the inline engine. */
class WorkerUnavailable extends Error {}

export class WorkerEngine implements CalcEngine {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The uploaded file, opened again in a fresh worker after 取消. */
  private file: { bytes: ArrayBuffer; name: string } | null = null;
  private fileOpen = false;
  /** Bumped by 取消: a request made before it ends as an AbortError, even if not yet sent. */
  private generation = 0;
  /** The start in progress (no 'ready' yet): its timer and how to settle it. */
  private starting: { timer: ReturnType<typeof setTimeout>; reject(e: Error): void } | null = null;
  where: CalcEngine['where'] = 'starting';

  constructor(private readonly spawn: () => Worker, private readonly startTimeoutMs = 15_000) {}

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    this.ready = new Promise<void>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.spawn();
      } catch (e) {
        reject(new WorkerUnavailable(e instanceof Error ? e.message : String(e)));
        return;
      }
      this.worker = worker;
      let started = false;
      const timer = setTimeout(() => {
        if (started) return;
        this.starting = null;
        reject(new WorkerUnavailable('计算线程没有启动'));
      }, this.startTimeoutMs);
      // 取消 while starting settles the start at once with the AbortError (cancel()).
      this.starting = { timer, reject };
      worker.onmessage = (event: MessageEvent<FromEngine>) => {
        const m = event.data;
        if (m.type === 'ready') {
          started = true;
          clearTimeout(timer);
          this.starting = null;
          this.where = 'worker';
          resolve();
          return;
        }
        this.receive(m);
      };
      worker.onerror = (event) => {
        event.preventDefault?.();
        if (this.worker !== worker) return; // terminated by 取消: nothing of it is pending
        const why = event.message || '计算线程出错';
        if (!started) {
          clearTimeout(timer);
          this.starting = null;
          reject(new WorkerUnavailable(why));
          return;
        }
        // The worker is gone (e.g. out of memory): the next request starts a fresh one.
        worker.terminate();
        this.worker = null;
        this.ready = null;
        this.fileOpen = false;
        this.failAll(new Error(`计算线程出错：${why}`));
      };
    });
    return this.ready;
  }

  private receive(m: Exclude<FromEngine, { type: 'ready' }>): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    switch (m.type) {
      case 'progress':
        p.onProgress?.(m.progress);
        return;
      case 'sheet':
        p.sheets[m.index] = sheetFromMeta(m.meta);
        p.expectedRows += m.rowCount;
        return;
      case 'rows': {
        // Decoded as each slice arrives: the work is spread over many small tasks.
        const rows = decodeRows(m.rows);
        const sheet = p.sheets[m.index];
        for (const r of rows) sheet.rows.push(r);
        p.receivedRows += rows.length;
        p.onProgress?.({ phase: 'receive', rowsReceived: p.receivedRows, totalRows: p.expectedRows });
        return;
      }
      case 'done':
        this.pending.delete(m.id);
        p.resolve(m.result);
        return;
      case 'error': {
        this.pending.delete(m.id);
        const e = new Error(m.message);
        e.name = m.name;
        p.reject(e);
        return;
      }
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private async request<T>(message: Request, onProgress?: ProgressListener, transfer?: Transferable[], extra?: (p: Pending) => void): Promise<T> {
    const generation = this.generation;
    try {
      await this.start();
    } catch (e) {
      // A start that failed after 取消 (or was settled by it) is the cancelled request's AbortError.
      if (generation !== this.generation) throw abortError();
      throw e;
    }
    if (generation !== this.generation) throw abortError();
    if (this.file && !this.fileOpen && message.type !== 'open') {
      // A fresh worker after 取消: the upload is opened again first.
      const { bytes, name } = this.file;
      await this.request({ type: 'open', bytes: bytes.slice(0), name }, onProgress);
      this.fileOpen = true;
      if (generation !== this.generation) throw abortError();
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (v: unknown) => void, reject, onProgress, sheets: [], expectedRows: 0, receivedRows: 0 };
      extra?.(p);
      this.pending.set(id, p);
      this.worker!.postMessage({ ...message, id } as ToEngine, transfer ?? []);
    });
  }

  async openFile(bytes: ArrayBuffer, name: string, onProgress?: ProgressListener): Promise<{ sheets: string[]; first: string | null }> {
    this.file = { bytes: bytes.slice(0), name };
    this.fileOpen = false;
    // The worker gets its own copy (transferred); the pane keeps one to open again after 取消.
    const copy = bytes.slice(0);
    const r = await this.request<{ sheets: string[]; first: string | null }>({ type: 'open', bytes: copy, name }, onProgress, [copy]);
    this.fileOpen = true;
    return r;
  }

  preview(sheet: string, onProgress?: ProgressListener): Promise<SheetPreviewData> {
    return this.request({ type: 'preview', sheet }, onProgress);
  }

  async putGrids(grids: SheetGrid[], onProgress?: ProgressListener): Promise<void> {
    const total = grids.reduce((n, g) => n + g.cells.length, 0);
    let sent = 0;
    for (const g of grids) {
      for (const slice of sliceGrid(g)) {
        await this.request({ type: 'grid', slice });
        sent += slice.cells.length;
        onProgress?.({ phase: 'send', rowsSent: sent, totalRows: total });
      }
    }
  }

  async run(input: RunInput, onProgress?: ProgressListener): Promise<RunOutput> {
    let pending: Pending | null = null;
    const out = await this.request<RunOutput>({ type: 'run', input }, onProgress, undefined, (p) => {
      pending = p;
    });
    const sheets = (pending as Pending | null)?.sheets ?? [];
    return input.output === 'sheets' ? { ...out, sheets } : out;
  }

  cancel(): void {
    this.generation++;
    const starting = this.starting;
    this.starting = null;
    if (starting) {
      clearTimeout(starting.timer);
      starting.reject(abortError());
    }
    this.ready = null;
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.ready = null;
    this.where = 'starting';
    this.fileOpen = false;
    this.failAll(abortError());
  }

  dispose(): void {
    this.cancel();
    this.file = null;
  }
}

/** The engine on the page: the same core, loaded lazily (it is not part of the pane's first load). */
export class InlineEngine implements CalcEngine {
  readonly where = 'inline' as const;
  private core: Promise<import('./core').EngineCore> | null = null;
  private generation = 0;

  constructor(private readonly opener: FileOpener) {}

  private load(): Promise<import('./core').EngineCore> {
    this.core ??= import(/* webpackChunkName: "calc-inline" */ './core').then((m) => new m.EngineCore(this.opener));
    return this.core;
  }

  /** Runs a step; a 取消 meanwhile makes its result an AbortError. */
  private async step<T>(work: (core: import('./core').EngineCore) => Promise<T>): Promise<T> {
    const generation = this.generation;
    const core = await this.load();
    await yieldToUi();
    if (generation !== this.generation) throw abortError();
    const out = await work(core);
    if (generation !== this.generation) throw abortError();
    return out;
  }

  openFile(bytes: ArrayBuffer, name: string, onProgress?: ProgressListener): Promise<{ sheets: string[]; first: string | null }> {
    return this.step((core) => core.openFile(bytes, name, onProgress ?? (() => undefined)));
  }

  preview(sheet: string, onProgress?: ProgressListener): Promise<SheetPreviewData> {
    return this.step((core) => core.preview(sheet, onProgress ?? (() => undefined)));
  }

  putGrids(grids: SheetGrid[], onProgress?: ProgressListener): Promise<void> {
    return this.step(async (core) => {
      const total = grids.reduce((n, g) => n + g.cells.length, 0);
      for (const g of grids) core.putGrid({ name: g.name, start: 0, total: g.cells.length, cells: g.cells, numberFormats: g.numberFormats, origin: g.origin, date1904: g.date1904 });
      onProgress?.({ phase: 'send', rowsSent: total, totalRows: total });
    });
  }

  run(input: RunInput, onProgress?: ProgressListener): Promise<RunOutput> {
    return this.step(async (core) => {
      const { resultSheets, ...out } = await core.run(input, (p) => onProgress?.(p));
      return input.output === 'sheets' ? { ...out, sheets: resultSheets } : out;
    });
  }

  cancel(): void {
    this.generation++;
  }

  dispose(): void {
    this.cancel();
  }
}

/**
 * The worker engine when `spawn` is given, falling back to the inline engine for good if the
 * worker cannot be started; the inline engine alone otherwise (tests, hosts without workers).
 */
export function createEngine(opener: FileOpener, spawn?: () => Worker, options: { startTimeoutMs?: number } = {}): CalcEngine {
  if (!spawn || typeof Worker === 'undefined') return new InlineEngine(opener);
  return new FallbackEngine(new WorkerEngine(spawn, options.startTimeoutMs), () => new InlineEngine(opener));
}

class FallbackEngine implements CalcEngine {
  private inline: CalcEngine | null = null;
  /** What the worker was given, handed to the inline engine when it takes over. */
  private lastFile: { bytes: ArrayBuffer; name: string } | null = null;
  private received: SheetGrid[] = [];
  /** Whether the inline engine still lacks lastFile / received (set on the switch, cleared once given). */
  private restock = false;
  /** Bumped by 取消: a request made before it never falls back (it ends as an AbortError). */
  private generation = 0;

  constructor(private readonly worker: WorkerEngine, private readonly makeInline: () => CalcEngine) {}

  get where(): CalcEngine['where'] {
    return this.inline ? 'inline' : this.worker.where;
  }

  /**
   * The worker's answer, or — if the worker cannot be started — the inline engine's, after it
   * was given the uploaded file and the grids the worker had. `gives` is what `work` hands over
   * itself (not given twice).
   */
  private async either<T>(work: (e: CalcEngine) => Promise<T>, gives?: 'file' | 'grids'): Promise<T> {
    const generation = this.generation;
    if (!this.inline) {
      try {
        return await work(this.worker);
      } catch (e) {
        if (generation !== this.generation) throw isAbortError(e) ? e : abortError();
        if (!(e instanceof WorkerUnavailable)) throw e;
        if (!this.inline) {
          this.worker.dispose();
          this.inline = this.makeInline();
          this.restock = true;
        }
      }
    }
    const inline = this.inline;
    if (this.restock) {
      if (this.lastFile && gives !== 'file') await inline.openFile(this.lastFile.bytes.slice(0), this.lastFile.name);
      if (this.received.length > 0 && gives !== 'grids') await inline.putGrids(this.received);
      if (generation !== this.generation) throw abortError();
      this.restock = false;
    }
    return work(inline);
  }

  openFile(bytes: ArrayBuffer, name: string, onProgress?: ProgressListener): Promise<{ sheets: string[]; first: string | null }> {
    this.lastFile = { bytes: bytes.slice(0), name };
    return this.either((e) => e.openFile(bytes, name, onProgress), 'file');
  }

  preview(sheet: string, onProgress?: ProgressListener): Promise<SheetPreviewData> {
    return this.either((e) => e.preview(sheet, onProgress));
  }

  putGrids(grids: SheetGrid[], onProgress?: ProgressListener): Promise<void> {
    this.received = [...grids];
    return this.either((e) => e.putGrids(grids, onProgress), 'grids');
  }

  run(input: RunInput, onProgress?: ProgressListener): Promise<RunOutput> {
    return this.either((e) => e.run(input, onProgress));
  }

  cancel(): void {
    this.generation++;
    (this.inline ?? this.worker).cancel();
  }

  dispose(): void {
    this.generation++;
    this.worker.dispose();
    this.inline?.dispose();
    this.lastFile = null;
    this.received = [];
  }
}
