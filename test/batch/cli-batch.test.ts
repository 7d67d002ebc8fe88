import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { Fixture } from '../merge/fixtures';

describe('mergedesk batch (CLI on SQLite)', () => {
  let tdb: TestDatabase;
  const m = new LmsMapping();
  const dir = tempDir('mergedesk-cli-batch-');
  const saved = process.env.MERGEDESK_PASSWORD;
  const uids: string[] = [];
  beforeAll(async () => {
    process.env.MERGEDESK_PASSWORD = 'demo';
    tdb = sqliteTestDatabase();
    const db = await tdb.open();
    const fx = await Fixture.create(db, m);
    for (let i = 0; i < 6; i++) uids.push((await fx.user()).uid);
    const course = await fx.course();
    // pair 3 conflicts (both enrolled) and aborts with abort_on_conflict on
    await fx.enrol((await fx.one('users', { uid: uids[4] }))!.id as number, course, 11, '2024-01-01T00:00:00Z');
    await fx.enrol((await fx.one('users', { uid: uids[5] }))!.id as number, course, 8, '2024-01-01T00:00:00Z');
    await db.destroy();
  });
  afterAll(async () => {
    process.env.MERGEDESK_PASSWORD = saved;
    await tdb?.drop();
  });
  const write = (name: string, ...lines: string[]) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  };

  it('refuses an invalid worklist with every problem (exit 3, nothing merged)', async () => {
    const f = write('bad.csv', 'source_uid,target_uid', `${uids[0]},${uids[0]}`, `NOPE,${uids[1]}`);
    const r = await runCli('batch', '--db', tdb.url, '--worklist', f, '--as', 'admin', '--json');
    expect(r.code).toBe(3);
    const j = r.json();
    expect(j.ok).toBe(false);
    expect(j.error.code).toBe('WORKLIST_INVALID');
    expect(j.problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
      [2, 'SAME_UID'],
      [3, 'UNKNOWN_UID'],
    ]);
    const human = await runCli('batch', '--db', tdb.url, '--worklist', f, '--as', 'admin');
    expect(human.code).toBe(3);
    expect(human.stdout).toContain(`Row 2: source_uid and target_uid are the same account (${uids[0]}).`);
    expect(human.stdout).toContain('Row 3: there is no account with UID "NOPE" (source).');
  });

  it('dry run, then run with --set: exit 2 when a pair aborts; summary and logfiles in --logdir', async () => {
    const f = write('ok.csv', 'source_uid,target_uid,note', `${uids[0]},${uids[1]},a`, `${uids[2]},${uids[3]},`, `${uids[4]},${uids[5]},conflict`);
    const logdir = path.join(dir, 'logs');
    const dry = await runCli('batch', '--db', tdb.url, '--worklist', f, '--as', 'admin', '--dry-run', '--logdir', logdir, '--json');
    expect(dry.code).toBe(2);
    const d = dry.json();
    expect(d).toMatchObject({ ok: true, dryRun: true, cancelled: false, counts: { total: 3, merged: 2, aborted: 1, failed: 0, refused: 0, skipped: 0, notRun: 0 } });
    expect(fs.existsSync(d.summaryFile)).toBe(true);
    expect(d.pairs.map((p: { outcome: string }) => p.outcome)).toEqual(['merged', 'merged', 'aborted']);
    for (const p of d.pairs) expect(fs.existsSync(p.logfile)).toBe(true);

    const run = await runCli('batch', '--db', tdb.url, '--worklist', f, '--as', 'admin', '--set', 'abort_on_conflict=false', '--logdir', logdir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Batch done in');
    expect(run.stdout).toContain('3 pair(s), 3 merged, 0 aborted, 0 failed, 0 refused, 0 skipped');
    expect(run.stdout).toContain('Summary: ');
    const again = await runCli('batch', '--db', tdb.url, '--worklist', f, '--as', 'admin', '--logdir', logdir, '--json');
    expect(again.code).toBe(0);
    expect(again.json().counts).toMatchObject({ total: 3, merged: 0, skipped: 3 });
  });
});
