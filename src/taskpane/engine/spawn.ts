/**
 * Starts the calculation worker. Only the pane's entry (index.tsx) imports this file: webpack
 * sees `new Worker(new URL('./worker.ts', import.meta.url))` and bundles worker.ts as a file of
 * its own, loaded when the first workbook is opened, not with the pane.
 */
export function spawnCalcWorker(): Worker {
  return new Worker(
    /* webpackChunkName: "calc-worker" */
    // @ts-expect-error -- import.meta is ES-module syntax: webpack compiles this file as an ES module (ts-loader, module esnext), tsc checks the project as CommonJS
    new URL('./worker.ts', import.meta.url),
    { name: 'wzpolicy-calc' },
  );
}
