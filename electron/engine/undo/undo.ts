import type { Knex } from 'knex';
import { loadClearance } from '../../auth/clearance';
import type { Operator } from '../../auth/operator';
import { lockForUpdate } from '../../db/dialect';
import { describeFailure } from '../../db/driver-errors';
import type { LmsMapping } from '../../db/mapping';
import { UserInputError } from '../../errors';
import { Journal } from '../merge/journal';
import { assertNoRestoreClash } from './clash';
import { pauseForTest } from '../runs/test-pause';
import type { Row, Scalar } from '../merge/types';
import { chainsOf, currentRows, differences, Names, readJournal, type Entry } from './chains';
import { restoreEntries } from './restore';
import { createRun, finishRun, getRun, lockLedger, lockRun, markUndone, otherLiveRun, PackedDetails, saveRunDetails, undoOf, type RunRecord } from '../runs/ledger';

export type UndoRefusal = 'UNKNOWN_RUN' | 'NOT_UNDOABLE' | 'ALREADY_UNDONE' | 'NO_JOURNAL' | 'ACCOUNT_GONE' | 'NO_CLEARANCE' | 'MERGE_RUNNING' | 'CHANGED_SINCE' | 'RESTORE_CLASH';

/** An undo refused before anything was written (the CLI maps it to exit code 3). */
export class UndoRefusedError extends UserInputError {
  constructor(problem: string, fix: string, readonly refusal: UndoRefusal) {
    super(problem, fix, refusal);
    this.name = 'UndoRefusedError';
  }
}

export type UndoOutcome = 'undone' | 'refused' | 'failed';

export interface UndoOptions {
  /** Check and restore everything, then roll back; recorded as a dry run. */
  dryRun?: boolean;
  /** Undo although rows changed since the merge: those rows keep their later changes. */
  acceptPartial?: boolean;
  /** The undo's time (tests); default now. */
  now?: () => Date;
  /** Called after each restore step; a test throws here to prove atomicity. */
  faultInjection?: (step: string) => void | Promise<void>;
}

/** A row the merge wrote that is no longer as the merge left it. */
export interface ChangedRow {
  /** Logical table name. */
  table: string;
  /** Key of the row (logical column names). */
  key: Record<string, Scalar>;
  kind: 'changed' | 'deleted' | 'reappeared';
  /** For 'changed': the columns that differ, as the merge left them and as they are now. */
  columns: { column: string; mergeLeft: Scalar; now: Scalar }[];
  description: string;
}

/** One row restored (what the undo did to it). */
export interface RestoredRow {
  /** The merge journal's seq this restores. */
  seq: number;
  table: string;
  /** What the undo did: the inverse of the merge's op. */
  action: 'deleted' | 'restored' | 're-inserted';
  key: Record<string, Scalar>;
  /** The row as the merge left it (null for a re-inserted row). */
  mergeLeft: Record<string, Scalar> | null;
  /** The row as it is again (null for a deleted copy). */
  restored: Record<string, Scalar> | null;
}

export interface UndoResult {
  /** This undo's own md_merge_runs row (0 when refused before it could be recorded). */
  runId: number;
  /** The merge run that was undone. */
  undoneRunId: number;
  outcome: UndoOutcome;
  dryRun: boolean;
  reason: string | null;
  refusal: UndoRefusal | null;
  sourceUid: string;
  targetUid: string;
  operator: string;
  acceptPartial: boolean;
  /** Rows changed since the merge (listed when refused; kept as they are with acceptPartial). */
  changedSince: ChangedRow[];
  restored: RestoredRow[];
  /** restored rows per logical table and action */
  counts: Record<string, Record<string, number>>;
  startedAt: Date;
  finishedAt: Date;
}

class DryRunDone extends Error {}

/** The merge run an undo may work on (settled first if its process is gone), or a refusal saying why not. */
async function admitRun(db: Knex, runId: number): Promise<RunRecord> {
  const run = await getRun(db, runId);
  if (!run) throw new UndoRefusedError(`There is no merge run ${runId}.`, 'Check the run number (mergedesk runs or the merge logfile shows it).', 'UNKNOWN_RUN');
  return run;
}

