import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ObjectNames } from '@shared/object-names';
import type { Operator } from '../../auth/operator';
import { lockRows } from '../../db/dialect';
import { describeFailure } from '../../db/driver-errors';
import type { LmsMapping } from '../../db/mapping';
import { UserInputError } from '../../errors';
import type { MergeSettings } from '../../settings/merge-settings';
import { admit, MergeRefusedError } from './admit';
import { decideEmployeeIdTakeOver, refuseSharedEmployeeId } from './employee-id';
import { CATEGORIES } from './categories/index';
import { jsonWithRecords, planHash } from './hash';
import { Journal } from './journal';
import { pauseForTest } from '../runs/test-pause';
import { createRun, finishRun, lockLedger, otherLiveRun, PackedDetails, recordOutcome, saveRunDetails, summaryOfPlan } from '../runs/ledger';
import { LMS_TABLE_NAMES, tableSpec } from '../../db/lms-tables';
import type { AccountSummary, Action, ActionRequired, ApplyContext, CategoryPlan, Conflict, MergePlan, PlanContext, PlanOptions, PlannedRecord, Row, User } from './types';

export { MergeRefusedError, type RefusalCode } from './admit';

export type Outcome = 'merged' | 'aborted' | 'failed' | 'refused';

export interface ExecuteOptions extends PlanOptions {
  /** Refuse when the plan made now differs from the previewed one. */
  expectPlanHash?: string;
  /** Do everything, then roll back; recorded as a dry run. */
  dryRun?: boolean;
  /** The `--set` overrides given for this merge, recorded in the run. */
  overrides?: Record<string, unknown>;
  /** Called after every write step with its name; a test throws here to prove atomicity. */
  faultInjection?: (step: string) => void | Promise<void>;
  /** The merge time (tests); default now. */
  now?: () => Date;
  /**
   * Names the plan's objects as the LMS does; the names are saved with the plan in the run's
   * own transaction (so a logfile made again from the database names them too). Its failure
   * leaves the names out and never the merge (a savepoint keeps the transaction usable).
   */
  nameObjects?: (db: Knex, plan: MergePlan) => Promise<ObjectNames>;
  /**
   * Told the plan and its objects' names once they are settled, before the merge applies it
   * (its logfile's tables are laid out meanwhile). The result's plan is this same object.
   */
  onPlanned?: (plan: MergePlan, names: ObjectNames, run: { runId: number; startedAt: Date }) => void;
}

export interface MergeResult {
  runId: number;
  outcome: Outcome;
  dryRun: boolean;
  reason: string | null;
  sourceUid: string;
  targetUid: string;
  operator: string;
  /** The plan the merge ran (made inside the transaction), null when refused before planning finished. */
  plan: MergePlan | null;
  settings: MergeSettings;
  startedAt: Date;
  finishedAt: Date;
  journalEntries: number;
  /** The names of the plan's objects (nameObjects), {} when not asked for or not readable. */
  objectNames: ObjectNames;
  /** Why the names could not be read, when they could not. */
  namesProblem: string | null;
}


function summary(u: User): AccountSummary {
  return { id: u.id, uid: u.uid, login: u.login, email: u.email, firstName: u.first_name, lastName: u.last_name, status: u.status, orgUnitId: u.org_unit_id, clientId: u.client_id };
}

/**
 * How many rows each account owns in every table that refers to users (cheap, indexed counts),
 * in one UNION ALL round trip instead of one per column; lines in the same order as before.
 */
async function countOwnedRows(db: Knex, m: LmsMapping, userIds: number[], emit: (line: string) => void): Promise<void> {
  const labels: string[] = [];
  const parts: Knex.QueryBuilder[] = [];
  for (const t of LMS_TABLE_NAMES) {
    for (const [c, spec] of Object.entries(tableSpec(t).columns)) {
      if (spec.references !== 'users' || t === 'users') continue;
      const col = m.col(t, c as never);
      labels.push(`${t}.${c}`);
      parts.push(db(m.table(t)).select(db.raw('? as ??', [labels.length - 1, 'k']), { u: col }).count({ n: '*' }).whereIn(col, userIds).groupBy(col));
    }
  }
  if (!parts.length) return;
  const rows = (await db.queryBuilder().unionAll(parts)) as { k: unknown; u: unknown; n: unknown }[];
  const byLabel = labels.map(() => [] as { u: unknown; n: unknown }[]);
  for (const r of rows) byLabel[Number(r.k)]!.push(r);
  byLabel.forEach((list, i) => {
    list.sort((x, y) => Number(x.u) - Number(y.u));
    for (const r of list) emit(`${labels[i]}\u0000${String(r.u)}\u0000${String(r.n)}\n`);
  });
}

