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

/**
 * Locks the rows a select reads until the transaction ends: PostgreSQL `FOR UPDATE`,
 * SQL Server `WITH (UPDLOCK)` (both via Knex's forUpdate); SQLite needs nothing, its
 * writer lock already serialises writing transactions.
 */
export function lockForUpdate<T extends Knex.QueryBuilder>(db: Knex, qb: T): T {
  return dialectOf(db) === 'sqlite' ? qb : (qb.forUpdate() as T);
}

/**
 * Inserts many rows of text and integer columns (no dates: they would pass through JSON)
 * with few parameters: PostgreSQL sends each chunk as one JSON parameter expanded by
 * `json_populate_recordset`; other dialects use the caller's chunked insert.
 */
export async function insertTextRows(
  db: Knex,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, string | number | null>[],
  fallback: (rows: Record<string, string | number | null>[]) => Promise<void>,
): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(db) !== 'postgres') {
    await fallback([...rows]);
    return;
  }
  const list = columns.map(() => '??').join(', ');
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await db.raw(`insert into ?? (${list}) select ${list} from json_populate_recordset(null::??, ?)`, [table, ...columns, ...columns, table, JSON.stringify(chunk)]);
  }
}

/**
 * SQLite: takes the database's writer lock at the start of a transaction (an UPDATE of a
 * nullable column that matches no row, id -1, still opens the write transaction), so what the transaction reads cannot
 * be changed by another writer before it commits. PostgreSQL and SQL Server lock rows instead.
 */
export async function takeWriterLock(trx: Knex.Transaction, table: string, column: string): Promise<void> {
  if (dialectOf(trx) === 'sqlite') await trx(table).where('id', -1).update({ [column]: null });
}

/**
 * Proves a fresh connection works. For SQLite this also reads the schema, because the
 * driver opens any file lazily and only a read reveals "file is not a database".
 */
export async function probeConnection(db: Knex): Promise<void> {
  await db.raw(dialectOf(db) === 'sqlite' ? 'select count(*) as n from sqlite_master' : 'select 1 as ok');
}

/**
 * A case-insensitive "contains" condition on a column. LIKE's case rules differ
 * (PostgreSQL: sensitive; SQL Server: by collation; SQLite: insensitive for ASCII), so
 * both sides are lowered; `\` escapes the wildcards in the user's text.
 */
export function containsIgnoringCase(db: Knex, column: string, text: string): Knex.Raw {
  const pattern = `%${text.replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
  return db.raw('lower(??) like lower(?) escape ?', [column, pattern, '\\']);
}
