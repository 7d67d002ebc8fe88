import { enrolmentStatusName, enrolmentStatusRank } from '@shared/enrolment-statuses';
import type { PortfolioRule } from '../../../settings/merge-settings';
import { toTime } from '../rows';
import type { Category, Row } from '../types';
import { num } from './common';
import { pairedCategory } from './paired';

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

export const enrolments: Category = pairedCategory({
  name: 'enrolments',
  table: 'enrolments',
  objectType: 'course',
  counted: [{ label: 'Enrolments' }, { label: 'Completions', whereSet: 'completed_at' }],
  status,
  rule({ settings }) {
    const rules = settings.ignore_custom_rules ? null : settings.portfolioRules;
    return (s, t) => {
      if (!t) return { action: 'move', rule: 'enrolment only on the source account moves', keep: 'source' };
      const d = decideEnrolment(s, t, rules);
      if (d.keep === 'target') {
        return { action: 'keep_target', rule: d.rule, keep: 'target', change: d.result !== num(t.status_id) ? { status_id: d.result } : {}, after: { ...t, status_id: d.result } };
      }
      return { action: 'take_source', rule: d.rule, keep: 'source', change: { status_id: d.result } };
    };
  },
  conflict: (s) => `both accounts are enrolled on course ${String(s.course_id)}`,
  steps: { remove: 'enrolments: remove losing records', move: 'enrolments: move', takeSource: 'enrolments: take source records', update: 'enrolments: set rule status' },
});
