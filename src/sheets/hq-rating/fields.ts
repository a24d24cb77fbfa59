/**
 * Input columns of 总部企业星级评定 (docs/rules.md §1.6, 温政办〔2023〕88号 附件1/附件2): canonical headers
 * with the short forms of docs/rules.md §1.6 and the canonical units 亿元 / 亿元 / 万元 / %.
 */
import type { FieldSpec } from '../table';
import type { HqField } from '../../rules/hq-rating/types';

export interface HqFieldSpec extends FieldSpec {
  field: HqField;
  /** Short Chinese label used in messages. */
  label: string;
}

export const HQ_FIELD_SPECS: HqFieldSpec[] = [
  { field: 'creditCode', canonical: '统一社会信用代码', label: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码'], required: true },
  { field: 'name', canonical: '企业名称', label: '企业名称', synonyms: ['总部企业名称', '企业（机构）名称'], required: true },
  { field: 'hqCreditCode', canonical: '所属总部统一社会信用代码', label: '所属总部统一社会信用代码', synonyms: ['总部信用代码', '所属总部', '所属总部信用代码'] },
  { field: 'revenue', canonical: '近两年在温营业收入合计（亿元）', label: '近两年在温营业收入合计', synonyms: ['营业收入', '在温营业收入'], required: true },
  { field: 'localContribution', canonical: '近两年地方综合贡献合计（亿元）', label: '近两年地方综合贡献合计', synonyms: ['地方综合贡献', '地方贡献'], required: true },
  { field: 'rdExpense', canonical: '近两年可加计扣除研发费用合计（万元）', label: '近两年可加计扣除研发费用合计', synonyms: ['研发费用', '可加计扣除研发费用'], required: true },
  { field: 'pensionContributors', canonical: '上年度在温职工养老保险缴费人数', label: '上年度在温职工养老保险缴费人数', synonyms: ['缴费人数', '养老保险缴费人数'] },
  { field: 'taxFilers', canonical: '在温个税申报人数', label: '在温个税申报人数', synonyms: ['个税申报人数', '申报人数'] },
  { field: 'pensionRate', canonical: '上年度在温企业职工养老保险参保率（%）', label: '上年度在温企业职工养老保险参保率', synonyms: ['参保率', '养老保险参保率'] },
  // 附件2 第18项「上年度500强榜单入选情况」: an entry of last year lies within the three years.
  { field: 'top500Lists', canonical: '三年内入选榜单', label: '三年内入选榜单', synonyms: ['榜单', '500强榜单', '入选榜单', '上年度500强榜单入选情况', '500强榜单入选情况'] },
  // 附件2 第17项「企业总部上市情况（不含子公司）」: the listing of the row's own entity.
  { field: 'listingExchange', canonical: '上市交易所', label: '上市交易所', synonyms: ['交易所', '企业总部上市情况（不含子公司）', '企业总部上市情况', '上市情况'] },
  { field: 'listingDate', canonical: '上市日期', label: '上市日期', synonyms: ['上市时间'] },
  { field: 'disqualification', canonical: '取消资格情形', label: '取消资格情形', synonyms: ['取消资格', '取消资格原因'] },
  // 附件1 备注2 / 附件2 第19—20项 (docs/rules.md §1.6): which rows are summed.
  { field: 'holdingShare', canonical: '控股比例（%）', label: '控股比例', synonyms: ['持股比例', '子公司控股比例', '控股比'] },
  { field: 'location', canonical: '所在地', label: '所在地', synonyms: ['所在地区', '在温/市外', '在温或市外'] },
  // 三、评定程序 (初审 by each 县（市、区）): optional, for 分县统计.
  { field: 'county', canonical: '所在县（市、区）', label: '所在县（市、区）', synonyms: ['县（市、区）', '所在县', '所属县（市、区）', '初审县（市、区）'] },
  // 附件2 第21项, for 四、2 租用购建补助: optional, 是 / 否.
  { field: 'ownOffice', canonical: '自有产权办公用房', label: '自有产权办公用房', synonyms: ['总部企业母公司在温是否拥有自有产权办公用房', '在温是否拥有自有产权办公用房', '是否拥有自有产权办公用房', '自有办公用房'] },
];

export function hqFieldSpec(field: HqField): HqFieldSpec {
  return HQ_FIELD_SPECS.find((s) => s.field === field)!;
}
