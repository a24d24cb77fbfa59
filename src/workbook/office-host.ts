/// <reference types="office-js" />
/**
 * Finding out whether the pane runs inside Excel: the only other place (with office-workbook.ts
 * and office-settings.ts) that touches Office.js. taskpane.html loads office.js with a timeout and
 * sets window.wzOfficeJs; here we wait for it and for Office.onReady.
 */
import { OfficeWorkbook } from './office-workbook';
import { OfficeSettingsStore } from './office-settings';

export type OfficeHostInfo =
  | { kind: 'excel'; workbook: OfficeWorkbook; settings: OfficeSettingsStore }
  /** No Office host: office.js absent (standalone page, no network) or another host. */
  | { kind: 'none'; host: string | null };

/** How long to wait for Office.onReady once office.js has loaded (the pane says so when it gives up). */
export const ONREADY_TIMEOUT_MS = 10_000;

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, () => { clearTimeout(timer); resolve(fallback); });
  });
}

/** Wait for office.js (if the page loads it) and Office.onReady; Excel → the adapters. */
export async function detectOfficeHost(officeJs: Promise<boolean> | undefined): Promise<OfficeHostInfo> {
  if (!officeJs) return { kind: 'none', host: null };
  const loaded = await officeJs;
  if (!loaded || typeof Office === 'undefined') return { kind: 'none', host: null };
  const info = await withTimeout<{ host: Office.HostType | null } | null>(Office.onReady(), ONREADY_TIMEOUT_MS, null);
  if (info && info.host === Office.HostType.Excel) {
    return { kind: 'excel', workbook: new OfficeWorkbook(Excel), settings: new OfficeSettingsStore() };
  }
  return { kind: 'none', host: info?.host ? String(info.host) : null };
}
