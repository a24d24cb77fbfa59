/**
 * What the pane needs from where it runs. Inside Excel: the open workbook through the Office.js
 * adapter (src/workbook/office-workbook.ts). On the standalone page: an uploaded .xlsx through the
 * ExcelJS adapter, loaded lazily. The pane never touches Office.js or ExcelJS itself.
 */
import type { IsoDate } from '../policies/edition';
import type { ResultSheet } from '../sheets/result-sheet';
import type { ResultTag, WorkbookPort } from '../workbook/port';
import type { KeyValueStore } from './store';
import type { ExcelWorkbook } from '../workbook/office-workbook';

export type { ExcelWorkbook, Progress } from '../workbook/office-workbook';

/** An uploaded file on the standalone page. */
export interface FileWorkbook {
  port: WorkbookPort;
  /** The sheet to start with (first visible), or null. */
  firstSheet(): string | null;
  /** A copy of the uploaded workbook with the result sheets added, as .xlsx bytes. */
  withResults(sheets: ResultSheet[], tag: ResultTag): Promise<ArrayBuffer>;
}

interface HostBase {
  store: KeyValueStore;
  /** Today's date (policies/registry todayIso), injectable for tests. */
  today: IsoDate;
}

export interface ExcelHost extends HostBase {
  mode: 'excel';
  workbook: ExcelWorkbook;
}

export interface StandaloneHost extends HostBase {
  mode: 'standalone';
  openFile(bytes: ArrayBuffer, fileName: string): Promise<FileWorkbook>;
  /** Why we are standalone when office.js was expected (shown as a note), else null. */
  note?: string | null;
}

export type PaneHost = ExcelHost | StandaloneHost;
