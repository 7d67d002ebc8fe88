import { deleteRows, readPlanRows, updateEach, updateRows } from '../rows';
import type { Category, Conflict, PlannedRecord, Row } from '../types';
import { conflictRecord, makeRecord, num } from './common';

const T = 'user_skills';
const status = (v: Record<string, unknown>) => (v.achieved_value === null || v.achieved_value === undefined ? null : `value ${String(v.achieved_value)}`);

export const skills: Category = {
  name: 'skills',
  async plan(ctx) {
    const { db, m, source, target, settings } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetBy = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [num(r.skill_id), r]));
    const records: PlannedRecord[] = [];
    const conflicts: Conflict[] = [];
    const moves: Row[] = [];
    const losers: Row[] = [];
    const changes: { row: Row; change: Row }[] = [];
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetBy.get(num(s.skill_id));
      const base = { objectType: 'skill', objectId: num(s.skill_id), source: s };
      if (!t) {
        moves.push(s);
        records.push(makeRecord('skills', T, { ...base, action: 'move', rule: 'skill assignments move' }, status, target.id));
        continue;
      }
      losers.push(s);
      let rec;
      if (num(s.achieved_value) > num(t.achieved_value)) {
        const change = { achieved_value: s.achieved_value, expires_at: s.expires_at ?? null };
        changes.push({ row: t, change });
        rec = makeRecord('skills', T, { ...base, target: t, action: 'take_source', rule: 'source’s achieved value is greater: the target takes it and its expiry date', after: { ...t, ...change } }, status, target.id);
      } else {
        const cmp = num(s.achieved_value) === num(t.achieved_value) ? 'equal' : 'smaller';
        rec = makeRecord('skills', T, { ...base, target: t, action: 'keep_target', rule: `source’s achieved value is ${cmp}: the target’s value stays, no expiry date is transferred` }, status, target.id);
      }
      const c = conflictRecord(rec, settings.abort_on_conflict, `both accounts hold skill ${String(s.skill_id)}`);
      records.push(c.record);
      conflicts.push(c.conflict);
    }
    const history = await readPlanRows(ctx, 'skill_history', 'user_id', [source.id]);
    for (const h of history) {
      records.push(
        makeRecord('skills', 'skill_history', { objectType: 'skill_history', objectId: num(h.skill_id), source: h, action: 'move', rule: 'the complete skill history moves' }, (v) => (v.value === null ? null : `value ${String(v.value)}`), target.id),
      );
    }
    return {
      records,
      conflicts,
      async apply(a) {
        await deleteRows(a, T, losers, 'skills: remove source duplicates');
        await updateRows(a, T, moves, { user_id: target.id }, 'skills: move');
        await updateEach(a, T, changes, 'skills: take greater values');
        await updateRows(a, 'skill_history', history, { user_id: target.id }, 'skills: move history');
      },
    };
  },
};
