/**
 * Input columns of the 水源地补偿资金 sheet (docs/rules.md §2.7), for 温政办函〔2023〕28号 第九条 (factors),
 * 第十条 (考核组) and 第十一条、第十四条 (assessment). Areas are canonical in 平方公里 (公顷 is
 * converted by readTable), population in 人 (万人 converted).
 */
import type { FieldSpec } from '../table';

export type WaterFundField =
  | 'county' | 'primaryZoneArea' | 'catchmentArea' | 'population' | 'waterArea'
  | 'group' | 'waterQuality' | 'greenRate' | 'management' | 'performance' | 'deduction';

export const WATER_FUND_FIELDS: Array<FieldSpec & { field: WaterFundField }> = [
  { field: 'county', canonical: '县（市、区）', synonyms: ['县市区', '县(市区)', '地区', '县区', '县（市区）', '受偿地区', '水源地所在县（市、区）'], required: true },
  { field: 'primaryZoneArea', canonical: '一级水源保护区面积（平方公里）', synonyms: ['一级水源保护区面积', '一级保护区面积', '一级区面积'], required: true },
  { field: 'catchmentArea', canonical: '集雨区面积（不含水域）（平方公里）', synonyms: ['集雨区面积（不含水域）', '集雨区面积', '集雨面积'], required: true },
  { field: 'population', canonical: '集雨区内行政人口（人）', synonyms: ['集雨区内行政人口', '行政人口', '人口', '集雨区人口'], required: true },
  { field: 'waterArea', canonical: '水域面积（平方公里）', synonyms: ['水域面积'], required: true },
  { field: 'group', canonical: '考核组', synonyms: ['组别', '考核分组'] },
  { field: 'waterQuality', canonical: '入库支流断面水质得分', synonyms: ['水质得分', '入库支流断面水质', '水源地入库支流断面水质得分'] },
  { field: 'greenRate', canonical: '绿色发展模块得分率（%）', synonyms: ['绿色发展模块得分率', '绿色发展得分率'] },
  { field: 'management', canonical: '水源地管理得分', synonyms: ['水源地管理', '管理得分'] },
  { field: 'performance', canonical: '绩效评价得分', synonyms: ['绩效评价', '绩效得分'] },
  { field: 'deduction', canonical: '绩效评价扣分', synonyms: ['扣分', '绩效扣分'] },
];

export const FACTOR_FIELDS = ['primaryZoneArea', 'catchmentArea', 'population', 'waterArea'] as const;
export const ASSESSMENT_FIELDS = ['waterQuality', 'greenRate', 'management', 'performance'] as const;

export function labelOf(field: WaterFundField): string {
  return WATER_FUND_FIELDS.find((f) => f.field === field)!.canonical;
}

/** Input columns of the optional what-if sheet (第六条): district, water use, population, structure. */
export type WhatIfField = 'district' | 'waterUse' | 'population' | 'structure';
export const WHAT_IF_FIELDS: Array<FieldSpec & { field: WhatIfField }> = [
  { field: 'district', canonical: '县（市、区）', synonyms: ['用水区域', '县市区', '地区', '县区', '县（市区）'], required: true },
  { field: 'waterUse', canonical: '用水量', synonyms: ['实际用水量', '年用水量', '用水量（万立方米）', '用水量（立方米）', '用水量（万吨）', '用水量（吨）', '实际用水量（万立方米）'], required: true },
  { field: 'population', canonical: '人口（人）', synonyms: ['人口', '常住人口', '户籍人口'] },
  { field: 'structure', canonical: '用水结构', synonyms: ['用水结构系数', '用水结构得分', '用水结构值'] },
];
