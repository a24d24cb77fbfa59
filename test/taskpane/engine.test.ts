/**
 * The calculation engine's client (src/taskpane/engine/client.ts) against a Worker stand-in that
 * runs the worker's own message handler (engine/handler.ts) in this process, every message passed
 * through structuredClone as between threads: the file path, the Excel path with grids handed
 * over in slices and result sheets coming back with their decimals exact, 取消, and the fallback
 * to the page when no worker can be started.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CALCULATORS } from '../../src/calculators';
import { Decimal } from '../../src/exact/decimal';
import type { SheetGrid } from '../../src/sheets/grid';
import type { ResultSheet } from '../../src/sheets/result-sheet';
import { openFileWorkbook } from '../../src/taskpane/standalone/file-workbook';
import { EngineCore } from '../../src/taskpane/engine/core';
import { handleMessage } from '../../src/taskpane/engine/handler';
import { WorkerEngine, createEngine } from '../../src/taskpane/engine/client';
import type { EngineProgress, FromEngine, RunInput, ToEngine } from '../../src/taskpane/engine/protocol';
import { decodeDeep, encodeDeep } from '../../src/taskpane/engine/transfer';

const TODAY = '2025-06-30';
const later = (f: () => void) => setTimeout(f, 0);

/** A Worker in this process: the worker's handler behind structured clones and task boundaries. */
class InProcessWorker {
  onmessage: ((e: MessageEvent<FromEngine>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly received: ToEngine[] = [];
  private readonly core = new EngineCore((bytes) => openFileWorkbook(bytes));
  constructor() {
    later(() => this.deliver({ type: 'ready' }));
  }
  private deliver(m: FromEngine): void {
    if (!this.terminated) this.onmessage?.({ data: structuredClone(m) } as MessageEvent<FromEngine>);
  }
  postMessage(message: ToEngine): void {
    const m = structuredClone(message);
    this.received.push(m);
    later(() => {
      if (!this.terminated) void handleMessage(this.core, m, (out) => later(() => this.deliver(out)));
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

function spawner(): { spawn: () => Worker; workers: InProcessWorker[] } {
  const workers: InProcessWorker[] = [];
  return { workers, spawn: () => { const w = new InProcessWorker(); workers.push(w); return w as unknown as Worker; } };
}

const input = (over: Partial<RunInput>): RunInput => ({
  kind: 'relief', today: TODAY, sheet: '', values: {}, manual: {}, draft: null, extraSheets: {}, mode: 'run', output: 'workbook', runAt: '2025-06-30T00:00:00.000Z', ...over,
});

function reliefGrid(n: number): SheetGrid {
  const counties = ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'];
  const cells: SheetGrid['cells'] = [['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）']];
  for (let i = 0; i < n; i++) cells.push([`F${i}`, `户${i}`, null, counties[i % 6], 120_000 + ((i * 7919) % 150_000) + (i % 100) / 100]);
  return { name: '家庭名单', cells };
}

/** Every cell of the sheets as text, decimals by their exact value. */
const cellsOf = (sheets: ResultSheet[]): string[] => sheets.flatMap((s) => s.rows.map((r) => r.map((c) => (c.kind === 'number' ? `n:${c.value.toString()}` : JSON.stringify(c))).join('|')));

describe('the worker engine', () => {
  it('file path: opens, previews and runs in the worker; the result workbook comes back; progress is reported', async () => {
    const { spawn, workers } = spawner();
    const engine = new WorkerEngine(spawn);
    const bytes = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', '医保纾困-示例.xlsx'));
    const progress: EngineProgress[] = [];
    const opened = await engine.openFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), '医保纾困-示例.xlsx', (p) => progress.push(p));
    expect(engine.where).toBe('worker');
    expect(opened.first).toBe('自负费用明细');
    const preview = await engine.preview(opened.first!, (p) => progress.push(p));
    expect(preview.totalRows).toBe(451);
    expect(preview.grid.cells.length).toBeLessThanOrEqual(60);
    const out = await engine.run(input({ sheet: opened.first! }), (p) => progress.push(p));
    expect(out.hasErrors).toBe(false);
    expect(out.workbook!.byteLength).toBeGreaterThan(bytes.length);
    expect(out.view!.relief!.balanced).toBe(true);
    expect(out.sheetNames).toEqual(expect.arrayContaining(['纾困化解明细', '纾困县区汇总']));
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['open', 'read', 'calculate', 'book']));
    expect(workers).toHaveLength(1);
    engine.dispose();
  });

  it('Excel path: a 12,000-row grid goes over in slices; the result sheets come back exact, as the calculator made them', async () => {
    const { spawn, workers } = spawner();
    const engine = new WorkerEngine(spawn);
    const grid = reliefGrid(12_000);
    const sent: EngineProgress[] = [];
    await engine.putGrids([grid], (p) => sent.push(p));
    expect(sent.map((p) => (p.phase === 'send' ? p.rowsSent : 0))).toEqual([5_000, 10_000, 12_001]);
    const received: EngineProgress[] = [];
    const out = await engine.run(input({ sheet: '家庭名单', output: 'sheets' }), (p) => received.push(p));
    const calc = CALCULATORS.relief;
    const s = calc.settingsFrom({}, TODAY);
    if (!s.ok) throw new Error(s.message);
    const direct = calc.run(grid, s.settings);
    expect(out.sheets!.map((x) => x.name)).toEqual(direct.sheets.map((x) => x.name));
    expect(cellsOf(out.sheets!)).toEqual(cellsOf(direct.sheets));
    expect(out.sheets![0].rows.some((r) => r.some((c) => c.kind === 'number' && c.value instanceof Decimal))).toBe(true);
    expect(received.filter((p) => p.phase === 'receive').length).toBeGreaterThan(1);
    expect(workers[0].received.filter((m) => m.type === 'grid')).toHaveLength(3);
    engine.dispose();
  });

  it('取消: the run rejects with an AbortError, the worker is terminated; the next request starts another and opens the file again', async () => {
    const { spawn, workers } = spawner();
    const engine = new WorkerEngine(spawn);
    const bytes = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', '医保纾困-示例.xlsx'));
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { first } = await engine.openFile(ab, '医保纾困-示例.xlsx');
    const running = engine.run(input({ sheet: first! }));
    engine.cancel();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers[0].terminated).toBe(true);
    const out = await engine.run(input({ sheet: first! }));
    expect(out.hasErrors).toBe(false);
    expect(workers).toHaveLength(2);
    expect(workers[1].received.map((m) => m.type)).toEqual(['open', 'run']);
    engine.dispose();
  });

  it('falls back to the page when no worker can be started', async () => {
    const g = globalThis as { Worker?: unknown };
    const before = g.Worker;
    g.Worker = function Worker() {};
    try {
      const engine = createEngine((bytes) => openFileWorkbook(bytes), () => { throw new Error('Workers are not allowed'); });
      await engine.putGrids([reliefGrid(10)]);
      expect(engine.where).toBe('inline');
      const out = await engine.run(input({ sheet: '家庭名单', output: 'sheets' }));
      expect(out.hasErrors).toBe(false);
      expect(out.sheets!.length).toBeGreaterThan(0);
    } finally {
      g.Worker = before;
    }
  });

  it('取消 while the worker is starting: the request rejects with the AbortError at once, no fallback to the page', async () => {
    const g = globalThis as { Worker?: unknown };
    const before = g.Worker;
    g.Worker = function Worker() {};
    jest.useFakeTimers();
    try {
      // The first worker never answers 'ready'; the next one is a working worker.
      const silent: Array<{ terminated: boolean }> = [];
      const { spawn: working, workers } = spawner();
      const spawn = (): Worker => {
        if (silent.length === 0) {
          const w = { onmessage: null, onerror: null, terminated: false, postMessage() {}, terminate() { w.terminated = true; } };
          silent.push(w);
          return w as unknown as Worker;
        }
        return working();
      };
      const engine = createEngine((bytes) => openFileWorkbook(bytes), spawn);
      let settled: unknown = 'pending';
      const sending = engine.putGrids([reliefGrid(10)]).then(() => 'resolved', (e: Error) => e);
      void sending.then((v) => { settled = v; });
      await Promise.resolve();
      engine.cancel();
      // Settled without any timer running (the 15 s start timeout is not waited for).
      for (let i = 0; i < 10 && settled === 'pending'; i++) await Promise.resolve();
      expect(settled).toMatchObject({ name: 'AbortError' });
      expect(silent[0].terminated).toBe(true);
      // The start timeout of the cancelled start is cleared: nothing switches to the page later.
      expect(jest.getTimerCount()).toBe(0);
      jest.advanceTimersByTime(20_000);
      await Promise.resolve();
      expect(engine.where).not.toBe('inline');
      jest.useRealTimers();
      // The next run starts a fresh worker and runs there.
      await engine.putGrids([reliefGrid(10)]);
      const out = await engine.run(input({ sheet: '家庭名单', output: 'sheets' }));
      expect(out.hasErrors).toBe(false);
      expect(engine.where).toBe('worker');
      expect(workers).toHaveLength(1);
      expect(workers[0].terminated).toBe(false);
      engine.dispose();
    } finally {
      jest.useRealTimers();
      g.Worker = before;
    }
  });

  it('取消 while starting (worker engine alone): the pending start and a second request waiting on it both end as AbortErrors', async () => {
    const spawn = (): Worker => ({ onmessage: null, onerror: null, postMessage() {}, terminate() {} }) as unknown as Worker;
    const engine = new WorkerEngine(spawn, 60_000);
    const a = engine.preview('x');
    const b = engine.run(input({ sheet: 'x' }));
    await Promise.resolve();
    engine.cancel();
    const within = <T>(p: Promise<T>): Promise<T> => Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('not settled within 1 s')), 1_000))]);
    await expect(within(a)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(within(b)).rejects.toMatchObject({ name: 'AbortError' });
    engine.dispose();
  });

  it('after losing the worker the page engine is given the grids the worker had', async () => {
    const g = globalThis as { Worker?: unknown };
    const before = g.Worker;
    g.Worker = function Worker() {};
    try {
      const { spawn: working, workers } = spawner();
      // The first worker starts; after 取消 no other can be started (e.g. the host stops allowing them).
      const spawn = (): Worker => {
        if (workers.length > 0) throw new Error('Workers are not allowed');
        return working();
      };
      const engine = createEngine((bytes) => openFileWorkbook(bytes), spawn);
      const grid = reliefGrid(10);
      await engine.putGrids([grid]);
      expect(engine.where).toBe('worker');
      engine.cancel();
      const out = await engine.run(input({ sheet: '家庭名单', output: 'sheets' }));
      expect(engine.where).toBe('inline');
      expect(out.refused).toBeNull();
      expect(out.hasErrors).toBe(false);
      expect(out.inputRows).toBe(grid.cells.length);
      engine.dispose();
    } finally {
      g.Worker = before;
    }
  });

  it('a settings error or a missing what-if sheet is a refusal in Chinese, not a crash', async () => {
    const engine = createEngine((bytes) => openFileWorkbook(bytes));
    await engine.putGrids([reliefGrid(3)]);
    expect((await engine.run(input({ sheet: '家庭名单', output: 'sheets', values: { pilotCounties: ' ' } }))).refused).toMatch(/^参数有误：/);
    const water = await engine.run(input({ kind: 'water-fund', sheet: '家庭名单', output: 'sheets', extraSheets: { whatIfGrid: '用水量测算' } }));
    expect(water.refused).toContain('工作簿中没有名为「用水量测算」的工作表');
  });
});

describe('exact decimals across the boundary', () => {
  it('any Decimal survives encode → structured clone → decode with its exact value', () => {
    const v = { a: new Decimal('0.1').plus('0.2'), b: [new Decimal('123456789012345678901234567890.000000001'), new Decimal('1e-30')], c: 'x', d: new Date(0) };
    const back = decodeDeep(structuredClone(encodeDeep(v))) as typeof v;
    expect(back.a.toString()).toBe('0.3');
    expect(back.b.map((d) => d.toString())).toEqual(v.b.map((d) => d.toString()));
    expect(back.b[1]).toBeInstanceOf(Decimal);
    expect(back.d).toEqual(new Date(0));
  });
});
