import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { bulkInsert, resetIdentity } from '../../electron/db/bulk-insert';

/** The rows carry explicit ids: on SQL Server they go in under IDENTITY_INSERT. */
const IDS = { identityColumn: 'id' };

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`bulkInsert on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      // bulk_a numbers its ids itself (IDENTITY on SQL Server); bulk_b, the baseline Knex
      // fills with plain inserts, takes them as given.
      // bulk_c: rows of changing column sets, kept apart so they do not move bulk_a's next id.
      for (const name of ['bulk_a', 'bulk_b', 'bulk_c']) {
        await db.schema.createTable(name, (t) => {
          if (name === 'bulk_a') t.increments('id');
          else t.integer('id').primary();
          t.string('name', 64).notNullable();
          t.boolean('flag').notNullable();
          t.datetime('at', { useTz: false }).nullable();
          t.date('day').nullable();
          t.double('score').nullable();
          t.text('note').nullable();
        });
      }
    });
    afterAll(async () => tdb?.drop());

    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: i + 1,
        name: `row ${i} "quoted" 'single' ü`,
        flag: i % 3 === 0,
        at: i % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 12, 0, i % 60)),
        day: i % 7 === 0 ? null : '2025-12-31',
        score: i % 4 === 0 ? null : i / 4,
        note: i % 2 === 0 ? undefined : 'x'.repeat(i % 50),
      }));

    it('stores rows that read back exactly like rows Knex inserted', async () => {
      const data = rows(5000);
      await bulkInsert(db, 'bulk_a', data, IDS);
      for (let i = 0; i < data.length; i += 200) await db('bulk_b').insert(data.slice(i, i + 200).map((r) => ({ ...r, note: r.note ?? null })));
      const a = await db('bulk_a').select('*').orderBy('id');
      const b = await db('bulk_b').select('*').orderBy('id');
      expect(a).toHaveLength(5000);
      expect(a).toEqual(b);
      // Booleans and dates keep the representation of the dialect's Knex client.
      expect(typeof a[0].flag).toBe(typeof b[0].flag);
      expect(typeof a[1].at).toBe(typeof b[1].at);
    });

    it('stores rows whose columns change from run to run (rows without a column, runs longer and shorter than a statement)', async () => {
      const base = rows(400);
      // Runs of 1, 7, 49, 50, 51 and 120 rows, each with other columns than the run before.
      const cuts = [1, 8, 57, 107, 158, 278, 400];
      const data = base.map((r, i) => {
        const run = cuts.findIndex((c) => i < c);
        const { note, score, ...rest } = r;
        return run % 3 === 0 ? { ...rest, note: note ?? null } : run % 3 === 1 ? { ...rest, score } : rest;
      });
      await bulkInsert(db, 'bulk_c', data);
      const back = await db('bulk_c').select('id', 'name', 'note', 'score').orderBy('id');
      expect(back).toHaveLength(400);
      expect(back.map((r) => [Number(r.id), r.name, r.note ?? null, r.score ?? null])).toEqual(
        data.map((r) => [r.id, r.name, 'note' in r ? r.note : null, 'score' in r ? (r.score ?? null) : null]),
      );
    });

    it('works inside a transaction, and rolls back with it', async () => {
      await db
        .transaction(async (trx) => {
          await bulkInsert(trx, 'bulk_a', rows(10).map((r) => ({ ...r, id: r.id + 10_000 })), IDS);
          expect(Number((await trx('bulk_a').count({ n: '*' }).first())?.n)).toBe(5010);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(Number((await db('bulk_a').count({ n: '*' }).first())?.n)).toBe(5000);
    });

    it('lets later inserts without ids continue after the largest explicit id', async () => {
      await resetIdentity(db, 'bulk_a', 'id');
      await db('bulk_a').insert({ name: 'next', flag: false });
      const row = await db('bulk_a').where({ name: 'next' }).first();
      expect(row.id).toBe(5001);
    });

    it('accepts an empty list', async () => {
      await expect(bulkInsert(db, 'bulk_a', [])).resolves.toBeUndefined();
    });
  });
}
