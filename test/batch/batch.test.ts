import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { validateWorklist } from '../../electron/engine/batch/index';
import { runBatch, WorklistRefusedError, type BatchProgress } from '../../electron/usecases/batch';
import { parseWorklistCsv, readWorklist } from '../../electron/workbooks/index';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { Fixture, settingsWith } from '../merge/fixtures';
import { snapshotLms } from '../helpers/db-snapshot';
import { useFixtureDatabase } from '../merge/fixture-database';

const csv = (...lines: string[]) => parseWorklistCsv(`${lines.join('\n')}\n`);

describe('worklist files', () => {
  it('reports column and cell problems with their row numbers', () => {
    expect(csv('source,target_uid,colour', 'A,B,red').problems.map((p) => p.message)).toEqual([
      'Row 1: unknown column "source" (columns: source_uid, target_uid, take_email, take_login, take_employee_id, note).',
      'Row 1: unknown column "colour" (columns: source_uid, target_uid, take_email, take_login, take_employee_id, note).',
      'Row 1: the required column "source_uid" is missing (found: source, target_uid, colour).',
    ]);
    const wl = csv('source_uid,target_uid,take_email,take_login,note', 'A,B,yes,,first', '', 'C,,maybe,no,', ',D,,,');
    expect(wl.problems.map((p) => p.message)).toEqual(['Row 4: take_email is "maybe"; use yes or no (or leave it empty for no).', 'Row 4: target_uid is empty.', 'Row 5: source_uid is empty.']);
    expect(wl.rows[0]).toEqual({ row: 2, source_uid: 'A', target_uid: 'B', take_email: true, take_login: false, take_employee_id: null, note: 'first' });
    expect(csv('source_uid;target_uid', 'A;B').rows[0]).toMatchObject({ source_uid: 'A', target_uid: 'B' });
    const bad = csv('source_uid,target_uid', 'A,"B', 'C,D');
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]!.code).toBe('FILE_MALFORMED');
    expect(bad.problems[0]!.message).toMatch(/is not valid CSV/);
    expect(csv('source_uid,target_uid', 'A,B,C').problems[0]!.code).toBe('FILE_MALFORMED');
    expect(csv('source_uid,target_uid').problems.map((p) => p.message)).toEqual(['The worklist has no pairs (only a header row).']);
  });

  it('reads XLSX worklists (first sheet, sheet row numbers)', async () => {
    const file = path.join(tempDir(), 'w.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Pairs');
    ws.addRow(['Source_UID', 'Target UID', 'take_login', 'note']);
    ws.addRow(['A', 'B', true, null]);
    ws.addRow([]);
    ws.addRow(['C', 'D', 'no', 'n']);
    await wb.xlsx.writeFile(file);
    const wl = await readWorklist(file);
    expect(wl.problems).toEqual([]);
    expect(wl.rows).toEqual([
      { row: 2, source_uid: 'A', target_uid: 'B', take_email: false, take_login: true, take_employee_id: null, note: null },
      { row: 4, source_uid: 'C', target_uid: 'D', take_email: false, take_login: false, take_employee_id: null, note: 'n' },
    ]);
    fs.writeFileSync(path.join(tempDir(), 'x.txt'), '');
    await expect(readWorklist('/nope/w.txt')).rejects.toThrow('is neither .csv nor .xlsx');
    const broken = path.join(tempDir(), 'b.xlsx');
    fs.writeFileSync(broken, 'not a zip');
    expect((await readWorklist(broken)).problems[0]!.code).toBe('FILE_MALFORMED');
  });
});

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`batch on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    /** A pair with a little history: the source has two enrolments, one also on the target. */
    const pairWithHistory = async () => {
      const { source, target } = await fx.pair();
      const [c1, c2] = [await fx.course(), await fx.course()];
      await fx.enrol(source.id, c1, 11, '2024-01-01T00:00:00Z');
      await fx.enrol(source.id, c2, 8, '2024-01-01T00:00:00Z');
      await fx.enrol(target.id, c2, 9, '2024-01-01T00:00:00Z');
      return { source, target };
    };
    const list = (pairs: { source: { uid: string }; target: { uid: string } }[]) => csv('source_uid,target_uid', ...pairs.map((p) => `${p.source.uid},${p.target.uid}`));

    it('validation: every problem of the whole file, each with its row number', async () => {
      const [a, b, c, d, e, f, g, h] = await Promise.all(Array.from({ length: 8 }, () => fx.user()));
      const gone = await fx.user({ status: 'deleted' });
      const foreign = await fx.user({ org_unit_id: fx.unitB });
      const weakUser = await fx.user({ is_admin: true, org_unit_id: fx.rootUnit });
      await fx.add('clearances', { admin_id: weakUser.id, org_unit_id: fx.unitA, include_subunits: false, can_view: true, can_edit: true, can_delete: true });
      const weak = { id: weakUser.id, uid: weakUser.uid, login: 'weak', orgUnitId: fx.rootUnit };
      const wl = csv(
        'source_uid,target_uid,take_email,take_login,note',
        `${a!.uid},${a!.uid},,,`, // 2 same
        `${b!.uid},${c!.uid},,,`, // 3 ok
        `${b!.uid},${c!.uid},,,`, // 4 repeats 3
        `${b!.uid},${d!.uid},,,`, // 5 b twice as source
        `NOPE,${d!.uid},,,`, // 6 unknown
        `${gone.uid},${d!.uid},,,`, // 7 gone
        `${e!.uid},${f!.uid},,,`, // 8 loop e→f→e? (reverse)
        `${f!.uid},${e!.uid},,,`, // 9 reverse of 8
        `${g!.uid},${h!.uid},,yes,`, // 10
        `${foreign.uid},${h!.uid},,yes,`, // 11 take conflict + no clearance for weak
      );
      const v = await validateWorklist(db, m, wl, weak);
      expect(v.ok).toBe(false);
      expect(v.problems.map((p) => p.message)).toEqual([
        `Row 2: source_uid and target_uid are the same account (${a!.uid}).`,
        `Row 4: repeats row 3 (${b!.uid} into ${c!.uid}).`,
        `Row 5: ${b!.uid} is the source here (into ${d!.uid}) and in row 3 (into ${c!.uid}); an account can be merged into one target only.`,
        'Row 6: there is no account with UID "NOPE" (source).',
        `Row 7: the source account ${gone.uid} is already deleted.`,
        `Row 9: merges ${f!.uid} into ${e!.uid}, but row 8 merges ${e!.uid} into ${f!.uid}.`,
        `Row 11: ${h!.uid} would take over the login of ${g!.uid} (row 10) and ${foreign.uid} (row 11); only one source can hand over its login.`,
        `Row 11: weak lacks Delete clearance on org unit ${fx.unitB} of the source account ${foreign.uid}.`,
      ]);
      expect(v.problems.map((p) => p.row)).toEqual([2, 4, 5, 6, 7, 9, 11, 11]);
      await expect(runBatch(db, m, wl, settingsWith(), weak)).rejects.toBeInstanceOf(WorklistRefusedError);
      // loops longer than two rows
      const loop = await validateWorklist(db, m, csv('source_uid,target_uid', `${a!.uid},${b!.uid}`, `${b!.uid},${c!.uid}`, `${c!.uid},${a!.uid}`), fx.admin);
      expect(loop.problems.map((p) => p.code)).toEqual(['CHAIN_CYCLE', 'CHAIN_CYCLE', 'CHAIN_CYCLE']);
      expect(loop.problems[0]!.message).toBe(`Row 2: ${a!.uid} into ${b!.uid} is part of a loop of merges (2, 3, 4); a loop has no account to keep. Refused.`);
    });

    it('chains A→B, B→C are resolved to A→C and B→C, B→C first, and both merge', async () => {
      const [a, b, c] = [await fx.user(), await fx.user(), await fx.user()];
      const course = await fx.course();
      await fx.enrol(a.id, course, 11, '2024-01-01T00:00:00Z');
      const wl = csv('source_uid,target_uid,take_email', `${a.uid},${b.uid},yes`, `${b.uid},${c.uid},`);
      const v = await validateWorklist(db, m, wl, fx.admin);
      expect(v.problems).toEqual([]);
      expect(v.pairs.map((p) => [p.row, p.source, p.target, p.listedTarget, p.takeEmail])).toEqual([
        [3, b.uid, c.uid, null, false],
        [2, a.uid, c.uid, b.uid, true],
      ]);
      expect(v.chains).toEqual([
        { rows: [2, 3], uids: [a.uid, b.uid, c.uid], finalTarget: c.uid, message: `rows 2 and 3 form the chain ${a.uid}→${b.uid}→${c.uid}: resolved to ${a.uid}→${c.uid}, ${b.uid}→${c.uid} (every account goes straight into ${c.uid}); ${b.uid}→${c.uid}, then ${a.uid}→${c.uid} run in that order.` },
      ]);
      const r = await runBatch(db, m, wl, settingsWith(), fx.admin);
      expect(r.pairs.map((p) => p.outcome)).toEqual(['merged', 'merged']);
      expect(await fx.rows('users', { uid: a.uid })).toEqual([]);
      expect(await fx.rows('users', { uid: b.uid })).toEqual([]);
      expect((await fx.one('users', { uid: c.uid }))!.email).toBe(`user${a.uid.slice(1).replace(/^0+/, '')}@example.com`);
      expect((await fx.rows('enrolments', { user_id: c.id })).length).toBe(1);
    });

    it('a failing pair in the middle neither undoes nor blocks the others', async () => {
      const pairs = [await pairWithHistory(), await pairWithHistory(), await pairWithHistory()];
      const before = await snapshotLms(db, m);
      const r = await runBatch(db, m, list(pairs), settingsWith(), fx.admin, {
        faultInjection: (pair, step) => {
          if (pair.row === 3 && step.startsWith('enrolments')) throw new Error('disk on fire');
        },
      });
      expect(r.pairs.map((p) => p.outcome)).toEqual(['merged', 'failed', 'merged']);
      expect(r.pairs[1]!.reason).toContain('disk on fire');
      expect(r.counts).toMatchObject({ total: 3, merged: 2, failed: 1 });
      expect(await fx.rows('users', { uid: pairs[0]!.source.uid })).toEqual([]);
      expect(await fx.rows('users', { uid: pairs[2]!.source.uid })).toEqual([]);
      const now = await snapshotLms(db, m);
      const mid = pairs[1]!;
      const rowsOf = (s: Record<string, unknown[]>, ids: number[]) => JSON.stringify(['users', 'enrolments'].map((t) => (s[t] as Record<string, unknown>[]).filter((x) => ids.includes(Number(t === 'users' ? x.id : x.user_id)))));
      expect(rowsOf(now, [mid.source.id, mid.target.id])).toBe(rowsOf(before, [mid.source.id, mid.target.id]));
      // a re-run merges only the failed pair
      const again = await runBatch(db, m, list(pairs), settingsWith(), fx.admin);
      expect(again.pairs.map((p) => p.outcome)).toEqual(['skipped', 'merged', 'skipped']);
      expect(again.pairs[0]!.reason).toBe(`already merged by run ${r.pairs[0]!.runId}`);
    });

    it('cancel between pairs, then resume: merged pairs are skipped', async () => {
      const pairs = [];
      for (let i = 0; i < 4; i++) pairs.push(await pairWithHistory());
      const ctl = new AbortController();
      const seen: BatchProgress[] = [];
      const r = await runBatch(db, m, list(pairs), settingsWith(), fx.admin, {
        signal: ctl.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.done === 2) ctl.abort();
        },
      });
      expect(r.cancelled).toBe(true);
      expect(r.pairs.map((p) => p.outcome)).toEqual(['merged', 'merged', 'not_run', 'not_run']);
      expect(r.counts).toMatchObject({ merged: 2, notRun: 2 });
      expect(seen.map((p) => [p.done, p.merged])).toEqual([
        [0, 0],
        [1, 1],
        [2, 2],
      ]);
      expect(seen[0]!.etaMs).toBeNull();
      expect(seen[1]!.etaMs).toBeGreaterThan(0);
      expect(await fx.one('users', { uid: pairs[2]!.source.uid })).toBeDefined();
      const resumed = await runBatch(db, m, list(pairs), settingsWith(), fx.admin);
      expect(resumed.pairs.map((p) => p.outcome)).toEqual(['skipped', 'skipped', 'merged', 'merged']);
      expect(resumed.cancelled).toBe(false);
    });

    it('dry run: every pair planned, nothing written, summary workbook and per-pair logfiles', async () => {
      const pairs = [await pairWithHistory(), await pairWithHistory()];
      const withConflict = settingsWith({ abort_on_conflict: true });
      const dir = tempDir();
      const before = await snapshotLms(db, m);
      const rows = ['source_uid,target_uid,note', `${pairs[0]!.source.uid},${pairs[0]!.target.uid},first`, `${pairs[1]!.source.uid},${pairs[1]!.target.uid},`];
      const r = await runBatch(db, m, csv(...rows), withConflict, fx.admin, { dryRun: true, logDir: dir });
      expect(await snapshotLms(db, m)).toEqual(before);
      expect(r.pairs.map((p) => p.outcome)).toEqual(['aborted', 'aborted']);
      const plain = await runBatch(db, m, csv(...rows), settingsWith(), fx.admin, { dryRun: true, logDir: dir });
      expect(plain.pairs.map((p) => p.outcome)).toEqual(['merged', 'merged']);
      expect(await snapshotLms(db, m)).toEqual(before);
      for (const p of plain.pairs) {
        expect(p.logfile).toMatch(/-dry-run\.xlsx$/);
        const log = await readMergeLogfile(p.logfile!);
        expect(log.summary).toMatchObject({ outcome: 'merged', dryRun: true, sourceUid: p.pair.source });
      }
      // the summary workbook of the aborting dry run
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(r.summaryFile!);
      const fields = new Map<string, unknown>();
      wb.getWorksheet('Summary')!.eachRow((row, i) => i > 1 && fields.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(Object.fromEntries(fields)).toMatchObject({ 'Dry run': true, Pairs: 2, 'Would merge': 0, 'Would abort': 2, Failed: 0, Conflicts: 2 });
      const ws = wb.getWorksheet('Pairs')!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 10)).toEqual(['#', 'Worklist row', 'Source UID', 'Target UID', 'Target in worklist', 'Take email', 'Take login', 'Outcome', 'Reason', 'Run']);
      const col = (name: string) => header.indexOf(name) + 1;
      expect(ws.rowCount).toBe(3);
      const first = ws.getRow(2);
      expect(first.getCell(col('Source UID')).value).toBe(pairs[0]!.source.uid);
      expect(first.getCell(col('Outcome')).value).toBe('would abort');
      expect(first.getCell(col('Moved')).value).toBe(1);
      expect(first.getCell(col('Conflicts')).value).toBe(1);
      expect(first.getCell(col('Note')).value).toBe('first');
      const link = first.getCell(col('Logfile')).value as { text: string; hyperlink: string };
      expect(link.hyperlink).toBe(path.basename(r.pairs[0]!.logfile!));
      expect(fs.existsSync(path.join(dir, link.hyperlink))).toBe(true);
      const conflicts = wb.getWorksheet('Conflicts')!;
      expect(conflicts.rowCount).toBe(3);
      expect(String(conflicts.getRow(2).getCell(8).value)).toMatch(/both accounts are enrolled on course/);
    });

    it('run: summary workbook links every per-pair logfile', async () => {
      const pairs = [await pairWithHistory(), await pairWithHistory()];
      const dir = tempDir();
      const r = await runBatch(db, m, list(pairs), settingsWith(), fx.admin, { logDir: dir });
      expect(r.counts).toMatchObject({ total: 2, merged: 2 });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(r.summaryFile!);
      const ws = wb.getWorksheet('Pairs')!;
      const links = [2, 3].map((i) => (ws.getRow(i).getCell(22).value as { hyperlink: string }).hyperlink);
      expect(links).toEqual(r.pairs.map((p) => path.basename(p.logfile!)));
      for (const l of links) expect((await readMergeLogfile(path.join(dir, l))).summary.outcome).toBe('merged');
      expect(ws.getRow(2).getCell(8).value).toBe('merged');
    });

    it('run: a logfile that cannot be written (written beside the next merge) is a warning on its own pair; every pair stays merged', async () => {
      const pairs = [await pairWithHistory(), await pairWithHistory(), await pairWithHistory(), await pairWithHistory()];
      const dir = tempDir();
      const next = Number(((await db('md_merge_runs').max({ top: 'id' }).first()) as { top: number | null } | undefined)?.top ?? 0) + 1;
      // A folder where the second pair's logfile would go, whatever its run number and row.
      const blocked = pairs[1]!;
      for (let run = next; run < next + 8; run++) for (let row = 1; row <= 6; row++) {
        fs.mkdirSync(path.join(dir, `run-${run}-row-${row}-${blocked.source.uid}-into-${blocked.target.uid}.xlsx`), { recursive: true });
      }
      const r = await runBatch(db, m, list(pairs), settingsWith(), fx.admin, { logDir: dir });
      expect(r.counts).toMatchObject({ total: 4, merged: 4 });
      expect(r.pairs.map((p) => p.outcome)).toEqual(['merged', 'merged', 'merged', 'merged']);
      expect(r.pairs[1]!.logfile).toBeNull();
      expect(r.pairs[1]!.warnings?.join(' ')).toMatch(/could not be written .*a folder has that name \(EISDIR\)\. Make it again with: mergedesk logfile --run \d+/);
      for (const i of [0, 2, 3]) {
        expect(r.pairs[i]!.warnings ?? []).toEqual([]);
        const log = await readMergeLogfile(r.pairs[i]!.logfile!);
        expect(log.summary).toMatchObject({ outcome: 'merged', runId: r.pairs[i]!.runId, sourceUid: pairs[i]!.source.uid, targetUid: pairs[i]!.target.uid });
      }
      for (const p of pairs) expect(await fx.rows('enrolments', { user_id: p.source.id })).toEqual([]);
    });
  });
}
