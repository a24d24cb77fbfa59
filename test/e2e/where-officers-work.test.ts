/**
 * Where officers work (issue 9), end to end in a real Chromium against the production build:
 * - opened as if inside Excel (the `_host_Info` query parameter Office adds, or `window.external`)
 *   with office.js unreachable, failing or never calling back, the pane says so within 10 s
 *   instead of silently becoming the upload page;
 * - with the user agents of Internet Explorer 11 (Office 2016) and EdgeHTML 18 (Office 2019) the
 *   inline ES5 check shows the old-webview notice and the bundle stays idle; its inline scripts
 *   parse as ES5;
 * - an intranet build (ADDIN_URL on a government host, OFFICE_JS_URL on a local mirror; built with
 *   `npm run build:web` into a temporary folder, dist/ untouched) loads office.js from the mirror
 *   and nothing from Microsoft's CDN, and has no `localhost` left in any of its files.
 * Times are printed (the notice's wall time from navigation), screenshots go to test-output/e2e/.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseJs } from 'acorn';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIST, OUTPUT, ROOT, ensureDist, fakeOfficeJs, launchChromium, serveDist } from './browser';
import { checkManifest } from '../../scripts/manifest';

const CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** What Excel for Windows appends to the pane's URL (office.js reads the host from it). */
const IN_EXCEL = '?_host_Info=Excel$Win32$16.01$zh-CN$$$$0';
/** Internet Explorer 11 as Office 2016 presents it in a task pane, and EdgeHTML 18 (Office 2019, Windows 10 1809+). */
const OLD_WEBVIEWS = [
  {
    name: 'IE11',
    engine: 'Internet Explorer 11（Trident）',
    ua: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko',
  },
  {
    name: 'EdgeHTML 18',
    engine: '旧版 Microsoft Edge（EdgeHTML）',
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582',
  },
];
const NOTICE_BUDGET_MS = 10_000;

let browser: Browser;
let server: { url: string; close(): Promise<void> };
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureDist();
  fs.mkdirSync(OUTPUT, { recursive: true });
  server = await serveDist({ root: DIST, port: 0 });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

/** A context where nothing outside `allowed` is reachable: such requests are aborted and recorded. */
async function isolatedContext(
  allowed: string[],
  options: { userAgent?: string } = {},
): Promise<{ context: BrowserContext; refused: string[]; requested: string[] }> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 420, height: 900 }, ...options });
  const refused: string[] = [];
  const requested: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  await context.route(
    (url) => !allowed.some((a) => url.href.startsWith(a)),
    (route) => {
      refused.push(route.request().url());
      return route.abort();
    },
  );
  return { context, refused, requested };
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}

/** Navigate and wait for the "cannot connect to Excel" notice; returns its text and the wall time. */
async function noticeAfter(page: Page, url: string): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  // Not waiting for "load": a held office.js request holds the load event too.
  await page.goto(url, { waitUntil: 'commit' });
  const notice = page.getByRole('alert', { name: '未能连接 Excel' });
  await notice.waitFor({ timeout: 20_000 });
  const ms = Date.now() - started;
  return { text: (await notice.textContent()) ?? '', ms };
}

function log(line: string): void {
  // eslint-disable-next-line no-console
  console.log(line);
}

