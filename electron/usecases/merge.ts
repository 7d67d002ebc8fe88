import type { Knex } from 'knex';
import type { Language } from '@shared/i18n/languages';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { execute, type ExecuteOptions, type MergeResult } from '../engine/merge/index';
import { logFromResult, logSummaryOf, logTablesOf, writeMergeLogfile, type MergeLog } from '../workbooks/index';
import { sharedLogfileThread, type LogfileThread, type StagedLogfile } from '../workbooks/logfile-thread';
import type { MergePlan } from '../engine/merge/types';
import type { ObjectNames } from '@shared/object-names';
import { loadSettings, withOverrides, type MergeSettings } from '../settings/merge-settings';
import { planObjectNames } from '../read-models/object-names';
import { writeOrWarn } from './file-problem';

export interface MergeRequest {
  source: string;
  target: string;
  takeEmail?: boolean;
  takeLogin?: boolean;
  /** Undefined: the default (on when the source is interface-maintained and the target is not). */
  takeEmployeeId?: boolean;
  dryRun?: boolean;
  expectPlanHash?: string;
  /** The operator's `--set` / per-merge overrides, applied over the stored settings and recorded with the run. */
  overrides?: Record<string, unknown>;
  /** Settings already resolved (batch: the same settings for every pair); default stored settings + overrides. */
  settings?: MergeSettings;
  /** Where the logfile goes, once the run number is known; null writes none. */
  logfile: ((r: MergeResult) => string) | null;
  faultInjection?: ExecuteOptions['faultInjection'];
  /** The language of the logfile's words (default English). */
  language?: Language;
  /** Writes the logfile; default in this thread (a batch passes its logfile thread). */
  writeLogfile?: (file: string, log: MergeLog, language: Language) => Promise<void>;
  /**
   * Where a large plan's logfile is staged (default: the process's logfile thread): its tables
   * are laid out there while the merge applies the plan, so the logfile costs little time after
   * the commit. False writes it whole after the merge. Not used with writeLogfile.
   */
  logfileThread?: false | (() => LogfileThread);
  /**
   * Returns as soon as the merge is settled, the logfile still being written: `logfile` is then
   * null and `logfileWritten` says how the writing ended (a batch merges the next pair meanwhile).
   */
  deferLogfile?: boolean;
}

export interface MergeReport {
  result: MergeResult;
  /** The logfile written, null when none was asked for or it could not be written. */
  logfile: string | null;
  /** Problems after the outcome was settled (e.g. the logfile could not be written); the outcome stands. */
  warnings: string[];
  /** With deferLogfile: the logfile written (or null) and every warning, the outcome's included. */
  logfileWritten?: Promise<{ logfile: string | null; warnings: string[] }>;
}

/**
 * The one merge use case that the CLI, the app and batch call: settings and overrides →
 * execute → logfile → report. What the engine committed is reported as merged whatever
 * happens after: a logfile that cannot be written is a warning, and the database holds what
 * is needed to make it again (`mergedesk logfile --run N`).
 */
export async function mergeUseCase(db: Knex, m: LmsMapping, operator: Operator, req: MergeRequest): Promise<MergeReport> {
  const overrides = req.overrides ?? {};
  const settings = req.settings ?? withOverrides(await loadSettings(db), overrides as never);
  // Started now, so it is ready when the plan is (a thread starts in about a tenth of a second).
  const stageIn = req.logfile && !req.writeLogfile && req.logfileThread !== false ? (req.logfileThread ?? sharedLogfileThread)() : undefined;
  let staged: { plan: MergePlan; logfile: StagedLogfile } | null = null;
  const result = await execute(db, m, { source: req.source, target: req.target }, settings, operator, {
    dryRun: Boolean(req.dryRun),
    ...(req.expectPlanHash ? { expectPlanHash: req.expectPlanHash } : {}),
    takeEmail: Boolean(req.takeEmail),
    takeLogin: Boolean(req.takeLogin),
    ...(req.takeEmployeeId === undefined ? {} : { takeEmployeeId: req.takeEmployeeId }),
    overrides,
    ...(req.faultInjection ? { faultInjection: req.faultInjection } : {}),
    nameObjects: (conn, plan) => planObjectNames(conn, m, plan),
    ...(stageIn ? { onPlanned: (plan, names, run) => (staged = stageLogfile(stageIn, plan, names, req, operator, settings, run.runId, run.startedAt)) } : {}),
  });
  const names = result.objectNames;
  // The outcome stands if the names could not be read: the logfile then shows ids only.
  const warnings = result.namesProblem ? [`The names of the courses, skills and other objects could not be read (${result.namesProblem}); the logfile shows their ids only.`] : [];
  const stagedNow = staged as { plan: MergePlan; logfile: StagedLogfile } | null;
  const useStaged = stagedNow && stagedNow.plan === result.plan ? stagedNow.logfile : null;
  if (!useStaged) stagedNow?.logfile.abandon();
  if (!req.logfile) return { result, logfile: null, warnings };
  const where = req.logfile;
  const write = req.writeLogfile ?? writeMergeLogfile;
  const language = req.language ?? 'en';
  const writeIt = async (f: string) => {
    if (useStaged) {
      try {
        return await useStaged.finish(f, logSummaryOf(result));
      } catch (err) {
        // A file system's refusal is the file's problem; anything else was the thread's, and the
        // logfile is then written here.
        if ((err as NodeJS.ErrnoException).code) throw err;
      }
    }
    await write(f, logFromResult(result, names), language);
  };
  const written = writeOrWarn(() => where(result), writeIt, `mergedesk logfile --run ${result.runId} --out FILE.xlsx`).finally(() => useStaged?.abandon()).then((w) => ({
    logfile: w.logfile,
    warnings: w.warning ? [...warnings, w.warning] : warnings,
  }));
  if (req.deferLogfile) return { result, logfile: null, warnings, logfileWritten: written };
  return { result, ...(await written) };
}

/** Plans with at least this many records have their logfile staged (a few hundred milliseconds of writing). */
const STAGE_FROM_RECORDS = 2_000;

/**
 * Stages the logfile of a merge whose plan is settled. The Summary given is provisional; only
 * what names the file's pages (run, accounts, start, dry run) is taken from it. A staging
 * that fails to start leaves the logfile to be written whole after the merge.
 */
function stageLogfile(thread: LogfileThread, plan: MergePlan, names: ObjectNames, req: MergeRequest, operator: Operator, settings: MergeSettings, runId: number, startedAt: Date): { plan: MergePlan; logfile: StagedLogfile } | null {
  // A small logfile is written in a few milliseconds after the merge; handing it to another
  // thread (started cold by a CLI command) would cost more than it saves.
  if (plan.records.length < STAGE_FROM_RECORDS) return null;
  try {
    const provisional: MergeResult = { runId, outcome: 'merged', dryRun: Boolean(req.dryRun), reason: null, sourceUid: req.source, targetUid: req.target, operator: operator.login, plan, settings, startedAt, finishedAt: startedAt, journalEntries: 0, objectNames: names, namesProblem: null };
    return { plan, logfile: thread.stage(logTablesOf(plan, names), logSummaryOf(provisional), req.language ?? 'en') };
  } catch {
    return null;
  }
}
