/**
 * Entry of the pane. On the add-in page (taskpane.html) office.js is loaded by a small loader with
 * a timeout; when Office.onReady reports Excel the pane works on the open workbook, otherwise (no
 * host, no network, opened in a browser) it becomes the standalone page. index.html never loads
 * office.js and is always standalone. Office.js itself stays in src/workbook/office-*.ts.
 */
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { PaneHost } from './host';
import { LocalStorageStore } from './store';
import { openFileWorkbook } from './standalone/file-workbook';
import { todayIso } from '../policies/registry';
import { detectOfficeHost } from '../workbook/office-host';

declare global {
  interface Window {
    /** Set by taskpane.html: resolves true when office.js loaded from the CDN. */
    wzOfficeJs?: Promise<boolean>;
  }
}

/**
 * Signs that the page runs inside an Office host (the ones office.js itself looks at): then we wait
 * for Office.onReady before rendering. Otherwise the standalone page renders at once and switches
 * to Excel mode only if Office.onReady later reports Excel.
 */
function likelyInOffice(): boolean {
  const w = window as unknown as { top: unknown; external?: object; webkit?: { messageHandlers?: Record<string, unknown> } };
  return /[?&]_host_Info=/i.test(window.location.search)
    || w.top !== window
    || Boolean(w.external && 'GetContext' in w.external)
    || Boolean(w.webkit?.messageHandlers?.Agave);
}

function standaloneHost(note: string | null): PaneHost {
  return { mode: 'standalone', store: new LocalStorageStore(), today: todayIso(), note, openFile: (bytes) => openFileWorkbook(bytes) };
}

async function officeHost(): Promise<PaneHost | string | null> {
  const office = await detectOfficeHost(window.wzOfficeJs);
  if (office.kind === 'excel') return { mode: 'excel', store: office.settings, today: todayIso(), workbook: office.workbook };
  return office.host ? `当前宿主（${office.host}）不是 Excel，已切换为独立网页模式。` : null;
}

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  if (!window.wzOfficeJs) {
    root.render(<App host={standaloneHost(null)} />);
    return;
  }
  if (likelyInOffice()) {
    root.render(<div style={{ padding: 16 }}>正在连接 Excel…</div>);
    const found = await officeHost();
    root.render(<App host={typeof found === 'object' && found !== null ? found : standaloneHost(found)} />);
    return;
  }
  root.render(<App key="standalone" host={standaloneHost(null)} />);
  const found = await officeHost();
  if (typeof found === 'object' && found !== null) root.render(<App key="excel" host={found} />);
}

void boot();
