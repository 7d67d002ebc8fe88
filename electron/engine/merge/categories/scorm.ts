import type { Category } from '../types';
import { pairedCategory } from './paired';

export const scorm: Category = pairedCategory({
  name: 'scorm',
  table: 'scorm_data',
  counted: [{ label: 'SCORM' }],
  objectType: 'sco',
  status: (v) => (v.completion_status as string | null) ?? null,
  rule: () => (s, t) => {
    if (!t) return { action: 'move', rule: 'SCO data only on the source account moves', keep: 'source' };
    const sc = s.completion_status === 'completed';
    const tc = t.completion_status === 'completed';
    if (sc && !tc) return { action: 'take_source', rule: 'SCO completed on the source account only: the source’s SCORM data is kept', keep: 'source' };
    const rule = sc && tc ? 'SCO completed on both accounts: the target’s SCORM data is kept' : tc ? 'SCO completed on the target account only: the target’s SCORM data is kept' : 'SCO completed on neither account: the target’s SCORM data is kept';
    return { action: 'keep_target', rule, keep: 'target' };
  },
  steps: { remove: 'scorm: remove losing records', move: 'scorm: move' },
});
