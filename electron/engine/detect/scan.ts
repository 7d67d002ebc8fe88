/**
 * The duplicate scan: read users in chunks (keyset pagination by id), normalise, block,
 * score, explain, recommend the account to keep, group into clusters.
 */
import type { Knex } from 'knex';
import type { DetectedCause } from '../../../shared/causes';
import type { Operator } from '../../auth/operator';
import { loadClearance } from '../../auth/clearance';
import type { LmsMapping } from '../../db/mapping';
import { forEachCandidatePair, type BlockingOptions, type OversizedBlock } from './blocking';
import { buildClusters, transitiveCandidates, type MergeStep } from './clusters';
import { loadPairDecisions, pairKey, type PairDecision } from './decisions';
import { compareKeep, loadActivity, mainEmailDomain, recommendKeep, type KeepFacts } from './keep';
import { Interner, orgBranches, toRecord, USER_COLUMNS, type UserRecord } from './records';
import { DEFAULT_MIN_SCORE, FieldStats, likelyCause, Scorer, type ScoringModel } from './scoring';

export interface ScanProgress {
  phase: 'reading' | 'comparing' | 'explaining' | 'done';
  done: number;
  total: number;
}

export interface ScanOptions {
  /** Only pairs where this administrator can view both accounts. */
  operator?: Operator;
  /** Lowest score reported (0..1); default DEFAULT_MIN_SCORE. */
  minScore?: number;
  /** At most this many pairs, highest score first. */
  limit?: number;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
  /** Users read per query. */
  chunkSize?: number;
  blocking?: Pick<BlockingOptions, 'maxBlock' | 'window'>;
  model?: ScoringModel;
  /** "Now" for date plausibility checks (tests). */
  now?: Date;
}

export interface ScanPair {
  a: string;
  b: string;
  score: number;
  cause: DetectedCause;
  reasons: string[];
  keep: string;
  keepReasons: string[];
  /** Set when the pair was marked "decide later". */
  decision?: PairDecision;
}

export interface ScanCluster {
  uids: string[];
  keep: string;
  mergeOrder: MergeStep[];
}

export interface ScanResult {
  users: number;
  candidates: number;
  seconds: number;
  pairs: ScanPair[];
  clusters: ScanCluster[];
  stats: {
    candidatesPerUser: number;
    pairsScoredPerSecond: number;
    oversizedBlocks: OversizedBlock[];
    perKey: { keyType: string; blocks: number; pairs: number }[];
    dismissed: number;
    hiddenByClearance: number;
    timings: { readSeconds: number; compareSeconds: number; explainSeconds: number };
  };
}

export class ScanCancelledError extends Error {
  constructor() {
    super('The scan was cancelled.');
    this.name = 'ScanCancelledError';
  }
}

/** Links at least this strong carry over to a third account (see transitiveCandidates). */
export const TRANSITIVE_LINK_SCORE = 0.9;

function transitiveReason(
  via: UserRecord,
  found: Map<number, { score: number }>,
  n: number,
  _records: UserRecord[], // not read; the callers still pass it
  a: UserRecord,
  b: UserRecord,
  clearance: { can(action: 'view', orgUnitId: number): boolean } | null,
): string {
  const link = (x: UserRecord) => found.get(Math.min(x.idx, via.idx) * n + Math.max(x.idx, via.idx))?.score ?? 0;
  // The third account is named only where the admin may see it.
  const who = clearance && !clearance.can('view', via.orgUnitId) ? 'a third account' : `account ${via.uid}`;
  return `both accounts are likely duplicates of ${who} (${link(a).toFixed(2)} and ${link(b).toFixed(2)})`;
}

const EXCLUDED_STATUSES = ['deleted', 'anonymised'] as const;

