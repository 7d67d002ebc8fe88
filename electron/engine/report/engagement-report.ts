import type { Knex } from 'knex';
import { causeLabel, DUPLICATE_CAUSES, type DetectedCause } from '@shared/causes';
import type { LmsMapping } from '../../db/mapping';
import { runsInPeriod, type RunOutcome, type RunRecord } from '../runs/ledger';
import { sourceWasActive } from '../runs/licences';
import { listScanSummaries, type ScanSummary, type StoredPair } from '../scans/scan-summaries';

/**
 * The engagement report's data: what the scans of a period found, what the runs of the
 * period did, and what the latest scan left open. Plain data; the workbook is written by
 * electron/workbooks/engagement-report-workbook.ts, the CLI prints it as JSON.
 */
export interface ReportPeriod {
  from?: Date;
  to?: Date;
}

export interface ScanHeadline {
  id: number;
  at: Date;
  /** The LMS administrator the scan was limited to, else the computer account that ran it. */
  by: string;
  minScore: number;
  pairLimit: number | null;
  scopedToOperator: boolean;
  users: number;
  pairs: number;
  perCause: Partial<Record<DetectedCause, number>>;
}

export type OutcomeCounts = Record<RunOutcome | 'running', number>;

export interface BreakdownRow {
  /** Cause id or org unit id; null for merges no scan found / accounts without org unit. */
  key: string | number | null;
  /** The cause or org unit in words; null where the workbook says so in its language (no scan, no or an unnamed org unit). */
  name: string | null;
  firstScan: number;
  latestScan: number;
  merged: number;
  activeFreed: number;
}

export interface ReportRun {
  id: number;
  kind: 'merge' | 'undo';
  undoOf: number | null;
  operator: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  outcome: RunOutcome | 'running';
  dryRun: boolean;
  source: string;
  target: string;
  cause: DetectedCause | null;
  records: number;
  conflicts: number;
  reason: string;
  /** The run's logfile on this computer, or null. */
  logfile: string | null;
}

export interface RemainingPair {
  a: string;
  b: string;
  score: number;
  cause: DetectedCause;
  keep: string;
  remove: string;
  orgUnitId: number | null;
  /** Null: no org unit, or one without a name (the workbook says so in its language). */
  orgUnit: string | null;
}

export interface EngagementReport {
  generatedAt: Date;
  period: { from: Date | null; to: Date | null };
  scans: number;
  firstScan: ScanHeadline | null;
  latestScan: ScanHeadline | null;
  /** Merge runs of the period, dry runs left out, by their outcome now (a merge undone later counts as undone). */
  outcomes: OutcomeCounts;
  dryRuns: number;
  undoRuns: number;
  /** Merges still merged whose removed account was active before: a licence each. */
  activeAccountsFreed: number;
  byCause: BreakdownRow[];
  byOrgUnit: BreakdownRow[];
  runs: ReportRun[];
  remaining: RemainingPair[];
}

export interface ReportOptions extends ReportPeriod {
  /** Where a run's logfile is on this computer (the caller knows the folders). */
  logfileOf?: (run: RunRecord) => string | null;
  /** Keeps only the runs the operator may see (runsVisibleTo); all runs when absent. */
  visible?: (runs: RunRecord[]) => Promise<RunRecord[]>;
  now?: Date;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const CHUNK = 500;

function headline(s: ScanSummary): ScanHeadline {
  return { id: s.id, at: s.scannedAt, by: s.operator ?? s.osUser, minScore: s.minScore, pairLimit: s.pairLimit, scopedToOperator: s.operator !== null, users: s.users, pairs: s.pairCount, perCause: s.perCause };
}

function sumCounts(summary: Record<string, unknown>): number {
  let n = 0;
  for (const byAction of Object.values((summary.counts as Record<string, Record<string, number>> | undefined) ?? {})) for (const v of Object.values(byAction ?? {})) n += Number(v) || 0;
  return n;
}

async function orgUnitNames(db: Knex, m: LmsMapping, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const id = m.col('org_units', 'id');
  const name = m.col('org_units', 'name');
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = (await db(m.table('org_units')).select({ id, name }).whereIn(id, ids.slice(i, i + CHUNK))) as { id: unknown; name: unknown }[];
    for (const r of rows) out.set(Number(r.id), String(r.name));
  }
  return out;
}

