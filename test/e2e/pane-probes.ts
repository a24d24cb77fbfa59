/**
 * What the task-pane e2e tests (pane-ux.test.ts) measure in the page: main-thread long tasks
 * (PerformanceObserver 'longtask'), the progress lines the pane shows, axe-core violations, the
 * primary buttons on screen, horizontal overflow; and the large workbooks they measure on. The
 * figures are written to test-output/e2e/figures.json: speed is a benchmark figure there, never a
 * timed assertion.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Workbook } from 'exceljs';
import type { Page } from 'playwright-core';
import { OUTPUT } from './browser';
import { code } from '../fixtures/hq-rating/builders';
import { HQ_HEADERS, RELIEF_HEADERS } from '../../scripts/example-workbooks';

/**
 * Runs before the page's own scripts: records every long task and every change of the pane's
 * progress line (data-testid="progress-label") with its time.
 */
export const PROBES = `(() => {
  window.__longtasks = [];
  window.__progress = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__longtasks = null; }
  let last = '';
  const look = () => {
    const el = document.querySelector('[data-testid="progress-label"]');
    const text = el ? el.textContent : '';
    if (text && text !== last) window.__progress.push({ t: performance.now(), text });
    last = text;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

export interface LongTask {
  start: number;
  duration: number;
}

export async function probesOf(page: Page): Promise<{ longtasks: LongTask[] | null; progress: Array<{ t: number; text: string }>; now: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __longtasks: LongTask[] | null; __progress: Array<{ t: number; text: string }> };
    return { longtasks: w.__longtasks, progress: w.__progress, now: performance.now() };
  });
}

/** The longest task that started at or after `from` (ms since navigation), and how many exceeded 50 / 200 ms. */
export function longest(tasks: LongTask[] | null, from: number, to = Infinity): { longestMs: number; over50: number; over200: number } {
  const within = (tasks ?? []).filter((t) => t.start >= from && t.start <= to);
  return {
    longestMs: Math.round(Math.max(0, ...within.map((t) => t.duration))),
    over50: within.length,
    over200: within.filter((t) => t.duration > 200).length,
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core (node_modules/axe-core/axe.min.js injected into the page): its serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // Let CSS transitions end first (a button turning from primary to secondary is mid-colour while
  // it fades, which axe would measure).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: 10_000 });
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!has) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => `${n.target.join(' ')}: ${(n as { failureSummary?: string }).failureSummary ?? ''}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The visible, enabled buttons drawn as primary (Fluent's brand background). */
export async function primaryButtons(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('button')]
    .filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && !b.closest('[hidden]') && getComputedStyle(b).backgroundColor === 'rgb(15, 108, 189)';
    })
    .map((b) => (b.textContent ?? '').trim()));
}

/** Whether the page scrolls sideways: scrollWidth against clientWidth of the document. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
}

// ---- figures -----------------------------------------------------------------------------------

const FIGURES = path.join(OUTPUT, 'figures.json');

/** Merge figures into test-output/e2e/figures.json (each test file adds its part). */
export function recordFigures(part: Record<string, unknown>): void {
  fs.mkdirSync(OUTPUT, { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(FIGURES, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figures of this run
  }
  fs.writeFileSync(FIGURES, `${JSON.stringify({ ...all, ...part, updated: new Date().toISOString() }, null, 2)}\n`);
}

// ---- workbooks ---------------------------------------------------------------------------------

/**
 * 10,000 headquarters, as in the measurement: every 20th one listed after the rating date
 * (500 warnings of one kind) and an unknown 备注 column (one more): 501 warnings.
 */
export async function hqWorkbook(n = 10_000): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('总部企业');
  ws.addRow([...HQ_HEADERS, '备注']);
  for (let i = 0; i < n; i++) {
    const filers = 500 + ((i * 7919) % 19_000);
    const late = i % 20 === 0;
    ws.addRow([
      code(100_000 + i), `示例总部企业${i + 1}有限公司`, null,
      ((i * 104_729) % 3_000_000) / 100 + 1, ((i * 31_337) % 300_000) / 100 + 0.1, ((i * 7_331) % 5_000_000) / 10,
      Math.round(filers * 0.8), filers, null,
      i % 53 === 0 ? '中国企业500强' : null,
      late ? '上海证券交易所' : null,
      // 1 March of this year: after the default rating date (31 December of last year)
      late ? new Date(Date.UTC(new Date().getUTCFullYear(), 2, 1)) : null,
      null,
      i % 7 === 0 ? '复核' : null,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `n` relief rows for the fake Excel (header first), families spread over the pilot counties. */
export function reliefRows(n = 10_000): Array<Array<string | number | null>> {
  const counties = ['永嘉县', '平阳县', '苍南县', '文成县', '泰顺县', '洞头区'];
  const rows: Array<Array<string | number | null>> = [[...RELIEF_HEADERS]];
  for (let i = 0; i < n; i++) rows.push([`F${String(i + 1).padStart(5, '0')}`, `家庭${i + 1}`, '', counties[i % counties.length], 100_000 + ((i * 7_919) % 150_000) + (i % 100) / 100]);
  return rows;
}
