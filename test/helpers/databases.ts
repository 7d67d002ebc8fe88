import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { openDatabase } from '../../electron/db/connect';
import { parseConnectionUrl, type ConnectionDescription, type MssqlConnection } from '../../electron/db/connection-url';

/**
 * Real databases for tests: a fresh SQLite file, a throw-away PostgreSQL database on
 * the local server, and (when MERGEDESK_TEST_MSSQL names a server) a throw-away SQL
 * Server database. Where PostgreSQL is missing the suite is skipped with a printed
 * reason, unless MERGEDESK_REQUIRE_PG=1 (set by .ci/run), where it is a failure. Without
 * MERGEDESK_TEST_MSSQL the SQL Server runs are skipped with a printed reason.
 */
export type TestKind = 'sqlite' | 'postgres' | 'mssql';

export interface TestDatabase {
  kind: TestKind;
  connection: ConnectionDescription;
  /** A URL that names this database for the CLI. */
  url: string;
  open(): Promise<Knex>;
  drop(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.MERGEDESK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const madeDirs: string[] = [];

/** A fresh temporary folder, removed when the test process ends (tests leave nothing behind). */
export function tempDir(prefix = 'mergedesk-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (madeDirs.length === 0) {
    process.once('exit', () => {
      for (const d of madeDirs) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  madeDirs.push(dir);
  return dir;
}

/** A TestDatabase over one connection: open() opens clients that drop() closes before `remove` deletes the database. */
function testDatabase(kind: TestKind, connection: ConnectionDescription, url: string, remove: () => Promise<void>): TestDatabase {
  const opened: Knex[] = [];
  return {
    kind,
    connection,
    url,
    async open() {
      const db = await openDatabase(connection);
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.destroy()));
      await remove();
    },
  };
}

export function sqliteTestDatabase(dir = tempDir()): TestDatabase {
  const file = path.join(dir, `lms-${crypto.randomBytes(4).toString('hex')}.db`);
  return testDatabase('sqlite', { kind: 'sqlite', file }, `sqlite:${file}`, async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  });
}

let pgAvailability: Promise<string | null> | undefined;

/** null when the server answers, otherwise the reason it cannot be used. */
export function postgresUnavailableReason(): Promise<string | null> {
  pgAvailability ??= (async () => {
    const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
    try {
      await admin.raw('select 1');
      return null;
    } catch (err) {
      return `PostgreSQL at ${PG_ADMIN_URL} is not reachable (${(err as Error).message})`;
    } finally {
      await admin.destroy();
    }
  })();
  return pgAvailability;
}

export async function postgresTestDatabase(): Promise<TestDatabase> {
  const name = `md_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create database ??', [name]);
  } finally {
    await admin.destroy();
  }
  const base = new URL(PG_ADMIN_URL);
  const connection: ConnectionDescription = {
    kind: 'postgres',
    host: base.hostname,
    port: Number(base.port || 5432),
    database: name,
    user: decodeURIComponent(base.username) || 'postgres',
    ...(base.password ? { password: decodeURIComponent(base.password) } : {}),
  };
  const url = `postgres://${base.username || 'postgres'}${base.password ? `:${base.password}` : ''}@${base.hostname}:${connection.port}/${name}`;
  return testDatabase('postgres', connection, url, async () => {
    const a = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
    try {
      await a.raw('drop database if exists ?? with (force)', [name]);
    } finally {
      await a.destroy();
    }
  });
}

/** The SQL Server the mssql kind runs on: mssql://user:pass@host:1433/db?… (db is where CREATE DATABASE runs). */
export const MSSQL_ADMIN_URL = process.env.MERGEDESK_TEST_MSSQL?.trim() || undefined;

let mssqlAvailability: Promise<string | null> | undefined;

/** null when MERGEDESK_TEST_MSSQL names a server that answers, otherwise why the mssql kind is skipped. */
export function mssqlUnavailableReason(): Promise<string | null> {
  mssqlAvailability ??= (async () => {
    if (!MSSQL_ADMIN_URL) return 'MERGEDESK_TEST_MSSQL is not set (no SQL Server to test against)';
    try {
      const admin = await openDatabase(mssqlAdminConnection());
      await admin.destroy();
      return null;
    } catch (err) {
      // A server was asked for explicitly: a wrong URL or a server that is down is a failure, not a skip.
      throw new Error(`MERGEDESK_TEST_MSSQL is set, but the server cannot be used: ${(err as Error).message}`);
    }
  })();
  return mssqlAvailability;
}

function mssqlAdminConnection(): MssqlConnection {
  const c = parseConnectionUrl(MSSQL_ADMIN_URL!);
  if (c.kind !== 'mssql') throw new Error('MERGEDESK_TEST_MSSQL must be an mssql:// URL.');
  return c;
}

/** Runs one statement on the admin database (outside any transaction: CREATE/DROP DATABASE need that). */
async function onMssqlAdmin(sql: string, bindings: readonly string[]): Promise<void> {
  const admin = await openDatabase(mssqlAdminConnection());
  try {
    await admin.raw(sql, bindings);
  } finally {
    await admin.destroy();
  }
}

/**
 * A fresh database on the SQL Server of MERGEDESK_TEST_MSSQL, created through the admin
 * connection (the login needs CREATE DATABASE) and dropped by drop(): other sessions are
 * thrown out first (SINGLE_USER WITH ROLLBACK IMMEDIATE), as DROP DATABASE refuses a
 * database in use.
 */
export async function mssqlTestDatabase(): Promise<TestDatabase> {
  const name = `md_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await onMssqlAdmin('create database ??', [name]);
  const connection: MssqlConnection = { ...mssqlAdminConnection(), database: name };
  const base = new URL(MSSQL_ADMIN_URL!);
  base.pathname = `/${name}`;
  return testDatabase('mssql', connection, base.toString(), async () => {
    await onMssqlAdmin('alter database ?? set single_user with rollback immediate', [name]);
    await onMssqlAdmin('drop database ??', [name]);
  });
}

export interface DatabaseKind {
  kind: TestKind;
  /** Why this kind is skipped here, or null when it runs. */
  skipReason: () => Promise<string | null>;
  create: () => Promise<TestDatabase>;
}

const requirePg = process.env.MERGEDESK_REQUIRE_PG === '1';

/** The database kinds every storage test runs on. */
export const DATABASE_KINDS: DatabaseKind[] = [
  { kind: 'sqlite', skipReason: async () => null, create: async () => sqliteTestDatabase() },
  {
    kind: 'postgres',
    skipReason: async () => {
      const reason = await postgresUnavailableReason();
      if (reason && requirePg) throw new Error(`${reason}; MERGEDESK_REQUIRE_PG=1 makes this a failure.`);
      if (reason) console.warn(`Skipping PostgreSQL tests: ${reason}. Set MERGEDESK_TEST_PG to a server URL to run them.`);
      return reason;
    },
    create: postgresTestDatabase,
  },
  {
    kind: 'mssql',
    skipReason: async () => {
      const reason = await mssqlUnavailableReason();
      if (reason) console.warn(`Skipping SQL Server tests: ${reason}. Set MERGEDESK_TEST_MSSQL=mssql://user:pass@host:1433/master?trustServerCertificate=true to run them.`);
      return reason;
    },
    create: mssqlTestDatabase,
  },
];

/** Top-level-await helper for `describe.skipIf`: resolves each kind's skip reason once. */
export async function databaseKinds(): Promise<(DatabaseKind & { skip: boolean })[]> {
  const out = [];
  for (const k of DATABASE_KINDS) out.push({ ...k, skip: (await k.skipReason()) !== null });
  return out;
}
