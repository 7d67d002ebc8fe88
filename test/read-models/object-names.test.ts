import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { LmsMapping, validateMappingFile } from '../../electron/db/mapping';
import { execute, plan } from '../../electron/engine/merge/index';
import { runObjectNames } from '../../electron/usecases/logfile';
import { planObjectNames, resolveObjectNames } from '../../electron/read-models/object-names';
import { objectNameOf } from '../../shared/object-names';
import { databaseKinds } from '../helpers/databases';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';
import { richPair } from '../merge/rich-pair';

/** A customer schema whose catalogue tables carry other names: the names must still be found. */
const RENAMED_CATALOGUE = new LmsMapping(
  validateMappingFile({
    tables: {
      courses: { name: 'lms_course', columns: { code: 'course_code', title: 'course_title'} },
      skills: { name: 'competence', columns: { name: 'label' } },
      users: { name: 'person', columns: { uid: 'person_uid', first_name: 'given_name' } },
    },
  }),
);

for (const kind of await databaseKinds()) {
  for (const [label, m] of [['reference names', new LmsMapping()], ['a renamed catalogue', RENAMED_CATALOGUE]] as const) {
    describe.skipIf(kind.skip)(`object names on ${kind.kind} with ${label}`, () => {
      let db: Knex;
      let fx: Fixture;
      useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

      it('names every course, skill, job profile and training of a plan as the LMS does', async () => {
        const { source, target } = await richPair(fx);
        const named = await fx.add('courses', { code: 'FS-101', title: 'Fire safety basics' });
        await fx.enrol(source.id, named, 11, '2024-03-01Z');
        const forklift = await fx.add('skills', { name: 'Forklift licence' });
        await fx.add('user_skills', { user_id: source.id, skill_id: forklift, achieved_value: 3, achieved_at: new Date('2024-01-01Z'), expires_at: null });
        const lead = await fx.add('job_profiles', { name: 'Shift lead' });
        await fx.add('user_job_profiles', { user_id: source.id, job_profile_id: lead, status: 'confirmed', assigned_at: new Date('2024-01-01Z'), completed_at: null });

        const p = await plan(db, m, source.uid, target.uid, settingsWith(), fx.admin);
        const names = await planObjectNames(db, m, p);
        expect(objectNameOf(names, 'course', named)).toBe('FS-101 Fire safety basics');
        expect(objectNameOf(names, 'skill', forklift)).toBe('Forklift licence');
        expect(objectNameOf(names, 'job_profile', lead)).toBe('Shift lead');

        // Every record with a named object type resolves, and each name is the database's.
        const courses = await fx.rows('courses', {});
        for (const r of p.records.filter((x) => x.objectType === 'course')) {
          const row = courses.find((c) => Number(c.id) === Number(r.objectId))!;
          expect(objectNameOf(names, 'course', r.objectId)).toBe(`${String(row.code)} ${String(row.title)}`);
        }
        for (const type of ['group', 'media', 'sco', 'ojt_training', 'test', 'feedback_form', 'job_profile', 'skill', 'skill_history', 'learning_path', 'attribute', 'user']) {
          const recs = p.records.filter((x) => x.objectType === type);
          expect(recs.length, `the rich pair has ${type} records`).toBeGreaterThan(0);
          for (const r of recs) expect(objectNameOf(names, type, r.objectId), `${type} ${String(r.objectId)}`).toBeTruthy();
        }
        const user = p.records.find((x) => x.objectType === 'user')!;
        expect(objectNameOf(names, 'user', user.objectId)).toBe(`${p.source.firstName} ${p.source.lastName}`);
      });

      it('reads thousands of objects in statements below 2,100 parameters and leaves out what does not exist', async () => {
        const ids: number[] = [];
        await db.transaction(async (trx) => {
          const rows = Array.from({ length: 2500 }, (_, i) => m.toDbRow('courses', { code: `BULK-${i}`, title: `Bulk ${i}` }));
          for (let i = 0; i < rows.length; i += 200) await trx(m.table('courses')).insert(rows.slice(i, i + 200));
        });
        for (const r of await fx.rows('courses', {})) if (String(r.code).startsWith('BULK-')) ids.push(Number(r.id));
        const bindings: number[] = [];
        const listen = (q: { bindings?: unknown[] }) => bindings.push(q.bindings?.length ?? 0);
        db.on('query', listen);
        const names = await resolveObjectNames(db, m, [...ids.map((id) => ({ objectType: 'course', objectId: id })), { objectType: 'course', objectId: 9_999_999 }, { objectType: 'unknown_thing', objectId: 1 }, { objectType: 'course', objectId: null }]);
        db.off('query', listen);
        expect(Object.keys(names)).toHaveLength(2500);
        expect(objectNameOf(names, 'course', ids[1234])).toMatch(/^BULK-\d+ Bulk \d+$/);
        expect(objectNameOf(names, 'course', 9_999_999)).toBeUndefined();
        expect(Math.max(...bindings)).toBeLessThan(2100);
        expect(bindings.length).toBe(3); // one statement per 1,000 ids, not one per object
      });

      it('saves the names with the plan in the merge itself, and a failing name query leaves the merge committed', async () => {
        const { source, target } = await richPair(fx);
        const named = await fx.add('courses', { code: 'FS-102', title: 'Ladder safety' });
        await fx.enrol(source.id, named, 11, '2024-03-01Z');
        const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, {
          nameObjects: (conn, p) => planObjectNames(conn, m, p),
        });
        expect(r.outcome).toBe('merged');
        expect(objectNameOf(await runObjectNames(db, r.runId), 'course', named)).toBe('FS-102 Ladder safety');

        // A query error inside the run's transaction (PostgreSQL would refuse every later statement) stays in its savepoint.
        const second = await richPair(fx);
        const failed = await execute(db, m, { source: second.source.uid, target: second.target.uid }, settingsWith(), fx.admin, {
          nameObjects: async (conn) => {
            await conn.raw('select * from no_such_table_for_names');
            return {};
          },
        });
        expect(failed.outcome).toBe('merged');
        expect(failed.namesProblem).toMatch(/no_such_table_for_names/);
        expect(await runObjectNames(db, failed.runId)).toEqual({});
        expect(await db('md_merge_runs').where('id', failed.runId).first()).toMatchObject({ outcome: 'merged' });
        expect((await fx.rows('enrolments', { user_id: second.source.id })).length).toBe(0);
      });
    });
  }
}
