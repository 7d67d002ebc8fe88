import fs from 'node:fs';
import type { Knex } from 'knex';
import { openDatabase } from './db/connect';
import { LmsMapping } from './db/mapping';

export const DEFAULT_DEMO_USERS = 5000;
export const DEFAULT_DEMO_SEED = 42;

type Progress = (p: { phase: string; done: number; total: number }) => void;

/** Demo databases being generated right now, by file: a second caller waits for the first. */
const generating = new Map<string, Promise<void>>();

async function generate(file: string, onProgress?: Progress): Promise<void> {
  const db = await openDatabase({ kind: 'sqlite', file });
  try {
    const { generateDemo } = await import('./demo/index');
    await generateDemo(db, new LmsMapping(), { users: DEFAULT_DEMO_USERS, seed: DEFAULT_DEMO_SEED, ...(onProgress ? { onProgress } : {}) });
  } catch (err) {
    await db.destroy();
    // A half-generated demo database is worse than none: remove it.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
  await db.destroy();
}

/** Generates the demo database if its file does not exist yet (once, however many ask at the same time). */
export async function ensureDemoDatabase(file: string, onProgress?: Progress): Promise<void> {
  const running = generating.get(file);
  if (running) return running;
  if (fs.existsSync(file)) return;
  const job = generate(file, onProgress).finally(() => generating.delete(file));
  generating.set(file, job);
  return job;
}

/**
 * Opens the demo SQLite database, generating it first if the file does not exist yet,
 * so the app and the CLI both work with no set-up.
 */
export async function generateDemoIfMissing(file: string, onProgress?: Progress): Promise<Knex> {
  await ensureDemoDatabase(file, onProgress);
  return openDatabase({ kind: 'sqlite', file });
}
