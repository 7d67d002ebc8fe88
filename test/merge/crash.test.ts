import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { bulkInsert } from '../../electron/db/bulk-insert';
import { LmsMapping } from '../../electron/db/mapping';
import { main } from '../../electron/cli/main';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { Fixture } from './fixtures';
import { richPair } from './rich-pair';

/**
 * kill -9 of a real `mergedesk` process at chosen moments (the process pauses there when
 * MERGEDESK_TEST_PAUSE_AT names the step): before the transaction, inside it, and after
 * its commit but before the outcome is recorded. Afterwards the database is intact, the run
 * is merged or interrupted (never running), and the accounts are not blocked.
 */
const BIN = fileURLToPath(new URL('../../bin/mergedesk.js', import.meta.url));

function killAt(url: string, args: string[], step: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--db', url, '--as', 'admin'], { cwd, env: { ...process.env, MERGEDESK_PASSWORD: 'demo', MERGEDESK_TEST_PAUSE_AT: step }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`never paused at "${step}": ${err}`));
    }, 30_000);
    child.stderr.on('data', (d) => {
      err += String(d);
      if (err.includes(`MERGEDESK_TEST_PAUSED ${step}`)) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && err.includes('MERGEDESK_TEST_PAUSED')) resolve();
      else reject(new Error(`exited without pausing at "${step}" (${signal ?? _code}): ${err}`));
    });
  });
}

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const sink = new Writable({ write: (c, _e, cb) => ((stdout += String(c)), cb()) });
  const code = await main(args, { stdout: sink, stderr: new Writable({ write: (_c, _e, cb) => cb() }) });
  return { code, stdout };
}

const m = new LmsMapping();

/** A pair with a few thousand rows to move (enrolments and audit entries on top of every category). */
async function largePair(db: Knex, fx: Fixture) {
  const p = await richPair(fx);
  const courses = [];
  for (let i = 0; i < 150; i++) courses.push({ code: `L${p.source.uid}-${i}`, title: 't' });
  await bulkInsert(db, m.table('courses'), courses.map((c) => m.toDbRow('courses', c)));
  const ids = (await db(m.table('courses')).select({ id: m.col('courses', 'id') }).where(m.col('courses', 'code'), 'like', `L${p.source.uid}-%`)).map((r: { id: number }) => r.id);
  await bulkInsert(db, m.table('enrolments'), ids.map((c: number) => m.toDbRow('enrolments', { user_id: p.source.id, course_id: c, status_id: 11, status_at: new Date('2024-01-01Z'), completed_at: null, score: null })));
  const audit = Array.from({ length: 1000 }, (_, i) => m.toDbRow('audit_log', { user_id: p.source.id, component_type: 'course', component_id: ids[i % ids.length], event: 'e', status: 's', occurred_at: new Date('2024-01-01Z'), comment: null }));
  await bulkInsert(db, m.table('audit_log'), audit);
  return p;
}

