import path from 'node:path';
import { logFromResult, writeMergeLogfile } from '../electron/workbooks/merge-logfile';
import { mergeLogSheets } from '../electron/workbooks/merge-logfile';
import { authenticateOperator } from '../electron/auth/operator';
import { LmsMapping } from '../electron/db/mapping';
import { generateDemo } from '../electron/demo/index';
import { execute, type MergeResult } from '../electron/engine/merge/index';
import { loadSettings } from '../electron/settings/merge-settings';
import { sqliteTestDatabase, tempDir } from '../test/helpers/databases';
const m = new LmsMapping();
const out = tempDir('mergedesk-logbench-');
const tdb = sqliteTestDatabase();
const db = await tdb.open();
const demo = await generateDemo(db, m, { users: 600, seed: 7 });
const admin = demo.admins[0]!;
const operator = await authenticateOperator(db, m, admin.login, admin.password);
const settings = { ...(await loadSettings(db)), abort_on_conflict: false };
const results: MergeResult[] = [];
for (const p of demo.plantedPairs.slice(0, 10)) results.push(await execute(db, m, { source: p.uid_b, target: p.uid_a }, settings, operator, { dryRun: true }));
await tdb.drop();
const richest = results.reduce((a, b) => ((b.plan?.records.length ?? 0) > (a.plan?.records.length ?? 0) ? b : a));
const plan = richest.plan!;
const heavy: MergeResult = { ...richest, plan: { ...plan, records: Array.from({ length: 30_000 }, (_, i) => ({ ...plan.records[i % plan.records.length]!, objectId: i })) } };
for (let k = 0; k < 4; k++) {
  const t0 = performance.now();
  const log = logFromResult(heavy);
  const t1 = performance.now();
  const sheets = [];
  const t2 = performance.now();
  await writeMergeLogfile(path.join(out, 'h.xlsx'), log);
  const t3 = performance.now();
  console.log(`logFromResult ${(t1 - t0).toFixed(0)} ms, sheets ${(t2 - t1).toFixed(0)} ms, write (sheets+zip) ${(t3 - t2).toFixed(0)} ms`);
}
const { stageMergeLogfile, logTablesOf, logSummaryOf } = await import('../electron/workbooks/merge-logfile');
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  const tables = logTablesOf(heavy.plan, {});
  const t1 = performance.now();
  const st = stageMergeLogfile(tables, logSummaryOf(heavy));
  const t2 = performance.now();
  await new Promise((r) => setTimeout(r, 600));
  const t3 = performance.now();
  await st.finish(path.join(out, 's.xlsx'), logSummaryOf(heavy));
  const t4 = performance.now();
  console.log(`tables ${(t1 - t0).toFixed(0)} ms, stage ${(t2 - t1).toFixed(0)} ms, finish ${(t4 - t3).toFixed(0)} ms`);
}