describe('inside Excel without Office.js: a notice, never a silent fallback', () => {
  it('office.js unreachable (request refused): the notice within 10 s; the pane can still be used for an upload', async () => {
    const { context, refused } = await isolatedContext([server.url]);
    const page = await newPage(context);
    const { text, ms } = await noticeAfter(page, `${server.url}taskpane.html${IN_EXCEL}`);
    log(`通知（office.js 请求被拒绝）：导航→通知可见 ${ms} ms`);
    expect(ms).toBeLessThan(NOTICE_BUDGET_MS);
    expect(refused).toEqual([CDN]);
    // What happened, that the standalone page and the CLI work without Office.js, whom to ask.
    expect(text).toContain(`Office.js 未能从 ${CDN} 加载（请求失败）`);
    expect(text).toContain('检测到：地址参数 _host_Info=Excel$Win32$16.01$zh-CN$$$$0');
    expect(text).toContain(`${server.url}index.html`);
    expect(text).toContain('命令行工具 wzpolicy');
    expect(text).toContain('信息技术管理员');
    expect(text).toContain('OFFICE_JS_URL');
    // Not the upload page.
    await expect(page.getByLabel('选择工作簿').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(OUTPUT, 'office-js-unreachable.png'), fullPage: true });
    // The user may choose the upload page here, and is told why it is that.
    await page.getByRole('button', { name: '在本窗格中上传文件计算' }).click();
    await page.getByLabel('选择工作簿').waitFor();
    await page.getByText('未能连接 Excel（Office.js 不可用）').waitFor();
    await context.close();
  });

  it('office.js that never answers: the loader gives up at 8 s and the notice is there within 10 s', async () => {
    const { context } = await isolatedContext([server.url]);
    // Hold the request forever, as a firewall that drops packets does.
    await context.route(CDN, () => new Promise<void>(() => undefined));
    const page = await newPage(context);
    const { text, ms } = await noticeAfter(page, `${server.url}taskpane.html${IN_EXCEL}`);
    log(`通知（office.js 无应答）：导航→通知可见 ${ms} ms`);
    expect(ms).toBeLessThan(NOTICE_BUDGET_MS);
    expect(text).toContain('8 秒内没有加载完成');
    await context.close();
  });

  it('office.js loads but Office.onReady never comes: the notice says that, after the 10 s wait', async () => {
    const { context } = await isolatedContext([server.url, CDN]);
    await context.route(CDN, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: 'window.Office = { HostType: { Excel: "Excel" }, onReady: function () { return new Promise(function () {}); } };',
      }),
    );
    const page = await newPage(context);
    const { text, ms } = await noticeAfter(page, `${server.url}taskpane.html${IN_EXCEL}`);
    log(`通知（Office.onReady 未返回）：导航→通知可见 ${ms} ms`);
    expect(ms).toBeGreaterThanOrEqual(10_000);
    expect(text).toContain('onReady 没有报告宿主');
    await context.close();
  });

  it('another sign of a host (window.external.GetContext, no query parameter) is enough', async () => {
    const { context } = await isolatedContext([server.url]);
    await context.addInitScript(() => {
      Object.defineProperty(window, 'external', { value: { GetContext: () => null }, configurable: true });
    });
    const page = await newPage(context);
    const { text } = await noticeAfter(page, `${server.url}taskpane.html`);
    expect(text).toContain('window.external');
    await context.close();
  });

  it('in a plain browser the add-in page stays the standalone page when office.js cannot load', async () => {
    const { context, refused } = await isolatedContext([server.url]);
    const page = await newPage(context);
    await page.goto(`${server.url}taskpane.html`);
    await page.getByLabel('选择工作簿').waitFor();
    await page.waitForTimeout(500);
    expect(refused).toEqual([CDN]);
    await expect(page.getByRole('alert', { name: '未能连接 Excel' }).count()).resolves.toBe(0);
    await context.close();
  });
});

describe('old webviews (Office 2016/2019): the ES5 check shows a notice instead of hanging', () => {
  for (const { name, engine, ua } of OLD_WEBVIEWS) {
    it(`${name}: taskpane.html says this Office cannot run the pane and what to do; nothing else loads`, async () => {
      const { context, requested } = await isolatedContext([server.url], { userAgent: ua });
      const page = await newPage(context);
      const started = Date.now();
      await page.goto(`${server.url}taskpane.html${IN_EXCEL}`);
      const notice = page.getByRole('alert', { name: '此版本的 Office 无法运行「温州政策测算」任务窗格' });
      await notice.waitFor({ timeout: 5_000 });
      log(`${name}：导航→旧内核通知可见 ${Date.now() - started} ms`);
      const text = (await notice.textContent()) ?? '';
      expect(text).toContain(engine);
      expect(text).toContain(`${server.url}index.html`);
      expect(text).toContain('命令行工具 wzpolicy');
      expect(text).toContain('Office 2021');
      // The bundle stays idle (it would replace #root) and office.js is not even requested.
      await page.waitForTimeout(1_000);
      await expect(notice.isVisible()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: '开始计算' }).count()).resolves.toBe(0);
      expect(requested.filter((u) => !u.startsWith(server.url))).toEqual([]);
      await page.screenshot({ path: path.join(OUTPUT, `old-webview-${name.replace(/\W+/g, '-')}.png`), fullPage: true });
      // The standalone page in the same engine says so too.
      await page.goto(`${server.url}index.html`);
      await page.getByRole('alert', { name: '此浏览器无法打开「温州政策测算」网页' }).waitFor({ timeout: 5_000 });
      await context.close();
    });
  }

  it('an engine that cannot compile ?. / ?? is caught by the feature test, whatever its user agent', async () => {
    const { context } = await isolatedContext([server.url]);
    await context.addInitScript(() => {
      // As an old engine would: compiling modern syntax is a SyntaxError.
      (window as unknown as { Function: unknown }).Function = function () {
        throw new SyntaxError('Expected identifier');
      };
    });
    const page = await newPage(context);
    await page.goto(`${server.url}taskpane.html`);
    const notice = page.getByRole('alert', { name: '此版本的 Office 无法运行「温州政策测算」任务窗格' });
    await notice.waitFor({ timeout: 5_000 });
    await expect(notice.textContent()).resolves.toContain('不支持 ES2020 的浏览器内核');
    await context.close();
  });

  it('the inline scripts of taskpane.html and index.html are ES5 (they must run in IE11)', () => {
    for (const file of ['taskpane.html', 'index.html']) {
      const html = fs.readFileSync(path.join(DIST, file), 'utf8');
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      expect(inline.length).toBeGreaterThanOrEqual(file === 'taskpane.html' ? 3 : 2);
      for (const js of inline) expect(() => parseJs(js, { ecmaVersion: 5 })).not.toThrow();
    }
  });
});

