import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Operator } from '../../auth/operator';
import { lockForUpdate, takeWriterLock } from '../../db/dialect';
import type { LmsMapping } from '../../db/mapping';
import { UserInputError } from '../../errors';
import type { MergeSettings } from '../../settings/merge-settings';
import { admit, MergeRefusedError } from './admit';
import { decideEmployeeIdTakeOver, refuseSharedEmployeeId } from './employee-id';
import { CATEGORIES } from './categories/index';
import { canonicalJson, sha256 } from './hash';
import { Journal } from './journal';
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
}

/** Merges with age beyond this that never finished are considered crashed and do not block. */
const STALE_RUN_MS = 6 * 60 * 60 * 1000;

function summary(u: User): AccountSummary {
  return { id: u.id, uid: u.uid, login: u.login, email: u.email, firstName: u.first_name, lastName: u.last_name, status: u.status, orgUnitId: u.org_unit_id, clientId: u.client_id };
}

/** How many rows each account owns in every table that refers to users (cheap, indexed counts). */
async function countOwnedRows(db: Knex, m: LmsMapping, userIds: number[], emit: (line: string) => void): Promise<void> {
  for (const t of LMS_TABLE_NAMES) {
    for (const [c, spec] of Object.entries(tableSpec(t).columns)) {
      if (spec.references !== 'users' || t === 'users') continue;
      const col = m.col(t, c as never);
      const rows = await db(m.table(t)).select({ u: col }).count({ n: '*' }).whereIn(col, userIds).groupBy(col).orderBy(col);
      for (const r of rows as { u: unknown; n: unknown }[]) emit(`${t}.${c}\u0000${String(r.u)}\u0000${String(r.n)}\n`);
    }
  }
}

interface InternalPlan {
  plan: MergePlan;
  source: User;
  target: User;
  parts: CategoryPlan[];
}

