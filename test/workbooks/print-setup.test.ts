import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { DATABASE_KINDS, tempDir } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { runBatch } from '../../electron/usecases/batch';
import { scan } from '../../electron/engine/detect/scan';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { logFromResult, writeMergeLogfile, writeScanFile, writeUndoLogfile, writeWorklistFile } from '../../electron/workbooks/index';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';
import { richPair } from '../merge/rich-pair';

/** Every sheet of every workbook MergeDesk writes prints as a reviewer needs it. */
describe('print-ready workbooks', () => {
  let db: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  const dir = tempDir('mergedesk-print-');
  useFixtureDatabase(DATABASE_KINDS.find((k) => k.kind === 'sqlite')!, m, (o) => ({ db, fx } = o));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function read(file: string) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb;
  }

  /** Landscape, one page wide, header row on every page, footer with the name and "Page n of m"; a Summary on one page. */
  function expectPrintReady(wb: ExcelJS.Workbook, footerName: string) {
    expect(wb.worksheets.length).toBeGreaterThan(0);
    for (const ws of wb.worksheets) {
      const where = `${ws.name}`;
      expect({ where, orientation: ws.pageSetup.orientation, fitToPage: ws.pageSetup.fitToPage, fitToWidth: ws.pageSetup.fitToWidth }).toEqual({ where, orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
      expect(ws.headerFooter.oddFooter).toContain(footerName);
      expect(ws.headerFooter.oddFooter).toContain('Page &P of &N');
      if (ws.name === 'Summary') {
        expect({ where, fitToHeight: ws.pageSetup.fitToHeight }).toEqual({ where, fitToHeight: 1 });
      } else {
        expect({ where, fitToHeight: ws.pageSetup.fitToHeight, titles: ws.pageSetup.printTitlesRow }).toEqual({ where, fitToHeight: 0, titles: '1:1' });
        expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      }
      // Every column holding a date is wide enough for "2026-12-01 21:55:07" whole.
      ws.eachRow((row) =>
        row.eachCell((cell, col) => {
          if (cell.value instanceof Date) expect({ where, col, width: ws.getColumn(col).width }).toEqual({ where, col, width: expect.toSatisfy((w: number) => w >= 19) });
        }),
      );
    }
  }

  it('merge and undo logfiles', async () => {
    const { source, target } = await richPair(fx);
    const r = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin);
    expect(r.outcome).toBe('merged');
    const merged = path.join(dir, 'merge.xlsx');
    await writeMergeLogfile(merged, logFromResult(r));
    const wb = await read(merged);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Records', 'Conflicts', 'Action required']);
    expectPrintReady(wb, `MergeDesk run ${r.runId}: ${source.uid} into ${target.uid}`);
    const u = await undoRun(db, m, r.runId, fx.admin);
    const undone = path.join(dir, 'undo.xlsx');
    await writeUndoLogfile(undone, u);
    expectPrintReady(await read(undone), `MergeDesk undo run ${u.runId} of merge run ${r.runId}`);
  });

  it('batch summary, scan export and worklist export', async () => {
    const pairs = [await fx.pair(), await fx.pair()];
    const b = await runBatch(db, m, pairs.map((p, i) => ({ row: i + 2, source_uid: p.source.uid, target_uid: p.target.uid, take_email: false, take_login: false, note: null })), settingsWith(), fx.admin, { logDir: path.join(dir, 'batch') });
    expect(b.summaryFile).not.toBeNull();
    const summary = await read(b.summaryFile!);
    expect(summary.worksheets.map((w) => w.name)).toEqual(['Summary', 'Pairs', 'Conflicts', 'Validation']);
    expectPrintReady(summary, path.basename(b.summaryFile!));
    expectPrintReady(await read(b.pairs[0]!.logfile!), `MergeDesk run ${b.pairs[0]!.runId}:`);

    const scanned = path.join(dir, 'scan.xlsx');
    await writeScanFile(scanned, await scan(db, m));
    expectPrintReady(await read(scanned), 'MergeDesk scan scan.xlsx');

    const worklist = path.join(dir, 'worklist.xlsx');
    await writeWorklistFile(worklist, [{ source: 'U1', target: 'U2', note: 'same person' }]);
    const wl = await read(worklist);
    expectPrintReady(wl, 'MergeDesk worklist worklist.xlsx');
    expect(wl.worksheets[0]!.getRow(2).values).toEqual([undefined, 'U1', 'U2', 'no', 'no', undefined, 'same person']);
  });
});
