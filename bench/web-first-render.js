#!/usr/bin/env node
/**
 * First render of the standalone page in headless Chromium on localhost (budget < 1.5 s): serves
 * dist/ (npm run build:web first), opens index.html N times in fresh browser contexts, and prints
 * the median time until the pane has rendered (performance mark "wz-first-render", set by the
 * App's first effect) and until the 开始计算 button is visible as seen from the test driver.
 *   node bench/web-first-render.js [runs=7]
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { serveDist } = require('../scripts/serve.js');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BUDGET_MS = 1500;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const runs = Number(process.argv[2] || 7);
  const dist = path.join(__dirname, '..', 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.error('dist/ 尚未构建：请先运行 npm run build:web');
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`未找到 ${CHROMIUM}（apt-get install -y chromium）`);
    process.exit(2);
  }
  const server = await serveDist({ root: dist, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const marks = [];
  const walls = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      await context.route((url) => !url.href.startsWith(server.url), (route) => route.abort());
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`${server.url}index.html`);
      await page.getByRole('button', { name: '开始计算' }).waitFor();
      walls.push(Date.now() - t0);
      marks.push(await page.evaluate(() => performance.getEntriesByName('wz-first-render')[0].startTime));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const m = median(marks);
  console.log(`独立网页首次渲染（headless Chromium，localhost，${runs} 次中位数）：${m.toFixed(0)} ms（performance mark，自导航开始）；驱动端 goto→按钮可见 ${median(walls).toFixed(0)} ms；预算 ${BUDGET_MS} ms ${m <= BUDGET_MS ? '✓' : '✗'}`);
  console.log(`  各次（ms）：${marks.map((x) => x.toFixed(0)).join(', ')}`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
