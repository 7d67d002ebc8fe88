import { insertKeyedRows, readPlanRows, updateEach, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

const T = 'user_attributes';
const empty = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
/** Columns of `users` treated as personal attributes besides user_attributes. */
const USER_FIELDS = ['phone', 'birth_date'] as const;

export const attributes: Category = {
  name: 'attributes',
  claims: [{ table: 'user_attributes', column: 'user_id' }],
  async plan(ctx) {
    const { source, target, settings } = ctx;
    const on = settings.merge_person_attributes;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetBy = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [String(r.name), r]));
    const records: PlannedRecord[] = [];
    const inserts: Row[] = [];
    const updates: { row: Row; change: Row }[] = [];
    const userChange: Row = {};
    const value = (v: Record<string, unknown>) => (v.value as string | null) ?? null;
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetBy.get(String(s.name));
      const base = { objectType: 'attribute', objectId: String(s.name), source: s, target: t };
      if (!on) {
        records.push(makeRecord('attributes', T, { ...base, action: 'not_merged', rule: 'merge person attributes is off', after: t ?? null }, value, target.id));
      } else if (empty(s.value)) {
        records.push(makeRecord('attributes', T, { ...base, action: 'keep_target', rule: 'the source’s value is empty', after: t ?? null }, value, target.id));
      } else if (!t) {
        const row = { user_id: target.id, name: s.name, value: s.value };
        inserts.push(row);
        records.push(makeRecord('attributes', T, { ...base, action: 'take_source', rule: 'the target has no value: it takes the source’s', after: row }, value, target.id));
      } else if (empty(t.value)) {
        updates.push({ row: t, change: { value: s.value } });
        records.push(makeRecord('attributes', T, { ...base, action: 'take_source', rule: 'the target’s value is empty: it takes the source’s', after: { ...t, value: s.value } }, value, target.id));
      } else {
        records.push(makeRecord('attributes', T, { ...base, action: 'keep_target', rule: 'the target’s value is never overwritten' }, value, target.id));
      }
    }
    for (const f of USER_FIELDS) {
      const sv = source.raw[f];
      const tv = target.raw[f];
      if (empty(sv)) continue;
      const pick = (v: unknown) => ({ id: target.id, [f]: v });
      const fieldStatus = (v: Record<string, unknown>) => (v[f] as string | null) ?? null;
      const base = { objectType: 'user_field', objectId: f, source: { id: source.id, [f]: sv }, target: { id: target.id, [f]: tv } };
      if (!on) records.push(makeRecord('attributes', 'users', { ...base, action: 'not_merged', rule: 'merge person attributes is off', after: pick(tv) }, fieldStatus, target.id, 'id'));
      else if (empty(tv)) {
        userChange[f] = sv;
        records.push(makeRecord('attributes', 'users', { ...base, action: 'take_source', rule: 'the target’s value is empty: it takes the source’s', after: pick(sv) }, fieldStatus, target.id, 'id'));
      } else records.push(makeRecord('attributes', 'users', { ...base, action: 'keep_target', rule: 'the target’s value is never overwritten', after: pick(tv) }, fieldStatus, target.id, 'id'));
    }
    return {
      records,
      async apply(a) {
        await insertKeyedRows(a, T, inserts, 'attributes: add missing');
        await updateEach(a, T, updates, 'attributes: fill empty');
        if (Object.keys(userChange).length) {
          await updateRows(a, 'users', [target.raw], userChange, 'attributes: fill empty user fields');
          Object.assign(target.raw, userChange);
        }
      },
    };
  },
};
