/** Which users a scan reads: every user that is not deleted or anonymised. */
import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';

export const EXCLUDED_STATUSES = ['deleted', 'anonymised'] as const;

/** The users query of a scan (before columns, order and paging). */
export function scannedUsers(db: Knex, m: LmsMapping): Knex.QueryBuilder {
  return db(m.table('users')).whereNotIn(
    m.col('users', 'status'),
    EXCLUDED_STATUSES.map((s) => m.value('users', 'status', s)),
  );
}

export async function countScannedUsers(db: Knex, m: LmsMapping): Promise<number> {
  const row = (await scannedUsers(db, m).count({ n: '*' }).first()) as { n?: number | string } | undefined;
  return Number(row?.n ?? 0);
}
