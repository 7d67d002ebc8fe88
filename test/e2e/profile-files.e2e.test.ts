import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo } from '../../electron/demo/index';
import { ProfileStore, type SecretStore } from '../../electron/profiles/store';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';
import { browserUnavailableReason, launchApp, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;
const noEncryption: SecretStore = { isAvailable: () => false, encrypt: () => Buffer.alloc(0), decrypt: () => '' };

describe.skipIf(noBrowser)('desktop app in Chromium: a SQLite profile chosen with Browse…', () => {
  let app: AppUnderTest;
  let file: string;
  beforeAll(async () => {
    process.env.MERGEDESK_HOME = tempDir('mergedesk-e2e-files-');
    const tdb = sqliteTestDatabase();
    const db = await tdb.open();
    await generateDemo(db, new LmsMapping(), { users: 100, seed: 3 });
    await db.destroy();
    file = (tdb.connection as { file: string }).file;
    // The one seam: Electron's native dialog, here answering with a real database file.
    app = await launchApp({
      profiles: new ProfileStore(path.join(process.env.MERGEDESK_HOME, 'profiles.json'), noEncryption),
      version: 'test',
      dialogs: { chooseFile: async (purpose) => (purpose === 'sqlite' ? file : null) },
    });
  });
  afterAll(async () => app?.close());

  it('the file field only shows the dialog\'s choice; the profile saves and connects', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New profile…' }).click();
    await page.getByRole('textbox', { name: /^Name/ }).fill('LMS copy');
    await page.getByRole('radio', { name: 'SQLite file' }).check();
    const field = page.getByRole('textbox', { name: /^File/ });
    expect(await field.getAttribute('readonly')).not.toBeNull();
    await page.getByRole('button', { name: 'Browse…' }).first().click();
    await expect.poll(() => field.inputValue()).toBe(file);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('button', { name: /LMS copy/ }).waitFor();
    const profiles = await app.handlers.listProfiles({}, { progress: () => undefined });
    expect(profiles.find((p) => p.name === 'LMS copy')).toMatchObject({ connection: { kind: 'sqlite', file } });
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
