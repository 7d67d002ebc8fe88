import os from 'node:os';
import type { Knex } from 'knex';
import type { DetectedCause } from '@shared/causes';
import type { LmsMapping } from '../../db/mapping';
import { storedTime } from '../runs/ledger';

/**
 * Scan summaries: the one module that reads and writes md_scan_summaries. Every completed
 * scan leaves one small row (when, by whom, threshold, pairs per cause, and the open pairs),
 * so an engagement report can state what the first and latest scan of a period found.
 */
const TABLE = 'md_scan_summaries';
const CHUNK = 500;

/** An open pair as stored: the account to remove is the one that is not `keep`. */
export interface StoredPair {
  a: string;
  b: string;
  score: number;
  cause: DetectedCause;
  keep: string;
  /** Org unit of the account to remove (null when it was gone by the time the summary was written). */
  orgUnitId: number | null;
}

export interface ScanSummary {
  id: number;
  scannedAt: Date;
  operator: string | null;
  osUser: string;
  minScore: number;
  pairLimit: number | null;
  users: number;
  pairCount: number;
  perCause: Partial<Record<DetectedCause, number>>;
  pairs: StoredPair[];
}

export interface ScanSummaryInput {
  scannedAt: Date;
  operator: string | null;
  minScore: number;
  pairLimit: number | null;
  users: number;
  pairs: { a: string; b: string; score: number; cause: DetectedCause; keep: string }[];
}

function osUser(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return os.hostname();
  }
}

/** Org unit per account uid (for the account each pair would remove). */
async function orgUnits(db: Knex, m: LmsMapping, uids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const uid = m.col('users', 'uid');
  const org = m.col('users', 'org_unit_id');
  for (let i = 0; i < uids.length; i += CHUNK) {
    const rows = (await db(m.table('users')).select({ uid, org }).whereIn(uid, uids.slice(i, i + CHUNK))) as { uid: string; org: unknown }[];
    for (const r of rows) out.set(String(r.uid), Number(r.org));
  }
  return out;
}

export async function recordScanSummary(db: Knex, m: LmsMapping, s: ScanSummaryInput): Promise<void> {
  const removed = (p: { a: string; b: string; keep: string }) => (p.keep === p.a ? p.b : p.a);
  const units = await orgUnits(db, m, [...new Set(s.pairs.map(removed))]);
  const perCause: Record<string, number> = {};
  for (const p of s.pairs) perCause[p.cause] = (perCause[p.cause] ?? 0) + 1;
  const pairs: StoredPair[] = s.pairs.map((p) => ({ a: p.a, b: p.b, score: Math.round(p.score * 1000) / 1000, cause: p.cause, keep: p.keep, orgUnitId: units.get(removed(p)) ?? null }));
  await db(TABLE).insert({
    scanned_at: s.scannedAt,
    operator_login: s.operator,
    os_user: osUser(),
    min_score: s.minScore,
    pair_limit: s.pairLimit,
    users_scanned: s.users,
    pair_count: s.pairs.length,
    per_cause_json: JSON.stringify(perCause),
    pairs_json: JSON.stringify(pairs),
  });
}

function parseJson<T>(text: unknown, fallback: T): T {
  try {
    return text === null || text === undefined ? fallback : (JSON.parse(String(text)) as T);
  } catch {
    return fallback;
  }
}

/** The scans of a period (both ends included, either open), oldest first. */
export async function listScanSummaries(db: Knex, period: { from?: Date; to?: Date } = {}): Promise<ScanSummary[]> {
  const q = db(TABLE).select('*').orderBy('scanned_at').orderBy('id');
  if (period.from) q.where('scanned_at', '>=', period.from);
  if (period.to) q.where('scanned_at', '<=', period.to);
  return ((await q) as Record<string, unknown>[]).map((r) => ({
    id: Number(r.id),
    scannedAt: storedTime(r.scanned_at) ?? new Date(0),
    operator: (r.operator_login as string | null) ?? null,
    osUser: String(r.os_user),
    minScore: Number(r.min_score),
    pairLimit: r.pair_limit === null || r.pair_limit === undefined ? null : Number(r.pair_limit),
    users: Number(r.users_scanned),
    pairCount: Number(r.pair_count),
    perCause: parseJson(r.per_cause_json, {}),
    pairs: parseJson(r.pairs_json, []),
  }));
}
