import crypto from 'node:crypto';
import os from 'node:os';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { dialectOf, insertReturningId, takeWriterLock } from '../../db/dialect';

/**
 * The run ledger: the one module that reads and writes md_merge_runs (and the run details
 * beside it). Every merge, batch pair and undo is a run: created with its owner (computer,
 * process, lease), renewed by a heartbeat, finished with its outcome. A run without an
 * outcome whose owner is gone is settled at once: `merged`/`undone` when its journal shows
 * it committed, `interrupted` when nothing of it committed.
 */
export const RUN_TABLE = 'md_merge_runs';
const DETAILS_TABLE = 'md_merge_run_details';
const JOURNAL_TABLE = 'md_merge_journal';

export type RunKind = 'merge' | 'undo';
export type RunOutcome = 'merged' | 'aborted' | 'failed' | 'refused' | 'undone' | 'interrupted';

/** How long a run's owner counts as alive after its last heartbeat (other computers; SQL servers). */
export const LEASE_MS = 60_000;
const HEARTBEAT_MS = LEASE_MS / 4;

/** The runs this process runs right now (a run of this process that is not here has ended). */
const ownRuns = new Set<number>();

export interface RunOwner {
  host: string | null;
  pid: number | null;
  leaseUntil: Date | null;
}

export interface RunRecord {
  id: number;
  kind: RunKind;
  /** For an undo: the merge run it undoes. */
  undoOf: number | null;
  sourceUid: string;
  targetUid: string;
  operator: string;
  dryRun: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** null while running. */
  outcome: RunOutcome | null;
  planHash: string | null;
  /** settings_json: what the run was started with (settings, overrides, options). */
  settings: Record<string, unknown>;
  /** summary_json: what it did (reason, counts, …); {} while running. */
  summary: Record<string, unknown>;
  owner: RunOwner;
}

