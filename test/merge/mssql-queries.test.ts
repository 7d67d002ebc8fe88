import { describe, expect, it } from 'vitest';
import { loadClearances } from '../../electron/auth/clearance';
import { fullAdministrators } from '../../electron/auth/rights';
import { lockForUpdate } from '../../electron/db/dialect';
import { findMergedAway } from '../../electron/engine/runs/merged-away';
import { LmsMapping } from '../../electron/db/mapping';
import { refuseSharedEmployeeId } from '../../electron/engine/merge/employee-id';
import { Journal } from '../../electron/engine/merge/journal';
import { copyEntries } from '../../electron/engine/merge/categories/audit-log';
import { deleteRows, insertKeyedRows, readUserRows, updateEach, updateRows } from '../../electron/engine/merge/rows';
import type { ApplyContext, User } from '../../electron/engine/merge/types';
import { DEFAULT_SETTINGS } from '../../electron/settings/merge-settings';
import { compileForMssql, recordingMssql } from '../helpers/mssql-dialect';

describe('merge engine queries on SQL Server', () => {
  it('are valid SQL Server syntax and stay below 2,100 parameters, also for thousands of rows', async () => {
    const { db, queries } = recordingMssql();
    const m = new LmsMapping();
    const user = (id: number): User => ({ id, uid: `U${id}`, login: 'l', email: null, first_name: 'f', last_name: 'l', birth_date: null, employee_id: null, phone: null, client_id: 1, org_unit_id: 1, status: 'active', raw: { id } });
    const ctx: ApplyContext = { db, m, source: user(1), target: user(2), settings: DEFAULT_SETTINGS, options: {}, journal: new Journal(1), mergeTime: new Date(), step: async () => undefined, untouchedSourceRows: () => undefined };
    const many = Array.from({ length: 2500 }, (_, i) => ({ id: i + 1, user_id: 1, course_id: i + 1, status_id: 8 }));
    await readUserRows(db, m, 'enrolments', 'user_id', [1, 2]);
    await deleteRows(ctx, 'enrolments', many, 'x');
    await updateRows(ctx, 'enrolments', many, { user_id: 2 }, 'x');
    await updateEach(ctx, 'enrolments', many.map((row) => ({ row, change: { status_id: row.id % 2 ? 11 : 12 } })), 'x');
    const attrs = Array.from({ length: 2500 }, (_, i) => ({ user_id: 1, name: `a${i}`, value: 'v' }));
    await deleteRows(ctx, 'user_attributes', attrs, 'x');
    await insertKeyedRows(ctx, 'user_attributes', attrs.map((a) => ({ ...a, user_id: 2 })), 'x');
    await updateRows(ctx, 'course_tutors', [{ course_id: 5, user_id: 1 }], { user_id: 2 }, 'x');
    await copyEntries(db, m, 1, 2, 'This record was merged from U1 on 2026-12-02 10:00:00.');
    await lockForUpdate(db, db(m.table('users')).select(m.col('users', 'id')).whereIn(m.col('users', 'uid'), ['a', 'b']));
    await lockForUpdate(db, db('md_merge_runs').where('id', 1)).first();
    expect(queries.length).toBeGreaterThan(10);
    for (const q of queries) {
      const { problems } = compileForMssql({ toSQL: () => q });
      expect(problems).toEqual([]);
    }
    // Update locks held to the end of the transaction, on rows only, also on absent keys (see dialect.ts).
    expect(queries.filter((q) => /^select .*from \[(users|md_merge_runs)\] with \(UPDLOCK, ROWLOCK, HOLDLOCK\) where/.test(q.sql))).toHaveLength(2);
    expect(ctx.journal.size).toBe(2500 * 5 + 1);
    // The audit copy: SQL Server's concatenation and empty test (a comment of spaces is not empty there either).
    expect(queries.some((q) => /^insert into \[audit_log\] \(.*\) select CAST\(@p0 AS BIGINT\), .*CASE WHEN \[comment\] IS NULL OR DATALENGTH\(\[comment\]\) = 0 THEN @p\d ELSE CONCAT\(@p\d, \[comment\]\) END .*order by \[id\]/.test(q.sql))).toBe(true);
  });

  it('the merged-away, clearance and full-administrator reads are valid SQL Server and chunked for thousands of ids', async () => {
    const { db, queries } = recordingMssql();
    const m = new LmsMapping();
    const ids = Array.from({ length: 2500 }, (_, i) => i + 1);
    await findMergedAway(db, ids.map((i) => `U${i}`));
    await loadClearances(db, m, ids);
    await fullAdministrators(db, m);
    expect(queries.length).toBeGreaterThanOrEqual(3 + 3 + 2);
    for (const q of queries) {
      const { problems } = compileForMssql({ toSQL: () => q });
      expect(problems).toEqual([]);
      expect(q.bindings.length).toBeLessThan(2100);
    }
  });

  it('the employee-ID holder check (refusal before a take-over) is valid SQL Server', async () => {
    const { db, queries } = recordingMssql();
    const m = new LmsMapping();
    const user = (id: number): User => ({ id, uid: `U${id}`, login: 'l', email: null, first_name: 'f', last_name: 'l', birth_date: null, employee_id: 'E1', phone: null, client_id: 1, org_unit_id: 1, status: 'active', raw: { id, origin: 'interface' } });
    await refuseSharedEmployeeId(db, m, user(1), user(2));
    expect(queries).toHaveLength(1);
    expect(compileForMssql({ toSQL: () => queries[0]! }).problems).toEqual([]);
    expect(queries[0]!.sql).toMatch(/select top \(@p\d\)/i);
  });
});
