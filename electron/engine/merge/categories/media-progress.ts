import { deleteRows, readPlanRows, toTime, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { groupBy, makeRecord, num } from './common';

const T = 'media_progress';
const status = (v: Record<string, unknown>) => (v.progress === null ? null : `${String(v.progress)} %`);
const key = (r: Row) => `${String(r.media_id)}|${r.course_id === null || r.course_id === undefined ? '' : String(r.course_id)}`;
/** Higher progress first, then the later access. */
const better = (a: Row, b: Row) => num(a.progress) > num(b.progress) || (num(a.progress) === num(b.progress) && (toTime(a.last_accessed_at) ?? 0) > (toTime(b.last_accessed_at) ?? 0));

export const mediaProgress: Category = {
  name: 'media_progress',
  claims: [{ table: 'media_progress', column: 'user_id', counted: [{ label: 'Media progress' }] }],
  async plan(ctx) {
    const { source, target } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetByKey = groupBy(rows.filter((r) => num(r.user_id) === target.id), key);
    const records: PlannedRecord[] = [];
    const moves: Row[] = [];
    const losers: Row[] = [];
    for (const [k, list] of groupBy(rows.filter((r) => num(r.user_id) === source.id), key)) {
      const tList = targetByKey.get(k);
      const objectId = num(list[0]!.media_id);
      const context = list[0]!.course_id === null ? 'course-independent' : `course ${String(list[0]!.course_id)}`;
      if (!tList) {
        for (const s of list) {
          moves.push(s);
          records.push(makeRecord('media_progress', T, { objectType: 'media', objectId, source: s, action: 'move', rule: 'media progress moves', note: context }, status, target.id));
        }
        continue;
      }
      const bestS = list.reduce((a, b) => (better(b, a) ? b : a));
      const bestT = tList.reduce((a, b) => (better(b, a) ? b : a));
      const sourceWins = better(bestS, bestT);
      const rule = 'ours: progress on the same media in the same context on both: the higher progress, then the later access, is kept';
      for (const s of list) {
        if (sourceWins && s === bestS) {
          moves.push(s);
          losers.push(...tList);
          records.push(makeRecord('media_progress', T, { objectType: 'media', objectId, source: s, target: bestT, action: 'take_source', rule, note: context }, status, target.id));
        } else {
          losers.push(s);
          records.push(makeRecord('media_progress', T, { objectType: 'media', objectId, source: s, target: bestT, action: 'keep_target', rule, note: context }, status, target.id));
        }
      }
    }
    return {
      records,
      async apply(a) {
        await deleteRows(a, T, losers, 'media progress: remove losing records');
        await updateRows(a, T, moves, { user_id: target.id }, 'media progress: move');
      },
    };
  },
};
