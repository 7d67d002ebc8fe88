import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { OperationalError, UserInputError } from '../errors';
import { describeConnection, type ConnectionDescription } from './connection-url';
import { mssqlBinding, probeConnection, reusePreparedStatements } from './dialect';
import { redactSecrets } from '../security/redact';

export interface OpenOptions {
  /** Refuse a SQLite file that does not exist yet instead of creating it. */
  mustExist?: boolean;
}

/**
 * Knex's own warnings, minus the connection failures we translate into plain words
 * (Knex prints those with a stack trace before we get to explain them).
 */
const quietLog: Knex.Config['log'] = {
  warn: (m: unknown) => {
    if (!String(m).startsWith('Acquire connection error')) process.stderr.write(`knex: ${redactSecrets(String(m))}\n`);
  },
  error: (m: unknown) => process.stderr.write(`knex: ${redactSecrets(String(m))}\n`),
  deprecate: () => undefined,
  debug: () => undefined,
};

/** Builds the Knex configuration for a description; no connection is made. */
export function knexConfig(c: ConnectionDescription): Knex.Config {
  return { ...dialectConfig(c), log: quietLog };
}

function dialectConfig(c: ConnectionDescription): Knex.Config {
  switch (c.kind) {
    case 'sqlite':
      return {
        client: 'better-sqlite3',
        connection: { filename: c.file },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          // One connection: SQLite serialises writers anyway, and a second pooled
          // connection would see a transaction's lock as SQLITE_BUSY.
          afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
            try {
              conn.pragma('foreign_keys = ON');
              conn.pragma('journal_mode = WAL');
              conn.pragma('busy_timeout = 10000');
              reusePreparedStatements(conn as never);
              done(null, conn);
            } catch (err) {
              done(err as Error, conn);
            }
          },
        },
      };
    case 'postgres':
      return {
        client: 'pg',
        connection: {
          host: c.host,
          port: c.port,
          database: c.database,
          user: c.user,
          password: c.password,
          ssl: c.ssl ? { rejectUnauthorized: true } : false,
          connectionTimeoutMillis: 15_000,
        },
        pool: { min: 0, max: 4 },
      };
    case 'mssql':
      return {
        client: 'mssql',
        connection: {
          server: c.host,
          ...(c.port !== undefined ? { port: c.port } : {}),
          database: c.database,
          user: c.auth.user,
          password: c.auth.password,
          ...(c.auth.type === 'ntlm' ? { type: 'ntlm', domain: c.auth.domain } : {}),
          connectionTimeout: c.connectTimeoutMs,
          requestTimeout: c.requestTimeoutMs,
          options: {
            encrypt: c.encrypt,
            trustServerCertificate: c.trustServerCertificate,
            appName: 'MergeDesk',
            ...(c.instance ? { instanceName: c.instance } : {}),
            // Date-times as datetime2 with their sub-millisecond part, read and written in
            // UTC, so values written back round-trip exactly (see dialect.ts, mssqlBinding).
            mapBinding: mssqlBinding,
            useUTC: true,
          },
        } as Knex.MsSqlConnectionConfig,
        pool: { min: 0, max: 4 },
      };
  }
}

/** Opens a database and proves the connection works, with errors in plain words. */
export async function openDatabase(c: ConnectionDescription, options: OpenOptions = {}): Promise<Knex> {
  if (c.kind === 'sqlite' && c.file !== ':memory:') {
    if (!fs.existsSync(c.file)) {
      if (options.mustExist) {
        throw new UserInputError(
          `The SQLite file ${c.file} does not exist.`,
          'Check the path, or create a demo database there with "mergedesk demo --db <path>".',
          'DB_MISSING',
        );
      }
      fs.mkdirSync(path.dirname(c.file), { recursive: true });
    }
  }
  const db = knexFactory(knexConfig(c));
  try {
    await probeConnection(db);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw translateConnectionError(err, c);
  }
  return db;
}

interface DriverError {
  code?: string | number;
  number?: number;
  message?: string;
  cause?: unknown;
}

