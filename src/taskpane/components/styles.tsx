/**
 * The pane's layout rules, one style sheet: the numbered steps, field grids that use a desktop
 * width and fold to one column in a 320 px task pane, and tables whose rows become stacked
 * label/value lines when narrow (a six-column county table cannot fit 320 px otherwise). Colours
 * are Fluent's neutral tokens with at least 4.5:1 contrast on white.
 */
import * as React from 'react';

export const PANE_CSS = `
.wz-main { box-sizing: border-box; width: 100%; max-width: 1180px; margin: 0 auto; padding: 12px; display: flex; flex-direction: column; gap: 12px; overflow-wrap: anywhere; }
.wz-main *, .wz-main *::before, .wz-main *::after { box-sizing: border-box; }
.wz-main h1 { font-size: 20px; line-height: 28px; margin: 0; font-weight: 600; }
.wz-step { border: 1px solid #d1d1d1; border-radius: 6px; padding: 10px 12px; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.wz-step[data-state="current"] { border-color: #0f6cbd; box-shadow: 0 0 0 1px #0f6cbd inset; }
.wz-step > h2, .wz-step-title { font-size: 16px; line-height: 22px; margin: 0; font-weight: 600; display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.wz-step[data-state="pending"] > h2 { color: #616161; }
.wz-step-note { color: #424242; font-size: 13px; margin: 0; }
.wz-done { color: #0e700e; font-size: 13px; font-weight: 600; }
.wz-columns { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
@media (min-width: 900px) {
  .wz-columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; }
}
.wz-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr)); gap: 8px 16px; }
.wz-fill { width: 100%; min-width: 0; max-width: 100%; }
.wz-fill select, .wz-fill input { min-width: 0; max-width: 100%; }
.wz-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.wz-why { color: #424242; font-size: 13px; margin: 0; }
.wz-hint { color: #424242; font-size: 12px; line-height: 16px; margin: 2px 0 0; }
.wz-warn-text { color: #8a3707; }
.wz-error-text { color: #b10e1c; }
.wz-ok-text { color: #0e700e; font-weight: 600; }
.wz-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.wz-table { width: 100%; border-collapse: collapse; font-size: 13px; line-height: 18px; }
.wz-table caption { text-align: left; font-weight: 600; padding: 4px 0; }
.wz-table th, .wz-table td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e0e0e0; vertical-align: top; }
.wz-table th { font-weight: 600; color: #242424; }
.wz-table .wz-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wz-tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); gap: 12px; align-items: start; }
@media (max-width: 560px) {
  .wz-table.wz-stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0); }
  .wz-table.wz-stack, .wz-table.wz-stack tbody, .wz-table.wz-stack tr, .wz-table.wz-stack td { display: block; width: 100%; }
  .wz-table.wz-stack tr { border-bottom: 1px solid #d1d1d1; padding: 4px 0; }
  .wz-table.wz-stack td { display: flex; justify-content: space-between; gap: 8px; border: 0; padding: 1px 0; text-align: right; white-space: normal; }
  .wz-table.wz-stack td::before { content: attr(data-label); color: #424242; text-align: left; flex: 0 0 auto; max-width: 55%; }
  .wz-table.wz-stack td:first-child { font-weight: 600; }
}
.wz-details { border: 1px solid #e0e0e0; border-radius: 4px; padding: 4px 8px; }
.wz-details > summary { cursor: pointer; padding: 2px 0; }
.wz-details[open] > summary { margin-bottom: 4px; }
.wz-list { list-style: none; padding: 0; margin: 0; }
.wz-list li { margin: 2px 0; }
.wz-mono { font-family: Consolas, "Courier New", monospace; word-break: break-all; }
.wz-textarea { width: 100%; min-height: 72px; font-family: Consolas, "Courier New", monospace; font-size: 12px; }
`;

export function PaneStyles(): React.ReactElement {
  return <style>{PANE_CSS}</style>;
}
