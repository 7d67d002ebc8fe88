import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;
const ctx = { progress: () => undefined };

describe.skipIf(noBrowser)('desktop app in Chromium: compare, preview, merge', () => {
  let app: AppUnderTest;
  /** Two candidate pairs found by the real scan and planned by the real engine: one clean, one with a training conflict. */
  let clean: { a: string; b: string; keep: string };
  let conflicting: { a: string; b: string; keep: string };

  beforeAll(async () => {
    app = await launchApp(await isolatedDeps());
    await signInThroughUi(app.page);
    const scan = await app.handlers.scanDuplicates({}, ctx);
    const plans = [];
    for (const p of scan.pairs.slice(0, 60)) {
      const source = p.keep === p.a.uid ? p.b.uid : p.a.uid;
      const plan = await app.handlers.previewMerge({ source, target: p.keep, takeEmail: false, takeLogin: false, overrides: {} }, ctx).catch(() => null);
      if (plan) plans.push({ pair: { a: p.a.uid, b: p.b.uid, keep: p.keep }, conflicts: plan.conflicts.length });
    }
    clean = plans.find((x) => x.conflicts === 0)!.pair;
    conflicting = plans.find((x) => x.conflicts > 0)!.pair;
  });
  afterAll(async () => app?.close());

  const pick = async (a: string, b: string) => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Compare & merge' }).click();
    // After a merge the guided steps end on the result: start a new comparison from there.
    const again = page.getByRole('button', { name: 'Compare other accounts' });
    if (await again.count()) await again.click();
    for (const uid of [a, b]) {
      await page.getByLabel('Find users').fill(uid);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('list', { name: 'Users found' }).getByRole('listitem').filter({ hasText: uid }).getByRole('button', { name: 'Choose' }).click();
    }
    await page.getByRole('table', { name: 'Accounts side by side' }).waitFor();
  };

  it('compares two accounts picked from the user search, highlights differences and swaps the kept account', async () => {
    const { page } = app;
    await pick(clean.a, clean.b);
    const table = page.getByRole('table', { name: 'Accounts side by side' });
    expect(await table.locator('tr[data-differs]').count()).toBeGreaterThan(0);
    expect(await table.getByRole('rowheader', { name: 'Enrolments', exact: true }).count()).toBe(1);
    expect(await page.getByText(`Recommended to keep: ${clean.keep}`).count()).toBe(1);
    await app.screenshot('11-compare');
    const other = clean.keep === clean.a ? clean.b : clean.a;
    await page.getByRole('button', { name: `Swap: keep ${other} instead` }).click();
    expect(await page.getByText(`Keep ${other}, remove ${clean.keep}.`).count()).toBe(1);
    await page.getByRole('button', { name: `Swap: keep ${clean.keep} instead` }).click();
  });

  it('previews the plan, needs an explicit second step, merges and shows the result with the logfile', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Preview merge' }).click();
    const preview = page.getByRole('region', { name: 'Merge preview' });
    await preview.waitFor();
    expect(await preview.getByRole('table', { name: 'What changes, per category' }).getByRole('row').count()).toBeGreaterThan(2);
    await app.screenshot('12-merge-preview');
    await preview.getByRole('button', { name: 'Continue to Confirm' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm the merge' });
    const mergeNow = confirm.getByRole('button', { name: 'Merge now' });
    expect(await mergeNow.getAttribute('aria-disabled')).toBe('true');
    await confirm.getByRole('checkbox').check();
    await mergeNow.click();
    const result = page.getByRole('status', { name: 'Merge result' });
    await result.waitFor();
    expect(await result.innerText()).toContain('Merged');
    await app.screenshot('13-merge-result');
    // The source account is really gone from the database.
    const source = clean.keep === clean.a ? clean.b : clean.a;
    const { db, mapping: m } = app.handlers.session.requireDb();
    expect(await db(m.table('users')).where(m.col('users', 'uid'), source).first()).toBeUndefined();
    const run = await db('md_merge_runs').orderBy('id', 'desc').first();
    expect(run).toMatchObject({ source_uid: source, target_uid: clean.keep, outcome: 'merged', operator_login: 'admin' });
  });

  it('aborts a merge with a training conflict and shows the seed\'s failure message, changing nothing', async () => {
    const { page } = app;
    const { db, mapping: m } = app.handlers.session.requireDb();
    const source = conflicting.keep === conflicting.a ? conflicting.b : conflicting.a;
    const before = await db(m.table('enrolments')).count({ n: '*' }).first();
    await pick(conflicting.a, conflicting.b);
    await page.getByRole('button', { name: 'Preview merge' }).click();
    await page.getByText(/^\d+ training conflicts?$/).waitFor();
    await page.getByText('With “Abort on conflict” on, this merge will be aborted and nothing changes.').waitFor();
    await page.getByRole('button', { name: 'Continue to Confirm' }).click();
    const confirm = page.getByRole('region', { name: 'Confirm the merge' });
    await confirm.getByRole('checkbox').check();
    await confirm.getByRole('button', { name: 'Merge now' }).click();
    const result = page.getByRole('status', { name: 'Merge result' });
    await result.waitFor();
    expect(await result.innerText()).toContain('The merge was not successful, please check the linked logfile for more information.');
    expect(await result.innerText()).toContain('Merge aborted');
    await app.screenshot('14-merge-aborted');
    expect(await db(m.table('users')).where(m.col('users', 'uid'), source).first()).toBeDefined();
    expect(await db(m.table('enrolments')).count({ n: '*' }).first()).toEqual(before);
    expect(await db('md_merge_runs').orderBy('id', 'desc').first()).toMatchObject({ source_uid: source, outcome: 'aborted' });
  });
});
