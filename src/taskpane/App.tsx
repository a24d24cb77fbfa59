/**
 * The task pane, in numbered steps with one primary action at a time:
 *   ① 选择工作簿 / 选择工作表  ② 核对表头（测算项目、表头映射）  ③ 开始计算（该测算的设置）
 *   ④ 下载结果 / 写入结果（摘要、按类别折叠的校验问题）  ⑤ 签章（可选，默认收起）
 * A disabled button says why. Opening, reading and calculating run in the calculation worker
 * (engine/), so that a 10,000-row workbook never freezes the pane; in Excel the sheet is read
 * through Office.js in row chunks (office-workbook.ts). Progress is shown in rows (已读取 3,200 /
 * 10,000 行) with a 取消 button. Results and errors are announced in a polite live region and the
 * focus moves to the summary (or the problems) after a run.
 *
 * A draft edition (a JSON edition file of the next round, docs/interfaces.md「6」--edition) may be
 * picked: the run then uses it (every result sheet says so), and 方案对比 shows the input under the
 * edition in force and under the draft side by side. The water fund's 第六条 what-if sheet and its
 * weights are offered as on the command line (--what-if-sheet, --what-if-weights).
 */
import * as React from 'react';
import { Button, Field, FluentProvider, MessageBar, MessageBarBody, ProgressBar, Select, webLightTheme } from '@fluentui/react-components';
import { CALCULATORS, suggestCalculator, type AnyCalculator } from '../calculators';
// docs/rules.md §2: the water fund's edition is chosen by fund year (default: the year before today).
import { defaultFundYear } from '../calculators/water-fund';
import type { CalculatorKind } from '../calculators/types';
import type { CompareReport } from '../calculators/compare';
import type { Problem } from '../sheets/problem';
import type { ResultSheet } from '../sheets/result-sheet';
import { abortError, isAbortError, type ResultTag } from '../workbook/port';
import { parseDraftEdition } from '../policies/schema';
import type { PaneHost } from './host';
import {
  DATE_FORMATS_TEXT, PREVIEW_ROWS, count, detectMapping, editionInfo, editionOf, effectiveMapping, fundYearOf, loadMapping, missingRequired, paneMessage,
  parseDateInput, previewOf, saveMapping, settingsView, type SummaryView,
} from './model';
import { MappingEditor } from './components/MappingEditor';
import { SettingsEditor } from './components/SettingsEditor';
import { CompareView } from './components/CompareView';
import { ProblemsList } from './components/ProblemsList';
import { Summary } from './components/Summary';
import { PaneStyles } from './components/styles';
import { createEngine, type CalcEngine } from './engine/client';
import type { EngineProgress, RunInput, SheetPreviewData } from './engine/protocol';
// ── Signing slot ──────────────────────────────────────────────────────────────────────────────
// The signing feature's panel (src/taskpane/signing/**) is step ⑤, collapsed until asked for. It
// receives the host and the names of the sheets written in this session.
import { SigningPanel } from './signing/SigningPanel';

const KINDS = Object.keys(CALCULATORS) as CalculatorKind[];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RATING_DATE_KEY = 'ratingDate';

type Busy = { label: string; value?: number; cancellable: boolean } | null;
type Notice = { intent: 'error' | 'success' | 'info' | 'warning'; text: string; at: 1 | 3 | 4 } | null;

/** What a run left for step ④. */
interface RunResult {
  view: SummaryView | null;
  problems: Problem[];
  hasErrors: boolean;
  sheetNames: string[];
  /** Excel: the result sheets to write. */
  sheets?: ResultSheet[];
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m || '未知错误';
}

function resultFileName(fileName: string): string {
  return `${fileName.replace(/\.xlsx$/i, '')}-测算结果.xlsx`;
}

/** The progress line for what the engine reports. */
export function progressText(p: EngineProgress): { label: string; value?: number } {
  switch (p.phase) {
    case 'open':
      return { label: `正在打开「${p.file}」…` };
    case 'read':
      return p.totalRows !== undefined && p.rowsRead !== undefined
        ? { label: `已读取 ${count(p.rowsRead)} / ${count(p.totalRows)} 行`, value: p.totalRows ? p.rowsRead / p.totalRows : undefined }
        : { label: `正在读取工作表「${p.sheet}」…` };
    case 'send':
      return { label: `正在交给计算线程：${count(p.rowsSent)} / ${count(p.totalRows)} 行`, value: p.totalRows ? p.rowsSent / p.totalRows : undefined };
    case 'calculate':
      return { label: `正在计算「${p.sheet}」的 ${count(Math.max(0, p.rows - 1))} 行…` };
    case 'book':
      return { label: '正在生成结果工作簿…' };
    case 'receive':
      return { label: `正在接收结果：${count(p.rowsReceived)} / ${count(p.totalRows)} 行`, value: p.totalRows ? p.rowsReceived / p.totalRows : undefined };
  }
}

