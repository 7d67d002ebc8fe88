import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: the evidence of a pair as a waterfall', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp(await isolatedDeps());
    await signInThroughUi(app.page);
  });
  afterAll(async () => app?.close());

  it('opens a scanned pair in Compare and draws its evidence from the prior to the total', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Scan for duplicates' }).click();
    await page.getByText(/pairs · [\d,]+ users scanned/).waitFor({ timeout: 60_000 });
    const firstRow = page.getByRole('table', { name: 'Candidate pairs' }).getByRole('row').nth(1);
    const score = Number((await firstRow.innerText()).split('\n')[0]);
    await firstRow.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('table', { name: 'Accounts side by side' }).waitFor();
    await page.getByRole('tab', { name: 'Evidence' }).click();
    const chart = page.getByRole('region', { name: 'Evidence for this pair' });
    await chart.waitFor();
    // One bar for the prior, one per compared field, one for the total.
    const bars = chart.locator('svg g');
    const fields = await chart.locator('svg g[data-kind="for"], svg g[data-kind="against"]').count();
    expect(fields).toBeGreaterThan(2);
    expect(await bars.count()).toBe(fields + 2);
    expect(await chart.locator('svg g[data-kind="prior"] text').first().innerHTML()).toBe('prior');
    expect(await chart.locator('svg g[data-kind="for"]').count()).toBeGreaterThan(0);
    // The heading's match probability is the pair's score (the list shows it rounded).
    const heading = await chart.getByText(/match probability/).innerText();
    const shown = Number(heading.match(/match probability ([\d.]+)\s?%/)![1]) / 100;
    expect(Math.abs(shown - score)).toBeLessThan(0.01);
    await chart.scrollIntoViewIfNeeded();
    await app.screenshot('15-evidence-waterfall');
  });
});
