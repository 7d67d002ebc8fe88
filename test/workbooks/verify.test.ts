import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { verifyLogfile } from '../../electron/usecases/logfile';
import { mergeUseCase } from '../../electron/usecases/merge';
import { undoUseCase } from '../../electron/usecases/undo';
import { Fixture, settingsWith } from '../merge/fixtures';
import { richPair } from '../merge/rich-pair';

const dir = tempDir('mergedesk-verify-');

/** Edits a logfile as a person with a spreadsheet application would (exceljs reads and saves it whole). */
async function edit(file: string, out: string, change: (wb: ExcelJS.Workbook) => void = () => {}) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  change(wb);
  await wb.xlsx.writeFile(out);
  return out;
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`logfile verification on ${kind.kind}`, () => {
    const m = new LmsMapping();
    let db: Knex;
    let fx: Fixture;
    let ready: Promise<void> | undefined;
    let tdb: Awaited<ReturnType<typeof kind.create>> | undefined;
    afterAll(async () => {
      await tdb?.drop();
    });
    const setup = () =>
      (ready ??= (async () => {
        tdb = await kind.create();
        db = await tdb.open();
        fx = await Fixture.create(db, m);
      })());

    async function mergedLogfile(name: string) {
      await setup();
      const { source, target } = await richPair(fx);
      const file = path.join(dir, `${kind.kind}-${name}.xlsx`);
      const { result } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings: settingsWith({ abort_on_conflict: false }), logfile: () => file });
      expect(result.outcome).toBe('merged');
      return { file, runId: result.runId };
    }

    it('an unchanged logfile, and one saved again unchanged, verify by checksum and against the database', async () => {
      const { file, runId } = await mergedLogfile('plain');
      const v = await verifyLogfile(file, db);
      expect({ verdict: v.verdict, checksum: v.checksum.verdict, database: v.database }).toEqual({ verdict: 'unchanged', checksum: 'unchanged', database: { verdict: 'matches', differences: [] } });
      expect({ kind: v.kind, run: v.run }).toEqual({ kind: 'merge', run: runId });
      const resaved = await edit(file, path.join(dir, `${kind.kind}-resaved.xlsx`));
      expect(fs.readFileSync(resaved).equals(fs.readFileSync(file))).toBe(false);
      expect((await verifyLogfile(resaved, db)).verdict).toBe('unchanged');
    });

    it('a changed cell and a deleted row are found, and each difference is named (sheet, row, field)', async () => {
      const { file } = await mergedLogfile('edited');
      const changed = await edit(file, path.join(dir, `${kind.kind}-changed.xlsx`), (wb) => {
        const ws = wb.getWorksheet('Records')!;
        // Action is column 7, after the object's id and name and the two record ids.
        ws.getRow(3).getCell(7).value = 'keep_target_edited';
      });
      const c = await verifyLogfile(changed, db);
      expect(c.verdict).toBe('changed');
      expect(c.checksum.verdict).toBe('changed');
      expect(c.database!.differences).toEqual([{ sheet: 'Records', kind: 'changed', row: 3, field: 'Action', file: 'keep_target_edited', database: expect.any(String) }]);

      const deleted = await edit(file, path.join(dir, `${kind.kind}-deleted.xlsx`), (wb) => {
        wb.getWorksheet('Records')!.spliceRows(4, 1);
      });
      const d = await verifyLogfile(deleted, db);
      expect(d.verdict).toBe('changed');
      expect(d.database!.differences).toEqual([{ sheet: 'Records', kind: 'missing', row: 4, field: null, file: null, database: expect.any(String) }]);
      // Without the database the checksum alone tells.
      expect((await verifyLogfile(deleted)).checksum.verdict).toBe('changed');
    });

    it("an undo's logfile verifies against the database too", async () => {
      const { runId } = await mergedLogfile('to-undo');
      const file = path.join(dir, `${kind.kind}-undo.xlsx`);
      const { result } = await undoUseCase(db, m, fx.admin, runId, {}, () => file);
      expect(result.outcome).toBe('undone');
      const v = await verifyLogfile(file, db);
      expect({ verdict: v.verdict, kind: v.kind, run: v.run, database: v.database?.verdict }).toEqual({ verdict: 'unchanged', kind: 'undo', run: result.runId, database: 'matches' });
    });
  });
}

describe('mergedesk logfile --verify', () => {
  it('exit 0 unchanged, 1 changed, 3 for a foreign workbook; --json gives the verdict', async () => {
    const kinds = await databaseKinds();
    const sqlite = kinds.find((k) => k.kind === 'sqlite')!;
    const tdb = await sqlite.create();
    const db = await tdb.open();
    const m = new LmsMapping();
    const fx = await Fixture.create(db, m);
    const { source, target } = await fx.pair();
    const file = path.join(dir, 'cli.xlsx');
    await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings: settingsWith(), logfile: () => file });
    await db.destroy();

    const ok = await runCli('logfile', '--verify', file);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('unchanged since MergeDesk wrote it');
    const json = await runCli('logfile', '--verify', file, '--json');
    expect(json.json()).toMatchObject({ verdict: 'unchanged', kind: 'merge', checksum: { verdict: 'unchanged' }, database: null });

    const changed = await edit(file, path.join(dir, 'cli-changed.xlsx'), (wb) => {
      wb.getWorksheet('Summary')!.eachRow((row) => {
        if (row.getCell(1).value === 'Operator') row.getCell(2).value = 'someone else';
      });
    });
    const bad = await runCli('logfile', '--verify', changed, '--json');
    expect(bad.code).toBe(1);
    expect(bad.json()).toMatchObject({ verdict: 'changed', checksum: { verdict: 'changed' } });

    const foreign = path.join(dir, 'foreign.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Summary').addRow(['Field', 'Value']);
    await wb.xlsx.writeFile(foreign);
    const f = await runCli('logfile', '--verify', foreign);
    expect(f.code).toBe(3);
    expect(f.stderr).toContain('is not a MergeDesk logfile');
    fs.writeFileSync(path.join(dir, 'text.xlsx'), 'not a workbook');
    expect((await runCli('logfile', '--verify', path.join(dir, 'text.xlsx'))).code).toBe(3);
    await tdb.drop();
  });
});

/** LibreOffice, where installed, is the real spreadsheet application that saves the file again. */
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((f) => fs.existsSync(f));

describe.skipIf(!soffice)('a logfile saved again by LibreOffice', () => {
  it('still verifies: booleans LibreOffice stores as TRUE()/FALSE() formulas, its own styles and zip, the same values', async () => {
    const kinds = await databaseKinds();
    const tdb = await kinds.find((k) => k.kind === 'sqlite')!.create();
    const db = await tdb.open();
    const m = new LmsMapping();
    const fx = await Fixture.create(db, m);
    const { source, target } = await richPair(fx);
    const file = path.join(dir, 'for-libreoffice.xlsx');
    await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings: settingsWith({ abort_on_conflict: false }), logfile: () => file });
    const out = path.join(dir, 'libreoffice');
    const r = spawnSync(soffice!, ['--headless', `-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const saved = path.join(out, 'for-libreoffice.xlsx');
    expect(fs.readFileSync(saved).equals(fs.readFileSync(file))).toBe(false);
    const v = await verifyLogfile(saved, db);
    expect({ verdict: v.verdict, checksum: v.checksum.verdict, differences: v.database?.differences }).toEqual({ verdict: 'unchanged', checksum: 'unchanged', differences: [] });
    await tdb.drop();
  }, 150_000);
});
