import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { sqliteTestDatabase, tempDir, type TestDatabase } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { main } from '../../electron/cli/main';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { loadSettings } from '../../electron/settings/merge-settings';
import { Fixture } from './fixtures';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('mergedesk merge / settings (CLI on SQLite)', () => {
  let tdb: TestDatabase;
  let db: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  const dir = tempDir('mergedesk-cli-');
  const saved = process.env.MERGEDESK_PASSWORD;
  beforeAll(async () => {
    process.env.MERGEDESK_PASSWORD = 'demo';
    tdb = sqliteTestDatabase();
    db = await tdb.open();
    fx = await Fixture.create(db, m);
    await db.destroy(); // the CLI opens its own connection (SQLite: one writer)
  });
  afterAll(async () => {
    process.env.MERGEDESK_PASSWORD = saved;
    await tdb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const reopen = async () => {
    db = await tdb.open();
    fx.db = db;
    return fx;
  };
  const close = async () => db.destroy();

  it('merges with --json, --set overrides, and writes the logfile', async () => {
    await reopen();
    const { source, target } = await fx.pair();
    const course = await fx.course();
    await fx.enrol(source.id, course, 11, '2024-01-01Z');
    await fx.enrol(target.id, course, 8, '2024-01-01Z');
    await close();
    const logfile = path.join(dir, 'a.xlsx');
    const base = ['merge', '--db', tdb.url, '--source', source.uid, '--target', target.uid, '--as', 'admin', '--logfile', logfile, '--json'];
    const aborted = await run(base);
    expect(aborted.code).toBe(2);
    const a = JSON.parse(aborted.stdout);
    expect(Object.keys(a)).toEqual(['run', 'outcome', 'source', 'target', 'planHash', 'counts', 'conflicts', 'actionRequired', 'logfile', 'warnings', 'employeeIdTakeOver']);
    expect(a).toMatchObject({ outcome: 'aborted', source: source.uid, target: target.uid, counts: { enrolments: { conflict: 1 } } });
    expect(a.conflicts).toHaveLength(1);
    expect((await readMergeLogfile(logfile)).summary.outcome).toBe('aborted');

    const dry = await run([...base, '--set', 'abort_on_conflict=false', '--set', 'source_disposition=deactivate', '--dry-run']);
    expect(dry.code).toBe(0);
    const d = JSON.parse(dry.stdout);
    expect(d).toMatchObject({ outcome: 'merged', counts: { enrolments: { take_source: 1 } } });

    const stale = await run([...base, '--set', 'abort_on_conflict=false', '--expect-plan', 'a'.repeat(64)]);
    expect(stale.code).toBe(3);
    expect(JSON.parse(stale.stdout).outcome).toBe('refused');

    const merged = await run([...base, '--set', 'abort_on_conflict=false', '--set', 'source_disposition=deactivate', '--expect-plan', d.planHash]);
    expect(merged.code).toBe(0);
    const r = JSON.parse(merged.stdout);
    expect(r.outcome).toBe('merged');
    const log = await readMergeLogfile(logfile);
    expect(log.summary).toMatchObject({ outcome: 'merged', runId: r.run, planHash: d.planHash });
    expect(log.summary.settings).toMatchObject({ abort_on_conflict: false, source_disposition: 'deactivate' });
    await reopen();
    const run2 = await db('md_merge_runs').where('id', r.run).first();
    expect(JSON.parse(run2.settings_json).overrides).toEqual({ abort_on_conflict: false, source_disposition: 'deactivate' });
    expect((await fx.one('users', { id: source.id }))!.status).toBe('inactive');
    await close();
  });

  it('exit 3 for refusals (unknown UID, bad --set, wrong password) and human output', async () => {
    const refused = await run(['merge', '--db', tdb.url, '--source', 'NOPE', '--target', 'NOPE2', '--as', 'admin', '--logfile', path.join(dir, 'r.xlsx')]);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/refused; nothing was changed: There is no account with UID "NOPE"/);
    expect(refused.stdout).toMatch(/Logfile: /);
    const badSet = await run(['merge', '--db', tdb.url, '--source', 'A', '--target', 'B', '--as', 'admin', '--set', 'colour=red']);
    expect(badSet.code).toBe(3);
    expect(badSet.stderr).toMatch(/Unknown setting "colour"/);
    process.env.MERGEDESK_PASSWORD = 'wrong';
    const wrong = await run(['merge', '--db', tdb.url, '--source', 'A', '--target', 'B', '--as', 'admin']);
    process.env.MERGEDESK_PASSWORD = 'demo';
    expect(wrong.code).toBe(3);
  });

  it('exit 1 when the merge fails, nothing changed', async () => {
    await reopen();
    const { source, target } = await fx.pair();
    await fx.add('course_tutors', { course_id: await fx.course(), user_id: source.id });
    // Break the database under the engine: the trigger makes every tutor move fail.
    await db.raw(`create trigger md_test_fail before update on course_tutors begin select raise(abort, 'boom'); end`);
    await close();
    const failed = await run(['merge', '--db', tdb.url, '--source', source.uid, '--target', target.uid, '--as', 'admin', '--logfile', path.join(dir, 'f.xlsx'), '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).outcome).toBe('failed');
    await reopen();
    await db.raw('drop trigger md_test_fail');
    expect(await fx.rows('users', { id: source.id })).toHaveLength(1);
    expect(await fx.rows('course_tutors', { user_id: source.id })).toHaveLength(1);
    await close();
  });

  it('settings show / set / rules with validation', async () => {
    const show = await run(['settings', 'show', '--db', tdb.url, '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout).settings).toMatchObject({ abort_on_conflict: true, source_disposition: 'delete' });
    const set = await run(['settings', 'set', 'abort_on_conflict=false', 'source_disposition=anonymise', '--as', 'admin', '--db', tdb.url]);
    expect(set.code).toBe(0);
    const bad = await run(['settings', 'set', 'source_disposition=shred', '--as', 'admin', '--db', tdb.url]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/source_disposition "shred" is not valid/);
    const rules = path.join(dir, 'rules.json');
    fs.writeFileSync(rules, JSON.stringify([{ target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'earliest' }]));
    expect((await run(['settings', 'rules', '--portfolio', rules, '--as', 'admin', '--db', tdb.url])).code).toBe(0);
    fs.writeFileSync(
      rules,
      JSON.stringify([
        { target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'earliest' },
        { target_status_id: 8, source_status_id: 11, result_status_id: 8, dates_merge_type: 'earliest' },
      ]),
    );
    const contradictory = await run(['settings', 'rules', '--portfolio', rules, '--as', 'admin', '--db', tdb.url]);
    expect(contradictory.code).toBe(3);
    expect(contradictory.stderr).toMatch(/contradict each other/);
    fs.writeFileSync(rules, JSON.stringify([{ target_status: 'confirmed', source_status: 'not_confirmed' }]));
    const incomplete = await run(['settings', 'rules', '--job-profile', rules, '--as', 'admin', '--db', tdb.url]);
    expect(incomplete.code).toBe(3);
    expect(incomplete.stderr).toMatch(/job profile rule 1 is incomplete or invalid \(result_status/);
    await reopen();
    const s = await loadSettings(db);
    expect(s).toMatchObject({ abort_on_conflict: false, source_disposition: 'anonymise', portfolioRules: [{ target_status_id: 8, source_status_id: 11 }], jobProfileRules: [] });
    await close();
  });
});