/** A numbered step: its heading says the number (read out as 第 n 步) and whether it is done. */
function Step(props: { n: number; title: React.ReactNode; state: 'done' | 'current' | 'pending' | 'optional'; children?: React.ReactNode; note?: React.ReactNode; heading?: React.ReactNode }): React.ReactElement {
  const id = `wz-step-${props.n}`;
  const digits = ['①', '②', '③', '④', '⑤'];
  return (
    // Not a named region: the heading gives the structure, and a label would clash with the fields' names.
    <section className="wz-step" data-step={props.n} data-state={props.state}>
      <h2 id={id}>
        {props.heading ?? (
          <>
            <span aria-hidden="true">{digits[props.n - 1]}</span>
            <span className="wz-sr-only">第 {props.n} 步：</span>
            {props.title}
          </>
        )}
        {props.state === 'done' ? <span className="wz-done">已完成 ✓</span> : null}
      </h2>
      {props.note ? <p className="wz-step-note">{props.note}</p> : null}
      {props.children}
    </section>
  );
}

export interface AppProps {
  host: PaneHost;
}

export function App({ host }: AppProps): React.ReactElement {
  const { today, store } = host;
  const engine: CalcEngine = React.useMemo(
    () => host.engine ?? createEngine((bytes, name) => (host.mode === 'standalone' ? host.openFile(bytes, name) : Promise.reject(new Error('Excel 中不打开文件')))),
    [host],
  );
  React.useEffect(() => () => engine.dispose(), [engine]);

  const [fileName, setFileName] = React.useState<string | null>(null);
  const [sheets, setSheets] = React.useState<string[]>([]);
  const [sheet, setSheet] = React.useState('');
  const [preview, setPreview] = React.useState<SheetPreviewData | null>(null);
  const [kind, setKind] = React.useState<CalculatorKind>('hq-rating');
  const [suggested, setSuggested] = React.useState<CalculatorKind | null>(null);
  const userPicked = React.useRef(false);
  const [manual, setManual] = React.useState<Record<string, number | null>>({});
  const [values, setValues] = React.useState<Record<string, string>>({});
  /** Further sheets by run option (water-fund whatIfSheet → sheet name). */
  const [extra, setExtra] = React.useState<Record<string, string>>({});
  const [busy, setBusy] = React.useState<Busy>(null);
  const [result, setResult] = React.useState<RunResult | null>(null);
  const [download, setDownload] = React.useState<{ url: string; name: string; bytes: ArrayBuffer } | null>(null);
  const [written, setWritten] = React.useState<string[] | null>(null);
  const [delivered, setDelivered] = React.useState(false);
  const [notice, setNotice] = React.useState<Notice>(host.mode === 'standalone' && host.note ? { intent: 'info', text: host.note, at: 1 } : null);
  const [announcement, setAnnouncement] = React.useState('');
  const [draftFile, setDraftFile] = React.useState<{ name: string; text: string } | null>(null);
  const [comparison, setComparison] = React.useState<CompareReport | null>(null);
  const [signingOpen, setSigningOpen] = React.useState(false);
  const [signingMounted, setSigningMounted] = React.useState(false);
  const [ranIn, setRanIn] = React.useState<string | null>(null);

  const fileInput = React.useRef<HTMLInputElement>(null);
  const runButton = React.useRef<HTMLButtonElement>(null);
  const summaryHeading = React.useRef<HTMLHeadingElement>(null);
  const problemsHeading = React.useRef<HTMLHeadingElement>(null);
  const compareHeading = React.useRef<HTMLHeadingElement>(null);
  const focusAfterRun = React.useRef<'summary' | 'problems' | 'compare' | 'run' | null>(null);
  const abort = React.useRef<AbortController | null>(null);

  const calc: AnyCalculator = CALCULATORS[kind];
  const draftParse = React.useMemo(
    () => (draftFile && calc.policy ? parseDraftEdition(calc.policy, draftFile.text, draftFile.name) : null),
    [draftFile, calc],
  );
  const draft = draftParse?.ok ? draftParse.draft : null;

  // First render, for the benchmark (bench/web-first-render.js and the e2e log).
  React.useEffect(() => {
    performance.mark?.('wz-first-render');
  }, []);

  const say = React.useCallback((text: string) => {
    // Cleared first, so the same text twice is announced twice.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(text), 50);
  }, []);

  const onProgress = React.useCallback((p: EngineProgress) => {
    const t = progressText(p);
    setBusy((b) => ({ label: t.label, value: t.value, cancellable: b?.cancellable ?? false }));
  }, []);

  const clearResults = React.useCallback(() => {
    setResult(null);
    setComparison(null);
    setWritten(null);
    setDelivered(false);
    setDownload((d) => {
      if (d) URL.revokeObjectURL(d.url);
      return null;
    });
  }, []);

  const showPreview = React.useCallback((p: SheetPreviewData) => {
    setSheet(p.sheet);
    setPreview(p);
    const s = suggestCalculator(p.grid);
    setSuggested(s?.kind ?? null);
    if (s && !userPicked.current) setKind(s.kind);
  }, []);

  /** A sheet chosen: its first rows for the header and the mapping (the whole sheet is read at 开始计算 in Excel). */
  const loadSheet = React.useCallback(async (name: string) => {
    setBusy({ label: `正在读取工作表「${name}」…`, cancellable: false });
    clearResults();
    try {
      if (host.mode === 'excel') {
        const wb = host.workbook;
        const p = wb.readSheetPreview ? await wb.readSheetPreview(name, PREVIEW_ROWS) : await wb.readSheet(name).then((grid) => {
          let columns = 0;
          for (const r of grid.cells) columns = Math.max(columns, r.length);
          return { grid: previewOf(grid), totalRows: grid.cells.length, columns };
        });
        showPreview({ sheet: name, grid: p.grid, totalRows: p.totalRows, columns: p.columns });
      } else {
        showPreview(await engine.preview(name, onProgress));
      }
      setNotice((n) => (n?.intent === 'error' ? null : n));
    } catch (e) {
      setPreview(null);
      setNotice({ intent: 'error', text: errorText(e), at: 1 });
      say(`读取失败：${errorText(e)}`);
    } finally {
      setBusy(null);
    }
  }, [clearResults, engine, host, onProgress, say, showPreview]);

  // Excel: start with the active sheet.
  React.useEffect(() => {
    if (host.mode !== 'excel') return;
    void (async () => {
      try {
        const [names, active] = await Promise.all([host.workbook.sheetNames(), host.workbook.activeSheetName()]);
        setSheets(names);
        await loadSheet(active);
      } catch (e) {
        setNotice({ intent: 'error', text: errorText(e), at: 1 });
      }
    })();
  }, [host, loadSheet]);

  // The hand-made mapping remembered for this calculation and sheet.
  React.useEffect(() => {
    setManual(sheet ? loadMapping(store, kind, sheet) : {});
  }, [store, kind, sheet]);

  const mapping = React.useMemo(() => {
    if (!preview) return null;
    try {
      return detectMapping(preview.grid, calc.fields, preview.columns);
    } catch {
      return null;
    }
  }, [preview, calc]);

  // The setting strings a run uses: the rating date as typed, normalised to yyyy-mm-dd.
  const typedDate = values[RATING_DATE_KEY];
  const dateIso = typedDate === undefined ? null : parseDateInput(typedDate);
  const dateInvalid = typedDate !== undefined && dateIso === null;
  const runValues = React.useMemo(() => {
    const v = { ...values };
    if (dateIso) v[RATING_DATE_KEY] = dateIso;
    else delete v[RATING_DATE_KEY];
    return v;
  }, [values, dateIso]);

  const view = React.useMemo(() => {
    try {
      return settingsView(calc, runValues, today);
    } catch (e) {
      return { descriptors: [], settings: null, error: errorText(e) };
    }
  }, [calc, runValues, today]);
  const settingsError = dateInvalid
    ? `评定基准日「${typedDate}」不是有效日期，可写作 ${DATE_FORMATS_TEXT}。`
    : view.error ? paneMessage(view.error) : null;
  const runSettings = React.useMemo(
    () => (view.settings !== null && calc.withDraft ? calc.withDraft(view.settings, draft) : view.settings),
    [view.settings, calc, draft],
  );
  const fundYear = fundYearOf(view.settings) ?? defaultFundYear(today);
  const edition = React.useMemo(
    () => editionOf(calc, runSettings, today) ?? editionInfo(kind, dateIso ?? today, kind === 'water-fund' ? fundYear : null),
    [calc, runSettings, today, kind, dateIso, fundYear],
  );

  // Run options that name a further sheet (water-fund --what-if-sheet): offered as a choice of sheet.
  const sheetOptions = (calc.options ?? []).filter((o) => o.sheetRunOption);
  const extraSheets = React.useMemo(() => {
    const out: Record<string, string> = {};
    for (const o of calc.options ?? []) if (o.sheetRunOption && extra[o.key]) out[o.sheetRunOption] = extra[o.key];
    return out;
  }, [calc, extra]);
  const whatIfChosen = Boolean(extra.whatIfSheet) && kind === 'water-fund';

  async function onFile(ev: React.ChangeEvent<HTMLInputElement>): Promise<void> {
    if (host.mode !== 'standalone') return;
    const chosen = ev.target.files?.[0];
    ev.target.value = '';
    if (!chosen) return;
    userPicked.current = false;
    clearResults();
    setPreview(null);
    setExtra({});
    setBusy({ label: `正在打开「${chosen.name}」…`, cancellable: false });
    try {
      const bytes = await chosen.arrayBuffer();
      const opened = await engine.openFile(bytes, chosen.name, onProgress);
      setFileName(chosen.name);
      setSheets(opened.sheets);
      setNotice(null);
      if (opened.first) await loadSheet(opened.first);
    } catch (e) {
      setFileName(null);
      setSheets([]);
      setNotice({ intent: 'error', text: errorText(e), at: 1 });
      say(`无法打开「${chosen.name}」：${errorText(e)}`);
    } finally {
      setBusy(null);
    }
  }

  async function onDraftFile(ev: React.ChangeEvent<HTMLInputElement>): Promise<void> {
    const chosen = ev.target.files?.[0];
    ev.target.value = '';
    if (!chosen) return;
    clearResults();
    try {
      setDraftFile({ name: chosen.name, text: await chosen.text() });
    } catch (e) {
      setNotice({ intent: 'error', text: `无法读取版本文件「${chosen.name}」：${errorText(e)}`, at: 3 });
    }
  }

  function clearDraft(): void {
    setDraftFile(null);
    clearResults();
  }

  function onPick(next: CalculatorKind): void {
    userPicked.current = true;
    setKind(next);
    setValues({});
    clearResults();
  }

  function onMap(field: string, col: number | null): void {
    const next = { ...manual, [field]: col };
    setManual(next);
    clearResults();
    void saveMapping(store, kind, sheet, next);
  }

  function tagTime(): string {
    return new Date().toISOString();
  }

  /** 开始计算 (mode run) and 方案对比 (mode compare). */
  async function run(mode: 'run' | 'compare'): Promise<void> {
    if (!sheet || !preview) return;
    if (settingsError || view.settings === null) {
      const text = settingsError ?? '参数有误：无法解析';
      setNotice({ intent: 'error', text: dateInvalid ? text : `参数有误：${text}`, at: 3 });
      say(text);
      return;
    }
    clearResults();
    setNotice(null);
    const controller = new AbortController();
    abort.current = controller;
    setBusy({ label: '正在准备…', cancellable: true });
    const input: RunInput = {
      kind, today, sheet, values: runValues, manual, draft: draftFile, extraSheets, mode,
      output: host.mode === 'excel' ? 'sheets' : 'workbook', runAt: tagTime(),
    };
    try {
      if (host.mode === 'excel') {
        // Read again: the officer may have edited the sheet. In row chunks, with progress.
        const names = [sheet, ...Object.values(extraSheets).filter((n) => n !== sheet)];
        const grids = [];
        for (const name of names) {
          const grid = await host.workbook.readSheet(name, {
            signal: controller.signal,
            onProgress: (p) => onProgress({ phase: 'read', sheet: name, rowsRead: p.rowsRead, totalRows: p.totalRows }),
          });
          grids.push(grid);
          if (name === sheet) {
            let columns = 0;
            for (const r of grid.cells) columns = Math.max(columns, r.length);
            setPreview({ sheet, grid: previewOf(grid), totalRows: grid.cells.length, columns });
          }
        }
        if (controller.signal.aborted) throw abortError();
        await engine.putGrids(grids, onProgress);
        // 取消 meanwhile: whatever the engine answered, nothing of this run is shown.
        if (controller.signal.aborted) throw abortError();
      }
      const out = await engine.run(input, onProgress);
      if (controller.signal.aborted) throw abortError();
      setRanIn(engine.where);
      if (out.refused) {
        setNotice({ intent: 'error', text: out.refused, at: 3 });
        say(out.refused);
        focusAfterRun.current = 'run';
        return;
      }
      setResult({ view: out.view, problems: out.problems, hasErrors: out.hasErrors, sheetNames: out.sheetNames, sheets: out.sheets });
      if (out.hasErrors) {
        const errors = out.problems.filter((p) => p.severity === 'error').length;
        const text = `输入有错误（${count(errors)} 条）：请查看下方的校验问题，修改后重新${mode === 'compare' ? '对比' : '计算'}。未生成任何结果。`;
        setNotice({ intent: 'error', text, at: 4 });
        say(text);
        focusAfterRun.current = 'problems';
        return;
      }
      const warnings = out.problems.length;
      const warned = warnings > 0 ? `，提示 ${count(warnings)} 条（已按类别折叠在摘要下方）` : '';
      if (mode === 'compare' && out.comparison) {
        setComparison(out.comparison);
        const text = `方案对比完成：现行 ${out.comparison.baseline.document} 与草案「${draftFile?.name ?? ''}」${warned}。`;
        setNotice({ intent: 'success', text, at: 4 });
        say(text);
        focusAfterRun.current = 'compare';
        return;
      }
      if (host.mode === 'standalone' && out.workbook && fileName) {
        const bytes = out.workbook;
        const url = URL.createObjectURL(new Blob([bytes], { type: XLSX_TYPE }));
        setDownload({ url, name: resultFileName(fileName), bytes });
        // The fallback re-save (save-copy.ts) cannot keep charts, pivot tables or custom XML: said.
        const fallback = out.savedBy === 'exceljs'
          ? '注意：此工作簿无法按原样插入结果表，已改用完整重存，原工作簿中的图表、数据透视表等对象可能未保留；如需保留，请在 Excel 中另存为 .xlsx 后重试，或使用命令行。'
          : '';
        const text = `计算完成：结果工作表 ${out.sheetNames.map((s) => `「${s}」`).join('、')} 已生成${warned}。请核对摘要后点击「下载结果」。${fallback}`;
        setNotice({ intent: 'success', text, at: 4 });
        say(`${text}${out.view?.lines[0] ?? ''}`);
      } else {
        const text = `计算完成${warned}。请核对摘要后点击「写入结果」，结果工作表将写入本工作簿。`;
        setNotice({ intent: 'success', text, at: 4 });
        say(`${text}${out.view?.lines[0] ?? ''}`);
      }
      focusAfterRun.current = 'summary';
    } catch (e) {
      setResult(null);
      if (isAbortError(e)) {
        setNotice({ intent: 'info', text: '已取消，未生成任何结果。', at: 3 });
        say('已取消计算。');
        focusAfterRun.current = 'run';
      } else {
        setNotice({ intent: 'error', text: `${mode === 'compare' ? '对比' : '计算'}失败：${errorText(e)}`, at: 3 });
        say(`${mode === 'compare' ? '对比' : '计算'}失败：${errorText(e)}`);
        focusAfterRun.current = 'run';
      }
    } finally {
      abort.current = null;
      setBusy(null);
    }
  }

  function cancel(): void {
    abort.current?.abort();
    engine.cancel();
  }

  // After a run: the focus goes to what it produced (the summary, or the problems to fix).
  React.useEffect(() => {
    if (busy) return;
    const target = focusAfterRun.current;
    if (!target) return;
    focusAfterRun.current = null;
    const el = target === 'summary' ? summaryHeading.current : target === 'problems' ? problemsHeading.current : target === 'compare' ? compareHeading.current : runButton.current;
    (el ?? runButton.current)?.focus();
  });

  function tagFor(): ResultTag {
    return { sourceSheet: sheet, calculator: kind, runAt: tagTime() };
  }

  async function writeToExcel(): Promise<void> {
    if (host.mode !== 'excel' || !result?.sheets || result.hasErrors) return;
    setBusy({ label: '正在写入结果…', value: 0, cancellable: false });
    try {
      const names = await host.workbook.replaceResults(result.sheets, tagFor(), (done, total) => setBusy({ label: `正在写入结果（${done}/${total}）…`, value: total ? done / total : undefined, cancellable: false }));
      setWritten(names);
      setDelivered(true);
      setSheets(await host.workbook.sheetNames());
      const text = `已写入工作表：${names.map((n) => `「${n}」`).join('、')}。`;
      setNotice({ intent: 'success', text, at: 4 });
      say(text);
    } catch (e) {
      // The adapter's message says what happened to the sheets it created (office-workbook.ts).
      setNotice({ intent: 'error', text: errorText(e), at: 4 });
      say(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  function startDownload(): void {
    if (!download) return;
    const a = document.createElement('a');
    a.href = download.url;
    a.download = download.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setDelivered(true);
  }

  async function selectProblem(p: Problem): Promise<void> {
    if (host.mode !== 'excel' || !p.cell) return;
    try {
      await host.workbook.selectCell(p.sheet, p.cell);
    } catch (e) {
      setNotice({ intent: 'warning', text: `无法选中 ${p.sheet}!${p.cell}：${errorText(e)}`, at: 4 });
    }
  }

  function toggleSigning(): void {
    setSigningMounted(true);
    setSigningOpen((o) => !o);
  }

  const effective = mapping ? effectiveMapping(mapping, manual) : null;
  const missing = effective ? missingRequired(calc.fields, effective) : [];
  const ok = result !== null && !result.hasErrors;
  const excel = host.mode === 'excel';
  const loaded = Boolean(sheet && preview);
  const draftBad = Boolean(draftFile && !draft);
  const whyNoRun = !loaded
    ? (excel ? '请先在步骤 ① 选择要计算的工作表。' : '请先在步骤 ① 选择 .xlsx 工作簿。')
    : draftBad ? '草案版本文件有误：请改正，或点「不用草案」。' : null;
  const canDeliver = excel ? Boolean(ok && result?.sheets) : Boolean(ok && download);
  // One primary action for the state the pane is in.
  const stage: 'choose' | 'run' | 'deliver' | 'sign' = !loaded ? 'choose' : !canDeliver ? 'run' : delivered && signingOpen ? 'sign' : 'deliver';
  const dataRows = preview && mapping ? Math.max(0, preview.totalRows - (mapping.headerRowNumber - (preview.grid.origin?.row ?? 0))) : null;
  const otherSheets = sheets.filter((n) => n !== sheet);
  const whatIfHint = kind === 'water-fund' && !extra.whatIfSheet ? otherSheets.find((n) => n.includes('用水量')) : undefined;
  const noticeAt = (at: 1 | 3 | 4) => (notice && notice.at === at ? (
    <MessageBar intent={notice.intent} layout="multiline">
      <MessageBarBody style={{ overflowWrap: 'anywhere', minWidth: 0 }}>{notice.text}</MessageBarBody>
    </MessageBar>
  ) : null);

  const deliverButton = canDeliver ? (
    excel
      ? <Button appearance={stage === 'deliver' ? 'primary' : 'secondary'} onClick={() => void writeToExcel()} disabledFocusable={Boolean(busy)}>写入结果</Button>
      : <Button appearance={stage === 'deliver' ? 'primary' : 'secondary'} onClick={startDownload}>下载结果</Button>
  ) : null;

  return (
    <FluentProvider theme={webLightTheme}>
      <PaneStyles />
      <main className="wz-main" data-engine={ranIn ?? undefined} data-stage={stage}>
        <h1>温州政策测算</h1>
        <p className="wz-step-note">
          {excel ? '读取当前工作簿中的工作表，计算后把结果工作表写回本工作簿。' : '选择 .xlsx 工作簿，计算后下载带结果工作表的副本。文件只在本机浏览器中处理，不会上传。'}
        </p>
        <div role="status" aria-live="polite" aria-atomic="true" className="wz-sr-only" data-testid="live-region">{announcement}</div>

        <Step n={1} title={excel ? '选择工作表' : '选择工作簿'} state={loaded ? 'done' : 'current'}>
          {!excel ? (
            <div className="wz-actions">
              <input
                ref={fileInput}
                id="wz-file"
                type="file"
                aria-label="选择工作簿"
                tabIndex={-1}
                className="wz-sr-only"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => void onFile(e)}
              />
              <Button appearance={stage === 'choose' ? 'primary' : 'secondary'} onClick={() => fileInput.current?.click()} disabledFocusable={Boolean(busy)}>
                {fileName ? '换一个工作簿…' : '选择工作簿…'}
              </Button>
              <span className="wz-step-note" data-testid="file-name">{fileName ? `已选：${fileName}（${sheets.length} 张工作表）` : '尚未选择文件（.xlsx）'}</span>
            </div>
          ) : null}
          {sheets.length > 0 ? (
            <div className="wz-fields">
              <Field label="输入工作表" hint={preview ? `共 ${count(preview.totalRows)} 行` : undefined}>
                <Select className="wz-fill" value={sheet} onChange={(_e, d) => void loadSheet(d.value)} disabled={Boolean(busy)}>
                  {sheets.map((n) => <option key={n} value={n}>{n}</option>)}
                </Select>
              </Field>
              {excel ? (
                <div style={{ alignSelf: 'end' }}>
                  <Button appearance={stage === 'choose' ? 'primary' : 'secondary'} onClick={() => void host.workbook.activeSheetName().then((n) => loadSheet(n))} disabledFocusable={Boolean(busy)}>使用当前工作表</Button>
                </div>
              ) : null}
            </div>
          ) : excel ? <p className="wz-step-note">正在读取工作簿…</p> : null}
          {noticeAt(1)}
        </Step>

        <div className="wz-columns">
          <Step n={2} title="核对表头" state={!loaded ? 'pending' : missing.length > 0 ? 'current' : 'done'} note={!loaded ? '选择工作表后，在这里核对测算项目和各列的对应关系。' : undefined}>
            {loaded ? (
              <>
                <Field label="测算项目" hint={suggested ? `根据表头建议：${CALCULATORS[suggested].title}` : '未能根据表头识别测算项目，请手动选择。'}>
                  <Select className="wz-fill" value={kind} onChange={(_e, d) => onPick(d.value as CalculatorKind)}>
                    {KINDS.map((k) => <option key={k} value={k}>{CALCULATORS[k].title}</option>)}
                  </Select>
                </Field>
                {missing.length > 0 ? <p className="wz-error-text" style={{ margin: 0 }}>缺少必填列：{missing.map((f) => f.canonical).join('、')}</p> : null}
                {mapping ? <MappingEditor fields={calc.fields} state={mapping} manual={manual} onChange={onMap} dataRows={dataRows} /> : null}
              </>
            ) : null}
          </Step>

          <Step n={3} title="开始计算" state={!loaded ? 'pending' : ok ? 'done' : 'current'} note={!loaded ? '设置只显示所选测算项目用到的。' : undefined}>
            {loaded ? (
              <>
                <SettingsEditor
                  edition={edition}
                  descriptors={view.descriptors}
                  values={values}
                  hiddenKeys={whatIfChosen ? [] : ['whatIfWeights']}
                  error={dateInvalid ? null : settingsError}
                  onChange={(key, value) => { setValues({ ...values, [key]: value }); clearResults(); }}
                >
                  {sheetOptions.map((o) => (
                    <Field
                      key={o.key}
                      label={o.key === 'whatIfSheet' ? '用水量测算表（第六条分担测算，可选）' : o.help.split('：')[0]}
                      hint={o.key === 'whatIfSheet'
                        ? `同一工作簿中列有县（市、区）和用水量（可选人口、用水结构）的工作表：按第六条测算 7000 万元在各用水区域间的分担，结果列在「资金筹集」表中。${whatIfHint ? `本工作簿中有「${whatIfHint}」，可选它。` : ''}`
                        : o.help}
                    >
                      <Select className="wz-fill" value={extra[o.key] ?? ''} onChange={(_e, d) => { setExtra({ ...extra, [o.key]: d.value }); clearResults(); }}>
                        <option value="">不测算</option>
                        {otherSheets.map((n) => <option key={n} value={n}>{n}</option>)}
                      </Select>
                    </Field>
                  ))}
                </SettingsEditor>
                <details className="wz-details" open={Boolean(draftFile)}>
                  <summary>草案版本（可选）{draftFile ? `：${draftFile.name}` : ''}</summary>
                  <div style={{ display: 'flex', flexDirection: 'column', gap: 4, paddingTop: 4 }}>
                    <label htmlFor="wz-edition" style={{ fontWeight: 600 }}>草案版本文件（可选）</label>
                    <input id="wz-edition" type="file" accept=".json,application/json" onChange={(e) => void onDraftFile(e)} style={{ maxWidth: '100%' }} />
                    {draftFile ? <div><Button size="small" onClick={clearDraft}>不用草案</Button></div> : null}
                    <p data-testid="draft-status" className={draftParse && !draftParse.ok ? 'wz-error-text' : 'wz-hint'} style={{ margin: 0 }}>
                      {!draftFile
                        ? '不选时按现行政策版本计算。可选一个下一轮的草案版本（JSON，格式同内置版本文件），结果表会注明草案版本和文件名。'
                        : draftParse?.ok
                          ? `已选草案版本「${draftFile.name}」：${draftParse.draft.edition.document}《${draftParse.draft.edition.title}》。开始计算即按草案计算；「方案对比」列出与现行版本的差别。`
                          : draftParse ? draftParse.message : ''}
                    </p>
                  </div>
                </details>
              </>
            ) : null}
            <div className="wz-actions">
              <Button
                ref={runButton}
                appearance={stage === 'run' ? 'primary' : 'secondary'}
                onClick={() => void run('run')}
                disabled={whyNoRun !== null && !busy}
                disabledFocusable={Boolean(busy)}
                aria-describedby={whyNoRun ? 'wz-why-run' : undefined}
              >
                开始计算
              </Button>
              {draft ? <Button onClick={() => void run('compare')} disabledFocusable={Boolean(busy)} disabled={!loaded && !busy}>方案对比</Button> : null}
              {busy?.cancellable ? <Button onClick={cancel}>取消</Button> : null}
            </div>
            {whyNoRun ? <p id="wz-why-run" className="wz-why">{whyNoRun}</p> : null}
            {busy ? (
              <Field label="进度" validationMessage={<span data-testid="progress-label">{busy.label}</span>} validationState="none">
                <ProgressBar value={busy.value} />
              </Field>
            ) : null}
            {noticeAt(3)}
          </Step>
        </div>

        <Step
          n={4}
          title={excel ? '写入结果' : '下载结果'}
          state={delivered ? 'done' : result || comparison ? 'current' : 'pending'}
          note={!result && !comparison ? (excel ? '计算完成后，在这里核对结果摘要，然后把结果工作表写入本工作簿。' : '计算完成后，在这里核对结果摘要，然后下载带结果工作表的工作簿副本。') : undefined}
        >
          {noticeAt(4)}
          {ok && result?.view ? (
            <>
              <div className="wz-actions">
                {deliverButton}
                {written ? <span className="wz-step-note">本次写入：{written.join('、')}</span> : null}
                {download && delivered ? <span className="wz-step-note">已开始下载「{download.name}」；浏览器没有提示时，请查看其下载列表。</span> : null}
              </div>
              <Summary view={result.view} headingRef={summaryHeading} />
            </>
          ) : null}
          {comparison ? <CompareView report={comparison} headingRef={compareHeading} /> : null}
          {result ? <ProblemsList problems={result.problems} headingRef={problemsHeading} onSelect={excel ? (p) => void selectProblem(p) : undefined} /> : null}
        </Step>

        <Step
          n={5}
          title="签章（可选）"
          state="optional"
          heading={
            <Button
              appearance="transparent"
              onClick={toggleSigning}
              aria-expanded={signingOpen}
              aria-controls="wz-signing"
              style={{ padding: 0, minWidth: 0, fontSize: 16, fontWeight: 600, height: 'auto' }}
            >
              <span aria-hidden="true">⑤&nbsp;</span>
              <span className="wz-sr-only">第 5 步：</span>
              签章（可选）{signingOpen ? '▴' : '▾'}
            </Button>
          }
        >
          {!signingOpen ? <p className="wz-step-note">需要为结果签名时展开：{excel ? '为本工作簿加入受保护的「签章」工作表，并可验证。' : '为结果工作簿（或另选的文件）签章，并可验证。'}</p> : null}
          <div id="wz-signing" hidden={!signingOpen}>
            {signingMounted ? (
              <SigningPanel
                host={host}
                embedded
                emphasis={stage === 'sign'}
                writtenSheets={written}
                getWorkbookBytes={host.mode === 'standalone' ? async () => (download ? { bytes: download.bytes, name: download.name } : null) : undefined}
              />
            ) : null}
          </div>
        </Step>
      </main>
    </FluentProvider>
  );
}
