/**
 * Dated reference data published with the policy documents, bundled like the editions: 温政办〔2023〕89号
 * 《关于公布2023年温州市领军型工业企业、高成长型工业企业名单的通知》 (2023-12-19) — 附件1 100 家领军型、
 * 附件2 195 家高成长型工业企业, each with its 序号, 地区 and 企业名称 exactly as in the gazette
 * (docs/rules.md §4). The lists take part in no calculation: they only annotate a rated
 * headquarters whose name is on them. Validated when loaded (declared count = entries, 序号 1…n).
 */
import lists2023 from './reference/2023-89.json';

export interface ReferenceEntry {
  no: number;
  district: string;
  name: string;
}

export interface ReferenceList {
  key: string;
  /** 领军型 / 高成长型. */
  label: string;
  title: string;
  /** 附件1 / 附件2. */
  article: string;
  count: number;
  entries: ReferenceEntry[];
}

export interface ReferenceData {
  reference: string;
  document: string;
  title: string;
  published: string;
  year: number;
  source: string;
  lists: ReferenceList[];
}

function checked(data: ReferenceData, file: string): ReferenceData {
  const fail = (m: string): never => { throw new Error(`内置参考数据 ${file} 无效：${m}`); };
  if (typeof data.document !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(data.published)) fail('缺少文号或发布日期');
  for (const list of data.lists) {
    if (list.entries.length !== list.count) fail(`「${list.title}」声明 ${list.count} 家，实有 ${list.entries.length} 家`);
    list.entries.forEach((e, i) => {
      if (e.no !== i + 1 || typeof e.name !== 'string' || e.name.trim() === '' || typeof e.district !== 'string') fail(`「${list.title}」第 ${i + 1} 项（序号 ${e.no}）不完整`);
    });
  }
  return data;
}

const REFERENCES: ReferenceData[] = [checked(lists2023 as ReferenceData, 'reference/2023-89.json')];

/** The bundled industrial-enterprise lists (温政办〔2023〕89号), newest first. */
export function enterpriseLists(): readonly ReferenceData[] {
  return REFERENCES;
}
