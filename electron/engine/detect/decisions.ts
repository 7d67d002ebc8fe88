/**
 * Review decisions on candidate pairs (md_pair_decisions): not a duplicate, decide later,
 * merged. A pair marked not a duplicate never comes back in a scan; merged pairs are
 * recorded by the merge engine (recordPairDecision with 'merged').
 */
import type { Knex } from 'knex';
import type { Operator } from '../../auth/operator';
import { loadClearance } from '../../auth/clearance';
import type { LmsMapping } from '../../db/mapping';
import { UserInputError } from '../../errors';

export const PAIR_DECISIONS = ['not_duplicate', 'later', 'merged'] as const;
export type PairDecision = (typeof PAIR_DECISIONS)[number];

export const DECISIONS_TABLE = 'md_pair_decisions';

export interface PairDecisionRow {
  uidA: string;
  uidB: string;
  decision: PairDecision;
  decidedBy: string;
  decidedAt: Date;
  note: string | null;
}

/** The two uids in stored order (uid_a < uid_b). */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

export const pairKey = (x: string, y: string) => orderedPair(x, y).join('\u0000');

/** Every decision, keyed by pairKey; empty when the tool tables do not exist yet. */
export async function loadPairDecisions(db: Knex): Promise<Map<string, PairDecision>> {
  const out = new Map<string, PairDecision>();
  if (!(await db.schema.hasTable(DECISIONS_TABLE))) return out;
  const rows = (await db(DECISIONS_TABLE).select('uid_a', 'uid_b', 'decision')) as { uid_a: string; uid_b: string; decision: PairDecision }[];
  for (const r of rows) out.set(pairKey(r.uid_a, r.uid_b), r.decision);
  return out;
}

export async function getPairDecision(db: Knex, x: string, y: string): Promise<PairDecisionRow | null> {
  if (!(await db.schema.hasTable(DECISIONS_TABLE))) return null;
  const [a, b] = orderedPair(x, y);
  const r = await db(DECISIONS_TABLE).where({ uid_a: a, uid_b: b }).first();
  if (!r) return null;
  return { uidA: r.uid_a, uidB: r.uid_b, decision: r.decision, decidedBy: r.decided_by, decidedAt: new Date(r.decided_at), note: r.note ?? null };
}

export interface RecordDecisionInput {
  uids: [string, string];
  decision: PairDecision;
  operator: Operator;
  note?: string | null;
  now?: Date;
}

/**
 * Records (or replaces) the decision on a pair. Refused (UserInputError): the same uid
 * twice, an unknown uid, an account the operator may not edit, an unknown decision.
 */
export async function recordPairDecision(db: Knex, m: LmsMapping, input: RecordDecisionInput): Promise<PairDecisionRow> {
  const { decision, operator } = input;
  if (!PAIR_DECISIONS.includes(decision)) {
    throw new UserInputError(`"${String(decision)}" is not a decision.`, `Use one of: ${PAIR_DECISIONS.join(', ')}.`, 'INVALID_DECISION');
  }
  const [x, y] = input.uids.map((u) => String(u).trim()) as [string, string];
  if (!x || !y) throw new UserInputError('A pair needs two UIDs.', 'Pass --pair UID UID.', 'INVALID_PAIR');
  if (x === y) throw new UserInputError(`Both UIDs of the pair are "${x}".`, 'A pair is two different accounts: pass two different UIDs.', 'INVALID_PAIR');
  const [a, b] = orderedPair(x, y);
  const rows = (await db(m.table('users'))
    .select(m.select('users', ['uid', 'org_unit_id']))
    .whereIn(m.col('users', 'uid'), [a, b])) as { uid: string; org_unit_id: number }[];
  const found = new Map(rows.map((r) => [String(r.uid), Number(r.org_unit_id)]));
  const missing = [a, b].filter((u) => !found.has(u));
  if (missing.length) {
    throw new UserInputError(`No account with UID ${missing.map((u) => `"${u}"`).join(' or ')}.`, 'Check the UIDs (the scan lists them).', 'UNKNOWN_UID');
  }
  const clearance = await loadClearance(db, m, operator.id);
  // A decision hides or postpones the pair for every administrator, so it needs Edit on both.
  const hidden = [a, b].filter((u) => !clearance.can('edit', found.get(u)!));
  if (hidden.length) {
    throw new UserInputError(
      `${operator.login} lacks Edit clearance on ${hidden.map((u) => `"${u}"`).join(' and ')}; a review decision needs Edit clearance on both accounts.`,
      'Ask an administrator with clearance on both accounts to decide on this pair.',
      'NO_CLEARANCE',
    );
  }
  const row = {
    uid_a: a,
    uid_b: b,
    decision,
    decided_by: operator.login,
    decided_at: input.now ?? new Date(),
    note: input.note ?? null,
  };
  await db.transaction(async (trx) => {
    const existing = await trx(DECISIONS_TABLE).where({ uid_a: a, uid_b: b }).first();
    if (existing) await trx(DECISIONS_TABLE).where({ uid_a: a, uid_b: b }).update(row);
    else await trx(DECISIONS_TABLE).insert(row);
  });
  return { uidA: a, uidB: b, decision, decidedBy: operator.login, decidedAt: row.decided_at, note: row.note };
}
