import type { Knex } from 'knex';
import { loadClearance } from '../../auth/clearance';
import type { Operator } from '../../auth/operator';
import { bulkInsert } from '../../db/bulk-insert';
import { dialectOf, lockForUpdate, parseDateTimeText } from '../../db/dialect';
import { describeFailure } from '../../db/driver-errors';
import { LMS_TABLE_NAMES, tableSpec, type LmsTable } from '../../db/lms-tables';
import type { LmsMapping } from '../../db/mapping';
import { UserInputError } from '../../errors';
import { Journal, type JournalOp } from '../merge/journal';
import { assertNoRestoreClash } from './clash';
import { pauseForTest } from '../runs/test-pause';
import { keyColumns, normaliseValue } from '../merge/rows';
import type { Row, Scalar } from '../merge/types';
import { createRun, finishRun, getRun, lockLedger, lockRun, markUndone, otherLiveRun, saveRunDetails, undoOf, type RunRecord } from '../runs/ledger';

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

interface Entry {
  seq: number;
  t: LmsTable;
  op: JournalOp;
  key: Row;
  before: Row | null;
  after: Row | null;
}

interface Chain {
  t: LmsTable;
  entries: Entry[];
  /** The row as the merge left it (null: the merge deleted it). */
  final: Row | null;
  /** The key the row has now (or had when deleted). */
  finalKey: Row;
}

/** Physical ↔ logical names of every LMS table and column, from the mapping. */
class Names {
  private readonly tables = new Map<string, LmsTable>();
  private readonly cols = new Map<LmsTable, Map<string, string>>();
  constructor(readonly m: LmsMapping) {
    for (const t of LMS_TABLE_NAMES) {
      this.tables.set(m.table(t), t);
      const map = new Map<string, string>();
      for (const c of Object.keys(tableSpec(t).columns)) map.set(m.col(t, c as never), c);
      this.cols.set(t, map);
    }
  }
  table(physical: string): LmsTable {
    const t = this.tables.get(physical);
    if (!t) throw new Error(`The journal names table "${physical}", which the mapping does not know.`);
    return t;
  }
  /** A physical row (physical names, values as stored) under logical names, values untouched. */
  logical(t: LmsTable, row: Record<string, unknown>): Row {
    const map = this.cols.get(t)!;
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) {
      const c = map.get(k);
      if (c === undefined) throw new Error(`The journal names column "${k}" of ${t}, which the mapping does not know.`);
      out[c] = v;
    }
    return out;
  }
  /** A logical row with values as stored → physical names, values as stored. */
  physical(t: LmsTable, row: Row): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [c, v] of Object.entries(row)) out[this.m.col(t, c as never)] = v;
    return out;
  }
}

/** Columns whose values no logfile, message or run record shows. */
const SECRET_COLUMNS: Partial<Record<LmsTable, readonly string[]>> = { users: ['password_hash'] };
const HIDDEN = '[not shown]';
const isSecret = (t: LmsTable, c: string) => SECRET_COLUMNS[t]?.includes(c) ?? false;
const norm = (t: LmsTable, c: string, v: unknown): Scalar => normaliseValue(t, c, v);
/** A value for display: secrets hidden. */
const visible = (t: LmsTable, c: string, v: unknown): Scalar => (isSecret(t, c) && v !== null && v !== undefined ? HIDDEN : norm(t, c, v));
const keyOfRow = (t: LmsTable, row: Row): Row => Object.fromEntries(keyColumns(t).map((c) => [c, row[c]]));
const keyText = (t: LmsTable, row: Row): string => `${t}\u0000${JSON.stringify(keyColumns(t).map((c) => norm(t, c, row[c])))}`;
const shown = (t: LmsTable, row: Row | null): Record<string, Scalar> | null => {
  if (!row) return null;
  const out: Record<string, Scalar> = {};
  for (const [c, v] of Object.entries(row)) out[c] = visible(t, c, v);
  return out;
};
const describeKey = (t: LmsTable, key: Row) =>
  `${t} ${keyColumns(t)
    .map((c) => `${c}=${String(norm(t, c, key[c]))}`)
    .join(', ')}`;

/**
 * Values as stored, made writable for the dialect: journaled ISO date text becomes a Date
 * again outside SQLite, with any sub-millisecond digits (written back on SQL Server).
 */
