import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: duplicate review', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    app = await launchApp(await isolatedDeps());
    await signInThroughUi(app.page);
  });
  afterAll(async () => app?.close());

  const rows = () => app.page.getByRole('table', { name: 'Candidate pairs' }).getByRole('row');

  it('scans the demo database and lists explained pairs, highest score first', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Scan for duplicates' }).click();
    await page.getByText(/pairs · [\d,]+ users scanned/).waitFor({ timeout: 60_000 });
    expect(await rows().count()).toBeGreaterThan(10); // header + virtualised rows
    const first = await rows().nth(1).innerText();
    const second = await rows().nth(2).innerText();
    expect(Number(first.split('\n')[0])).toBeGreaterThanOrEqual(Number(second.split('\n')[0]));
    await app.screenshot('10-duplicates');
  });

  it('filters by cause and by search text', async () => {
    const { page } = app;
    const summary = page.getByText(/ of [\d,]+ pairs · /);
    const all = Number((await summary.innerText()).split(' of ')[1]!.split(' ')[0]!.replace(/,/g, ''));
    await page.getByRole('combobox', { name: 'Cause' }).click();
    await page.getByRole('option', { name: 'Name change not carried over' }).click();
    const shown = Number((await summary.innerText()).split(' of ')[0]!.replace(/,/g, ''));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(all);
    for (const text of await rows().allInnerTexts()) if (!text.startsWith('Score')) expect(text).toContain('Name change');
    await page.getByRole('combobox', { name: 'Cause' }).click();
    await page.getByRole('option', { name: 'All causes' }).click();
    const firstUid = (await rows().nth(1).innerText()).split('\n').find((l) => l.includes(' · '))!.split(' · ')[0]!;
    await page.getByLabel('Search').fill(firstUid);
    expect(await rows().count()).toBeGreaterThanOrEqual(2);
    for (const text of (await rows().allInnerTexts()).slice(1)) expect(text).toContain(firstUid);
    await page.getByLabel('Search').fill('');
  });

  it('dismisses a pair as not a duplicate, and it does not come back in the next scan', async () => {
    const { page } = app;
    const row = rows().nth(1);
    const text = await row.innerText();
    const uids = text.split('\n').filter((l) => l.includes(' · ')).map((l) => l.split(' · ')[0]!);
    const pairRows = () => rows().filter({ hasText: uids[0]! }).filter({ hasText: uids[1]! });
    await page.getByLabel('Search').fill(uids[0]!);
    expect(await pairRows().count()).toBe(1);
    await pairRows().getByRole('button', { name: /^Not a duplicate/ }).click();
    await expect.poll(() => pairRows().count()).toBe(0);
    await page.getByRole('button', { name: 'Scan again' }).click();
    await page.getByRole('button', { name: 'Scan again', disabled: false }).waitFor({ timeout: 60_000 });
    await page.getByText(/pairs · [\d,]+ users scanned/).waitFor();
    // Searching for one UID renders every pair it is in (the table is virtualised).
    await page.getByLabel('Search').fill(uids[0]!);
    // The account may still pair with someone else, but never again with the other.
    expect(await pairRows().count()).toBe(0);
    await page.getByLabel('Search').fill(uids[1]!);
    expect(await pairRows().count()).toBe(0);
  });
});
