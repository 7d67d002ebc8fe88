import type { Knex } from 'knex';

/**
 * The dialect-specific SQL of the tool lives here (and in bulk-insert.ts); everything
 * else is plain Knex that compiles for SQLite, PostgreSQL and SQL Server alike.
 */
export type Dialect = 'sqlite' | 'postgres' | 'mssql';

export function dialectOf(db: Knex): Dialect {
  const client = String(db.client.config.client);
  if (client === 'better-sqlite3' || client === 'sqlite3') return 'sqlite';
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') return 'postgres';
  if (client === 'mssql') return 'mssql';
  throw new Error(`Unsupported Knex client ${client}`);
}

/** The server's own description of itself, for doctor. */
export async function serverVersion(db: Knex): Promise<string> {
  const dialect = dialectOf(db);
  const sql = { sqlite: 'select sqlite_version() as v', postgres: 'select version() as v', mssql: 'select @@VERSION as v' }[dialect];
  const res = await db.raw(sql);
  const rows: { v: string }[] = dialect === 'postgres' ? res.rows : res;
  const v = String(rows[0]?.v ?? '').split('\n')[0]!.trim();
  return dialect === 'sqlite' ? `SQLite ${v}` : v;
}
