import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, expectAccessible, isolatedDeps, launchApp, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('the app speaks the operating system language and switches on request', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp(await isolatedDeps(), { language: 'de' });
  });
  afterAll(async () => app?.close());

  it('starts in German on a German system, switches to English and back, and keeps the choice', async () => {
    const { page, handlers } = app;
    const language = page.getByRole('combobox', { name: 'Sprache' });
    await language.waitFor();
    expect(await page.getByRole('button', { name: 'Logdatei öffnen' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect.poll(() => handlers.session.language).toBe('de');

    await language.selectOption('en');
    await page.getByRole('button', { name: 'Open a logfile' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => handlers.session.language).toBe('en');

    await page.reload();
    await page.getByRole('button', { name: 'Open a logfile' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
    await expectAccessible(page, 'connect (shell)');
  });
});
