import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerDeps } from '../../electron/ipc/handlers';
import { execute, type MergeResult } from '../../electron/engine/merge/index';
import { logFromResult, writeMergeLogfile } from '../../electron/workbooks/index';
import { wordFor } from '../../electron/workbooks/logfile-labels';
import { loadSettings, withOverrides } from '../../electron/settings/merge-settings';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: settings, history and the logfile viewer', () => {
  let deps: HandlerDeps;
  let app: AppUnderTest;
  let merged: MergeResult;
  let refused: MergeResult;
  let logfile: string;

  const db = () => app.handlers.session.requireDb().db;
  /** A real merge through the engine, as the app's merge screen would run it. */
  async function merge(source: string, target: string): Promise<MergeResult> {
    const { db, mapping, operator } = app.handlers.session.requireOperator();
    return execute(db, mapping, { source, target }, withOverrides(await loadSettings(db), { abort_on_conflict: false }), operator);
  }

  beforeAll(async () => {
    deps = await isolatedDeps();
    app = await launchApp(deps);
    await signInThroughUi(app.page);
    merged = await merge('U0000237', 'U0000238');
    refused = await merge('U0000239', 'U0000239');
    // Where the app's merge handler leaves the logfile of a run.
    logfile = path.join(process.env.MERGEDESK_HOME!, 'logfiles', `run-${merged.runId}.xlsx`);
    fs.mkdirSync(path.dirname(logfile), { recursive: true });
    await writeMergeLogfile(logfile, logFromResult(merged));
  });
  afterAll(async () => app?.close());

  const mainTab = (name: string) => app.page.getByRole('tablist', { name: 'Main' }).getByRole('tab', { name });

  it('toggles a general setting and saves it with who changed it', async () => {
    const { page } = app;
    expect(merged.outcome).toBe('merged');
    await mainTab('Settings').click();
    const box = page.getByRole('checkbox', { name: 'Merge group assignments' });
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await page.getByText('Never changed: these are the defaults.').waitFor();
    await box.click();
    await page.getByRole('radio', { name: /^Deactivate the source account/ }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings were saved.').waitFor();
    await page.getByText(/^Last changed by admin on /).waitFor();
    expect(await db()('md_merge_settings').where('id', 1).first()).toMatchObject({ merge_group_assignments: 1, source_disposition: 'deactivate', updated_by: 'admin' });
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    await app.screenshot('20-settings');
  });

  it('edits and saves a portfolio rule, and refuses a contradictory one with the validator\'s message', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Portfolio rules' }).click();
    await page.getByRole('tablist', { name: 'Target status' }).getByRole('tab', { name: 'Enrolled' }).click();
    await page.getByText('No entries for target status Enrolled').waitFor();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByRole('combobox', { name: 'Source status of entry 1' }).selectOption({ label: 'Passed' });
    await page.getByRole('combobox', { name: 'Result status of entry 1' }).selectOption({ label: 'Passed' });
    await page.getByRole('combobox', { name: 'Dates merge type of entry 1' }).selectOption('source');
    await page.getByRole('button', { name: 'Save portfolio rules' }).click();
    await page.getByText('The portfolio rules were saved (1 entry).').waitFor();
    const stored = async () => (await db()('md_portfolio_rules').select('target_status_id', 'source_status_id', 'result_status_id', 'dates_merge_type')).map((r: Record<string, unknown>) => ({ ...r }));
    expect(await stored()).toEqual([{ target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'source' }]);

    // A second entry for the same source status that says something else.
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByRole('combobox', { name: 'Source status of entry 2' }).selectOption({ label: 'Passed' });
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByRole('alert').filter({ hasText: 'Target status Enrolled has two entries for source status Passed' }).waitFor();
    await page.getByRole('button', { name: 'Save portfolio rules' }).click();
    await page.getByRole('alert').filter({ hasText: 'portfolio rules contradict each other: target status Enrolled with source status Passed' }).waitFor();
    expect(await stored()).toHaveLength(1);
    await page.getByRole('button', { name: 'Remove entry 2' }).click();
    await page.getByRole('button', { name: 'Add entry' }).click(); // the next unused source status
    expect(await page.getByRole('combobox', { name: 'Source status of entry 2' }).inputValue()).toBe('12');
    await page.getByRole('combobox', { name: 'Dates merge type of entry 2' }).selectOption('earliest');
    await page.getByRole('button', { name: 'Save portfolio rules' }).click();
    await page.getByText('The portfolio rules were saved (2 entries).').waitFor();
    expect(await stored()).toHaveLength(2);
    await app.screenshot('21-portfolio-rules');
  });

  it('saves a job profile rule and a client\'s level-protection setting', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Job profile rules' }).click();
    await page.getByRole('combobox', { name: 'Result for target Not confirmed and source Confirmed' }).selectOption('confirmed');
    await page.getByRole('button', { name: 'Save job profile rules' }).click();
    await page.getByText('The job profile rules were saved.').waitFor();
    expect(await db()('md_job_profile_rules').select('target_status', 'source_status', 'result_status')).toEqual([{ target_status: 'not_confirmed', source_status: 'confirmed', result_status: 'confirmed' }]);
    await page.getByRole('tab', { name: 'Clients' }).click();
    const toggle = page.getByRole('switch', { name: 'Keep highest level protection for Nordwerk Services GmbH' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await page.getByText('Nordwerk Services GmbH: the highest level protection is kept').waitFor();
    await page.getByRole('switch', { name: 'Keep highest level protection for Nordwerk Services GmbH', checked: true, disabled: false }).waitFor();
    expect(await db()('clients').where('id', 2).first()).toMatchObject({ keep_highest_level_protection: 1 });
    await page.waitForTimeout(300); // let the switch's transition finish before the screenshot
    await app.screenshot('22-clients');
  });

  it('lists the runs in History and opens a run\'s logfile in the viewer', async () => {
    const { page } = app;
    await mainTab('History').click();
    const table = page.getByRole('table', { name: 'Merge runs' });
    const runRow = (id: number) => table.getByRole('row').filter({ has: page.getByRole('button', { name: `Open logfile of run ${id}` }) });
    await runRow(merged.runId).waitFor();
    expect(await runRow(merged.runId).innerText()).toMatch(/Merged[\s\S]*admin[\s\S]*U0000237 → U0000238/);
    expect(await runRow(refused.runId).innerText()).toMatch(/Refused[\s\S]*not on this computer/);
    const rowTexts = (await table.getByRole('row').allInnerTexts()).slice(1);
    expect(rowTexts[0]).toMatch(new RegExp(`^${refused.runId}\\b`)); // newest first
    await app.screenshot('30-history');

    await page.getByRole('button', { name: `Open logfile of run ${refused.runId}` }).click();
    await page.getByRole('alert').filter({ hasText: `The logfile of run ${refused.runId} is not on this computer.` }).waitFor();

    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('merged');
    await expect.poll(async () => (await table.getByRole('row').count()) - 1).toBe(1);

    await page.getByRole('button', { name: `Open logfile of run ${merged.runId}` }).click();
    const summary = page.getByRole('region', { name: 'Merge' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain(`${merged.plan!.source.firstName} ${merged.plan!.source.lastName} (U0000237)`);
    expect(await page.getByText(`run-${merged.runId}.xlsx`).count()).toBe(1);
  });

  it('makes a missing logfile again from the database with "Create logfile" in History', async () => {
    const { page } = app;
    await mainTab('History').click();
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('all');
    const table = page.getByRole('table', { name: 'Merge runs' });
    const row = table.getByRole('row').filter({ has: page.getByRole('button', { name: `Open logfile of run ${refused.runId}` }) });
    await row.waitFor();
    await page.getByRole('button', { name: `Create logfile of run ${refused.runId}` }).click();
    await expect.poll(async () => row.innerText()).not.toMatch(/not on this computer/);
    expect(fs.existsSync(path.join(process.env.MERGEDESK_HOME!, 'logfiles', `run-${refused.runId}.xlsx`))).toBe(true);
    await page.getByRole('button', { name: `Open logfile of run ${refused.runId}` }).click();
    const summary = page.getByRole('region', { name: 'Merge' });
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/Refused/);
  });

  it('opens a logfile given to the app as a file argument straight in the viewer, with no database', async () => {
    const started = await launchApp({ profiles: deps.profiles, version: 'test', startupFile: logfile });
    try {
      await started.page.getByText(`run-${merged.runId}.xlsx`).waitFor();
      expect(started.handlers.session.db).toBeNull();
      expect(await started.page.getByText(`(U0000237)`).count()).toBeGreaterThan(0);
      // Offered once: asking again gives nothing, so a reload does not reopen it.
      expect(await started.handlers.startupLogfile({}, { progress: () => undefined })).toBeNull();
    } finally {
      await started.close();
    }
  });

  describe('offline, with no database connected', () => {
    let offline: AppUnderTest;
    beforeAll(async () => {
      offline = await launchApp({ profiles: deps.profiles, version: 'test' });
    });
    afterAll(async () => offline?.close());

    it('opens a logfile from the file picker and shows the summary and the records', async () => {
      const { page } = offline;
      await page.getByRole('button', { name: 'Open a logfile' }).click();
      await page.getByText('Drop a MergeDesk logfile here').waitFor();
      expect(await offline.handlers.session.db).toBeNull();
      await page.getByLabel('Logfile to open').setInputFiles(logfile);
      const summary = page.getByRole('region', { name: 'Merge' });
      await summary.waitFor();
      const text = await summary.innerText();
      expect(text).toContain('Merged');
      expect(text).toContain(`${merged.plan!.target.firstName} ${merged.plan!.target.lastName} (U0000238)`);
      expect(text).toContain('admin');
      expect(text).toContain(merged.plan!.sourceAccount.description);
      await page.getByRole('region', { name: 'Settings used' }).getByText('merge person attributes').waitFor();
      await page.getByRole('button', { name: 'Open logfile…', disabled: false }).waitFor();
      await page.waitForTimeout(300); // let Fluent's colour transitions finish before the screenshot
      await offline.screenshot('40-logfile-viewer');

      const records = logFromResult(merged).records;
      await page.getByRole('tab', { name: `Records (${records.length})` }).click();
      const rows = page.getByRole('table', { name: 'Records' }).getByRole('row');
      await expect.poll(async () => (await rows.count()) - 1).toBe(records.length);
      const category = records[0]!.category;
      await page.getByRole('combobox', { name: 'Category' }).selectOption(category);
      await expect.poll(async () => (await rows.count()) - 1).toBe(records.filter((r) => r.category === category).length);
      // Rows show the category in words ("Enrolments"), the filter's value is its key.
      for (const t of (await rows.allInnerTexts()).slice(1)) expect(t.startsWith(wordFor('category', category, 'en'))).toBe(true);
      await page.getByRole('combobox', { name: 'Category' }).selectOption('all');
      const action = records[records.length - 1]!.action;
      await page.getByRole('combobox', { name: 'Action' }).selectOption(action);
      await expect.poll(async () => (await rows.count()) - 1).toBe(records.filter((r) => r.action === action).length);
      await page.getByLabel('Search').fill('zzz-nothing-matches');
      await page.getByText('No records match.').waitFor();
      await page.getByLabel('Search').fill('');
      await offline.screenshot('41-logfile-records');
      await page.getByRole('tab', { name: /^Action required/ }).click();
    });

    it('says clearly when a file is not a MergeDesk logfile', async () => {
      const { page } = offline;
      await page.getByLabel('Logfile to open').setInputFiles({ name: 'broken.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('this is not a spreadsheet') });
      const alert = page.getByRole('alert').filter({ hasText: 'broken.xlsx is not a readable MergeDesk merge logfile: it is not an Excel (.xlsx) file' });
      await alert.waitFor();
      await offline.screenshot('42-logfile-malformed');
      // Dropped files go the same way.
      await page.getByRole('tablist', { name: 'Logfile sections' }).evaluate((el) => {
        // Browser globals, typed here because the tests compile without the DOM library.
        const w = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          DragEvent: new (type: string, init: object) => Event;
          File: new (parts: string[], name: string, options: object) => unknown;
        };
        const data = new w.DataTransfer();
        data.items.add(new w.File(['Name;Cost\nPaper;3'], 'budget.csv', { type: 'text/csv' }));
        el.dispatchEvent(new w.DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
        el.dispatchEvent(new w.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
      });
      await page.getByRole('alert').filter({ hasText: 'budget.csv is not a readable MergeDesk merge logfile' }).waitFor();
    });
  });
});
