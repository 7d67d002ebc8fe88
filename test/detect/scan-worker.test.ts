import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { scan, ScanCancelledError, scanInWorker, type ScanProgress } from '../../electron/engine/detect/index';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { loadUsers } from './load-users';
import { generatePopulation } from './population';

/**
 * The scan in a worker thread (as the app runs it): a cancel stops it within a second in
 * every phase, the main thread's event loop keeps turning meanwhile, and the result is the
 * in-process scan's.
 */
describe('the scan in a worker thread', () => {
  let tdb: TestDatabase;
  let db: Knex;
  let mapping: LmsMapping;

  beforeAll(async () => {
    tdb = sqliteTestDatabase(tempDir('mergedesk-worker-'));
    db = await tdb.open();
    const pop = generatePopulation(30_000, 11);
    mapping = await loadUsers(db, pop.units, pop.users);
  }, 120_000);
  afterAll(async () => tdb.drop());

  it('gives the same pairs, scores, evidence and clusters as the in-process scan', async () => {
    const here = await scan(db, mapping);
    const phases: string[] = [];
    const there = await scanInWorker(tdb.connection, mapping.file, { onProgress: (p) => phases.push(p.phase) });
    expect(there.pairs.length).toBeGreaterThan(500);
    expect(there.pairs).toEqual(here.pairs);
    expect(there.clusters).toEqual(here.clusters);
    expect(there.model).toEqual(here.model);
    expect([...new Set(phases)]).toEqual(['reading', 'comparing', 'estimating', 'explaining', 'done']);
  }, 120_000);

  it('keeps the main thread responsive while it scans', async () => {
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    try {
      await scanInWorker(tdb.connection, mapping.file);
    } finally {
      clearInterval(timer);
    }
    // In the main thread the comparison alone blocks the loop for well over a second.
    expect(worst).toBeLessThan(250);
  }, 120_000);

  for (const phase of ['reading', 'comparing', 'estimating'] as const) {
    it(`stops within a second when cancelled while ${phase}`, async () => {
      const controller = new AbortController();
      let cancelledAt = 0;
      const seen: ScanProgress['phase'][] = [];
      const run = scanInWorker(tdb.connection, mapping.file, {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.phase);
          if (p.phase === phase && !cancelledAt) {
            cancelledAt = performance.now();
            controller.abort();
          }
        },
      });
      await expect(run).rejects.toBeInstanceOf(ScanCancelledError);
      // The promise settles only once the worker thread has stopped.
      const took = performance.now() - cancelledAt;
      expect(cancelledAt).toBeGreaterThan(0);
      expect(seen.at(-1)).toBe(phase);
      expect(took).toBeLessThan(1_000);
    }, 120_000);
  }
});
