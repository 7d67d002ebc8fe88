import fs from 'node:fs';
import path from 'node:path';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, withOverrides } from '../../electron/settings/merge-settings';
import { runLogfilePath } from '../../electron/ipc/logfile-locations';
import { mergeUseCase } from '../../electron/usecases/merge';
import type { MergeReport } from '../../electron/usecases/merge';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { browserUnavailableReason, expectAccessible, isolatedDeps, LANGUAGES_UNDER_TEST, launchApp, signInThroughUi, translatorForTest, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

/**
 * History and the logfile viewer in German and in English: every word from the catalogues,
 * categories and actions in words, objects by the names the LMS gives them, every action by
 * keyboard, and the automated accessibility check with runs listed and a logfile open.
 */
describe.skipIf(noBrowser)('History and Logfiles in German and English', () => {
  let app: AppUnderTest;
  let merge: MergeReport;
  let courseNames: Map<string, string>;

  beforeAll(async () => {
    app = await launchApp(await isolatedDeps());
    await signInThroughUi(app.page);
    const { db, mapping, operator } = app.handlers.session.requireOperator();
    // The logfile is written in German, as the app does for an administrator working in German.
    merge = await mergeUseCase(db, mapping, operator, {
      source: 'U0000237',
      target: 'U0000238',
      settings: withOverrides(await loadSettings(db), { abort_on_conflict: false }),
      language: 'de',
      logfile: (r) => {
        const file = runLogfilePath(r.runId);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        return file;
      },
    });
    expect(merge.result.outcome).toBe('merged');
    const courses = (await db(mapping.table('courses')).select(mapping.select('courses', ['id', 'code', 'title']))) as { id: number; code: string; title: string }[];
    courseNames = new Map(courses.map((c) => [String(c.id), `${c.code} ${c.title}`]));
  });
  afterAll(async () => app?.close());

  for (const language of LANGUAGES_UNDER_TEST) {
    it(`${language}: History lists the run with what changed in words; its logfile opens by keyboard and names the courses`, async () => {
      const { page } = app;
      const t = translatorForTest(language) as unknown as TFunction<['common', 'history', 'logfiles', 'categories']>;
      await page.getByRole('combobox', { name: /^(Language|Sprache)$/ }).selectOption(language);
      await page.getByRole('tablist', { name: t('nav.main') }).getByRole('tab', { name: t('nav.history') }).click();
      const runs = page.getByRole('table', { name: t('history:table') });
      const open = runs.getByRole('button', { name: t('history:openLogfileOf', { run: merge.result.runId }) });
      await open.waitFor();
      const row = runs.getByRole('row').filter({ has: page.getByRole('button', { name: t('history:openLogfileOf', { run: merge.result.runId }) }) });
      const plan = merge.result.plan!;
      const biggest = Object.entries(plan.counts).map(([c, by]) => [c, Object.values(by).reduce((n, x) => n + (x ?? 0), 0)] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      expect(await row.innerText()).toContain(`${t(`categories:category.${biggest[0]}` as never)} ${biggest[1]}`);
      expect(await row.innerText()).toContain(t('logfiles:outcome.merged'));
      await page.waitForTimeout(300); // Fluent's transitions settle before the picture
      await app.screenshot(`history-${language}`);
      await expectAccessible(page, `history (${language})`);

      // By keyboard: the run's "Open logfile", then the Records tab.
      await open.focus();
      await page.keyboard.press('Enter');
      await page.getByText(t('logfiles:verification.unchanged')).waitFor();
      const records = page.getByRole('tab', { name: t('logfiles:tabs.records', { n: String(plan.records.length) }) });
      await page.getByRole('tab', { name: t('logfiles:tabs.summary') }).focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => records.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      const table = page.getByRole('table', { name: t('logfiles:records.table') });
      await table.waitFor();
      // Each course is named as the LMS names it (its code and title), beside its id.
      const log = await readMergeLogfile(runLogfilePath(merge.result.runId));
      const course = log.records.find((r) => r.objectType === 'course')!;
      expect(course.objectName).toBe(courseNames.get(String(course.objectId)));
      const courseRow = table.getByRole('row').filter({ hasText: course.objectName! }).first();
      const cells = await courseRow.getByRole('cell').allInnerTexts();
      expect(cells.slice(0, 4)).toEqual([t(`categories:category.${course.category}` as never), t('categories:objectType.course'), String(course.objectId), course.objectName]);
      await page.waitForTimeout(300);
      await app.screenshot(`logfiles-${language}`);
      await expectAccessible(page, `logfiles (${language})`);

      // "Verify against database" by keyboard: the German logfile matches what the run record makes.
      await page.getByRole('button', { name: t('logfiles:verification.verify') }).focus();
      await page.keyboard.press('Enter');
      await page.getByText(t('logfiles:verification.matches', { run: merge.result.runId })).waitFor();
    });
  }
});
