import fs from 'node:fs';
import type { Knex } from 'knex';
import { openDatabase } from './db/connect';
import { LmsMapping } from './db/mapping';

export const DEFAULT_DEMO_USERS = 5000;
export const DEFAULT_DEMO_SEED = 42;

/**
 * Opens the demo SQLite database, generating it first if the file does not exist yet,
 * so the app and the CLI both work with no set-up. A half-generated file is removed.
 */
export async function generateDemoIfMissing(
  file: string,
  onProgress?: (p: { phase: string; done: number; total: number }) => void,
): Promise<Knex> {
  const fresh = !fs.existsSync(file);
  const db = await openDatabase({ kind: 'sqlite', file });
  if (!fresh) return db;
  try {
    const { generateDemo } = await import('./demo/index');
    await generateDemo(db, new LmsMapping(), { users: DEFAULT_DEMO_USERS, seed: DEFAULT_DEMO_SEED, ...(onProgress ? { onProgress } : {}) });
    return db;
  } catch (err) {
    await db.destroy();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
}
