import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute, MergeRefusedError, plan, type MergeResult } from '../../electron/engine/merge/index';
import { validateWorklist } from '../../electron/engine/batch/index';
import { runBatch } from '../../electron/usecases/batch';
import { parseWorklistCsv, readWorklist } from '../../electron/workbooks/index';
import { undoRun } from '../../electron/engine/undo/index';
import type { MergeSettings } from '../../electron/settings/merge-settings';
import { Fixture, settingsWith } from './fixtures';
import { useFixtureDatabase } from './fixture-database';

const csv = (...lines: string[]) => parseWorklistCsv(`${lines.join('\n')}\n`);

describe('worklist column take_employee_id', () => {
  it('reads yes/no as a choice and an empty cell or a missing column as "the default" (CSV)', () => {
    const wl = csv('source_uid,target_uid,take_employee_id', 'A,B,yes', 'C,D,no', 'E,F,', 'G,H,vielleicht');
    expect(wl.rows.map((r) => r.take_employee_id)).toEqual([true, false, null, false]);
    expect(wl.problems.map((p) => p.message)).toEqual(['Row 5: take_employee_id is "vielleicht"; use yes or no (or leave it empty for no).']);
    expect(csv('source_uid,target_uid', 'A,B').rows[0]!.take_employee_id).toBeNull();
  });

  it('reads the column from an XLSX worklist', async () => {
    const file = path.join(tempDir(), 'w.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pairs');
    ws.addRow(['source_uid', 'target_uid', 'Take Employee ID']);
    ws.addRow(['A', 'B', true]);
    ws.addRow(['C', 'D', 'nein']);
    ws.addRow(['E', 'F', null]);
    await wb.xlsx.writeFile(file);
    const wl = await readWorklist(file);
    expect(wl.problems).toEqual([]);
    expect(wl.rows.map((r) => [r.source_uid, r.take_employee_id])).toEqual([
      ['A', true],
      ['C', false],
      ['E', null],
    ]);
  });
});

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`employee-ID take-over on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    let n = 0;
    const eid = () => `E-${kind.kind}-${++n}`;
    const merge = (source: { uid: string }, target: { uid: string }, opts: { takeEmployeeId?: boolean } = {}, over: Partial<MergeSettings> = {}): Promise<MergeResult> =>
      execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ source_disposition: 'deactivate', ...over }), fx.admin, opts);
    const ids = async (...users: { id: number }[]) => Promise.all(users.map(async (u) => (await fx.one('users', { id: u.id }))!.employee_id ?? null));
    /** An interface-maintained source with an employee ID and a hand-made target without one. */
    const interfaceIntoManual = async () => {
      const id = eid();
      const p = await fx.pair({ origin: 'interface', employee_id: id }, { origin: 'manual' });
      return { ...p, id };
    };

    it('on by default for an interface-maintained source into a manual target: the target takes the ID, the source’s is freed', async () => {
      const { source, target, id } = await interfaceIntoManual();
      const p = await plan(db, m, source.uid, target.uid, settingsWith({ source_disposition: 'deactivate' }), fx.admin);
      expect(p.options.takeEmployeeId).toBe(true);
      expect(p.employeeIdTakeOver).toEqual({
        take: true,
        byDefault: true,
        reason: `On by default: the removed account ${source.uid} is maintained by the HR interface and the kept account ${target.uid} is not (origin manual); without employee ID ${id} the next HR import would create the person again.`,
      });
      expect(p.records.find((r) => r.objectType === 'employee_id')).toMatchObject({ action: 'take_source', statusBefore: { source: id, target: null }, statusAfter: id });
      const r = await merge(source, target);
      expect(r.outcome).toBe('merged');
      expect(await ids(source, target)).toEqual([null, id]);
    });

    it('a self-registered target gets it by default too; off by default for a manual source or two interface accounts', async () => {
      const self = await fx.pair({ origin: 'interface', employee_id: eid() }, { origin: 'self_registration' });
      const selfId = (await ids(self.source))[0];
      expect((await merge(self.source, self.target)).outcome).toBe('merged');
      expect(await ids(self.source, self.target)).toEqual([null, selfId]);

      const [a, b, c, d] = [eid(), eid(), eid(), eid()];
      const manualSource = await fx.pair({ origin: 'manual', employee_id: a }, { origin: 'interface', employee_id: b });
      const bothInterface = await fx.pair({ origin: 'interface', employee_id: c }, { origin: 'interface', employee_id: d });
      const p1 = await merge(manualSource.source, manualSource.target);
      const p2 = await merge(bothInterface.source, bothInterface.target);
      expect([p1.outcome, p2.outcome]).toEqual(['merged', 'merged']);
      expect(p1.plan!.employeeIdTakeOver).toMatchObject({ take: false, byDefault: false, reason: `Off by default: the removed account ${manualSource.source.uid} is not maintained by the HR interface (origin manual).` });
      expect(p2.plan!.employeeIdTakeOver.reason).toBe('Off by default: both accounts are maintained by the HR interface.');
      expect(await ids(manualSource.source, manualSource.target, bothInterface.source, bothInterface.target)).toEqual([a, b, c, d]);
    });

    it('an explicit choice overrides the default both ways, and the plan hash covers it', async () => {
      const on = await interfaceIntoManual();
      const settings = settingsWith({ source_disposition: 'deactivate' });
      const byDefault = await plan(db, m, on.source.uid, on.target.uid, settings, fx.admin);
      const sameAsDefault = await plan(db, m, on.source.uid, on.target.uid, settings, fx.admin, { takeEmployeeId: true });
      const off = await plan(db, m, on.source.uid, on.target.uid, settings, fx.admin, { takeEmployeeId: false });
      expect(sameAsDefault.hash).toBe(byDefault.hash);
      expect(off.hash).not.toBe(byDefault.hash);
      expect(off.employeeIdTakeOver).toMatchObject({ take: false, byDefault: true });
      expect(off.employeeIdTakeOver.reason).toMatch(/^Not taken over as chosen, although the default is on/);
      // executing the previewed "off" plan re-plans with its options and keeps its hash
      const r = await execute(db, m, off, settings, fx.admin);
      expect({ outcome: r.outcome, hash: r.plan?.hash }).toEqual({ outcome: 'merged', hash: off.hash });
      expect(await ids(on.source, on.target)).toEqual([on.id, null]);

      const [a, b] = [eid(), eid()];
      const forced = await fx.pair({ origin: 'manual', employee_id: a }, { origin: 'interface', employee_id: b });
      const r2 = await merge(forced.source, forced.target, { takeEmployeeId: true });
      expect(r2.outcome).toBe('merged');
      expect(r2.plan!.employeeIdTakeOver).toMatchObject({ take: true, byDefault: false });
      expect(await ids(forced.source, forced.target)).toEqual([null, a]);
    });

    it('refuses before writing when a third account holds the same employee ID; without the take-over the merge runs', async () => {
      const { source, target, id } = await interfaceIntoManual();
      const other = await fx.user({ origin: 'interface', employee_id: id, status: 'inactive' });
      await expect(plan(db, m, source.uid, target.uid, settingsWith(), fx.admin)).rejects.toSatisfy((e: unknown) => e instanceof MergeRefusedError && e.refusal === 'EMPLOYEE_ID_TAKEN');
      const r = await merge(source, target);
      expect(r.outcome).toBe('refused');
      expect(r.reason).toBe(`The kept account ${target.uid} cannot take over employee ID ${id}: it is also held by ${other.uid} (inactive, origin interface), so two accounts would carry it.`);
      expect(await ids(source, target, other)).toEqual([id, null, id]);
      expect((await fx.one('users', { id: source.id }))!.status).toBe('active');
      // a removed holder does not count
      const gone = await interfaceIntoManual();
      await fx.user({ origin: 'interface', employee_id: gone.id, status: 'deleted' });
      expect((await merge(gone.source, gone.target)).outcome).toBe('merged');
      // explicitly off: nothing is handed over, so nothing to refuse
      const r2 = await merge(source, target, { takeEmployeeId: false });
      expect(r2.outcome).toBe('merged');
      expect(await ids(source, target, other)).toEqual([id, null, id]);
    });

    it('when both already carry the same ID, the source’s copy is freed so only the kept account carries it', async () => {
      const id = eid();
      const { source, target } = await fx.pair({ origin: 'interface', employee_id: id }, { origin: 'manual', employee_id: id });
      const r = await merge(source, target);
      expect(r.outcome).toBe('merged');
      expect(await ids(source, target)).toEqual([null, id]);
    });

    for (const disposition of ['deactivate', 'delete', 'anonymise'] as const) {
      it(`undo gives both accounts their employee IDs back (${disposition})`, async () => {
        const id = eid();
        const own = eid();
        const { source, target } = await fx.pair({ origin: 'interface', employee_id: id }, { origin: 'manual', employee_id: own });
        const r = await merge(source, target, {}, { source_disposition: disposition });
        expect(r.outcome).toBe('merged');
        expect((await ids(target))[0]).toBe(id);
        expect(await fx.one('users', { id: source.id })).toMatchObject(disposition === 'delete' ? {} : { employee_id: null });
        if (disposition === 'delete') expect(await fx.one('users', { id: source.id })).toBeUndefined();
        const u = await undoRun(db, m, r.runId, fx.admin);
        expect({ outcome: u.outcome, reason: u.reason }).toEqual({ outcome: 'undone', reason: null });
        expect(await ids(source, target)).toEqual([id, own]);
        expect((await fx.one('users', { id: source.id }))!.status).toBe('active');
      });
    }

    it('batch: two sources handing an employee ID to one target are refused with their rows, by choice or by default', async () => {
      const t = await fx.user({ origin: 'manual' });
      const s1 = await fx.user({ origin: 'interface', employee_id: eid() });
      const s2 = await fx.user({ origin: 'interface', employee_id: eid() });
      const s3 = await fx.user({ origin: 'manual', employee_id: eid() });
      const both = csv('source_uid,target_uid,take_employee_id', `${s1.uid},${t.uid},`, `${s2.uid},${t.uid},`, `${s3.uid},${t.uid},yes`);
      const v = await validateWorklist(db, m, both, fx.admin);
      expect(v.ok).toBe(false);
      expect(v.problems.map((p) => [p.code, p.message])).toEqual([
        ['TAKE_CONFLICT', `Row 3: ${t.uid} would take over the employee ID of ${s1.uid} (row 2, by default) and ${s2.uid} (row 3, by default) and ${s3.uid} (row 4); only one source can hand over its employee ID. Set take_employee_id to no on all but one of these rows.`],
        ['TAKE_CONFLICT', `Row 4: ${t.uid} would take over the employee ID of ${s1.uid} (row 2, by default) and ${s2.uid} (row 3, by default) and ${s3.uid} (row 4); only one source can hand over its employee ID. Set take_employee_id to no on all but one of these rows.`],
      ]);
      const s1Id = (await ids(s1))[0];
      const s2Id = (await ids(s2))[0];
      const fixed = csv('source_uid,target_uid,take_employee_id', `${s1.uid},${t.uid},`, `${s2.uid},${t.uid},no`);
      const r = await runBatch(db, m, fixed, settingsWith({ source_disposition: 'deactivate' }), fx.admin);
      expect(r.pairs.map((p) => p.outcome)).toEqual(['merged', 'merged']);
      expect(await ids(s1, s2, t)).toEqual([null, s2Id, s1Id]);
    });
  });
}
