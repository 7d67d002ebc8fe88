import { enrolmentStatusName, enrolmentStatusRank } from '../../../../shared/enrolment-statuses';
import type { PortfolioRule } from '../../../settings/merge-settings';
import { deleteRows, readPlanRows, toTime, updateEach, updateRows } from '../rows';
import type { Category, Conflict, PlannedRecord, Row } from '../types';
import { conflictRecord, groupBy, makeRecord, num } from './common';

const T = 'enrolments';
const status = (v: Record<string, unknown>) => (v.status_id === null || v.status_id === undefined ? null : `${enrolmentStatusName(num(v.status_id))} (${String(v.status_id)})`);

interface Decision {
  keep: 'source' | 'target';
  result: number;
  rule: string;
}

/** Which enrolment survives when both accounts are enrolled on the course (docs/merge-rules.md: ranking + portfolio rules). */
export function decideEnrolment(s: Row, t: Row, rules: PortfolioRule[] | null): Decision {
  const ss = num(s.status_id);
  const ts = num(t.status_id);
  const rule = rules?.find((r) => r.target_status_id === ts && r.source_status_id === ss);
  const byTime = (pick: 'earliest' | 'latest'): 'source' | 'target' => {
    const st = toTime(s.status_at) ?? 0;
    const tt = toTime(t.status_at) ?? 0;
    if (st === tt) return 'target';
    return (pick === 'earliest' ? st < tt : st > tt) ? 'source' : 'target';
  };
  if (rule) {
    const text = `portfolio rule: target ${enrolmentStatusName(ts)} + source ${enrolmentStatusName(ss)} → ${enrolmentStatusName(rule.result_status_id)}, dates merge type ${rule.dates_merge_type}`;
    let keep: 'source' | 'target';
    if (ss === ts) {
      keep = rule.dates_merge_type === 'earliest' || rule.dates_merge_type === 'latest' ? byTime(rule.dates_merge_type) : rule.dates_merge_type;
    } else if (rule.result_status_id === ss) keep = 'source';
    else if (rule.result_status_id === ts) keep = 'target';
    else keep = enrolmentStatusRank(ss) < enrolmentStatusRank(ts) ? 'source' : 'target';
    return { keep, result: rule.result_status_id, rule: text };
  }
  const sr = enrolmentStatusRank(ss);
  const tr = enrolmentStatusRank(ts);
  if (sr !== tr) {
    const keep = sr < tr ? 'source' : 'target';
    return { keep, result: keep === 'source' ? ss : ts, rule: `priority ranking: ${enrolmentStatusName(keep === 'source' ? ss : ts)} ranks above ${enrolmentStatusName(keep === 'source' ? ts : ss)}` };
  }
  const keep = byTime('earliest');
  return { keep, result: ts, rule: `equal status ${enrolmentStatusName(ts)}: the earliest status timestamp is retained (${keep}'s)` };
}

export const enrolments: Category = {
  name: 'enrolments',
  async plan(ctx) {
    const { db, m, source, target, settings } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id, target.id]);
    const targetByCourse = new Map(rows.filter((r) => num(r.user_id) === target.id).map((r) => [num(r.course_id), r]));
    const records: PlannedRecord[] = [];
    const conflicts: Conflict[] = [];
    const moves: Row[] = [];
    const losers: Row[] = [];
    const keepTargetChanges: { row: Row; change: Row }[] = [];
    const takeSource: { row: Row; change: Row }[] = [];
    const rules = settings.ignore_custom_rules ? null : settings.portfolioRules;
    for (const s of rows.filter((r) => num(r.user_id) === source.id)) {
      const t = targetByCourse.get(num(s.course_id));
      const base = { objectType: 'course', objectId: num(s.course_id), source: s };
      if (!t) {
        moves.push(s);
        records.push(makeRecord('enrolments', T, { ...base, action: 'move', rule: 'enrolment only on the source account moves' }, status, target.id));
        continue;
      }
      const d = decideEnrolment(s, t, rules);
      let rec: PlannedRecord;
      if (d.keep === 'target') {
        losers.push(s);
        if (d.result !== num(t.status_id)) keepTargetChanges.push({ row: t, change: { status_id: d.result } });
        rec = makeRecord('enrolments', T, { ...base, target: t, action: 'keep_target', rule: d.rule, after: { ...t, status_id: d.result } }, status, target.id);
      } else {
        losers.push(t);
        takeSource.push({ row: s, change: { user_id: target.id, status_id: d.result } });
        rec = makeRecord('enrolments', T, { ...base, target: t, action: 'take_source', rule: d.rule, after: { ...s, user_id: target.id, status_id: d.result } }, status, target.id);
      }
      const c = conflictRecord(rec, settings.abort_on_conflict, `both accounts are enrolled on course ${String(s.course_id)}`);
      records.push(c.record);
      conflicts.push(c.conflict);
    }
    return {
      records,
      conflicts,
      async apply(a) {
        await deleteRows(a, T, losers, 'enrolments: remove losing records');
        await updateRows(a, T, moves, { user_id: target.id }, 'enrolments: move');
        await updateEach(a, T, takeSource, 'enrolments: take source records');
        await updateEach(a, T, keepTargetChanges, 'enrolments: set rule status');
      },
    };
  },
};
