#!/usr/bin/env node
/**
 * Prints the size of the built pane (dist/): the JavaScript taskpane.html loads at start (budget
 * ≤ 300 KB gzip) and the lazy chunks (ExcelJS, the xlsx reader, signing, and the calculation
 * worker calc-worker.*.js, which the pane starts when the first workbook is opened). `--check` exits
 * 1 when the budget is exceeded, or when the build has no calculation worker (the pane would then
 * calculate on its own thread).
 *   node scripts/bundle-size.js [--check] [--json]
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const BUDGET_GZIP = 300 * 1024;
// WZ_OUTPUT_DIR: the same output folder webpack.config.js builds into (default dist/).
const dist = path.resolve(__dirname, '..', process.env.WZ_OUTPUT_DIR || 'dist');

function measure() {
  const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]*\bsrc=["']?([^"'\s>]+\.js)/g)].map((m) => m[1]).filter((s) => !/^https?:/.test(s));
  const files = fs.readdirSync(dist).filter((f) => f.endsWith('.js'));
  const rows = files.map((f) => {
    const data = fs.readFileSync(path.join(dist, f));
    return { file: f, bytes: data.length, gzip: zlib.gzipSync(data, { level: 9 }).length, initial: initial.includes(f) };
  });
  const initialGzip = rows.filter((r) => r.initial).reduce((s, r) => s + r.gzip, 0);
  const initialBytes = rows.filter((r) => r.initial).reduce((s, r) => s + r.bytes, 0);
  const worker = rows.find((r) => /^calc-worker\./.test(r.file)) || null;
  return { rows, initialGzip, initialBytes, budget: BUDGET_GZIP, withinBudget: initialGzip <= BUDGET_GZIP, worker };
}

module.exports = { measure, BUDGET_GZIP };

if (require.main === module) {
  if (!fs.existsSync(path.join(dist, 'taskpane.html'))) {
    console.error('dist/ 尚未构建：请先运行 npm run build:web');
    process.exit(2);
  }
  const m = measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(m, null, 2));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    for (const r of m.rows.sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip)) {
      console.log(`${r.initial ? '初始' : '延迟'}  ${r.file.padEnd(36)} ${kb(r.bytes).padStart(10)}  gzip ${kb(r.gzip).padStart(9)}`);
    }
    console.log(`任务窗格初始 JavaScript：${kb(m.initialBytes)}，gzip ${kb(m.initialGzip)}（预算 ${kb(m.budget)}）${m.withinBudget ? '✓' : '✗ 超出预算'}`);
    console.log(m.worker ? `计算线程：${m.worker.file}，gzip ${kb(m.worker.gzip)}（不计入初始加载）` : '✗ 构建中没有计算线程（calc-worker.*.js）');
  }
  if (process.argv.includes('--check') && (!m.withinBudget || !m.worker)) process.exit(1);
}
