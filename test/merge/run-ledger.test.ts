import { spawnSync } from 'node:child_process';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { createRun, finishRun, getRun, heartbeat, listRuns, readRunDetails } from '../../electron/engine/runs/ledger';
import { runsVisibleTo } from '../../electron/engine/runs/visibility';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { recreateLogfile } from '../../electron/usecases/logfile';
import { mergeUseCase } from '../../electron/usecases/merge';
import { undoUseCase } from '../../electron/usecases/undo';
import ExcelJS from 'exceljs';
import { Fixture, settingsWith } from './fixtures';
import { richPair } from './rich-pair';
import path from 'node:path';
import { tempDir } from '../helpers/databases';

/** A process id that no longer runs (a child that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

const settings = settingsWith({ abort_on_conflict: false });

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`run ledger on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    const dir = tempDir('mergedesk-ledger-');
    // A local copy of the fixture hook (keeps the connection for direct ledger edits).
    let tdb: Awaited<ReturnType<typeof kind.create>> | undefined;
    const ready = async () => {
      if (tdb) return;
      tdb = await kind.create();
      db = await tdb.open();
      fx = await Fixture.create(db, m);
    };

    /** A run row left "running" by a process that died (as kill -9 leaves it). */
    const orphan = async (source: string, target: string, owner: Record<string, unknown>) => {
      await db('md_merge_runs').insert({ source_uid: source, target_uid: target, operator_login: 'admin', dry_run: false, started_at: new Date(), outcome: null, settings_json: '{}', ...owner });
      return Number((await db('md_merge_runs').max({ id: 'id' }).first())!.id);
    };

    it('a run whose process is gone no longer blocks: it is marked interrupted and the next merge proceeds', async () => {
      await ready();
      const { source, target } = await fx.pair();
      const dead = await orphan(source.uid, target.uid, { owner_host: (await import('node:os')).hostname(), owner_pid: deadPid(), lease_until: new Date(Date.now() + 3600_000) });
      const r = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
      expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'merged', reason: null });
      const run = await db('md_merge_runs').where('id', dead).first();
      expect(run.outcome).toBe('interrupted');
      expect(JSON.parse(run.summary_json).reason).toMatch(/ended before it finished.*nothing of it was committed/);
      expect(await db('md_merge_journal').where('run_id', dead).count({ n: '*' }).first()).toEqual({ n: kind.kind === 'postgres' ? '0' : 0 });
      expect(await fx.one('users', { uid: source.uid })).toBeUndefined();
    });

    it('a run on another computer blocks while its lease holds, and is interrupted once it ran out', async () => {
      await ready();
      const { source, target } = await fx.pair();
      const other = await orphan(source.uid, target.uid, { owner_host: 'some-other-pc', owner_pid: 4242, lease_until: new Date(Date.now() + 60_000) });
      const refused = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
      expect(refused.outcome).toBe('refused');
      expect(refused.reason).toContain(`already running (run ${other}`);
      await db('md_merge_runs').where('id', other).update({ lease_until: new Date(Date.now() - 1000) });
      const r = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin);
      expect(r.outcome).toBe('merged');
      expect((await db('md_merge_runs').where('id', other).first()).outcome).toBe('interrupted');
    });

    it('a run that committed but died before recording its outcome is recognised as merged, and its logfile can be made again', async () => {
      await ready();
      const { source, target } = await richPair(fx);
      const original = path.join(dir, `orig-${kind.kind}.xlsx`);
      const { result } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings, logfile: () => original });
      expect(result.outcome).toBe('merged');
      // As if the process died right after commit: no outcome, owner gone.
      await db('md_merge_runs').where('id', result.runId).update({ outcome: null, finished_at: null, summary_json: null, owner_host: (await import('node:os')).hostname(), owner_pid: deadPid() });
      const runs = await listRuns(db, {});
      const run = runs.find((x) => x.id === result.runId)!;
      expect(run.outcome).toBe('merged');
      expect(String(run.summary.reason)).toMatch(/committed, but the process/);
      // Undo works on it: the accounts are not blocked.
      const u = await undoRun(db, m, result.runId, fx.admin);
      expect(u.outcome).toBe('undone');
      expect(await fx.one('users', { uid: source.uid })).toBeDefined();
    });

    it('the logfile made again from the database has the same content as the one the merge wrote', async () => {
      await ready();
      const { source, target } = await richPair(fx);
      const original = path.join(dir, `a-${kind.kind}.xlsx`);
      const again = path.join(dir, `b-${kind.kind}.xlsx`);
      const { result, logfile, warnings } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings, takeLogin: true, overrides: { abort_on_conflict: false }, logfile: () => original });
      expect({ logfile, warnings }).toEqual({ logfile: original, warnings: [] });
      await recreateLogfile(db, result.runId, again);
      const [a, b] = [await readMergeLogfile(original), await readMergeLogfile(again)];
      expect(b.records.length).toBeGreaterThan(10);
      expect(b).toEqual(a);
      // A dry run and an aborted run too.
      for (const opts of [{ dryRun: true }, { settings: settingsWith({ abort_on_conflict: true }) }]) {
        const p = await richPair(fx);
        const f1 = path.join(dir, `c-${kind.kind}-${p.source.uid}.xlsx`);
        const f2 = path.join(dir, `d-${kind.kind}-${p.source.uid}.xlsx`);
        const { result: r2 } = await mergeUseCase(db, m, fx.admin, { source: p.source.uid, target: p.target.uid, settings, ...opts, logfile: () => f1 });
        await recreateLogfile(db, r2.runId, f2);
        expect(await readMergeLogfile(f2)).toEqual(await readMergeLogfile(f1));
      }
    });

    it('a plan is stored compressed, and a run recorded before (plain JSON details) still makes its logfile', async () => {
      await ready();
      const { source, target } = await richPair(fx);
      const original = path.join(dir, `old-a-${kind.kind}.xlsx`);
      const again = path.join(dir, `old-b-${kind.kind}.xlsx`);
      const { result } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings, overrides: {}, logfile: () => original });
      const stored = String((await db('md_merge_run_details').where('run_id', result.runId).first()).details_json);
      const plainJson = JSON.stringify(await readRunDetails(db, result.runId));
      expect(stored.length).toBeLessThan(plainJson.length / 3);
      // As a run of the previous version stored it.
      await db('md_merge_run_details').where('run_id', result.runId).update({ details_json: plainJson });
      await recreateLogfile(db, result.runId, again);
      expect(await readMergeLogfile(again)).toEqual(await readMergeLogfile(original));
    });

    it("an undo's logfile made again from the database has the same cells as the one the undo wrote", async () => {
      await ready();
      const { source, target } = await richPair(fx);
      const merged = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin, { takeLogin: true });
      const original = path.join(dir, `undo-a-${kind.kind}.xlsx`);
      const again = path.join(dir, `undo-b-${kind.kind}.xlsx`);
      const { result, logfile } = await undoUseCase(db, m, fx.admin, merged.runId, {}, () => original);
      expect({ outcome: result.outcome, logfile }).toEqual({ outcome: 'undone', logfile: original });
      await recreateLogfile(db, result.runId, again);
      const cells = async (file: string) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.getSheetValues().map((r) => JSON.stringify(r)) }));
      };
      const [a, b] = [await cells(original), await cells(again)];
      expect(a.find((x) => x.name === 'Restored')!.rows.length).toBeGreaterThan(20);
      expect(b).toEqual(a);
    });

    it('lists only the runs on accounts the administrator may view', async () => {
      await ready();
      const inA = await fx.pair();
      const inB = await fx.pair({ org_unit_id: fx.unitB }, { org_unit_id: fx.unitB });
      const ra = await execute(db, m, { source: inA.source.uid, target: inA.target.uid }, settings, fx.admin);
      const rb = await execute(db, m, { source: inB.source.uid, target: inB.target.uid }, settings, fx.admin);
      const limited = await fx.user({ uid: 'LIMITED', login: 'limited', is_admin: true, password_hash: bcrypt.hashSync('x', 4), org_unit_id: fx.unitA });
      await fx.add('clearances', { admin_id: limited.id, org_unit_id: fx.unitA, include_subunits: true, can_view: true, can_edit: true, can_delete: true });
      const ids = (await listRuns(db, { visible: await runsVisibleTo(db, m, limited.id) })).map((r) => r.id);
      expect(ids).toContain(ra.runId);
      expect(ids).not.toContain(rb.runId);
      expect((await listRuns(db, { visible: await runsVisibleTo(db, m, fx.admin.id) })).map((r) => r.id)).toEqual(expect.arrayContaining([ra.runId, rb.runId]));
    });

    it('a run records its owner; the heartbeat renews its lease; a run this process stopped without finishing is interrupted', async () => {
      await ready();
      const os = await import('node:os');
      const run = await createRun(db, { kind: 'merge', sourceUid: 'HB1', targetUid: 'HB2', operator: 'admin', dryRun: false, startedAt: new Date(), settings: {} });
      const row = await db('md_merge_runs').where('id', run.id).first();
      expect({ host: row.owner_host, pid: Number(row.owner_pid), outcome: row.outcome }).toEqual({ host: os.hostname(), pid: process.pid, outcome: null });
      await db('md_merge_runs').where('id', run.id).update({ lease_until: new Date(Date.now() - 5000) });
      await heartbeat(db, run.id);
      expect((await getRun(db, run.id))!.owner.leaseUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000);
      expect((await getRun(db, run.id))!.outcome).toBeNull(); // alive: this process runs it
      await finishRun(db, run, { outcome: 'refused', finishedAt: new Date(), summary: { reason: 'test' } });
      expect((await getRun(db, run.id))!.outcome).toBe('refused');
      const lost = await createRun(db, { kind: 'merge', sourceUid: 'HB1', targetUid: 'HB2', operator: 'admin', dryRun: false, startedAt: new Date(), settings: {} });
      lost.stop(); // as a run whose code threw before recording its outcome
      expect((await getRun(db, lost.id))!.outcome).toBe('interrupted');
    });

    it('cleans up', async () => {
      await tdb?.drop();
    });
  });
}
