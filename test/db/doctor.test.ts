import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../electron/db/doctor';
import { LmsMapping, validateMappingFile } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { migrateToolTables } from '../../electron/db/tool-schema';
import { databaseKinds, type TestDatabase } from '../helpers/databases';

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`doctor on ${kind.kind}`, () => {
    let tdb: TestDatabase | undefined;
    afterEach(async () => tdb?.drop());

    it('passes a database built from the same mapping, renamed tables and values included', async () => {
      tdb = await kind.create();
      const db = await tdb.open();
      const m = new LmsMapping(
        validateMappingFile({
          tables: {
            users: { name: 'ls_person', columns: { uid: 'person_uid' }, values: { status: { active: 'A' } } },
            enrolments: { values: { status_id: { '11': 110 } } },
          },
        }),
      );
      await migrateToolTables(db);
      await createReferenceSchema(db, m);
      expect(await db.schema.hasTable('ls_person')).toBe(true);
      const report = await runDoctor(db, m);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.server).toMatch({ sqlite: /^SQLite 3\./, postgres: /^PostgreSQL/, mssql: /SQL Server/ }[kind.kind]);
      // The same database seen through the reference names is missing the renamed table.
      const plain = await runDoctor(db, new LmsMapping());
      expect(plain.problems.map((p) => p.id)).toContain('table:users');
      expect(plain.problems.find((p) => p.id === 'enrolment-statuses')?.problem).toContain('11 Passed');
    });

    it('names a missing table, a missing column and missing tool tables, each with a fix', async () => {
      tdb = await kind.create();
      const db = await tdb.open();
      const m = new LmsMapping();
      await createReferenceSchema(db, m);
      await db.schema.dropTable('skill_history');
      await db.schema.alterTable('audit_log', (t) => t.dropColumn('comment'));
      const report = await runDoctor(db, m);
      expect(report.ok).toBe(false);
      const byId = Object.fromEntries(report.problems.map((p) => [p.id, p]));
      expect(Object.keys(byId).sort()).toEqual(['column:audit_log.comment', 'table:skill_history', 'tool-tables']);
      expect(byId['table:skill_history']!.problem).toBe('Table skill_history is missing.');
      expect(byId['table:skill_history']!.fix).toContain('"skill_history": {"name"');
      expect(byId['column:audit_log.comment']!.problem).toBe('Column audit_log.comment is missing from table "audit_log".');
      expect(byId['tool-tables']!.fix).toContain('mergedesk db init');
      await migrateToolTables(db);
      const after = await runDoctor(db, m);
      expect(after.problems.map((p) => p.id)).not.toContain('tool-tables');
    });

    it('names a mapped column that is not in the table', async () => {
      tdb = await kind.create();
      const db = await tdb.open();
      await createReferenceSchema(db, new LmsMapping());
      await migrateToolTables(db);
      const m = new LmsMapping(validateMappingFile({ tables: { users: { columns: { phone: 'telephone' } } } }));
      const report = await runDoctor(db, m);
      expect(report.problems.map((p) => p.problem)).toEqual(['Column users.phone (mapped to "telephone") is missing from table "users".']);
    });
  });
}
