import { chunks, readPlanRows, updateRows } from '../rows';
import type { ActionRequired, Category, PlannedRecord, Row } from '../types';
import { groupBy, makeRecord, num, type RecordSpec } from './common';

const T = 'ojt_assignments';
const status = (v: Record<string, unknown>) => (v.status as string | null) ?? null;

export const ojt: Category = {
  name: 'ojt',
  claims: [
    { table: 'ojt_assignments', column: 'trainee_id', counted: [{ label: 'On-the-job trainings' }] },
    { table: 'ojt_assignments', column: 'mentor_id', counted: [{ label: 'Mentor of' }] },
  ],
  async plan(ctx) {
    const { db, m, source, target, settings } = ctx;
    const asTrainee = await readPlanRows(ctx, T, 'trainee_id', [source.id]);
    const asMentor = (await readPlanRows(ctx, T, 'mentor_id', [source.id])).filter((r) => num(r.trainee_id) !== source.id);
    // Task results are not changed (they follow their assignment); counted for the log.
    const tasks: Row[] = [];
    for (const c of chunks(asTrainee.map((r) => r.id))) {
      const part = await db(m.table('ojt_task_results'))
        .select(m.select('ojt_task_results', ['assignment_id', 'status']))
        .whereIn(m.col('ojt_task_results', 'assignment_id'), c as number[]);
      tasks.push(...part.map((r: Row) => m.fromDbRow('ojt_task_results', r)));
    }
    const tasksOf = groupBy(tasks, (r) => String(r.assignment_id));
    const records: PlannedRecord[] = [];
    const actionRequired: ActionRequired[] = [];
    // Every record is about the assignment's training; the trainee's moves, the mentor's stay.
    const record = (s: Row, spec: Pick<RecordSpec, 'action' | 'rule' | 'after' | 'note'>, userCol?: string) =>
      makeRecord('ojt', T, { objectType: 'ojt_training', objectId: num(s.ojt_id), source: s, ...spec }, status, target.id, userCol);
    for (const s of asTrainee) {
      const list = tasksOf.get(String(s.id)) ?? [];
      const waiting = list.filter((x) => x.status === 'submitted').length;
      records.push(
        record(
          s,
          {
            action: 'move',
            rule: 'on-the-job training of the source as trainee moves with its task results as they are',
            after: { ...s, trainee_id: target.id },
            note: `${list.length} task result(s)${waiting ? `, ${waiting} waiting for the mentor's review` : ''}`,
          },
          'trainee_id',
        ),
      );
    }
    const clear = settings.source_disposition === 'delete';
    for (const s of asMentor) {
      const description = `Reassign the mentor: the source account is mentor of on-the-job training assignment ${String(s.id)} (training ${String(s.ojt_id)}, trainee user ${String(s.trainee_id)})${clear ? '; its mentor reference is cleared because the source account is deleted' : ''}.`;
      records.push(
        record(s, {
          action: 'action_required',
          rule: 'assignments where the source is mentor are not reassigned',
          after: null,
          note: clear ? 'mentor reference cleared' : 'mentor stays the source account',
        }),
      );
      actionRequired.push({ category: 'ojt', objectType: 'ojt_assignment', objectId: num(s.ojt_id), recordId: num(s.id), description });
    }
    return {
      records,
      actionRequired,
      async apply(a) {
        await updateRows(a, T, asTrainee, { trainee_id: target.id }, 'ojt: move trainee assignments');
        if (clear) await updateRows(a, T, asMentor, { mentor_id: null }, 'ojt: clear mentor references');
      },
    };
  },
};
