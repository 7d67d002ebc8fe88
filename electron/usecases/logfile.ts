import path from 'node:path';
import type { Knex } from 'knex';
import type { MergePlan, MergeResult } from '../engine/merge/index';
import { getRun, readRunDetails, type RunRecord } from '../engine/runs/ledger';
import { type ChangedRow, type RestoredRow, type UndoResult } from '../engine/undo/index';
import { OperationalError, UserInputError } from '../errors';
import { describeFileProblem } from './file-problem';
import { laidContent } from '../workbooks/content';
import type { Language } from '@shared/i18n/languages';
import type { ObjectNames } from '@shared/object-names';
import { LOGFILE_FORMAT, mergeLogSheets, withPlainIds, type MergeLog } from '../workbooks/merge-logfile';
import { readMergeLogfile } from '../workbooks/merge-logfile-reader';
import { undoLogSheets } from '../workbooks/undo-logfile';
import { checkChecksum, compareContent, openLogfileContent, type ChecksumVerdict, type Difference, type LogfileIdentity } from '../workbooks/verify';
import { logFromResult, writeMergeLogfile, writeUndoLogfile } from '../workbooks/index';
import { DEFAULT_SETTINGS, type MergeSettings } from '../settings/merge-settings';

/**
 * Makes a run's logfile again from what the database holds: the run row (who, when, outcome,
 * reason, settings), its plan or undo report (md_merge_run_details) and its summary. The
 * content is the same as the logfile the run wrote (or would have written).
 */

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);

/** The default file name of a run's logfile (the same names `merge` and `undo` use). */
export function defaultRunLogfileName(run: Pick<RunRecord, 'id' | 'kind' | 'undoOf' | 'sourceUid' | 'targetUid' | 'dryRun'>): string {
  const dry = run.dryRun ? '-dry-run' : '';
  return run.kind === 'undo' ? `mergedesk-undo-${run.id}-of-run-${run.undoOf}${dry}.xlsx` : `mergedesk-run-${run.id}-${safe(run.sourceUid)}-into-${safe(run.targetUid)}${dry}.xlsx`;
}

async function mustGetRun(db: Knex, runId: number): Promise<RunRecord> {
  const run = await getRun(db, runId);
  if (!run) throw new UserInputError(`There is no run ${runId} in this database.`, 'Check the run number (mergedesk runs lists them).', 'UNKNOWN_RUN');
  if (run.outcome === null) throw new UserInputError(`Run ${runId} is still running.`, 'Make its logfile when it has finished.', 'RUN_RUNNING');
  return run;
}

/** The names of the objects a merge run's plan touched, as recorded with the run (none for runs before names). */
export async function runObjectNames(db: Knex, runId: number): Promise<ObjectNames> {
  return (await readRunDetails<{ objectNames?: ObjectNames }>(db, runId))?.objectNames ?? {};
}

/** The merge result a merge run had, rebuilt from the database. */
export async function mergeResultOf(db: Knex, run: RunRecord): Promise<MergeResult> {
  const details = await readRunDetails<MergePlan & { objectNames?: ObjectNames }>(db, run.id);
  // The names are kept beside the plan, not in it (the plan is what its hash covers).
  const plan: MergePlan | null = details ? (({ objectNames: _names, ...p }) => p)(details) : null;
  const objectNames = details?.objectNames ?? {};
  const settings = (plan?.settings ?? (run.settings.settings as MergeSettings | undefined) ?? DEFAULT_SETTINGS) as MergeSettings;
  // An undone merge had merged: its logfile said so.
  const outcome = (run.outcome === 'undone' ? 'merged' : run.outcome) as MergeResult['outcome'];
  return {
    runId: run.id,
    outcome,
    dryRun: run.dryRun,
    reason: (run.summary.reason as string | null | undefined) ?? null,
    sourceUid: run.sourceUid,
    targetUid: run.targetUid,
    operator: run.operator,
    plan: plan ? { ...plan, settings } : null,
    settings,
    startedAt: run.startedAt ?? new Date(0),
    finishedAt: run.finishedAt ?? run.startedAt ?? new Date(0),
    journalEntries: Number(run.summary.journalEntries ?? 0),
    objectNames,
    namesProblem: null,
  };
}