/** Reads every user that is not deleted or anonymised, in id order, chunk by chunk. */
export async function readUsers(
  db: Knex,
  m: LmsMapping,
  opts: { chunkSize?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void; now?: Date } = {},
): Promise<UserRecord[]> {
  const chunk = opts.chunkSize ?? 20_000;
  const idCol = m.col('users', 'id');
  const statusCol = m.col('users', 'status');
  const excluded = EXCLUDED_STATUSES.map((s) => m.value('users', 'status', s));
  const countRow = await db(m.table('users')).whereNotIn(statusCol, excluded).count({ n: '*' }).first();
  const total = Number(countRow?.n ?? 0);
  const intern = new Interner();
  const now = opts.now ?? new Date();
  const records: UserRecord[] = [];
  let last = -Infinity;
  for (;;) {
    if (opts.signal?.aborted) throw new ScanCancelledError();
    const q = db(m.table('users')).select(m.select('users', USER_COLUMNS)).whereNotIn(statusCol, excluded).orderBy(idCol).limit(chunk);
    if (last !== -Infinity) q.where(idCol, '>', last);
    const rows = (await q) as Record<string, unknown>[];
    for (const row of rows) records.push(toRecord(m.fromDbRow('users', row), records.length, intern, now));
    opts.onProgress?.(records.length, Math.max(total, records.length));
    if (rows.length < chunk) break;
    last = Number(rows[rows.length - 1]!.id);
  }
  // Where each org unit lies in the organisation.
  const units = (await db(m.table('org_units')).select(m.select('org_units', ['id', 'parent_id']))) as { id: number; parent_id: number | null }[];
  const perUnit = new Map<number, number>();
  for (const r of records) perUnit.set(r.orgUnitId, (perUnit.get(r.orgUnitId) ?? 0) + 1);
  const branches = orgBranches(units, perUnit);
  for (const r of records) r.branchId = branches.get(r.orgUnitId) ?? r.orgUnitId;
  return records;
}

