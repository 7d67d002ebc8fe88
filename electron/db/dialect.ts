import { createRequire } from 'node:module';
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

/**
 * `column IN (values)` for a list of keys. PostgreSQL: `column = any(?)` with the list as one
 * array parameter, in lists as long as `keyListSize` allows — a statement with a thousand
 * parameters cost PostgreSQL more to parse and plan than to run (20,000 deletes in 1,000-id
 * lists: 380 ms). SQLite and SQL Server: a plain IN list (SQL Server's limit is 2,100 parameters).
 */
export function whereInList(q: Knex.QueryBuilder, column: string, values: readonly unknown[]): Knex.QueryBuilder {
  if (dialectOf(q as unknown as Knex) === 'postgres') return q.whereRaw('?? = any(?)', [column, values as unknown as string[]]);
  return q.whereIn(column, values as never);
}

/** How many keys one whereInList takes on this dialect. */
export function keyListSize(db: Knex, otherwise: number): number {
  return dialectOf(db) === 'postgres' ? 20_000 : otherwise;
}

/**
 * A text column with `prefix` written before it: the prefix alone where the column is NULL or
 * empty, otherwise prefix, a space and the text. SQL Server compares `''` ignoring trailing
 * spaces (a comment of spaces would count as empty), so there the empty test is on its length
 * in bytes, and `+` is its concatenation.
 */
export function prefixedText(db: Knex, column: string, prefix: string): Knex.Raw {
  if (dialectOf(db) === 'mssql') return db.raw('CASE WHEN ?? IS NULL OR DATALENGTH(??) = 0 THEN ? ELSE CONCAT(?, ??) END', [column, column, prefix, `${prefix} `, column]);
  return db.raw("CASE WHEN ?? IS NULL OR ?? = '' THEN ? ELSE ? || ?? END", [column, column, prefix, `${prefix} `, column]);
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
 * Locks the rows a select reads until the transaction ends.
 * - PostgreSQL: `FOR UPDATE` (also holds back inserts that reference the locked rows).
 * - SQL Server: `WITH (UPDLOCK, ROWLOCK, HOLDLOCK)`. UPDLOCK takes update locks, held to
 *   the end of the transaction at any isolation level: a second merge asking for the same
 *   row waits, while plain readers are not blocked. ROWLOCK keeps them on the rows (no
 *   page locks that would hold back merges of other accounts). HOLDLOCK also locks the
 *   key of a row that is not there, so an account cannot appear under a locked UID
 *   meanwhile. After the wait, the next statements see what the other transaction
 *   committed, under READ COMMITTED and READ COMMITTED SNAPSHOT alike.
 * - SQLite needs nothing: its writer lock (takeWriterLock) already serialises writers.
 */
export function lockForUpdate<T extends Knex.QueryBuilder>(db: Knex, qb: T): T {
  const dialect = dialectOf(db);
  if (dialect === 'sqlite') return qb;
  if (dialect === 'postgres') return qb.forUpdate() as T;
  // Knex's own forUpdate writes only UPDLOCK; the table hints go with the table name.
  const table = (qb as unknown as { _single?: { table?: unknown } })._single?.table;
  if (typeof table !== 'string') throw new Error('lockForUpdate needs a query on one named table.');
  return qb.from(db.raw(`?? with (${MSSQL_ROW_LOCK_HINTS})`, [table])) as T;
}

export const MSSQL_ROW_LOCK_HINTS = 'UPDLOCK, ROWLOCK, HOLDLOCK';

/**
 * Runs a lockForUpdate select for its locks only. SQLite sends nothing: the writer lock the
 * transaction took first (takeWriterLock) already holds every other writer back.
 */
export async function lockRows(db: Knex, qb: Knex.QueryBuilder): Promise<void> {
  if (dialectOf(db) === 'sqlite') return;
  await lockForUpdate(db, qb);
}

/**
 * Inserts one row into a table with an auto-increment `id` and returns that id, in one
 * statement where the dialect tells it: SQLite's last insert rowid, PostgreSQL's RETURNING.
 * SQL Server returns null, and the caller finds the row by a value of its own (OUTPUT is
 * refused on tables with triggers, which an LMS database may add).
 */
export async function insertReturningId(db: Knex, table: string, row: Record<string, unknown>): Promise<number | null> {
  const dialect = dialectOf(db);
  if (dialect === 'mssql') {
    await db(table).insert(row);
    return null;
  }
  if (dialect === 'postgres') {
    const [r] = (await db(table).insert(row, ['id'])) as { id: unknown }[];
    return Number(r!.id);
  }
  const [id] = (await db(table).insert(row)) as unknown[];
  return Number(id);
}

interface PreparingConnection {
  prepare(sql: string): unknown;
}

/**
 * SQLite (better-sqlite3): keeps the last prepared statements of a connection by their SQL
 * text, so a statement Knex sends again (every merge sends the same few dozen) is not parsed
 * and planned again: preparing cost as much CPU as running them. A prepared statement is
 * re-prepared by SQLite itself when the schema changes, and Knex only runs statements to
 * the end (all/run), so one is never busy when it is handed out again.
 */
export function reusePreparedStatements(conn: PreparingConnection, size = 256): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    } else cache.delete(sql);
    cache.set(sql, statement);
    return statement;
  };
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

