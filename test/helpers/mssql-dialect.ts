import knexFactory, { type Knex } from 'knex';

/**
 * A Knex instance for the `mssql` dialect that never connects: statements are compiled
 * with toSQL() only, to prove they are valid SQL Server syntax without a server.
 */
export function mssqlCompiler(): Knex {
  return knexFactory({ client: 'mssql', connection: { server: 'compile-only', database: 'lms', user: 'x', password: 'x' } });
}

/**
 * An mssql Knex whose queries are recorded instead of sent (every read returns no rows).
 * Transactions are recorded too, as BEGIN TRANSACTION / COMMIT / ROLLBACK entries.
 */
export function recordingMssql(): { db: Knex; queries: CompiledStatement[] } {
  const db = mssqlCompiler();
  const queries: CompiledStatement[] = [];
  const step = (sql: string) => (done: (err?: Error) => void) => {
    queries.push({ sql, bindings: [] });
    done();
  };
  const connection = {
    state: { name: 'LoggedIn' },
    inTransaction: true,
    beginTransaction: step('BEGIN TRANSACTION'),
    saveTransaction: step('SAVE TRANSACTION'),
    commitTransaction: step('COMMIT'),
    rollbackTransaction: step('ROLLBACK'),
  };
  // A subclass, because a transaction's client is made from the client's prototype.
  const Base = db.client.constructor as new (...args: never[]) => object;
  class Recording extends Base {
    async acquireConnection() {
      return connection;
    }
    async releaseConnection() {
      return undefined;
    }
    async _query(_conn: unknown, obj: { sql: string; bindings?: unknown[] }) {
      queries.push({ sql: obj.sql, bindings: obj.bindings ?? [] });
      return obj;
    }
    processResponse() {
      return [];
    }
  }
  Object.setPrototypeOf(db.client, Recording.prototype);
  return { db, queries };
}

/** Constructs that SQL Server rejects, with the dialects they come from. */
const FOREIGN_CONSTRUCTS: [RegExp, string][] = [
  [/\bautoincrement\b/i, 'SQLite AUTOINCREMENT'],
  [/\bserial\b/i, 'PostgreSQL serial'],
  [/\bboolean\b/i, 'boolean type (SQL Server has bit)'],
  [/\breturning\b/i, 'RETURNING (SQL Server uses OUTPUT)'],
  [/\blimit\s+\d|\blimit\s+\?/i, 'LIMIT (SQL Server uses TOP / OFFSET FETCH)'],
  [/\bilike\b/i, 'ILIKE'],
  [/::/, 'PostgreSQL cast ::'],
  [/`/, 'backtick quoting'],
  [/\bon conflict\b/i, 'ON CONFLICT'],
  [/\binsert or (replace|ignore)\b/i, 'SQLite INSERT OR'],
  [/\bif not exists\b/i, 'IF NOT EXISTS'],
  [/\bpragma\b/i, 'SQLite PRAGMA'],
  [/\b(timestamptz|jsonb|bytea)\b/i, 'PostgreSQL type'],
  [/\btext\b(?!\s*\()/i, 'text type (use nvarchar(max))'],
  [/\bdatetime\b(?!2|offset)/i, 'datetime type (datetime2 keeps the precision)'],
  [/"[a-z_]+"\s*\./i, 'double-quoted identifiers'],
];

export interface CompiledStatement {
  sql: string;
  bindings: readonly unknown[];
}

/** Compiles a builder for SQL Server and lists what in it SQL Server would reject. */
export function compileForMssql(builder: { toSQL(): unknown }): { statements: CompiledStatement[]; problems: string[] } {
  const raw = builder.toSQL() as Knex.Sql | Knex.Sql[];
  const statements = (Array.isArray(raw) ? raw : [raw]).map((s) => ({ sql: s.sql, bindings: s.bindings ?? [] }));
  const problems: string[] = [];
  for (const s of statements) {
    for (const [pattern, what] of FOREIGN_CONSTRUCTS) {
      if (pattern.test(s.sql)) problems.push(`${what}: ${s.sql}`);
    }
    if (s.bindings.length > 2100) problems.push(`more than 2100 parameters (${s.bindings.length}): ${s.sql.slice(0, 80)}`);
  }
  return { statements, problems };
}
