import type { Knex } from 'knex';
import { dialectOf } from './dialect';

/**
 * Fast inserts of many rows with known ids. This file is the ONE place with
 * dialect-specific insert code; everything else goes through plain Knex.
 *
 * Rows are physical rows (physical column names and values, see LmsMapping.toDbRow).
 * `undefined` is stored as NULL.
 *
 * - SQLite (better-sqlite3): the INSERT of up to 50 rows is built once per column set and
 *   row count with Knex's `.toSQL()` and prepared; the rows go through it in chunks, all
 *   inside one better-sqlite3 transaction (a savepoint if a transaction is already open).
 *   Bindings are converted exactly as Knex's better-sqlite3 client does
 *   (`_formatBindings`): Date → epoch milliseconds, boolean → 1/0, so rows read back
 *   the same as rows Knex inserted.
 * - PostgreSQL / SQL Server / others: chunked multi-row inserts that stay below the
 *   statement parameter limit (PostgreSQL 65535, SQL Server 2100).
 *
 * Explicit ids in auto-increment columns: PostgreSQL's sequence does not move, so call
 * `resetIdentity` afterwards. SQL Server refuses explicit values in an IDENTITY column
 * unless `SET IDENTITY_INSERT <table> ON` is active on the same connection; pass
 * `{ identityColumn }` and the insert runs inside a transaction that switches it on and
 * off. SQLite needs neither.
 */
export interface BulkInsertOptions {
  /** Physical name of the table's auto-increment column when rows carry explicit values for it. */
  identityColumn?: string;
}

const PG_MAX_PARAMS = 65_535;
const MSSQL_MAX_PARAMS = 2_100;
const MAX_ROWS_PER_STATEMENT = 1_000;
/** SQLite: rows per INSERT (more gains nothing), and the bound parameter limit of SQLite before 3.32. */
const SQLITE_ROWS_PER_STATEMENT = 50;
const SQLITE_MAX_PARAMS = 999;

interface BetterSqliteStatement {
  run(...params: unknown[]): unknown;
}
interface BetterSqliteDatabase {
  prepare(sql: string): BetterSqliteStatement;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
}

interface PreparedInsert {
  statement: BetterSqliteStatement;
  /** Column names in the order of the statement's bindings. */
  order: string[];
}

/** Per connection and table: the prepared single-row INSERT for each column set. */
const preparedCache = new WeakMap<object, Map<string, PreparedInsert>>();

const isSqlite = (db: Knex) => dialectOf(db) === 'sqlite';
const isMssql = (db: Knex) => dialectOf(db) === 'mssql';
const isPostgres = (db: Knex) => dialectOf(db) === 'postgres';

/** Inserts rows into a physical table, as fast as the dialect allows. */
export async function bulkInsert(db: Knex, table: string, rows: Record<string, unknown>[], options: BulkInsertOptions = {}): Promise<void> {
  if (rows.length === 0) return;
  if (isSqlite(db) && (db.client as { driverName?: string }).driverName === 'better-sqlite3') {
    await sqliteInsert(db, table, rows);
    return;
  }
  const first = rows[0]!;
  const columns = Object.keys(first).length || 1;
  const maxParams = isMssql(db) ? MSSQL_MAX_PARAMS - 1 : PG_MAX_PARAMS;
  const chunkSize = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(maxParams / columns)));
  const normalised = rows.map(nullForUndefined);
  if (isMssql(db) && options.identityColumn && options.identityColumn in first) {
    const run = async (trx: Knex.Transaction) => {
      await trx.raw('SET IDENTITY_INSERT ?? ON', [table]);
      try {
        for (let i = 0; i < normalised.length; i += chunkSize) await trx(table).insert(normalised.slice(i, i + chunkSize));
      } finally {
        await trx.raw('SET IDENTITY_INSERT ?? OFF', [table]);
      }
    };
    if (db.isTransaction) await run(db as Knex.Transaction);
    else await db.transaction(run);
    return;
  }
  if (db.isTransaction) {
    for (let i = 0; i < normalised.length; i += chunkSize) await db(table).insert(normalised.slice(i, i + chunkSize));
  } else {
    await db.batchInsert(table, normalised, chunkSize);
  }
}

function nullForUndefined(row: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const k in row) {
    if (row[k] === undefined) {
      copy ??= { ...row };
      copy[k] = null;
    }
  }
  return copy ?? row;
}

/** The same conversion Knex's better-sqlite3 client applies to every binding. */
function sqliteBinding(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.valueOf();
  if (typeof v === 'boolean') return Number(v);
  return v;
}

