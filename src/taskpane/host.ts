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
import type { CalcEngine } from './engine/client';

export type { ExcelWorkbook, Progress, SheetPreview } from '../workbook/office-workbook';

/** An uploaded file on the standalone page. */
export interface FileWorkbook {
  port: WorkbookPort;
  /** The sheet to start with (first visible), or null. */
  firstSheet(): string | null;
  /**
   * A copy of the uploaded workbook with the result sheets added, as .xlsx bytes, and how it was
   * written: 'package' (inserted into the upload, every other part kept) or 'exceljs' (the
   * fallback re-save, which drops charts, pivot tables and custom XML ExcelJS cannot keep).
   */
  withResults(sheets: ResultSheet[], tag: ResultTag): Promise<{ bytes: ArrayBuffer; method: 'package' | 'exceljs' }>;
}

interface HostBase {
  store: KeyValueStore;
  /** Today's date (policies/registry todayIso), injectable for tests. */
  today: IsoDate;
  /**
   * Where opening, reading and calculating run (engine/client.ts): the pane's entry gives the Web
   * Worker engine; absent → the same engine on the page (tests, hosts without workers).
   */
  engine?: CalcEngine;
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

/**
 * Signs that the page runs inside an Office host, read where office.js itself reads its host
 * information (OSF._OfficeAppFactory.retrieveHostInfo): the `_host_Info` query parameter, the JSON
 * in `window.name`, `window.external.GetHostInfo`/`GetContext` (the IE/EdgeHTML hosts of Office on
 * Windows), the session-storage key office.js keeps across reloads; and the hosts' bridges:
 * WebView2's `chrome.webview` (current Office on Windows), WKWebView's `Agave` handler (Mac), an
 * iframe (Excel on the web), an `Office` object present although our office.js did not load.
 *
 * Each sign is a short Chinese description: the notice lists them, so that whoever helps the user
 * sees why the page thinks it is in Office. None of them → a plain browser: the standalone page.
 */
export function officeHostSigns(w: Window, officeJsLoaded: boolean): string[] {
  const signs: string[] = [];
  const g = w as unknown as {
    external?: object;
    chrome?: { webview?: unknown };
    webkit?: { messageHandlers?: Record<string, unknown> };
    Office?: unknown;
  };
  const hostInfo = /[?&#]_host_Info=([^&#]*)/i.exec(`${w.location.search}${w.location.hash}`);
  if (hostInfo) {
    let value = hostInfo[1];
    try {
      value = decodeURIComponent(value);
    } catch {
      // shown as it is
    }
    signs.push(`地址参数 _host_Info=${value}`);
  }
  try {
    const name = JSON.parse(w.name) as { hostInfo?: unknown } | null;
    if (name && typeof name === 'object' && name.hostInfo) signs.push('窗口名称中的 Office 宿主信息');
  } catch {
    // window.name is not JSON: no sign
  }
  try {
    if (w.sessionStorage.getItem('hostInfoValue')) signs.push('本会话中 Office.js 记下的宿主信息');
  } catch {
    // storage blocked (sandboxed frame): no sign
  }
  if (g.external && ('GetHostInfo' in g.external || 'GetContext' in g.external)) signs.push('window.external（Windows 版 Office 的宿主接口）');
  if (g.chrome?.webview) signs.push('WebView2 宿主接口（Windows 版 Office）');
  if (g.webkit?.messageHandlers?.Agave) signs.push('Agave 宿主接口（Mac 版 Office）');
  if (w.top !== w) signs.push('页面嵌在框架（iframe）中（Excel 网页版即如此）');
  if (!officeJsLoaded && g.Office !== undefined) signs.push('页面中已有 Office 对象');
  return signs;
}
