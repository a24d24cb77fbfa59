/**
 * The calculation worker: the pane's engine (core.ts) in a Web Worker, so that opening, reading
 * and calculating a large workbook happen off the pane's thread. webpack bundles this file on its
 * own (spawn.ts: new Worker(new URL('./worker.ts', import.meta.url))); it is not part of the
 * pane's first load. Messages: protocol.ts; what is done with each: handler.ts.
 */
import { openFileWorkbook } from '../standalone/file-workbook';
import { EngineCore } from './core';
import { handleMessage } from './handler';
import type { FromEngine, ToEngine } from './protocol';

/** The worker's global scope, typed by hand (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(message: FromEngine, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToEngine>) => void) | null;
};

const core = new EngineCore((bytes) => openFileWorkbook(bytes));

scope.onmessage = (event) => {
  void handleMessage(core, event.data, (message, transfer) => scope.postMessage(message, transfer));
};

scope.postMessage({ type: 'ready' });
