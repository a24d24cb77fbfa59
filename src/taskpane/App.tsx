/**
 * The task pane: pick the calculation (suggested from the headers), check the header mapping,
 * adjust the settings of the policy edition, run, read the summary and the problems, then write
 * the result sheets into Excel — or, on the standalone page, download the result workbook.
 * A draft edition (a JSON edition file of the next round, docs/interfaces.md「6」--edition) may be
 * picked: the run then uses it (every result sheet says so), and 方案对比 shows the input under the
 * edition in force and under the draft side by side.
 */
import * as React from 'react';
import {
  Button, Divider, Field, FluentProvider, Input, MessageBar, MessageBarBody, ProgressBar, Select, Text, Title3, tokens, webLightTheme,
} from '@fluentui/react-components';
import { CALCULATORS, suggestCalculator, type AnyCalculator } from '../calculators';
// docs/rules.md Â§1.3: the rating date defaults to 31 December of the year before today (one implementation).
import { defaultRatingDate } from '../calculators/hq-rating';
// docs/rules.md §2: the water fund's edition is chosen by fund year (default: the year before today).
import { defaultFundYear } from '../calculators/water-fund';
import type { CalculationOutcome, CalculatorKind } from '../calculators/types';
import type { SheetGrid } from '../sheets/grid';
import { hasErrors, type Problem } from '../sheets/problem';
import type { ResultTag, WorkbookPort } from '../workbook/port';
import type { FileWorkbook, PaneHost } from './host';
import {
  RATING_DATE_KEY, detectMapping, editionInfo, editionOf, fundYearOf, isIsoDate, loadMapping, manualForRun, missingRequired, effectiveMapping, saveMapping, settingsView,
} from './model';
import { MappingEditor } from './components/MappingEditor';
import { SettingsEditor } from './components/SettingsEditor';
import { CompareView } from './components/CompareView';
import { compareReports, type CompareReport } from '../calculators/compare';
import { reportOf } from '../calculators/report';
import { parseDraftEdition } from '../policies/schema';
import { ProblemsList } from './components/ProblemsList';
import { Summary } from './components/Summary';
// ── Signing slot ──────────────────────────────────────────────────────────────────────────────
// The signing feature's panel (owned by the signing engineer, src/taskpane/signing/**) renders
// below the results. It receives the host and the names of the sheets written in this session.
import { SigningPanel } from './signing/SigningPanel';

const KINDS = Object.keys(CALCULATORS) as CalculatorKind[];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Busy = { label: string; value?: number } | null;
type Notice = { intent: 'error' | 'success' | 'info' | 'warning'; text: string } | null;


const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m || '未知错误';
}

function resultFileName(fileName: string): string {
  return `${fileName.replace(/\.xlsx$/i, '')}-测算结果.xlsx`;
}

export interface AppProps {
  host: PaneHost;
}

