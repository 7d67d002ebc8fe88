/**
 * Logfile writing benchmark: 1,000 ordinary merge logfiles (the logs of real demo merges,
 * written in turn) and one heavy logfile (25,000 records, the size of the heavy pair's).
 * Wall time and CPU time (the CPU time is the steadier figure on a shared machine).
 * Run: npx tsx test/bench/logfile-bench.ts [--writer PATH-TO-merge-logfile.ts] (another writer, to compare)
 */
import fs from 'node:fs';
import path from 'node:path';
import { authenticateOperator } from '../../electron/auth/operator';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo } from '../../electron/demo/index';
import { execute, type MergeResult } from '../../electron/engine/merge/index';
import { loadSettings } from '../../electron/settings/merge-settings';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';

const args = process.argv.slice(2);
const writerPath = args.includes('--writer') ? path.resolve(args[args.indexOf('--writer') + 1]!) : '../../electron/workbooks/merge-logfile';
const { logFromResult, writeMergeLogfile } = (await import(writerPath)) as typeof import('../../electron/workbooks/merge-logfile');
const m = new LmsMapping();
const out = tempDir('mergedesk-logbench-');

const tdb = sqliteTestDatabase();
const db = await tdb.open();
const demo = await generateDemo(db, m, { users: 2400, seed: 7 });
const admin = demo.admins[0]!;
const operator = await authenticateOperator(db, m, admin.login, admin.password);
const settings = { ...(await loadSettings(db)), abort_on_conflict: false };
const results: MergeResult[] = [];
for (const p of demo.plantedPairs.slice(0, 50)) results.push(await execute(db, m, { source: p.uid_b, target: p.uid_a }, settings, operator, { dryRun: true }));
await tdb.drop();

const logs = results.map((r) => logFromResult(r));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const c0 = cpu();
const t0 = performance.now();
for (let i = 0; i < 1000; i++) await writeMergeLogfile(path.join(out, `pair-${i % 10}.xlsx`), logs[i % logs.length]!);
const ordinary = (performance.now() - t0) / 1000;
const ordinaryCpu = cpu() - c0;
const records = logs.reduce((n, l) => n + l.records.length, 0) / logs.length;

const richest = logs.reduce((a, b) => (b.records.length > a.records.length ? b : a));
const heavyLog = { ...richest, records: Array.from({ length: 25_000 }, (_, i) => ({ ...richest.records[i % richest.records.length]!, objectId: i })) };
const hc0 = cpu();
const h0 = performance.now();
const heavyFile = path.join(out, 'heavy.xlsx');
await writeMergeLogfile(heavyFile, heavyLog);
const heavy = (performance.now() - h0) / 1000;
const heavyCpu = cpu() - hc0;
console.log(`writer ${path.relative(process.cwd(), writerPath) || writerPath}`);
console.log(`1,000 ordinary logfiles (${records.toFixed(0)} records each on average): ${ordinary.toFixed(2)} s (${ordinary.toFixed(1)} ms each), CPU ${ordinaryCpu.toFixed(2)} s`);
console.log(`heavy logfile (25,000 records): ${heavy.toFixed(2)} s, CPU ${heavyCpu.toFixed(2)} s, ${(fs.statSync(heavyFile).size / 1024).toFixed(0)} KiB`);
fs.rmSync(out, { recursive: true, force: true });