interface InternalPlan {
  plan: MergePlan;
  source: User;
  target: User;
  parts: CategoryPlan[];
  /** JSON (UTF-8) of plan.records, made for the hash; the run's details reuse it. */
  recordsJson: Buffer;
}

/** `runsSettled`: the runs on both accounts were settled just before (execute's otherLiveRun). */
async function makePlan(db: Knex, m: LmsMapping, sourceUid: string, targetUid: string, settings: MergeSettings, operator: Operator, options: PlanOptions, runsSettled = false): Promise<InternalPlan> {
  const { source, target } = await admit(db, m, sourceUid, targetUid, operator, runsSettled);
  const employeeIdTakeOver = decideEmployeeIdTakeOver(source, target, options.takeEmployeeId);
  if (employeeIdTakeOver.take) await refuseSharedEmployeeId(db, m, source, target);
  const opts: PlanOptions = { takeEmail: Boolean(options.takeEmail), takeLogin: Boolean(options.takeLogin), takeEmployeeId: employeeIdTakeOver.take };
  const digest = crypto.createHash('sha256');
  const observe = (table: string, rows: readonly Row[]) => {
    // Rows come back in the mapping's column order, so plain JSON is stable here. One update
    // per table: the same bytes as one per row, without a native call for every row.
    let text = `${table}\u0000`;
    for (const r of rows) text += `${JSON.stringify(r)}\n`;
    digest.update(text);
  };
  observe('users', [source.raw, target.raw]);
  await countOwnedRows(db, m, [source.id, target.id], (line) => digest.update(line));
  const ctx: PlanContext = { db, m, source, target, settings, options: opts, observe };
  const parts: CategoryPlan[] = [];
  for (const c of CATEGORIES) parts.push(await c.plan(ctx));
  const fingerprint = digest.digest('hex');
  const records: PlannedRecord[] = parts.flatMap((p) => p.records);
  const conflicts: Conflict[] = parts.flatMap((p) => p.conflicts ?? []);
  const actionRequired: ActionRequired[] = parts.flatMap((p) => p.actionRequired ?? []);
  const counts: Record<string, Partial<Record<Action, number>>> = {};
  for (const c of CATEGORIES) counts[c.name] = {};
  const leftWithSource: Record<string, number> = {};
  for (const r of records) {
    const byAction = (counts[r.category] ??= {});
    byAction[r.action] = (byAction[r.action] ?? 0) + 1;
    if ((r.action === 'not_merged' || r.action === 'copy' || r.action === 'action_required') && r.category !== 'account') leftWithSource[r.category] = (leftWithSource[r.category] ?? 0) + 1;
  }
  const d = settings.source_disposition;
  const fate = d === 'delete' ? 'deleted with the source account' : d === 'anonymise' ? 'stays with the anonymised source account' : 'stays with the deactivated source account';
  for (const r of records) {
    if ((r.action === 'not_merged' || r.action === 'copy') && r.category !== 'account') r.note = r.note ? `${r.note}; original ${fate}` : `original ${fate}`;
  }
  const sourceRecord = records.find((r) => r.category === 'account' && r.objectType === 'user');
  const content = {
    version: 1 as const,
    source: summary(source),
    target: summary(target),
    settings,
    options: opts,
    records,
    counts,
    conflicts,
    actionRequired,
    sourceAccount: { disposition: d, description: sourceRecord?.note ?? '', leftWithSource },
    employeeIdTakeOver,
    fingerprint,
  };
  const { hash, recordsJson } = planHash(content);
  return { plan: { ...content, operator: operator.login, hash }, source, target, parts, recordsJson };
}

/**
 * Reads both accounts and returns the merge plan: every record of every category with its
 * action, the rule behind it, values before and after, and a hash of its content. Writes nothing.
 */