export function App({ host }: AppProps): React.ReactElement {
  const { today, store } = host;
  const [file, setFile] = React.useState<{ wb: FileWorkbook; name: string } | null>(null);
  const port: WorkbookPort | null = host.mode === 'excel' ? host.workbook : file?.wb.port ?? null;
  const [sheets, setSheets] = React.useState<string[]>([]);
  const [sheet, setSheet] = React.useState('');
  const [grid, setGrid] = React.useState<SheetGrid | null>(null);
  const [kind, setKind] = React.useState<CalculatorKind>('hq-rating');
  const [suggested, setSuggested] = React.useState<CalculatorKind | null>(null);
  const userPicked = React.useRef(false);
  const [manual, setManual] = React.useState<Record<string, number | null>>({});
  const [values, setValues] = React.useState<Record<string, string>>({});
  const [ratingDate, setRatingDate] = React.useState(defaultRatingDate(today));
  const [busy, setBusy] = React.useState<Busy>(null);
  const [outcome, setOutcome] = React.useState<CalculationOutcome | null>(null);
  const [download, setDownload] = React.useState<{ url: string; name: string; bytes: ArrayBuffer } | null>(null);
  const [written, setWritten] = React.useState<string[] | null>(null);
  const [notice, setNotice] = React.useState<Notice>(host.mode === 'standalone' && host.note ? { intent: 'info', text: host.note } : null);
  // A draft edition file as picked (its text is validated against the schema of the calculation chosen).
  const [draftFile, setDraftFile] = React.useState<{ name: string; text: string } | null>(null);
  const [comparison, setComparison] = React.useState<CompareReport | null>(null);

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

  const clearResults = React.useCallback(() => {
    setOutcome(null);
    setComparison(null);
    setWritten(null);
    setDownload((d) => {
      if (d) URL.revokeObjectURL(d.url);
      return null;
    });
  }, []);

  const loadSheet = React.useCallback(async (p: WorkbookPort, name: string) => {
    setBusy({ label: `正在读取工作表「${name}」…` });
    clearResults();
    try {
      const g = await p.readSheet(name);
      setSheet(name);
      setGrid(g);
      const s = suggestCalculator(g);
      setSuggested(s?.kind ?? null);
      if (s && !userPicked.current) setKind(s.kind);
      setNotice((n) => (n?.intent === 'error' ? null : n));
    } catch (e) {
      setGrid(null);
      setNotice({ intent: 'error', text: errorText(e) });
    } finally {
      setBusy(null);
    }
  }, [clearResults]);

  // Excel: start with the active sheet.
  React.useEffect(() => {
    if (host.mode !== 'excel') return;
    void (async () => {
      try {
        const [names, active] = await Promise.all([host.workbook.sheetNames(), host.workbook.activeSheetName()]);
        setSheets(names);
        await loadSheet(host.workbook, active);
      } catch (e) {
        setNotice({ intent: 'error', text: errorText(e) });
      }
    })();
  }, [host, loadSheet]);

  // The hand-made mapping remembered for this calculation and sheet.
  React.useEffect(() => {
    setManual(sheet ? loadMapping(store, kind, sheet) : {});
  }, [store, kind, sheet]);

  const mapping = React.useMemo(() => {
    if (!grid) return null;
    try {
      return detectMapping(grid, calc.fields);
    } catch {
      return null;
    }
  }, [grid, calc]);

  const view = React.useMemo(() => {
    try {
      const v = settingsView(calc, { ...values, [RATING_DATE_KEY]: ratingDate }, today);
      return v;
    } catch (e) {
      return { descriptors: [], settings: null, error: errorText(e) };
    }
  }, [calc, values, ratingDate, today]);
  // The settings a run uses: the parsed settings with the draft edition, when one is picked.
  const runSettings = React.useMemo(
    () => (view.settings !== null && calc.withDraft ? calc.withDraft(view.settings, draft) : view.settings),
    [view.settings, calc, draft],
  );
  const usesRatingDate = view.descriptors.some((d) => d.key === RATING_DATE_KEY);
  const dateValid = isIsoDate(ratingDate);
  // What picks the edition: the water fund's fund year (the 资金年度 setting; its default while the
  // field does not parse), the rating date (hq-rating), else today.
  const editionDate = usesRatingDate && dateValid ? ratingDate : today;
  const fundYear = fundYearOf(view.settings) ?? defaultFundYear(today);
  // The edition as the calculator chooses it for these settings (Calculator.editionFor); while the
  // settings do not parse, by the date / fund year alone.
  const edition = React.useMemo(
    () => editionOf(calc, runSettings, today) ?? editionInfo(kind, editionDate, kind === 'water-fund' ? fundYear : null),
    [calc, runSettings, today, kind, editionDate, fundYear],
  );

  async function onFile(ev: React.ChangeEvent<HTMLInputElement>): Promise<void> {
    if (host.mode !== 'standalone') return;
    const chosen = ev.target.files?.[0];
    if (!chosen) return;
    userPicked.current = false;
    clearResults();
    setGrid(null);
    setBusy({ label: `正在打开「${chosen.name}」…` });
    try {
      const bytes = await chosen.arrayBuffer();
      const wb = await host.openFile(bytes, chosen.name);
      setFile({ wb, name: chosen.name });
      const names = await wb.port.sheetNames();
      setSheets(names);
      const first = wb.firstSheet() ?? names[0];
      setNotice(null);
      if (first) await loadSheet(wb.port, first);
    } catch (e) {
      setFile(null);
      setSheets([]);
      setNotice({ intent: 'error', text: errorText(e) });
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
      setNotice({ intent: 'error', text: `无法读取版本文件「${chosen.name}」：${errorText(e)}` });
    }
  }

  function clearDraft(): void {
    setDraftFile(null);
    clearResults();
  }

  /** The grid to calculate on: in Excel read again, since the officer may have edited the sheet. */
  async function currentGrid(from: NonNullable<typeof port>, name: string): Promise<typeof grid> {
    if (host.mode !== 'excel') return grid;
    setBusy({ label: '正在读取工作表…', value: 0.1 });
    const g = await from.readSheet(name);
    setGrid(g);
    return g;
  }

  /** 方案对比: the grid under the edition in force and under the draft, side by side. */
  async function compare(): Promise<void> {
    if (!port || !sheet || !draft || view.settings === null || !calc.withDraft) return;
    if (view.error) {
      setNotice({ intent: 'error', text: `参数有误：${view.error}` });
      return;
    }
    clearResults();
    setNotice(null);
    try {
      const g = await currentGrid(port, sheet);
      if (!g) return;
      setBusy({ label: '正在按现行版本和草案版本分别计算…', value: 0.4 });
      await tick();
      const options = { mapping: manualForRun(manual) };
      const before = calc.run(g, calc.withDraft(view.settings, null), options);
      const after = calc.run(g, runSettings, options);
      const report = compareReports(reportOf(before), reportOf(after), { baseline: null, alternative: draft.file });
      if (report.problems.some((p) => p.severity === 'error')) {
        setOutcome(after);
        setNotice({ intent: 'error', text: '输入有错误：请查看下方的校验问题，修改后重新对比。' });
        return;
      }
      setComparison(report);
      setNotice({ intent: 'success', text: `方案对比完成：现行 ${report.baseline.document} 与草案「${draft.file}」。` });
    } catch (e) {
      setNotice({ intent: 'error', text: `对比失败：${errorText(e)}` });
    } finally {
      setBusy(null);
    }
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

  async function run(): Promise<void> {
    if (!port || !sheet) return;
    if (usesRatingDate && !dateValid) {
      setNotice({ intent: 'error', text: `评定基准日「${ratingDate}」不是有效日期，请按 yyyy-mm-dd 填写，例如 ${defaultRatingDate(today)}。` });
      return;
    }
    if (view.error || view.settings === null) {
      setNotice({ intent: 'error', text: `参数有误：${view.error ?? '无法解析'}` });
      return;
    }
    clearResults();
    setNotice(null);
    try {
      const g = await currentGrid(port, sheet);
      if (!g) return;
      setBusy({ label: '正在计算…', value: 0.4 });
      await tick();
      const result = calc.run(g, runSettings, { mapping: manualForRun(manual) });
      setOutcome(result);
      if (hasErrors(result.problems)) {
        setNotice({ intent: 'error', text: '输入有错误：请查看下方的校验问题，修改后重新计算。未生成任何结果。' });
        return;
      }
      if (host.mode === 'standalone' && file) {
        setBusy({ label: '正在生成结果工作簿…', value: 0.7 });
        await tick();
        const bytes = await file.wb.withResults(result.sheets, tagFor());
        const url = URL.createObjectURL(new Blob([bytes], { type: XLSX_TYPE }));
        setDownload({ url, name: resultFileName(file.name), bytes });
        setNotice({ intent: 'success', text: `计算完成：结果工作表 ${result.sheets.map((s) => `「${s.name}」`).join('、')} 已生成，可下载。` });
      } else {
        setNotice({ intent: 'success', text: '计算完成。请核对摘要后点击「写入结果」。' });
      }
    } catch (e) {
      setOutcome(null);
      setNotice({ intent: 'error', text: `计算失败：${errorText(e)}` });
    } finally {
      setBusy(null);
    }
  }

  function tagFor(): ResultTag {
    return { sourceSheet: sheet, calculator: kind, runAt: new Date().toISOString() };
  }

  async function writeToExcel(): Promise<void> {
    if (host.mode !== 'excel' || !outcome || hasErrors(outcome.problems)) return;
    setBusy({ label: '正在写入结果…', value: 0 });
    try {
      const names = await host.workbook.replaceResults(outcome.sheets, tagFor(), (done, total) => setBusy({ label: `正在写入结果（${done}/${total}）…`, value: total ? done / total : undefined }));
      setWritten(names);
      setSheets(await host.workbook.sheetNames());
      setNotice({ intent: 'success', text: `已写入工作表：${names.map((n) => `「${n}」`).join('、')}。` });
    } catch (e) {
      setNotice({ intent: 'error', text: `写入失败，本次新建的工作表已删除，工作簿保持原样：${errorText(e)}` });
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
  }

  async function selectProblem(p: Problem): Promise<void> {
    if (host.mode !== 'excel' || !p.cell) return;
    try {
      await host.workbook.selectCell(p.sheet, p.cell);
    } catch (e) {
      setNotice({ intent: 'warning', text: `无法选中 ${p.sheet}!${p.cell}：${errorText(e)}` });
    }
  }

  const effective = mapping ? effectiveMapping(mapping, manual) : null;
  const missing = effective ? missingRequired(calc.fields, effective) : [];
  const canRun = Boolean(port && grid && sheet && !busy);
  const ok = outcome !== null && !hasErrors(outcome.problems);

  return (
    <FluentProvider theme={webLightTheme}>
      <main style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 10, maxWidth: 720 }}>
        <Title3 as="h1">温州政策测算</Title3>
        <Text size={200}>{host.mode === 'excel' ? '读取当前工作表，计算后把结果工作表写回本工作簿。' : '选择 .xlsx 工作簿，计算后下载带结果工作表的副本。文件只在本机浏览器中处理，不会上传。'}</Text>

        {host.mode === 'standalone' ? (
          <div>
            <label htmlFor="wz-file" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>选择工作簿</label>
            <input id="wz-file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void onFile(e)} />
          </div>
        ) : null}

        {sheets.length > 0 ? (
          <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}>
            <Field label="输入工作表" style={{ flexGrow: 1 }}>
              <Select value={sheet} onChange={(_e, d) => port && void loadSheet(port, d.value)}>
                {sheets.map((n) => <option key={n} value={n}>{n}</option>)}
              </Select>
            </Field>
            {host.mode === 'excel' ? (
              <Button onClick={() => void host.workbook.activeSheetName().then((n) => loadSheet(host.workbook, n))} disabled={Boolean(busy)}>使用当前工作表</Button>
            ) : null}
          </div>
        ) : null}

        <Field label="测算项目" hint={suggested ? `根据表头建议：${CALCULATORS[suggested].title}` : grid ? '未能根据表头识别测算项目，请手动选择。' : undefined}>
          <Select value={kind} onChange={(_e, d) => onPick(d.value as CalculatorKind)}>
            {KINDS.map((k) => <option key={k} value={k}>{CALCULATORS[k].title}</option>)}
          </Select>
        </Field>

        <Field
          label="评定基准日"
          hint={usesRatingDate ? '格式 yyyy-mm-dd；上市“三年内”自此日倒推（规则说明默认：上一年 12 月 31 日）' : '格式 yyyy-mm-dd；仅总部企业星级评定使用'}
          validationState={dateValid ? 'none' : 'error'}
          validationMessage={dateValid ? undefined : '请输入有效日期，格式 yyyy-mm-dd'}
        >
          <Input value={ratingDate} placeholder="yyyy-mm-dd" onChange={(_e, d) => { setRatingDate(d.value.trim()); clearResults(); }} />
        </Field>

        {mapping ? (
          <>
            <Divider>表头映射</Divider>
            {missing.length > 0 ? <Text style={{ color: '#c50f1f' }}>缺少必填列：{missing.map((f) => f.canonical).join('、')}</Text> : null}
            <MappingEditor fields={calc.fields} state={mapping} manual={manual} onChange={onMap} />
          </>
        ) : null}

        <Divider>参数设置</Divider>
        <div>
          <label htmlFor="wz-edition" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>草案版本文件（可选）</label>
          <input id="wz-edition" type="file" accept=".json,application/json" onChange={(e) => void onDraftFile(e)} />
          {draftFile ? <Button size="small" onClick={clearDraft} style={{ marginLeft: 8 }}>不用草案</Button> : null}
          <Text as="p" size={200} data-testid="draft-status" style={draftParse && !draftParse.ok ? { color: tokens.colorPaletteRedForeground1 } : undefined}>
            {!draftFile
              ? '不选时按现行政策版本计算。可选一个下一轮的草案版本（JSON，格式同内置版本文件），结果表会注明草案版本和文件名。'
              : draftParse?.ok
                ? `已选草案版本「${draftFile.name}」：${draftParse.draft.edition.document}《${draftParse.draft.edition.title}》。开始计算即按草案计算；「方案对比」列出与现行版本的差别。`
                : draftParse ? draftParse.message : ''}
          </Text>
        </div>
        <SettingsEditor
          edition={edition}
          descriptors={view.descriptors}
          values={values}
          hiddenKeys={[RATING_DATE_KEY]}
          error={view.error}
          onChange={(key, value) => { setValues({ ...values, [key]: value }); clearResults(); }}
        />

        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Button appearance="primary" onClick={() => void run()} disabled={!canRun || Boolean(draftFile && !draft)}>开始计算</Button>
          {draft ? <Button onClick={() => void compare()} disabled={!canRun}>方案对比</Button> : null}
          {host.mode === 'excel' && ok ? <Button onClick={() => void writeToExcel()} disabled={Boolean(busy)}>写入结果</Button> : null}
          {host.mode === 'standalone' && ok && download ? <Button appearance="primary" onClick={startDownload}>下载结果</Button> : null}
        </div>

        {busy ? <Field validationMessage={busy.label} validationState="none"><ProgressBar value={busy.value} /></Field> : null}
        {notice ? (
          <MessageBar intent={notice.intent}><MessageBarBody>{notice.text}</MessageBarBody></MessageBar>
        ) : null}

        {outcome ? <ProblemsList problems={outcome.problems} onSelect={host.mode === 'excel' ? (p) => void selectProblem(p) : undefined} /> : null}
        {ok && outcome ? <Summary outcome={outcome} /> : null}
        {comparison ? <CompareView report={comparison} /> : null}
        {written ? <Text size={200}>本次写入：{written.join('、')}</Text> : null}

        {/* ── Signing slot: the signing engineer's panel (src/taskpane/signing/SigningPanel.tsx). ── */}
        <SigningPanel
          host={host}
          writtenSheets={written}
          getWorkbookBytes={host.mode === 'standalone' ? async () => (download ? { bytes: download.bytes, name: download.name } : null) : undefined}
        />
      </main>
    </FluentProvider>
  );
}