/** Maps driver errors to sentences naming the problem and the fix. Passwords never appear. */
export function translateConnectionError(err: unknown, c: ConnectionDescription): Error {
  if (err instanceof UserInputError || err instanceof OperationalError) return err;
  const e = (err ?? {}) as DriverError;
  const code = String(e.code ?? '');
  const message = String(e.message ?? err);
  const causeMessage = e.cause instanceof Error ? e.cause.message : '';
  const all = `${message} ${causeMessage}`;
  const where = describeConnection(c);
  const fail = (problem: string, fix: string, errCode: string) => new OperationalError(problem, fix, errCode, { cause: err });

  if (c.kind === 'sqlite') {
    if (code === 'SQLITE_NOTADB' || /not a database/i.test(all)) {
      return fail(`${c.file} is not a SQLite database.`, 'Choose the LMS database file, or create a demo database with "mergedesk demo".', 'DB_NOT_SQLITE');
    }
    if (code === 'SQLITE_CANTOPEN' || /unable to open/i.test(all)) {
      return fail(`The SQLite file ${c.file} cannot be opened.`, 'Check that the folder exists and that you may read and write it.', 'DB_CANT_OPEN');
    }
    return fail(`Opening ${where} failed: ${scrub(message, c)}.`, 'Check the file path and permissions.', 'DB_FAILED');
  }

  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ESOCKET|getaddrinfo/i.test(`${code} ${all}`) && !/certificate|self[- ]signed|SSL|TLS/i.test(all)) {
    return fail(
      `The database server at ${c.host} cannot be reached (${where}).`,
      c.kind === 'mssql'
        ? 'Check the host name and port (or instance), that SQL Server accepts TCP/IP connections, and that no firewall blocks it.'
        : 'Check the host name and port, and that the server is running.',
      'DB_UNREACHABLE',
    );
  }
  if (/EINSTLOOKUP|instance/i.test(code) || /Failed to get response from SQL Server Browser|instance/i.test(all)) {
    return fail(`The SQL Server instance on ${c.host} was not found.`, 'Check the instance name and that the SQL Server Browser service runs, or give the port instead of the instance.', 'DB_UNREACHABLE');
  }
  if (/ETIMEOUT|ETIMEDOUT|timeout/i.test(`${code} ${all}`)) {
    return fail(
      `The database server at ${c.host} did not answer in time (${where}).`,
      c.kind === 'mssql' ? 'Check the host and port, or raise connectTimeout=MS in the URL.' : 'Check the host and port and that the server is running.',
      'DB_TIMEOUT',
    );
  }
  if (/certificate|self[- ]signed|unable to verify/i.test(all)) {
    return fail(
      `The server's certificate is not trusted (${where}).`,
      c.kind === 'mssql'
        ? 'Install the server certificate on this computer, or add trustServerCertificate=true to the URL if you trust this server.'
        : 'Install the server certificate, or connect without ssl.',
      'DB_CERTIFICATE',
    );
  }
  if (code === '28P01' || code === '28000' || code === 'ELOGIN' || e.number === 18456 || /password authentication failed|Login failed/i.test(all)) {
    return fail(
      `The server refused the login for ${c.kind === 'mssql' ? (c.auth.type === 'ntlm' ? `${c.auth.domain}\\${c.auth.user}` : c.auth.user) : c.user}.`,
      c.kind === 'mssql' ? 'Check the user name and password (for a Windows account, also domain=NAME).' : 'Check the user name and password.',
      'DB_LOGIN_FAILED',
    );
  }
  if (code === '3D000' || e.number === 4060 || /database .* does not exist|Cannot open database/i.test(all)) {
    return fail(`The database "${c.database}" does not exist on ${c.host}, or this login may not open it.`, 'Check the database name in the URL.', 'DB_MISSING');
  }
  return fail(`Connecting to ${where} failed: ${scrub(message, c)}.`, 'Check the connection details.', 'DB_FAILED');
}

function scrub(message: string, c: ConnectionDescription): string {
  const secret = c.kind === 'postgres' ? c.password : c.kind === 'mssql' ? c.auth.password : undefined;
  const oneLine = message.replace(/\s+/g, ' ').replace(/\.$/, '');
  return redactSecrets(secret ? oneLine.split(secret).join('***') : oneLine);
}
