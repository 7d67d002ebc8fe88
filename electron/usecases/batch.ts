import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { describeFailure } from '../db/driver-errors';
import { UserInputError } from '../errors';
import type { GeneralSettings, MergeSettings } from '../settings/merge-settings';
import type { Language } from '@shared/i18n/languages';
import { mergeUseCase } from './merge';
import { startLogfileThread } from '../workbooks/logfile-thread';
import { freesLicence } from '../engine/runs/licences';
import type { Conflict } from '../engine/merge/types';
import { writeBatchSummary } from '../workbooks/batch-summary';
import { validateWorklist, type BatchPair, type WorklistValidation } from '../engine/batch/validate';
import type { Worklist, WorklistProblem, WorklistRow } from '../engine/batch/worklist';

export type PairOutcome = 'merged' | 'aborted' | 'failed' | 'refused' | 'skipped' | 'not_run';

export interface PairResult {
  pair: BatchPair;
  outcome: PairOutcome;
  /** Why it was not merged; for 'skipped' which run already merged it; for 'not_run' that the batch was cancelled. */
  reason: string | null;
  runId: number | null;
  /** Records per action over all categories (move, keep_target, …). */
  actions: Record<string, number>;
  conflicts: Conflict[];
  actionRequired: number;
  journalEntries: number;
  /** Whether the removed account was active before (merged: a licence freed; in a dry run: one it would free). */
  sourceWasActive: boolean;
  /** The pair's merge logfile (absolute path), null when none was written. */
  logfile: string | null;
  /** Problems after the outcome was settled (the logfile could not be written); the outcome stands. */
  warnings?: string[];
  seconds: number;
}

export interface BatchCounts {
  total: number;
  merged: number;
  aborted: number;
  failed: number;
  refused: number;
  skipped: number;
  notRun: number;
}

export interface BatchProgress extends BatchCounts {
  /** Pairs finished (any outcome, skipped included). */
  done: number;
  current: BatchPair | null;
  elapsedMs: number;
  /** Estimated time left, from the average time per pair so far; null before the first pair. */
  etaMs: number | null;
}

export interface BatchOptions {
  /** Plan every pair and roll back; nothing is written (except run records, as for single dry runs). */
  dryRun?: boolean;
  /** Folder for the per-pair logfiles and the summary workbook (created if missing); none written without it. */
  logDir?: string;
  /** Cancels between pairs. */
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
  /** The `--set` overrides, recorded with every run. */
  overrides?: Partial<GeneralSettings>;
  /** Tests: forwarded to the merge engine for each pair. */
  faultInjection?: (pair: BatchPair, step: string) => void | Promise<void>;
  now?: () => Date;
  /** The language of the logfiles and the summary (default English). */
  language?: Language;
}

export interface BatchResult {
  dryRun: boolean;
  cancelled: boolean;
  validation: WorklistValidation;
  pairs: PairResult[];
  counts: BatchCounts;
  startedAt: Date;
  finishedAt: Date;
  seconds: number;
  logDir: string | null;
  summaryFile: string | null;
  /** Active accounts the merged pairs removed: licences freed (in a dry run: that would be freed). */
  licencesFreed: number;
}

/** A worklist with problems: nothing ran. */
export class WorklistRefusedError extends UserInputError {
  constructor(readonly problems: WorklistProblem[]) {
    super(
      `The worklist has ${problems.length} problem(s); nothing was merged: ${problems
        .slice(0, 10)
        .map((p) => p.message)
        .join(' ')}${problems.length > 10 ? ` … and ${problems.length - 10} more.` : ''}`,
      'Correct the worklist and run it again (mergedesk batch … --dry-run shows every problem).',
      'WORKLIST_INVALID',
    );
    this.name = 'WorklistRefusedError';
  }
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40);

export function pairLogfileName(p: BatchPair, runId: number, dryRun: boolean): string {
  return `run-${runId}-row-${p.row}-${safe(p.source)}-into-${safe(p.target)}${dryRun ? '-dry-run' : ''}.xlsx`;
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[:]/g, '-');
}

export function emptyCounts(total = 0): BatchCounts {
  return { total, merged: 0, aborted: 0, failed: 0, refused: 0, skipped: 0, notRun: 0 };
}

function count(c: BatchCounts, o: PairOutcome): void {
  if (o === 'not_run') c.notRun++;
  else c[o]++;
}

/**
 * Runs a worklist: validates it whole first (refused with every problem if any), then
 * merges the pairs one after another, each in its own transaction through the merge
 * engine, so one failure never undoes or blocks the others. Pairs an earlier run already
 * merged are skipped (resume); the signal cancels between pairs. Writes a logfile per
 * pair and a summary workbook linking them.
 */
