import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { DATABASE_KINDS, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { logFromResult, readMergeLogfile, writeMergeLogfile } from '../../electron/workbooks/index';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';

describe('merge logfile', () => {
  let db: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  const dir = tempDir('mergedesk-log-');
  useFixtureDatabase(DATABASE_KINDS.find((k) => k.kind === 'sqlite')!, m, (o) => ({ db, fx } = o));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function mergeWithEverything(settings = settingsWith()) {
    const { source, target } = await fx.pair();
    const other = await fx.user();
    const course = await fx.course();
    await fx.enrol(source.id, course, 11, '2024-01-01T00:00:00Z', { score: 88.5 });
    await fx.enrol(target.id, course, 8, '2024-01-01T00:00:00Z');
    await fx.enrol(source.id, await fx.course(), 9, '2024-01-01T00:00:00Z');
    const training = await fx.add('ojt_trainings', { title: 'T' });
    await fx.add('ojt_assignments', { ojt_id: training, trainee_id: other.id, mentor_id: source.id, status: 'open', assigned_at: new Date('2024-01-01Z') });
    await fx.add('user_attributes', { user_id: source.id, name: '42', value: 'x' });
    await fx.add('audit_log', { user_id: source.id, component_type: 'course', component_id: course, event: 'e', status: null, occurred_at: new Date('2024-01-01Z'), comment: null });
    let t = Date.parse('2025-06-07T08:09:10Z');
    return execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin, { now: () => new Date((t += 1000)) });
  }

  it('round-trips a merged run: summary, records, conflicts and action required', async () => {
    const r = await mergeWithEverything();
    expect(r.outcome).toBe('merged');
    const log = logFromResult(r);
    const file = path.join(dir, 'merged.xlsx');
    await writeMergeLogfile(file, log);
    const back = await readMergeLogfile(file);
    expect(back).toEqual(log);
    expect(back.records.length).toBeGreaterThan(4);
    expect(back.actionRequired).toHaveLength(1);
    expect(back.summary.counts.enrolments).toEqual({ move: 1, take_source: 1 });
  });

  it('round-trips an aborted run with its conflicts, and a refused run without a plan', async () => {
    const r = await mergeWithEverything(settingsWith({ abort_on_conflict: true }));
    expect(r.outcome).toBe('aborted');
    const file = path.join(dir, 'aborted.xlsx');
    await writeMergeLogfile(file, logFromResult(r));
    const back = await readMergeLogfile(file);
    expect(back).toEqual(logFromResult(r));
    expect(back.conflicts).toHaveLength(1);
    const refused = await execute(db, m, { source: 'NOPE', target: 'NOPE2' }, settingsWith(), fx.admin, { now: () => new Date('2025-01-01T00:00:00Z') });
    const f2 = path.join(dir, 'refused.xlsx');
    await writeMergeLogfile(f2, logFromResult(refused));
    expect(await readMergeLogfile(f2)).toEqual(logFromResult(refused));
  });

  it('has frozen headers and autofilters on its tables, and real dates', async () => {
    const r = await mergeWithEverything();
    const file = path.join(dir, 'format.xlsx');
    await writeMergeLogfile(file, logFromResult(r));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Records', 'Conflicts', 'Action required']);
    for (const ws of wb.worksheets.slice(1)) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getColumn(1).width).toBeGreaterThan(10);
    }
    const started = wb.getWorksheet('Summary')!.getRows(1, 60)!.find((row) => row.getCell(1).value === 'Started (UTC)')!;
    expect(started.getCell(2).value).toBeInstanceOf(Date);
  });

  it('refuses malformed and foreign files with a clear message', async () => {
    const text = path.join(dir, 'text.xlsx');
    fs.writeFileSync(text, 'hello');
    await expect(readMergeLogfile(text)).rejects.toThrow(/not an Excel \(\.xlsx\) file/);
    await expect(readMergeLogfile(path.join(dir, 'missing.xlsx'))).rejects.toThrow(/does not exist/);
    const foreign = path.join(dir, 'foreign.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['a', 'b']);
    await wb.xlsx.writeFile(foreign);
    await expect(readMergeLogfile(foreign)).rejects.toThrow(/sheet "Summary" is missing/);
    const r = await mergeWithEverything();
    const tampered = path.join(dir, 'tampered.xlsx');
    await writeMergeLogfile(tampered, logFromResult(r));
    const t = new ExcelJS.Workbook();
    await t.xlsx.readFile(tampered);
    t.getWorksheet('Records')!.getRow(1).getCell(6).value = 'What';
    await t.xlsx.writeFile(tampered);
    await expect(readMergeLogfile(tampered)).rejects.toThrow(/sheet "Records" has the columns/);
  });
});
