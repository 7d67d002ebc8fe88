import type { Knex } from 'knex';
import { LMS_TABLE_NAMES, tableSpec } from '../../electron/db/lms-tables';
import type { LmsMapping } from '../../electron/db/mapping';

/**
 * The one database snapshot of the tests: every row of every LMS table, as stored (driver
 * values), in key order, plus the named tool tables (ordered by id). Compare two with
 * toEqual, or name the tables that differ with changedTables.
 */
export async function snapshotLms(db: Knex, m: LmsMapping, toolTables: readonly string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of LMS_TABLE_NAMES) {
    const key = tableSpec(t).primary ?? ['id'];
    out[t] = await db(m.table(t)).select('*').orderBy(key.map((c) => m.col(t, c as never)));
  }
  for (const t of toolTables) out[t] = await db(t).select('*').orderBy('id');
  return out;
}

/** The tables whose serialised content differs between two snapshots. */
export function changedTables(a: Record<string, unknown[]>, b: Record<string, unknown[]>): string[] {
  return Object.keys(a).filter((t) => JSON.stringify(a[t]) !== JSON.stringify(b[t]));
}
