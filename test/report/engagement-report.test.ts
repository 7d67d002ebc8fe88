import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import ExcelJS from 'exceljs';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { userDataDir } from '../../electron/user-data';
import { readReportWorkbook, REPORT_FORMAT } from '../../electron/workbooks/engagement-report-workbook';
import { logfileLabels } from '../../electron/workbooks/logfile-labels';

const L = { ...logfileLabels('en').report, format: REPORT_FORMAT };

/**
 * A scripted engagement through the CLI (scan, merges, an abort, an undo, a batch, a rescan)
 * on a demo LMS, then `mergedesk report`: every figure is checked against the database.
 */
const m = new LmsMapping();
interface Pair { a: string; b: string; keep: string; cause: string; score: number }
const key = (a: string, b: string) => [a, b].sort().join('|');

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`engagement report on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    const dir = tempDir('mergedesk-report-');
    const saved = process.env.MERGEDESK_PASSWORD;
    const savedHome = process.env.MERGEDESK_HOME;
    let first: Pair[] = [];
    let latest: Pair[] = [];
    const chosen: Pair[] = [];
    const sourceBefore = new Map<string, { status: string; org: number }>();
    let report: any;
    let reportFile = '';

    const remove = (p: Pair) => (p.keep === p.a ? p.b : p.a);
    const cli = async (...args: string[]) => runCli(...args, '--db', tdb.url);
    const logfile = (name: string) => ['--logfile', path.join(dir, name)];

    beforeAll(async () => {
      process.env.MERGEDESK_PASSWORD = 'demo';
      // The app's folders (where the report finds batch logfiles) in a throw-away home.
      process.env.MERGEDESK_HOME = tempDir('mergedesk-report-home-');
      tdb = await kind.create();
      const demo = await cli('demo', '--users', '400', '--seed', '11', '--json');
      expect(demo.code, demo.stderr).toBe(0);
      db = await tdb.open();

      // 1. First scan (CLI, no administrator: recorded as the computer account).
      const scan1 = await cli('scan', '--json');
      expect(scan1.code, scan1.stderr).toBe(0);
      first = scan1.json().pairs;
      // Five pairs on five disjoint pairs of accounts.
      const used = new Set<string>();
      for (const p of first) {
        if (chosen.length === 5) break;
        if (used.has(p.a) || used.has(p.b)) continue;
        used.add(p.a).add(p.b);
        chosen.push(p);
      }
      expect(chosen).toHaveLength(5);
      for (const p of chosen) {
        const u = await db(m.table('users')).select(m.select('users', ['status', 'org_unit_id'])).where(m.col('users', 'uid'), remove(p)).first();
        sourceBefore.set(remove(p), { status: String(m.logicalValue('users', 'status', u.status)), org: Number(u.org_unit_id) });
      }
      // Pair 1 aborts: both accounts enrolled in one course with different statuses (a conflict).
      const course = await db(m.table('courses')).select(m.col('courses', 'id')).first();
      const courseId = Number(Object.values(course)[0]);
      for (const [uid, status] of [[chosen[1]!.a, 11], [chosen[1]!.b, 8]] as const) {
        const u = await db(m.table('users')).select(m.col('users', 'id')).where(m.col('users', 'uid'), uid).first();
        const userId = Number(Object.values(u)[0]);
        await db(m.table('enrolments')).where({ [m.col('enrolments', 'user_id')]: userId, [m.col('enrolments', 'course_id')]: courseId }).delete();
        await db(m.table('enrolments')).insert(m.toDbRow('enrolments', { user_id: userId, course_id: courseId, status_id: status, status_at: new Date('2024-01-01Z'), completed_at: null, score: null }));
      }

      const force = ['--set', 'abort_on_conflict=false'];
      const merge = (p: Pair, extra: string[], name: string) => cli('merge', '--source', remove(p), '--target', p.keep, '--as', 'admin', '--json', ...extra, ...logfile(name));
      // 2. Merges: pair 0 merged, pair 1 aborted, pair 2 merged and then undone.
      expect((await merge(chosen[0]!, force, 'm0.xlsx')).code).toBe(0);
      const aborted = await merge(chosen[1]!, [], 'm1.xlsx');
      expect(aborted.code, aborted.stdout + aborted.stderr).toBe(2);
      const m2 = await merge(chosen[2]!, force, 'm2.xlsx');
      expect(m2.code).toBe(0);
      const undo = await cli('undo', '--run', String(m2.json().run), '--as', 'admin', '--json', ...logfile('u2.xlsx'));
      expect(undo.code, undo.stderr).toBe(0);
      // 3. A batch of pairs 3 and 4, its logfiles where the app finds them (so the report links them).
      const worklist = path.join(dir, 'worklist.csv');
      fs.writeFileSync(worklist, `source_uid,target_uid\n${remove(chosen[3]!)},${chosen[3]!.keep}\n${remove(chosen[4]!)},${chosen[4]!.keep}\n`);
      const batch = await cli('batch', '--worklist', worklist, '--as', 'admin', ...force, '--logdir', path.join(userDataDir(), 'batches', `report-${kind.kind}`), '--json');
      expect(batch.code, batch.stderr).toBe(0);
      // 4. Rescan, as the administrator.
      const scan2 = await cli('scan', '--as', 'admin', '--json');
      expect(scan2.code).toBe(0);
      latest = scan2.json().pairs;

      reportFile = path.join(dir, 'report.xlsx');
      const r = await cli('report', '--out', reportFile, '--json');
      expect(r.code, r.stderr).toBe(0);
      report = r.json();
    }, 120_000);
    afterAll(async () => {
      process.env.MERGEDESK_PASSWORD = saved;
      if (savedHome === undefined) delete process.env.MERGEDESK_HOME;
      else process.env.MERGEDESK_HOME = savedHome;
      await tdb?.drop();
    });

    it('states what the first and the latest scan found, from the recorded scans', async () => {
      const rows = await db('md_scan_summaries').select('*').orderBy('id');
      expect(rows).toHaveLength(2);
      expect(report.scans).toBe(2);
      expect(report.firstScan).toMatchObject({ pairs: first.length, minScore: rows[0].min_score, scopedToOperator: false });
      expect(report.firstScan.by).toContain('@'); // user@computer when no administrator signed in
      expect(report.latestScan).toMatchObject({ pairs: latest.length, by: 'admin', scopedToOperator: true });
      // The merged pairs are gone at the rescan; the aborted and the undone pair are still there.
      const latestKeys = new Set(latest.map((p) => key(p.a, p.b)));
      expect([0, 1, 2, 3, 4].map((i) => latestKeys.has(key(chosen[i]!.a, chosen[i]!.b)))).toEqual([false, true, true, false, false]);
      expect(report.remaining.map((p: Pair) => key(p.a, p.b)).sort()).toEqual([...latestKeys].sort());
      const firstPerCause: Record<string, number> = {};
      for (const p of first) firstPerCause[p.cause] = (firstPerCause[p.cause] ?? 0) + 1;
      for (const row of report.byCause.filter((r: { key: string | null }) => r.key !== null)) expect(row.firstScan, row.key).toBe(firstPerCause[row.key] ?? 0);
    });

    it('counts merges by outcome and active accounts freed as the run ledger and the accounts show them', async () => {
      const runs = await db('md_merge_runs').select('*');
      const merges = runs.filter((r) => !JSON.parse(r.settings_json).kind || JSON.parse(r.settings_json).kind === 'merge').filter((r) => !r.dry_run);
      const count = (o: string) => merges.filter((r) => r.outcome === o).length;
      expect(report.outcomes).toMatchObject({ merged: count('merged'), aborted: count('aborted'), undone: count('undone'), refused: count('refused'), interrupted: 0, running: 0 });
      expect(report.outcomes).toMatchObject({ merged: 3, aborted: 1, undone: 1 });
      expect(report.undoRuns).toBe(1);
      expect(report.runs).toHaveLength(runs.length);
      const mergedSources = [0, 3, 4].map((i) => remove(chosen[i]!));
      // Each of them is no longer an active account in the LMS.
      for (const uid of mergedSources) {
        const u = await db(m.table('users')).select(m.select('users', ['status'])).where(m.col('users', 'uid'), uid).first();
        expect(u === undefined || m.logicalValue('users', 'status', u.status) !== 'active').toBe(true);
      }
      expect(report.activeAccountsFreed).toBe(mergedSources.filter((uid) => sourceBefore.get(uid)!.status === 'active').length);
      // Per cause: the scan's cause of each merged pair; per org unit: the removed account's.
      const byCause: Record<string, number> = {};
      for (const i of [0, 3, 4]) byCause[chosen[i]!.cause] = (byCause[chosen[i]!.cause] ?? 0) + 1;
      for (const row of report.byCause) expect(row.merged, String(row.key)).toBe(byCause[row.key] ?? 0);
      const byOrg: Record<number, number> = {};
      for (const uid of mergedSources) byOrg[sourceBefore.get(uid)!.org] = (byOrg[sourceBefore.get(uid)!.org] ?? 0) + 1;
      const names = new Map((await db(m.table('org_units')).select(m.select('org_units', ['id', 'name']))).map((o) => [Number(o.id), String(o.name)]));
      for (const [org, n] of Object.entries(byOrg)) expect(report.byOrgUnit.find((r: { key: number }) => r.key === Number(org))).toMatchObject({ merged: n, name: names.get(Number(org)) });
      expect(report.byOrgUnit.reduce((s: number, r: { merged: number }) => s + r.merged, 0)).toBe(3);
    });

    it('lists every run with operator, outcome and counts, linking the logfiles on this computer', () => {
      const outcomes = report.runs.map((r: { kind: string; outcome: string }) => `${r.kind}:${r.outcome}`);
      expect(outcomes).toEqual(['merge:merged', 'merge:aborted', 'merge:undone', 'undo:undone', 'merge:merged', 'merge:merged']);
      expect(report.runs.every((r: { operator: string }) => r.operator === 'admin')).toBe(true);
      expect(report.runs[0].records).toBeGreaterThan(0);
      expect(report.runs[1].conflicts).toBeGreaterThan(0);
      // The batch's logfiles are in the app's folders, so they are linked; the CLI's --logfile paths are not.
      for (const r of report.runs.slice(4)) expect(fs.existsSync(r.logfile), String(r.logfile)).toBe(true);
      expect(report.runs[0].logfile).toBeNull();
    });

    it('writes the same figures into the workbook, read back sheet by sheet', async () => {
      const [summary, runs, remaining] = await readReportWorkbook(reportFile);
      // Print-ready like every workbook MergeDesk writes: landscape, one page wide, header row on each page, named footer.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(reportFile);
      for (const ws of wb.worksheets) {
        expect({ sheet: ws.name, o: ws.pageSetup.orientation, fit: ws.pageSetup.fitToPage, w: ws.pageSetup.fitToWidth, titles: ws.pageSetup.printTitlesRow }).toEqual({ sheet: ws.name, o: 'landscape', fit: true, w: 1, titles: '1:1' });
        expect(ws.headerFooter.oddFooter).toContain('MergeDesk engagement report');
        expect(ws.headerFooter.oddFooter).toContain('Page &P of &N');
      }
      const field = (label: string) => summary!.rows.find((r) => r[0] === label)?.[1];
      expect(field(L.summary.format)).toBe(L.format);
      expect(field(L.summary.firstScanPairs)).toBe(first.length);
      expect(field(L.summary.latestScanPairs)).toBe(latest.length);
      expect(field(L.summary.merged)).toBe(3);
      expect(field(L.summary.aborted)).toBe(1);
      expect(field(L.summary.undone)).toBe(1);
      expect(field(L.summary.activeFreed)).toBe(report.activeAccountsFreed);
      expect(field(L.summary.latestScanAt)).toBeInstanceOf(Date);
      expect(field(L.summary.database)).not.toMatch(/password/i);
      const causeHeader = summary!.rows.findIndex((r) => r[0] === L.summary.byCause);
      expect(summary!.rows[causeHeader]!.slice(1)).toEqual([L.breakdown.firstScan, L.breakdown.latestScan, L.breakdown.merged, L.breakdown.activeFreed]);
      expect(runs!.header.slice(0, 3)).toEqual([L.runs.run, L.runs.kind, L.runs.undoOf]);
      expect(runs!.rows.map((r) => r[0])).toEqual(report.runs.map((r: { id: number }) => r.id));
      expect(runs!.rows[0]![4]).toBeInstanceOf(Date);
      expect(runs!.rows.at(-1)![14]).toBe(report.runs.at(-1).logfile);
      expect(remaining!.rows.map((r) => key(String(r[0]), String(r[1]))).sort()).toEqual(latest.map((p) => key(p.a, p.b)).sort());
    });

    it('keeps to the period: a period after the engagement has no scans and no runs', async () => {
      const out = path.join(dir, 'later.xlsx');
      const r = await cli('report', '--from', '2099-01-01', '--out', out, '--json');
      expect(r.code).toBe(0);
      expect(r.json()).toMatchObject({ scans: 0, firstScan: null, latestScan: null, runs: [], remaining: [], outcomes: { merged: 0 } });
      const [summary] = await readReportWorkbook(out);
      expect(summary!.rows.find((row) => row[0] === L.summary.firstScanAt)?.[1]).toBe(L.values.noScan);
      const today = new Date().toISOString().slice(0, 10);
      const same = await cli('report', '--from', today, '--to', today, '--out', path.join(dir, 'today.xlsx'), '--json');
      expect(same.json().runs).toHaveLength(report.runs.length);
    });

    it('refuses bad arguments with exit 3 and writes nothing; an unwritable file is exit 1', async () => {
      for (const args of [[], ['--out', path.join(dir, 'x.csv')], ['--from', '2026-02-30', '--out', path.join(dir, 'y.xlsx')], ['--from', '2026-12-01', '--to', '2026-11-01', '--out', path.join(dir, 'z.xlsx')]]) {
        const r = await cli('report', ...args, '--json');
        expect(r.code, args.join(' ')).toBe(3);
        expect(r.json().error.code).toBe('USAGE');
      }
      expect(fs.existsSync(path.join(dir, 'y.xlsx'))).toBe(false);
      const unwritable = await cli('report', '--out', path.join(dir, 'no-such-folder', 'r.xlsx'));
      expect(unwritable.code).toBe(1);
      expect(unwritable.stderr).toMatch(/folder does not exist/);
    });
  });
}
