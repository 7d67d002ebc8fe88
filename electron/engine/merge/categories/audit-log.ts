import type { Knex } from 'knex';
import { prefixedText } from '../../../db/dialect';
import type { LmsMapping } from '../../../db/mapping';
import { readPlanRows } from '../rows';
import type { Category, PlannedRecord, Row } from '../types';
import { makeRecord, num } from './common';

const T = 'audit_log';

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
export function formatMergeTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function auditPrefix(sourceUid: string, when: Date): string {
  return `This record was merged from ${sourceUid} on ${formatMergeTime(when)}.`;
}

/**
 * INSERT … SELECT of the source's entries as the target's, the merge comment prefixed: copied
 * by the database itself, so 20,000 rows do not travel to the tool and back.
 */
export function copyEntries(db: Knex, m: LmsMapping, sourceId: number, targetId: number, prefix: string): Knex.QueryBuilder {
  const table = m.table(T);
  const columns = Object.keys(m.select(T)).filter((c) => c !== 'id');
  const physical = columns.map((c) => m.col(T, c as never));
  // The target's id is cast: PostgreSQL takes an untyped parameter in a select list as text.
  const values = columns.map((c, i) => (c === 'user_id' ? db.raw('CAST(? AS BIGINT)', [targetId]) : c === 'comment' ? prefixedText(db, physical[i]!, prefix) : db.raw('??', [physical[i]!])));
  return db
    .into(db.raw(`?? (${physical.map(() => '??').join(', ')})`, [table, ...physical]))
    .insert(db(table).select(values).where(m.col(T, 'user_id'), sourceId).orderBy(m.col(T, 'id')));
}

export const auditLog: Category = {
  name: 'audit_log',
  claims: [{ table: T, column: 'user_id', counted: [{ label: 'Audit entries' }] }],
  async plan(ctx) {
    const { m, source, target } = ctx;
    const rows = await readPlanRows(ctx, T, 'user_id', [source.id]);
    const records: PlannedRecord[] = rows.map((s) =>
      makeRecord(
        'audit_log',
        T,
        {
          objectType: String(s.component_type),
          objectId: num(s.component_id),
          source: s,
          action: 'copy',
          rule: 'every audit entry of the source is copied to the target',
          after: null,
          note: `copy's comment begins "This record was merged from ${source.uid} on <merge time>."`,
        },
        (v) => (v.status as string | null) ?? (v.event as string | null) ?? null,
        target.id,
      ),
    );
    return {
      records,
      untouched: { table: T, column: 'user_id', rows },
      async apply(a) {
        if (rows.length === 0) return;
        const table = m.table(T);
        const idCol = m.col(T, 'id');
        const prefix = auditPrefix(source.uid, a.mergeTime);
        const maxRow = await a.db(table).max({ max: idCol }).first();
        const maxBefore = Number(maxRow?.max ?? 0);
        await copyEntries(a.db, m, source.id, target.id, prefix);
        await a.step('audit log: copy entries');
        // The copies' ids, by explicit lookup (no RETURNING): the target's entries added after the largest id.
        const added = await a.db(table)
          .select(m.select(T))
          .where(m.col(T, 'user_id'), target.id)
          .where(idCol, '>', maxBefore)
          .orderBy(idCol);
        for (const r of added as Row[]) {
          if (typeof r.comment !== 'string' || !r.comment.startsWith(prefix)) continue;
          a.journal.add(table, 'insert', { [idCol]: r.id }, null, m.toDbRow(T, r as never));
        }
      },
    };
  },
};
