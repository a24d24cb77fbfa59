/** 温政办〔2023〕88号 总部企业星级评定: the rules' public surface. */
export * from './types';
export * from './credit-code';
export * from './group-by-headquarters';
export * from './efficacy-score';
export * from './bonus-points';
export * from './rank-and-tier';
export * from './rate-headquarters';
