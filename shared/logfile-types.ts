/**
 * The content of a merge logfile, shared by the writer/reader in the main process
 * (times as Date) and the viewer in the renderer (times as ISO text, which every
 * transport carries).
 */
export type LogScalar = string | number | boolean | null;

export interface LogRecord {
  category: string;
  objectType: string;
  objectId: LogScalar;
  /** The object in words as the LMS names it ("FS-101 Fire safety basics"); null when unknown or in logfiles before v3. */
  objectName: string | null;
  sourceRecordId: LogScalar;
  targetRecordId: LogScalar;
  action: string;
  statusBeforeSource: LogScalar;
  statusBeforeTarget: LogScalar;
  statusAfter: LogScalar;
  rule: string;
  note: LogScalar;
}

export interface LogSummaryOf<Time> {
  runId: number;
  outcome: string;
  reason: string | null;
  dryRun: boolean;
  sourceUid: string;
  sourceName: string | null;
  targetUid: string;
  targetName: string | null;
  operator: string;
  startedAt: Time;
  finishedAt: Time;
  planHash: string | null;
  sourceAccount: string | null;
  settings: Record<string, string | boolean>;
  /** counts[category][action] */
  counts: Record<string, Record<string, number>>;
}

export interface LogConflict {
  category: string;
  objectType: string;
  objectId: LogScalar;
  /** The object in words as the LMS names it ("FS-101 Fire safety basics"); null when unknown or in logfiles before v3. */
  objectName: string | null;
  description: string;
  resolution: string;
}

export interface LogActionRequired {
  category: string;
  objectType: string;
  objectId: LogScalar;
  /** The object in words as the LMS names it ("FS-101 Fire safety basics"); null when unknown or in logfiles before v3. */
  objectName: string | null;
  recordId: LogScalar;
  description: string;
}

export interface MergeLogOf<Time> {
  summary: LogSummaryOf<Time>;
  records: LogRecord[];
  conflicts: LogConflict[];
  actionRequired: LogActionRequired[];
}
