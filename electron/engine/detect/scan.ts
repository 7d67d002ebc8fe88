/**
 * The duplicate scan: read users in chunks (keyset pagination by id), normalise, block,
 * score, explain, recommend the account to keep, group into clusters.
 */
import type { Knex } from 'knex';
import type { DetectedCause } from '@shared/causes';
import type { Reason } from '@shared/detect-reasons';
import { reasonText } from './reasons';
import type { Operator } from '../../auth/operator';
import { loadClearance } from '../../auth/clearance';
import type { LmsMapping } from '../../db/mapping';
import type { BlockingOptions, OversizedBlock } from './blocking';
import { buildClusters, transitiveCandidates, type MergeStep } from './clusters';
import { loadPairDecisions, pairKey, type PairDecision } from './decisions';
import { compareKeep, loadActivity, mainEmailDomain, recommendKeep, type KeepFacts } from './keep';
import { Interner, orgBranches, toRecord, USER_COLUMNS, type UserRecord } from './records';
import { DEFAULT_MIN_SCORE, DEFAULT_MODEL, hundredths, likelyCause, Scorer, type ScoringModel } from './scoring';
import type { Estimate } from './estimate';
import { compareCandidates, fieldStats, learnScorer, LINK_MARGIN_BITS } from './learn';
import { PairStore } from './pair-store';
import { applyAttributes, readAttributes } from './attributes';
import { readAttributesInThread, type AttributeRead } from './attribute-thread';
import { countScannedUsers, scannedUsers } from './scanned-users';
import type { ConnectionDescription } from '../../db/connection-url';
import { FIELD_OFFSET, FIELDS, type Evidence } from './levels';
import { COMPETITOR_FLOOR_LOG2, competitionBits, conditionalWeight, withCompetition, type Link } from './one-to-one';

export interface ScanProgress {
  phase: 'reading' | 'comparing' | 'estimating' | 'explaining' | 'done';
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
  /** false: score with the shipped defaults instead of estimating the model from this LMS. */
  learn?: boolean;
  /** Also explain this one pair of uids with the learned model (mergedesk scan --explain). */
  explain?: [string, string];
  /** "Now" for date plausibility checks (tests). */
  now?: Date;
  /**
   * The database's connection, when a second one may be opened: the user attributes are
   * then read in a second thread while this one reads the users (two cores, one read's time).
   */
  connection?: ConnectionDescription;
}

export interface ScanPair {
  a: string;
  b: string;
  score: number;
  cause: DetectedCause;
  reasons: string[];
  /** The same reasons as data (key and parameters): the screens put them into the admin's language. */
  reasonKeys: Reason[];
  keep: string;
  keepReasons: string[];
  /** The weight of every compared field in bits (log2 m/u), the evidence behind the score. */
  evidence: Evidence[];
  /** Set when the pair was marked "decide later". */
  decision?: PairDecision;
}

export interface ScanCluster {
  uids: string[];
  keep: string;
  mergeOrder: MergeStep[];
}

/** What the model estimated from this LMS. */
export interface ScanModelSummary {
  /** Estimated from the LMS (false: too few pairs, or learn: false; the shipped defaults were used). */
  learned: boolean;
  /** Expected number of duplicate pairs in the LMS (among the compared pairs). */
  expectedDuplicates: number;
  /** The threshold as a match probability (= min score). */
  threshold: number;
  /** Expected share of the reported pairs that are duplicates (their mean match probability). */
  expectedPrecision: number;
  /** log2 prior odds that two random accounts are one person. */
  priorLog2: number;
}

/** One pair explained (scan --explain). */
export interface ExplainedPair {
  a: string;
  b: string;
  score: number;
  /** Sum of the evidence plus the prior, in bits. */
  priorLog2: number;
  evidence: Evidence[];
  reasons: string[];
}

