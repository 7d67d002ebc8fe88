import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseKinds, DATABASE_KINDS, tempDir } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { recreateLogfile, verifyLogfile } from '../../electron/usecases/logfile';
import { mergeUseCase } from '../../electron/usecases/merge';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';
import { richPair } from '../merge/rich-pair';

/**
 * A logfile is written in the administrator's language (German or English) and reads back to
 * the same content in either; `logfile --verify` works for both, and for the previous version's.
 */
const dir = tempDir('mergedesk-logfile-language-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function sheetsOf(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`a logfile in German and in English on ${kind.kind}`, () => {
    const m = new LmsMapping();
    let db: Knex;
    let fx: Fixture;
    useFixtureDatabase(kind, m, (o) => ({ db, fx } = o));

    it('reads back to the same content in both languages; both verify by checksum and against the database', async () => {
      const { source, target } = await richPair(fx);
      const de = path.join(dir, `${kind.kind}-de.xlsx`);
      const { result } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings: settingsWith({ abort_on_conflict: false }), logfile: () => de, language: 'de' });
      expect(result.outcome).toBe('merged');
      const en = path.join(dir, `${kind.kind}-en.xlsx`);
      await recreateLogfile(db, result.runId, en, 'en');

      const [wbDe, wbEn] = [await sheetsOf(de), await sheetsOf(en)];
      expect(wbDe.worksheets.map((w) => w.name)).toEqual(['Zusammenfassung', 'Datensätze', 'Konflikte', 'Handlungsbedarf']);
      expect(wbEn.worksheets.map((w) => w.name)).toEqual(['Summary', 'Records', 'Conflicts', 'Action required']);
      expect((wbDe.getWorksheet('Datensätze')!.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['Kategorie', 'Objekttyp', 'Objekt-ID', 'Objekt', 'Datensatz-ID Quellkonto', 'Datensatz-ID Zielkonto', 'Aktion']);
      const sentence = String(wbDe.getWorksheet('Zusammenfassung')!.getCell('A1').value);
      expect(sentence).toMatch(new RegExp(`^${source.uid} .+ wurde am \\d{1,2}\\. \\p{L}+ \\d{4}, \\d{2}:\\d{2} UTC von admin in ${target.uid} .+ zusammengeführt; \\d+ Trainingskonflikte? durch die Regeln gelöst`, 'u'));
      // Categories and actions are words of the language, never keys.
      const categoriesDe = new Set(wbDe.getWorksheet('Datensätze')!.getColumn(1).values.slice(2).map(String));
      expect(categoriesDe).toContain('Buchungen');
      expect(categoriesDe).not.toContain('enrolments');
      const categoriesEn = new Set(wbEn.getWorksheet('Records')!.getColumn(1).values.slice(2).map(String));
      expect(categoriesEn).toContain('Enrolments');

      const [logDe, logEn] = [await readMergeLogfile(de), await readMergeLogfile(en)];
      expect(logDe).toEqual(logEn);
      expect(logDe.records.some((r) => r.category === 'enrolments' && r.action === 'take_source')).toBe(true);
      for (const file of [de, en]) {
        const v = await verifyLogfile(file, db);
        expect({ file: path.basename(file), verdict: v.verdict, checksum: v.checksum.verdict, database: v.database }).toEqual({ file: path.basename(file), verdict: 'unchanged', checksum: 'unchanged', database: { verdict: 'matches', differences: [] } });
      }
      expect((await verifyLogfile(de)).language).toBe('de');
    });

    it('names each course as the LMS does, beside its id, in both languages (checked against the database)', async () => {
      const { source, target } = await richPair(fx);
      const file = path.join(dir, `${kind.kind}-names.xlsx`);
      const { result } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings: settingsWith({ abort_on_conflict: false }), logfile: () => file, language: 'de' });
      const courses = (await db('courses').select('id', 'code', 'title')) as { id: number; code: string; title: string }[];
      const expected = new Map(courses.map((c) => [String(c.id), `${c.code} ${c.title}`]));
      const log = await readMergeLogfile(file);
      const enrolments = log.records.filter((r) => r.objectType === 'course' && r.category === 'enrolments');
      expect(enrolments.length).toBe(4);
      for (const r of enrolments) expect(r.objectName, `course ${r.objectId}`).toBe(expected.get(String(r.objectId)));
      // The name sits beside the id: a reviewer still cross-checks the id in the LMS.
      const ws = (await sheetsOf(file)).getWorksheet('Datensätze')!;
      const row = ws.getRows(2, ws.rowCount - 1)!.find((x) => x.getCell(2).value === 'Kurs')!;
      expect(row.getCell(4).value).toBe(expected.get(String(row.getCell(3).value)));
      // Made again from the database a month later, the logfile names them the same.
      const again = path.join(dir, `${kind.kind}-names-again.xlsx`);
      await recreateLogfile(db, result.runId, again, 'en');
      expect((await readMergeLogfile(again)).records).toEqual(log.records);
    });
  });
}

