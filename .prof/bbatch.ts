/**
 * Batch benchmark: 1,000 ordinary pairs from a demo database (planted pairs, each account
 * used once), end to end on SQLite: worklist file read, whole-file validation, every pair
 * merged in its own transaction, a logfile per pair and the summary workbook. Issue 13's target:
 * ≤ 10 s on SQLite, memory flat over the batch. The floor (figures.ts): every pair's row
 * changes as plain set-based SQL, one transaction per pair, on a copy of the database.
 * Run: `node --import tsx test/bench/batch-bench.ts [pairs]` (or `npm run bench -- batch`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../electron/db/connect';
import { authenticateOperator } from '../electron/auth/operator';
import { LmsMapping } from '../electron/db/mapping';
import { generateDemo } from '../electron/demo/index';
import { validateWorklist } from '../electron/engine/batch/index';
import { runBatch } from '../electron/usecases/batch';
import { readWorklist } from '../electron/workbooks/index';
import { loadSettings } from '../electron/settings/merge-settings';
import { sqliteTestDatabase, tempDir } from '../test/helpers/databases';
import { floorOf, report, rssMb } from '../test/bench/figures';

const pairsWanted = Number(process.argv[2] ?? 1000);
const m = new LmsMapping();
const mb = rssMb;

const tdb = sqliteTestDatabase();
const made = await tdb.open();
const g0 = performance.now();
const demo = await generateDemo(made, m, { users: Math.ceil(pairsWanted * 28), seed: 11 });
// The twin for the floor: a copy of the file, taken with no connection open.
await made.destroy();
const file = tdb.url.slice('sqlite:'.length);
const twinFile = path.join(tempDir('mergedesk-batch-twin-'), 'twin.db');
fs.copyFileSync(file, twinFile);
const db = await tdb.open();
const twin = await openDatabase({ kind: 'sqlite', file: twinFile });
console.log(`demo: ${demo.users} users, ${demo.plantedPairs.length} planted pairs, generated in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
const used = new Set<string>();
const pairs: { source: string; target: string }[] = [];
for (const p of demo.plantedPairs) {
  if (used.has(p.uid_a) || used.has(p.uid_b)) continue;
  used.add(p.uid_a);
  used.add(p.uid_b);
  pairs.push({ source: p.uid_b, target: p.uid_a });
  if (pairs.length === pairsWanted) break;
}
const dir = tempDir('mergedesk-batch-bench-');
const worklist = path.join(dir, 'worklist.csv');
fs.writeFileSync(worklist, ['source_uid,target_uid,note', ...pairs.map((p, i) => `${p.source},${p.target},bench ${i + 1}`)].join('\n'));
const admin = demo.admins[0]!;
const operator = await authenticateOperator(db, m, admin.login, admin.password);
const settings = { ...(await loadSettings(db)), abort_on_conflict: false };

import { Session } from 'node:inspector/promises';
const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start');
const t0 = performance.now();
const wl = await readWorklist(worklist);
const validation = await validateWorklist(db, m, wl, operator);
const t1 = performance.now();
if (pairs.length < pairsWanted) console.log(`note: only ${pairs.length} distinct pairs available`);
if (!validation.ok) throw new Error(`worklist invalid: ${validation.problems.slice(0, 5).map((p) => p.message).join(' ')}`);
let lastPrint = 0;
const rssAt: number[] = [];
const result = await runBatch(db, m, validation, settings, operator, {
  logDir: path.join(dir, 'logs'),
  onProgress: (p) => {
    if (p.done - lastPrint >= 250) {
      lastPrint = p.done;
      global.gc?.();
      rssAt.push(mb());
      console.log(`  ${p.done}/${p.total} done, ${p.merged} merged, ${(p.elapsedMs / 1000).toFixed(1)} s, ~${((p.etaMs ?? 0) / 1000).toFixed(0)} s left`);
    }
  },
});
const total = (performance.now() - t0) / 1000;
const { profile } = await session.post('Profiler.stop'); fs.writeFileSync('/tmp/batch.cpuprofile', JSON.stringify(profile));
const logfiles = fs.readdirSync(path.join(dir, 'logs')).length;
const perPair = result.pairs.filter((p) => p.runId !== null);
const avg = perPair.reduce((s, p) => s + p.seconds, 0) / Math.max(1, perPair.length);
let floor = 0;
for (const p of perPair) floor += await floorOf(db, twin, m, p.runId!);
report(
  { name: `${pairs.length} ordinary pairs (batch, logfiles included)`, db: 'sqlite', seconds: total, floorSeconds: floor, rssMb: mb() },
  `read+validate ${((t1 - t0) / 1000).toFixed(2)} s, ${avg.toFixed(3)} s per pair incl. logfile (target ≤ 10 s); counts ${JSON.stringify(result.counts)}; ${logfiles} files written; RSS every 250 pairs ${rssAt.join(' → ')} MB`,
);
await twin.destroy();
await tdb.drop();
fs.rmSync(dir, { recursive: true, force: true });
if (result.counts.failed) process.exitCode = 1;
