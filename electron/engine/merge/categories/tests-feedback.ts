import { readPlanRows, updateRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

/** Tests and feedback share a rule: only finished attempts/responses move, status kept. */
function finishedOnly(name: string, t: 'test_attempts' | 'feedback_responses', label: string, objectType: string, objectCol: string, moving: readonly string[]): Category {
  const status = (v: Record<string, unknown>) => (v.status as string | null) ?? null;
  return {
    name,
    claims: [{ table: t, column: 'user_id', counted: [{ label }] }],
    async plan(ctx) {
      const { source, target } = ctx;
      const rows = await readPlanRows(ctx, t, 'user_id', [source.id]);
      const records: PlannedRecord[] = [];
      const moves: Row[] = [];
      for (const s of rows) {
        const base = { objectType, objectId: num(s[objectCol]), source: s };
        if (moving.includes(String(s.status))) {
          moves.push(s);
          records.push(makeRecord(name, t, { ...base, action: 'move', rule: `${String(s.status)} ${objectType === 'test' ? 'attempts' : 'responses'} move with their status` }, status, target.id));
        } else {
          records.push(
            makeRecord(name, t, { ...base, action: 'not_merged', rule: `only ${moving.join(', ')} ${objectType === 'test' ? 'attempts' : 'responses'} are merged`, after: null, note: 'stays with the source account' }, status, target.id),
          );
        }
      }
      return {
        records,
        async apply(a) {
          await updateRows(a, t, moves, { user_id: target.id }, `${name}: move`);
        },
      };
    },
  };
}

export const tests = finishedOnly('tests', 'test_attempts', 'Tests', 'test', 'test_id', ['completed', 'submitted', 'pending_review']);
export const feedback = finishedOnly('feedback', 'feedback_responses', 'Feedback', 'feedback_form', 'form_id', ['submitted']);
