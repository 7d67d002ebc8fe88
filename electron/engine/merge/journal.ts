import type { Knex } from 'knex';
import { bulkInsert } from '../../db/bulk-insert';
import { dateTimeText, insertTextRows } from '../../db/dialect';

export type JournalOp = 'insert' | 'update' | 'delete';

interface Entry {
  table_name: string;
  op: JournalOp;
  row_key: string;
  before_json: string | null;
  after_json: string | null;
}

/**
 * JSON of a row; date-times keep the digits beyond the millisecond a driver read (SQL Server
 * datetime2). Rows are flat, so only their own values can be dates: those are replaced before
 * a plain JSON.stringify (a replacer function, called for every key, cost a quarter of the
 * journal's time on a heavy pair).
 */
function json(row: Record<string, unknown>): string {
  let copy: Record<string, unknown> | null = null;
  for (const k in row) {
    const v = row[k];
    if (v instanceof Date) (copy ??= { ...row })[k] = dateTimeText(v);
  }
  return JSON.stringify(copy ?? row);
}

/**
 * md_merge_journal: every row a merge inserted, updated or deleted, with its before-image
 * (physical table and column names, values as stored) — enough to undo the merge.
 * Entries are collected while applying and written in bulk inside the same transaction.
 *
 * An update's after_json may hold only the columns it set (`addUpdates`; journals written
 * before, and an undo's, hold the whole row): the row after is its before-image with those
 * columns, which is what `afterImage` reads for both forms. That keeps one journal row per
 * row written (recovery counts them), and saves writing every moved row twice.
 */
export class Journal {
  private entries: Entry[] = [];

  constructor(readonly runId: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** A row written; an image given as text is its JSON already (an undo journaling a row as the merge journaled it). */
  add(table: string, op: JournalOp, key: Record<string, unknown>, before: Record<string, unknown> | string | null, after: Record<string, unknown> | string | null): void {
    this.entries.push({
      table_name: table,
      op,
      row_key: json(key),
      before_json: before === null ? null : typeof before === 'string' ? before : json(before),
      after_json: after === null ? null : typeof after === 'string' ? after : json(after),
    });
  }

  /** One update that set the same columns (`change`, physical) on many rows: its JSON is made once. */
  addUpdates(table: string, rows: readonly { key: Record<string, unknown>; before: Record<string, unknown> }[], change: Record<string, unknown>): void {
    const after = json(change);
    for (const r of rows) this.entries.push({ table_name: table, op: 'update', row_key: json(r.key), before_json: json(r.before), after_json: after });
  }

  /** Writes the collected entries (numbered in the order they happened). */
  async flush(db: Knex): Promise<void> {
    const rows = this.entries.map((e, i) => ({ run_id: this.runId, seq: i + 1, ...e }));
    const columns = ['run_id', 'seq', 'table_name', 'op', 'row_key', 'before_json', 'after_json'];
    await insertTextRows(db, 'md_merge_journal', columns, rows, (list) => bulkInsert(db, 'md_merge_journal', list));
  }
}

/** The row after a journal entry: an update's after_json may hold only the columns it set (see Journal). */
export function afterImage(op: JournalOp, before: Record<string, unknown> | null, after: Record<string, unknown> | null): Record<string, unknown> | null {
  return op === 'update' && before && after ? { ...before, ...after } : after;
}