async function sqliteInsert(db: Knex, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const client = db.client as { acquireConnection(): Promise<BetterSqliteDatabase>; releaseConnection(c: unknown): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    let cache = preparedCache.get(conn);
    if (!cache) preparedCache.set(conn, (cache = new Map()));
    /** The INSERT of `count` rows with these columns, prepared once per connection. */
    const prepare = (columns: string[], count: number): PreparedInsert => {
      const key = `${table}\u0000${count}\u0000${columns.join('\u0000')}`;
      let p = cache.get(key);
      if (!p) {
        // Let Knex write the statement (quoting, column order); binding i carries the
        // index of its column, which tells the order Knex chose.
        const probe: Record<string, number> = {};
        columns.forEach((c, i) => (probe[c] = i));
        const q = db(table).insert(Array.from({ length: count }, () => probe)).toSQL();
        const sql = Array.isArray(q) ? q[0]!.sql : q.sql;
        const bindings = (Array.isArray(q) ? q[0]!.bindings : q.bindings) as number[];
        p = { statement: conn.prepare(sql), order: bindings.slice(0, bindings.length / count).map((i) => columns[i]!) };
        cache.set(key, p);
      }
      return p;
    };
    const insertAll = conn.transaction((list: Record<string, unknown>[]) => {
      let start = 0;
      while (start < list.length) {
        // A run of rows with the same columns, inserted SQLITE_ROWS_PER_STATEMENT at a time:
        // a statement per row cost twice the time of the inserts themselves.
        const columns = Object.keys(list[start]!);
        const keys = columns.join('\u0000');
        let end = start + 1;
        while (end < list.length && end - start < SQLITE_ROWS_PER_STATEMENT && Object.keys(list[end]!).join('\u0000') === keys) end++;
        const count = Math.min(end - start, Math.max(1, Math.floor(SQLITE_MAX_PARAMS / Math.max(1, columns.length))));
        const { statement, order } = prepare(columns, count);
        const values = new Array<unknown>(order.length * count);
        let v = 0;
        for (let r = start; r < start + count; r++) {
          const row = list[r]!;
          for (let i = 0; i < order.length; i++) values[v++] = sqliteBinding(row[order[i]!]);
        }
        statement.run(values);
        start += count;
      }
    });
    insertAll(rows as never);
  } finally {
    await client.releaseConnection(conn);
  }
}

function quotePgTable(table: string): string {
  return table
    .split('.')
    .map((p) => `"${p.replace(/"/g, '""')}"`)
    .join('.');
}

/**
 * After explicit ids were inserted into an auto-increment column, makes the next
 * generated id follow the largest one.
 * - PostgreSQL: `setval` on the column's sequence.
 * - SQL Server: `DBCC CHECKIDENT (N'[table]', RESEED)` (SQL Server already advances the
 *   identity past explicit values; the reseed makes sure). DBCC takes no parameters on
 *   every T-SQL server (Babelfish rejects `@p0` there), so the name is written as a
 *   quoted literal, see `mssqlTableLiteral`.
 * - SQLite: nothing to do (AUTOINCREMENT follows the largest rowid).
 */
export async function resetIdentity(db: Knex, table: string, idColumn: string): Promise<void> {
  if (isPostgres(db)) {
    await db.raw(`select setval(pg_get_serial_sequence(?, ?), coalesce((select max(??) from ??), 0) + 1, false)`, [
      quotePgTable(table),
      idColumn,
      idColumn,
      table,
    ]);
  } else if (isMssql(db)) {
    await db.raw(`DBCC CHECKIDENT (${mssqlTableLiteral(table)}, RESEED)`);
  }
}

/**
 * A table name (from the mapping, optionally `schema.table`) as a T-SQL string literal
 * naming the table: each part bracket-quoted (`]` doubled), the whole in N'…' (`'`
 * doubled). Names that SQL Server could not hold are refused rather than quoted, and so
 * is `?`, which Knex's mssql client would turn into a parameter marker.
 */
export function mssqlTableLiteral(table: string): string {
  const parts = table.split('.');
  for (const p of parts) {
    if (p === '' || p.length > 128 || /[\u0000-\u001f?]/.test(p)) throw new Error(`"${table}" is not a usable SQL Server table name.`);
  }
  const quoted = parts.map((p) => `[${p.replace(/]/g, ']]')}]`).join('.');
  return `N'${quoted.replace(/'/g, "''")}'`;
}

/**
 * Runs a large load with settings that make it faster, and restores them afterwards.
 * SQLite: a large page cache (the indexes of a million-user database no longer fit the
 * default 2 MB, and every insert would go to the file) and `synchronous = NORMAL`
 * (safe in WAL mode; only the last commits can be lost on power failure).
 * Other dialects: nothing to change.
 */
export async function withBulkLoadSettings<T>(db: Knex, fn: () => Promise<T>, cacheMegabytes = 256): Promise<T> {
  if (!isSqlite(db)) return fn();
  const pragma = async (sql: string): Promise<unknown> => {
    const rows = (await db.raw(`PRAGMA ${sql}`)) as Record<string, unknown>[] | undefined;
    return Array.isArray(rows) && rows[0] ? Object.values(rows[0])[0] : undefined;
  };
  const cache = await pragma('cache_size');
  const sync = await pragma('synchronous');
  await pragma(`cache_size = ${-Math.round(cacheMegabytes * 1024)}`);
  await pragma('synchronous = NORMAL');
  try {
    return await fn();
  } finally {
    await pragma(`cache_size = ${Number(cache ?? -2000)}`);
    await pragma(`synchronous = ${Number(sync ?? 2)}`);
  }
}
