/**
 * Input columns of the relief calculation (docs/rules.md §3 "Input headers"; 温政办〔2023〕90号 三、（五）):
 * canonical headers as in the template, with the short forms officers use.
 */
import type { FieldSpec } from '../table';

export const RELIEF_INPUT_SHEET = '医保纾困';

export const HEADERS = {
  familyId: '家庭编号',
  name: '姓名',
  idNumber: '身份证号',
  county: '县（市、区）',
  selfPay: '综合保障后自负医疗费用（元）',
  year: '年度',
} as const;

export type ReliefField = keyof typeof HEADERS;

export const RELIEF_FIELDS: FieldSpec[] = [
  { field: 'familyId', canonical: HEADERS.familyId, synonyms: ['户编号', '家庭户号', '户号', '家庭编码'], required: true },
  { field: 'name', canonical: HEADERS.name, synonyms: ['成员姓名'] },
  { field: 'idNumber', canonical: HEADERS.idNumber, synonyms: ['身份证号码', '公民身份号码', '证件号码', '身份证'] },
  { field: 'county', canonical: HEADERS.county, synonyms: ['县市区', '所属县区', '地区', '县区', '所属县（市、区）', '县（市，区）'], required: true },
  { field: 'selfPay', canonical: HEADERS.selfPay, synonyms: ['自负医疗费用', '自负费用', '自负金额', '综合保障后自负费用', '自负部分'], required: true },
  { field: 'year', canonical: HEADERS.year, synonyms: ['年份', '保障年度'] },
];
