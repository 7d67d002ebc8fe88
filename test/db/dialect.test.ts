import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { containsIgnoringCase, dialectOf, probeConnection } from '../../electron/db/dialect';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { compileForMssql, mssqlCompiler } from '../helpers/mssql-dialect';

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`dialect helpers on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      await db.schema.createTable('names', (t) => t.string('name'));
      await db('names').insert(['Jörg MÜLLER', 'anna mueller', '50% Rabatt', '50 Rabatt', 'a_b', 'axb'].map((name) => ({ name })));
    });
    afterAll(async () => tdb?.drop());

    const find = async (text: string) => (await db('names').where(containsIgnoringCase(db, 'name', text)).orderBy('name')).map((r) => r.name);

    it('matches case-insensitively and takes wildcards in the user\'s text literally', async () => {
      expect(dialectOf(db)).toBe(kind.kind);
      await probeConnection(db);
      expect(await find('MUELLER')).toEqual(['anna mueller']);
      expect(await find('50%')).toEqual(['50% Rabatt']);
      expect(await find('a_b')).toEqual(['a_b']);
    });
  });
}

describe('dialect helpers for SQL Server', () => {
  it('compile to valid SQL Server syntax', () => {
    const mssql = mssqlCompiler();
    const q = mssql('users').select('uid').where(containsIgnoringCase(mssql, 'users.last_name', 'o[x]_%'));
    const { statements, problems } = compileForMssql(q);
    expect(problems).toEqual([]);
    expect(statements[0]!.sql).toContain('lower([users].[last_name]) like lower(?) escape ?');
    expect(statements[0]!.bindings).toEqual(['%o\\[x]\\_\\%%', '\\']);
  });
});
