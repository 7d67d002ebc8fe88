import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { openDatabase } from '../../electron/db/connect';
import type { ConnectionDescription } from '../../electron/db/connection-url';

/**
 * Real databases for tests: a fresh SQLite file, and a throw-away PostgreSQL database on
 * the local server. Where PostgreSQL is missing the suite is skipped with a printed
 * reason, unless MERGEDESK_REQUIRE_PG=1 (set by .ci/run), where it is a failure.
 */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
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

export function sqliteTestDatabase(dir = tempDir()): TestDatabase {
  const file = path.join(dir, `lms-${crypto.randomBytes(4).toString('hex')}.db`);
  const connection: ConnectionDescription = { kind: 'sqlite', file };
  const opened: Knex[] = [];
  return {
    kind: 'sqlite',
    connection,
    url: `sqlite:${file}`,
    async open() {
      const db = await openDatabase(connection);
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.destroy()));
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
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
  const opened: Knex[] = [];
  return {
    kind: 'postgres',
    connection,
    url,
    async open() {
      const db = await openDatabase(connection);
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.destroy()));
      const a = knexFactory({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
      try {
        await a.raw('drop database if exists ?? with (force)', [name]);
      } finally {
        await a.destroy();
      }
    },
  };
}

export interface DatabaseKind {
  kind: 'sqlite' | 'postgres';
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
];

/** Top-level-await helper for `describe.skipIf`: resolves each kind's skip reason once. */
export async function databaseKinds(): Promise<(DatabaseKind & { skip: boolean })[]> {
  const out = [];
  for (const k of DATABASE_KINDS) out.push({ ...k, skip: (await k.skipReason()) !== null });
  return out;
}
