export { LOGFILE_FORMAT, logFromResult, readMergeLogfile, writeMergeLogfile, type LogRecord, type LogSummary, type MergeLog } from './merge-logfile';
