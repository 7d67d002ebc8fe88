import type { Knex } from 'knex';
import { enrolmentStatusName } from '@shared/enrolment-statuses';
import type { PairAccountView } from '@shared/ipc/contract';
import type { AccountDetail, CompareView } from '@shared/ipc/merge-channels';
import { loadClearance } from '../auth/clearance';
import { containsIgnoringCase } from '../db/dialect';
import type { LmsMapping } from '../db/mapping';
import { loadActivity, recommendKeep, toRecord } from '../engine/detect/index';
import { CATEGORIES, type CountLine, type UserReference } from '../engine/merge/index';
import { UserInputError } from '../errors';

/**
 * What the Compare screen reads about accounts: user search, the side-by-side detail and
 * the per-category record counts. No IPC here, so the CLI can read the same.
 */

const LOOKUP_CHUNK = 1000; // far below SQL Server's 2100 parameters per statement
const MAX_UNITS = 2000;

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'number' ? new Date(v).toISOString() : String(v));

export interface UserHit {
  uid: string;
  name: string;
  email: string | null;
  login: string;
  status: string;
  orgUnit: string;
}

/** Active and inactive accounts in the org units the operator may view whose UID, login, e-mail or name contains `query`. */
export async function searchUsers(db: Knex, m: LmsMapping, operatorId: number, query: string, limit: number): Promise<UserHit[]> {
  const units = (await loadClearance(db, m, operatorId)).orgUnits('view');
  if (units.length === 0) return [];
  const rows = await db({ u: m.table('users') })
    .select(m.select('users', ['uid', 'first_name', 'last_name', 'email', 'login', 'status', 'org_unit_id'], 'u'), { org_unit: m.qcol('org_units', 'name', 'o') })
    .join({ o: m.table('org_units') }, m.qcol('org_units', 'id', 'o'), m.qcol('users', 'org_unit_id', 'u'))
    .whereIn(m.qcol('users', 'org_unit_id', 'u'), units.length <= MAX_UNITS ? units : units.slice(0, MAX_UNITS))
    .whereIn(m.qcol('users', 'status', 'u'), [m.value('users', 'status', 'active'), m.value('users', 'status', 'inactive')])
    .where((w) => {
      for (const c of ['uid', 'login', 'email', 'first_name', 'last_name'] as const) w.orWhere(containsIgnoringCase(db, m.qcol('users', c, 'u'), query));
    })
    .orderBy(m.qcol('users', 'last_name', 'u'))
    .orderBy(m.qcol('users', 'uid', 'u'))
    .limit(limit);
  return rows.map((raw) => {
    const r = m.fromDbRow('users', raw);
    return { uid: String(r.uid), name: `${String(r.first_name)} ${String(r.last_name)}`, email: (r.email as string | null) ?? null, login: String(r.login), status: String(r.status), orgUnit: String(raw.org_unit) };
  });
}

/** The display fields of every named account, read in chunks; keyed by UID (missing accounts are absent). */
export async function accountSummaries(db: Knex, m: LmsMapping, uids: readonly string[]): Promise<Map<string, PairAccountView>> {
  const out = new Map<string, PairAccountView>();
  for (let i = 0; i < uids.length; i += LOOKUP_CHUNK) {
    const rows = await db(m.table('users'))
      .select(m.select('users', ['uid', 'first_name', 'last_name', 'email', 'login', 'employee_id', 'status']))
      .whereIn(m.col('users', 'uid'), uids.slice(i, i + LOOKUP_CHUNK));
    for (const raw of rows) {
      const r = m.fromDbRow('users', raw);
      out.set(String(r.uid), {
        uid: String(r.uid),
        name: `${String(r.first_name ?? '')} ${String(r.last_name ?? '')}`.trim(),
        email: (r.email as string | null) ?? null,
        login: String(r.login),
        employeeId: (r.employee_id as string | null) ?? null,
        status: String(r.status),
      });
    }
  }
  return out;
}

/** The count lines of the Compare screen: every category's claimed user references that say how they are counted, in category order. */
export function countLines(): { ref: UserReference; line: CountLine }[] {
  return CATEGORIES.flatMap((c) => c.claims.flatMap((ref) => (ref.counted ?? []).map((line) => ({ ref, line }))));
}

