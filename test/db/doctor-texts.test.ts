import { afterEach, describe, expect, it } from 'vitest';
import { doctorCheckTexts, type DoctorTranslator } from '@shared/doctor-texts';
import { translatorFor } from '@shared/i18n/translator';
import { runDoctor } from '../../electron/db/doctor';
import { LmsMapping, validateMappingFile } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { sqliteTestDatabase, type TestDatabase } from '../helpers/databases';

const german = translatorFor('de') as unknown as DoctorTranslator;

describe('doctor findings in the admin\'s language', () => {
  let tdb: TestDatabase | undefined;
  afterEach(async () => tdb?.drop());

  it('words every check from its key and params: the English of the report, the German from the same key', async () => {
    tdb = sqliteTestDatabase();
    const db = await tdb.open();
    await createReferenceSchema(db, new LmsMapping());
    await db.schema.dropTable('skill_history');
    await db('enrolment_statuses').where('id', 11).delete();
    const report = await runDoctor(db, new LmsMapping(validateMappingFile({ tables: { users: { columns: { phone: 'telephone' } } } })));
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));

    // The English the CLI prints is the catalogue's English for the same key.
    for (const c of report.checks) expect(doctorCheckTexts(translatorFor('en') as unknown as DoctorTranslator, c)).toEqual({ label: c.label, ...(c.problem ? { problem: c.problem, fix: c.fix } : {}) });

    expect(doctorCheckTexts(german, byId['table:skill_history']!).problem).toBe('Die Tabelle skill_history fehlt.');
    expect(doctorCheckTexts(german, byId['column:users.phone']!).problem).toBe('Die Spalte users.phone (zugeordnet zu „telephone“) fehlt in der Tabelle „users“.');
    expect(doctorCheckTexts(german, byId['enrolment-statuses']!).problem).toBe('Es fehlen Buchungsstatus-Codes: 11 Bestanden.');
    expect(doctorCheckTexts(german, byId['tool-tables']!).fix).toBe('Führen Sie einmal „mergedesk db init --db <URL>“ aus.');
    expect(doctorCheckTexts(german, byId['table:users']!).label).toBe('Tabelle users');
    await db.destroy();
  });
});
