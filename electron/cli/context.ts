import fs from 'node:fs';
import type { Knex } from 'knex';
import { openDatabase } from '../db/connect';
import { describeConnection, parseConnectionUrl, type ConnectionDescription } from '../db/connection-url';
import { loadMapping, type LmsMapping } from '../db/mapping';
import { defaultDemoDatabaseFile } from '../user-data';
import type { Output } from './output';

export interface DbOptions {
  db?: string;
  mapping?: string;
  json?: boolean;
}

export interface ResolvedDatabase {
  connection: ConnectionDescription;
  /** True when neither --db nor MERGEDESK_DB named one: the demo file in the user data folder. */
  isDefaultDemo: boolean;
}

/** --db, then MERGEDESK_DB, then the demo database in the user's data folder. */
export function resolveDatabase(dbOption: string | undefined): ResolvedDatabase {
  const named = dbOption ?? process.env.MERGEDESK_DB;
  if (named) return { connection: parseConnectionUrl(named), isDefaultDemo: false };
  return { connection: { kind: 'sqlite', file: defaultDemoDatabaseFile() }, isDefaultDemo: true };
}

export const DEFAULT_DEMO_USERS = 5000;
export const DEFAULT_DEMO_SEED = 42;

/**
 * Opens the database a command names and closes it afterwards. The default demo database
 * is generated on first use so a new user can try every command with no setup.
 */
export async function withDatabase<T>(
  opts: DbOptions,
  out: Output,
  fn: (db: Knex, mapping: LmsMapping, connection: ConnectionDescription) => Promise<T>,
  { createDemoIfMissing = true, createFile = false }: { createDemoIfMissing?: boolean; createFile?: boolean } = {},
): Promise<T> {
  const mapping = loadMapping(opts.mapping);
  const { connection, isDefaultDemo } = resolveDatabase(opts.db);
  const fresh = isDefaultDemo && connection.kind === 'sqlite' && !fs.existsSync(connection.file);
  const db = await openDatabase(connection, { mustExist: connection.kind === 'sqlite' && !isDefaultDemo && !createFile });
  try {
    if (fresh && createDemoIfMissing) {
      out.note(`Creating the demo database on first use: ${describeConnection(connection)}`);
      const { generateDemo } = await import('../demo/index');
      const progress = out.progress('Demo database');
      await generateDemo(db, mapping, {
        users: DEFAULT_DEMO_USERS,
        seed: DEFAULT_DEMO_SEED,
        onProgress: (p) => progress.update(p.done, p.total, p.phase),
      });
      progress.stop();
    }
    return await fn(db, mapping, connection);
  } finally {
    await db.destroy();
  }
}
