/**
 * Reading the optional what-if sheet for 温政办函〔2023〕28号 第六条 (用水区域分担比例测算):
 * headers 县（市、区） + 用水量, optionally 人口 and 用水结构. Only proportions matter, so the
 * water-use unit is whatever the officer used (consistently within the column).
 * District names are kept exactly as typed (docs/rules.md §1.8) and compared by countyKey
 * (rules/counties/county-names.ts: 温州海经区 = 海经区); a row for 温州湾新区 is folded into 龙湾区 by
 * the rule (what-if-split.ts, 第七条), not here.
 */
import { SheetGrid, columnLetters } from '../grid';
import { Problem, error } from '../problem';
import { readTable, headerFit } from '../table';
import { FieldReader } from '../field-reader';
import type { WhatIfRow } from '../../rules/water-fund/what-if-split';
import { countyKey } from '../../rules/water-fund/parameters';
import { WHAT_IF_FIELDS, WhatIfField } from './fields';

export interface WhatIfInput {
  sheet: string;
  rows: WhatIfRow[];
  cells: Array<Partial<Record<WhatIfField, string>>>;
  headerCells: Partial<Record<WhatIfField, string>>;
  present: Record<'population' | 'structure', boolean>;
  problems: Problem[];
}

/** Whether a sheet looks like a what-if sheet (both 县（市、区） and 用水量 headers found). */
export function isWhatIfSheet(grid: SheetGrid): boolean {
  return headerFit(grid, WHAT_IF_FIELDS) >= 1;
}

export function readWhatIfInput(grid: SheetGrid): WhatIfInput {
  const table = readTable(grid, WHAT_IF_FIELDS, { keyField: 'district' });
  const sheet = grid.name;
  const problems: Problem[] = [...table.problems];
  const reader = new FieldReader(sheet, table.date1904);
  const headerCells: Partial<Record<WhatIfField, string>> = {};
  const headerRow = table.headerRowNumber;
  for (const f of WHAT_IF_FIELDS) {
    const col = table.columns[f.field];
    if (col) headerCells[f.field] = `${columnLetters(col.col + (grid.origin?.col ?? 0))}${headerRow}`;
  }
  const rows: WhatIfRow[] = [];
  const cells: Array<Partial<Record<WhatIfField, string>>> = [];
  const seen = new Map<string, string>();
  for (const row of table.rows) {
    const c: Partial<Record<WhatIfField, string>> = {};
    for (const f of WHAT_IF_FIELDS) if (row.fields[f.field]) c[f.field] = row.fields[f.field]!.address;
    const district = reader.text(row.fields.district, '县（市、区）', { required: true });
    if (district) {
      const first = seen.get(countyKey(district));
      if (first) reader.problems.push(error(sheet, c.district ?? null, `「县（市、区）」「${district}」重复出现（已在 ${first} 填写）。`));
      else seen.set(countyKey(district), c.district ?? '');
    }
    rows.push({
      district,
      waterUse: reader.decimal(row.fields.waterUse, '用水量', { required: true, nonNegative: true }),
      population: row.fields.population ? reader.decimal(row.fields.population, '人口', { nonNegative: true }) : null,
      structure: row.fields.structure ? reader.decimal(row.fields.structure, '用水结构', { nonNegative: true }) : null,
    });
    cells.push(c);
  }
  if (table.rows.length === 0 && !problems.some((p) => p.severity === 'error')) {
    problems.push(error(sheet, null, `工作表「${sheet}」表头下没有数据行：请按用水区域逐行填写用水量。`));
  }
  problems.push(...reader.problems);
  return { sheet, rows, cells, headerCells, present: { population: !!table.columns.population, structure: !!table.columns.structure }, problems };
}