async function makePlan(db: Knex, m: LmsMapping, sourceUid: string, targetUid: string, settings: MergeSettings, operator: Operator, options: PlanOptions): Promise<InternalPlan> {
  const { source, target } = await admit(db, m, sourceUid, targetUid, operator);
  const employeeIdTakeOver = decideEmployeeIdTakeOver(source, target, options.takeEmployeeId);
  if (employeeIdTakeOver.take) await refuseSharedEmployeeId(db, m, source, target);
  const opts: PlanOptions = { takeEmail: Boolean(options.takeEmail), takeLogin: Boolean(options.takeLogin), takeEmployeeId: employeeIdTakeOver.take };
  const digest = crypto.createHash('sha256');
  const observe = (table: string, rows: readonly Row[]) => {
    // Rows come back in the mapping's column order, so plain JSON is stable here.
    digest.update(`${table}\u0000`);
    for (const r of rows) digest.update(`${JSON.stringify(r)}\n`);
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
  const hash = sha256(canonicalJson(content));
  return { plan: { ...content, operator: operator.login, hash }, source, target, parts };
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

async function insertRun(db: Knex, row: Record<string, unknown>, token: string): Promise<number> {
  await db('md_merge_runs').insert(row);
  // The new id by explicit lookup (no RETURNING): the running row carrying this merge's token.
  const candidates = await db('md_merge_runs')
    .select('id', 'settings_json')
    .where({ source_uid: row.source_uid, target_uid: row.target_uid })
    .whereNull('outcome')
    .orderBy('id', 'desc');
  const mine = candidates.find((c: { settings_json: string }) => {
    try {
      return JSON.parse(c.settings_json).runToken === token;
    } catch {
      return false;
    }
  });
  if (!mine) throw new Error('The merge run just recorded cannot be found again.');
  return Number(mine.id);
}

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
  const token = crypto.randomUUID();
  const settingsJson = JSON.stringify({ runToken: token, settings, overrides: options.overrides ?? {}, options: planOptions, expectPlanHash: expectHash ?? null });
  const runId = await insertRun(
    db,
    { source_uid: sourceUid, target_uid: targetUid, operator_login: operator.login, dry_run: dryRun, started_at: startedAt, finished_at: null, outcome: null, settings_json: settingsJson, summary_json: null, plan_hash: null },
    token,
  );

  let outcome: Outcome = 'merged';
  let reason: string | null = null;
  let made: InternalPlan | null = null;
  let journalEntries = 0;
  try {
    const uids = [sourceUid, targetUid];
    const running = await db('md_merge_runs')
      .select('id', 'source_uid', 'target_uid', 'started_at')
      .whereNull('outcome')
      .where('id', '<', runId)
      .where((q) => q.whereIn('source_uid', uids).orWhereIn('target_uid', uids));
    const live = running.filter((r: { started_at: unknown }) => {
      const t = r.started_at instanceof Date ? r.started_at.getTime() : Number(new Date(r.started_at as string | number));
      return !Number.isFinite(t) || startedAt.getTime() - t < STALE_RUN_MS;
    });
    if (live.length) {
      const other = live[0] as { id: number; source_uid: string; target_uid: string };
      throw new MergeRefusedError(
        `A merge on account ${uids.find((u) => u === other.source_uid || u === other.target_uid)} is already running (run ${other.id}).`,
        'Wait until it has finished, then try again.',
        'MERGE_RUNNING',
      );
    }
    await db.transaction(async (trx) => {
      await takeWriterLock(trx);
      await lockForUpdate(trx, trx(m.table('users')).select(m.col('users', 'id')).whereIn(m.col('users', 'uid'), uids));
      made = await makePlan(trx, m, sourceUid, targetUid, settings, operator, planOptions);
      const p = made.plan;
      if (expectHash && p.hash !== expectHash) {
        throw new MergeRefusedError('The accounts changed since the preview (the plan is no longer the same).', 'Preview the merge again and check the new plan.', 'PLAN_CHANGED');
      }
      if (settings.abort_on_conflict && p.conflicts.length > 0) {
        throw new Abort('aborted', `${p.conflicts.length} training conflict(s) and abort on conflict is on: ${p.conflicts.map((c) => c.description).join('; ')}.`);
      }
      const journal = new Journal(runId);
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
        },
      };
      for (const part of made.parts) await part.apply(ctx);
      await journal.flush(trx);
      journalEntries = journal.size;
      await ctx.step('journal: write');
      if (!dryRun) {
        await recordMergedDecision(trx, sourceUid, targetUid, operator.login, startedAt, runId);
        await ctx.step('pair decision: record');
      }
      if (dryRun) throw new DryRunDone();
    });
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
      reason = `The merge failed and nothing was changed: ${err instanceof Error ? err.message : String(err)}`;
    }
    journalEntries = outcome === 'merged' ? journalEntries : 0;
  }
  const finishedAt = now();
  const p = (made as InternalPlan | null)?.plan ?? null;
  await db('md_merge_runs')
    .where('id', runId)
    .update({
      outcome,
      finished_at: finishedAt,
      plan_hash: p?.hash ?? null,
      summary_json: JSON.stringify({
        reason,
        dryRun,
        counts: p?.counts ?? {},
        conflicts: p?.conflicts.length ?? 0,
        actionRequired: p?.actionRequired.length ?? 0,
        sourceAccount: p?.sourceAccount ?? null,
        journalEntries,
      }),
    });
  return { runId, outcome, dryRun, reason, sourceUid, targetUid, operator: operator.login, plan: p, settings, startedAt, finishedAt, journalEntries };
}

/** md_pair_decisions: the pair is merged (uid_a < uid_b), replacing an earlier decision. */
async function recordMergedDecision(db: Knex, a: string, b: string, by: string, at: Date, runId: number): Promise<void> {
  const [uidA, uidB] = a < b ? [a, b] : [b, a];
  const values = { decision: 'merged', decided_by: by, decided_at: at, note: `merge run ${runId}` };
  const existing = await db('md_pair_decisions').select('id').where({ uid_a: uidA, uid_b: uidB }).first();
  if (existing) await db('md_pair_decisions').where('id', existing.id).update(values);
  else await db('md_pair_decisions').insert({ uid_a: uidA, uid_b: uidB, ...values });
}

