import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { DATABASE_KINDS, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { logFromResult, readMergeLogfile, writeMergeLogfile, writeUndoLogfile } from '../../electron/workbooks/index';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';

/** The Summary opens with one sentence a reviewer reads, and counts as a small table. */
describe('summary sentence', () => {
  let db: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  const dir = tempDir('mergedesk-sentence-');
  const at = (iso: string) => ({ now: () => new Date(iso) });
  useFixtureDatabase(DATABASE_KINDS.find((k) => k.kind === 'sqlite')!, m, (o) => ({ db, fx } = o));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Two accounts of Konrad Stöckert, both enrolled in one course (a training conflict) plus a composite-key attribute. */
  async function konrad() {
    const name = { first_name: 'Konrad', last_name: 'Stöckert' };
    const { source, target } = await fx.pair(name, name);
    const course = await fx.course();
    await fx.enrol(source.id, course, 11, '2024-01-01T00:00:00Z');
    await fx.enrol(target.id, course, 8, '2024-01-01T00:00:00Z');
    await fx.add('user_attributes', { user_id: source.id, name: 'cost_center', value: '4711' });
    await fx.add('user_attributes', { user_id: target.id, name: 'cost_center', value: '4712' });
    return { source, target };
  }

  async function summaryOf(write: (file: string) => Promise<void>) {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
    await write(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Summary')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { file, sentence: ws.getCell('A1').value, rows };
  }

  it('merged: who into whom, by whom and when, conflicts resolved, the source account deleted; counts as a table; record ids in plain words', async () => {
    const { source, target } = await konrad();
    const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin, at('2026-12-01T21:55:30Z'));
    expect(r.outcome).toBe('merged');
    const s = await summaryOf((f) => writeMergeLogfile(f, logFromResult(r)));
    expect(s.sentence).toBe(`${source.uid} Konrad Stöckert was merged into ${target.uid} Konrad Stöckert by admin on 1 Dec 2026 21:55 UTC; 1 training conflict resolved by the rules; source account deleted.`);
    expect(s.rows[1]).toEqual(['Category', 'Action', 'Records']);
    // Categories and actions in words, not keys.
    expect(s.rows).toContainEqual(['Enrolments', "Removed account's record wins", 1]);
    expect(s.rows).toContainEqual(['User attributes', "Kept account's record stays", 1]);
    // The fields programs read stay below, and the reader still finds them.
    expect(s.rows).toContainEqual(['Outcome', 'merged']);
    const log = await readMergeLogfile(s.file);
    expect(log.summary.counts.enrolments).toEqual({ take_source: 1 });
    const attr = log.records.find((x) => x.category === 'attributes')!;
    expect([attr.sourceRecordId, attr.targetRecordId]).toEqual([`user ${source.id} / cost_center`, `user ${target.id} / cost_center`]);
  });

  it('dry run, aborted and refused merges', async () => {
    const a = await konrad();
    const dry = await execute(db, m, { source: a.source.uid, target: a.target.uid }, settingsWith({ abort_on_conflict: false, source_disposition: 'deactivate' }), fx.admin, { ...at('2026-12-02T08:05:00Z'), dryRun: true });
    expect((await summaryOf((f) => writeMergeLogfile(f, logFromResult(dry)))).sentence).toBe(
      `Dry run by admin on 2 Dec 2026 08:05 UTC: ${a.source.uid} Konrad Stöckert would be merged into ${a.target.uid} Konrad Stöckert; 1 training conflict would be resolved by the rules; the source account would be deactivated; nothing was changed.`,
    );
    const aborted = await execute(db, m, { source: a.source.uid, target: a.target.uid }, settingsWith({ abort_on_conflict: true }), fx.admin, at('2026-12-02T08:06:00Z'));
    expect(aborted.outcome).toBe('aborted');
    expect((await summaryOf((f) => writeMergeLogfile(f, logFromResult(aborted)))).sentence).toBe(
      `The merge of ${a.source.uid} Konrad Stöckert into ${a.target.uid} Konrad Stöckert by admin on 2 Dec 2026 08:06 UTC was aborted: ${aborted.reason!.replace(/\.$/, '')}; 1 training conflict found; nothing was changed.`,
    );
    const refused = await execute(db, m, { source: 'NOPE', target: a.target.uid }, settingsWith(), fx.admin, at('2026-12-02T08:07:00Z'));
    expect(refused.outcome).toBe('refused');
    const s = await summaryOf((f) => writeMergeLogfile(f, logFromResult(refused)));
    expect(s.sentence).toBe(`The merge of NOPE into ${a.target.uid} asked for by admin on 2 Dec 2026 08:07 UTC was refused: ${refused.reason!.replace(/\.$/, '')}; nothing was changed.`);
    // No counts table when nothing was planned; the fields follow the sentence.
    expect(s.rows[1]).toEqual(['Field', 'Value']);
  });

  it('undo: undone, dry run and refused', async () => {
    const { source, target } = await konrad();
    const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin);
    const dry = await undoRun(db, m, r.runId, fx.admin, { dryRun: true, now: () => new Date('2026-12-03T10:00:00Z') });
    expect((await summaryOf((f) => writeUndoLogfile(f, dry))).sentence).toBe(
      `Dry run by admin on 3 Dec 2026 10:00 UTC: undoing merge run ${r.runId} (${source.uid} into ${target.uid}) would restore ${dry.restored.length} rows; nothing was changed.`,
    );
    const u = await undoRun(db, m, r.runId, fx.admin, { now: () => new Date('2026-12-03T10:01:00Z') });
    expect(u.outcome).toBe('undone');
    const s = await summaryOf((f) => writeUndoLogfile(f, u));
    expect(s.sentence).toBe(`The merge run ${r.runId} (${source.uid} into ${target.uid}) was undone by admin on 3 Dec 2026 10:01 UTC: ${u.restored.length} rows restored; ${source.uid} exists again.`);
    expect(s.rows[1]).toEqual(['Table', 'Undo action', 'Rows']);
    const again = await undoRun(db, m, r.runId, fx.admin, { now: () => new Date('2026-12-03T10:02:00Z') });
    expect(again.outcome).toBe('refused');
    expect((await summaryOf((f) => writeUndoLogfile(f, again))).sentence).toBe(
      `The undo of merge run ${r.runId} (${source.uid} into ${target.uid}) asked for by admin on 3 Dec 2026 10:02 UTC was refused: ${again.reason!.replace(/\.$/, '')}; nothing was changed.`,
    );
  });
});