function parse(text: unknown): Record<string, unknown> {
  if (text === null || text === undefined || text === '') return {};
  try {
    const v = JSON.parse(String(text));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A stored time (Date, epoch number or text, by dialect) as a Date; null when absent. */
export function storedTime(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : typeof v === 'number' || /^\d+$/.test(String(v)) ? new Date(Number(v)) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't' || v === 'true';

function toRecord(r: Record<string, unknown>): RunRecord {
  const settings = parse(r.settings_json);
  return {
    id: Number(r.id),
    kind: settings.kind === 'undo' ? 'undo' : 'merge',
    undoOf: typeof settings.undoOf === 'number' ? settings.undoOf : null,
    sourceUid: String(r.source_uid),
    targetUid: String(r.target_uid),
    operator: String(r.operator_login),
    dryRun: bool(r.dry_run),
    startedAt: storedTime(r.started_at),
    finishedAt: storedTime(r.finished_at),
    outcome: (r.outcome as RunOutcome | null) ?? null,
    planHash: (r.plan_hash as string | null) ?? null,
    settings,
    summary: parse(r.summary_json),
    owner: { host: (r.owner_host as string | null) ?? null, pid: r.owner_pid === null || r.owner_pid === undefined ? null : Number(r.owner_pid), leaseUntil: storedTime(r.lease_until) },
  };
}

export interface NewRun {
  kind: RunKind;
  sourceUid: string;
  targetUid: string;
  operator: string;
  dryRun: boolean;
  startedAt: Date;
  /** Recorded in settings_json (settings, overrides, options; for an undo: undoOf, acceptPartial). */
  settings: Record<string, unknown>;
}

/** A run this process owns: its id, and the heartbeat that keeps its lease until `stop()`. */
export interface OwnedRun {
  id: number;
  stop(): void;
}

/**
 * Records a new run (outcome NULL = running) with this process as its owner and starts its
 * heartbeat. On SQLite the heartbeat queues behind the merge's own transaction on the one
 * pooled connection (it never waits for a lock the merge holds), so there the owner's
 * process id decides, not the lease.
 */
export async function createRun(db: Knex, run: NewRun): Promise<OwnedRun> {
  const token = crypto.randomUUID();
  const settingsJson = JSON.stringify({ runToken: token, kind: run.kind, ...run.settings });
  const inserted = await insertReturningId(db, RUN_TABLE, {
    source_uid: run.sourceUid,
    target_uid: run.targetUid,
    operator_login: run.operator,
    dry_run: run.dryRun,
    started_at: run.startedAt,
    finished_at: null,
    outcome: null,
    settings_json: settingsJson,
    summary_json: null,
    plan_hash: null,
    owner_host: os.hostname(),
    owner_pid: process.pid,
    lease_until: new Date(Date.now() + LEASE_MS),
  });
  const id = inserted ?? (await idByToken(db, run, token));
  const timer = setInterval(() => {
    void heartbeat(db, id).catch(() => {
      // A missed heartbeat only shortens the lease; the next one renews it.
    });
  }, HEARTBEAT_MS);
  timer.unref();
  ownRuns.add(id);
  return {
    id,
    stop: () => {
      clearInterval(timer);
      ownRuns.delete(id);
    },
  };
}

/** Where the insert does not tell the new id (SQL Server): the running row with this run's token. */
async function idByToken(db: Knex, run: NewRun, token: string): Promise<number> {
  const candidates = (await db(RUN_TABLE).select('id', 'settings_json').where({ source_uid: run.sourceUid, target_uid: run.targetUid }).whereNull('outcome').orderBy('id', 'desc')) as {
    id: number;
    settings_json: string;
  }[];
  const mine = candidates.find((c) => parse(c.settings_json).runToken === token);
  if (!mine) throw new Error('The run just recorded cannot be found again.');
  return Number(mine.id);
}

/** Renews a running run's lease. */
export async function heartbeat(db: Knex, runId: number): Promise<void> {
  await db(RUN_TABLE).where('id', runId).whereNull('outcome').update({ lease_until: new Date(Date.now() + LEASE_MS) });
}

export interface Finish {
  outcome: RunOutcome;
  finishedAt: Date;
  planHash?: string | null;
  summary: Record<string, unknown>;
}

/** Records a run's outcome (always the truth, also over an `interrupted` set while it was presumed gone). */
export async function finishRun(db: Knex, run: OwnedRun, f: Finish): Promise<void> {
  run.stop();
  await recordOutcome(db, run.id, f);
}

/**
 * Records an outcome without ending the run's heartbeat: a merge records "merged" inside its
 * own transaction, so the outcome commits with the merge (one commit, one disk sync fewer per
 * merge, and no moment where a committed merge is recorded as running).
 */
export async function recordOutcome(db: Knex, runId: number, f: Finish): Promise<void> {
  await db(RUN_TABLE)
    .where('id', runId)
    .update({ outcome: f.outcome, finished_at: f.finishedAt, plan_hash: f.planHash ?? null, summary_json: JSON.stringify(f.summary), lease_until: null });
}

/**
 * Run details are stored as Brotli-compressed JSON in base64 behind this marker: a heavy
 * merge's plan is ~19 MB of JSON (every record with its row images), which cost more to
 * write than the merge's own row changes; compressed it is ~0.4 MB. Base64 text fits the
 * column on every dialect (text; nvarchar(max) on SQL Server) without a migration. A value
 * without the marker is plain JSON (runs recorded before), read as it is.
 */
const PACKED = 'br64:';

// Quality 1: 20× smaller at a tenth of the time of the JSON text itself; more quality buys little.
const brotliOptions = (size: number): zlib.BrotliOptions => ({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } });

export function packDetails(details: unknown): string {
  return PackedDetails.fromJsonSync(JSON.stringify(details)).text;
}

const PACK_HERE_BELOW_BYTES = 256 * 1024;

const utf8 = (json: string | Buffer): Buffer => (typeof json === 'string' ? Buffer.from(json, 'utf8') : json);

/** Details whose JSON is already written, packed as packDetails does. */
export class PackedDetails {
  constructor(readonly text: string) {}

  /**
   * Compressed in libuv's thread pool: a merge starts it as soon as its plan is made, and the
   * second core packs the ~19 MB of a heavy plan while the first applies the merge.
   */
  static fromJsonSync(json: string | Buffer): PackedDetails {
    const bytes = utf8(json);
    return new PackedDetails(`${PACKED}${zlib.brotliCompressSync(bytes, brotliOptions(bytes.length)).toString('base64')}`);
  }

  /** Started now, awaited later: a transaction that fails before awaiting it leaves no unhandled rejection. */
  static fromJson(json: string | Buffer): Promise<PackedDetails> {
    const bytes = utf8(json);
    // An ordinary plan's few kilobytes pack in a few hundredths of a millisecond here; the
    // round trip through the thread pool would cost more than that.
    if (bytes.length < PACK_HERE_BELOW_BYTES) return Promise.resolve(PackedDetails.fromJsonSync(bytes));
    const packing = new Promise<PackedDetails>((resolve, reject) =>
      zlib.brotliCompress(bytes, brotliOptions(bytes.length), (err, out) => (err ? reject(err) : resolve(new PackedDetails(`${PACKED}${out.toString('base64')}`)))),
    );
    packing.catch(() => undefined);
    return packing;
  }
}

export function unpackDetails(text: string): unknown {
  if (!text.startsWith(PACKED)) return JSON.parse(text);
  return JSON.parse(zlib.brotliDecompressSync(Buffer.from(text.slice(PACKED.length), 'base64')).toString('utf8'));
}

/**
 * Inside a run's transaction, before it commits: what the logfile needs later (the plan or
 * the undo's restore report). Written in the same transaction, so it exists exactly when the
 * run committed.
 */
export async function saveRunDetails(db: Knex, runId: number, kind: RunKind, details: unknown, options: { firstSave?: boolean } = {}): Promise<void> {
  const text = details instanceof PackedDetails ? details.text : packDetails(details);
  // firstSave: inside the run's own transaction, where nothing can have been saved for it before.
  const existing = options.firstSave ? undefined : await db(DETAILS_TABLE).select('run_id').where('run_id', runId).first();
  if (existing) await db(DETAILS_TABLE).where('run_id', runId).update({ kind, details_json: text });
  else await db(DETAILS_TABLE).insert({ run_id: runId, kind, details_json: text });
}

export async function readRunDetails<T>(db: Knex, runId: number): Promise<T | null> {
  const row = (await db(DETAILS_TABLE).select('details_json').where('run_id', runId).first()) as { details_json: string } | undefined;
  return row ? (unpackDetails(String(row.details_json)) as T) : null;
}

/** SQLite: takes the database's writer lock at the start of a run's transaction (see dialect.ts). */
export async function lockLedger(trx: Knex.Transaction): Promise<void> {
  await takeWriterLock(trx, RUN_TABLE, 'outcome');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a running run's owner is gone: same computer, its process has ended; otherwise its lease ran out. */
export function ownerGone(db: Knex, run: RunRecord, now = new Date()): boolean {
  const { host, pid, leaseUntil } = run.owner;
  const lease = leaseUntil ?? (run.startedAt ? new Date(run.startedAt.getTime() + LEASE_MS) : null);
  const leaseOver = lease === null || lease.getTime() < now.getTime();
  if (host === os.hostname() && pid !== null) {
    if (pid === process.pid) return !ownRuns.has(run.id);
    if (!pidAlive(pid)) return true;
    // SQLite's heartbeat waits behind the run's own transaction, so there a live process decides.
    return dialectOf(db) !== 'sqlite' && leaseOver;
  }
  return leaseOver;
}

async function journalCount(db: Knex, runId: number): Promise<number> {
  const row = (await db(JOURNAL_TABLE).count({ n: '*' }).where('run_id', runId).first()) as { n: unknown } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * Settles one running run whose owner is gone. A run commits its journal in its own
 * transaction, so journal rows prove it committed (the process died before recording the
 * outcome); no journal rows prove nothing of it committed.
 */
async function settle(db: Knex, run: RunRecord, now: Date): Promise<RunRecord> {
  const entries = run.dryRun ? 0 : await journalCount(db, run.id);
  const committed = entries > 0;
  const outcome: RunOutcome = committed ? (run.kind === 'undo' ? 'undone' : 'merged') : 'interrupted';
  const what = run.kind === 'undo' ? 'undo' : 'merge';
  const reason = committed
    ? `The ${what} committed, but the process that ran it ended before it recorded the outcome; recorded on recovery at ${now.toISOString()}.`
    : `The process that ran this ${what} ended before it finished (a crash, kill or power loss); nothing of it was committed.`;
  const details = committed && run.kind === 'merge' ? await readRunDetails<Record<string, unknown>>(db, run.id) : null;
  const summary = { ...run.summary, ...(details ? summaryOfPlan(details) : {}), reason, dryRun: run.dryRun, interrupted: !committed, recovered: true, journalEntries: entries, ...(run.kind === 'undo' ? { kind: 'undo', undoOf: run.undoOf } : {}) };
  // Only while still running: a finish that came in meanwhile wins.
  await db(RUN_TABLE).where('id', run.id).whereNull('outcome').update({ outcome, finished_at: now, summary_json: JSON.stringify(summary), lease_until: null });
  return { ...run, outcome, finishedAt: now, summary };
}

/** The summary a merge run records from its plan (also used when a committed run is settled on recovery). */
export function summaryOfPlan(p: Record<string, unknown>): Record<string, unknown> {
  const src = p.source as { orgUnitId?: number; status?: string } | undefined;
  const tgt = p.target as { orgUnitId?: number } | undefined;
  return {
    counts: p.counts ?? {},
    conflicts: Array.isArray(p.conflicts) ? p.conflicts.length : 0,
    actionRequired: Array.isArray(p.actionRequired) ? p.actionRequired.length : 0,
    sourceAccount: p.sourceAccount ?? null,
    orgUnits: { source: src?.orgUnitId ?? null, target: tgt?.orgUnitId ?? null },
    // The removed account's status before the merge: an active one frees a licence (engagement report).
    sourceStatus: src?.status ?? null,
  };
}

const CHUNK = 500;

async function runningRuns(db: Knex, filter: { uids?: string[]; ids?: number[] }): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  const query = () => db(RUN_TABLE).select('*').whereNull('outcome').orderBy('id');
  if (filter.ids) {
    for (let i = 0; i < filter.ids.length; i += CHUNK) out.push(...((await query().whereIn('id', filter.ids.slice(i, i + CHUNK))) as Record<string, unknown>[]).map(toRecord));
  } else if (filter.uids) {
    for (let i = 0; i < filter.uids.length; i += CHUNK) {
      const c = filter.uids.slice(i, i + CHUNK);
      out.push(...((await query().where((q) => q.whereIn('source_uid', c).orWhereIn('target_uid', c))) as Record<string, unknown>[]).map(toRecord));
    }
  } else out.push(...((await query()) as Record<string, unknown>[]).map(toRecord));
  return [...new Map(out.map((r) => [r.id, r])).values()];
}

/**
 * Settles every running run (on these accounts, or with these ids) whose owner is gone, and
 * returns the runs that are still running.
 */
export async function recoverInterrupted(db: Knex, filter: { uids?: string[]; ids?: number[] } = {}, now = new Date()): Promise<{ settled: RunRecord[]; running: RunRecord[] }> {
  const settled: RunRecord[] = [];
  const running: RunRecord[] = [];
  for (const r of await runningRuns(db, filter)) {
    if (ownerGone(db, r, now)) settled.push(await settle(db, r, now));
    else running.push(r);
  }
  return { settled, running };
}

/** Another run still running on one of these accounts (after settling those whose owner is gone), or null. */
export async function otherLiveRun(db: Knex, runId: number, uids: string[]): Promise<RunRecord | null> {
  const { running } = await recoverInterrupted(db, { uids });
  return running.find((r) => r.id !== runId && r.id < runId) ?? null;
}

/** One run, settled first if its owner is gone; null when there is none. */
export async function getRun(db: Knex, runId: number): Promise<RunRecord | null> {
  const row = (await db(RUN_TABLE).where('id', runId).first()) as Record<string, unknown> | undefined;
  if (!row) return null;
  const run = toRecord(row);
  if (run.outcome === null && ownerGone(db, run)) return settle(db, run, new Date());
  return run;
}

/** The run row, locked until the transaction ends (undo: the merge run it undoes). */
export async function lockRun(trx: Knex.Transaction, runId: number, lock: <T extends Knex.QueryBuilder>(db: Knex, q: T) => T): Promise<RunRecord | null> {
  const row = (await lock(trx, trx(RUN_TABLE).where('id', runId)).first()) as Record<string, unknown> | undefined;
  return row ? toRecord(row) : null;
}

/** Inside an undo's transaction: the merge run is undone by that undo run. */
export async function markUndone(trx: Knex.Transaction, run: RunRecord, undoRunId: number): Promise<void> {
  await trx(RUN_TABLE)
    .where('id', run.id)
    .update({ outcome: 'undone', summary_json: JSON.stringify({ ...run.summary, undoneBy: undoRunId }) });
}

/** The undo run (not a dry run) that undid a merge run. */
export async function undoOf(db: Knex, run: RunRecord): Promise<RunRecord | null> {
  const rows = (await db(RUN_TABLE).select('*').where({ source_uid: run.sourceUid, target_uid: run.targetUid, outcome: 'undone' }).orderBy('id')) as Record<string, unknown>[];
  return rows.map(toRecord).find((u) => u.kind === 'undo' && u.undoOf === run.id && !u.dryRun) ?? null;
}

/** Merge runs that committed (outcome merged, not a dry run) with one of these source UIDs, oldest first. */
export async function mergedRunsBySource(db: Knex, sourceUids: string[], options: { settled?: boolean } = {}): Promise<RunRecord[]> {
  // settled: the caller has just settled the runs on these accounts (a merge, right after otherLiveRun).
  if (!options.settled) await recoverInterrupted(db, { uids: sourceUids });
  const out: RunRecord[] = [];
  for (let i = 0; i < sourceUids.length; i += CHUNK) {
    const rows = (await db(RUN_TABLE).select('*').where('outcome', 'merged').where('dry_run', false).whereIn('source_uid', sourceUids.slice(i, i + CHUNK)).orderBy('id')) as Record<string, unknown>[];
    out.push(...rows.map(toRecord));
  }
  return out.sort((a, b) => a.id - b.id);
}

export interface ListFilter {
  limit?: number;
  /** 'running' lists runs without an outcome. */
  outcome?: RunOutcome | 'running';
  /** Keeps only the runs the operator may see. */
  visible?: (runs: RunRecord[]) => Promise<RunRecord[]>;
}

/** Runs, newest first, after settling every run whose owner is gone. */
export async function listRuns(db: Knex, filter: ListFilter = {}): Promise<RunRecord[]> {
  await recoverInterrupted(db);
  const limit = filter.limit ?? 1000;
  const out: RunRecord[] = [];
  let below: number | null = null;
  // Paged by id, so a filter that hides runs still fills the page.
  for (;;) {
    const q = db(RUN_TABLE).select('*').orderBy('id', 'desc').limit(Math.max(limit, 200));
    if (below !== null) q.where('id', '<', below);
    if (filter.outcome === 'running') q.whereNull('outcome');
    else if (filter.outcome) q.where('outcome', filter.outcome);
    const page = ((await q) as Record<string, unknown>[]).map(toRecord);
    if (page.length === 0) break;
    out.push(...(filter.visible ? await filter.visible(page) : page));
    below = page[page.length - 1]!.id;
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}

/** Every run started in a period (both ends included, either open), oldest first, after settling runs whose owner is gone. */
export async function runsInPeriod(db: Knex, period: { from?: Date; to?: Date } = {}): Promise<RunRecord[]> {
  await recoverInterrupted(db);
  const q = db(RUN_TABLE).select('*').orderBy('id');
  if (period.from) q.where('started_at', '>=', period.from);
  if (period.to) q.where('started_at', '<=', period.to);
  return ((await q) as Record<string, unknown>[]).map(toRecord);
}
