import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: the Settings screen is read-only for the auditor', () => {
  let app: AppUnderTest;

  beforeAll(async () => {
    app = await launchApp(await isolatedDeps());
    await signInThroughUi(app.page, 'auditor');
  });
  afterAll(async () => app?.close());

  it('shows why, and every input and save button of every tab is disabled', async () => {
    const { page } = app;
    await page.getByRole('tablist', { name: 'Main' }).getByRole('tab', { name: 'Settings' }).click();
    const note = page.getByRole('status', { name: 'Read-only settings' });
    await note.waitFor();
    expect(await note.textContent()).toContain('auditor may view the merge settings and rules but not change them: that needs Edit clearance on the whole organisation');
    const box = page.getByRole('checkbox', { name: 'Merge group assignments' });
    expect(await box.isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: /^Deactivate the source account/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);

    const tabs = page.getByRole('tablist', { name: 'Merge settings' });
    await tabs.getByRole('tab', { name: 'Portfolio rules' }).click();
    expect(await page.getByRole('button', { name: 'Add entry' }).isDisabled()).toBe(true);
    await tabs.getByRole('tab', { name: 'Job profile rules' }).click();
    expect(await page.getByRole('combobox', { name: 'Result for target Confirmed and source Not confirmed' }).isDisabled()).toBe(true);
    await tabs.getByRole('tab', { name: 'Clients' }).click();
    const toggle = page.getByRole('switch', { name: 'Keep highest level protection for Nordwerk Services GmbH' });
    expect(await toggle.isDisabled()).toBe(true);
    await app.screenshot('21-settings-read-only');
    expect(await app.handlers.session.requireDb().db('clients').where('id', 2).first()).toMatchObject({ keep_highest_level_protection: 0 });
  });
});
