export { execute, plan, MergeRefusedError, type ExecuteOptions, type MergeResult, type Outcome, type RefusalCode } from './engine';
export { CATEGORIES } from './categories/index';
export { auditPrefix, formatMergeTime } from './categories/audit-log';
export { canonicalJson, jsonWithRecords, planHash, sha256 } from './hash';
export { licencesFreed } from './licences';
export * from './types';
