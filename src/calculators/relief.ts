/**
 * 医保纾困专项保障 — 温政办〔2023〕90号《温州市深化“医保纾困”改革开展相对低收入家庭重特大疾病专项
 * 保障试点实施方案》三、（五）and 一、工作目标 (docs/rules.md §3). The public entry: read the sheet, validate,
 * relieve each family, summarise per county, and produce the JSON of docs/interfaces.md `relief`, the
 * result sheets 纾困化解明细 / 纾困县区汇总 (/ 校验问题) and a few summary lines.
 *
 * Setting (docs/rules.md §3): `pilotCounties` — the counties of the pilot, default the edition's
 * list (5个加快发展县和洞头区, 一、工作目标), matched by county key (永嘉 = 永嘉县, docs/rules.md §2.2).
 * A county outside it ("其他有条件的县（市、区）可参照执行") is computed, paid locally (市级 0) and
 * warned about; in a pilot county the city pays relief ÷ 2 rounded down to the fen.
 *
 * Text is written exactly as typed (docs/rules.md §1.8): family ids, names and county names.
 * Warnings: two family ids that differ only in width or spaces (two families); another spelling of
 * a county merged into it; a county outside the pilot; the city's total above 2,000万.
 */
import type { IsoDate, MedicalReliefEdition } from '../policies/edition';
import { editionInForce, todayIso } from '../policies/registry';
import type { DraftEdition } from '../policies/schema';
import { decimalText, ZERO } from '../exact/decimal';
import type { SheetGrid } from '../sheets/grid';
import { Problem, error, warning, hasErrors } from '../sheets/problem';
import { markDraft, problemsSheet, ResultSheet, withDocument } from '../sheets/result-sheet';
import { reliefParameters, ReliefParameters } from '../rules/medical-relief/parameters';
import { reliefOfFamilies, ReliefComputation } from '../rules/medical-relief/compute';
import { FamilyAccumulator } from '../rules/medical-relief/relief-per-family';
import { readReliefInput, addressOf, ReliefInput, MAX_LISTED_PROBLEMS } from '../sheets/medical-relief/read-input';
import { RELIEF_FIELDS } from '../sheets/medical-relief/fields';
import { detailSheet, summarySheet, grouped, wanText, samePilots, articleOf } from '../sheets/medical-relief/result-sheets';
import { reliefTemplate } from '../sheets/medical-relief/template';
import type { Calculator, CalculationOutcome, CalculatorOption, ReportedOutcome, SettingDescriptor, SettingsResult } from './types';
import { defineComputed, type EditionJson, type ReliefReport } from './report';

export interface ReliefSettings {
  /** 一、工作目标: the pilot counties (default 永嘉县、平阳县、苍南县、文成县、泰顺县、洞头区). */
  pilotCounties: string[];
  /** A draft edition (`--edition FILE.json`) used instead of the edition in force today. */
  draft?: DraftEdition<MedicalReliefEdition>;
}

/** The options of `wzpolicy relief` (docs/interfaces.md「1.4」); cli/main.ts builds the flags from them. */
export const RELIEF_OPTIONS: readonly CalculatorOption[] = [
  { key: 'pilotCounties', flag: '--pilot-counties', value: '<县1、县2…>', help: '试点县（市、区），逗号或顿号分隔（默认：政策文件所列试点地区）' },
];

export interface ReliefRunOptions {
  mapping?: Record<string, number>;
  /** The date the edition is chosen for (default today). */
  today?: IsoDate;
}

/** The edition in force today (docs/rules.md §3), or the draft of the settings. */
function paramsFor(today: IsoDate, draft?: DraftEdition<MedicalReliefEdition>): { params: ReliefParameters; warning: string | null; json: EditionJson } {
  if (draft) {
    const e = draft.edition;
    return {
      params: reliefParameters(e), warning: null,
      json: { document: e.document, title: e.title, effectiveFrom: e.effectiveFrom, effectiveTo: e.effectiveTo, warning: null, draft: { file: draft.file } },
    };
  }
  const choice = editionInForce('medical-relief', today);
  const e = choice.edition;
  return {
    params: reliefParameters(e), warning: choice.warning,
    json: { document: e.document, title: e.title, effectiveFrom: e.effectiveFrom, effectiveTo: e.effectiveTo, chosenBy: { date: today }, warning: choice.warning },
  };
}