/** Per-category record counts of the given accounts, one grouped query per count line. */
export async function categoryCounts(db: Knex, m: LmsMapping, ids: number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map(ids.map((id) => [id, {} as Record<string, number>]));
  for (const { ref, line } of countLines()) {
    const col = (c: string) => m.col(ref.table, c as never); // names checked by the user-reference test
    const userCol = col(ref.column);
    const q = db(m.table(ref.table)).select({ user_id: userCol }).count({ n: '*' }).whereIn(userCol, ids).groupBy(userCol);
    if (line.whereSet) q.whereNotNull(col(line.whereSet));
    for (const r of (await q) as { user_id: number; n: number | string }[]) out.get(Number(r.user_id))![line.label] = Number(r.n);
  }
  return out;
}

/**
 * Both accounts side by side with the recommended account to keep. Refuses the same UID
 * twice, an unknown UID and an account the operator has no View clearance for.
 */
export async function compareAccounts(db: Knex, m: LmsMapping, operatorId: number, a: string, b: string): Promise<CompareView> {
  if (a === b) throw new UserInputError(`Both accounts are "${a}".`, 'Pick two different accounts to compare.', 'SAME_ACCOUNT');
  const users = (await db(m.table('users')).select(m.select('users')).whereIn(m.col('users', 'uid'), [a, b])).map((r: Record<string, unknown>) => m.fromDbRow('users', r));
  for (const uid of [a, b]) if (!users.some((u) => u.uid === uid)) throw new UserInputError(`There is no account with UID "${uid}".`, 'Check the UID or search for the user.', 'UNKNOWN_UID');
  const clearance = await loadClearance(db, m, operatorId);
  for (const u of users) {
    if (!clearance.can('view', Number(u.org_unit_id))) throw new UserInputError(`You have no clearance to view ${String(u.uid)}.`, 'Ask for View clearance on its org unit.', 'NO_CLEARANCE');
  }
  const ids = users.map((u) => Number(u.id));
  const [counts, activity, units, clients, byStatus] = await Promise.all([
    categoryCounts(db, m, ids),
    loadActivity(db, m, ids),
    db(m.table('org_units')).select(m.select('org_units', ['id', 'name'])).whereIn(m.col('org_units', 'id'), users.map((u) => Number(u.org_unit_id))),
    db(m.table('clients')).select(m.select('clients', ['id', 'name'])).whereIn(m.col('clients', 'id'), users.map((u) => Number(u.client_id))),
    db(m.table('enrolments'))
      .select({ user_id: m.col('enrolments', 'user_id'), status_id: m.col('enrolments', 'status_id') })
      .count({ n: '*' })
      .whereIn(m.col('enrolments', 'user_id'), ids)
      .groupBy(m.col('enrolments', 'user_id'), m.col('enrolments', 'status_id')),
  ]);
  const detail = (u: Record<string, unknown>): AccountDetail => {
    const id = Number(u.id);
    const enrolmentsByStatus: Record<string, number> = {};
    for (const r of byStatus as { user_id: number; status_id: number; n: number }[]) {
      if (Number(r.user_id) === id) enrolmentsByStatus[enrolmentStatusName(Number(m.logicalValue('enrolments', 'status_id', r.status_id)))] = Number(r.n);
    }
    return {
      id,
      uid: String(u.uid),
      login: String(u.login),
      email: (u.email as string | null) ?? null,
      firstName: String(u.first_name),
      lastName: String(u.last_name),
      birthDate: iso(u.birth_date)?.slice(0, 10) ?? null,
      employeeId: (u.employee_id as string | null) ?? null,
      phone: (u.phone as string | null) ?? null,
      origin: String(u.origin),
      status: String(u.status),
      orgUnit: String((units as { id: number; name: string }[]).find((x) => Number(x.id) === Number(u.org_unit_id))?.name ?? u.org_unit_id),
      client: String((clients as { id: number; name: string }[]).find((x) => Number(x.id) === Number(u.client_id))?.name ?? u.client_id),
      createdAt: iso(u.created_at),
      lastLoginAt: iso(u.last_login_at),
      counts: counts.get(id) ?? {},
      enrolmentsByStatus,
    };
  };
  const ua = users.find((u) => u.uid === a)!;
  const ub = users.find((u) => u.uid === b)!;
  const facts = (u: Record<string, unknown>, i: number) => ({ record: toRecord(u, i), activity: activity.get(Number(u.id)) ?? { enrolments: 0, completions: 0 }, mainDomain: null });
  const rec = recommendKeep(facts(ua, 0), facts(ub, 1));
  return { accounts: [detail(ua), detail(ub)], keep: rec.keep, keepReasons: rec.reasons };
}
