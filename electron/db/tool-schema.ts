import type { Knex } from 'knex';
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './migrations/index';

class InRepoMigrations implements Knex.MigrationSource<Migration> {
  getMigrations() {
    return Promise.resolve([...MIGRATIONS]);
  }
  getMigrationName(m: Migration) {
    return m.name;
  }
  getMigration(m: Migration): Promise<Knex.Migration> {
    return Promise.resolve({
      up: async (db: Knex) => {
        for (const statement of m.up(db)) await statement;
      },
      down: () => Promise.reject(new Error('MergeDesk tool tables are never migrated down.')),
    });
  }
}

const config = (): Knex.MigratorConfig => ({ tableName: MIGRATIONS_TABLE, migrationSource: new InRepoMigrations() });

/** Creates or upgrades the tool tables; running it again does nothing. */
export async function migrateToolTables(db: Knex): Promise<{ applied: string[]; version: string }> {
  const [, applied] = (await db.migrate.latest(config())) as [number, string[]];
  return { applied, version: latestMigrationName() };
}

export function latestMigrationName(): string {
  return MIGRATIONS[MIGRATIONS.length - 1]!.name;
}

/** The migrations applied to this database, or null if the tool tables were never created. */
export async function appliedMigrations(db: Knex): Promise<string[] | null> {
  if (!(await db.schema.hasTable(MIGRATIONS_TABLE))) return null;
  const rows = await db(MIGRATIONS_TABLE).select('name').orderBy('id');
  return rows.map((r: { name: string }) => r.name);
}
