import path from 'node:path';
import { Writable } from 'node:stream';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { main } from '../../electron/cli/main';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { readRunDetails } from '../../electron/engine/runs/ledger';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { Fixture, settingsWith } from './fixtures';

/**
 * Issue 9, defects 2 and 6: a committed merge is reported as merged even when its logfile
 * cannot be written (and the logfile can be made again); failures never show driver text.
 */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: new Writable({ write: (c, _e, cb) => ((stdout += String(c)), cb()) }),
    stderr: new Writable({ write: (c, _e, cb) => ((stderr += String(c)), cb()) }),
  });
  return { code, stdout, stderr };
}

const m = new LmsMapping();
const HASH = bcrypt.hashSync('the-source-password', 4);

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`merge reporting on ${kind.kind}`, () => {
    const dir = tempDir('mergedesk-report-');
    let tdb: TestDatabase;
    let db: Knex;
    let fx: Fixture;
    const open = async () => {
      if (!tdb) {
        process.env.MERGEDESK_PASSWORD = 'demo';
        tdb = await kind.create();
        db = await tdb.open();
        fx = await Fixture.create(db, m);
      } else if (kind.kind === 'sqlite') db = fx.db = await tdb.open();
    };
    const closeForCli = async () => {
      if (kind.kind === 'sqlite') await db.destroy();
    };

    it('a merge whose logfile cannot be written is reported merged (exit 0, run number, warning), and `logfile --run` makes it again', async () => {
      await open();
      const { source, target } = await fx.pair();
      await closeForCli();
      const r = await cli(['merge', '--db', tdb.url, '--as', 'admin', '--source', source.uid, '--target', target.uid, '--logfile', '/nonexistent/dir/x.xlsx', '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({ outcome: 'merged', logfile: null, run: expect.any(Number) });
      expect(j.warnings).toEqual([expect.stringMatching(/could not be written to \/nonexistent\/dir\/x\.xlsx: the folder does not exist \(ENOENT\)\. Make it again with: mergedesk logfile --run \d+/)]);
      const human = await cli(['merge', '--db', tdb.url, '--as', 'admin', '--source', source.uid, '--target', target.uid, '--logfile', '/nonexistent/dir/x.xlsx']);
      expect(human.code).toBe(3); // the source is gone now: refused, and still no raw ENOENT
      expect(human.stderr).not.toMatch(/ENOENT: no such file/);

      // logfile: exit 0 and its --json; 3 for an unknown run or bad input; 1 when it cannot be written.
      const out = path.join(dir, `again-${kind.kind}.xlsx`);
      const again = await cli(['logfile', '--db', tdb.url, '--run', String(j.run), '--out', out, '--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ run: j.run, kind: 'merge', outcome: 'merged', logfile: out });
      expect((await readMergeLogfile(out)).summary).toMatchObject({ runId: j.run, outcome: 'merged', sourceUid: source.uid, targetUid: target.uid });
      const unknown = await cli(['logfile', '--db', tdb.url, '--run', '99999', '--json']);
      expect(unknown.code).toBe(3);
      expect(JSON.parse(unknown.stdout).error.code).toBe('UNKNOWN_RUN');
      expect((await cli(['logfile', '--db', tdb.url])).code).toBe(3);
      expect((await cli(['logfile', '--db', tdb.url, '--run', 'x'])).code).toBe(3);
      expect((await cli(['logfile', '--db', tdb.url, '--run', String(j.run), '--out', 'a.csv'])).code).toBe(3);
      const cannot = await cli(['logfile', '--db', tdb.url, '--run', String(j.run), '--out', '/nonexistent/dir/y.xlsx', '--json']);
      expect(cannot.code).toBe(1);
      expect(JSON.parse(cannot.stdout).error.message).toContain('the folder does not exist (ENOENT)');

      // runs: every run with its outcome, --json shape, bad input refused.
      const runs = await cli(['runs', '--db', tdb.url, '--json']);
      expect(runs.code).toBe(0);
      expect(JSON.parse(runs.stdout).runs.find((x: { run: number }) => x.run === j.run)).toEqual({
        run: j.run,
        kind: 'merge',
        undoes: null,
        outcome: 'merged',
        dryRun: false,
        source: source.uid,
        target: target.uid,
        operator: 'admin',
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
        reason: null,
        planHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect((await cli(['runs', '--db', tdb.url, '--outcome', 'bogus'])).code).toBe(3);
      expect((await cli(['runs', '--db', tdb.url, '--limit', '0'])).code).toBe(3);

      // undo: the same rule, and its message names a command that exists.
      const undo = await cli(['undo', '--db', tdb.url, '--as', 'admin', '--run', String(j.run), '--logfile', '/nonexistent/dir/u.xlsx', '--json']);
      expect(undo.code).toBe(0);
      expect(JSON.parse(undo.stdout)).toMatchObject({ outcome: 'undone', logfile: null, warnings: [expect.stringContaining('the folder does not exist (ENOENT)')] });
      const noRun = await cli(['undo', '--db', tdb.url, '--as', 'admin', '--run', '99999', '--json']);
      expect(noRun.code).toBe(3);
      expect(JSON.parse(noRun.stdout).error.message).toBe('There is no merge run 99999. Check the run number (mergedesk runs or the merge logfile shows it).');
      await open();
      expect(await fx.one('users', { uid: source.uid })).toBeDefined();
    });

    it('a merge that fails with a driver error records and shows a plain sentence, never the SQL or a password hash', async () => {
      await open();
      const { source, target } = await fx.pair({ password_hash: HASH });
      // A real driver error whose text holds the hash: a duplicate login insert.
      let driverError: unknown;
      try {
        await db(m.table('users')).insert(m.toDbRow('users', { uid: 'DUPE', login: 'admin', email: null, first_name: 'x', last_name: 'y', client_id: fx.clientId, org_unit_id: fx.unitA, origin: 'manual', status: 'active', is_admin: false, password_hash: HASH, created_at: new Date(), updated_at: new Date() } as never));
      } catch (err) {
        driverError = err;
      }
      // Knex puts the statement in front of the driver's message; SQLite's even holds the values.
      expect(String((driverError as Error).message)).toMatch(/insert into/i);
      if (kind.kind === 'sqlite') expect(String((driverError as Error).message)).toContain(HASH);
      const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin, {
        faultInjection: () => {
          throw driverError;
        },
      });
      expect(r.outcome).toBe('failed');
      expect(r.reason).toMatch(/^The merge failed and nothing was changed: a row would have duplicated a unique value .*\((SQLITE_CONSTRAINT_UNIQUE|SQLSTATE 23505)\)\.$/);
      const run = await db('md_merge_runs').where('id', r.runId).first();
      expect(JSON.stringify(run)).not.toContain(HASH);
      expect(JSON.stringify(run)).not.toMatch(/insert into/i);
      expect(await fx.one('users', { uid: source.uid })).toBeDefined();
    });

    it('undo refuses, before writing, when the login the target took over cannot go back (partial undo), with no hash anywhere', async () => {
      await open();
      const { source, target } = await fx.pair({ password_hash: HASH, login: `taken-${kind.kind}` });
      const merged = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin, { takeLogin: true });
      expect(merged.outcome).toBe('merged');
      // The target changed since (so a partial undo keeps its row, with the login it took over).
      await db(m.table('users')).where(m.col('users', 'uid'), target.uid).update({ [m.col('users', 'first_name')]: 'Renamed' });
      const before = await db(m.table('users')).count({ n: '*' }).first();
      const u = await undoRun(db, m, merged.runId, fx.admin, { acceptPartial: true });
      expect(u.outcome).toBe('refused');
      expect(u.refusal).toBe('RESTORE_CLASH');
      expect(u.reason).toBe(`The account ${source.uid} cannot get back its login "taken-${kind.kind}": account ${target.uid} uses it now (it changed since the merge, so a partial undo keeps its row as it is now). Nothing was changed.`);
      const run = await db('md_merge_runs').where('id', u.runId).first();
      expect(JSON.stringify(run)).not.toContain(HASH);
      expect(JSON.stringify(u)).not.toContain(HASH);
      expect(await db(m.table('users')).count({ n: '*' }).first()).toEqual(before);
      expect((await db('md_merge_runs').where('id', merged.runId).first()).outcome).toBe('merged');
    });

    it('an undo logfile and result never show the password hash of the recreated account', async () => {
      await open();
      const { source, target } = await fx.pair({ password_hash: HASH });
      const merged = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin);
      const u = await undoRun(db, m, merged.runId, fx.admin);
      expect(u.outcome).toBe('undone');
      expect(JSON.stringify(u.restored)).not.toContain(HASH);
      // The stored report is compressed: read back as the logfile reads it, it has the restored rows but not the hash.
      const details = JSON.stringify(await readRunDetails(db, u.runId));
      expect(details).toContain(source.uid);
      expect(details).not.toContain(HASH);
      // The account itself is back with its hash (the undo is exact).
      expect((await fx.one('users', { uid: source.uid }))!.password_hash).toBe(HASH);
    });

    it('cleans up', async () => tdb?.drop());
  });
}
