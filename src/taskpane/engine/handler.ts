/**
 * One message to the engine, answered: what worker.ts does with each message it receives, kept
 * apart from the worker's global scope so that the same code is tested in Node (a fake Worker
 * drives it in test/taskpane/engine.test.ts). Result sheets go back in slices of rows.
 */
import type { EngineCore } from './core';
import type { EngineProgress, FromEngine, ToEngine } from './protocol';
import { ROWS_PER_MESSAGE, encodeRows, sheetMeta } from './transfer';

export type Post = (message: FromEngine, transfer?: Transferable[]) => void;

export async function handleMessage(core: EngineCore, message: ToEngine, post: Post): Promise<void> {
  const id = message.id;
  const progress = (p: EngineProgress): void => post({ id, type: 'progress', progress: p });
  try {
    switch (message.type) {
      case 'open':
        post({ id, type: 'done', result: await core.openFile(message.bytes, message.name, progress) });
        return;
      case 'preview':
        post({ id, type: 'done', result: await core.preview(message.sheet, progress) });
        return;
      case 'grid':
        core.putGrid(message.slice);
        post({ id, type: 'done', result: null });
        return;
      case 'run': {
        const { resultSheets, ...out } = await core.run(message.input, progress);
        resultSheets.forEach((sheet, index) => {
          post({ id, type: 'sheet', index, meta: sheetMeta(sheet), rowCount: sheet.rows.length });
          for (let start = 0; start < sheet.rows.length; start += ROWS_PER_MESSAGE) {
            post({ id, type: 'rows', index, start, rows: encodeRows(sheet.rows.slice(start, start + ROWS_PER_MESSAGE)) });
          }
        });
        post({ id, type: 'done', result: out }, out.workbook ? [out.workbook] : undefined);
        return;
      }
    }
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ id, type: 'error', name: err.name, message: err.message || '未知错误' });
  }
}
