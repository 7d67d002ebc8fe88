import { deleteRows, readPlanRows, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

const T = 'group_members';

export const groups: Category = {
  name: 'groups',
  async plan(ctx) {
    const { db, m, source, target, settings } = ctx;
    const on = settings.merge_group_assignments;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetBy = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [num(r.group_id), r]));
    const records: PlannedRecord[] = [];
    const moves: Row[] = [];
    const dupes: Row[] = [];
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetBy.get(num(s.group_id));
      const base = { objectType: 'group', objectId: num(s.group_id), source: s, target: t };
      if (!on) records.push(makeRecord('groups', T, { ...base, action: 'not_merged', rule: 'merge group assignments is off: the target’s groups remain', after: t ?? null }, () => 'member', target.id));
      else if (t) {
        dupes.push(s);
        records.push(makeRecord('groups', T, { ...base, action: 'keep_target', rule: 'the target is already a member (not duplicated)' }, () => 'member', target.id));
      } else {
        moves.push(s);
        records.push(makeRecord('groups', T, { ...base, action: 'move', rule: 'merge group assignments is on: the source’s groups are added' }, () => 'member', target.id));
      }
    }
    return {
      records,
      async apply(a) {
        await deleteRows(a, T, dupes, 'groups: remove duplicates');
        await updateRows(a, T, moves, { user_id: target.id }, 'groups: add');
      },
    };
  },
};
