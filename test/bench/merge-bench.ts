/**
 * Merge and undo benchmark on SQLite and PostgreSQL: the heavy pair (2,000 enrolments, 2,000
 * SCORM rows, 500 skills with 5,000 history rows, 20,000 audit entries, half overlapping the
 * target) merged, undone, and merged again with its logfile; and issue 13's slow-undo pair (4,500 enrolments,
 * 30,000 audit entries) merged and undone. Each figure stands next to its floor (figures.ts),
 * measured on a twin database built the same way. Targets (issue 13): heavy merge ≤ 1.0 s
 * SQLite / ≤ 2.0 s PostgreSQL (with logfile ≤ 1.3 / 2.3 s) on a quiet machine, undo ≤ 1.5× the
 * merge, RSS growth ≤ 150 MB.
 * Run: npx tsx test/bench/merge-bench.ts (or `npm run bench -- merge`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { LmsMapping } from '../../electron/db/mapping';
import { mergeUseCase } from '../../electron/usecases/merge';
import { undoRun } from '../../electron/engine/undo/index';
import { DEFAULT_SETTINGS } from '../../electron/settings/merge-settings';
import { Fixture } from '../merge/fixtures';
import { postgresTestDatabase, postgresUnavailableReason, sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { floorOf, peakRss, report, rssMb, timed } from './figures';
import { startLogfileThread, type LogfileThread } from '../../electron/workbooks/logfile-thread';
import { bigPair, HEAVY, LARGE_AUDIT, type PairSize } from './heavy-pair';

const m = new LmsMapping();
const out = tempDir('mergedesk-bench-');
const settings = { ...DEFAULT_SETTINGS, abort_on_conflict: false };

/** A database with three background pairs of the size (other users' history) and the pair to merge. */
async function build(tdb: TestDatabase, size: PairSize): Promise<{ db: Knex; fx: Fixture; pair: { source: string; target: string } }> {
  const db = await tdb.open();
  const fx = await Fixture.create(db, m);
  for (let k = 0; k < 3; k++) await bigPair(fx, size);
  return { db, fx, pair: await bigPair(fx, size) };
}

async function bench(make: () => Promise<TestDatabase>, label: string, size: PairSize, withLogfile: boolean): Promise<void> {
  const [a, b] = [await make(), await make()];
  const { db, fx, pair } = await build(a, size);
  const twin = (await build(b, size)).db;
  const kind = a.kind;
  global.gc?.();
  const rss0 = rssMb();
  // The merge as the CLI and the app run it: the use case, the objects' names saved with the plan.
  const [[{ result: r }, mergeSeconds], peak] = await peakRss(() => timed(() => mergeUseCase(db, m, fx.admin, { ...pair, settings, logfile: null })));
  if (r.outcome !== 'merged') throw new Error(`${label} merge ${r.outcome}: ${r.reason}`);
  const mergeFloor = await floorOf(db, twin, m, r.runId);
  report({ name: `${label}: merge`, db: kind, seconds: mergeSeconds, floorSeconds: mergeFloor, rssMb: peak }, `${r.journalEntries} journal rows, RSS growth ${peak - rss0} MB at its peak (target ≤ 150 MB)`);
  const [u, undoSeconds] = await timed(() => undoRun(db, m, r.runId, fx.admin));
  if (u.outcome !== 'undone') throw new Error(`${label} undo ${u.outcome}: ${u.reason}`);
  const undoFloor = await floorOf(db, twin, m, u.runId);
  report({ name: `${label}: undo`, db: kind, seconds: undoSeconds, floorSeconds: undoFloor, rssMb: rssMb() }, `${(undoSeconds / mergeSeconds).toFixed(2)}× the merge (target ≤ 1.5×)`);
  if (withLogfile) {
    // The undo restored the pair (and the floor's replay its twin): merged again, as the CLI and
    // the app do it with a logfile, its tables laid out in a logfile thread while the merge
    // applies. First with the thread started by the merge (a CLI command; from source here, so
    // slower to start than the bundle: ~0.45 s against ~0.2 s), then undone and merged once more
    // with the thread running (the app, whose thread stays after its first merge).
    let thread: LogfileThread | null = null;
    let merged = 0;
    for (const start of ['cold', 'warm'] as const) {
      if (start === 'warm') {
        const again = await undoRun(db, m, merged, fx.admin);
        if (again.outcome !== 'undone') throw new Error(`${label} undo ${again.outcome}: ${again.reason}`);
        await floorOf(db, twin, m, again.runId);
      }
      global.gc?.();
      const rss1 = rssMb();
      const file = path.join(out, `${label}-${kind}-${start}.xlsx`);
      const [[{ result: r2, logfile }, seconds], peak2] = await peakRss(() => timed(() => mergeUseCase(db, m, fx.admin, { ...pair, settings, logfile: () => file, logfileThread: () => (thread ??= startLogfileThread()) })));
      if (r2.outcome !== 'merged' || logfile !== file) throw new Error(`${label} merge with logfile ${r2.outcome}: ${r2.reason ?? 'no logfile'}`);
      merged = r2.runId;
      const floor = await floorOf(db, twin, m, r2.runId);
      const name = start === 'warm' ? `${label}: merge + logfile` : `${label}: merge + logfile, logfile thread started with it`;
      report({ name, db: kind, seconds, floorSeconds: floor, rssMb: peak2 }, `${(fs.statSync(file).size / 1024).toFixed(0)} KiB logfile, ${(seconds - mergeSeconds).toFixed(2)} s more than the merge alone, RSS growth ${peak2 - rss1} MB at its peak (the logfile thread's included)`);
    }
    await (thread as LogfileThread | null)?.close();
  }
  await a.drop();
  await b.drop();
}

const kinds: [string, () => Promise<TestDatabase>][] = [['sqlite', async () => sqliteTestDatabase()]];
const pgReason = await postgresUnavailableReason();
if (pgReason) console.log(`postgres: skipped (${pgReason})`);
else kinds.push(['postgres', postgresTestDatabase]);
for (const [, make] of kinds) {
  await bench(make, 'heavy pair', HEAVY, true);
  await bench(make, 'pair with 4,500 enrolments + 30,000 audit entries', LARGE_AUDIT, false);
}
