import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerDeps } from '../../electron/ipc/handlers';
import { execute, type MergeResult } from '../../electron/engine/merge/index';
import { logFromResult, writeMergeLogfile } from '../../electron/workbooks/index';
import { wordFor } from '../../electron/workbooks/logfile-labels';
import { loadSettings, withOverrides } from '../../electron/settings/merge-settings';
import { tempDir } from '../helpers/databases';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('logfile viewer in Chromium: whether a logfile is as MergeDesk wrote it', () => {
  let deps: HandlerDeps;
  let app: AppUnderTest;
  let merged: MergeResult;
  let logfile: string;
  let edited: string;

  beforeAll(async () => {
    deps = await isolatedDeps();
    app = await launchApp(deps);
    await signInThroughUi(app.page);
    const { db, mapping, operator } = app.handlers.session.requireOperator();
    merged = await execute(db, mapping, { source: 'U0000237', target: 'U0000238' }, withOverrides(await loadSettings(db), { abort_on_conflict: false }), operator);
    logfile = path.join(process.env.MERGEDESK_HOME!, 'logfiles', `run-${merged.runId}.xlsx`);
    fs.mkdirSync(path.dirname(logfile), { recursive: true });
    await writeMergeLogfile(logfile, logFromResult(merged));
    // A reviewer "corrects" one action in a spreadsheet application.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(logfile);
    wb.getWorksheet('Records')!.getRow(2).getCell(7).value = 'edited by hand'; // the Action column
    edited = path.join(tempDir('mergedesk-e2e-verify-'), 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
  });
  afterAll(async () => app?.close());

  it('shows an unchanged logfile as unchanged, and as matching the database on "Verify against database"', async () => {
    const { page } = app;
    await page.getByRole('tablist', { name: 'Main' }).getByRole('tab', { name: 'History' }).click();
    await page.getByRole('button', { name: `Open logfile of run ${merged.runId}` }).click();
    await page.getByText('Unchanged since MergeDesk wrote it (the content checksum matches).').waitFor();
    await page.getByRole('button', { name: 'Verify against database' }).click();
    await page.getByText(`It matches the logfile the database makes for run ${merged.runId}.`).waitFor();
    await app.screenshot('43-logfile-verified');
  });

  it('shows an edited logfile as changed, and names the cell that differs from the database', async () => {
    const { page } = app;
    await page.getByLabel('Logfile to open').setInputFiles(edited);
    await page.getByText('Changed after MergeDesk wrote it: the content does not match its checksum.').waitFor();
    await page.getByRole('button', { name: 'Verify against database' }).click();
    await page.getByText(`It differs from the logfile the database makes for run ${merged.runId} (1 difference):`).waitFor();
    const list = page.getByRole('list', { name: 'Differences from the database' });
    expect(await list.innerText()).toContain(`Records, row 2, Action: the file has "edited by hand", the database makes "${wordFor('action', logFromResult(merged).records[0]!.action, 'en')}".`);
    await app.screenshot('44-logfile-changed');
  });

  it('offline, without a database, gives the checksum verdict and no database button', async () => {
    const offline = await launchApp({ profiles: deps.profiles, version: 'test' });
    try {
      const { page } = offline;
      await page.getByRole('button', { name: 'Open a logfile' }).click();
      await page.getByLabel('Logfile to open').setInputFiles(edited);
      await page.getByText('Changed after MergeDesk wrote it: the content does not match its checksum.').waitFor();
      await page.getByText('Connect and sign in to verify it against the database.').waitFor();
      expect(await page.getByRole('button', { name: 'Verify against database' }).count()).toBe(0);
    } finally {
      await offline.close();
    }
  });
});
