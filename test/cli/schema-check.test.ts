import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { LmsMapping } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { generateDemo } from '../../electron/demo/index';
import { runCli } from '../helpers/cli';
import { sqliteTestDatabase, type TestDatabase } from '../helpers/databases';

describe('commands refuse a database that does not match the mapping, changing nothing', () => {
  let tdb: TestDatabase;
  let db: Knex;
  beforeAll(async () => {
    process.env.MERGEDESK_PASSWORD = 'demo';
    tdb = sqliteTestDatabase();
    db = await tdb.open();
    await generateDemo(db, new LmsMapping(), { users: 300, seed: 5 });
    await db.schema.dropTable('scorm_data');
  });
  afterAll(async () => {
    delete process.env.MERGEDESK_PASSWORD;
    await tdb.drop();
  });

  it('merge names the missing table and the fix, exits 3, and records no run', async () => {
    const r = await runCli('merge', '--db', tdb.url, '--source', 'U0000010', '--target', 'U0000011', '--as', 'admin', '--json');
    expect(r.code).toBe(3);
    expect(r.json().error).toEqual({
      code: 'SCHEMA_MISMATCH',
      message: 'The database does not match what MergeDesk needs: Table scorm_data is missing. Run "mergedesk doctor" for every problem and its fix (a mapping file for renamed tables or columns, or "mergedesk db init").',
    });
    expect(await db('md_merge_runs').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('scan and batch refuse the same way', async () => {
    expect((await runCli('scan', '--db', tdb.url, '--as', 'admin')).code).toBe(3);
    expect((await runCli('undo', '--db', tdb.url, '--run', '1', '--as', 'admin')).stderr).toContain('Table scorm_data is missing.');
  });

  it('a database without the tool tables is told to run db init', async () => {
    const other = sqliteTestDatabase();
    const odb = await other.open();
    await createReferenceSchema(odb, new LmsMapping());
    const r = await runCli('scan', '--db', other.url, '--as', 'admin');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('The MergeDesk tool tables have not been created in this database. Run "mergedesk db init --db <URL>" once.');
    await other.drop();
  });
});
