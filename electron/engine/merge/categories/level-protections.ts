import { deleteRows, readPlanRows, toTime, updateEach, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

const T = 'level_protections';
const status = (v: Record<string, unknown>) => (v.protected_level === null || v.protected_level === undefined ? null : `level ${String(v.protected_level)}`);

export const levelProtections: Category = {
  name: 'level_protections',
  async plan(ctx) {
    const { db, m, source, target } = ctx;
    const client = await db(m.table('clients'))
      .select(m.select('clients', ['id', 'keep_highest_level_protection']))
      .where(m.col('clients', 'id'), source.client_id)
      .first();
    const keep = Boolean(client && (client.keep_highest_level_protection === true || Number(client.keep_highest_level_protection) === 1));
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetBy = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [num(r.learning_path_id), r]));
    const records: PlannedRecord[] = [];
    const moves: Row[] = [];
    const losers: Row[] = [];
    const changes: { row: Row; change: Row }[] = [];
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetBy.get(num(s.learning_path_id));
      const base = { objectType: 'learning_path', objectId: num(s.learning_path_id), source: s };
      if (!keep) {
        records.push(
          makeRecord('level_protections', T, { ...base, target: t, action: 'not_merged', rule: 'the source client does not keep the highest individual level protection', after: t ?? null }, status, target.id),
        );
        continue;
      }
      if (!t) {
        moves.push(s);
        records.push(makeRecord('level_protections', T, { ...base, action: 'move', rule: 'level protection only on the source account moves' }, status, target.id));
        continue;
      }
      losers.push(s);
      const level = Math.max(num(s.protected_level), num(t.protected_level));
      const se = toTime(s.protection_end_date);
      const te = toTime(t.protection_end_date);
      const end = se === null || te === null ? null : se > te ? s.protection_end_date : t.protection_end_date;
      const change: Row = {};
      if (level !== num(t.protected_level)) change.protected_level = level;
      if ((end === null ? null : toTime(end)) !== te) change.protection_end_date = end;
      if (Object.keys(change).length) changes.push({ row: t, change });
      records.push(
        makeRecord(
          'level_protections',
          T,
          {
            ...base,
            target: t,
            action: Object.keys(change).length ? 'combine' : 'keep_target',
            rule: `highest protected level kept; end date: ${se === null || te === null ? 'none (an account has no end date)' : 'the one furthest in the future'}`,
            after: { ...t, ...change },
          },
          status,
          target.id,
        ),
      );
    }
    return {
      records,
      async apply(a) {
        if (!keep) return;
        await deleteRows(a, T, losers, 'level protections: remove source duplicates');
        await updateRows(a, T, moves, { user_id: target.id }, 'level protections: move');
        await updateEach(a, T, changes, 'level protections: keep highest');
      },
    };
  },
};
