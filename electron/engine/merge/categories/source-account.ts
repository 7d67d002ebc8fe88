import { LMS_TABLE_NAMES, tableSpec } from '../../../db/lms-tables';
import { chunks, deleteRows, readUserRows, updateRows } from '../rows';
import type { ApplyContext, Category, PlannedRecord, Row, UserReference } from '../types';
import { makeRecord } from './common';

/** The login a source account gets when its own is handed to the target or freed. */
export const freedLogin = (uid: string, why: 'merged' | 'anonymised') => `${why}-${uid}`;

const withoutSecrets = (r: Row): Row => {
  const { password_hash: _p, ...rest } = r;
  return rest;
};

/** Every (table, column) that refers to a user, except the users table itself. */
export function userReferences(): UserReference[] {
  const out: UserReference[] = [];
  for (const t of LMS_TABLE_NAMES) {
    if (t === 'users') continue;
    for (const [c, spec] of Object.entries(tableSpec(t).columns)) if (spec.references === 'users') out.push({ table: t, column: c });
  }
  return out;
}

/**
 * The user references no category plans: they are left on purpose to this step, which
 * deletes their rows with a deleted source account and leaves them with a kept one. Every
 * other user reference in lms-tables.ts must be claimed by exactly one category (a test
 * checks it), so a new table or column that refers to users is a decision, not an accident.
 */
export const LEFT_TO_SOURCE_ACCOUNT: readonly (UserReference & { why: string })[] = [
  {
    table: 'clearances',
    column: 'admin_id',
    why: 'clearances are rights granted to one administrator in person; a merge never hands them to another account',
  },
];

/**
 * Which user references still name the account, in one UNION ALL round trip: after the
 * categories most of them name it no more, and reading each table for its rows cost a
 * statement per table.
 */
async function referencesInUse(a: ApplyContext, refs: readonly UserReference[]): Promise<Set<number>> {
  const { db, m, source } = a;
  const parts = refs.map((r, i) => db(m.table(r.table)).select(db.raw('? as ??', [i, 'k'])).count({ n: '*' }).where(m.col(r.table, r.column as never), source.id));
  const rows = (await db.queryBuilder().unionAll(parts)) as { k: unknown; n: unknown }[];
  return new Set(rows.filter((r) => Number(r.n) > 0).map((r) => Number(r.k)));
}

/** Deletes everything the source account still owns, then the account itself (journaled). */
async function deleteAccount(a: ApplyContext): Promise<void> {
  const { db, m, source } = a;
  const refs = userReferences();
  const inUse = await referencesInUse(a, refs);
  // Task results hang off the source's remaining trainee assignments (none after a merge, but be thorough).
  const trainee = refs.findIndex((r) => r.table === 'ojt_assignments' && r.column === 'trainee_id');
  const assignments = inUse.has(trainee) ? await readUserRows(db, m, 'ojt_assignments', 'trainee_id', [source.id]) : [];
  for (const c of chunks(assignments.map((r) => r.id as number))) {
    const tasks = (await db(m.table('ojt_task_results')).select(m.select('ojt_task_results')).whereIn(m.col('ojt_task_results', 'assignment_id'), c)).map((r: Row) =>
      m.fromDbRow('ojt_task_results', r),
    );
    await deleteRows(a, 'ojt_task_results', tasks, 'source account: delete remaining task results');
  }
  for (const [i, { table, column: col }] of refs.entries()) {
    if (!inUse.has(i)) continue;
    if (table === 'ojt_assignments' && col === 'mentor_id') {
      const mentored = await readUserRows(db, m, table, col, [source.id]);
      await updateRows(a, table, mentored, { mentor_id: null }, 'source account: clear mentor references');
      continue;
    }
    const rows = a.untouchedSourceRows(table, col) ?? (await readUserRows(db, m, table, col, [source.id]));
    await deleteRows(a, table, rows, `source account: delete remaining ${table}`);
  }
  await deleteRows(a, 'users', [source.raw], 'source account: delete');
}

