import { toTime } from '../rows';
import type { Category, Row } from '../types';
import { num } from './common';
import { pairedCategory } from './paired';

const status = (v: Record<string, unknown>) => (v.protected_level === null || v.protected_level === undefined ? null : `level ${String(v.protected_level)}`);

export const levelProtections: Category = pairedCategory({
  name: 'level_protections',
  table: 'level_protections',
  counted: [{ label: 'Level protections' }],
  objectType: 'learning_path',
  status,
  async rule({ db, m, source }) {
    const client = await db(m.table('clients'))
      .select(m.select('clients', ['id', 'keep_highest_level_protection']))
      .where(m.col('clients', 'id'), source.client_id)
      .first();
    const keep = Boolean(client && (client.keep_highest_level_protection === true || Number(client.keep_highest_level_protection) === 1));
    return (s, t) => {
      if (!keep) return { action: 'not_merged', rule: 'the source client does not keep the highest individual level protection', keep: 'unchanged', after: t ?? null };
      if (!t) return { action: 'move', rule: 'level protection only on the source account moves', keep: 'source' };
      const level = Math.max(num(s.protected_level), num(t.protected_level));
      const se = toTime(s.protection_end_date);
      const te = toTime(t.protection_end_date);
      const end = se === null || te === null ? null : se > te ? s.protection_end_date : t.protection_end_date;
      const change: Row = {};
      if (level !== num(t.protected_level)) change.protected_level = level;
      if ((end === null ? null : toTime(end)) !== te) change.protection_end_date = end;
      return {
        action: Object.keys(change).length ? 'combine' : 'keep_target',
        rule: `highest protected level kept; end date: ${se === null || te === null ? 'none (an account has no end date)' : 'the one furthest in the future'}`,
        keep: 'target',
        change,
      };
    };
  },
  steps: { remove: 'level protections: remove source duplicates', move: 'level protections: move', update: 'level protections: keep highest' },
});
