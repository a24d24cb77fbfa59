/** 温政办〔2023〕90号 医保纾困专项保障: the pure rules (see each file for its article). */
export * from './parameters';
export * from './relief-per-family';
export * from './county-summary';
export * from './mask-id';
export * from './compute';
