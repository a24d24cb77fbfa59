/**
 * The input template of 总部企业星级评定 (docs/rules.md §1.6): canonical headers, one note row whose
 * every cell starts with 说明： (the table reader skips it), and drop-down lists for
 * 三年内入选榜单 (the edition's list names) and 上市交易所 (温政办〔2023〕88号 附件1 附加分).
 */
import type { HqRatingEdition } from '../../policies/edition';
import { ResultSheet, text } from '../result-sheet';
import { HQ_FIELD_SPECS } from './fields';

export const TEMPLATE_SHEET_NAME = '总部企业星级评定';

const NOTES: Record<string, string> = {
  creditCode: '18 位，按 GB 32100-2015 校验',
  name: '必填',
  hqCreditCode: '分公司、控股子公司填所属总部的代码；总部本身留空',
  revenue: '必填，亿元，母公司与在温分公司、控股子公司各占一行，自动加总',
  localContribution: '必填，亿元',
  rdExpense: '必填，万元',
  pensionContributors: '人；与申报人数一起填写（优先于参保率）',
  taxFilers: '人',
  pensionRate: '仅单行总部可直接填写，如 85% 或 0.85',
  top500Lists: '多个用「、」分隔；没有填「无」或留空',
  listingExchange: '本行企业上市的交易所，可填其他交易所',
  listingDate: '填写交易所时必填，如 2023-05-06',
  disqualification: '有取消资格情形时填写原因，否则留空',
  holdingShare: '子公司填总部控股比例，如 60%；低于 50% 的不计入（附件2 第19项 控股50%以上）；分公司留空',
  location: '分公司、子公司填「在温」或「市外」（默认在温）；市外的不计入（附件1 备注2）',
  county: '可选：总部所在县（市、区），用于分县统计（三、评定程序 初审）',
  ownOffice: '可选：总部企业母公司在温是否拥有自有产权办公用房，填「是」或「否」（附件2 第21项；四、2 租用购建补助）',
};

export function hqTemplateSheet(edition: HqRatingEdition): ResultSheet {
  const p = edition.parameters;
  const columns = HQ_FIELD_SPECS.map((s) => ({
    header: s.canonical,
    text: s.field === 'creditCode' || s.field === 'hqCreditCode',
  }));
  const note = HQ_FIELD_SPECS.map((s) => text(`说明：${NOTES[s.field] ?? ''}`));
  const col = (field: string) => HQ_FIELD_SPECS.findIndex((s) => s.field === field);
  return {
    name: TEMPLATE_SHEET_NAME,
    role: 'input-template',
    columns: columns.map((c) => ({ ...c, width: Math.max(12, Math.min(40, c.header.length * 2 + 2)) })),
    rows: [note],
    noteRows: [0],
    validations: [
      { col: col('top500Lists'), values: ['无', ...p.top500Bonus.value.map((b) => b.list)], firstRow: 1, lastRow: 999 },
      { col: col('listingExchange'), values: p.exchanges.value, firstRow: 1, lastRow: 999 },
      { col: col('location'), values: ['在温', '市外'], firstRow: 1, lastRow: 999 },
      { col: col('ownOffice'), values: ['是', '否'], firstRow: 1, lastRow: 999 },
    ],
  };
}
