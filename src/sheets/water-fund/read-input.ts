/**
 * Reading the 水源地补偿资金 input sheet (docs/rules.md §2.7) into the rule inputs of
 * 温政办函〔2023〕28号 第九条 (factors), 第十条 (考核组) and 第十一条、第十四条 (assessment),
 * with every problem in Chinese naming sheet and cell, and the 第四条 recipients checked
 * (rules/water-fund/recipients.ts). County names are kept exactly as typed (docs/rules.md §1.8) and
 * compared only by countyKey (文成 = 文成县, spaces and width folded; docs/rules.md §2.2).
 */
import { Decimal, ZERO, ONE, sum } from '../../exact/decimal';
import type { SheetGrid } from '../grid';
import { cellAddress, columnLetters, isBlank } from '../grid';
import { Problem, error, warning } from '../problem';
import { readTable, Table } from '../table';
import { FieldReader } from '../field-reader';
import { idNumberInCell, misplacedIdProblem } from '../id-guard';
import type { CountyInput } from '../../rules/water-fund/allocate-fund';
import type { FactorValues } from '../../rules/water-fund/base-shares';
import type { AssessmentInput } from '../../rules/water-fund/assessment-score';
import { countyKey, defaultGroup, RewardGroup, WaterFundParams } from '../../rules/water-fund/parameters';
import { checkRecipients } from '../../rules/water-fund/recipients';
import { moneyText } from './format';
import { ASSESSMENT_FIELDS, FACTOR_FIELDS, labelOf, WATER_FUND_FIELDS, WaterFundField } from './fields';

export interface InputRowCells {
  rowNumber: number;
  cells: Partial<Record<WaterFundField, string>>;
}

export interface WaterFundInput {
  sheet: string;
  counties: CountyInput[];
  /** False when none of the assessment columns is present: base part only. */
  withAssessment: boolean;
  rows: InputRowCells[];
  /** Header cell of each mapped column. */
  headerCells: Partial<Record<WaterFundField, string>>;
  /** The header row's first cell (for problems about missing columns). */
  headerRowCell: string;
  problems: Problem[];
}

/** A1 address of the header cell of a mapped column. */
function headerCellOf(grid: SheetGrid, table: Table, field: string): string | undefined {
  const col = table.columns[field];
  if (!col) return undefined;
  return cellAddress(grid, table.headerRowNumber - 1 - (grid.origin?.row ?? 0), col.col);
}

/** 考核组 as typed: A, a, A组, 考核A组, Ａ, ｂ组 (any width, spaces) → 'A' / 'B'; blank → null; anything else → undefined. */
export function parseGroup(text: string): RewardGroup | null | undefined {
  // the cell text comes exactly as typed (docs/rules.md §1.8): fold width and spaces to compare
  const t = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase().replace(/^考核/, '').replace(/组$/, '');
  if (t === '') return null;
  if (t === 'A' || t === 'B') return t;
  return undefined;
}