export async function plan(db: Knex, m: LmsMapping, sourceUid: string, targetUid: string, settings: MergeSettings, operator: Operator, options: PlanOptions = {}): Promise<MergePlan> {
  return (await makePlan(db, m, sourceUid, targetUid, settings, operator, options)).plan;
}

class Abort extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly reason: string,
  ) {
    super(reason);
  }
}
class DryRunDone extends Error {}

/**
 * Runs a merge in one transaction: records the run, locks both accounts, re-plans from the
 * data as it is now, applies every category set-based, journals every row written, and
 * commits only if nothing conflicted or failed. The outcome is always recorded in md_merge_runs.
 */
export async function execute(
  db: Knex,
  m: LmsMapping,
  planOrUids: MergePlan | { source: string; target: string },
  settings: MergeSettings,
  operator: Operator,
  options: ExecuteOptions = {},
): Promise<MergeResult> {
  const isPlan = 'hash' in planOrUids;
  const sourceUid = isPlan ? planOrUids.source.uid : planOrUids.source;
  const targetUid = isPlan ? planOrUids.target.uid : planOrUids.target;
  const planOptions: PlanOptions = isPlan ? planOrUids.options : { takeEmail: options.takeEmail, takeLogin: options.takeLogin, takeEmployeeId: options.takeEmployeeId };
  const expectHash = options.expectPlanHash ?? (isPlan ? planOrUids.hash : undefined);
  const dryRun = Boolean(options.dryRun);
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const run = await createRun(db, {
    kind: 'merge',
    sourceUid,
    targetUid,
    operator: operator.login,
    dryRun,
    startedAt,
    settings: { settings, overrides: options.overrides ?? {}, options: planOptions, expectPlanHash: expectHash ?? null },
  });
  const runId = run.id;
  await pauseForTest('merge: recorded');

  let outcome: Outcome = 'merged';
  let reason: string | null = null;
  let made: InternalPlan | null = null;
  let journalEntries = 0;
  /** When the merged outcome was recorded in the merge's transaction (null unless it committed). */
  let recordedAt: Date | null = null;
  let names: ObjectNames | null = null;
  let namesProblem: string | null = null;
  const nameOnce = async (conn: Knex, plan: MergePlan): Promise<ObjectNames> => {
    if (names) return names;
    if (!options.nameObjects) return (names = {});
    try {
      const nameObjects = options.nameObjects;
      names = conn.isTransaction ? await conn.transaction((sp) => nameObjects(sp, plan)) : await nameObjects(conn, plan);
    } catch (err) {
      names = {};
      namesProblem = (err as Error).message;
    }
    return names;
  };
  try {
    const uids = [sourceUid, targetUid];
    // Runs whose process is gone are settled first (interrupted, or merged if they committed).
    const other = await otherLiveRun(db, runId, uids);
    if (other) {
      throw new MergeRefusedError(
        `A ${other.kind} on account ${uids.find((u) => u === other.sourceUid || u === other.targetUid)} is already running (run ${other.id}, started by ${other.operator} on ${other.owner.host ?? 'another computer'}).`,
        'Wait until it has finished, then try again.',
        'MERGE_RUNNING',
      );
    }
    await db.transaction(async (trx) => {
      await lockLedger(trx);
      await lockRows(trx, trx(m.table('users')).select(m.col('users', 'id')).whereIn(m.col('users', 'uid'), uids));
      // A run on these accounts started after otherLiveRun has a higher id and refuses itself (ours runs).
      made = await makePlan(trx, m, sourceUid, targetUid, settings, operator, planOptions, true);
      const p = made.plan;
      if (expectHash && p.hash !== expectHash) {
        throw new MergeRefusedError('The accounts changed since the preview (the plan is no longer the same).', 'Preview the merge again and check the new plan.', 'PLAN_CHANGED');
      }
      if (settings.abort_on_conflict && p.conflicts.length > 0) {
        throw new Abort('aborted', `${p.conflicts.length} training conflict(s) and abort on conflict is on: ${p.conflicts.map((c) => c.description).join('; ')}.`);
      }
      // Named and packed before applying: neither depends on what the merge writes, and the
      // packing runs in the thread pool beside the writes.
      const objectNames = await nameOnce(trx, p);
      const packing = dryRun ? null : PackedDetails.fromJson(detailsJson(made, objectNames));
      options.onPlanned?.(p, objectNames, { runId, startedAt });
      const journal = new Journal(runId);
      const untouched = new Map(made.parts.flatMap((part) => (part.untouched ? [[`${part.untouched.table}.${part.untouched.column}`, part.untouched.rows] as const] : [])));
      const ctx: ApplyContext = {
        db: trx,
        m,
        source: made.source,
        target: made.target,
        settings,
        options: planOptions,
        journal,
        mergeTime: startedAt,
        step: async (name) => {
          await options.faultInjection?.(name);
          await pauseForTest(name);
        },
        untouchedSourceRows: (table, column) => untouched.get(`${table}.${column}`),
      };
      for (const part of made.parts) await part.apply(ctx);
      await journal.flush(trx);
      journalEntries = journal.size;
      await ctx.step('journal: write');
      if (!dryRun) {
        await recordMergedDecision(trx, sourceUid, targetUid, operator.login, startedAt, runId);
        await ctx.step('pair decision: record');
        // With the commit: the plan, so the logfile can be made again even if this process dies now.
        await saveRunDetails(trx, runId, 'merge', await packing!, { firstSave: true });
        await ctx.step('run details: record');
        const at = now();
        await recordOutcome(trx, runId, { outcome: 'merged', finishedAt: at, planHash: p.hash, summary: { reason: null, dryRun, ...summaryOfPlan(p as unknown as Record<string, unknown>), journalEntries } });
        await ctx.step('run outcome: record');
        recordedAt = at; // stands once the transaction commits
      }
      if (dryRun) throw new DryRunDone();
    });
    await pauseForTest('merge: committed');
  } catch (err) {
    if (err instanceof DryRunDone) {
      // Rolled back on purpose: the merge would succeed.
    } else if (err instanceof Abort) {
      outcome = err.outcome;
      reason = err.reason;
    } else if (err instanceof UserInputError) {
      outcome = 'refused';
      reason = err.problem;
    } else {
      outcome = 'failed';
      reason = `The merge failed and nothing was changed: ${describeFailure(err)}.`;
    }
    journalEntries = outcome === 'merged' ? journalEntries : 0;
    recordedAt = null;
  }
  const finishedAt = recordedAt ?? now();
  const madePlan = made as InternalPlan | null;
  const p = madePlan?.plan ?? null;
  // A run that did not commit keeps its plan too (dry run, aborted), for its logfile.
  try {
    if (madePlan && (dryRun || outcome !== 'merged')) await saveRunDetails(db, runId, 'merge', PackedDetails.fromJsonSync(detailsJson(madePlan, await nameOnce(db, madePlan.plan))));
    if (!recordedAt) await finishRun(db, run, { outcome, finishedAt, planHash: p?.hash ?? null, summary: { reason, dryRun, ...summaryOfPlan((p ?? {}) as Record<string, unknown>), journalEntries } });
  } finally {
    run.stop(); // a run left without outcome is then settled by the next look at the ledger
  }
  return { runId, outcome, dryRun, reason, sourceUid, targetUid, operator: operator.login, plan: p, settings, startedAt, finishedAt, journalEntries, objectNames: names ?? {}, namesProblem };
}

/** The JSON of what a run's details hold: the plan, and the names of its objects when there are any. */
function detailsJson(made: InternalPlan, objectNames: ObjectNames): Buffer {
  const { records: _records, ...rest } = made.plan;
  return jsonWithRecords(Object.keys(objectNames).length ? { ...rest, objectNames } : rest, made.recordsJson);
}

/** md_pair_decisions: the pair is merged (uid_a < uid_b), replacing an earlier decision. */
async function recordMergedDecision(db: Knex, a: string, b: string, by: string, at: Date, runId: number): Promise<void> {
  const [uidA, uidB] = a < b ? [a, b] : [b, a];
  const values = { decision: 'merged', decided_by: by, decided_at: at, note: `merge run ${runId}` };
  const existing = await db('md_pair_decisions').select('id').where({ uid_a: uidA, uid_b: uidB }).first();
  if (existing) await db('md_pair_decisions').where('id', existing.id).update(values);
  else await db('md_pair_decisions').insert({ uid_a: uidA, uid_b: uidB, ...values });
}

