import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

/** Windows at 150 % on a 1920×1080 screen gives the app 1280×720 CSS pixels at device scale 1.5. */
describe.skipIf(noBrowser)('desktop app at 150 % scaling (1280×720 CSS pixels)', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp(await isolatedDeps(), { deviceScaleFactor: 1.5 });
    await signInThroughUi(app.page);
  });
  afterAll(async () => app?.close());

  /** Nothing wider than the window: no horizontal scrolling of the whole page. */
  const overflow = () =>
    app.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });

  it('lays out every main screen without horizontal overflow', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Scan for duplicates' }).click();
    await page.getByText(/pairs · [\d,]+ users scanned/).waitFor({ timeout: 60_000 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await app.screenshot('60-duplicates-150pct');
    await page.getByRole('table', { name: 'Candidate pairs' }).getByRole('button', { name: 'Compare' }).first().click();
    await page.getByRole('table', { name: 'Accounts side by side' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Preview merge' }).click();
    await page.getByRole('region', { name: 'Merge preview' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await app.screenshot('61-merge-preview-150pct');
    for (const tab of ['Batch', 'Settings', 'History', 'Logfiles']) {
      await page.getByRole('tablist', { name: 'Main' }).getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(200);
      expect(await overflow(), tab).toBeLessThanOrEqual(0);
    }
  });
});
