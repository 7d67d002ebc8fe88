import fs from 'node:fs';
import type { Knex } from 'knex';
import { openDatabase } from '../db/connect';
import { assertDatabaseReady } from '../db/doctor';
import { describeConnection, parseConnectionUrl, type ConnectionDescription } from '../db/connection-url';
import { loadMapping, type LmsMapping } from '../db/mapping';
import { generateDemoIfMissing } from '../demo-database';
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

export { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS } from '../demo-database';

/**
 * Opens the database a command names and closes it afterwards. The default demo database
 * is generated on first use so a new user can try every command with no setup.
 */
export async function withDatabase<T>(
  opts: DbOptions,
  out: Output,
  fn: (db: Knex, mapping: LmsMapping, connection: ConnectionDescription) => Promise<T>,
  {
    createDemoIfMissing = true,
    createFile = false,
    checkSchema = true,
  }: { createDemoIfMissing?: boolean; createFile?: boolean; /** Refuse a database that does not match the mapping. */ checkSchema?: boolean } = {},
): Promise<T> {
  const mapping = loadMapping(opts.mapping);
  const { connection, isDefaultDemo } = resolveDatabase(opts.db);
  let db: Knex;
  if (isDefaultDemo && createDemoIfMissing && connection.kind === 'sqlite' && !fs.existsSync(connection.file)) {
    out.note(out.t('demo.creating', { database: describeConnection(connection) }));
    const progress = out.progress(out.t('progress.demoDatabase'));
    db = await generateDemoIfMissing(connection.file, (p) => progress.update(p.done, p.total, p.phase));
    progress.stop();
  } else {
    db = await openDatabase(connection, { mustExist: connection.kind === 'sqlite' && !isDefaultDemo && !createFile });
  }
  try {
    if (checkSchema) await assertDatabaseReady(db, mapping);
    return await fn(db, mapping, connection);
  } finally {
    await db.destroy();
  }
}
