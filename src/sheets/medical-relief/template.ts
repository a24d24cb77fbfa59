/**
 * The relief input template (docs/rules.md §3 "Input headers"; 温政办〔2023〕90号 三、（五）and 一、工作目标):
 * sheet 医保纾困 with the canonical headers, a note row (every cell starts with 说明：, so the
 * reader skips it) and a drop-down of the pilot counties on 县（市、区） that still allows others.
 */
import { ResultSheet, text } from '../result-sheet';
import type { ReliefParameters } from '../../rules/medical-relief/parameters';
import { HEADERS, RELIEF_INPUT_SHEET } from './fields';
import { wanText } from './result-sheets';

/** Rows of the template that get the county drop-down (indexes in `rows`; 0 is the note row). */
const TEMPLATE_ROWS = 1000;

export function reliefTemplate(params: ReliefParameters, pilotCounties: readonly string[] = params.pilotCounties): ResultSheet {
  const columns = [
    { header: HEADERS.familyId, text: true, width: 14 },
    { header: HEADERS.name, width: 12 },
    { header: HEADERS.idNumber, text: true, width: 22 },
    { header: HEADERS.county, width: 14 },
    { header: HEADERS.selfPay, width: 30 },
  ];
  const note = [
    '说明：同一家庭的多名成员或多笔费用可分行填写，家庭编号相同即先合计再计算；一户家庭只能属于一个县（市、区）',
    '说明：选填',
    '说明：选填；18 位公民身份号码，请按文本填写；结果中只显示前 6 位和后 4 位',
    `说明：试点为 ${pilotCounties.join('、')}；其他县（市、区）也可填写，会照常计算、全部由地方配套并提示`,
    `说明：经各项综合保障后的自负部分，单位元，最多到分（两位小数）（表头写“万元”则按万元换算）；超 ${wanText(params.threshold)}元部分化解、家庭封顶 ${wanText(params.cap)}元（${params.document} 三、（五））`,
  ];
  return {
    name: RELIEF_INPUT_SHEET,
    role: 'input-template',
    columns,
    rows: [note.map((t) => text(t))],
    noteRows: [0],
    validations: [{ col: 3, values: [...pilotCounties], firstRow: 1, lastRow: TEMPLATE_ROWS, allowOther: true }],
  };
}
