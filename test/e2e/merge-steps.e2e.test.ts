import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, expectAccessible, isolatedDeps, LANGUAGES_UNDER_TEST, launchApp, signInThroughUi, translatorForTest, type AppUnderTest } from './harness';
import { settleAnimations } from './keyboard-and-contrast';

const noBrowser = browserUnavailableReason() !== null;
const ctx = { progress: () => undefined };


/**
 * The screen never scrolls nor cuts anything off (its main area and the step page hold their content)
 * and the step's main action is inside the 1280×720 window. (The document's own 16 px is the shell's
 * body margin, outside this screen.)
 */
async function expectFitsWindow(page: Page, action: ReturnType<Page['getByRole']>): Promise<void> {
  const overflow = (await page.evaluate("[document.querySelector('main'), document.querySelector('main > div')].map((e) => e.scrollHeight - e.clientHeight)")) as number[];
  expect(overflow.every((o) => o <= 0), `page scrolls by ${overflow.join('/')} px`).toBe(true);
  const box = (await action.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(720);
}

for (const language of LANGUAGES_UNDER_TEST) {
  describe.skipIf(noBrowser)(`guided merge in Chromium (${language}): Compare → Preview → Confirm → Result`, () => {
    // Keys of every namespace by their full name ("compare:steps.label"): the test reads what the screen shows.
    const t = translatorForTest(language) as unknown as (key: string, options?: Record<string, unknown>) => string;
    let app: AppUnderTest;
    /** A clean pair (no conflict) whose removed account is active and has course enrolments: a licence is freed. */
    let pair: { a: string; b: string; keep: string; source: string };

    beforeAll(async () => {
      app = await launchApp(await isolatedDeps());
      await signInThroughUi(app.page);
      const { db, mapping: m } = app.handlers.session.requireDb();
      const scan = await app.handlers.scanDuplicates({}, ctx);
      for (const p of scan.pairs.slice(0, 80)) {
        const source = p.keep === p.a.uid ? p.b.uid : p.a.uid;
        const plan = await app.handlers.previewMerge({ source, target: p.keep, takeEmail: false, takeLogin: false, overrides: {} }, ctx).catch(() => null);
        if (!plan || plan.conflicts.length || !plan.records.some((r) => r.category === 'enrolments' && r.objectType === 'course')) continue;
        const row = m.fromDbRow('users', await db(m.table('users')).select(m.select('users', ['status'])).where(m.col('users', 'uid'), source).first());
        if (row.status !== 'active') continue;
        pair = { a: p.a.uid, b: p.b.uid, keep: p.keep, source };
        break;
      }
      expect(pair, 'a clean pair with an active removed account').toBeDefined();
      await app.page.getByRole('combobox', { name: 'Language' }).selectOption(language);
      await app.page.getByRole('tab', { name: t('common:nav.compare') }).click();
    });
    afterAll(async () => app?.close());

    it('compares the pair on one screen with the primary action readable and reachable by keyboard', async () => {
      const { page } = app;
      for (const uid of [pair.a, pair.b]) {
        await page.getByLabel(t('compare:picker.find')).fill(uid);
        await page.getByRole('button', { name: t('compare:picker.search'), exact: true }).click();
        await page.getByRole('list', { name: t('compare:picker.results') }).getByRole('listitem').filter({ hasText: uid }).getByRole('button', { name: t('compare:picker.choose') }).click();
      }
      await page.getByRole('table', { name: t('compare:compare.table') }).waitFor();
      const steps = page.getByRole('navigation', { name: t('compare:steps.label') });
      expect(await steps.locator('[aria-current="step"]').innerText()).toContain(t('compare:steps.compare'));
      const preview = page.getByRole('button', { name: t('compare:compare.preview') });
      // Readable, not greyed: white text on the brand colour, and not disabled.
      expect(await preview.isEnabled()).toBe(true);
      await settleAnimations(page);
      const colours = await preview.evaluate((el) => { const cs = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle(el); return [cs.color, cs.backgroundColor]; });
      expect(colours[0]).toBe('rgb(255, 255, 255)');
      expect(colours[1]).not.toMatch(/rgb\((2[0-9]{2}), \1, \1\)/);
      await expectFitsWindow(page, preview);
      await expectAccessible(page, `compare step (${language})`);
      await app.screenshot(`merge-compare-${language}`);
      await preview.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: t('compare:preview.region') }).waitFor();
    });

    it('previews before and after per category with courses by code and title from the database, and the stepper works by keyboard', async () => {
      const { page } = app;
      const { db, mapping: m } = app.handlers.session.requireDb();
      const region = page.getByRole('region', { name: t('compare:preview.region') });
      const categories = region.getByRole('table', { name: t('compare:preview.categories') });
      await categories.getByRole('button', { name: new RegExp(`^${t('categories:category.enrolments')}`) }).click();
      const first = region.getByRole('table', { name: t('compare:preview.itemsTable') }).getByRole('row').nth(1).getByRole('cell').first();
      const shown = await first.innerText();
      const courses = await db(m.table('enrolments'))
        .join(m.table('users'), m.qcol('users', 'id'), m.qcol('enrolments', 'user_id'))
        .join(m.table('courses'), m.qcol('courses', 'id'), m.qcol('enrolments', 'course_id'))
        .where(m.qcol('users', 'uid'), pair.source)
        .select({ code: m.qcol('courses', 'code'), title: m.qcol('courses', 'title') });
      expect(courses.map((c: { code: string; title: string }) => `${t('categories:objectType.course')} ${c.code} ${c.title}`)).toContain(shown);
      // Category names are words, never keys.
      expect(await categories.innerText()).not.toMatch(/\b(media_progress|audit_log|job_profiles)\b/);
      const next = page.getByRole('button', { name: t('compare:preview.next') });
      await expectFitsWindow(page, next);
      await expectAccessible(page, `preview step (${language})`);
      await app.screenshot(`merge-preview-${language}`);
      // Back to Compare through the stepper, by keyboard, and forward again.
      await page.getByRole('navigation', { name: t('compare:steps.label') }).getByRole('button', { name: new RegExp(t('compare:steps.compare')) }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('table', { name: t('compare:compare.table') }).waitFor();
      await page.getByRole('navigation', { name: t('compare:steps.label') }).getByRole('button', { name: new RegExp(t('compare:steps.preview')) }).focus();
      await page.keyboard.press('Enter');
      await next.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: t('compare:confirm.region') }).waitFor();
    });

    it('confirms in a distinct danger step that names the removed account and needs an explicit tick', async () => {
      const { page } = app;
      const region = page.getByRole('region', { name: t('compare:confirm.region') });
      expect(await region.innerText()).toContain(pair.source);
      const mergeNow = page.getByRole('button', { name: t('compare:confirm.mergeNow') });
      expect(await mergeNow.getAttribute('aria-disabled')).toBe('true');
      await mergeNow.click({ force: true });
      expect(await page.getByRole('region', { name: t('compare:confirm.region') }).count()).toBe(1); // nothing happened
      await expectFitsWindow(page, mergeNow);
      await expectAccessible(page, `confirm step (${language})`);
      await app.screenshot(`merge-confirm-${language}`);
      await page.getByRole('checkbox', { name: t('compare:confirm.understood', { uid: pair.source }) }).focus();
      await page.keyboard.press('Space');
      expect(await mergeNow.getAttribute('aria-disabled')).toBeNull();
      // Danger colour (red family), not the brand blue of the other steps.
      await settleAnimations(page); // the button fades from its disabled grey
      const [r, g, b] = (await mergeNow.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).match(/\d+/g)!.map(Number);
      expect(r! > g! && r! > b!).toBe(true);
      await mergeNow.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status', { name: t('compare:result.region') }).waitFor();
    });

    it('shows the result with the licences freed, checked against the database', async () => {
      const { page } = app;
      const { db, mapping: m } = app.handlers.session.requireDb();
      const result = page.getByRole('status', { name: t('compare:result.region') });
      expect(await result.innerText()).toContain(t('compare:result.merged'));
      // The removed account was active and is gone now: one active account freed.
      expect(await db(m.table('users')).where(m.col('users', 'uid'), pair.source).first()).toBeUndefined();
      const run = await db('md_merge_runs').orderBy('id', 'desc').first();
      expect(run).toMatchObject({ source_uid: pair.source, target_uid: pair.keep, outcome: 'merged' });
      expect(JSON.parse(run.summary_json).sourceStatus).toBe('active');
      expect(await page.getByTestId('licences-freed').innerText()).toBe(t('compare:result.licences', { count: 1 }));
      const again = page.getByRole('button', { name: t('compare:result.again') });
      await expectFitsWindow(page, again);
      await expectAccessible(page, `result step (${language})`);
      await app.screenshot(`merge-result-${language}`);
    });
  });
}