export async function runBatch(
  db: Knex,
  m: LmsMapping,
  worklist: Worklist | WorklistRow[] | WorklistValidation,
  settings: MergeSettings,
  operator: Operator,
  options: BatchOptions = {},
): Promise<BatchResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const t0 = performance.now();
  const dryRun = Boolean(options.dryRun);
  // Always validated against the database as it is now, right before running.
  const source: Worklist | WorklistRow[] = 'pairs' in worklist ? worklist.pairs.map((p) => ({ row: p.row, source_uid: p.source, target_uid: p.listedTarget ?? p.target, take_email: p.takeEmail, take_login: p.takeLogin, take_employee_id: p.takeEmployeeId, note: p.note })) : worklist;
  const validation = 'pairs' in worklist && !worklist.ok ? worklist : await validateWorklist(db, m, source, operator);
  if (!validation.ok) throw new WorklistRefusedError(validation.problems);
  const logDir = options.logDir ? path.resolve(options.logDir) : null;
  if (logDir) fs.mkdirSync(logDir, { recursive: true });

  const counts = emptyCounts(validation.pairs.length);
  const results: PairResult[] = [];
  let cancelled = false;
  let executedMs = 0;
  let executed = 0;
  const progress = (current: BatchPair | null) => {
    const done = results.length;
    const remaining = validation.pairs.slice(done).filter((p) => p.alreadyMergedRun === null).length;
    options.onProgress?.({ ...counts, done, current, elapsedMs: performance.now() - t0, etaMs: executed ? (executedMs / executed) * remaining : null });
  };
  progress(null);
  // Logfiles are written in a second thread while the next pairs merge; at most four wait (so a
  // slow logfile does not hold the merges back), so a batch's memory does not grow with its length.
  const logThread = logDir ? startLogfileThread() : null;
  const writing: Promise<void>[] = [];
  const mergePair = async (pair: BatchPair): Promise<PairResult> => {
    const p0 = performance.now();
    try {
      const { result: r, logfile, warnings, logfileWritten } = await mergeUseCase(db, m, operator, {
        source: pair.source,
        target: pair.target,
        settings,
        dryRun,
        takeEmail: pair.takeEmail,
        takeLogin: pair.takeLogin,
        ...(pair.takeEmployeeId === null ? {} : { takeEmployeeId: pair.takeEmployeeId }),
        overrides: { ...(options.overrides ?? {}), batch: true, worklistRow: pair.row, ...(pair.note ? { note: pair.note } : {}) },
        logfile: logDir ? (x) => path.join(logDir, pairLogfileName(pair, x.runId, dryRun)) : null,
        language: options.language ?? 'en',
        ...(logThread ? { writeLogfile: logThread.write, deferLogfile: true } : {}),
        ...(options.faultInjection ? { faultInjection: (step: string) => options.faultInjection!(pair, step) } : {}),
      });
      const actions: Record<string, number> = {};
      for (const byAction of Object.values(r.plan?.counts ?? {})) for (const [a, n] of Object.entries(byAction)) if (n) actions[a] = (actions[a] ?? 0) + n;
      const result: PairResult = {
        pair,
        outcome: r.outcome,
        reason: r.reason,
        runId: r.runId,
        actions,
        conflicts: r.plan?.conflicts ?? [],
        actionRequired: r.plan?.actionRequired.length ?? 0,
        journalEntries: r.journalEntries,
        sourceWasActive: freesLicence(r.plan?.source.status),
        logfile,
        warnings,
        seconds: (performance.now() - p0) / 1000,
      };
      if (logfileWritten) {
        writing.push(logfileWritten.then((w) => Object.assign(result, { logfile: w.logfile, warnings: w.warnings })).then(() => undefined));
        if (writing.length > 4) await writing.shift();
      }
      return result;
    } catch (err) {
      // The engine records its own failures; this is for anything around it.
      return { pair, outcome: 'failed', reason: `The pair failed: ${describeFailure(err)}.`, runId: null, actions: {}, conflicts: [], actionRequired: 0, journalEntries: 0, sourceWasActive: false, logfile: null, seconds: (performance.now() - p0) / 1000 };
    }
  };
  try {
    for (const pair of validation.pairs) {
      if (options.signal?.aborted) {
        cancelled = true;
        results.push({ pair, outcome: 'not_run', reason: 'the batch was cancelled before this pair', runId: null, actions: {}, conflicts: [], actionRequired: 0, journalEntries: 0, sourceWasActive: false, logfile: null, seconds: 0 });
        count(counts, 'not_run');
        continue;
      }
      if (pair.alreadyMergedRun !== null) {
        results.push({ pair, outcome: 'skipped', reason: `already merged by run ${pair.alreadyMergedRun}`, runId: pair.alreadyMergedRun, actions: {}, conflicts: [], actionRequired: 0, journalEntries: 0, sourceWasActive: false, logfile: null, seconds: 0 });
        count(counts, 'skipped');
        progress(pair);
        continue;
      }
      const started = performance.now();
      const result = await mergePair(pair);
      executedMs += performance.now() - started;
      executed++;
      results.push(result);
      count(counts, result.outcome);
      progress(pair);
    }
    await Promise.all(writing);
  } finally {
    await logThread?.close();
  }
  const finishedAt = now();
  const licencesFreed = results.filter((r) => r.outcome === 'merged' && r.sourceWasActive).length;
  const out: BatchResult = { dryRun, cancelled, validation, pairs: results, counts, startedAt, finishedAt, seconds: (performance.now() - t0) / 1000, logDir, summaryFile: null, licencesFreed };
  if (logDir) {
    const name = (n: number) => path.join(logDir, `batch-summary-${stamp(startedAt)}${n > 1 ? `-${n}` : ''}${dryRun ? '-dry-run' : ''}.xlsx`);
    let n = 1;
    while (fs.existsSync(name(n))) n++;
    out.summaryFile = name(n);
    await writeBatchSummary(out.summaryFile, out, options.language ?? 'en');
  }
  return out;
}

/** Exit code of a batch: 0 every pair merged (or skipped), 1 a pair failed or was refused or the batch was cancelled, 2 a pair aborted on conflict. */
export function batchExitCode(r: BatchResult): number {
  if (r.counts.failed || r.counts.refused || r.cancelled) return 1;
  if (r.counts.aborted) return 2;
  return 0;
}
