/**
 * Merge and undo benchmark on SQLite and PostgreSQL: the heavy pair (2,000 enrolments, 2,000
 * SCORM rows, 500 skills with 5,000 history rows, 20,000 audit entries, half overlapping the
 * target) merged, with its logfile, and undone; and issue 13's slow-undo pair (4,500 enrolments,
 * 30,000 audit entries) merged and undone. Each figure stands next to its floor (figures.ts),
 * measured on a twin database built the same way. Targets (issue 13): heavy merge ≤ 1.0 s
 * SQLite / ≤ 2.0 s PostgreSQL (with logfile ≤ 1.3 / 2.3 s) on a quiet machine, undo ≤ 1.5× the
 * merge, RSS growth ≤ 150 MB.
 * Run: npx tsx test/bench/merge-bench.ts (or `npm run bench -- merge`).
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { LmsMapping } from '../../electron/db/mapping';
import { mergeUseCase } from '../../electron/usecases/merge';
import { undoRun } from '../../electron/engine/undo/index';
import { logFromResult, writeMergeLogfile } from '../../electron/workbooks/index';
import { DEFAULT_SETTINGS } from '../../electron/settings/merge-settings';
import { Fixture } from '../merge/fixtures';
import { postgresTestDatabase, postgresUnavailableReason, sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { floorOf, report, rssMb, timed } from './figures';
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
  const [{ result: r }, mergeSeconds] = await timed(() => mergeUseCase(db, m, fx.admin, { ...pair, settings, logfile: null }));
  if (r.outcome !== 'merged') throw new Error(`${label} merge ${r.outcome}: ${r.reason}`);
  const rssMerge = rssMb();
  const mergeFloor = await floorOf(db, twin, m, r.runId);
  report({ name: `${label}: merge`, db: kind, seconds: mergeSeconds, floorSeconds: mergeFloor, rssMb: rssMerge }, `${r.journalEntries} journal rows, RSS growth ${rssMerge - rss0} MB`);
  if (withLogfile) {
    const [, logSeconds] = await timed(() => writeMergeLogfile(path.join(out, `${label}-${kind}.xlsx`), logFromResult(r, r.objectNames)));
    report({ name: `${label}: merge + logfile`, db: kind, seconds: mergeSeconds + logSeconds, floorSeconds: mergeFloor, rssMb: rssMb() }, `logfile ${logSeconds.toFixed(2)} s, RSS growth ${rssMb() - rss0} MB`);
  }
  const [u, undoSeconds] = await timed(() => undoRun(db, m, r.runId, fx.admin));
  if (u.outcome !== 'undone') throw new Error(`${label} undo ${u.outcome}: ${u.reason}`);
  const undoFloor = await floorOf(db, twin, m, u.runId);
  report({ name: `${label}: undo`, db: kind, seconds: undoSeconds, floorSeconds: undoFloor, rssMb: rssMb() }, `${(undoSeconds / mergeSeconds).toFixed(2)}× the merge (target ≤ 1.5×)`);
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
