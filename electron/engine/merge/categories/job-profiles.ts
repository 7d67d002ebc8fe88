import type { JobProfileRule } from '../../../settings/merge-settings';
import { deleteRows, readPlanRows, updateEach, updateRows } from '../rows';
import type { Category, Conflict, PlannedRecord, Row } from '../types';
import { conflictRecord, makeRecord, num } from './common';

const T = 'user_job_profiles';
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

export const jobProfiles: Category = {
  name: 'job_profiles',
  async plan(ctx) {
    const { db, m, source, target, settings } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetBy = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [num(r.job_profile_id), r]));
    const records: PlannedRecord[] = [];
    const conflicts: Conflict[] = [];
    const moves: Row[] = [];
    const losers: Row[] = [];
    const changes: { row: Row; change: Row }[] = [];
    const rules = settings.ignore_custom_rules ? null : settings.jobProfileRules;
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetBy.get(num(s.job_profile_id));
      const base = { objectType: 'job_profile', objectId: num(s.job_profile_id), source: s };
      if (!t) {
        moves.push(s);
        records.push(makeRecord('job_profiles', T, { ...base, action: 'move', rule: 'job profile assignments move' }, status, target.id));
        continue;
      }
      const d = decideJobProfile(s, t, rules);
      let rec;
      if (d.keep === 'source') {
        losers.push(t);
        moves.push(s);
        rec = makeRecord('job_profiles', T, { ...base, target: t, action: 'take_source', rule: d.rule }, status, target.id);
      } else {
        losers.push(s);
        if (Object.keys(d.change).length) changes.push({ row: t, change: d.change });
        rec = makeRecord('job_profiles', T, { ...base, target: t, action: Object.keys(d.change).length ? 'combine' : 'keep_target', rule: d.rule, after: { ...t, ...d.change } }, status, target.id);
      }
      const c = conflictRecord(rec, settings.abort_on_conflict, `both accounts are assigned job profile ${String(s.job_profile_id)}`);
      records.push(c.record);
      conflicts.push(c.conflict);
    }
    return {
      records,
      conflicts,
      async apply(a) {
        await deleteRows(a, T, losers, 'job profiles: remove losing records');
        await updateRows(a, T, moves, { user_id: target.id }, 'job profiles: move');
        await updateEach(a, T, changes, 'job profiles: set rule status');
      },
    };
  },
};
