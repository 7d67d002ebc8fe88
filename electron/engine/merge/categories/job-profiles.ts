import type { JobProfileRule } from '../../../settings/merge-settings';
import type { Category, Row } from '../types';
import { pairedCategory } from './paired';

const status = (v: Record<string, unknown>) => (v.status as string | null) ?? null;
const RANK: Record<string, number> = { in_progress: 3, confirmed: 2, not_confirmed: 1 };

interface Decision {
  keep: 'source' | 'target';
  change: Row;
  rule: string;
}

export function decideJobProfile(s: Row, t: Row, rules: JobProfileRule[] | null): Decision {
  const ss = String(s.status);
  const ts = String(t.status);
  if (ts === 'completed') return { keep: 'target', change: {}, rule: ss === 'completed' ? 'completed on both: the target’s completion is kept' : 'completed on the target: Completed' };
  if (ss === 'completed') return { keep: 'source', change: {}, rule: 'completed on the source: Completed, with its completion date' };
  const rule = rules?.find((r) => r.target_status === ts && r.source_status === ss);
  if (rule) {
    return {
      keep: 'target',
      change: rule.result_status === ts ? {} : { status: rule.result_status },
      rule: `job profile rule: target ${ts} + source ${ss} → ${rule.result_status}`,
    };
  }
  const sr = RANK[ss] ?? 0;
  const tr = RANK[ts] ?? 0;
  if (sr > tr) return { keep: 'source', change: {}, rule: `ours: the higher status wins (in progress > confirmed > not confirmed): ${ss}` };
  return { keep: 'target', change: {}, rule: sr === tr ? 'ours: equal status, the target’s assignment is kept' : `ours: the higher status wins (in progress > confirmed > not confirmed): ${ts}` };
}

export const jobProfiles: Category = pairedCategory({
  name: 'job_profiles',
  table: 'user_job_profiles',
  counted: [{ label: 'Job profiles' }],
  objectType: 'job_profile',
  status,
  rule({ settings }) {
    const rules = settings.ignore_custom_rules ? null : settings.jobProfileRules;
    return (s, t) => {
      if (!t) return { action: 'move', rule: 'job profile assignments move', keep: 'source' };
      const d = decideJobProfile(s, t, rules);
      if (d.keep === 'source') return { action: 'take_source', rule: d.rule, keep: 'source' };
      return { action: Object.keys(d.change).length ? 'combine' : 'keep_target', rule: d.rule, keep: 'target', change: d.change };
    };
  },
  conflict: (s) => `both accounts are assigned job profile ${String(s.job_profile_id)}`,
  steps: { remove: 'job profiles: remove losing records', move: 'job profiles: move', update: 'job profiles: set rule status' },
});
