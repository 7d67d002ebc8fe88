import { describe, expect, it } from 'vitest';
import { bulkInsert, mssqlTableLiteral, resetIdentity } from '../../electron/db/bulk-insert';
import { LmsMapping } from '../../electron/db/mapping';
import { DemoGenerator } from '../../electron/demo/generate';
import { compileForMssql, recordingMssql, type CompiledStatement } from '../helpers/mssql-dialect';

/**
 * The demo and every fixture that inserts explicit ids go through bulkInsert's identity
 * path and resetIdentity. Without a SQL Server here, this records every statement the demo
 * generator sends to an mssql Knex and checks what SQL Server requires of them.
 */

/** Problems with explicit ids: an insert of an id outside SET IDENTITY_INSERT <table> ON … OFF, inside a transaction. */
function identityProblems(queries: CompiledStatement[]): string[] {
  const problems: string[] = [];
  let open: string | null = null;
  let inTransaction = false;
  for (const q of queries) {
    if (q.sql === 'BEGIN TRANSACTION') inTransaction = true;
    else if (q.sql === 'COMMIT' || q.sql === 'ROLLBACK') inTransaction = false;
    const on = /^SET IDENTITY_INSERT (\[[^\]]+\]) ON$/.exec(q.sql);
    const off = /^SET IDENTITY_INSERT (\[[^\]]+\]) OFF$/.exec(q.sql);
    if (on) {
      if (open) problems.push(`${on[1]} switched on while ${open} is on`);
      if (!inTransaction) problems.push(`${on[1]} switched on outside a transaction`);
      open = on[1]!;
    } else if (off) {
      if (open !== off[1]) problems.push(`${off[1]} switched off but ${open} was on`);
      open = null;
    }
    const insert = /^insert into (\[[^\]]+\]) \(([^)]*)\)/.exec(q.sql);
    if (insert && insert[2]!.split(', ').includes('[id]') && open !== insert[1]) problems.push(`explicit ids inserted into ${insert[1]} without IDENTITY_INSERT`);
  }
  return problems;
}

describe('demo statements on SQL Server (compiled, no server needed)', () => {
  it('are valid SQL Server syntax, insert explicit ids only under IDENTITY_INSERT, and reseed with a literal table name', async () => {
    const { db, queries } = recordingMssql();
    await new DemoGenerator(db, new LmsMapping(), { users: 40, seed: 42 }).run();
    expect(queries.length).toBeGreaterThan(50);
    expect(queries.flatMap((q) => compileForMssql({ toSQL: () => q }).problems)).toEqual([]);
    expect(identityProblems(queries)).toEqual([]);
    const inserts = queries.filter((q) => /^insert into \[users\] \(.*\[id\]/.test(q.sql));
    expect(inserts.length).toBeGreaterThan(0);
    const reseeds = queries.filter((q) => q.sql.startsWith('DBCC'));
    expect(reseeds.map((q) => q.sql)).toContain("DBCC CHECKIDENT (N'[users]', RESEED)");
    // DBCC takes no parameters on T-SQL servers such as Babelfish: none may be bound.
    for (const q of reseeds) expect({ sql: q.sql, bindings: q.bindings }).toEqual({ sql: expect.stringMatching(/^DBCC CHECKIDENT \(N'\[[a-z_]+\]', RESEED\)$/), bindings: [] });
  });

  it('the check catches explicit ids without IDENTITY_INSERT (it is not blind)', () => {
    expect(identityProblems([{ sql: 'insert into [users] ([email], [id], [uid]) values (@p0, @p1, @p2)', bindings: [null, 1, 'a'] }])).toEqual(['explicit ids inserted into [users] without IDENTITY_INSERT']);
  });

  it('bulkInsert with an identity column switches IDENTITY_INSERT on and off around the rows, in one transaction', async () => {
    const { db, queries } = recordingMssql();
    await bulkInsert(db, 'clients', [{ id: 1, name: 'C' }, { id: 2, name: 'D' }], { identityColumn: 'id' });
    await resetIdentity(db, 'clients', 'id');
    expect(queries.map((q) => q.sql)).toEqual([
      'BEGIN TRANSACTION',
      'SET IDENTITY_INSERT [clients] ON',
      'insert into [clients] ([id], [name]) values (@p0, @p1), (@p2, @p3)',
      'SET IDENTITY_INSERT [clients] OFF',
      'COMMIT',
      "DBCC CHECKIDENT (N'[clients]', RESEED)",
    ]);
  });

  it('quotes mapped table names safely in the reseed literal, and refuses names SQL Server cannot hold', () => {
    expect(mssqlTableLiteral('LS_PERSON')).toBe("N'[LS_PERSON]'");
    expect(mssqlTableLiteral('dbo.LS_PERSON')).toBe("N'[dbo].[LS_PERSON]'");
    expect(mssqlTableLiteral("O'Brien]s table")).toBe("N'[O''Brien]]s table]'");
    for (const bad of ['', 'a..b', 'x'.repeat(129), 'a\u0000b', 'who?']) expect(() => mssqlTableLiteral(bad), JSON.stringify(bad)).toThrow('is not a usable SQL Server table name');
  });
});
