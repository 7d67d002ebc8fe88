import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { mergeUseCase, type MergeRequest } from '../../electron/usecases/merge';
import { verifyLogfile } from '../../electron/usecases/logfile';
import { workbookContent } from '../../electron/workbooks/content';
import { logFromResult, writeMergeLogfile } from '../../electron/workbooks/index';
import { startLogfileThread, type LogfileThread } from '../../electron/workbooks/logfile-thread';
import { settingsWith, Fixture } from '../merge/fixtures';
import { bigPair, type PairSize } from '../bench/heavy-pair';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';

/**
 * A large merge's logfile is laid out in the logfile thread while the merge applies its plan,
 * and finished with the Summary once the merge has ended. What the admin gets must be the
 * logfile written whole: the same sheets in the same order, the same cells, a checksum that
 * verifies, and the database's run agreeing with it, whatever the outcome.
 */
const m = new LmsMapping();
/** Over 2,000 records: enrolments, SCORM rows, skills, history and audit entries. */
const LARGE: PairSize = { enrolments: 500, skills: 40, skillHistory: 200, audit: 1_400 };
const settings = settingsWith({ abort_on_conflict: false });

async function sheetsOf(file: string): Promise<{ names: string[]; printTitles: (string | undefined)[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return { names: wb.worksheets.map((w) => w.name), printTitles: wb.worksheets.map((w) => w.pageSetup.printTitlesRow) };
}

async function contentOf(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return workbookContent(wb);
}

for (const kind of await databaseKinds()) {
  if (kind.kind === 'mssql') continue; // the same code on every database; the thread is what is tested
  describe.skipIf(kind.skip)(`a large merge's logfile, staged while the merge runs (${kind.kind})`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let fx: Fixture;
    let real: LogfileThread;
    let staged = 0;
    /** The real logfile thread, counting the logfiles staged in it. */
    const thread = (): LogfileThread => ({
      write: (f, log, language) => real.write(f, log, language),
      stage: (tables, provisional, language) => (staged++, real.stage(tables, provisional, language)),
      close: () => real.close(),
      get alive() {
        return real.alive;
      },
    });
    const dir = tempDir('mergedesk-staged-');
    const merge = (pair: { source: string; target: string }, file: string, more: Partial<MergeRequest> = {}) =>
      mergeUseCase(db, m, fx.admin, { ...pair, settings, language: 'de', logfile: () => file, logfileThread: thread, ...more });

    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      fx = await Fixture.create(db, m);
      real = startLogfileThread();
    });
    afterAll(async () => {
      await real.close();
      await tdb.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('writes the logfile a whole write makes, in the same sheet order, and it verifies against the database', async () => {
      const pair = await bigPair(fx, LARGE);
      const file = path.join(dir, 'staged.xlsx');
      const before = staged;
      const { result, logfile, warnings } = await merge(pair, file);
      expect(result.outcome).toBe('merged');
      expect(result.plan!.records.length).toBeGreaterThan(2_000);
      expect(staged - before).toBe(1);
      expect(logfile).toBe(file);
      expect(warnings).toEqual([]);

      const whole = path.join(dir, 'whole.xlsx');
      await writeMergeLogfile(whole, logFromResult(result, result.objectNames), 'de');
      expect(await sheetsOf(file)).toEqual(await sheetsOf(whole));
      expect((await sheetsOf(file)).names[0]).toBe('Zusammenfassung');
      expect(await contentOf(file)).toEqual(await contentOf(whole));

      const v = await verifyLogfile(file, db);
      expect(v.checksum.verdict).toBe('unchanged');
      expect(v.database?.verdict).toBe('matches');
      expect(v.verdict).toBe('unchanged');
    });

    it('says how a merge that failed after its logfile was staged ended, and that nothing changed', async () => {
      const pair = await bigPair(fx, LARGE);
      const file = path.join(dir, 'failed.xlsx');
      const before = staged;
      const { result, logfile } = await merge(pair, file, {
        faultInjection: (step) => {
          if (step === 'journal: write') throw new Error('disk full (injected)');
        },
      });
      expect(result.outcome).toBe('failed');
      expect(staged - before).toBe(1);
      expect(logfile).toBe(file);
      const v = await verifyLogfile(file, db);
      expect(v.verdict).toBe('unchanged');
      const summary = (await contentOf(file))[0]!.rows.map((r) => r.cells);
      expect(summary.some((cells) => cells[1] === 'failed')).toBe(true);
      // Nothing moved: the source still holds its enrolments.
      const user = await db(m.table('users')).where(m.col('users', 'uid'), pair.source).first({ id: m.col('users', 'id') });
      const counted = await db(m.table('enrolments')).where(m.col('enrolments', 'user_id'), user.id).count({ n: '*' });
      expect(Number(counted[0]!.n)).toBe(LARGE.enrolments);
    });

    it('writes the logfile itself when the logfile thread stops during the merge', async () => {
      const pair = await bigPair(fx, LARGE);
      const file = path.join(dir, 'thread-stopped.xlsx');
      const own = startLogfileThread();
      const { result, logfile, warnings } = await merge(pair, file, {
        logfileThread: () => own,
        faultInjection: async (step) => {
          if (step === 'journal: write') await own.close();
        },
      });
      expect(result.outcome).toBe('merged');
      expect(own.alive).toBe(false);
      expect(logfile).toBe(file);
      expect(warnings).toEqual([]);
      expect((await verifyLogfile(file, db)).verdict).toBe('unchanged');
    });
  });
}
