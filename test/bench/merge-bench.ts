/**
 * Merge benchmark: the heavy pair (source with 2,000 enrolments, 2,000 SCORM rows, 500 skills
 * with 5,000 history rows, 20,000 audit entries, half overlapping the target) on SQLite and
 * PostgreSQL, logfile included; then 1,000 ordinary demo pairs merged one after another on SQLite.
 * Run: npx tsx test/bench/merge-bench.ts [--pairs N] [--skip-pairs]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { authenticateOperator } from '../../electron/auth/operator';
import { bulkInsert } from '../../electron/db/bulk-insert';
import type { LmsTable } from '../../electron/db/lms-tables';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo } from '../../electron/demo/index';
import { execute } from '../../electron/engine/merge/index';
import { logFromResult, writeMergeLogfile } from '../../electron/workbooks/index';
import { DEFAULT_SETTINGS, loadSettings } from '../../electron/settings/merge-settings';
import { Fixture } from '../engine/fixtures';
import { postgresTestDatabase, postgresUnavailableReason, sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';

const m = new LmsMapping();
const args = process.argv.slice(2);
const pairsWanted = Number(args[args.indexOf('--pairs') + 1]) || 1000;
const out = tempDir('mergedesk-bench-');
const mb = () => Math.round(process.memoryUsage().rss / 1048576);

async function maxId(db: Knex, t: LmsTable): Promise<number> {
  const r = await db(m.table(t)).max({ id: m.col(t, 'id' as never) }).first();
  return Number(r?.id ?? 0);
}

async function insertMany(db: Knex, t: LmsTable, rows: Record<string, unknown>[]): Promise<number[]> {
  const before = await maxId(db, t);
  await bulkInsert(db, m.table(t), rows.map((r) => m.toDbRow(t, r as never)));
  const ids = await db(m.table(t)).select({ id: m.col(t, 'id' as never) }).where(m.col(t, 'id' as never), '>', before).orderBy(m.col(t, 'id' as never));
  return ids.map((r: { id: number }) => Number(r.id));
}

async function heavyPair(db: Knex, fx: Fixture): Promise<{ source: string; target: string }> {
  const { source, target } = await fx.pair();
  const at = new Date('2024-01-01T00:00:00Z');
  const courses = await insertMany(db, 'courses', Array.from({ length: 2000 }, (_, i) => ({ code: `HC${i}-${source.uid}`, title: `Heavy ${i}` })));
  const statuses = [11, 12, 9, 8, 6, 3];
  await insertMany(db, 'enrolments', [
    ...courses.map((c, i) => ({ user_id: source.id, course_id: c, status_id: statuses[i % 6], status_at: new Date(at.getTime() + i * 1000), completed_at: null, score: i % 100 })),
    ...courses.slice(0, 1000).map((c, i) => ({ user_id: target.id, course_id: c, status_id: statuses[(i + 3) % 6], status_at: new Date(at.getTime() + i * 500), completed_at: null, score: null })),
  ]);
  const scos = await insertMany(db, 'scos', courses.map((c, i) => ({ course_id: c, identifier: `sco${i}`, title: 'sco' })));
  const completion = ['completed', 'incomplete', 'not attempted', 'unknown'];
  await insertMany(db, 'scorm_data', [
    ...scos.map((s, i) => ({ user_id: source.id, sco_id: s, completion_status: completion[i % 4], success_status: null, score: i % 100, suspend_data: 'x'.repeat(200), updated_at: at })),
    ...scos.slice(0, 1000).map((s, i) => ({ user_id: target.id, sco_id: s, completion_status: completion[(i + 1) % 4], success_status: null, score: null, suspend_data: null, updated_at: at })),
  ]);
  const skills = await insertMany(db, 'skills', Array.from({ length: 500 }, (_, i) => ({ name: `skill ${i}` })));
  await insertMany(db, 'user_skills', [
    ...skills.map((s, i) => ({ user_id: source.id, skill_id: s, achieved_value: i % 5, achieved_at: at, expires_at: i % 2 ? new Date('2030-01-01Z') : null })),
    ...skills.slice(0, 250).map((s, i) => ({ user_id: target.id, skill_id: s, achieved_value: (i + 2) % 5, achieved_at: at, expires_at: null })),
  ]);
  await insertMany(db, 'skill_history', Array.from({ length: 5000 }, (_, i) => ({ user_id: source.id, skill_id: skills[i % 500], value: i % 5, changed_at: new Date(at.getTime() + i * 60_000), trigger: 'course completion' })));
  const audit = (user: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ user_id: user, component_type: 'course', component_id: courses[i % 2000], event: 'status_changed', status: 'passed', occurred_at: new Date(at.getTime() + i * 60_000), comment: i % 3 ? null : 'note' }));
  await insertMany(db, 'audit_log', audit(source.id, 20_000));
  await insertMany(db, 'audit_log', audit(target.id, 10_000));
  return { source: source.uid, target: target.uid };
}

async function benchHeavy(tdb: TestDatabase): Promise<void> {
  const db = await tdb.open();
  const fx = await Fixture.create(db, m);
  // Background: other users' history, so the tables are not just the pair.
  for (let k = 0; k < 3; k++) await heavyPair(db, fx);
  const pair = await heavyPair(db, fx);
  const settings = { ...DEFAULT_SETTINGS, abort_on_conflict: false };
  const rss0 = mb();
  const t0 = performance.now();
  const steps: [string, number][] = [];
  let last = t0;
  const r = await execute(db, m, pair, settings, fx.admin, {
    faultInjection: (step) => {
      const now = performance.now();
      steps.push([step, now - last]);
      last = now;
    },
  });
  const t1 = performance.now();
  if (process.env.MERGE_BENCH_STEPS) {
    const agg = new Map<string, number>();
    for (const [s, d] of steps) agg.set(s, (agg.get(s) ?? 0) + d);
    console.log([...agg].map(([s, d]) => `  ${s}: ${d.toFixed(0)} ms`).join('\n') + `\n  (commit + run update: ${(t1 - last).toFixed(0)} ms)`);
  }
  const file = path.join(out, `heavy-${tdb.kind}.xlsx`);
  await writeMergeLogfile(file, logFromResult(r));
  const t2 = performance.now();
  if (r.outcome !== 'merged') throw new Error(`heavy merge ${r.outcome}: ${r.reason}`);
  const total = (t2 - t0) / 1000;
  const target = tdb.kind === 'sqlite' ? 3 : 5;
  console.log(
    `heavy pair on ${tdb.kind.padEnd(8)}: merge ${((t1 - t0) / 1000).toFixed(2)} s + logfile ${((t2 - t1) / 1000).toFixed(2)} s = ${total.toFixed(2)} s (target < ${target} s) ${total < target ? 'OK' : 'SLOW'}; ` +
      `${r.plan!.records.length} records, ${r.journalEntries} journal rows, logfile ${(fs.statSync(file).size / 1024).toFixed(0)} KiB, RSS ${rss0} → ${mb()} MiB`,
  );
  await tdb.drop();
}

async function benchPairs(): Promise<void> {
  const tdb = sqliteTestDatabase();
  const db = await tdb.open();
  const g0 = performance.now();
  const demo = await generateDemo(db, m, { users: Math.ceil(pairsWanted * 24), seed: 7 });
  console.log(`demo: ${demo.users} users, ${demo.plantedPairs.length} planted pairs, generated in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  const admin = demo.admins[0]!;
  const operator = await authenticateOperator(db, m, admin.login, admin.password);
  const settings = { ...(await loadSettings(db)), abort_on_conflict: false };
  const pairs = demo.plantedPairs.slice(0, pairsWanted);
  const outcomes: Record<string, number> = {};
  let logSeconds = 0;
  const t0 = performance.now();
  for (const [i, p] of pairs.entries()) {
    const r = await execute(db, m, { source: p.uid_b, target: p.uid_a }, settings, operator);
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const l0 = performance.now();
    await writeMergeLogfile(path.join(out, `pair-${i % 10}.xlsx`), logFromResult(r));
    logSeconds += (performance.now() - l0) / 1000;
    if (r.outcome === 'failed') console.log(`  pair ${p.uid_b} → ${p.uid_a} failed: ${r.reason}`);
  }
  const total = (performance.now() - t0) / 1000;
  console.log(
    `${pairs.length} ordinary pairs on sqlite: ${total.toFixed(1)} s incl. logfiles (${logSeconds.toFixed(1)} s of it logfiles; target < 60 s) ${total < 60 ? 'OK' : 'SLOW'}; outcomes ${JSON.stringify(outcomes)}; RSS ${mb()} MiB`,
  );
  await tdb.drop();
}

await benchHeavy(sqliteTestDatabase());
const pgReason = await postgresUnavailableReason();
if (pgReason) console.log(`heavy pair on postgres: skipped (${pgReason})`);
else await benchHeavy(await postgresTestDatabase());
if (!args.includes('--skip-pairs')) await benchPairs();
fs.rmSync(out, { recursive: true, force: true });