/** Split a list typed by a person: 永嘉县,平阳县 / 永嘉县、平阳县 / 永嘉县；平阳县 / spaces. */
export function parseCountyList(textValue: string): string[] {
  const out: string[] = [];
  for (const part of textValue.split(/[,，、;；\s]+/)) {
    const t = part.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * 温政办〔2023〕90号 三、（五）: the whole calculation on a grid. Exported for tests and for callers
 * that need a fixed date; `reliefCalculator.run` calls it with today's date.
 */
export function runRelief(grid: SheetGrid, settings: ReliefSettings, options: ReliefRunOptions = {}): ReportedOutcome<ReliefReport> {
  const today = options.today ?? todayIso();
  const { params, warning: editionWarning, json: editionJson } = paramsFor(today, settings.draft);
  const sheet = grid.name;
  const problems: Problem[] = [];
  if (editionWarning) problems.push(warning(sheet, null, editionWarning));
  const pilots = settings.pilotCounties;
  const settingsJson = { pilotCounties: [...pilots] };

  // Each valid row goes straight into its family as it is read: no typed row (with its own
  // Decimal) is kept for a million rows only to be summed into families (issue 10, memory);
  // problems and sheets use rowNumbers and letters.
  const families = new FamilyAccumulator();
  const input = readReliefInput(grid, { mapping: options.mapping, sink: families });
  problems.push(...input.problems);
  const rowCount = input.rowNumbers.length;
  const computed = rowCount > 0 || !hasErrors(problems) ? reliefOfFamilies(families.finish(params), params, pilots) : null;
  if (computed) problems.push(...conflictProblems(input, computed), ...lookalikeProblems(input, computed), ...mergedProblems(input, computed));
  if (!hasErrors(problems) && rowCount === 0) {
    problems.push(error(sheet, null, `工作表「${sheet}」没有数据行：请在表头下逐行填写家庭编号、县（市、区）和自负医疗费用。`));
  }
  if (hasErrors(problems) || !computed) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    // As before: kind, policy, settings and problems only (docs/interfaces.md「3.1」).
    const failed: ReliefReport = { kind: 'relief', policy: params.document, settings: settingsJson, problems };
    return {
      kind: 'relief', policy: params.document, problems, report: failed, json: failed as unknown as Record<string, unknown>,
      sheets: [],
      summary: [`医保纾困专项保障：输入有 ${errors} 个错误，未计算。请按「校验问题」逐项改正后重新计算。`],
    };
  }
  if (input.year !== null) {
    const fromYear = Number(params.effectiveFrom.slice(0, 4));
    if (input.year < fromYear) {
      problems.push(warning(sheet, input.yearCell, `年度 ${input.year} 早于 ${params.document} 的施行日期 ${params.effectiveFrom}，请核实。`));
    }
  }
  problems.push(...fundingProblems(input, computed, params, pilots));

  const counties = computed.counties.map((c) => ({
    county: c.county, families: c.families, relieved: c.relieved,
    relief: decimalText(c.relief), cityFund: decimalText(c.cityFund), localMatch: decimalText(c.localMatch), pilot: c.pilot,
  }));
  const t = computed.totals;
  let countySum = ZERO;
  for (const c of computed.counties) countySum = countySum.plus(c.relief);
  const balanced = countySum.equals(t.relief) && t.cityFund.plus(t.localMatch).equals(t.relief)
    && computed.counties.every((c) => c.cityFund.plus(c.localMatch).equals(c.relief));
  const report: ReliefReport = {
    kind: 'relief', policy: params.document, settings: settingsJson, problems,
    families: [], // computed when first read: defineComputed below, in this key order
    counties, total: decimalText(t.relief),
    edition: editionJson,
    totals: { families: t.families, relieved: t.relieved, relief: decimalText(t.relief), cityFund: decimalText(t.cityFund), localMatch: decimalText(t.localMatch) },
    balanced,
    cityFund: { available: decimalText(params.cityFundPerYear), used: decimalText(t.cityFund), exceeded: Boolean(computed.cityFundExceeded) },
  };
  // One entry per family (400,000 for a million rows): made when the report is read for JSON
  // (docs/interfaces.md `relief`), not for a run that only writes the sheets.
  defineComputed(report, 'families', () => familyEntries(computed));
  let sheets: ResultSheet[] = [
    detailSheet(computed, params, { names: input.letters.name !== undefined, ids: input.letters.idNumber !== undefined }),
    summarySheet(computed, params, pilots, settings.draft?.file ?? null),
  ];
  if (problems.length > 0) sheets.push(problemsSheet(problems));
  if (settings.draft) sheets = markDraft(sheets, settings.draft.file, params.document);
  // The printed footer names the document the sheets were computed under.
  sheets = withDocument(sheets, params.document);
  return {
    kind: 'relief', policy: params.document, problems, report, json: report as unknown as Record<string, unknown>, sheets,
    summary: summaryLines(computed, params, input, settings.draft?.file ?? null),
  };
}

/** The `families` of the JSON report (docs/interfaces.md `relief`): masked ids only. */
function familyEntries(computed: ReliefComputation): NonNullable<ReliefReport['families']> {
  const fams = computed.families;
  const out: NonNullable<ReliefReport['families']> = new Array(fams.length);
  for (let i = 0; i < fams.length; i++) {
    const f = fams[i];
    const entry: NonNullable<ReliefReport['families']>[number] = {
      familyId: f.familyId, county: f.county, selfPay: decimalText(f.selfPay), relief: decimalText(f.relief),
    };
    if (f.names.length) entry.name = f.names.join('、');
    if (f.ids.length) entry.idNumber = f.ids.join('、'); // masked only
    out[i] = entry;
  }
  return out;
}

/** docs/rules.md §3: a family listed under two counties (by county key) is an error naming both cells. */
function conflictProblems(input: ReliefInput, computed: ReliefComputation): Problem[] {
  const out: Problem[] = [];
  const reported = new Set<string>();
  let unlisted = 0;
  for (const c of computed.conflicts) {
    if (reported.has(c.familyId)) continue;
    reported.add(c.familyId);
    if (out.length >= MAX_LISTED_PROBLEMS) {
      unlisted++;
      continue;
    }
    const firstCell = addressOf(input, 'county', c.firstRow);
    const cell = addressOf(input, 'county', c.row);
    out.push(error(input.sheet, cell,
      `家庭编号「${c.familyId}」登记在两个县（市、区）：${firstCell}（第 ${input.rowNumbers[c.firstRow]} 行）为「${c.firstCounty}」，`
      + `${cell}（第 ${input.rowNumbers[c.row]} 行）为「${c.county}」；同一家庭只能属于一个县（市、区），请核对家庭编号或县（市、区）`
      + `（如各县分别编号，请在家庭编号前加县名以区分）。`));
  }
  if (unlisted > 0) {
    out.push(error(input.sheet, null, `另有 ${unlisted} 户家庭登记在两个县（市、区），未逐一列出。`));
  }
  return out;
}

/**
 * docs/rules.md §1.8: family ids are matched as typed (outer spaces aside), so 「YJ001」 and
 * 「ＹＪ００１」 are two families; a warning names both cells.
 */
function lookalikeProblems(input: ReliefInput, computed: ReliefComputation): Problem[] {
  const out: Problem[] = [];
  const list = computed.lookalikes;
  for (let i = 0; i < list.length && i < MAX_LISTED_PROBLEMS; i++) {
    const x = list[i];
    const cell = addressOf(input, 'familyId', x.row);
    const firstCell = addressOf(input, 'familyId', x.firstRow);
    out.push(warning(input.sheet, cell,
      `家庭编号「${x.familyId}」（${cell}）与「${x.firstId}」（${firstCell}）只在全角/半角或空格上不同，已按两户不同家庭分别计算；`
      + `如为同一家庭，请把家庭编号改成同一写法后重新计算。`));
  }
  if (list.length > MAX_LISTED_PROBLEMS) {
    out.push(warning(input.sheet, null, `另有 ${list.length - MAX_LISTED_PROBLEMS} 个家庭编号与前面的编号只在全角/半角或空格上不同，未逐一列出（均按不同家庭计算）。`));
  }
  return out;
}

/** docs/rules.md §2.2 and §3: another spelling of a county (永嘉 / 永嘉县) is summed into it, with a warning. */
function mergedProblems(input: ReliefInput, computed: ReliefComputation): Problem[] {
  return computed.merged.map((m) => {
    const cell = addressOf(input, 'county', m.row);
    const firstCell = addressOf(input, 'county', m.countyFirstRow);
    return warning(input.sheet, cell,
      `「${m.spelling}」（${cell}）与「${m.county}」（${firstCell}）按同一县（市、区）汇总，汇总表中显示为「${m.county}」。`);
  });
}

/** The article name before its explanatory note: "一、工作目标（2024年…）" → "一、工作目标". */
function articleName(note: string): string {
  return /^[^（(]+/.exec(note)?.[0] ?? note;
}

/** docs/rules.md §3: warnings for counties outside the pilot list and for the city fund being exceeded. */
function fundingProblems(input: ReliefInput, computed: ReliefComputation, params: ReliefParameters, pilots: readonly string[]): Problem[] {
  const out: Problem[] = [];
  const fundArticle = articleOf(params.articles.cityFundPerYear);
  for (const c of computed.counties) {
    if (c.pilot) continue;
    out.push(warning(input.sheet, addressOf(input, 'county', c.firstRow),
      `「${c.county}」不在试点县（市、区）名单（${pilots.join('、')}）内，按“其他有条件的县（市、区）可参照执行”`
      + `（${params.document} ${articleName(params.articles.pilotCounties)}）照常计算：该地 ${c.families} 户家庭化解 ${grouped(c.relief)} 元，`
      + `全部由地方配套，市级基金承担 0 元（市级基金“专项用于5个加快发展县和洞头区”，${params.document} ${fundArticle}）。`
      + `如该地已纳入试点，请在设置「试点县（市、区）」中加入。`));
  }
  if (computed.cityFundExceeded) {
    const x = computed.cityFundExceeded;
    out.push(warning(input.sheet, null,
      `市级基金应承担合计 ${grouped(x.cityFund)} 元（只计试点县（市、区）），超过市级每年筹集的 ${wanText(x.available)}元（${grouped(x.available)} 元），超出 ${grouped(x.excess)} 元`
      + `（${params.document} ${fundArticle}）。`));
  }
  return out;
}

function summaryLines(computed: ReliefComputation, params: ReliefParameters, input: ReliefInput, draftFile: string | null): string[] {
  const t = computed.totals;
  const lines = [
    `医保纾困专项保障（${draftFile === null ? '' : `草案版本 ${draftFile}：`}${params.document} 三、（五））${input.year !== null ? `${input.year} 年度` : ''}：`
    + `家庭 ${t.families} 户，获化解 ${t.relieved} 户，化解总额 ${grouped(t.relief)} 元`
    + `（市级基金承担 ${grouped(t.cityFund)} 元，地方配套 ${grouped(t.localMatch)} 元${computed.nonPilotCounties.length ? '，含非试点地区全部由地方配套' : ''}）。`,
  ];
  for (const c of computed.counties) {
    lines.push(`  ${c.county}${c.pilot ? '' : '（非试点，全部由地方配套）'}：家庭 ${c.families} 户，获化解 ${c.relieved} 户，化解 ${grouped(c.relief)} 元`
      + `（市级基金承担 ${grouped(c.cityFund)} 元，地方配套 ${grouped(c.localMatch)} 元）`);
  }
  lines.push(computed.cityFundExceeded
    ? `  市级基金承担（只计试点县（市、区））超过年度 ${wanText(params.cityFundPerYear)}元，超出 ${grouped(computed.cityFundExceeded.excess)} 元。`
    : `  市级基金承担（只计试点县（市、区））未超过年度 ${wanText(params.cityFundPerYear)}元。`);
  return lines;
}

export const reliefCalculator: Calculator<ReliefSettings> = {
  kind: 'relief',
  title: '医保纾困专项保障',
  fields: RELIEF_FIELDS,

  defaultSettings(today: IsoDate): ReliefSettings {
    return { pilotCounties: [...paramsFor(today).params.pilotCounties] };
  },

  settingsFrom(options: Record<string, string | undefined>, today: IsoDate): SettingsResult<ReliefSettings> {
    const settings = reliefCalculator.defaultSettings(today);
    const given = options.pilotCounties;
    if (given !== undefined) {
      const list = parseCountyList(given);
      if (list.length === 0) return { ok: false, message: '试点县（市、区）名单不能为空：请用逗号或顿号分隔，例如「永嘉县、平阳县」。' };
      settings.pilotCounties = list;
    }
    return { ok: true, settings };
  },

  describeSettings(settings: ReliefSettings, today: IsoDate): SettingDescriptor[] {
    const { params } = paramsFor(today);
    return [{
      key: 'pilotCounties',
      label: '试点县（市、区）',
      value: settings.pilotCounties.join('、'),
      defaultValue: params.pilotCounties.join('、'),
      source: `${params.document} ${params.articles.pilotCounties}`,
      changed: !samePilots(settings.pilotCounties, params.pilotCounties),
    }];
  },

  run(grid: SheetGrid, settings: ReliefSettings, options?: ReliefRunOptions): ReportedOutcome<ReliefReport> {
    return runRelief(grid, settings, options);
  },

  template(): ResultSheet {
    const { params } = paramsFor(todayIso());
    return reliefTemplate(params);
  },

  options: RELIEF_OPTIONS,
  policy: 'medical-relief',
  editionFor: (settings: ReliefSettings, today: IsoDate) => paramsFor(today, settings.draft).json,
  withDraft: (settings: ReliefSettings, draft) => {
    const { draft: _old, ...rest } = settings;
    return draft ? { ...rest, draft: draft as DraftEdition<MedicalReliefEdition> } : rest;
  },
};

export type { CalculationOutcome };
