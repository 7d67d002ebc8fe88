import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, type MergeResult } from '../../electron/engine/merge/index';
import { readReportWorkbook, REPORT_FORMAT } from '../../electron/workbooks/engagement-report-workbook';
import { loadSettings, withOverrides } from '../../electron/settings/merge-settings';
import { resources } from '@shared/i18n/resources';
import { tempDir } from '../helpers/databases';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

/** The English words of the report (workbook and History's button), from the catalogues. */
const L = {
  ...resources.en.logfile.report,
  sheets: resources.en.logfile.report.sheet,
  format: REPORT_FORMAT,
  app: { button: resources.en.history.report.button, saved: resources.en.history.report.saved.split(' {{')[0]! },
};

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: the engagement report from History, opened in the viewer', () => {
  let app: AppUnderTest;
  let merged: MergeResult;
  const target = path.join(tempDir('mergedesk-e2e-report-'), 'engagement.xlsx');

  beforeAll(async () => {
    const deps = await isolatedDeps();
    app = await launchApp({ ...deps, desktop: { saveFileDialog: async () => target, openPath: async () => undefined } });
    await signInThroughUi(app.page);
    const { db, mapping, operator } = app.handlers.session.requireOperator();
    merged = await execute(db, mapping, { source: 'U0000237', target: 'U0000238' }, withOverrides(await loadSettings(db), { abort_on_conflict: false }), operator);
  });
  afterAll(async () => app?.close());

  const mainTab = (name: string) => app.page.getByRole('tablist', { name: 'Main' }).getByRole('tab', { name });

  it('writes the report where the save dialog says, with the merge in its figures', async () => {
    const { page } = app;
    await mainTab('History').click();
    await page.getByRole('button', { name: L.app.button }).click();
    await page.getByRole('status').filter({ hasText: `${L.app.saved} ${target}` }).waitFor();
    const [summary, runs] = await readReportWorkbook(target);
    expect(summary!.rows.find((r) => r[0] === L.summary.merged)?.[1]).toBe(1);
    expect(runs!.rows.map((r) => r[0])).toEqual([merged.runId]);
    await app.screenshot('35-history-report');
  });

  it('opens the report in the Logfiles viewer and shows its sheets', async () => {
    const { page } = app;
    await mainTab('Logfiles').click();
    await page.getByLabel('Logfile to open').setInputFiles(target);
    const sheets = page.getByRole('tablist', { name: 'Report sheets' });
    await sheets.waitFor();
    expect(await sheets.getByRole('tab').allInnerTexts()).toEqual([expect.stringMatching(/^Summary/), expect.stringMatching(/^Runs \(1\)/), expect.stringMatching(/^Remaining/)]);
    await sheets.getByRole('tab', { name: /^Runs/ }).click();
    const table = page.getByRole('table', { name: L.sheets.runs });
    expect(await table.getByRole('row').nth(1).innerText()).toMatch(new RegExp(`^${merged.runId}\\s+merge[\\s\\S]*admin[\\s\\S]*merged`));
    expect(fs.existsSync(target)).toBe(true);
    await app.screenshot('43-report-viewer');
  });
});
