import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '@shared/i18n';
import type { HandlerDeps } from '../../electron/ipc/handlers';
import { LMS_TABLE_NAMES } from '../../electron/db/lms-tables';
import { latestMigrationName } from '../../electron/db/tool-schema';
import { tempDir } from '../helpers/databases';
import { browserUnavailableReason, expectAccessible, isolatedDeps, LANGUAGES_UNDER_TEST, launchApp, translatorForTest, type AppUnderTest } from './harness';
import { contrastOf, focusedName, tabUntilFocused } from './keyboard-and-contrast';

const noBrowser = browserUnavailableReason() !== null;

/** Connect, Sign in and Settings in each language: words from the catalogue, the doctor's summary, errors by code, axe, screenshots. */
describe.skipIf(noBrowser)('Connect, Sign in and Settings in German and English', () => {
  let deps: HandlerDeps;
  let notLms: string;
  beforeAll(async () => {
    // One user data folder for both languages: the demo database is built once.
    deps = await isolatedDeps();
    notLms = path.join(tempDir('mergedesk-e2e-notlms-'), 'inventory.db');
    const file = new Database(notLms);
    file.exec('create table items (id integer primary key, name text)');
    file.close();
    // The one seam: Electron's file dialog, answering with a SQLite file that is not an LMS database.
    deps.dialogs = { chooseFile: async (purpose) => (purpose === 'sqlite' ? notLms : null) };
  });

  for (const language of LANGUAGES_UNDER_TEST) {
    describe(language, () => {
      const t = translatorForTest(language);
      const c = (key: string, options: Record<string, unknown> = {}) => t(key as never, { ns: 'connect', ...options }) as string;
      let app: AppUnderTest;
      beforeAll(async () => {
        app = await launchApp(deps, { language });
      });
      afterAll(async () => app?.close());

      it('tests the demo database: a one-line summary, the checklist folded and opened by keyboard', async () => {
        const { page } = app;
        await page.getByRole('button', { name: c('demoName') }).waitFor();
        await page.getByRole('button', { name: c('test') }).click();
        const check = page.getByRole('region', { name: c('check.region') });
        await check.waitFor({ timeout: 60_000 });
        const summary = await check.getByRole('heading').innerText();
        const expected = c('check.ready', { server: 'SERVER', count: LMS_TABLE_NAMES.length, version: latestMigrationName() });
        expect(summary).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('SERVER', 'SQLite 3\\.[0-9.]+')}$`));
        const toolTables = t('check.toolTablesCurrent.label', { ns: 'doctor', latest: latestMigrationName() });
        expect(await check.getByText(toolTables).count()).toBe(0);
        const all = check.getByRole('button', { name: new RegExp(`^${c('check.all', { passed: '\\d+', total: '\\d+' }).replace(/[()]/g, '\\$&')}`) });
        await all.focus();
        await page.keyboard.press('Enter');
        await check.getByText(toolTables).waitFor();
        expect(await all.getAttribute('aria-expanded')).toBe('true');
        expect(await check.getByText(t('check.tableFound.label', { ns: 'doctor', table: 'users', mapped: '' })).count()).toBe(1);
        // The Connect button is the brand colour and legible.
        expect(await contrastOf(page.getByRole('button', { name: c('connect'), exact: true }))).toBeGreaterThanOrEqual(4.5);
        await expectAccessible(page, `connect (${language}, ready)`);
        await app.screenshot(`connect-${language}`);
      });

      it('shows a non-LMS SQLite file\'s problems first with their fixes, and refuses to connect to it in plain words', async () => {
        const { page } = app;
        await page.getByRole('button', { name: c('newProfile') }).click();
        await page.getByRole('textbox', { name: new RegExp(`^${c('editor.name')}`) }).fill('Inventory');
        await page.getByRole('radio', { name: c('kind.sqlite') }).check();
        await page.getByRole('button', { name: c('editor.browse') }).first().click();
        await expect.poll(() => page.getByRole('textbox', { name: new RegExp(`^${c('editor.file')}`) }).inputValue()).toBe(notLms);
        await page.getByRole('button', { name: c('editor.save') }).click();
        await page.getByRole('button', { name: /Inventory/ }).waitFor();
        await page.getByRole('button', { name: c('test') }).click();
        const check = page.getByRole('region', { name: c('check.region') });
        await check.waitFor({ timeout: 60_000 });
        const problems = LMS_TABLE_NAMES.length + 1; // every table, and the tool tables
        expect(await check.getByRole('heading').innerText()).toBe(c('check.problems', { count: problems }));
        // Problems come first, each with its fix, before the folded checklist.
        const missingUsers = t('check.tableMissing.problem', { ns: 'doctor', table: 'users', mapped: '' });
        await check.getByText(missingUsers, { exact: true }).waitFor();
        const firstFix = await check.locator('li').first().innerText();
        expect(firstFix).toContain(c('check.fix', { fix: '' }).trim());
        expect(firstFix).toContain('"tables": {"users": {"name": "..."}}'.replace('users', LMS_TABLE_NAMES[0]!));
        // The first five are shown; the rest wait in the folded checklist.
        expect(await check.locator('li').count()).toBe(5);
        await check.getByText(c('check.more', { count: problems - 5 })).waitFor();
        const toolTablesMissing = check.getByText(t('check.toolTablesMissing.problem', { ns: 'doctor' }));
        expect(await toolTablesMissing.count()).toBe(0);
        await check.getByRole('button', { name: new RegExp(`^${c('check.all', { passed: 0, total: problems }).replace(/[()]/g, '\\$&')}`) }).click();
        expect(await toolTablesMissing.count()).toBe(1);
        await expectAccessible(page, `connect (${language}, problems)`);
        await app.screenshot(`connect-problems-${language}`);

        await page.getByRole('button', { name: c('connect'), exact: true }).click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        const text = await alert.innerText();
        if (language === 'en') expect(text).toContain('The database does not match what MergeDesk needs: Table ');
        else {
          expect(text).toContain(c('error.code.SCHEMA_MISMATCH'));
          // The server's English stays as the detail, marked as English for screen readers.
          expect(await alert.locator('[lang="en"]').innerText()).toContain('The database does not match what MergeDesk needs');
        }
        await expectAccessible(page, `connect (${language}, refused)`);
        await page.getByRole('button', { name: c('editor.delete') }).click();
        await page.getByRole('button', { name: /Inventory/ }).waitFor({ state: 'detached' });
      });

      it('signs in: a wrong password answered in the language, then the right one', async () => {
        const { page } = app;
        const s = (key: string) => t(key as never, { ns: 'signin' }) as string;
        await page.getByRole('button', { name: c('demoName') }).click();
        await page.getByRole('button', { name: c('connect'), exact: true }).click();
        await page.getByRole('heading', { name: s('title') }).waitFor({ timeout: 60_000 });
        const submit = page.getByRole('button', { name: s('submit') });
        // Disabled until both fields are filled, and still legible.
        expect(await submit.isDisabled()).toBe(true);
        expect(await contrastOf(submit)).toBeGreaterThanOrEqual(4.5);
        await page.getByLabel(s('login')).fill('admin');
        await page.getByLabel(s('password')).fill('wrong');
        await submit.click();
        const alert = page.getByRole('alert');
        await alert.waitFor();
        expect(await alert.innerText()).toContain(language === 'en' ? 'Sign-in failed for "admin": unknown login or wrong password.' : c('error.code.AUTH_FAILED'));
        await expectAccessible(page, `sign in (${language}, refused)`);
        await app.screenshot(`signin-${language}`);
        await page.getByLabel(s('password')).fill('demo');
        await submit.click();
        await page.getByRole('tab', { name: t('nav.duplicates') }).waitFor();
      });

      it('shows the settings in the language, with a legible disabled save button', async () => {
        const { page } = app;
        const st = (key: string, options: Record<string, unknown> = {}) => t(key as never, { ns: 'settings', ...options }) as string;
        await page.getByRole('tablist', { name: t('nav.main') }).getByRole('tab', { name: t('nav.settings') }).click();
        await page.getByRole('checkbox', { name: st('option.merge_group_assignments.label') }).waitFor();
        expect(await page.getByRole('radio', { name: st('disposition.delete') }).isChecked()).toBe(true);
        const save = page.getByRole('button', { name: st('general.save') });
        expect(await save.isDisabled()).toBe(true);
        expect(await contrastOf(save)).toBeGreaterThanOrEqual(4.5);
        await expectAccessible(page, `settings (${language})`);
        await app.screenshot(`settings-${language}`);
        await page.getByRole('tablist', { name: st('tabs.label') }).getByRole('tab', { name: st('tabs.portfolio') }).click();
        await page.getByRole('tablist', { name: st('portfolio.targetStatus') }).getByRole('tab', { name: t('enrolmentStatus.8', { ns: 'categories' }) }).click();
        await page.getByText(st('portfolio.none', { status: t('enrolmentStatus.8', { ns: 'categories' }) })).waitFor();
        await expectAccessible(page, `settings portfolio rules (${language})`);
      });
    });
  }

  it('works from the keyboard alone: Tab and Enter pick the demo profile, test, connect and sign in (German)', async () => {
    const language: Language = 'de';
    const t = translatorForTest(language);
    const c = (key: string) => t(key as never, { ns: 'connect' }) as string;
    const app = await launchApp(deps, { language });
    try {
      const { page } = app;
      await page.getByRole('button', { name: c('demoName') }).waitFor();
      await tabUntilFocused(page, c('demoName'));
      await page.keyboard.press('Enter');
      expect(await page.getByRole('button', { name: c('demoName') }).getAttribute('aria-pressed')).toBe('true');
      await tabUntilFocused(page, c('test'));
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: c('check.region') }).waitFor({ timeout: 60_000 });
      // Focus stays on the button through the check, so the next Tab goes on from there.
      expect(await focusedName(page)).toBe(c('test'));
      await page.keyboard.press('Tab');
      expect(await focusedName(page)).toBe(c('connect'));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: t('title', { ns: 'signin' }) }).waitFor({ timeout: 60_000 });
      await page.keyboard.type('admin');
      await page.keyboard.press('Tab');
      await page.keyboard.type('demo');
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name: t('nav.duplicates') }).waitFor();
    } finally {
      await app.close();
    }
  });
});
