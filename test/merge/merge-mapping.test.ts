import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { execute } from '../../electron/engine/merge/index';
import { Fixture, RENAMED_MAPPING, settingsWith } from './fixtures';
import { richPair } from './rich-pair';
import { useFixtureDatabase } from './fixture-database';

const renamed = RENAMED_MAPPING;

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`merge with a renamed schema on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    useFixtureDatabase(kind, renamed, (opened) => ({ db, fx } = opened));

    it('merges a pair touching every category, reading and writing physical names and values', async () => {
      const { source, target } = await richPair(fx);
      const r = await execute(db, renamed, { source: source.uid, target: target.uid }, settingsWith({ merge_group_assignments: true, source_disposition: 'anonymise' }), fx.admin, { takeLogin: true });
      expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'merged', reason: null });
      const s = await db('person').where('id', source.id).first();
      expect(s.status).toBe('X');
      expect(s.username).toBe(`anonymised-${source.uid}`);
      const bookings = await db('course_booking').where('person_id', target.id).orderBy('course_id');
      expect(bookings.map((b) => Number(b.status_id))).toEqual([110, 110, 110, 9]);
      expect((await db('scorm_data').where('user_id', target.id)).map((x) => x.lesson_status).sort()).toEqual(['C', 'I']);
      expect((await db('user_job_profiles').where('user_id', target.id)).map((x) => x.status).sort()).toEqual(['DONE', 'OK']);
      const copies = await db('history').where('user_id', target.id);
      expect(copies[0].remark).toMatch(new RegExp(`^This record was merged from ${source.uid} on `));
      const journal = await db('md_merge_journal').where('run_id', r.runId).select('table_name');
      expect(journal.map((j) => j.table_name)).toEqual(expect.arrayContaining(['person', 'course_booking', 'history', 'person_attr', 'group_members', 'course_tutors']));
    });
  });
}
