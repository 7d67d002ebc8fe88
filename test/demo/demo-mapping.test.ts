import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { LmsMapping, validateMappingFile } from '../../electron/db/mapping';
import { generateDemo, type DemoResult } from '../../electron/demo/index';

/** A customer whose LMS uses other names: the demo must follow the mapping everywhere. */
const renamed = new LmsMapping(
  validateMappingFile({
    tables: {
      users: { name: 'person', columns: { uid: 'person_uid', first_name: 'given_name' }, values: { status: { active: 'A', inactive: 'I', deleted: 'D', anonymised: 'X' } } },
      enrolments: { name: 'course_booking', values: { status_id: { '11': 110, '12': 120 } } },
      scorm_data: { columns: { completion_status: 'lesson_status' }, values: { completion_status: { 'not attempted': 'not_attempted' } } },
    },
  }),
);

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`demo generator with a mapping on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let result: DemoResult;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      result = await generateDemo(db, renamed, { users: 150, seed: 3 });
    });
    afterAll(async () => tdb?.drop());

    it('writes physical names and values', async () => {
      expect(await db.schema.hasTable('users')).toBe(false);
      const people = await db('person').select('person_uid', 'given_name', 'status');
      expect(people).toHaveLength(150);
      expect(new Set(people.map((p) => p.status))).toEqual(new Set(['A', 'I', 'D', 'X']));
      const planted = new Set(result.plantedPairs.flatMap((p) => [p.uid_a, p.uid_b]));
      expect(people.filter((p) => planted.has(p.person_uid)).length).toBe(planted.size);
      const statuses = (await db('course_booking').distinct('status_id')).map((r) => Number(r.status_id));
      expect(statuses).toEqual(expect.arrayContaining([110, 120, 9, 7]));
      expect(statuses).not.toContain(11);
      const lesson = (await db('scorm_data').distinct('lesson_status')).map((r) => r.lesson_status);
      expect(lesson).toContain('not_attempted');
      const seeded = (await db('enrolment_statuses').select('id')).map((r) => Number(r.id));
      expect(seeded).toEqual(expect.arrayContaining([110, 120]));
    });
  });
}
