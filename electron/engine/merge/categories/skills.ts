import { readPlanRows, updateRows } from '../rows';
import type { Category } from '../types';
import { makeRecord, num } from './common';
import { pairedClaim, planPaired, type PairedSpec } from './paired';

const status = (v: Record<string, unknown>) => (v.achieved_value === null || v.achieved_value === undefined ? null : `value ${String(v.achieved_value)}`);

const assignments: PairedSpec = {
  name: 'skills',
  table: 'user_skills',
  objectType: 'skill',
  status,
  rule: () => (s, t) => {
    if (!t) return { action: 'move', rule: 'skill assignments move', keep: 'source' };
    if (num(s.achieved_value) > num(t.achieved_value)) {
      return { action: 'take_source', rule: 'source’s achieved value is greater: the target takes it and its expiry date', keep: 'target', change: { achieved_value: s.achieved_value, expires_at: s.expires_at ?? null } };
    }
    const cmp = num(s.achieved_value) === num(t.achieved_value) ? 'equal' : 'smaller';
    return { action: 'keep_target', rule: `source’s achieved value is ${cmp}: the target’s value stays, no expiry date is transferred`, keep: 'target' };
  },
  conflict: (s) => `both accounts hold skill ${String(s.skill_id)}`,
  steps: { remove: 'skills: remove source duplicates', move: 'skills: move', update: 'skills: take greater values' },
};

/** Skill assignments pair by skill; the source's skill history moves as a whole. */
export const skills: Category = {
  name: 'skills',
  claims: [pairedClaim('user_skills', [{ label: 'Skills' }]), { table: 'skill_history', column: 'user_id' }],
  async plan(ctx) {
    const { source, target } = ctx;
    const paired = await planPaired(ctx, assignments);
    const history = await readPlanRows(ctx, 'skill_history', 'user_id', [source.id]);
    const records = [...paired.records];
    for (const h of history) {
      records.push(
        makeRecord('skills', 'skill_history', { objectType: 'skill_history', objectId: num(h.skill_id), source: h, action: 'move', rule: 'the complete skill history moves' }, (v) => (v.value === null ? null : `value ${String(v.value)}`), target.id),
      );
    }
    return {
      records,
      conflicts: paired.conflicts,
      async apply(a) {
        await paired.apply(a);
        await updateRows(a, 'skill_history', history, { user_id: target.id }, 'skills: move history');
      },
    };
  },
};
