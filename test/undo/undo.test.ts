import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { writeUndoLogfile } from '../../electron/workbooks/index';
import type { MergeSettings } from '../../electron/settings/merge-settings';
import { Fixture, settingsWith } from '../merge/fixtures';
import { richPair } from '../merge/rich-pair';
import { changedTables, snapshotLms } from '../helpers/db-snapshot';
import { useFixtureDatabase } from '../merge/fixture-database';

const DISPOSITIONS = ['delete', 'anonymise', 'deactivate'] as const;

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`undo on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    const merge = async (source: { uid: string }, target: { uid: string }, over: Partial<MergeSettings> = {}, opts: { takeEmail?: boolean; takeLogin?: boolean } = {}) => {
      const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ merge_group_assignments: true, ...over }), fx.admin, opts);
      expect({ outcome: r.outcome, reason: r.reason }).toEqual({ outcome: 'merged', reason: null });
      return r;
    };

    const scenarios: { name: string; settings: Partial<MergeSettings>; opts: { takeEmail?: boolean; takeLogin?: boolean } }[] = [];
    for (const d of DISPOSITIONS) {
      scenarios.push({ name: `${d}`, settings: { source_disposition: d }, opts: {} });
      scenarios.push({ name: `${d}, take email and login`, settings: { source_disposition: d }, opts: { takeEmail: true, takeLogin: true } });
    }
    scenarios.push({ name: 'attributes and groups off', settings: { merge_person_attributes: false, merge_group_assignments: false }, opts: { takeLogin: true } });
    scenarios.push({
      name: 'custom portfolio and job profile rules',
      settings: {
        ignore_custom_rules: false,
        portfolioRules: [{ target_status_id: 8, source_status_id: 11, result_status_id: 8, dates_merge_type: 'target' }],
        jobProfileRules: [{ target_status: 'confirmed', source_status: 'confirmed', result_status: 'not_confirmed' }],
      } as Partial<MergeSettings>,
      opts: { takeEmail: true },
    });

    for (const s of scenarios) {
      it(`merge then undo restores every LMS table byte-for-byte (${s.name})`, async () => {
        const { source, target } = await richPair(fx);
        const before = await snapshotLms(db, m);
        const r = await merge(source, target, s.settings, s.opts);
        expect(r.journalEntries).toBeGreaterThan(20);
        expect(changedTables(before, await snapshotLms(db, m)).length).toBeGreaterThan(5);
        const u = await undoRun(db, m, r.runId, fx.admin);
        expect({ outcome: u.outcome, reason: u.reason, changed: u.changedSince }).toEqual({ outcome: 'undone', reason: null, changed: [] });
        expect(u.restored.length).toBe(r.journalEntries);
        const after = await snapshotLms(db, m);
        expect(changedTables(before, after)).toEqual([]);
        expect(JSON.stringify(after)).toBe(JSON.stringify(before));
        const runs = await db('md_merge_runs').whereIn('id', [r.runId, u.runId]).orderBy('id');
        expect(runs.map((x: { outcome: string }) => x.outcome)).toEqual(['undone', 'undone']);
        expect(JSON.parse(runs[0].summary_json).undoneBy).toBe(u.runId);
        expect(JSON.parse(runs[1].settings_json)).toMatchObject({ kind: 'undo', undoOf: r.runId });
        const [a, b] = [source.uid, target.uid].sort();
        expect(await db('md_pair_decisions').where({ uid_a: a, uid_b: b })).toEqual([]);
        // the undo journals what it wrote, under its own run: each row as the merge's journal had it, mirrored
        const journal = async (run: number) => (await db('md_merge_journal').where('run_id', run).orderBy('seq')) as { table_name: string; op: string; row_key: string; before_json: string | null; after_json: string | null }[];
        const merged = await journal(r.runId);
        const undone = await journal(u.runId);
        expect(undone).toHaveLength(r.journalEntries);
        // The undo replays the merge's journal backwards, entry by entry.
        const whole = (e: { before_json: string | null; after_json: string | null; op: string }) => (e.op === 'update' ? { ...JSON.parse(e.before_json!), ...JSON.parse(e.after_json!) } : JSON.parse(e.after_json!));
        undone.forEach((e, i) => {
          const m0 = merged[merged.length - 1 - i]!;
          expect({ table: e.table_name, op: e.op }).toEqual({ table: m0.table_name, op: { delete: 'insert', insert: 'delete', update: 'update' }[m0.op] });
          if (e.op === 'insert') expect(e.after_json).toBe(m0.before_json);
          if (e.op === 'delete') expect(e.before_json).toBe(m0.after_json);
          if (e.op === 'update') expect([JSON.parse(e.before_json!), JSON.parse(e.after_json!)]).toEqual([whole(m0), JSON.parse(m0.before_json!)]);
        });
      });
    }

    it('a second undo of the same run is refused', async () => {
      const { source, target } = await richPair(fx);
      const r = await merge(source, target);
      const u = await undoRun(db, m, r.runId, fx.admin);
      expect(u.outcome).toBe('undone');
      const snap = await snapshotLms(db, m);
      const again = await undoRun(db, m, r.runId, fx.admin);
      expect({ outcome: again.outcome, refusal: again.refusal }).toEqual({ outcome: 'refused', refusal: 'ALREADY_UNDONE' });
      expect(again.reason).toBe(`Run ${r.runId} was already undone (by run ${u.runId}).`);
      expect(await snapshotLms(db, m)).toEqual(snap);
      const undoOfUndo = await undoRun(db, m, u.runId, fx.admin);
      expect(undoOfUndo.refusal).toBe('NOT_UNDOABLE');
      expect(undoOfUndo.reason).toContain('is itself an undo');
    });

    it('undo after later changes is refused with the list; a partial undo keeps those changes', async () => {
      const { source, target } = await richPair(fx);
      const before = await snapshotLms(db, m);
      const r = await merge(source, target);
      // later changes: a moved enrolment gets a new status; a moved skill-history row is deleted
      const moved = (await fx.rows('enrolments', { user_id: target.id }, ['id']))[0]!;
      await db(m.table('enrolments')).where(m.col('enrolments', 'id'), moved.id as number).update({ [m.col('enrolments', 'status_id')]: 12 });
      const hist = (await fx.rows('skill_history', { user_id: target.id }))[0]!;
      await db(m.table('skill_history')).where(m.col('skill_history', 'id'), hist.id as number).delete();
      const afterChanges = await snapshotLms(db, m);
      const refused = await undoRun(db, m, r.runId, fx.admin);
      expect({ outcome: refused.outcome, refusal: refused.refusal }).toEqual({ outcome: 'refused', refusal: 'CHANGED_SINCE' });
      expect(refused.changedSince.map((c) => [c.table, c.kind]).sort()).toEqual([
        ['enrolments', 'changed'],
        ['skill_history', 'deleted'],
      ]);
      const enr = refused.changedSince.find((c) => c.table === 'enrolments')!;
      expect(enr.key).toEqual({ id: Number(moved.id) });
      expect(enr.columns).toEqual([{ column: 'status_id', mergeLeft: Number(moved.status_id), now: 12 }]);
      expect(refused.reason).toContain(`enrolments id=${Number(moved.id)}: changed since the merge (status_id ${Number(moved.status_id)} → 12)`);
      expect(refused.reason).toContain(`skill_history id=${Number(hist.id)}: deleted since the merge`);
      expect(await snapshotLms(db, m)).toEqual(afterChanges);
      expect((await db('md_merge_runs').where('id', r.runId).first()).outcome).toBe('merged');
      expect((await db('md_merge_runs').where('id', refused.runId).first()).outcome).toBe('refused');

      const partial = await undoRun(db, m, r.runId, fx.admin, { acceptPartial: true });
      expect({ outcome: partial.outcome, reason: partial.reason }).toEqual({ outcome: 'undone', reason: null });
      expect(partial.changedSince).toHaveLength(2);
      const now = await snapshotLms(db, m);
      // everything is back except the two rows changed later
      expect(changedTables(before, now).sort()).toEqual(['enrolments', 'skill_history']);
      const e = await fx.one('enrolments', { id: moved.id as number });
      expect({ user: Number(e!.user_id), status: Number(e!.status_id) }).toEqual({ user: target.id, status: 12 });
      expect(await fx.rows('skill_history', { id: hist.id as number })).toEqual([]);
      expect((await fx.one('users', { uid: source.uid }))!.status).toBe('active');
    });

    it('a dry run restores nothing and leaves the merge undoable; refusals for dry runs, unknown runs and missing clearance', async () => {
      // an admin with Edit but no Delete clearance on the source's unit
      const weak = await fx.user({ is_admin: true, org_unit_id: fx.rootUnit });
      await fx.add('clearances', { admin_id: weak.id, org_unit_id: fx.rootUnit, include_subunits: true, can_view: true, can_edit: true, can_delete: false });
      const { source, target } = await richPair(fx);
      const r = await merge(source, target);
      const snap = await snapshotLms(db, m);
      const dry = await undoRun(db, m, r.runId, fx.admin, { dryRun: true });
      expect({ outcome: dry.outcome, dryRun: dry.dryRun }).toEqual({ outcome: 'undone', dryRun: true });
      expect(dry.restored.length).toBe(r.journalEntries);
      expect(await snapshotLms(db, m)).toEqual(snap);
      expect((await db('md_merge_runs').where('id', r.runId).first()).outcome).toBe('merged');
      expect(await db('md_merge_journal').where('run_id', dry.runId)).toEqual([]);

      const dryMerge = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, { dryRun: true });
      const u2 = await undoRun(db, m, dryMerge.runId, fx.admin);
      expect({ refusal: u2.refusal, reason: u2.reason }).toEqual({ refusal: 'NOT_UNDOABLE', reason: `Run ${dryMerge.runId} was a dry run; it changed nothing.` });
      await expect(undoRun(db, m, 999999, fx.admin)).rejects.toThrow('There is no merge run 999999.');
      expect(await snapshotLms(db, m)).toEqual(snap);

      const u3 = await undoRun(db, m, r.runId, { id: weak.id, uid: weak.uid, login: 'weak', orgUnitId: fx.rootUnit });
      expect(u3.refusal).toBe('NO_CLEARANCE');
      expect(u3.reason).toBe(`weak lacks Delete clearance on org unit ${fx.unitA} of the source account ${source.uid}, which the undo recreates.`);
      expect(await snapshotLms(db, m)).toEqual(snap);
    });

    it('a failure in the middle of an undo changes nothing (one transaction)', async () => {
      const { source, target } = await richPair(fx);
      const r = await merge(source, target, { source_disposition: 'anonymise' }, { takeLogin: true });
      const snap = await snapshotLms(db, m);
      let calls = 0;
      const u = await undoRun(db, m, r.runId, fx.admin, {
        faultInjection: (step) => {
          if (++calls === 10) throw new Error(`injected at ${step}`);
        },
      });
      expect(u.outcome).toBe('failed');
      expect(u.reason).toContain('injected at');
      expect(await snapshotLms(db, m)).toEqual(snap);
      expect((await db('md_merge_runs').where('id', r.runId).first()).outcome).toBe('merged');
      expect((await undoRun(db, m, r.runId, fx.admin)).outcome).toBe('undone');
    });

    it('the undo logfile lists what was restored and what changed since', async () => {
      const { source, target } = await richPair(fx);
      const r = await merge(source, target);
      const moved = (await fx.rows('enrolments', { user_id: target.id }, ['id']))[0]!;
      await db(m.table('enrolments')).where(m.col('enrolments', 'id'), moved.id as number).update({ [m.col('enrolments', 'score')]: 77 });
      const u = await undoRun(db, m, r.runId, fx.admin, { acceptPartial: true });
      const file = path.join(tempDir(), 'undo.xlsx');
      await writeUndoLogfile(file, u);
      expect(fs.existsSync(file)).toBe(true);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const summary = wb.getWorksheet('Summary')!;
      const fields = new Map<string, unknown>();
      summary.eachRow((row, i) => i > 1 && fields.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(fields.get('Outcome')).toBe('undone');
      expect(fields.get('Undoes merge run')).toBe(r.runId);
      expect(fields.get('Rows changed since the merge')).toBe(1);
      expect(wb.getWorksheet('Restored')!.rowCount).toBe(u.restored.length + 1);
      const changed = wb.getWorksheet('Changed since')!;
      expect(changed.getRow(2).values).toEqual([undefined, 'enrolments', String(moved.id), 'changed', 'score', undefined, 77, expect.stringContaining('changed since the merge')]);
    });
  });
}
