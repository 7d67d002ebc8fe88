import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { execute, plan } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { validateWorklist } from '../../electron/engine/batch/validate';
import type { WorklistRow } from '../../electron/engine/batch/worklist';
import { runDate } from '../../electron/engine/runs/merged-away';
import { Fixture, ms, settingsWith } from './fixtures';
import { useFixtureDatabase } from './fixture-database';

const row = (n: number, source: string, target: string): WorklistRow => ({ row: n, source_uid: source, target_uid: target, take_email: false, take_login: false, note: null });

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`an account is merged once (defect 1) on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    const auditCount = async (userId: number) => (await fx.rows('audit_log', { user_id: userId })).length;
    const runCount = async () => Number((await db('md_merge_runs').count({ n: '*' }).first())!.n);

    for (const disposition of ['deactivate', 'anonymise'] as const) {
      it(`${disposition}: the same pair again, the source into a third account, the source as target are refused; the audit log is copied once`, async () => {
        const { source, target } = await fx.pair();
        const third = await fx.user();
        await fx.add('audit_log', { user_id: source.id, component_type: 'course', component_id: 1, event: 'completed', status: 'passed', occurred_at: new Date('2024-02-01Z'), comment: 'c' });
        const settings = settingsWith({ source_disposition: disposition });
        const first = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
        expect(first.outcome).toBe('merged');
        expect(await auditCount(target.id)).toBe(1);
        const finished = first.finishedAt.toISOString().slice(0, 16).replace('T', ' ');

        const again = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
        expect(again).toMatchObject({ outcome: 'refused', journalEntries: 0 });
        expect(again.reason).toBe(
          `The source account ${source.uid} was already merged into ${target.uid} in run ${first.runId} on ${finished} UTC (by admin); a merged account is never merged again or given another account until that merge is undone (mergedesk undo --run ${first.runId} --as LOGIN).`,
        );
        expect(await auditCount(target.id)).toBe(1);

        const intoThird = await execute(db, m, { source: source.uid, target: third.uid }, settings, fx.admin);
        expect(intoThird.outcome).toBe('refused');
        expect(intoThird.reason).toContain(`in run ${first.runId}`);
        expect(await auditCount(third.id)).toBe(0);

        await expect(plan(db, m, third.uid, source.uid, settings, fx.admin)).rejects.toMatchObject({
          refusal: 'ALREADY_MERGED',
          problem: expect.stringContaining(`The target account ${source.uid} was already merged into ${target.uid} in run ${first.runId}`),
          fix: `Undo run ${first.runId} first (in the app: History → Undo), or choose another account.`,
        });
        const asTarget = await execute(db, m, { source: third.uid, target: source.uid }, settings, fx.admin);
        expect(asTarget.outcome).toBe('refused');
        expect((await fx.one('users', { id: third.id }))!.status).toBe('active');
        expect(Number((await db('md_merge_journal').whereIn('run_id', [again.runId, intoThird.runId, asTarget.runId]).count({ n: '*' }).first())!.n)).toBe(0);
      });
    }

    it('a deleted merged source is named with its run, not as an unknown UID', async () => {
      const { source, target } = await fx.pair();
      const first = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin);
      expect(first.outcome).toBe('merged');
      expect(await fx.one('users', { id: source.id })).toBeUndefined();
      const again = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin);
      expect(again.reason).toContain(`was already merged into ${target.uid} in run ${first.runId}`);
    });

    it('after an undo the account may be merged again', async () => {
      const { source, target } = await fx.pair();
      const settings = settingsWith({ source_disposition: 'deactivate' });
      const first = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
      expect(first.outcome).toBe('merged');
      expect((await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin)).outcome).toBe('refused');
      expect((await undoRun(db, m, first.runId, fx.admin)).outcome).toBe('undone');
      expect((await fx.one('users', { id: source.id }))!.status).toBe('active');
      const again = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
      expect(again.outcome).toBe('merged');
      expect((await fx.one('users', { id: source.id }))!.status).toBe('inactive');
    });

    it('batch validation reports a merged-away source or target with its row number; the pair merged before is skipped', async () => {
      const { source, target } = await fx.pair();
      const [third, fourth, fifth] = [await fx.user(), await fx.user(), await fx.user()];
      const first = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ source_disposition: 'deactivate' }), fx.admin);
      expect(first.outcome).toBe('merged');
      const runsBefore = await runCount();
      const v = await validateWorklist(db, m, [row(2, source.uid, target.uid), row(3, third.uid, fourth.uid)], fx.admin);
      expect(v.ok).toBe(true);
      expect(v.pairs.find((p) => p.row === 2)!.alreadyMergedRun).toBe(first.runId);

      const bad = await validateWorklist(db, m, [row(2, third.uid, fourth.uid), row(3, fifth.uid, source.uid)], fx.admin);
      expect(bad.ok).toBe(false);
      expect(bad.problems).toEqual([
        {
          row: 3,
          code: 'ALREADY_MERGED',
          message: expect.stringMatching(new RegExp(`^Row 3: The target account ${source.uid} was already merged into ${target.uid} in run ${first.runId} on .+ UTC .*mergedesk undo --run ${first.runId}`)),
        },
      ]);
      const elsewhere = await validateWorklist(db, m, [row(5, source.uid, third.uid)], fx.admin);
      expect(elsewhere.problems).toEqual([{ row: 5, code: 'ALREADY_MERGED', message: expect.stringContaining(`Row 5: The source account ${source.uid} was already merged into ${target.uid} in run ${first.runId}`) }]);
      expect(await runCount()).toBe(runsBefore);
    });
  });

  describe.skipIf(kind.skip)(`a merge keeps its administrators (defect 5) on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    it('refuses to merge away the signed-in operator, and the last administrator with full clearance', async () => {
      const duplicate = await fx.user({ first_name: 'Demo', last_name: 'Administrator' });
      const own = await execute(db, m, { source: fx.admin.uid, target: duplicate.uid }, settingsWith({ source_disposition: 'deactivate' }), fx.admin);
      expect(own).toMatchObject({ outcome: 'refused', reason: `The source account ${fx.admin.uid} is your own account (admin); merging it away would end your own administrator access.` });

      // A second administrator, full clearance over the whole organisation but not on a new root unit.
      const other = await fx.user({ uid: 'ADMIN2', login: 'admin2', is_admin: true, org_unit_id: fx.rootUnit });
      await fx.add('clearances', { admin_id: other.id, org_unit_id: fx.rootUnit, include_subunits: true, can_view: true, can_edit: true, can_delete: true });
      const operator2 = { id: other.id, uid: 'ADMIN2', login: 'admin2', orgUnitId: fx.rootUnit };
      const secondRoot = await fx.add('org_units', { parent_id: null, name: 'Second root' });
      // admin has full clearance on both roots, admin2 only on the first: admin is the last full one.
      await fx.add('clearances', { admin_id: fx.admin.id, org_unit_id: secondRoot, include_subunits: true, can_view: true, can_edit: true, can_delete: true });
      await fx.add('clearances', { admin_id: other.id, org_unit_id: secondRoot, include_subunits: true, can_view: true, can_edit: false, can_delete: false });
      for (const disposition of ['delete', 'deactivate', 'anonymise'] as const) {
        const last = await execute(db, m, { source: fx.admin.uid, target: duplicate.uid }, settingsWith({ source_disposition: disposition }), operator2);
        expect(last).toMatchObject({ outcome: 'refused' });
        expect(last.reason).toContain(`The source account ${fx.admin.uid} (admin) is the last active administrator with full clearance`);
      }
      expect((await fx.one('users', { id: fx.admin.id }))!.status).toBe('active');

      // With a second full administrator, the merge goes ahead.
      await db(m.table('clearances')).where(m.col('clearances', 'admin_id'), other.id).where(m.col('clearances', 'org_unit_id'), secondRoot).update(m.toDbRow('clearances', { can_edit: true, can_delete: true }));
      const ok = await execute(db, m, { source: fx.admin.uid, target: duplicate.uid }, settingsWith({ source_disposition: 'deactivate' }), operator2);
      expect(ok.outcome).toBe('merged');
      expect((await fx.one('users', { id: fx.admin.id }))!.status).toBe('inactive');
    });
  });
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`mergedesk merge refusals (CLI) on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let fx: Fixture;
    const m = new LmsMapping();
    const dir = tempDir('mergedesk-merge-once-');
    const saved = process.env.MERGEDESK_PASSWORD;
    beforeAll(async () => {
      process.env.MERGEDESK_PASSWORD = 'demo';
      tdb = await kind.create();
      fx = await Fixture.create(await tdb.open(), m);
    });
    afterAll(async () => {
      process.env.MERGEDESK_PASSWORD = saved;
      await tdb?.drop();
    });

    it('a second merge of the same source and a batch with it exit 3 naming the run, its date and the undo command (the batch with the row); the own account exits 3', async () => {
      const { source, target } = await fx.pair();
      const merge = (s: string, t: string, name: string) =>
        runCli('merge', '--db', tdb.url, '--source', s, '--target', t, '--as', 'admin', '--set', 'source_disposition=anonymise', '--set', 'abort_on_conflict=false', '--logfile', path.join(dir, `${name}.xlsx`));
      const first = await merge(source.uid, target.uid, 'first');
      expect(first.code).toBe(0);
      const run = await fx.db('md_merge_runs').where({ source_uid: source.uid, outcome: 'merged' }).first();
      const date = runDate(new Date(ms(run.finished_at)!));
      const again = await merge(source.uid, target.uid, 'again');
      expect(again.code).toBe(3);
      expect(again.stdout).toContain(`was already merged into ${target.uid} in run ${run.id} on ${date} (by admin)`);
      expect(again.stdout).toContain(`(mergedesk undo --run ${run.id} --as LOGIN)`);
      const refused = await fx.db('md_merge_runs').where({ source_uid: source.uid, outcome: 'refused' }).first();
      expect(JSON.parse(refused.summary_json).reason).toContain(`in run ${run.id}`);
      const third = await fx.user();
      const worklist = path.join(dir, 'worklist.csv');
      fs.writeFileSync(worklist, `source_uid,target_uid\n${source.uid},${third.uid}\n`);
      const batch = await runCli('batch', '--db', tdb.url, '--worklist', worklist, '--as', 'admin', '--logdir', dir);
      expect(batch.code).toBe(3);
      expect(batch.stdout).toContain(`Row 2: The source account ${source.uid} was already merged into ${target.uid} in run ${run.id} on ${date}`);
      const own = await merge(fx.admin.uid, target.uid, 'own');
      expect(own.code).toBe(3);
      expect(own.stdout).toContain('is your own account (admin)');
      expect((await fx.one('users', { id: fx.admin.id }))!.status).toBe('active');
    });
  });
}
