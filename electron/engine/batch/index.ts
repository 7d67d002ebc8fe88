export { worklistFromTable, worklistProblem, WORKLIST_COLUMNS, type Worklist, type WorklistProblem, type WorklistProblemCode, type WorklistRow } from './worklist';
export { validateWorklist, type BatchPair, type ChainResolution, type WorklistValidation } from './validate';
export { batchExitCode, emptyCounts, pairLogfileName, runBatch, WorklistRefusedError, type BatchCounts, type BatchOptions, type BatchProgress, type BatchResult, type PairOutcome, type PairResult } from './run';
