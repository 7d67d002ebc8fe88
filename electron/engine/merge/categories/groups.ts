import type { Category } from '../types';
import { pairedCategory } from './paired';

export const groups: Category = pairedCategory({
  name: 'groups',
  table: 'group_members',
  counted: [{ label: 'Groups' }],
  objectType: 'group',
  status: () => 'member',
  rule: ({ settings }) => (_s, t) => {
    if (!settings.merge_group_assignments) return { action: 'not_merged', rule: 'merge group assignments is off: the target’s groups remain', keep: 'unchanged', after: t ?? null };
    if (t) return { action: 'keep_target', rule: 'the target is already a member (not duplicated)', keep: 'target' };
    return { action: 'move', rule: 'merge group assignments is on: the source’s groups are added', keep: 'source' };
  },
  steps: { remove: 'groups: remove duplicates', move: 'groups: add' },
});
