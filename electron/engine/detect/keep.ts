/**
 * Which account to keep (docs/merge-rules.md, "Why duplicates exist, and which account to keep"):
 *
 *  1. the account the HR interface maintains (an active interface account), otherwise
 *     the interface re-creates the duplicate;
 *  2. more enrolments and completions;
 *  3. the active, current e-mail address;
 *  4. more recent use;
 *  5. active over inactive;
 *  then the older account, then the lower uid, so the choice is always the same.
 *
 * Activity is read with GROUP BY queries over the accounts that appear in pairs.
 */
import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';
import type { UserRecord } from './records';

export interface Activity {
  enrolments: number;
  completions: number;
}

export interface KeepFacts {
  record: UserRecord;
  activity: Activity;
  /** The organisation's main e-mail domain (most frequent among interface accounts), if any. */
  mainDomain: string | null;
}

interface Criterion {
  /** Positive when a is the better account to keep. */
  compare(a: KeepFacts, b: KeepFacts): number;
  reason(kept: KeepFacts, other: KeepFacts): string;
}

const DAY = 86_400_000;
const isInterfaceMaintained = (f: KeepFacts) => f.record.origin === 'interface' && f.record.status === 'active';
const total = (f: KeepFacts) => f.activity.enrolments + f.activity.completions;
function emailRank(f: KeepFacts): number {
  const r = f.record;
  if (!r.email) return 0;
  if (f.mainDomain && r.emailDomain === f.mainDomain) return 2;
  return 1;
}
const usedDay = (f: KeepFacts) => (f.record.lastLoginAt === null ? -1 : Math.floor(f.record.lastLoginAt / DAY));
const dayText = (f: KeepFacts) => (f.record.lastLoginAt === null ? 'never' : new Date(f.record.lastLoginAt).toISOString().slice(0, 10));

const CRITERIA: Criterion[] = [
  {
    compare: (a, b) => Number(isInterfaceMaintained(a)) - Number(isInterfaceMaintained(b)),
    reason: () => 'maintained by the HR interface (keeping the other would let the interface re-create the duplicate)',
  },
  {
    compare: (a, b) => total(a) - total(b),
    reason: (k, o) =>
      `more enrolments and completions (${k.activity.enrolments} enrolments, ${k.activity.completions} completions vs ${o.activity.enrolments}, ${o.activity.completions})`,
  },
  {
    compare: (a, b) => emailRank(a) - emailRank(b),
    reason: (k, o) => (emailRank(o) === 0 ? 'has an e-mail address (the other has none)' : `current work e-mail address (${k.record.emailDomain})`),
  },
  {
    compare: (a, b) => usedDay(a) - usedDay(b),
    reason: (k, o) => `used more recently (last sign-in ${dayText(k)} vs ${dayText(o)})`,
  },
  {
    compare: (a, b) => Number(a.record.status === 'active') - Number(b.record.status === 'active'),
    reason: (_k, o) => `active account (the other is ${o.record.status})`,
  },
  {
    compare: (a, b) => (b.record.createdAt ?? Infinity) - (a.record.createdAt ?? Infinity) || 0,
    reason: () => 'older account',
  },
];

/** Negative when a is the better account to keep; a total order. */
export function compareKeep(a: KeepFacts, b: KeepFacts): number {
  for (const c of CRITERIA) {
    const d = c.compare(a, b);
    if (d !== 0 && !Number.isNaN(d)) return -Math.sign(d);
  }
  return a.record.uid < b.record.uid ? -1 : a.record.uid > b.record.uid ? 1 : 0;
}

export interface KeepRecommendation {
  keep: string;
  reasons: string[];
}

/** The account to keep of two, with every criterion that speaks for it (the deciding one first). */
export function recommendKeep(a: KeepFacts, b: KeepFacts): KeepRecommendation {
  const [kept, other] = compareKeep(a, b) <= 0 ? [a, b] : [b, a];
  const reasons: string[] = [];
  for (const c of CRITERIA) {
    const d = c.compare(kept, other);
    if (d > 0) reasons.push(c.reason(kept, other));
  }
  if (reasons.length === 0) reasons.push('no criterion prefers either account; the lower UID is kept');
  return { keep: kept.record.uid, reasons };
}

/** Enrolments and completions per user, by GROUP BY in chunks of user ids. */
export async function loadActivity(db: Knex, m: LmsMapping, userIds: number[], chunkSize = 1000): Promise<Map<number, Activity>> {
  const out = new Map<number, Activity>();
  const ids = [...new Set(userIds)].sort((x, y) => x - y);
  const userCol = m.col('enrolments', 'user_id');
  const completedCol = m.col('enrolments', 'completed_at');
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    const rows = (await db(m.table('enrolments'))
      .select({ user_id: userCol })
      .count({ n: '*' })
      .count({ c: completedCol })
      .whereIn(userCol, chunk)
      .groupBy(userCol)) as { user_id: number | string; n: number | string; c: number | string }[];
    for (const r of rows) out.set(Number(r.user_id), { enrolments: Number(r.n), completions: Number(r.c) });
  }
  for (const id of ids) if (!out.has(id)) out.set(id, { enrolments: 0, completions: 0 });
  return out;
}

/** The most frequent e-mail domain among active interface accounts: the organisation's own. */
export function mainEmailDomain(records: UserRecord[]): string | null {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.origin === 'interface' && r.emailDomain) counts.set(r.emailDomain, (counts.get(r.emailDomain) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [d, n] of counts) {
    if (n > bestN || (n === bestN && best !== null && d < best)) {
      best = d;
      bestN = n;
    }
  }
  return best;
}
