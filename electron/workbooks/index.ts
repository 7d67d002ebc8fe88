/** The one room for workbooks and CSV files MergeDesk writes and reads. */
export { LOGFILE_FORMAT, logFromResult, logSummaryOf, logTablesOf, writeMergeLogfile, type LogRecord, type LogSummary, type MergeLog, type MergeLogTables } from './merge-logfile';
export { readMergeLogfile } from './merge-logfile-reader';
export { UNDO_LOGFILE_FORMAT, writeUndoLogfile } from './undo-logfile';
export { BATCH_SUMMARY_FORMAT, PAIR_COLUMNS, writeBatchSummary } from './batch-summary';
export { scanToCsv, writeScanFile } from './scan-export';
export { parseWorklistCsv, parseWorklistXlsx, readWorklist, worklistToCsv, writeWorklistFile } from './worklist-file';
