import type { Knex } from 'knex';
import type { Language } from '@shared/i18n/languages';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { execute, type ExecuteOptions, type MergeResult } from '../engine/merge/index';
import { logFromResult, writeMergeLogfile, type MergeLog } from '../workbooks/index';
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
  const result = await execute(db, m, { source: req.source, target: req.target }, settings, operator, {
    dryRun: Boolean(req.dryRun),
    ...(req.expectPlanHash ? { expectPlanHash: req.expectPlanHash } : {}),
    takeEmail: Boolean(req.takeEmail),
    takeLogin: Boolean(req.takeLogin),
    ...(req.takeEmployeeId === undefined ? {} : { takeEmployeeId: req.takeEmployeeId }),
    overrides,
    ...(req.faultInjection ? { faultInjection: req.faultInjection } : {}),
    nameObjects: (conn, plan) => planObjectNames(conn, m, plan),
  });
  const names = result.objectNames;
  // The outcome stands if the names could not be read: the logfile then shows ids only.
  const warnings = result.namesProblem ? [`The names of the courses, skills and other objects could not be read (${result.namesProblem}); the logfile shows their ids only.`] : [];
  if (!req.logfile) return { result, logfile: null, warnings };
  const where = req.logfile;
  const write = req.writeLogfile ?? writeMergeLogfile;
  const written = writeOrWarn(() => where(result), (f) => write(f, logFromResult(result, names), req.language ?? 'en'), `mergedesk logfile --run ${result.runId} --out FILE.xlsx`).then((w) => ({
    logfile: w.logfile,
    warnings: w.warning ? [...warnings, w.warning] : warnings,
  }));
  if (req.deferLogfile) return { result, logfile: null, warnings, logfileWritten: written };
  return { result, ...(await written) };
}

