import { deleteRows, readPlanRows, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

const T = 'course_tutors';

export const tutors: Category = {
  name: 'tutors',
  async plan(ctx) {
    const { db, m, source, target } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetCourses = new Set(rows.filter((r) => num(r.user_id) === target.id).map((r) => num(r.course_id)));
    const records: PlannedRecord[] = [];
    const moves: Row[] = [];
    const dupes: Row[] = [];
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const dup = targetCourses.has(num(s.course_id));
      (dup ? dupes : moves).push(s);
      records.push(
        makeRecord(
          'tutors',
          T,
          dup
            ? { objectType: 'course', objectId: num(s.course_id), source: s, target: { course_id: s.course_id, user_id: target.id }, action: 'keep_target', rule: 'the target already tutors this course (not duplicated)' }
            : { objectType: 'course', objectId: num(s.course_id), source: s, action: 'move', rule: 'the source’s tutor assignments move' },
          () => 'tutor',
          target.id,
        ),
      );
    }
    return {
      records,
      async apply(a) {
        await deleteRows(a, T, dupes, 'tutors: remove duplicates');
        await updateRows(a, T, moves, { user_id: target.id }, 'tutors: move');
      },
    };
  },
};
