/**
 * Batch benchmark: 1,000 ordinary pairs from a demo database (planted pairs, each account
 * used once), end to end on SQLite: worklist file read, whole-file validation, every pair
 * merged in its own transaction, a logfile per pair and the summary workbook. Target < 90 s.
 * Run: `node --import tsx test/bench/batch-bench.ts [pairs]` (or `npm run bench -- batch`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { authenticateOperator } from '../../electron/auth/operator';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo } from '../../electron/demo/index';
import { runBatch, validateWorklist } from '../../electron/engine/batch/index';
import { readWorklist } from '../../electron/workbooks/index';
import { loadSettings } from '../../electron/settings/merge-settings';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';

const pairsWanted = Number(process.argv[2] ?? 1000);
const m = new LmsMapping();
const mb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

const tdb = sqliteTestDatabase();
const db = await tdb.open();
const g0 = performance.now();
const demo = await generateDemo(db, m, { users: Math.ceil(pairsWanted * 28), seed: 11 });
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

const t0 = performance.now();
const wl = await readWorklist(worklist);
const validation = await validateWorklist(db, m, wl, operator);
const t1 = performance.now();
if (pairs.length < pairsWanted) console.log(`note: only ${pairs.length} distinct pairs available`);
if (!validation.ok) throw new Error(`worklist invalid: ${validation.problems.slice(0, 5).map((p) => p.message).join(' ')}`);
let lastPrint = 0;
const result = await runBatch(db, m, validation, settings, operator, {
  logDir: path.join(dir, 'logs'),
  onProgress: (p) => {
    if (p.done - lastPrint >= 250) {
      lastPrint = p.done;
      console.log(`  ${p.done}/${p.total} done, ${p.merged} merged, ${(p.elapsedMs / 1000).toFixed(1)} s, ~${((p.etaMs ?? 0) / 1000).toFixed(0)} s left`);
    }
  },
});
const total = (performance.now() - t0) / 1000;
const logfiles = fs.readdirSync(path.join(dir, 'logs')).length;
const perPair = result.pairs.filter((p) => p.runId !== null);
const avg = perPair.reduce((s, p) => s + p.seconds, 0) / Math.max(1, perPair.length);
console.log(
  `${pairs.length} ordinary pairs on sqlite: ${total.toFixed(1)} s end to end (read+validate ${((t1 - t0) / 1000).toFixed(2)} s, ${avg.toFixed(3)} s per pair incl. logfile; target < 90 s) ${total < 90 ? 'OK' : 'SLOW'}; ` +
    `counts ${JSON.stringify(result.counts)}; ${logfiles} files written (logfiles + summary); RSS ${mb()} MiB`,
);
await tdb.drop();
fs.rmSync(dir, { recursive: true, force: true });
if (result.counts.failed) process.exitCode = 1;