/** Refusals that depend on the run row alone. */
async function checkRun(db: Knex, runId: number, run: RunRecord): Promise<void> {
  if (run.kind === 'undo') throw new UndoRefusedError(`Run ${runId} is itself an undo (of run ${run.undoOf}); an undo cannot be undone.`, 'Merge the two accounts again instead.', 'NOT_UNDOABLE');
  if (run.dryRun) throw new UndoRefusedError(`Run ${runId} was a dry run; it changed nothing.`, 'Choose a merge run that merged.', 'NOT_UNDOABLE');
  if (run.outcome === 'undone') {
    const by = await undoOf(db, run);
    throw new UndoRefusedError(`Run ${runId} was already undone${by ? ` (by run ${by.id})` : ''}.`, 'Nothing to do: the accounts are already as before that merge.', 'ALREADY_UNDONE');
  }
  if (run.outcome !== 'merged') throw new UndoRefusedError(`Run ${runId} did not merge (outcome ${run.outcome ?? 'still running'}); nothing was changed by it.`, 'Choose a merge run whose outcome is merged.', 'NOT_UNDOABLE');
}

/**
 * Takes a merge back from its journal, in one transaction: checks every row the merge
 * wrote is still as the merge left it, then replays the journal backwards (inserted rows
 * deleted, updated rows restored, deleted rows re-inserted with their original ids).
 * Records its own md_merge_runs row (outcome `undone`) and marks the merge run `undone`.
 */