describe('the CLI in German and in English', () => {
  const m = new LmsMapping();
  let db: Knex;
  let fx: Fixture;
  const sqlite = DATABASE_KINDS.find((k) => k.kind === 'sqlite')!;
  let url = '';
  useFixtureDatabase({ ...sqlite, create: async () => { const t = await sqlite.create(); url = t.url; return t; } }, m, (o) => ({ db, fx } = o));

  it('--lang de writes the logfile in German, and --verify checks either language', async () => {
    const { source, target } = await fx.pair();
    const { result } = await mergeUseCase(db, m, fx.admin, { source: source.uid, target: target.uid, settings: settingsWith(), logfile: null });
    const de = path.join(dir, 'cli-de.xlsx');
    const en = path.join(dir, 'cli-en.xlsx');
    expect((await runCli('--lang', 'de', 'logfile', '--run', String(result.runId), '--out', de, '--db', url)).code).toBe(0);
    expect((await runCli('logfile', '--run', String(result.runId), '--out', en, '--db', url, '--lang=en')).code).toBe(0);
    expect((await sheetsOf(de)).worksheets[0]!.name).toBe('Zusammenfassung');
    expect((await sheetsOf(en)).worksheets[0]!.name).toBe('Summary');
    for (const file of [de, en]) {
      const v = await runCli('logfile', '--verify', file, '--db', url, '--json');
      expect({ code: v.code, verdict: v.json().verdict, database: v.json().database.verdict }).toEqual({ code: 0, verdict: 'unchanged', database: 'matches' });
    }
    const bad = await runCli('--lang', 'fr', 'logfile', '--run', String(result.runId), '--out', path.join(dir, 'fr.xlsx'), '--db', url);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--lang de');
    expect(fs.existsSync(path.join(dir, 'fr.xlsx'))).toBe(false);
  });
});

describe('a logfile of the previous version (v2, English, without object names)', () => {
  const m = new LmsMapping();
  let db: Knex;
  let fx: Fixture;
  useFixtureDatabase(DATABASE_KINDS.find((k) => k.kind === 'sqlite')!, m, (o) => ({ db, fx } = o));
  /** Written by MergeDesk before this change for the merge below (fixtures/README.md). */
  const v2 = path.resolve('test/logfile/fixtures/merge-logfile-v2.xlsx');

  it('still reads, verifies by its checksum, and matches the same merge made today', async () => {
    const log = await readMergeLogfile(v2);
    expect({ run: log.summary.runId, outcome: log.summary.outcome, source: log.summary.sourceUid, target: log.summary.targetUid }).toEqual({ run: 1, outcome: 'merged', source: 'U00002', target: 'U00003' });
    expect(log.records.length).toBeGreaterThan(10);
    expect(new Set(log.records.map((r) => r.category))).toContain('enrolments');
    expect(log.records.every((r) => r.objectName === null)).toBe(true);
    const offline = await verifyLogfile(v2);
    expect({ format: offline.format, checksum: offline.checksum.verdict, verdict: offline.verdict }).toEqual({ format: 'MergeDesk merge logfile v2', checksum: 'unchanged', verdict: 'unchanged' });

    // The same merge, in a fresh database, at the same time: its run record makes the same logfile.
    const { source, target } = await richPair(fx);
    const result = await execute(db, m, { source: source.uid, target: target.uid }, settingsWith({ abort_on_conflict: false }), fx.admin, { now: () => new Date('2026-11-30T10:00:00Z') });
    expect(result.runId).toBe(1);
    const v = await verifyLogfile(v2, db);
    // Every cell matches but the plan hash: its form changed since (the records hashed as their
    // own JSON, see hash.ts#planHash), so the same plan made today hashes differently.
    expect(v.database?.differences.map((d) => [d.sheet, d.field, d.file])).toEqual([['Summary', 'Plan hash', log.summary.planHash]]);
    expect(v.database?.differences[0]?.database).toBe(result.plan?.hash);
  });
});