export const sourceAccount: Category = {
  name: 'account',
  // It sweeps every user reference the categories before it leave with the source; it plans none of them.
  claims: [],
  async plan(ctx) {
    const { source, target, settings, options } = ctx;
    const records: PlannedRecord[] = [];
    const targetChange: Row = {};
    const sourceChange: Row = {};
    const show = (f: string) => (v: Record<string, unknown>) => (v[f] as string | null) ?? null;
    if (options.takeLogin && source.login !== target.login) {
      sourceChange.login = freedLogin(source.uid, 'merged');
      targetChange.login = source.login;
      records.push(
        makeRecord('account', 'users', { objectType: 'login', objectId: 'login', source: { id: source.id, login: source.login }, target: { id: target.id, login: target.login }, action: 'take_source', rule: 'the administrator chose that the target takes over the source’s login (freed first)', after: { id: target.id, login: source.login } }, show('login'), target.id, 'id'),
      );
    }
    if (options.takeEmail && source.email !== target.email) {
      sourceChange.email = null;
      targetChange.email = source.email;
      records.push(
        makeRecord('account', 'users', { objectType: 'email', objectId: 'email', source: { id: source.id, email: source.email }, target: { id: target.id, email: target.email }, action: 'take_source', rule: 'the administrator chose that the target takes over the source’s email (freed first)', after: { id: target.id, email: source.email } }, show('email'), target.id, 'id'),
      );
    }
    if (options.takeEmployeeId && source.employee_id !== null) {
      // Freed like the email, so the HR import finds the person only in the kept account.
      sourceChange.employee_id = null;
      if (source.employee_id !== target.employee_id) targetChange.employee_id = source.employee_id;
      const show = (v: Record<string, unknown>) => (v.employee_id as string | null) ?? null;
      records.push(
        makeRecord('account', 'users', { objectType: 'employee_id', objectId: 'employee_id', source: { id: source.id, employee_id: source.employee_id }, target: { id: target.id, employee_id: target.employee_id }, action: 'take_source', rule: 'the target takes over the source’s employee ID (freed first), so the HR interface maps the person to the kept account', after: { id: target.id, employee_id: source.employee_id } }, show, target.id, 'id'),
      );
    }
    const d = settings.source_disposition;
    const description =
      d === 'delete'
        ? `The source account ${source.uid} is deleted, with everything it still owns.`
        : d === 'anonymise'
          ? `The source account ${source.uid} is anonymised: names, email, login, birth date, phone, employee ID and attributes are replaced or cleared, status anonymised.`
          : `The source account ${source.uid} is deactivated (status inactive) and keeps what was not moved.`;
    records.push(
      makeRecord(
        'account',
        'users',
        { objectType: 'user', objectId: source.uid, source: withoutSecrets(source.raw), action: d === 'delete' ? 'drop' : 'not_merged', rule: `source account: ${d}`, after: null, note: description },
        (v) => (v.status as string | null) ?? null,
        target.id,
        'id',
      ),
    );
    return {
      records,
      async apply(a) {
        if (Object.keys(sourceChange).length) await updateRows(a, 'users', [source.raw], sourceChange, 'account: free login/email/employee ID');
        const sourceNow = { ...source.raw, ...sourceChange };
        if (Object.keys(targetChange).length) {
          await updateRows(a, 'users', [target.raw], targetChange, 'account: take login/email/employee ID');
          Object.assign(target.raw, targetChange);
        }
        if (d === 'delete') await deleteAccount({ ...a, source: { ...source, raw: sourceNow } });
        else if (d === 'anonymise') {
          const attrs = await readUserRows(a.db, a.m, 'user_attributes', 'user_id', [source.id]);
          await deleteRows(a, 'user_attributes', attrs, 'account: clear attributes');
          await updateRows(
            a,
            'users',
            [sourceNow],
            { first_name: 'Anonymised', last_name: 'User', email: null, login: freedLogin(source.uid, 'anonymised'), birth_date: null, phone: null, employee_id: null, password_hash: null, status: 'anonymised' },
            'account: anonymise',
          );
        } else await updateRows(a, 'users', [sourceNow], { status: 'inactive' }, 'account: deactivate');
      },
    };
  },
};