function writable(db: Knex, t: LmsTable, row: Row): Row {
  if (dialectOf(db) === 'sqlite') return row;
  const out: Row = { ...row };
  for (const [c, v] of Object.entries(row)) {
    const type = tableSpec(t).columns[c]?.type;
    if ((type === 'date' || type === 'datetime') && typeof v === 'string') {
      const d = parseDateTimeText(v);
      if (d) out[c] = d;
    }
  }
  return out;
}

function parseJson(text: unknown): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  return JSON.parse(String(text)) as Record<string, unknown>;
}

async function readJournal(db: Knex, names: Names, runId: number): Promise<Entry[]> {
  const rows = (await db('md_merge_journal').select('seq', 'table_name', 'op', 'row_key', 'before_json', 'after_json').where('run_id', runId).orderBy('seq')) as Record<string, unknown>[];
  return rows.map((r) => {
    const t = names.table(String(r.table_name));
    const before = parseJson(r.before_json);
    const after = parseJson(r.after_json);
    return {
      seq: Number(r.seq),
      t,
      op: String(r.op) as JournalOp,
      key: names.logical(t, parseJson(r.row_key) ?? {}),
      before: before ? names.logical(t, before) : null,
      after: after ? names.logical(t, after) : null,
    };
  });
}

/** Follows each row through the journal: a row moved by an update (new key) stays one chain. */
function chainsOf(entries: Entry[]): Chain[] {
  const live = new Map<string, Chain>();
  const chains: Chain[] = [];
  const open = (t: LmsTable): Chain => {
    const c: Chain = { t, entries: [], final: null, finalKey: {} };
    chains.push(c);
    return c;
  };
  for (const e of entries) {
    if (e.op === 'insert') {
      const c = open(e.t);
      c.entries.push(e);
      c.final = e.after;
      c.finalKey = keyOfRow(e.t, e.after!);
      live.set(keyText(e.t, e.after!), c);
    } else if (e.op === 'update') {
      const k0 = keyText(e.t, e.key);
      const c = live.get(k0) ?? open(e.t);
      live.delete(k0);
      c.entries.push(e);
      c.final = e.after;
      c.finalKey = keyOfRow(e.t, e.after!);
      live.set(keyText(e.t, e.after!), c);
    } else {
      const k0 = keyText(e.t, e.key);
      const c = live.get(k0) ?? open(e.t);
      live.delete(k0);
      c.entries.push(e);
      c.final = null;
      c.finalKey = keyOfRow(e.t, e.key);
    }
  }
  return chains;
}

function whereKey(names: Names, t: LmsTable, q: Knex.QueryBuilder, key: Row): Knex.QueryBuilder {
  for (const c of keyColumns(t)) q.where(names.m.col(t, c as never), key[c] as never);
  return q;
}

/** The row a chain's key names now, under logical names with values as stored (enumerations physical). */
async function currentRows(db: Knex, names: Names, chains: Chain[]): Promise<Map<Chain, Row | undefined>> {
  const out = new Map<Chain, Row | undefined>();
  const byTable = new Map<LmsTable, Chain[]>();
  for (const c of chains) byTable.set(c.t, [...(byTable.get(c.t) ?? []), c]);
  for (const [t, list] of byTable) {
    const cols = keyColumns(t);
    const select = names.m.select(t);
    if (cols.length === 1) {
      const col = cols[0]!;
      for (let i = 0; i < list.length; i += 1000) {
        const part = list.slice(i, i + 1000);
        const rows = (await db(names.m.table(t)).select(select).whereIn(names.m.col(t, col as never), part.map((c) => c.finalKey[col]) as never)) as Row[];
        const by = new Map(rows.map((r) => [keyText(t, r), r]));
        for (const c of part) out.set(c, by.get(keyText(t, c.finalKey)));
      }
    } else {
      for (const c of list) out.set(c, (await whereKey(names, t, db(names.m.table(t)).select(select), c.finalKey).first()) as Row | undefined);
    }
  }
  return out;
}