export async function scan(db: Knex, m: LmsMapping, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const { signal, onProgress } = options;
  const checkAbort = () => {
    if (signal?.aborted) throw new ScanCancelledError();
  };

  const records = await readUsers(db, m, {
    chunkSize: options.chunkSize,
    signal,
    now: options.now,
    onProgress: (done, total) => onProgress?.({ phase: 'reading', done, total }),
  });
  const n = records.length;
  const readDone = performance.now();

  const stats = new FieldStats();
  for (const r of records) stats.add(r);
  stats.finish();
  const scorer = new Scorer(stats, options.model);

  // Compare.
  const found = new Map<number, { i: number; j: number; score: number; weight: number; via?: number }>();
  let scored = 0;
  const minWeight = minScore <= 0 ? -Infinity : scorer.weightFor(Math.min(minScore, 1 - 1e-12));
  const report = forEachCandidatePair(
    records,
    (i, j) => {
      scored++;
      const w = scorer.weight(records[i]!, records[j]!);
      if (w >= minWeight) {
        const score = scorer.scoreOf(w);
        if (score >= minScore) found.set(i * n + j, { i, j, score, weight: w });
      }
    },
    {
      ...options.blocking,
      checkpoint: (done, total) => {
        checkAbort();
        onProgress?.({ phase: 'comparing', done, total });
      },
    },
  );
  checkAbort();
  const decisions = await loadPairDecisions(db);

  // Transitive evidence: two accounts both strongly linked to a third are one person,
  // unless their own comparison speaks against it (weight below zero). Links an admin
  // dismissed (or merged) are no evidence.
  const strong = Math.max(TRANSITIVE_LINK_SCORE, minScore);
  const links = [...found.values()].filter((p) => {
    const d = decisions.get(pairKey(records[p.i]!.uid, records[p.j]!.uid));
    return d !== 'not_duplicate' && d !== 'merged';
  });
  for (const t of transitiveCandidates(links, strong)) {
    const k = t.i * n + t.j;
    if (found.has(k)) continue;
    const w = scorer.weight(records[t.i]!, records[t.j]!);
    if (w < 0) continue;
    const score = Math.max(scorer.scoreOf(w), t.score);
    if (score >= minScore) found.set(k, { i: t.i, j: t.j, score, weight: w, via: t.via });
  }
  const compareDone = performance.now();

  // Decisions and clearance.
  let dismissed = 0;
  let hidden = 0;
  const clearance = options.operator ? await loadClearance(db, m, options.operator.id) : null;
  const kept: { a: UserRecord; b: UserRecord; score: number; weight: number; decision?: PairDecision; via?: UserRecord }[] = [];
  for (const p of found.values()) {
    const x = records[p.i]!;
    const y = records[p.j]!;
    const decision = decisions.get(pairKey(x.uid, y.uid));
    if (decision === 'not_duplicate' || decision === 'merged') {
      dismissed++;
      continue;
    }
    if (clearance && !(clearance.can('view', x.orgUnitId) && clearance.can('view', y.orgUnitId))) {
      hidden++;
      continue;
    }
    const [a, b] = x.uid < y.uid ? [x, y] : [y, x];
    const entry: (typeof kept)[number] = { a, b, score: p.score, weight: p.weight };
    if (decision) entry.decision = decision;
    if (p.via !== undefined) entry.via = records[p.via]!;
    kept.push(entry);
  }
  const rounded = (s: number) => Math.round(s * 10_000) / 10_000;
  // Highest score first; among equal (rounded) scores the stronger evidence first; then by uid.
  kept.sort((p, q) => rounded(q.score) - rounded(p.score) || q.weight - p.weight || (p.a.uid < q.a.uid ? -1 : p.a.uid > q.a.uid ? 1 : 0) || (p.b.uid < q.b.uid ? -1 : p.b.uid > q.b.uid ? 1 : 0));
  const listed = options.limit !== undefined ? kept.slice(0, options.limit) : kept;

  // Explain, keep.
  onProgress?.({ phase: 'explaining', done: 0, total: listed.length });
  const involved = new Map<string, UserRecord>();
  for (const p of listed) {
    involved.set(p.a.uid, p.a);
    involved.set(p.b.uid, p.b);
  }
  const activity = await loadActivity(db, m, [...involved.values()].map((r) => r.id));
  const domain = mainEmailDomain(records);
  const facts = new Map<string, KeepFacts>();
  for (const r of involved.values()) facts.set(r.uid, { record: r, activity: activity.get(r.id) ?? { enrolments: 0, completions: 0 }, mainDomain: domain });

  const pairs: ScanPair[] = listed.map((p) => {
    const s = scorer.score(p.a, p.b, true);
    const keep = recommendKeep(facts.get(p.a.uid)!, facts.get(p.b.uid)!);
    const out: ScanPair = {
      a: p.a.uid,
      b: p.b.uid,
      score: rounded(p.score),
      cause: likelyCause(p.a, p.b, s.features),
      reasons: p.via ? [...(s.reasons ?? []), transitiveReason(p.via, found, n, records, p.a, p.b, clearance)] : (s.reasons ?? []),
      keep: keep.keep,
      keepReasons: keep.reasons,
    };
    if (p.decision) out.decision = p.decision;
    return out;
  });
  const clusters = buildClusters(
    pairs.map((p) => ({ a: p.a, b: p.b, score: p.score })),
    (x, y) => compareKeep(facts.get(x)!, facts.get(y)!),
  );
  const explainDone = performance.now();
  onProgress?.({ phase: 'done', done: listed.length, total: listed.length });

  const compareSeconds = (compareDone - readDone) / 1000;
  return {
    users: n,
    candidates: report.candidates,
    seconds: Math.round((explainDone - started) / 10) / 100,
    pairs,
    clusters,
    stats: {
      candidatesPerUser: n ? report.candidates / n : 0,
      pairsScoredPerSecond: compareSeconds > 0 ? scored / compareSeconds : scored,
      oversizedBlocks: report.oversized,
      perKey: report.perKey,
      dismissed,
      hiddenByClearance: hidden,
      timings: {
        readSeconds: (readDone - started) / 1000,
        compareSeconds,
        explainSeconds: (explainDone - compareDone) / 1000,
      },
    },
  };
}