export interface ScanResult {
  users: number;
  candidates: number;
  seconds: number;
  pairs: ScanPair[];
  clusters: ScanCluster[];
  model: ScanModelSummary;
  /** Set when options.explain named two existing accounts. */
  explained?: ExplainedPair;
  stats: {
    /** Pairs compared in full (blocking's candidates plus transitive checks). */
    pairsCompared: number;
    /** Oversized blocks compared by sorted window only, where pairs may be missed (oversizedBlocks lists the split ones too). */
    blocksCapped: number;
    candidatesPerUser: number;
    pairsScoredPerSecond: number;
    oversizedBlocks: OversizedBlock[];
    perKey: { keyType: string; blocks: number; pairs: number }[];
    dismissed: number;
    hiddenByClearance: number;
    timings: {
      readSeconds: number;
      compareSeconds: number;
      explainSeconds: number;
      /** Parts of compareSeconds: reading user attributes, blocking + comparing, estimating the model. */
      attributesSeconds: number;
      blockCompareSeconds: number;
      estimateSeconds: number;
    };
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
): Reason {
  const link = (x: UserRecord) => found.get(Math.min(x.idx, via.idx) * n + Math.max(x.idx, via.idx))?.score ?? 0;
  // The third account is named only where the admin may see it.
  return clearance && !clearance.can('view', via.orgUnitId)
    ? { key: 'transitive_hidden', scoreA: hundredths(link(a)), scoreB: hundredths(link(b)) }
    : { key: 'transitive_named', uid: via.uid, scoreA: hundredths(link(a)), scoreB: hundredths(link(b)) };
}

/** Reads every user that is not deleted or anonymised, in id order, chunk by chunk. */
export async function readUsers(
  db: Knex,
  m: LmsMapping,
  opts: { chunkSize?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void; now?: Date } = {},
): Promise<UserRecord[]> {
  const chunk = opts.chunkSize ?? 20_000;
  const idCol = m.col('users', 'id');
  const total = await countScannedUsers(db, m);
  const intern = new Interner();
  const now = opts.now ?? new Date();
  const records: UserRecord[] = [];
  let last = -Infinity;
  for (;;) {
    if (opts.signal?.aborted) throw new ScanCancelledError();
    const q = scannedUsers(db, m).select(m.select('users', USER_COLUMNS)).orderBy(idCol).limit(chunk);
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

/** The promise, or ScanCancelledError as soon as the signal aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ScanCancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function scan(db: Knex, m: LmsMapping, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const { signal, onProgress } = options;
  const checkAbort = () => {
    if (signal?.aborted) throw new ScanCancelledError();
  };

  const attributeRead: AttributeRead | undefined = options.connection ? readAttributesInThread({ connection: options.connection, mappingFile: m.file }) : undefined;
  let records: UserRecord[];
  let attributeNames: string[];
  let readDone: number;
  try {
    records = await readUsers(db, m, {
      chunkSize: options.chunkSize,
      signal,
      now: options.now,
      onProgress: (done, total) => onProgress?.({ phase: 'reading', done, total }),
    });
    readDone = performance.now();
    attributeNames = attributeRead ? applyAttributes(records, await untilAborted(attributeRead.table, signal)) : await readAttributes(db, m, records, signal);
  } finally {
    await attributeRead?.stop();
  }
  const n = records.length;
  const attributesDone = performance.now();
  checkAbort();
  const stats = fieldStats(records, attributeNames);
  const model = options.model ?? DEFAULT_MODEL;
  const initial = new Scorer(stats, model);

  // Compare every candidate pair once: count its pattern of levels (for the estimation)
  // and keep the pairs that could reach the threshold under any plausible model.
  // (From the default threshold at most: weaker links still compete with the reported ones.)
  // compareCandidates keeps them from the default threshold; a lower --min-score keeps its own.
  const minWeightDefault = minScore <= 0 ? -Infinity : initial.weightFor(Math.min(minScore, DEFAULT_MIN_SCORE)) - LINK_MARGIN_BITS;
  const own = minScore < DEFAULT_MIN_SCORE ? new PairStore() : undefined;
  const compared = compareCandidates(
    records,
    initial,
    {
      ...options.blocking,
      checkpoint: (done, total) => {
        checkAbort();
        onProgress?.({ phase: 'comparing', done, total });
      },
    },
    own &&
      ((i, j, tf) => {
        if (initial.lastWeight() >= minWeightDefault) own.push(i, j, initial.patternCode(), tf);
      }),
  );
  const { scored, report } = compared;
  const stored = own ?? compared.links;
  checkAbort();
  const decisions = await loadPairDecisions(db);

  // Estimate m, u and the prior from this LMS (and the admins' decisions), then score.
  const blockDone = performance.now();
  onProgress?.({ phase: 'estimating', done: 0, total: 1 });
  const { scorer, learned, estimate } = learnScorer(records, initial, compared, decisions, { model, ...(options.learn !== undefined ? { learn: options.learn } : {}) });
  if (process.env.MERGEDESK_DEBUG_MODEL) debugModel(estimate, initial.params, attributeNames);
  const estimateDone = performance.now();
  const found = new Map<number, { i: number; j: number; score: number; weight: number; via?: number }>();
  const competed = new Map<number, number>();
  const minWeight = minScore <= 0 ? -Infinity : scorer.weightFor(Math.min(minScore, 1 - 1e-12));
  // One account is the duplicate of at most one person: links that compete for an
  // account lose odds to one another (see one-to-one.ts), weaker ones count as competitors.
  const linkFloor = Math.min(minWeight, COMPETITOR_FLOOR_LOG2 - scorer.params.priorLog2);
  const weighed: (Link & { weight: number })[] = [];
  for (let k = 0; k < stored.length; k++) {
    const w = scorer.weightOfCode(stored.code[k]!, stored.tf[k]!);
    if (w >= linkFloor) weighed.push({ i: stored.i[k]!, j: stored.j[k]!, logOdds: w + scorer.params.priorLog2, weight: w });
  }
  const competition = competitionBits(weighed, conditionalWeight(scorer, records), minWeight + scorer.params.priorLog2);
  weighed.forEach((l, k) => {
    const w = l.weight - competition[k]!;
    if (competition[k]! > 0) competed.set(l.i * n + l.j, competition[k]!);
    if (w < minWeight) return;
    const score = scorer.scoreOf(w);
    if (score >= minScore) found.set(l.i * n + l.j, { i: l.i, j: l.j, score, weight: w });
  });

  // Transitive evidence: two accounts both strongly linked to a third are one person,
  // unless their own comparison speaks against it (weight below zero). Links an admin
  // dismissed (or merged) are no evidence.
  const strong = Math.max(TRANSITIVE_LINK_SCORE, minScore);
  let transitiveCompared = 0;
  const links = [...found.values()].filter((p) => {
    const d = decisions.get(pairKey(records[p.i]!.uid, records[p.j]!.uid));
    return d !== 'not_duplicate' && d !== 'merged';
  });
  for (const t of transitiveCandidates(links, strong)) {
    const k = t.i * n + t.j;
    if (found.has(k)) continue;
    const w = scorer.weight(records[t.i]!, records[t.j]!);
    transitiveCompared++;
    if (w < 0) continue;
    const score = Math.max(scorer.scoreOf(w), t.score);
    if (score >= minScore) found.set(k, { i: t.i, j: t.j, score, weight: w, via: t.via });
  }
  const compareDone = performance.now();

  // Decisions and clearance.
  let dismissed = 0;
  let hidden = 0;
  const clearance = options.operator ? await loadClearance(db, m, options.operator.id) : null;
  const kept: { a: UserRecord; b: UserRecord; score: number; weight: number; decision?: PairDecision; via?: UserRecord; competing?: number }[] = [];
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
    const competing = competed.get(p.i * n + p.j);
    if (competing !== undefined && p.via === undefined) entry.competing = competing;
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
    const s = withCompetition(scorer.score(p.a, p.b, true), p.competing);
    const reasonKeys = p.via ? [...(s.reasonKeys ?? []), transitiveReason(p.via, found, n, records, p.a, p.b, clearance)] : (s.reasonKeys ?? []);
    const keep = recommendKeep(facts.get(p.a.uid)!, facts.get(p.b.uid)!);
    const out: ScanPair = {
      a: p.a.uid,
      b: p.b.uid,
      score: rounded(p.score),
      cause: likelyCause(p.a, p.b, s.features),
      reasons: reasonKeys.map(reasonText),
      reasonKeys,
      keep: keep.keep,
      keepReasons: keep.reasons,
      evidence: s.evidence ?? [],
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
  let explained: ExplainedPair | undefined;
  if (options.explain) {
    const [x, y] = options.explain.map((u) => records.find((r) => r.uid === u));
    if (x && y) {
      const [a, b] = x.uid < y.uid ? [x, y] : [y, x];
      const s = withCompetition(scorer.score(a, b, true), competed.get(Math.min(a.idx, b.idx) * n + Math.max(a.idx, b.idx)));
      explained = { a: a.uid, b: b.uid, score: rounded(s.score), priorLog2: Math.round(scorer.params.priorLog2 * 100) / 100, evidence: s.evidence ?? [], reasons: s.reasons ?? [] };
    }
  }
  const summary: ScanModelSummary = {
    learned,
    expectedDuplicates: Math.round(learned ? estimate.expectedDuplicates : [...found.values()].reduce((t, p) => t + p.score, 0)),
    threshold: minScore,
    expectedPrecision: pairs.length ? Math.round((pairs.reduce((t, p) => t + p.score, 0) / pairs.length) * 10_000) / 10_000 : 1,
    priorLog2: Math.round(scorer.params.priorLog2 * 100) / 100,
  };

  return {
    users: n,
    candidates: report.candidates,
    seconds: Math.round((explainDone - started) / 10) / 100,
    pairs,
    clusters,
    model: summary,
    ...(explained ? { explained } : {}),
    stats: {
      pairsCompared: scored + transitiveCompared,
      blocksCapped: report.oversized.filter((b) => b.method === 'window').length,
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
        attributesSeconds: (attributesDone - readDone) / 1000,
        blockCompareSeconds: (blockDone - attributesDone) / 1000,
        estimateSeconds: (estimateDone - blockDone) / 1000,
      },
    },
  };
}

function debugModel(e: Estimate, d: { weights: Float64Array; priorLog2: number }, attributes: string[]): void {
  const g = e.params.attributeGroups;
  if (g) console.log(`attribute groups: ${attributes.map((a, s) => `${a}=${g.groupOf[s]}`).join(' ')}; differ weights ${[...g.differWeight].filter((_, i) => g.groupOf.includes(i)).map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`expected duplicates ${e.expectedDuplicates.toFixed(1)}, candidate share ${e.candidateMatchShare.toFixed(4)}, prior ${e.params.priorLog2.toFixed(2)} (default ${d.priorLog2.toFixed(2)}), ${e.iterations} iterations`);
  FIELDS.forEach((f, fi) => f.levels.forEach((l, li) => {
    const k = FIELD_OFFSET[fi]! + li + 1;
    console.log(`  ${f.field.padEnd(12)} ${l.level.padEnd(34)} m ${e.m[k]!.toFixed(4)} u ${e.u[k]!.toExponential(2)} w ${e.params.weights[k]!.toFixed(2)} (default ${d.weights[k]!.toFixed(2)})`);
  }));
}
