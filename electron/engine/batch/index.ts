export { worklistFromTable, worklistProblem, WORKLIST_COLUMNS, type Worklist, type WorklistProblem, type WorklistProblemCode, type WorklistRow } from './worklist';
export { validateWorklist, type BatchPair, type ChainResolution, type WorklistValidation } from './validate';
