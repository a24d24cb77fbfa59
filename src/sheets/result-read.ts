/**
 * Reading back the result sheets this tool wrote (docs/interfaces.md「4 结果工作表」) for `diff`:
 * 星级评定结果 (温政办〔2023〕88号), 补偿资金分配 (温政办函〔2023〕28号), 纾困县区汇总 (温政办〔2023〕90号).
 * Columns are found by their headers, rows by their shape (a number in 排名, a county with amounts),
 * so the tier counts, totals, notes and a draft's note row below the data are passed over.
 * Numbers come back through their shortest round-trip text into decimals (parseDecimal).
 */
import type { CellValue, SheetGrid } from './grid';
import { cellAt } from './grid';
import { cellText, parseDecimal } from './parse-cell';

export type ResultKind = 'hq-rating' | 'water-fund' | 'relief';

export interface HqResultRow { creditCode: string; name: string; rank: number; stars: number; total: string; starLabel: string }
export interface WaterResultRow { county: string; base: string; reward: string; total: string }
export interface ReliefResultRow { county: string; relief: string; cityFund: string; localMatch: string }

export type ResultRows =
  | { kind: 'hq-rating'; rows: HqResultRow[]; excluded: Array<{ creditCode: string; name: string }> }
  | { kind: 'water-fund'; rows: WaterResultRow[] }
  | { kind: 'relief'; rows: ReliefResultRow[] };

const HEADERS: Record<ResultKind, string[]> = {
  'hq-rating': ['排名', '星级', '星级（★）', '统一社会信用代码', '企业名称', '总分'],
  'water-fund': ['县（市、区）', '基础部分（元）', '奖励（元）', '合计（元）'],
  relief: ['县（市、区）', '化解总额', '市级基金承担', '地方配套'],
};

function headerIndex(grid: SheetGrid): Map<string, number> {
  const out = new Map<string, number>();
  const row = grid.cells[0] ?? [];
  row.forEach((v, i) => {
    const t = cellText(v).trim();
    if (t && !out.has(t)) out.set(t, i);
  });
  return out;
}

/** Which result sheet the grid is (by its headers), or null. */
export function resultKindOf(grid: SheetGrid): ResultKind | null {
  const h = headerIndex(grid);
  for (const kind of ['hq-rating', 'water-fund', 'relief'] as const) {
    if (HEADERS[kind].every((x) => h.has(x))) return kind;
  }
  return null;
}

const numberText = (v: CellValue): string | null => {
  const p = parseDecimal(v);
  return p && p.ok ? p.value.toString() : null;
};
const intOf = (v: CellValue): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The data rows of a result sheet written by this tool; null when the grid is none of them. */
export function readResultRows(grid: SheetGrid): ResultRows | null {
  const kind = resultKindOf(grid);
  if (kind === null) return null;
  const h = headerIndex(grid);
  const col = (name: string) => h.get(name)!;
  const at = (r: number, name: string) => cellAt(grid, r, col(name));
  if (kind === 'hq-rating') {
    const rows: HqResultRow[] = [];
    const excluded: Array<{ creditCode: string; name: string }> = [];
    for (let r = 1; r < grid.cells.length; r++) {
      const rank = intOf(at(r, '排名'));
      const stars = intOf(at(r, '星级'));
      const code = cellText(at(r, '统一社会信用代码'));
      if (rank !== null && stars !== null && code.trim() !== '') {
        const starCell = cellText(at(r, '星级（★）')).trim();
        rows.push({ creditCode: code, name: cellText(at(r, '企业名称')), rank, stars, total: numberText(at(r, '总分')) ?? '0', starLabel: starCell.replace(/^★+\s*/, '') });
      } else if (cellText(at(r, '星级（★）')).trim() === '不参评' && code.trim() !== '') {
        excluded.push({ creditCode: code, name: cellText(at(r, '企业名称')) });
      }
    }
    return { kind, rows, excluded };
  }
  if (kind === 'water-fund') {
    const rows: WaterResultRow[] = [];
    for (let r = 1; r < grid.cells.length; r++) {
      const county = cellText(at(r, '县（市、区）'));
      if (county.trim() === '' || county.trim() === '合计') continue;
      const base = numberText(at(r, '基础部分（元）'));
      const reward = numberText(at(r, '奖励（元）'));
      const total = numberText(at(r, '合计（元）'));
      if (base === null || total === null) continue;
      rows.push({ county, base, reward: reward ?? '0', total });
    }
    return { kind, rows };
  }
  const rows: ReliefResultRow[] = [];
  for (let r = 1; r < grid.cells.length; r++) {
    const county = cellText(at(r, '县（市、区）'));
    if (county.trim() === '合计') break;
    const relief = numberText(at(r, '化解总额'));
    const cityFund = numberText(at(r, '市级基金承担'));
    const localMatch = numberText(at(r, '地方配套'));
    if (county.trim() === '' || relief === null || cityFund === null || localMatch === null) continue;
    rows.push({ county, relief, cityFund, localMatch });
  }
  return { kind, rows };
}

/** The document a parameter sheet (评定参数 / 分配参数) names in its 政策文件 row, and whether it says 草案版本. */
export function readParameterSheet(grid: SheetGrid): { document: string | null; draft: string | null } {
  let document: string | null = null;
  let draft: string | null = null;
  for (let r = 1; r < grid.cells.length; r++) {
    const item = cellText(cellAt(grid, r, 0)).trim();
    if (item === '政策文件' && document === null) document = cellText(cellAt(grid, r, 1)).trim() || null;
    if (item === '草案版本' && draft === null) draft = cellText(cellAt(grid, r, 1)).trim() || null;
  }
  return { document, draft };
}
