import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { bulkInsert } from '../../electron/db/bulk-insert';
import { LmsMapping } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { appliedMigrations, latestMigrationName, migrateToolTables } from '../../electron/db/tool-schema';
import { MIGRATIONS } from '../../electron/db/migrations/index';

/** The repository's own statement of the reference schema (docs/lms-schema.md). */
const SPEC = path.resolve(__dirname, '../../docs/lms-schema.md');

/** Reads the contract's table rows: `| \`name\` | col, col (type…), … | notes |`. */
/** Tool-table columns later migrations add beyond the spec (002_run_ledger: the run's owner). */
const BEYOND_SPEC: Record<string, string[]> = {
  md_merge_runs: ['owner_host', 'owner_pid', 'lease_until'],
  // 003_scan_summaries: a whole table beyond the spec, checked column by column below.
  md_scan_summaries: ['id', 'scanned_at', 'operator_login', 'os_user', 'min_score', 'pair_limit', 'users_scanned', 'pair_count', 'per_cause_json', 'pairs_json'],
};

function specTables(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of fs.readFileSync(SPEC, 'utf8').split('\n')) {
    const cells = line.replace(/\\\|/g, '/').split('|').map((c) => c.trim());
    const table = /^`([a-z_]+)`$/.exec(cells[1] ?? '')?.[1];
    const cols = cells[2];
    if (!table || !cols) continue;
    if (cols.startsWith('the migration tool')) continue;
    // Drop parenthesised remarks and the "— key/unique (...)" tail, keep the column names.
    const names = cols
      .replace(/\([^)]*\)/g, '')
      .replace(/—.*$/, '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    out.set(table, names);
  }
  return out;
}

async function columnsOf(db: Knex, table: string): Promise<string[]> {
  return Object.keys(await db(table).columnInfo());
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`schema on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
    });
    afterAll(async () => tdb?.drop());

    it('creates the tool tables once and re-running changes nothing', async () => {
      expect(await appliedMigrations(db)).toBeNull();
      const first = await migrateToolTables(db);
      expect(first.applied).toEqual(MIGRATIONS.map((x) => x.name));
      expect(first.applied.at(-1)).toBe(latestMigrationName());
      const second = await migrateToolTables(db);
      expect(second.applied).toEqual([]);
      expect(await appliedMigrations(db)).toEqual(MIGRATIONS.map((x) => x.name));
      expect(await db('md_merge_settings').select('*')).toHaveLength(1);
      const settings = await db('md_merge_settings').first();
      expect(Boolean(settings.abort_on_conflict)).toBe(true);
      expect(settings.source_disposition).toBe('delete');
    });

    it('builds every table of the spec, column by column, tool tables included', async () => {
      await createReferenceSchema(db, new LmsMapping());
      const spec = specTables();
      expect(spec.size).toBeGreaterThanOrEqual(36);
      for (const [table, cols] of spec) {
        expect.soft(await columnsOf(db, table), table).toEqual(expect.arrayContaining(cols));
        expect.soft((await columnsOf(db, table)).length, `${table} has no extra columns`).toBe(cols.length + (BEYOND_SPEC[table]?.length ?? 0));
      }
      for (const [table, cols] of Object.entries(BEYOND_SPEC).filter(([t]) => !spec.has(t))) {
        expect.soft((await columnsOf(db, table)).sort(), table).toEqual([...cols].sort());
      }
      const statuses = await db('enrolment_statuses').select('id').orderBy('id');
      expect(statuses.map((s) => s.id)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 11, 12, 17, 18, 19]);
    });

    it('re-running the reference schema creates nothing and keeps data', async () => {
      const again = await createReferenceSchema(db, new LmsMapping());
      expect(again.created).toEqual([]);
      expect(await db('enrolment_statuses').count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
      const n = Number((await db('enrolment_statuses').count({ n: '*' }).first())?.n);
      expect(n).toBe(13);
    });

    it('enforces the unique keys the merge relies on', async () => {
      await bulkInsert(db, 'clients', [{ id: 1, name: 'C' }], { identityColumn: 'id' });
      await bulkInsert(db, 'org_units', [{ id: 1, name: 'Root' }], { identityColumn: 'id' });
      const user = (uid: string, login: string) => ({
        uid, login, first_name: 'A', last_name: 'B', client_id: 1, org_unit_id: 1, origin: 'manual', status: 'active',
        created_at: new Date(), updated_at: new Date(),
      });
      await db('users').insert(user('u1', 'l1'));
      await expect(db('users').insert(user('u1', 'l2'))).rejects.toThrow();
      await expect(db('users').insert(user('u2', 'l1'))).rejects.toThrow();
    });
  });
}