/** Every row the merge wrote that is no longer as the merge left it. */
function differences(chains: Chain[], now: Map<Chain, Row | undefined>): Map<Chain, ChangedRow> {
  const out = new Map<Chain, ChangedRow>();
  for (const c of chains) {
    const cur = now.get(c);
    const key = shown(c.t, c.finalKey)!;
    if (c.final === null) {
      if (cur) out.set(c, { table: c.t, key, kind: 'reappeared', columns: [], description: `${describeKey(c.t, c.finalKey)}: the merge removed this row; a row with the same key exists again` });
      continue;
    }
    if (!cur) {
      out.set(c, { table: c.t, key, kind: 'deleted', columns: [], description: `${describeKey(c.t, c.finalKey)}: deleted since the merge` });
      continue;
    }
    const columns: ChangedRow['columns'] = [];
    for (const [col, v] of Object.entries(c.final)) {
      const a = norm(c.t, col, v);
      const b = norm(c.t, col, cur[col]);
      if (a !== b) columns.push({ column: col, mergeLeft: visible(c.t, col, v), now: visible(c.t, col, cur[col]) });
    }
    if (columns.length) {
      out.set(c, {
        table: c.t,
        key,
        kind: 'changed',
        columns,
        description: `${describeKey(c.t, c.finalKey)}: changed since the merge (${columns.map((x) => `${x.column} ${JSON.stringify(x.mergeLeft)} → ${JSON.stringify(x.now)}`).join(', ')})`,
      });
    }
  }
  return out;
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
      const pending: { t: LmsTable; rows: Row[]; seqs: Entry[] } = { t: 'users', rows: [], seqs: [] };
      const flushInserts = async () => {
        if (!pending.rows.length) return;
        const t = pending.t;
        const phys = pending.rows.map((r) => names.physical(t, writable(trx, t, r)));
        const idCol = tableSpec(t).columns.id?.type === 'id' ? m.col(t, 'id' as never) : undefined;
        await bulkInsert(trx, m.table(t), phys, idCol ? { identityColumn: idCol } : {});
        pending.rows = [];
        pending.seqs = [];
        await step(`re-insert ${t}`);
      };
      for (const e of [...entries].reverse()) {
        if (skip.has(e)) continue;
        const t = e.t;
        if (e.op !== 'delete' || pending.t !== t) await flushInserts();
        if (e.op === 'insert') {
          const key = keyOfRow(t, e.after!);
          await whereKey(names, t, trx(m.table(t)), key).delete();
          journal.add(m.table(t), 'delete', names.physical(t, key), names.physical(t, e.after!), null);
          restored.push({ seq: e.seq, table: t, action: 'deleted', key: shown(t, key)!, mergeLeft: shown(t, e.after), restored: null });
          await step(`delete ${t}`);
        } else if (e.op === 'update') {
          const key = keyOfRow(t, e.after!);
          const set: Row = { ...e.before! };
          if (tableSpec(t).columns.id?.type === 'id') delete set.id;
          await whereKey(names, t, trx(m.table(t)), key).update(names.physical(t, writable(trx, t, set)));
          journal.add(m.table(t), 'update', names.physical(t, key), names.physical(t, e.after!), names.physical(t, e.before!));
          restored.push({ seq: e.seq, table: t, action: 'restored', key: shown(t, keyOfRow(t, e.before!))!, mergeLeft: shown(t, e.after), restored: shown(t, e.before) });
          await step(`restore ${t}`);
        } else {
          pending.t = t;
          pending.rows.push(e.before!);
          pending.seqs.push(e);
          journal.add(m.table(t), 'insert', names.physical(t, keyOfRow(t, e.before!)), null, names.physical(t, e.before!));
          restored.push({ seq: e.seq, table: t, action: 're-inserted', key: shown(t, keyOfRow(t, e.before!))!, mergeLeft: null, restored: shown(t, e.before) });
        }
      }
      await flushInserts();
      await journal.flush(trx);
      journalEntries = journal.size;

      // The pair may come back in a review: the merge's decision goes.
      const [a, b] = sourceUid < targetUid ? [sourceUid, targetUid] : [targetUid, sourceUid];
      await trx('md_pair_decisions').where({ uid_a: a, uid_b: b, decision: 'merged', note: `merge run ${runId}` }).delete();
      if (!dryRun) {
        await markUndone(trx, current, undoRunId);
        await saveRunDetails(trx, undoRunId, 'undo', { restored, changedSince });
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