/** The undo result an undo run had, rebuilt from the database. */
export async function undoResultOf(db: Knex, run: RunRecord): Promise<UndoResult> {
  const details = (await readRunDetails<{ restored: RestoredRow[]; changedSince: ChangedRow[] }>(db, run.id)) ?? { restored: [], changedSince: [] };
  const s = run.summary;
  return {
    runId: run.id,
    undoneRunId: run.undoOf ?? 0,
    outcome: run.outcome as UndoResult['outcome'],
    dryRun: run.dryRun,
    reason: (s.reason as string | null | undefined) ?? null,
    refusal: (s.refusal as UndoResult['refusal'] | undefined) ?? null,
    sourceUid: run.sourceUid,
    targetUid: run.targetUid,
    operator: run.operator,
    acceptPartial: Boolean(run.settings.acceptPartial),
    changedSince: details.changedSince,
    restored: [...details.restored].sort((x, y) => y.seq - x.seq),
    counts: (s.counts as UndoResult['counts'] | undefined) ?? {},
    startedAt: run.startedAt ?? new Date(0),
    finishedAt: run.finishedAt ?? run.startedAt ?? new Date(0),
  };
}

export interface RecreatedLogfile {
  run: number;
  kind: RunRecord['kind'];
  outcome: string;
  logfile: string;
}

/** Writes run N's logfile in `language` to `out` (default: its usual name in the current folder). Refuses an unknown or running run. */
export async function recreateLogfile(db: Knex, runId: number, out?: string, language: Language = 'en'): Promise<RecreatedLogfile> {
  if (out !== undefined && !/\.xlsx$/i.test(out)) throw new UserInputError(`The logfile "${out}" must end in .xlsx.`, 'Give a file name like run.xlsx.', 'USAGE');
  const run = await mustGetRun(db, runId);
  const file = path.resolve(out ?? defaultRunLogfileName(run));
  const write = run.kind === 'undo' ? (f: string) => undoResultOf(db, run).then((r) => writeUndoLogfile(f, r, language)) : async (f: string) => writeMergeLogfile(f, logFromResult(await mergeResultOf(db, run), await runObjectNames(db, run.id)), language);
  try {
    await write(file);
  } catch (err) {
    if (err instanceof UserInputError) throw err;
    throw new OperationalError(`The logfile could not be written to ${file}: ${describeFileProblem(err)}.`, 'Choose another file with --out.', 'LOGFILE_WRITE');
  }
  return { run: run.id, kind: run.kind, outcome: run.outcome!, logfile: file };
}

export interface LogfileVerification extends LogfileIdentity {
  file: string;
  checksum: ChecksumVerdict;
  /** Compared with the logfile the run record makes; null when no database was given. */
  database: { verdict: 'matches' | 'differs' | 'no run'; differences: Difference[] } | null;
  /** unchanged: the content is as MergeDesk wrote it (and matches the database when given). */
  verdict: 'unchanged' | 'changed' | 'cannot tell';
}

/** A logfile's content without object names, as logfiles before v3 hold it. */
const withoutNames = (log: MergeLog): MergeLog => ({
  ...log,
  records: log.records.map((x) => ({ ...x, objectName: null })),
  conflicts: log.conflicts.map((x) => ({ ...x, objectName: null })),
  actionRequired: log.actionRequired.map((x) => ({ ...x, objectName: null })),
});

/**
 * Verifies a logfile: its content against its own checksum and, with a database, against
 * the logfile its run record makes in the file's language (cell by cell; `logfile --verify`,
 * the viewer).
 * A file that is not a MergeDesk logfile is refused with NotALogfileError.
 */
export async function verifyLogfile(file: string, db?: Knex): Promise<LogfileVerification> {
  const opened = await openLogfileContent(file);
  const checksum = checkChecksum(opened.content);
  let database: LogfileVerification['database'] = null;
  if (db) {
    const run = opened.run > 0 ? await getRun(db, opened.run) : undefined;
    if (!run || run.outcome === null || run.kind !== opened.kind) database = { verdict: 'no run', differences: [] };
    else {
      const language = opened.language;
      // A merge logfile of an earlier version (v1: before the summary sentence; v2: before object names) is
      // compared in today's layout without names: its values, not its layout.
      const earlier = run.kind === 'merge' && opened.format !== LOGFILE_FORMAT;
      const fromDb = run.kind === 'undo' ? null : logFromResult(await mergeResultOf(db, run), await runObjectNames(db, run.id));
      const sheets = fromDb ? mergeLogSheets(earlier ? withoutNames(fromDb) : fromDb, language) : undoLogSheets(await undoResultOf(db, run), language);
      const content = earlier ? laidContent(mergeLogSheets(withPlainIds(await readMergeLogfile(file)), language)) : opened.content;
      const differences = compareContent(content, laidContent(sheets));
      database = { verdict: differences.length ? 'differs' : 'matches', differences };
    }
  }
  const verdict =
    checksum.verdict === 'changed' || (database && database.verdict !== 'matches') ? 'changed' : checksum.verdict === 'unchanged' || database?.verdict === 'matches' ? 'unchanged' : 'cannot tell';
  return { file, kind: opened.kind, run: opened.run, format: opened.format, language: opened.language, checksum, database, verdict };
}
