import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore, type SecretStore } from '../../electron/profiles/store';
import { tempDir } from '../helpers/databases';
import { browserUnavailableReason, launchApp, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

/** safeStorage is Electron's; here passwords are refused as on a system without a keychain. */
const noEncryption: SecretStore = { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' };

describe.skipIf(noBrowser)('desktop app in Chromium: connect and sign in', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    process.env.MERGEDESK_HOME = tempDir('mergedesk-e2e-');
    app = await launchApp({ profiles: new ProfileStore(path.join(process.env.MERGEDESK_HOME, 'profiles.json'), noEncryption), version: 'test' });
  });
  afterAll(async () => app?.close());

  it('checks the demo database and shows the checklist', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Test connection' }).click();
    const check = page.getByRole('region', { name: 'Connection check' }).or(page.locator('[aria-label="Connection check"]'));
    await check.waitFor({ timeout: 60_000 });
    expect(await check.getByRole('heading').innerText()).toMatch(/^Ready: SQLite 3\.[\d.]+, \d+ tables, tool tables at version 003_scan_summaries$/);
    // The checklist is folded under the summary; opening it shows every check.
    expect(await page.getByText('MergeDesk tool tables (md_*), version 003_scan_summaries').count()).toBe(0);
    await check.getByRole('button', { name: /^Full checklist/ }).click();
    expect(await page.getByText('MergeDesk tool tables (md_*), version 003_scan_summaries').count()).toBe(1);
    await app.screenshot('01-connect');
  });

  it('refuses a wrong password with a plain message, then signs in as admin', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Sign-in failed for "admin": unknown login or wrong password.');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Duplicates' }).waitFor();
    expect(await page.getByText('· admin').count()).toBe(1);
    await app.screenshot('02-signed-in');
  });

  it('can be driven from the keyboard alone: sign out, then sign in with Tab and Enter', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The login field has focus on arrival; Tab moves to the password; Enter submits.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Duplicates' }).waitFor();
    // Tab carries on into the app's controls rather than losing focus to the page.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = (globalThis as unknown as { document: { activeElement: { tagName: string; getAttribute(n: string): string | null } | null } }).document.activeElement;
      return el ? `${el.tagName}:${el.getAttribute('role') ?? ''}` : '';
    });
    expect(focused).not.toBe('BODY:');
  });

  it('refuses to save a password where encryption is unavailable', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Change database' }).click();
    await page.getByRole('button', { name: 'New profile…' }).click();
    await page.getByRole('textbox', { name: /^Name/ }).fill('Production');
    await page.getByRole('textbox', { name: /^Server/ }).fill('sql01');
    await page.getByRole('textbox', { name: /^Database/ }).fill('LMS');
    await page.getByRole('textbox', { name: /^Login/ }).fill('merge_admin');
    await page.getByLabel('Password', { exact: true }).fill('secret');
    await page.getByText('Save the password (encrypted by the operating system)').click();
    await app.screenshot('03-profile-editor');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Passwords cannot be saved on this computer');
    const profiles = await app.handlers.listProfiles({}, { progress: () => undefined });
    expect(profiles.map((p) => p.name)).toEqual(['Demo database']);
  });
});
