import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { dateTimeText, parseDateTimeText } from '../../electron/db/dialect';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { Fixture, ms, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';

/**
 * Real LMS tables hold date-times with milliseconds (SQL Server datetime2: up to 100 ns).
 * Every value the tool writes back (a value taken from the source, an audit-log copy, a
 * row undo re-inserts or restores from the journal) must come back exactly as it was.
 * Knex's mssql client used to bind a Date as legacy `datetime` (1/300 s: .001 → .000).
 */
for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`sub-second date-times through merge and undo on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    // SQL Server keeps 100 ns (tedious carries the digits beyond the millisecond); the
    // other drivers read date-times into a plain millisecond Date.
    const at = (text: string) => parseDateTimeText(kind.kind === 'mssql' ? text : text.replace(/(\.\d{3})\d+Z$/, '$1Z'))!;
    const T = {
      created: at('2024-03-01T08:00:00.0010000Z'),
      updated: at('2024-03-02T09:30:15.0050000Z'),
      login: at('2024-03-03T10:45:59.1230000Z'),
      statusA: at('2024-04-01T12:00:00.0050000Z'),
      statusB: at('2024-04-01T12:00:00.0010000Z'),
      completed: at('2024-04-02T07:15:00.1234567Z'),
      achieved: at('2024-05-01T06:00:00.9990000Z'),
      expires: at('2030-12-31T23:59:59.1230001Z'),
      occurred: at('2024-06-01T14:00:00.0012345Z'),
      assigned: at('2024-07-01T00:00:00.0050000Z'),
    };
    /** A date-time as read, written to the precision the kind keeps. */
    const text = (v: unknown): string | null => {
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return kind.kind === 'mssql' ? dateTimeText(v) : v.toISOString();
      return new Date(ms(v)!).toISOString();
    };
    const expected = (d: Date) => (kind.kind === 'mssql' ? dateTimeText(d) : d.toISOString());

    it('values taken from the source and audit copies keep their sub-second part; undo restores every value exactly', async () => {
      const { source, target } = await fx.pair(
        { created_at: T.created, updated_at: T.updated, last_login_at: T.login },
        { created_at: T.updated, updated_at: T.created, last_login_at: null },
      );
      const course = await fx.course();
      await fx.enrol(source.id, course, 11, '2024-01-01Z', { status_at: T.statusA, completed_at: T.completed });
      await fx.enrol(target.id, course, 8, '2024-01-01Z', { status_at: T.statusB });
      const skill = await fx.add('skills', { name: 'precise' });
      await fx.add('user_skills', { user_id: source.id, skill_id: skill, achieved_value: 5, achieved_at: T.achieved, expires_at: T.expires });
      await fx.add('user_skills', { user_id: target.id, skill_id: skill, achieved_value: 2, achieved_at: T.achieved, expires_at: null });
      await fx.add('audit_log', { user_id: source.id, component_type: 'course', component_id: course, event: 'passed', status: null, occurred_at: T.occurred, comment: null });
      const g = await fx.add('groups', { name: 'precise' });
      await fx.add('group_members', { group_id: g, user_id: source.id, assigned_at: T.assigned });

      // What was inserted reads back exactly (on SQL Server this is the datetime2 binding).
      const src = (await fx.one('users', { id: source.id }))!;
      expect([text(src.created_at), text(src.updated_at), text(src.last_login_at)]).toEqual([expected(T.created), expected(T.updated), expected(T.login)]);
      const readEnrolments = async () =>
        (await fx.rows('enrolments', { course_id: course }, ['id'])).map((r) => ({ user: Number(r.user_id), status_at: text(r.status_at), completed_at: text(r.completed_at) }));
      const enrolmentsBefore = await readEnrolments();
      expect(enrolmentsBefore).toEqual([
        { user: source.id, status_at: expected(T.statusA), completed_at: expected(T.completed) },
        { user: target.id, status_at: expected(T.statusB), completed_at: null },
      ]);

      const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ merge_group_assignments: true, source_disposition: 'delete' }), fx.admin);
      expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'merged', reason: null });

      // Taken from the source: the greater skill value with its expiry date, written by the merge.
      const skillNow = (await fx.rows('user_skills', { skill_id: skill }))[0]!;
      expect({ user: Number(skillNow.user_id), value: Number(skillNow.achieved_value), expires: text(skillNow.expires_at) }).toEqual({ user: target.id, value: 5, expires: expected(T.expires) });
      // The audit copy is a new row written from the values read.
      const copies = await fx.rows('audit_log', { user_id: target.id });
      expect(copies.map((c) => text(c.occurred_at))).toEqual([expected(T.occurred)]);
      // The surviving enrolment (Passed, the source's) moved with its own timestamps.
      expect(await readEnrolments()).toEqual([{ user: target.id, status_at: expected(T.statusA), completed_at: expected(T.completed) }]);

      const u = await undoRun(db, m, r.runId, fx.admin);
      expect({ outcome: u.outcome, reason: u.reason }).toEqual({ outcome: 'undone', reason: null });
      // Re-inserted from the journal: the deleted source account and the losing enrolment.
      const back = (await fx.one('users', { uid: source.uid }))!;
      expect([text(back.created_at), text(back.updated_at), text(back.last_login_at)]).toEqual([expected(T.created), expected(T.updated), expected(T.login)]);
      expect(await readEnrolments()).toEqual(enrolmentsBefore);
      // Restored from before-images: the target's skill, the source's own skill and audit entry and membership.
      const skills = (await fx.rows('user_skills', { skill_id: skill }, ['id'])).map((s) => ({ user: Number(s.user_id), achieved: text(s.achieved_at), expires: text(s.expires_at) }));
      expect(skills).toEqual([
        { user: source.id, achieved: expected(T.achieved), expires: expected(T.expires) },
        { user: target.id, achieved: expected(T.achieved), expires: null },
      ]);
      expect((await fx.rows('audit_log', { user_id: source.id })).map((a) => text(a.occurred_at))).toEqual([expected(T.occurred)]);
      expect(await fx.rows('audit_log', { user_id: target.id })).toEqual([]);
      expect((await fx.rows('group_members', { group_id: g })).map((x) => [Number(x.user_id), text(x.assigned_at)])).toEqual([[source.id, expected(T.assigned)]]);
    });
  });
}