describe('an intranet build: ADDIN_URL on a government host, OFFICE_JS_URL on a mirror', () => {
  const ADDIN_URL = 'https://addin.example.gov.cn/wz/';
  let out: string;
  let mirror: { url: string; port: number; close(): Promise<void> };
  let mirrorUrl: string;
  let intranet: { url: string; close(): Promise<void> };
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wz-intranet-'));
    // The mirror: the CDN folder layout, with the recording fake of Excel as its office.js.
    const mirrorRoot = path.join(tmp, 'mirror');
    fs.mkdirSync(path.join(mirrorRoot, 'lib', '1', 'hosted'), { recursive: true });
    const rows = [
      ['家庭编号', '姓名', '身份证号', '县（市、区）', '综合保障后自负医疗费用（元）'],
      ['F001', '张三', '', '文成县', 250000],
    ];
    fs.writeFileSync(path.join(mirrorRoot, 'lib', '1', 'hosted', 'office.js'), fakeOfficeJs(rows));
    mirror = await serveDist({ root: mirrorRoot, port: 0 });
    // 127.0.0.1 rather than "localhost": the build must not contain the word at all.
    mirrorUrl = `http://127.0.0.1:${mirror.port}/lib/1/hosted/office.js`;
    out = path.join(tmp, 'dist');
    // The README's command, into a temporary folder so that dist/ (used by the other tests) stays.
    execFileSync('npm', ['run', '--silent', 'build:web'], {
      cwd: ROOT,
      env: { ...process.env, ADDIN_URL, OFFICE_JS_URL: mirrorUrl, WZ_OUTPUT_DIR: out },
      stdio: 'pipe',
      timeout: 600_000,
    });
    intranet = await serveDist({ root: out, port: 0 });
  }, 600_000);

  afterAll(async () => {
    await intranet?.close();
    await mirror?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('has no localhost in any file, and its manifest points at ADDIN_URL throughout (AppDomain included)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else files.push(path.join(dir, e.name));
      }
    };
    walk(out);
    expect(files.length).toBeGreaterThan(8);
    expect(files.filter((f) => fs.readFileSync(f).includes('localhost')).map((f) => path.relative(out, f))).toEqual([]);
    const xml = fs.readFileSync(path.join(out, 'manifest.xml'), 'utf8');
    expect(xml).toContain('<AppDomain>https://addin.example.gov.cn</AppDomain>');
    expect(xml).toContain(`<SourceLocation DefaultValue="${ADDIN_URL}taskpane.html"/>`);
    const readFile = (rel: string): Buffer | null => (fs.existsSync(path.join(out, rel)) ? fs.readFileSync(path.join(out, rel)) : null);
    expect(checkManifest(xml, { readFile, base: ADDIN_URL })).toEqual([]);
    const html = fs.readFileSync(path.join(out, 'taskpane.html'), 'utf8');
    expect(html).toContain(mirrorUrl);
    expect(html).not.toContain('appsforoffice.microsoft.com');
  });

  it('the pane loads office.js from the mirror (request recorded) and works on the workbook', async () => {
    const { context, refused, requested } = await isolatedContext([intranet.url, `http://127.0.0.1:${mirror.port}/`]);
    const page = await newPage(context);
    await page.goto(`${intranet.url}taskpane.html${IN_EXCEL}`);
    await page.getByRole('button', { name: '使用当前工作表' }).waitFor({ timeout: 30_000 });
    await page.getByRole('table', { name: '表头映射表' }).waitFor();
    expect(requested).toContain(mirrorUrl);
    expect(requested.some((u) => u.includes('appsforoffice.microsoft.com'))).toBe(false);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('an OFFICE_JS_URL a task pane cannot load (plain http on a remote host) stops the build with the reason', () => {
    const r = spawnSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production'], {
      cwd: ROOT,
      env: {
        ...process.env,
        OFFICE_JS_URL: 'http://mirror.example.gov.cn/lib/1/hosted/office.js',
        WZ_OUTPUT_DIR: path.join(out, '..', 'never'),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('OFFICE_JS_URL 必须是 https 地址');
    expect(fs.existsSync(path.join(out, '..', 'never'))).toBe(false);
  });
});