export async function undoRun(db: Knex, m: LmsMapping, runId: number, operator: Operator, options: UndoOptions = {}): Promise<UndoResult> {
  const now = options.now ?? (() => new Date());
  const dryRun = Boolean(options.dryRun);
  const acceptPartial = Boolean(options.acceptPartial);
  const startedAt = now();
  const run = await admitRun(db, runId);
  const sourceUid = run.sourceUid;
  const targetUid = run.targetUid;
  const owned = await createRun(db, { kind: 'undo', sourceUid, targetUid, operator: operator.login, dryRun, startedAt, settings: { undoOf: runId, acceptPartial } });
  const undoRunId = owned.id;
  await pauseForTest('undo: recorded');
  const names = new Names(m);
  let outcome: UndoOutcome = 'undone';
  let reason: string | null = null;
  let refusal: UndoRefusal | null = null;
  let changedSince: ChangedRow[] = [];
  const restored: RestoredRow[] = [];
  let journalEntries = 0;
  try {
    const uids = [sourceUid, targetUid];
    const other = await otherLiveRun(db, undoRunId, uids);
    if (other) throw new UndoRefusedError(`A ${other.kind} on these accounts is already running (run ${other.id}, started by ${other.operator}).`, 'Wait until it has finished, then try again.', 'MERGE_RUNNING');

    await db.transaction(async (trx) => {
      await lockLedger(trx);
      const step = async (name: string) => {
        await options.faultInjection?.(name);
        await pauseForTest(`undo: ${name}`);
      };
      const current = (await lockRun(trx, runId, lockForUpdate))!;
      await checkRun(trx, runId, current);
      const entries = await readJournal(trx, names, runId);
      if (entries.length === 0) throw new UndoRefusedError(`Run ${runId} has no journal; there is nothing to undo from.`, 'Only merges recorded with their journal can be undone.', 'NO_JOURNAL');
      await lockForUpdate(trx, trx(m.table('users')).select(m.col('users', 'id')).whereIn(m.col('users', 'uid'), uids));

      // Clearance, mirrored: Delete on the org unit of the account recreated, Edit on the target's.
      const firstUsers = (uid: string) => entries.find((e) => e.t === 'users' && (e.before ?? e.after)?.uid === uid);
      const sourceBefore = firstUsers(sourceUid)?.before ?? null;
      const targetRow = (await trx(m.table('users')).select(m.select('users')).where(m.col('users', 'uid'), targetUid).first()) as Row | undefined;
      const target = targetRow ? m.fromDbRow('users', targetRow) : undefined;
      if (!target || target.status === 'deleted' || target.status === 'anonymised') {
        throw new UndoRefusedError(`The target account ${targetUid} ${target ? `is ${String(target.status)}` : 'no longer exists'}; the merged records cannot be taken back from it.`, 'Only an undo while the target account exists is possible.', 'ACCOUNT_GONE');
      }
      const clearance = await loadClearance(trx, m, operator.id);
      const sourceUnit = Number(sourceBefore?.org_unit_id ?? NaN);
      if (sourceBefore && !clearance.can('delete', sourceUnit)) {
        throw new UndoRefusedError(`${operator.login} lacks Delete clearance on org unit ${sourceUnit} of the source account ${sourceUid}, which the undo recreates.`, 'Ask for Delete clearance on that org unit, or undo as an administrator who has it.', 'NO_CLEARANCE');
      }
      if (!clearance.can('edit', Number(target.org_unit_id))) {
        throw new UndoRefusedError(`${operator.login} lacks Edit clearance on org unit ${String(target.org_unit_id)} of the target account ${targetUid}.`, 'Ask for Edit clearance on that org unit, or undo as an administrator who has it.', 'NO_CLEARANCE');
      }

      // Safe by construction: every row the merge wrote must still be as the merge left it.
      const chains = chainsOf(entries);
      const diffs = differences(chains, await currentRows(trx, names, chains));
      changedSince = [...diffs.values()];
      if (changedSince.length && !acceptPartial) {
        throw new UndoRefusedError(
          `${changedSince.length} row(s) the merge wrote changed since: ${changedSince
            .slice(0, 5)
            .map((c) => c.description)
            .join('; ')}${changedSince.length > 5 ? `; and ${changedSince.length - 5} more` : ''}.`,
          'Check them; to undo anyway and keep those later changes, accept a partial undo (--accept-partial).',
          'CHANGED_SINCE',
        );
      }
      const skip = new Set<Entry>();
      for (const c of diffs.keys()) c.entries.forEach((e) => skip.add(e));

      // Checked before writing: a recreated or restored account must not clash with the account that holds its UID, login or email now.
      await assertNoRestoreClash(trx, m, chains.filter((c) => c.t === 'users').map((c) => ({ skipped: c.entries.some((e) => skip.has(e)), before: c.entries[0]!.before, id: c.finalKey.id })));

      const journal = new Journal(undoRunId);
      await restoreEntries({ trx, names, journal, restored, step }, [...entries].reverse().filter((e) => !skip.has(e)));
      // The report is complete now: packed in the thread pool while the journal is written.
      const packing = dryRun ? null : PackedDetails.fromJson(JSON.stringify({ restored, changedSince }));
      await journal.flush(trx);
      journalEntries = journal.size;

      // The pair may come back in a review: the merge's decision goes.
      const [a, b] = sourceUid < targetUid ? [sourceUid, targetUid] : [targetUid, sourceUid];
      await trx('md_pair_decisions').where({ uid_a: a, uid_b: b, decision: 'merged', note: `merge run ${runId}` }).delete();
      if (!dryRun) {
        await markUndone(trx, current, undoRunId);
        await saveRunDetails(trx, undoRunId, 'undo', await packing!);
      }
      await step('runs: record');
      if (dryRun) throw new DryRunDone();
    });
    await pauseForTest('undo: committed');
  } catch (err) {
    if (err instanceof DryRunDone) {
      // rolled back on purpose
    } else if (err instanceof UndoRefusedError) {
      outcome = 'refused';
      reason = err.problem;
      refusal = err.refusal;
    } else if (err instanceof UserInputError) {
      outcome = 'refused';
      reason = err.problem;
      refusal = 'NOT_UNDOABLE';
    } else {
      outcome = 'failed';
      reason = `The undo failed and nothing was changed: ${describeFailure(err)}.`;
    }
    if (outcome !== 'undone') {
      restored.length = 0;
      journalEntries = 0;
    }
  }
  const counts: Record<string, Record<string, number>> = {};
  for (const r of restored) {
    const byAction = (counts[r.table] ??= {});
    byAction[r.action] = (byAction[r.action] ?? 0) + 1;
  }
  const finishedAt = now();
  try {
    if (outcome !== 'undone' || dryRun) await saveRunDetails(db, undoRunId, 'undo', { restored, changedSince });
    await finishRun(db, owned, {
    outcome,
    finishedAt,
    summary: {
        kind: 'undo',
        undoOf: runId,
        reason,
        dryRun,
        acceptPartial,
        refusal,
        counts,
        changedSince: changedSince.length,
        keptChanges: outcome === 'undone' ? changedSince.length : 0,
      journalEntries,
    },
  });
  } finally {
    owned.stop();
  }
  return {
    runId: undoRunId,
    undoneRunId: runId,
    outcome,
    dryRun,
    reason,
    refusal,
    sourceUid,
    targetUid,
    operator: operator.login,
    acceptPartial,
    changedSince,
    restored: restored.sort((x, y) => y.seq - x.seq),
    counts,
    startedAt,
    finishedAt,
  };
}