export async function buildEngagementReport(db: Knex, m: LmsMapping, opts: ReportOptions = {}): Promise<EngagementReport> {
  const period = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
  const scans = await listScanSummaries(db, period);
  // A merge's cause is the one the scans gave its pair: the latest scan before the run that found it, any scan otherwise.
  const allScans = period.from || period.to ? await listScanSummaries(db) : scans;
  const inPeriod = await runsInPeriod(db, period);
  const runs = opts.visible ? await opts.visible(inPeriod) : inPeriod;

  // One lookup per scan, so the report stays linear in runs × scans, not runs × pairs.
  const scanCauses = allScans.map((s) => ({ at: s.scannedAt, causes: new Map(s.pairs.map((p) => [pairKey(p.a, p.b), p.cause])) }));
  const causeOf = (run: RunRecord): DetectedCause | null => {
    const key = pairKey(run.sourceUid, run.targetUid);
    let found: DetectedCause | null = null;
    for (const s of scanCauses) {
      if (found !== null && run.startedAt && s.at > run.startedAt) break;
      found = s.causes.get(key) ?? found;
    }
    return found;
  };

  const outcomes: OutcomeCounts = { merged: 0, aborted: 0, failed: 0, refused: 0, undone: 0, interrupted: 0, running: 0 };
  let dryRuns = 0;
  let undoRuns = 0;
  let activeAccountsFreed = 0;
  const mergedByCause = new Map<string | null, { merged: number; active: number }>();
  const mergedByOrg = new Map<number | null, { merged: number; active: number }>();
  const reportRuns: ReportRun[] = [];
  for (const run of runs) {
    const cause = run.kind === 'merge' ? causeOf(run) : null;
    const outcome = run.outcome ?? 'running';
    if (run.dryRun) dryRuns += 1;
    else if (run.kind === 'undo') undoRuns += outcome === 'undone' ? 1 : 0;
    else {
      outcomes[outcome] += 1;
      if (outcome === 'merged') {
        const active = await sourceWasActive(db, run);
        if (active) activeAccountsFreed += 1;
        const org = (run.summary.orgUnits as { source?: number | null } | undefined)?.source ?? null;
        for (const [map, key] of [[mergedByCause, cause], [mergedByOrg, org]] as [Map<unknown, { merged: number; active: number }>, unknown][]) {
          const e = map.get(key) ?? { merged: 0, active: 0 };
          e.merged += 1;
          if (active) e.active += 1;
          map.set(key, e);
        }
      }
    }
    reportRuns.push({
      id: run.id,
      kind: run.kind,
      undoOf: run.undoOf,
      operator: run.operator,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      outcome,
      dryRun: run.dryRun,
      source: run.sourceUid,
      target: run.targetUid,
      cause,
      records: sumCounts(run.summary),
      conflicts: Number(run.summary.conflicts ?? 0) || 0,
      reason: typeof run.summary.reason === 'string' ? run.summary.reason : '',
      logfile: opts.logfileOf?.(run) ?? null,
    });
  }

  const first = scans[0] ?? null;
  const latest = scans.at(-1) ?? null;
  const countBy = <K>(pairs: StoredPair[] | undefined, key: (p: StoredPair) => K) => {
    const out = new Map<K, number>();
    for (const p of pairs ?? []) out.set(key(p), (out.get(key(p)) ?? 0) + 1);
    return out;
  };

  const causes: (DetectedCause | null)[] = [...DUPLICATE_CAUSES.map((c) => c.id), 'unknown', null];
  const firstByCause = countBy(first?.pairs, (p) => p.cause as DetectedCause | null);
  const latestByCause = countBy(latest?.pairs, (p) => p.cause as DetectedCause | null);
  const byCause: BreakdownRow[] = causes
    .map((c) => ({
      key: c,
      name: c === null ? null : causeLabel(c),
      firstScan: firstByCause.get(c) ?? 0,
      latestScan: latestByCause.get(c) ?? 0,
      merged: mergedByCause.get(c)?.merged ?? 0,
      activeFreed: mergedByCause.get(c)?.active ?? 0,
    }))
    .filter((r) => r.key !== null || r.merged > 0);

  const firstByOrg = countBy(first?.pairs, (p) => p.orgUnitId);
  const latestByOrg = countBy(latest?.pairs, (p) => p.orgUnitId);
  const orgIds = [...new Set([...firstByOrg.keys(), ...latestByOrg.keys(), ...mergedByOrg.keys()])];
  const names = await orgUnitNames(db, m, orgIds.filter((x): x is number => x !== null));
  const orgName = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  const byOrgUnit: BreakdownRow[] = orgIds
    .map((id) => ({
      key: id,
      name: orgName(id),
      firstScan: firstByOrg.get(id) ?? 0,
      latestScan: latestByOrg.get(id) ?? 0,
      merged: mergedByOrg.get(id)?.merged ?? 0,
      activeFreed: mergedByOrg.get(id)?.active ?? 0,
    }))
    // Named org units alphabetically, then those without a name by id, accounts without an org unit last.
    .sort((x, y) => (x.name === null) !== (y.name === null) ? (x.name === null ? 1 : -1) : x.name !== null ? x.name.localeCompare(y.name!) : x.key === null ? 1 : y.key === null ? -1 : Number(x.key) - Number(y.key));

  return {
    generatedAt: opts.now ?? new Date(),
    period: { from: opts.from ?? null, to: opts.to ?? null },
    scans: scans.length,
    firstScan: first ? headline(first) : null,
    latestScan: latest ? headline(latest) : null,
    outcomes,
    dryRuns,
    undoRuns,
    activeAccountsFreed,
    byCause,
    byOrgUnit,
    runs: reportRuns,
    remaining: (latest?.pairs ?? []).map((p) => ({ a: p.a, b: p.b, score: p.score, cause: p.cause, keep: p.keep, remove: p.keep === p.a ? p.b : p.a, orgUnitId: p.orgUnitId, orgUnit: orgName(p.orgUnitId) })),
  };
}