/** Read and validate the input sheet (温政办函〔2023〕28号 第四、九、十、十一、十四条). */
export function readWaterFundInput(grid: SheetGrid, params: WaterFundParams, options: { mapping?: Record<string, number> } = {}): WaterFundInput {
  const table = readTable(grid, WATER_FUND_FIELDS, { mapping: options.mapping, keyField: 'county' });
  const sheet = grid.name;
  const problems: Problem[] = [...table.problems];
  const headerCells: Partial<Record<WaterFundField, string>> = {};
  for (const f of WATER_FUND_FIELDS) {
    const a = headerCellOf(grid, table, f.field);
    if (a) headerCells[f.field] = a;
  }
  const headerRowCell = `${columnLetters(grid.origin?.col ?? 0)}${table.headerRowNumber}`;
  const result: WaterFundInput = { sheet, counties: [], withAssessment: false, rows: [], headerCells, headerRowCell, problems };
  // no header, or a required column missing: the table problems say it all (no per-row noise)
  if (WATER_FUND_FIELDS.some((f) => f.required && !table.columns[f.field])) return result;

  const present = ASSESSMENT_FIELDS.filter((f) => table.columns[f]);
  const withAssessment = present.length > 0;
  result.withAssessment = withAssessment;
  if (!withAssessment) {
    problems.push(warning(sheet, null,
      '未找到考核得分列（入库支流断面水质得分、绿色发展模块得分率（%）、水源地管理得分、绩效评价得分），只计算基础部分（第九条）；奖励部分（第十条）未分配，各县奖励为 0。'));
  } else {
    for (const f of ASSESSMENT_FIELDS) {
      if (!table.columns[f]) problems.push(error(sheet, headerRowCell, `缺少考核得分列「${labelOf(f)}」：已给出部分考核得分列时，四项得分列都必须有（表头在第 ${table.headerRowNumber} 行）。`));
    }
  }

  const reader = new FieldReader(sheet, table.date1904);
  const greenRates = withAssessment && table.columns.greenRate ? reader.percentColumn(table, 'greenRate', labelOf('greenRate')) : [];
  const seen = new Map<string, string>();
  const factorComplete: Record<string, boolean> = Object.fromEntries(FACTOR_FIELDS.map((f) => [f, true]));
  const factorValues: Record<string, Decimal[]> = Object.fromEntries(FACTOR_FIELDS.map((f) => [f, []]));

  table.rows.forEach((row, i) => {
    const cells: Partial<Record<WaterFundField, string>> = {};
    for (const f of WATER_FUND_FIELDS) {
      const raw = row.fields[f.field];
      if (!raw) continue;
      cells[f.field] = raw.address;
      // An ID number has no place in this sheet (docs/rules.md §3 Personal data): error, masked.
      const masked = idNumberInCell(raw.value);
      if (masked !== null) reader.problems.push(misplacedIdProblem(sheet, raw.address, raw.header, masked));
    }
    result.rows.push({ rowNumber: row.rowNumber, cells });

    const county = reader.text(row.fields.county, labelOf('county'), { required: true });
    if (county !== '') {
      const key = countyKey(county);
      const first = seen.get(key);
      if (first) {
        reader.problems.push(error(sheet, cells.county ?? null, `「${labelOf('county')}」「${county}」重复出现（已在 ${first} 填写），同一县（市、区）只能填一行。`));
      } else seen.set(key, cells.county ?? `第 ${row.rowNumber} 行`);
    }

    const values = {} as FactorValues;
    for (const f of FACTOR_FIELDS) {
      const v = reader.decimal(row.fields[f], labelOf(f), { required: true, nonNegative: true });
      if (v === null) factorComplete[f] = false;
      else factorValues[f].push(v);
      values[f] = v ?? ZERO;
    }

    let groupOverride: RewardGroup | null = null;
    const groupRaw = row.fields.group;
    if (groupRaw) {
      const text = reader.text(groupRaw, labelOf('group'));
      const g = parseGroup(text);
      if (g === undefined) {
        reader.problems.push(error(sheet, groupRaw.address, `「${labelOf('group')}」只能填 A 或 B（第十条），不能填「${text}」；留空则按县名确定。`));
      } else groupOverride = g;
    }

    let assessment: AssessmentInput | null = null;
    if (withAssessment) {
      const group = groupOverride ?? (county ? defaultGroup(county, params.groups) : null);
      const required = group !== null;
      const L = params.limits;
      const waterQuality = reader.decimal(row.fields.waterQuality, labelOf('waterQuality'), { required, nonNegative: true, max: L.waterQualityMax });
      const management = reader.decimal(row.fields.management, labelOf('management'), { required, nonNegative: true, max: L.managementMax });
      const performance = reader.decimal(row.fields.performance, labelOf('performance'), { required, nonNegative: true, max: L.performanceMax });
      const deduction = reader.decimal(row.fields.deduction, labelOf('deduction'), { nonNegative: true });
      let greenRate: Decimal | null = greenRates[i] ?? null;
      const greenRaw = row.fields.greenRate;
      if (greenRate === null && required && greenRaw && isBlank(greenRaw.value)) {
        reader.problems.push(error(sheet, greenRaw.address, `「${labelOf('greenRate')}」不能为空。`));
      } else if (greenRate !== null && greenRate.isNegative()) {
        reader.problems.push(error(sheet, greenRaw?.address ?? null, `「${labelOf('greenRate')}」不能为负数。`));
        greenRate = null;
      } else if (greenRate !== null && greenRate.greaterThan(ONE)) {
        reader.problems.push(error(sheet, greenRaw?.address ?? null, `「${labelOf('greenRate')}」不能超过 100%：${greenRate.times(100).toString()}%。`));
        greenRate = null;
      }
      const given = [waterQuality, greenRate, management, performance];
      if (given.every((v) => v !== null)) {
        assessment = { waterQuality: waterQuality!, greenRate: greenRate!, management: management!, performance: performance!, deduction };
      }
    }
    result.counties.push({ county, values, groupOverride, assessment });
  });

  // 第四条 (docs/rules.md §2.2): the counties of the input against the recipients list.
  const recipients = checkRecipients(result.counties.map((c) => c.county), params.recipients);
  const listed = params.recipients.map((r) => r.county).join('、');
  const base = `${moneyText(params.baseTotal, 'yuan')} 元`;
  for (const i of recipients.notListed) {
    problems.push(warning(sheet, result.rows[i].cells.county ?? null,
      `「${result.counties[i].county}」不是${params.articles.recipients}所列的水源地所在县（市、区）（${listed}）：仍按所填数据参与基础部分 ${base}的分配（所列县的份额相应减少），请核实。`));
  }
  if (result.counties.length > 0) {
    const present = result.counties.filter((c) => c.county !== '').length;
    for (const r of recipients.missing) {
      problems.push(warning(sheet, null,
        `${params.articles.recipients}所列的水源地所在县（市、区）「${r.county}」（${r.source}）未在工作表「${sheet}」中填写：基础部分 ${base}只在所填的 ${present} 个县（市、区）之间分配，${r.county}不获分配；如属漏填，请补上一行。`));
    }
  }
  if (table.rows.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(error(sheet, null, `工作表「${sheet}」表头下没有数据行：请按县（市、区）逐行填写。`));
  }
  // 第九条: a factor column summing to 0 has no proportion (docs/rules.md §2.3).
  if (table.rows.length > 0) {
    for (const f of FACTOR_FIELDS) {
      if (factorComplete[f] && sum(factorValues[f]).isZero()) {
        reader.problems.push(error(sheet, headerCells[f] ?? null, `「${labelOf(f)}」一列合计为 0，无法按占比分配基础部分（第九条）；请填写各县实际数值。`));
      }
    }
  }
  problems.push(...reader.problems);
  return result;
}
