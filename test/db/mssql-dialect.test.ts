import { describe, expect, it } from 'vitest';
import { LmsMapping } from '../../electron/db/mapping';
import { LMS_TABLE_NAMES, tableSpec } from '../../electron/db/lms-tables';
import { MIGRATIONS } from '../../electron/db/migrations/index';
import { referenceSchemaStatements } from '../../electron/db/reference-schema';
import { compileForMssql, mssqlCompiler } from '../helpers/mssql-dialect';

describe('SQL Server dialect', () => {
  const mssql = mssqlCompiler();

  it('compiles every tool-table migration statement to valid SQL Server syntax', () => {
    let count = 0;
    for (const migration of MIGRATIONS) {
      for (const statement of migration.up(mssql)) {
        const { statements, problems } = compileForMssql(statement);
        expect(problems, migration.name).toEqual([]);
        count += statements.length;
      }
    }
    expect(count).toBeGreaterThan(6);
  });

  it('compiles the whole reference schema to SQL Server syntax with bit, nvarchar and identity columns', () => {
    const all = referenceSchemaStatements(mssql, new LmsMapping()).flatMap((s) => {
      const { statements, problems } = compileForMssql(s);
      expect(problems).toEqual([]);
      return statements.map((x) => x.sql);
    });
    const usersDdl = all.find((sql) => sql.startsWith('CREATE TABLE [users]'));
    expect(usersDdl).toContain('[id] int identity(1,1) not null primary key');
    expect(usersDdl).toContain('[is_admin] bit');
    expect(usersDdl).toContain('[uid] nvarchar(64) not null');
    expect(all.some((sql) => /\[suspend_data\] nvarchar\(max\)/.test(sql))).toBe(true);
    expect(all.some((sql) => /\[status_at\] datetime2/.test(sql))).toBe(true);
    expect(all.filter((sql) => sql.startsWith('CREATE TABLE')).length).toBe(LMS_TABLE_NAMES.length);
  });

  it('puts no unique key on a nullable column (SQL Server allows one NULL per unique index)', () => {
    for (const t of LMS_TABLE_NAMES) {
      const spec = tableSpec(t);
      for (const key of [...(spec.unique ?? []), ...(spec.primary ? [spec.primary] : [])]) {
        for (const c of key) expect(spec.columns[c]?.nullable ?? false, `${t}.${c}`).toBe(false);
      }
    }
  });

  it('flags constructs SQL Server would reject (the check itself can fail)', () => {
    expect(compileForMssql({ toSQL: () => ({ sql: 'select * from x limit 5', bindings: [] }) }).problems).toHaveLength(1);
    expect(compileForMssql({ toSQL: () => ({ sql: 'insert into x (a) values (?) returning id', bindings: [1] }) }).problems).toHaveLength(1);
    expect(compileForMssql({ toSQL: () => ({ sql: 'create table [x] ([a] boolean)', bindings: [] }) }).problems).toHaveLength(1);
  });
});