// Both kinds at once: most of the time is each child process starting up.
const kinds = await databaseKinds();
describe('kill -9 of mergedesk', () => {
  for (const kind of kinds) {
    (kind.skip ? it.skip : it.concurrent)(`on ${kind.kind}: merge, batch and undo killed before, during and after commit leave the database intact and the accounts free`, { timeout: 120_000 }, async () => {
      process.env.MERGEDESK_PASSWORD = 'demo';
      const tdb: TestDatabase = await kind.create();
      const dir = tempDir('mergedesk-crash-');
      let db = await tdb.open();
      const fx = await Fixture.create(db, m);
      const pairs = [await largePair(db, fx), await largePair(db, fx), await largePair(db, fx)];
      const closeForChild = async () => {
        if (kind.kind === 'sqlite') await db.destroy(); // one writer: the child opens its own
      };
      const reopen = async () => {
        if (kind.kind === 'sqlite') db = await tdb.open();
      };
      const count = async (uid: string) => Number((await db(m.table('users')).count({ n: '*' }).where(m.col('users', 'uid'), uid).first())!.n);
      const lastRun = async () => db('md_merge_runs').orderBy('id', 'desc').first();
      const mergeArgs = (p: (typeof pairs)[number]) => ['merge', '--source', p.source.uid, '--target', p.target.uid, '--set', 'abort_on_conflict=false', '--logfile', path.join(dir, `x-${p.source.uid}.xlsx`)];
      try {
        // Merge: before the transaction, in the middle of it, and after its commit.
        const moments: [string, 'interrupted' | 'merged'][] = [
          ['merge: recorded', 'interrupted'],
          ['audit log: copy entries', 'interrupted'],
          ['merge: committed', 'merged'],
        ];
        const p0 = pairs[0]!;
        for (const [step, expected] of moments) {
          await closeForChild();
          await killAt(tdb.url, mergeArgs(p0), step, dir);
          // The next command sees the run at once as interrupted (or merged when it committed).
          const listed = JSON.parse((await cli(['runs', '--db', tdb.url, '--json', '--limit', '1'])).stdout).runs[0];
          expect({ step, outcome: listed.outcome }).toEqual({ step, outcome: expected });
          await reopen();
          const run = await lastRun();
          expect(run.outcome).toBe(expected);
          expect(await count(p0.source.uid)).toBe(expected === 'merged' ? 0 : 1);
          if (expected === 'interrupted') expect(Number((await db('md_merge_journal').count({ n: '*' }).where('run_id', run.id).first())!.n)).toBe(0);
          if (expected === 'merged') {
            await closeForChild();
            const out = path.join(dir, `again-${run.id}.xlsx`);
            const r = await cli(['logfile', '--db', tdb.url, '--run', String(run.id), '--out', out, '--json']);
            expect(r.code).toBe(0);
            const log = await readMergeLogfile(out);
            expect(log.summary).toMatchObject({ runId: Number(run.id), outcome: 'merged', sourceUid: p0.source.uid });
            expect(log.records.length).toBeGreaterThan(20);
            await reopen();
          }
        }
        // Undo of that committed merge: killed during and after its commit.
        const merged = Number((await lastRun()).id);
        await closeForChild();
        await killAt(tdb.url, ['undo', '--run', String(merged), '--logfile', path.join(dir, 'u.xlsx')], 'undo: delete audit_log', dir);
        await reopen();
        expect((await lastRun()).outcome === null || (await lastRun()).outcome === 'interrupted').toBe(true);
        expect(await count(p0.source.uid)).toBe(0);
        await closeForChild();
        await killAt(tdb.url, ['undo', '--run', String(merged), '--logfile', path.join(dir, 'u.xlsx')], 'undo: committed', dir);
        const list = JSON.parse((await cli(['runs', '--db', tdb.url, '--json', '--limit', '3'])).stdout).runs;
        expect(list.map((r: { outcome: string }) => r.outcome)).toEqual(['undone', 'interrupted', 'undone']);
        await reopen();
        expect(await count(p0.source.uid)).toBe(1);

        // Batch: killed after the first pair's commit; the pair is merged, the run again proceeds and skips it.
        const worklist = path.join(dir, 'w.csv');
        fs.writeFileSync(worklist, `source_uid,target_uid\n${pairs[1]!.source.uid},${pairs[1]!.target.uid}\n${pairs[2]!.source.uid},${pairs[2]!.target.uid}\n`);
        await closeForChild();
        await killAt(tdb.url, ['batch', '--worklist', worklist, '--set', 'abort_on_conflict=false', '--logdir', path.join(dir, 'b')], 'merge: committed', dir);
        const again = await cli(['batch', '--db', tdb.url, '--as', 'admin', '--worklist', worklist, '--set', 'abort_on_conflict=false', '--logdir', path.join(dir, 'b2'), '--json']);
        expect(again.code).toBe(0);
        expect(JSON.parse(again.stdout).pairs.map((p: { outcome: string }) => p.outcome)).toEqual(['skipped', 'merged']);
        await reopen();
        // Nothing left running, and the database is whole: the next merge of the first pair proceeds.
        expect(await db('md_merge_runs').whereNull('outcome').count({ n: '*' }).first()).toEqual({ n: kind.kind === 'postgres' ? '0' : 0 });
        await closeForChild();
        process.env.MERGEDESK_PASSWORD = 'demo';
        const last = await cli(['merge', '--db', tdb.url, '--as', 'admin', ...mergeArgs(p0).slice(1), '--json']);
        expect(JSON.parse(last.stdout).outcome).toBe('merged');
        await reopen();
        if (kind.kind === 'sqlite') expect((await db.raw('pragma integrity_check'))[0].integrity_check).toBe('ok');
      } finally {
        await tdb.drop();
      }
    });
  }
});
