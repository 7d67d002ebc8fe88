export { parseWorklistCsv, parseWorklistXlsx, readWorklist, worklistFromTable, WORKLIST_COLUMNS, worklistToCsv, type Worklist, type WorklistProblem, type WorklistProblemCode, type WorklistRow } from './worklist';
export { validateWorklist, type BatchPair, type ChainResolution, type WorklistValidation } from './validate';
export { batchExitCode, emptyCounts, pairLogfileName, runBatch, WorklistRefusedError, type BatchCounts, type BatchOptions, type BatchProgress, type BatchResult, type PairOutcome, type PairResult } from './run';
export { BATCH_SUMMARY_FORMAT, PAIR_COLUMNS, writeBatchSummary } from './summary';
