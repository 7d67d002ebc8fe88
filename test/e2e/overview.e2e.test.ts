import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '@shared/i18n';
import { tempDir } from '../helpers/databases';
import { scan, type ScanResult } from '../../electron/engine/detect/scan';
import { browserUnavailableReason, expectAccessible, isolatedDeps, LANGUAGES_UNDER_TEST, launchApp, signInThroughUi, translatorForTest, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;
/** Catalogue texts by full key (namespace:key) for selectors; untyped, as keys are built here. */
type Words = (key: string, options?: Record<string, unknown>) => string;
const words = (language: Language) => translatorForTest(language) as unknown as Words;

/**
 * The Duplicates screen (pairs and overview) and the Batch screen in both languages: words
 * from the catalogues, keyboard, axe, and the overview's and batch's numbers against the
 * database the app is connected to.
 */
describe.skipIf(noBrowser)('desktop app in Chromium: duplicates, overview and batch in German and English', () => {
  let app: AppUnderTest;
  let result: ScanResult;
  const dir = tempDir('mergedesk-e2e-overview-');
  const worklist = path.join(dir, 'worklist.csv');
  const digits = (text: string) => Number(/([\d.,]+)/.exec(text)![1]!.replace(/[.,]/g, ''));
  const speak = async (language: Language) => {
    const t = words(language);
    await app.page.getByRole('combobox', { name: /^(Language|Sprache)$/ }).selectOption(language);
    await app.page.getByRole('tablist', { name: t('common:nav.main') }).waitFor();
    return t;
  };
  const db = () => app.handlers.session.requireDb();
  const activeAmong = async (uids: string[]) => {
    const { db: k, mapping: m } = db();
    const row = (await k(m.table('users')).count({ n: '*' }).whereIn(m.col('users', 'uid'), uids).where(m.col('users', 'status'), m.value('users', 'status', 'active')).first()) as { n: unknown };
    return Number(row.n);
  };

  beforeAll(async () => {
    const deps = await isolatedDeps();
    app = await launchApp({ ...deps, desktop: { saveFileDialog: async () => worklist, openPath: async () => undefined } });
    // A selector that finds nothing fails within a minute instead of waiting for the suite's end.
    app.page.setDefaultTimeout(60_000);
    await signInThroughUi(app.page);
    await app.page.getByRole('button', { name: 'Scan for duplicates' }).click();
    await app.page.getByText(/pairs · [\d,]+ users scanned/).waitFor({ timeout: 60_000 });
    // The same scan as the app's, straight from the engine: what the screens must agree with.
    const { db: k, mapping: m, operator } = app.handlers.session.requireOperator();
    result = await scan(k, m, { operator });
  });
  afterAll(async () => app?.close());

  for (const language of LANGUAGES_UNDER_TEST) {
    it(`lists the pairs with causes and reasons in ${language}, sortable by keyboard`, async () => {
      const { page } = app;
      const t = await speak(language);
      await page.getByRole('tab', { name: t('duplicates:tabs.pairs') }).click();
      const table = page.getByRole('table', { name: t('duplicates:table.label') });
      await table.waitFor();
      const first = await table.getByRole('row').nth(1).innerText();
      const causes = ['hr_multiple_records', 'manual_before_interface', 'self_registration', 'returning_employee', 'name_change', 'unknown'].map((c) => t(`duplicates:cause.${c}`));
      expect(causes.some((c) => first.includes(c))).toBe(true);
      if (language === 'de') {
        expect(first).toMatch(/gleiche|verschieden|ähnlich|fehlt/);
        expect(first).not.toMatch(/\bsame\b|\bdiffer/);
      }
      // Keyboard: the score column's sort button, then Enter, sorts ascending.
      const header = table.getByRole('columnheader', { name: t('duplicates:table.score') });
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      await header.getByRole('button').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      await page.keyboard.press('Enter');
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
      await expectAccessible(page, `duplicates (${language})`);
      await app.screenshot(`duplicates-${language}`);
    }, 180_000);

    it(`shows the overview in ${language}, its numbers those of the database`, async () => {
      const { page } = app;
      const t = await speak(language);
      // Keyboard: from the Pairs tab, the arrow key moves to Overview.
      await page.getByRole('tab', { name: t('duplicates:tabs.pairs') }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      const overview = page.getByRole('region', { name: t('overview:label') });
      await overview.waitFor();
      await page.waitForTimeout(500); // the charts animate in

      const toRemove = result.clusters.flatMap((c) => c.uids.filter((u) => u !== c.keep));
      const licences = await overview.getByTestId('licences-freed').innerText();
      expect(digits(licences)).toBe(await activeAmong(toRemove));
      expect(licences).toBe(t('overview:licences.value', { count: await activeAmong(toRemove) }));

      const causeRows = await overview.getByRole('table', { name: t('overview:byCause.title') }).locator('tbody tr').allTextContents();
      const perCause = new Map<string, number>();
      for (const p of result.pairs) perCause.set(p.cause, (perCause.get(p.cause) ?? 0) + 1);
      expect(causeRows.length).toBe(perCause.size);
      for (const [cause, n] of perCause) expect(causeRows).toContain(`${t(`duplicates:cause.${cause}`)}${n.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB')}`);

      const scoreRows = await overview.getByRole('table', { name: t('overview:scores.title') }).locator('tbody td').allTextContents();
      expect(scoreRows.reduce((n, x) => n + digits(x), 0)).toBe(result.pairs.length);
      const sizes = await overview.getByRole('table', { name: t('overview:clusters.title') }).locator('tbody td').allTextContents();
      expect(sizes.reduce((n, x) => n + digits(x), 0)).toBe(result.clusters.length);
      await overview.getByText(t('overview:scores.threshold', { value: result.model.threshold.toLocaleString(language === 'de' ? 'de-DE' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })).first().waitFor();

      await expectAccessible(page, `overview (${language})`);
      await app.screenshot(`overview-${language}`);
      await page.getByRole('tab', { name: t('duplicates:tabs.pairs') }).click();
    }, 180_000);
  }

  it('exports a worklist of one cause for the batch', async () => {
    const { page } = app;
    await speak('en');
    await page.getByRole('combobox', { name: 'Cause' }).click();
    await page.getByRole('option', { name: 'Returning employee with a new employee ID' }).click();
    await page.getByRole('button', { name: 'Export worklist…' }).click();
    await page.getByText(`Worklist saved to ${worklist}`).waitFor();
  });

  const sourcesOf = (rows: string[][]) => rows.map((r) => r[1]!);
  const resultRows = async (t: Words) =>
    (await app.page.getByRole('region', { name: t('batch:result.label') }).getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))) as string[][];

  for (const language of LANGUAGES_UNDER_TEST) {
    it(`dry-runs the worklist in ${language}: the licences it would free are the active sources it would merge`, async () => {
      const { page } = app;
      const t = await speak(language);
      await page.getByRole('tablist', { name: t('common:nav.main') }).getByRole('tab', { name: t('common:nav.batch') }).click();
      await page.getByRole('heading', { name: t('batch:title') }).waitFor();
      await page.getByLabel(t('batch:file.input')).setInputFiles(worklist);
      const pairs = (parse(fs.readFileSync(worklist, 'utf8'), { from_line: 2 }) as string[][]).length;
      await page.getByText(t('batch:report.valid', { count: pairs })).waitFor();
      await page.getByRole('button', { name: t('batch:actions.dryRun') }).focus();
      await page.keyboard.press('Enter');
      const region = page.getByRole('region', { name: t('batch:result.label') });
      await region.getByText(t('batch:result.dryRun')).waitFor({ timeout: 60_000 });
      const merged = (await resultRows(t)).filter((r) => r[3] === t('batch:outcome.merged'));
      const expected = await activeAmong(sourcesOf(merged));
      expect(await region.getByTestId('batch-licences').innerText()).toBe(t('batch:result.licencesDry', { count: expected }));
      await expectAccessible(page, `batch (${language})`);
      await app.screenshot(`batch-${language}`);
    }, 180_000);
  }

  it('runs the worklist: the licences freed are the active sources now deleted, and History says so per run', async () => {
    const { page } = app;
    const t = await speak('en');
    const sources = (parse(fs.readFileSync(worklist, 'utf8'), { from_line: 2 }) as string[][]).map((r) => r[0]!);
    const { db: k, mapping: m } = db();
    const activeBefore = new Set(((await k(m.table('users')).select({ uid: m.col('users', 'uid') }).whereIn(m.col('users', 'uid'), sources).where(m.col('users', 'status'), m.value('users', 'status', 'active'))) as { uid: string }[]).map((r) => r.uid));
    await page.getByRole('button', { name: t('batch:actions.run') }).click();
    const region = page.getByRole('region', { name: t('batch:result.label') });
    await region.getByText(t('batch:result.finished')).waitFor({ timeout: 60_000 });
    const merged = sourcesOf((await resultRows(t)).filter((r) => r[3] === t('batch:outcome.merged')));
    expect(merged.length).toBeGreaterThan(0);
    const stillActive = await activeAmong(merged);
    const freed = merged.filter((u) => activeBefore.has(u)).length - stillActive;
    expect(stillActive).toBe(0);
    expect(await region.getByTestId('batch-licences').innerText()).toBe(t('batch:result.licences', { count: freed }));

    const runs = await app.handlers.listRuns({}, { progress: () => undefined } as never);
    expect(runs.filter((r) => merged.includes(r.sourceUid) && !r.dryRun).reduce((n, r) => n + r.licencesFreed, 0)).toBe(freed);
    await page.getByRole('tablist', { name: t('common:nav.main') }).getByRole('tab', { name: t('common:nav.history') }).click();
    if (freed > 0) await page.getByText(t('batch:history.freed')).first().waitFor();
  });
});