/**
 * Date-times keep their full precision through the tool (read, journaled, written back):
 *
 * - JavaScript's Date holds milliseconds. SQL Server's datetime2(7) holds 100 ns; tedious
 *   reads the digits beyond the millisecond into a hidden `nanosecondsDelta` (seconds)
 *   on the Date, and writes a DateTime2 parameter's `nanosecondDelta` (sic) back.
 * - Knex's mssql client binds a Date as the legacy `datetime` type (1/300 s: .001 comes
 *   back .000). `mssqlBinding` (the connection's `mapBinding`) binds it as datetime2(7)
 *   with the sub-millisecond part, so a value read is written back as it was read; the
 *   server converts it to the column's own type (datetime2(n), datetime, date) exactly
 *   as it would a value of that type.
 * - The journal stores a date-time as ISO text; `dateTimeText` writes the sub-millisecond
 *   digits too (7 fractional digits) and `parseDateTimeText` restores them for undo.
 */
interface SubMillisecondDate extends Date {
  nanosecondsDelta?: number;
  nanosecondDelta?: number;
}

/** The fraction of a second beyond the millisecond a driver read with the Date (0 if none). */
function subMillisecond(d: SubMillisecondDate): number {
  return d.nanosecondsDelta ?? d.nanosecondDelta ?? 0;
}

// tedious is loaded on first use only: it takes about half a second, and SQLite work never needs it.
const requireDriver = createRequire(import.meta.url);
let dateTime2: unknown;

/** The binding of one value for Knex's mssql client (its `mapBinding` hook); undefined: Knex's default. */
export function mssqlBinding(value: unknown): { value: unknown; type: unknown } | undefined {
  if (!(value instanceof Date)) return undefined;
  const out: SubMillisecondDate = new Date(value.getTime());
  const extra = subMillisecond(value);
  if (extra) out.nanosecondDelta = extra;
  dateTime2 ??= (requireDriver('tedious') as typeof import('tedious')).TYPES.DateTime2;
  return { value: out, type: dateTime2 };
}

/** ISO text of a Date: milliseconds as toISOString, 7 fractional digits when it carries more. */
export function dateTimeText(d: Date): string {
  const ticks = Math.round(subMillisecond(d) * 1e7);
  if (!ticks) return d.toISOString();
  return d.toISOString().replace(/\.(\d{3})Z$/, (_m, msDigits: string) => `.${msDigits}${String(ticks).padStart(4, '0')}Z`);
}

/** A Date from ISO text (as dateTimeText wrote it, or any form Date accepts); null if none. */
export function parseDateTimeText(text: string): Date | null {
  const d: SubMillisecondDate = new Date(text);
  if (Number.isNaN(d.getTime())) return null;
  const extra = /\.\d{3}(\d{1,4})(?:Z|[+-]\d\d:?\d\d)$/.exec(text)?.[1];
  if (extra && Number(extra)) Object.defineProperty(d, 'nanosecondsDelta', { value: Number(extra.padEnd(4, '0')) / 1e7, enumerable: false });
  return d;
}
