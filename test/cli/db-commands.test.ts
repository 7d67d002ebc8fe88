import { afterAll, describe, expect, it } from 'vitest';
import { databaseKinds, sqliteTestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`mergedesk db init / doctor on ${kind.kind}`, async () => {
    const tdb = kind.skip ? undefined : await kind.create();
    // The database exists but is empty, as a customer's new database would be.
    if (tdb) await tdb.open();
    afterAll(async () => tdb?.drop());

    it('doctor on an empty database lists every missing table and exits 1', async () => {
      const r = await runCli('doctor', '--db', tdb!.url, '--json');
      expect(r.code).toBe(1);
      const report = r.json();
      expect(report.ok).toBe(false);
      expect(report.problems.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['table:users', 'table:enrolments', 'tool-tables']));
      expect(report.dialect).toBe(kind.kind);
    });

    it('db init --reference creates tool tables and the reference schema, and is idempotent', async () => {
      const first = await runCli('db', 'init', '--db', tdb!.url, '--reference', '--json');
      expect(first.code).toBe(0);
      expect(first.json().migrationsApplied).toEqual(['001_tool_tables', '002_run_ledger', '003_scan_summaries']);
      expect(first.json().referenceTablesCreated).toHaveLength(30);
      const again = await runCli('db', 'init', '--db', tdb!.url, '--reference');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Tool tables already at version 003_scan_summaries.');
      expect(again.stdout).toContain('Reference LMS tables already present.');
    });

    it('doctor then reports no problems and exits 0', async () => {
      const r = await runCli('doctor', '--db', tdb!.url);
      expect(r.stdout).toContain('✔ 30 of 30 LMS tables found');
      expect(r.stdout).toContain('No problems found.');
      expect(r.code).toBe(0);
    });
  });
}

describe('mergedesk input errors', () => {
  it('refuses a bad URL with exit 3 and a message naming the fix', async () => {
    const r = await runCli('doctor', '--db', 'mysql://root@localhost/lms');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Unknown database type "mysql:"');
    expect(r.stderr).toContain('Use one of:');
  });

  it('refuses a SQLite file that does not exist instead of creating it', async () => {
    const r = await runCli('doctor', '--db', '/tmp/definitely/not/here.db', '--json');
    expect(r.code).toBe(3);
    expect(r.json().error.code).toBe('DB_MISSING');
  });

  it('refuses an unknown option with exit 3', async () => {
    const r = await runCli('doctor', '--dbb', 'x');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("unknown option '--dbb'");
  });

  it('refuses a malformed mapping file, changing nothing', async () => {
    const tdb = sqliteTestDatabase();
    const r = await runCli('db', 'init', '--db', tdb.url, '--mapping', '/nonexistent/map.json');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot be read');
    await tdb.drop();
  });
});
