/**
 * Entry of the pane. On the add-in page (taskpane.html) office.js is loaded by a small loader with
 * a timeout (from OFFICE_JS_URL, set at build time). Then:
 * - Office.onReady reports Excel → the pane works on the open workbook;
 * - the page is inside an Office host (host.ts officeHostSigns) but office.js did not load or
 *   Office.onReady never came → a notice saying so, what works without Office.js and whom to ask
 *   (never a silent switch to the upload page: the user would not know why Excel is not read);
 * - a plain browser → the standalone page at once, switching to Excel mode only if Office.onReady
 *   later reports Excel.
 * index.html never loads office.js and is always standalone. In an old webview (IE11, EdgeHTML)
 * taskpane.html has already shown its own notice and this bundle does nothing. Office.js itself
 * stays in src/workbook/office-*.ts.
 */
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Button, FluentProvider, Link, MessageBar, MessageBarBody, MessageBarTitle, Text, Title3, webLightTheme } from '@fluentui/react-components';
import { App } from './App';
import { officeHostSigns, type PaneHost } from './host';
import { LocalStorageStore } from './store';
import { openFileWorkbook } from './standalone/file-workbook';
import { createEngine } from './engine/client';
import { spawnCalcWorker } from './engine/spawn';
import { todayIso } from '../policies/registry';
import { ONREADY_TIMEOUT_MS, detectOfficeHost, type OfficeHostInfo } from '../workbook/office-host';

declare global {
  interface Window {
    /** Set by taskpane.html: resolves true when office.js loaded. */
    wzOfficeJs?: Promise<boolean>;
    /** Set by taskpane.html: where office.js was loaded from and how that went. */
    wzOfficeJsLoad?: { url: string; outcome: 'pending' | 'loaded' | 'error' | 'timeout' | 'skipped'; timeoutMs: number };
    /** Set by taskpane.html's ES5 check: the name of an engine that cannot run the bundle, else null. */
    wzOldWebview?: string | null;
  }
}

/**
 * Opening, reading and calculating run in a Web Worker (engine/worker.ts, a file of its own that
 * is loaded with the first workbook); where the host cannot start one, on the page.
 */
const engine = () => createEngine((bytes) => openFileWorkbook(bytes), spawnCalcWorker);

function standaloneHost(note: string | null): PaneHost {
  return { mode: 'standalone', store: new LocalStorageStore(), today: todayIso(), note, openFile: (bytes) => openFileWorkbook(bytes), engine: engine() };
}

function excelHost(office: Extract<OfficeHostInfo, { kind: 'excel' }>): PaneHost {
  return { mode: 'excel', store: office.settings, today: todayIso(), workbook: office.workbook, engine: engine() };
}

/** What went wrong with Office.js, in the words of the notice: what happened, and the likely cause. */
function officeFailure(): { what: string; cause: string } {
  const load = window.wzOfficeJsLoad ?? { url: '（未知）', outcome: 'error' as const, timeoutMs: 0 };
  if (load.outcome === 'error' || load.outcome === 'timeout') {
    return {
      what: `Office.js 未能从 ${load.url} 加载（${load.outcome === 'error' ? '请求失败' : `${load.timeoutMs / 1000} 秒内没有加载完成`}）。`,
      cause: '本机所在网络（如政务外网、单位内网）可能不能访问这个地址。',
    };
  }
  // Only whether the script defined an Office object: the Office.js API stays in src/workbook/.
  if ((window as { Office?: unknown }).Office === undefined) {
    return {
      what: `已从 ${load.url} 取得文件，但其中没有 Office.js（可能是服务器返回了错误页面）。`,
      cause: '该地址上的 Office.js 镜像可能缺失或配置有误。',
    };
  }
  return {
    what: `Office.js 已从 ${load.url} 加载，但 Excel 在 ${ONREADY_TIMEOUT_MS / 1000} 秒内没有完成连接（Office.js 的就绪回调 onReady 没有报告宿主）。`,
    cause: 'Office.js 镜像可能不完整或已过期（须包含 CDN 上同一文件夹中的全部文件），或本机 Office 未能启动加载项。',
  };
}

function OfficeUnavailable({ signs, onContinue }: { signs: string[]; onContinue(): void }): React.ReactElement {
  const { what, cause } = officeFailure();
  const standalone = new URL('index.html', window.location.href).href;
  return (
    <FluentProvider theme={webLightTheme}>
      <div role="alert" aria-labelledby="wz-office-title" style={{ padding: 16, display: 'flex', flexDirection: 'column', gap: 12, lineHeight: 1.6 }}>
        <Title3 as="h1" id="wz-office-title">未能连接 Excel</Title3>
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Office.js 不可用</MessageBarTitle>
            {what}
          </MessageBarBody>
        </MessageBar>
        <Text>
          本页面是在 Office 中打开的（检测到：{signs.join('；')}），但没有 Office.js，任务窗格无法读取或写入当前工作簿。{cause}
        </Text>
        <Text weight="semibold">不需要 Office.js 也能计算：</Text>
        <ul style={{ margin: 0 }}>
          <li>
            在浏览器中打开独立网页{' '}
            <Link href={standalone} target="_blank" style={{ wordBreak: 'break-all' }}>{standalone}</Link>
            ，选择 .xlsx 工作簿，计算后下载结果；
          </li>
          <li>或使用命令行工具 wzpolicy。</li>
        </ul>
        <Text>
          请联系本单位负责部署本加载项的信息技术管理员：可以放通到上述 Office.js 地址的访问，或把 Microsoft CDN 上的 Office.js
          文件镜像到内网服务器，并在构建加载项时用 OFFICE_JS_URL 设置指向该镜像。
        </Text>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
          <Button appearance="primary" onClick={() => window.location.reload()}>重试</Button>
          <Button onClick={onContinue}>在本窗格中上传文件计算</Button>
          <Link href="help.html#office-js" target="_blank">帮助</Link>
        </div>
      </div>
    </FluentProvider>
  );
}

/** Inside an Office host: wait for Excel; anything but Excel is said, never silently replaced. */
async function bootInOffice(root: Root, officeJs: Promise<boolean>, signs: string[]): Promise<void> {
  root.render(<div style={{ padding: 16 }}>正在连接 Excel…</div>);
  const office = await detectOfficeHost(officeJs);
  if (office.kind === 'excel') {
    root.render(<App host={excelHost(office)} />);
  } else if (office.host) {
    root.render(<App host={standaloneHost(`当前宿主（${office.host}）不是 Excel，已切换为独立网页模式。`)} />);
  } else {
    const note = '未能连接 Excel（Office.js 不可用），以下是独立网页模式：请选择 .xlsx 文件，计算后下载结果。';
    root.render(<OfficeUnavailable signs={signs} onContinue={() => root.render(<App host={standaloneHost(note)} />)} />);
  }
}

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container || window.wzOldWebview) return;
  const root = createRoot(container);
  const officeJs = window.wzOfficeJs;
  if (!officeJs) {
    root.render(<App host={standaloneHost(null)} />);
    return;
  }
  const signs = officeHostSigns(window, window.wzOfficeJsLoad?.outcome === 'loaded');
  if (signs.length > 0) {
    await bootInOffice(root, officeJs, signs);
    return;
  }
  root.render(<App key="standalone" host={standaloneHost(null)} />);
  const office = await detectOfficeHost(officeJs);
  if (office.kind === 'excel') root.render(<App key="excel" host={excelHost(office)} />);
}

void boot();
