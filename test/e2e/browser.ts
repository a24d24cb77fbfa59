/**
 * Helpers for the end-to-end tests in a real Chromium (Debian's `chromium`, driven by
 * playwright-core): build dist/ when missing or stale, serve it on a free localhost port, launch
 * the browser with every request outside localhost refused.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const OUTPUT = path.join(ROOT, 'test-output', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Build dist/ (webpack production) unless it is newer than every source it is built from. */
export function ensureDist(): void {
  const built = path.join(DIST, 'taskpane.html');
  // A build records when it started (sources edited during a build make it stale).
  const stamp = path.join(DIST, '.build-started');
  const builtAt = !fs.existsSync(built) ? 0 : fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : fs.statSync(built).mtimeMs;
  const inputs = ['src', 'assets', 'manifest.xml', 'webpack.config.js', 'package-lock.json'].map((p) => newestMtime(path.join(ROOT, p)));
  if (builtAt > 0 && builtAt >= Math.max(...inputs)) return;
  const started = Date.now();
  execFileSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production'], { cwd: ROOT, stdio: 'pipe', timeout: 600_000 });
  if (!fs.existsSync(built)) throw new Error('webpack 构建未生成 dist/taskpane.html');
  if (!fs.existsSync(stamp)) fs.writeFileSync(stamp, String(started));
}

/** Launch Chromium; a missing browser is a failure (never a skip), with the fix in the message. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`未找到浏览器 ${CHROMIUM}：端到端测试需要 Debian 的 chromium（apt-get install -y chromium）${process.env.CI ? '；CI 中浏览器缺失视为失败' : ''}。`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const { serveDist } = require(path.join(ROOT, 'scripts', 'serve.js')) as {
  serveDist(o: { root?: string; port?: number }): Promise<{ url: string; port: number; close(): Promise<void> }>;
};

/**
 * office.js replaced by the recording fake of the Excel API (test/workbook/office-fake.ts,
 * transpiled for the browser): the production bundle's Excel mode — Office.onReady, the Office.js
 * adapter, document settings — runs in Chromium against it.
 */
export function fakeOfficeJs(rows: Array<Array<string | number | null>>, sheet = '家庭名单'): string {
  const source = fs.readFileSync(path.join(ROOT, 'test', 'workbook', 'office-fake.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  return `(function(){var exports={};var module={exports:exports};${js}
window.__fake=exports;})();
(function(){
  var excel = new window.__fake.FakeExcel();
  excel.addSheet(${JSON.stringify(sheet)}, ${JSON.stringify(rows)});
  excel.addSheet('说明', [['本表不动']]);
  excel.activeSheet = ${JSON.stringify(sheet)};
  window.__excel = excel;
  window.Excel = { run: function (o, b) { return excel.run(o, b); } };
  var settings = {};
  window.__settings = settings;
  window.Office = {
    HostType: { Excel: 'Excel' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: function () { return Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }); },
    context: {
      requirements: { isSetSupported: function () { return true; } },
      document: { settings: {
        get: function (k) { return Object.prototype.hasOwnProperty.call(settings, k) ? settings[k] : null; },
        set: function (k, v) { settings[k] = v; },
        saveAsync: function (cb) { cb({ status: 'succeeded' }); },
      } },
    },
  };
})();`;
}


/**
 * One browser, one localhost server of dist/ and one context that refuses every request outside
 * it (office.js's CDN only where a page routes it to the fake), with the uncaught page errors
 * collected: what the edition-2 and impact e2e files share.
 */
export interface E2eSession {
  url: string;
  context: import('playwright-core').BrowserContext;
  pageErrors: string[];
  newPage(): Promise<import('playwright-core').Page>;
  /** taskpane.html with office.js answered by the recording fake holding `rows`, mapping shown. */
  openFakeExcelPane(rows: Array<Array<string | number | null>>): Promise<import('playwright-core').Page>;
  close(): Promise<void>;
}

export async function startE2eSession(viewport = { width: 900, height: 1400 }): Promise<E2eSession> {
  ensureDist();
  fs.mkdirSync(OUTPUT, { recursive: true });
  const server = await serveDist({ root: DIST, port: 0 });
  const browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN', viewport });
  await context.route((url) => !url.href.startsWith(server.url) && !url.href.startsWith('https://appsforoffice.microsoft.com/'), (route) => route.abort());
  const pageErrors: string[] = [];
  const newPage = async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };
  return {
    url: server.url, context, pageErrors, newPage,
    async openFakeExcelPane(rows) {
      const page = await newPage();
      await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: fakeOfficeJs(rows) }));
      await page.goto(`${server.url}taskpane.html`);
      await page.getByRole('table', { name: '表头映射表' }).waitFor({ timeout: 30_000 });
      return page;
    },
    async close() {
      await context.close();
      await browser.close();
      await server.close();
    },
  };
}
