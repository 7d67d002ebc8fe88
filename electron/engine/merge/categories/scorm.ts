import { deleteRows, readPlanRows, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

const T = 'scorm_data';
const status = (v: Record<string, unknown>) => (v.completion_status as string | null) ?? null;

export const scorm: Category = {
  name: 'scorm',
  async plan(ctx) {
    const { db, m, source, target } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetBySco = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [num(r.sco_id), r]));
    const records: PlannedRecord[] = [];
    const moves: Row[] = [];
    const losers: Row[] = [];
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetBySco.get(num(s.sco_id));
      const base = { objectType: 'sco', objectId: num(s.sco_id), source: s };
      if (!t) {
        moves.push(s);
        records.push(makeRecord('scorm', T, { ...base, action: 'move', rule: 'SCO data only on the source account moves' }, status, target.id));
        continue;
      }
      const sc = s.completion_status === 'completed';
      const tc = t.completion_status === 'completed';
      if (sc && !tc) {
        losers.push(t);
        moves.push(s);
        records.push(makeRecord('scorm', T, { ...base, target: t, action: 'take_source', rule: 'SCO completed on the source account only: the source’s SCORM data is kept' }, status, target.id));
      } else {
        losers.push(s);
        const rule = sc && tc ? 'SCO completed on both accounts: the target’s SCORM data is kept' : tc ? 'SCO completed on the target account only: the target’s SCORM data is kept' : 'SCO completed on neither account: the target’s SCORM data is kept';
        records.push(makeRecord('scorm', T, { ...base, target: t, action: 'keep_target', rule }, status, target.id));
      }
    }
    return {
      records,
      async apply(a) {
        await deleteRows(a, T, losers, 'scorm: remove losing records');
        await updateRows(a, T, moves, { user_id: target.id }, 'scorm: move');
      },
    };
  },
};
