import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: worklist export, batch dry run and run, undo from History', () => {
  let app: AppUnderTest;
  const dir = tempDir('mergedesk-e2e-batch-');
  const worklist = path.join(dir, 'worklist.csv');
  const mainTab = (name: string) => app.page.getByRole('tablist', { name: 'Main' }).getByRole('tab', { name });
  const users = async () => {
    const { db, mapping: m } = app.handlers.session.requireDb();
    return Number((await db(m.table('users')).count({ n: '*' }).first())?.n);
  };
  let sources: string[] = [];

  beforeAll(async () => {
    const deps = await isolatedDeps();
    app = await launchApp({ ...deps, desktop: { saveFileDialog: async () => worklist, openPath: async () => undefined } });
    await signInThroughUi(app.page);
  });
  afterAll(async () => app?.close());

  it('exports the pairs shown in the review table as a worklist', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Scan for duplicates' }).click();
    await page.getByText(/pairs · [\d,]+ users scanned/).waitFor({ timeout: 60_000 });
    await page.getByRole('combobox', { name: 'Cause' }).click();
    await page.getByRole('option', { name: 'Returning employee with a new employee ID' }).click();
    await page.getByRole('button', { name: 'Export worklist…' }).click();
    await page.getByText(`Worklist saved to ${worklist}`).waitFor();
    const lines = fs.readFileSync(worklist, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('source_uid,target_uid,take_email,take_login,take_employee_id,note');
    expect(lines.length).toBeGreaterThan(2);
    sources = (parse(fs.readFileSync(worklist, 'utf8'), { columns: true }) as { source_uid: string }[]).map((r) => r.source_uid);
  });

  it('validates a worklist with problems, naming the rows, and runs nothing', async () => {
    const { page } = app;
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `source_uid,target_uid\n${sources[0]},NO-SUCH-UID\n${sources[0]},${sources[0]}\n`);
    await mainTab('Batch').click();
    await page.getByLabel('Worklist file').setInputFiles(bad);
    const report = page.getByRole('region', { name: 'Validation report' });
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toMatch(/\d+ problems?: nothing will run until/);
    expect(text).toContain('Row 2:');
    expect(text).toContain('Row 3:');
    expect(await page.getByRole('button', { name: 'Run batch' }).count()).toBe(0);
  });

  it('dry-runs the exported worklist without changing anything, then runs it', async () => {
    const { page } = app;
    const before = await users();
    await page.getByLabel('Worklist file').setInputFiles(worklist);
    await page.getByText(/The worklist is valid: \d+ pairs?/).waitFor();
    await page.getByRole('button', { name: 'Dry run' }).click();
    const result = page.getByRole('region', { name: 'Batch result' });
    await result.getByText('Dry run finished: nothing was changed').waitFor({ timeout: 60_000 });
    expect(await users()).toBe(before);
    await app.screenshot('50-batch-dry-run');
    // For this batch only: conflicts are resolved by the merge rules instead of aborting.
    await page.getByRole('checkbox', { name: /^Abort a pair on training conflicts/ }).uncheck();
    await page.getByText('Changed for this batch only').waitFor();
    await page.getByRole('button', { name: 'Run batch' }).click();
    await result.getByText('Batch finished').waitFor({ timeout: 60_000 });
    const summary = await result.innerText();
    const merged = Number(/(\d+) merged/.exec(summary)![1]);
    expect(merged).toBeGreaterThan(0);
    expect(await users()).toBe(before - merged);
    expect(summary).toMatch(/ 0 aborted/);
    const { db } = app.handlers.session.requireDb();
    const lastRun = await db('md_merge_runs').orderBy('id', 'desc').first();
    expect(JSON.parse(lastRun.settings_json).overrides).toMatchObject({ abort_on_conflict: false, batch: true });
    expect(Boolean((await db('md_merge_settings').first()).abort_on_conflict)).toBe(true);
    await app.screenshot('51-batch-run');
    // Re-validating the same worklist shows the merged pairs as done (a re-run skips them).
    await page.getByText(/already merged \(skipped\)/).waitFor();
  });

  it('undoes a merge from History: the removed account comes back', async () => {
    const { page } = app;
    const before = await users();
    await mainTab('History').click();
    // The batch's runs are listed, each with its logfile from the batch folder.
    await page.getByText(/\d+ runs, newest first/).waitFor();
    expect(await page.getByText('not on this computer').count()).toBe(0);
    await page.getByLabel('Outcome').selectOption('merged');
    const undo = page.getByRole('button', { name: /^Undo run \d+$/ }).first();
    await undo.waitFor();
    const runId = Number((await undo.getAttribute('aria-label'))!.replace('Undo run ', ''));
    await undo.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/Restores .* to their state before the merge/).waitFor();
    await dialog.getByRole('button', { name: 'Undo now' }).click();
    await dialog.getByText(`Run ${runId} was undone`).waitFor();
    await app.screenshot('31-history-undo');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await users()).toBe(before + 1);
    const { db } = app.handlers.session.requireDb();
    expect(await db('md_merge_runs').where('id', runId).first()).toMatchObject({ outcome: 'undone' });
    // A second undo of the same run is refused.
    expect(await page.getByRole('button', { name: `Undo run ${runId}` }).count()).toBe(0);
  });
});
