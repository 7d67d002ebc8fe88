import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { DEFAULT_SETTINGS } from '../../electron/settings/merge-settings';
import type { Fixture } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';
import { bigPair } from '../bench/heavy-pair';
import { snapshotLms } from '../helpers/db-snapshot';

/**
 * Issue 13: an undo took 8–12× the merge's time because it restored row by row. It is
 * set-based now: the number of statements does not grow with the rows, and every row still
 * comes back exactly as it was (SQL Server: no statement above 2,100 parameters).
 */
for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`undo of a big pair on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    it('takes back 3,000 audit entries, 300 enrolments and skills with a few dozen statements, byte for byte', async () => {
      const pair = await bigPair(fx, { enrolments: 300, skills: 60, skillHistory: 600, audit: 3000 });
      const before = await snapshotLms(db, m);
      const r = await execute(db, m, pair, { ...DEFAULT_SETTINGS, abort_on_conflict: false }, fx.admin);
      expect(r.outcome).toBe('merged');
      expect(r.journalEntries).toBeGreaterThan(4000);
      const statements: { sql: string; bindings: unknown[] }[] = [];
      const count = (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
      db.on('query', count);
      try {
        const u = await undoRun(db, m, r.runId, fx.admin);
        expect(u.outcome).toBe('undone');
        expect(u.restored.length).toBe(r.journalEntries);
      } finally {
        db.removeListener('query', count);
      }
      expect(await snapshotLms(db, m)).toEqual(before);
      const lms = statements.filter((s) => !/md_merge|md_pair/.test(s.sql));
      expect(lms.length).toBeLessThan(120);
      // Bulk inserts size their statements per dialect (bulk-insert.ts); everything else stays below SQL Server's limit everywhere.
      const limited = kind.kind === 'mssql' ? statements : statements.filter((s) => !/^insert/i.test(s.sql));
      expect(Math.max(...limited.map((s) => s.bindings.length))).toBeLessThan(2100);
    });

    it('journals an update as the columns it set, and undoes a journal of whole after-rows (written before) byte for byte too', async () => {
      const pair = await bigPair(fx, { enrolments: 40, skills: 10, skillHistory: 30, audit: 20 });
      const before = await snapshotLms(db, m);
      const r = await execute(db, m, pair, { ...DEFAULT_SETTINGS, abort_on_conflict: false }, fx.admin);
      expect(r.outcome).toBe('merged');
      const updates = (await db('md_merge_journal').where({ run_id: r.runId, op: 'update' }).orderBy('seq')) as { seq: number; table_name: string; before_json: string; after_json: string }[];
      const target = await db(m.table('users')).where(m.col('users', 'uid'), pair.target).first();
      const moves = updates.filter((u) => u.table_name === m.table('skill_history'));
      expect(moves).toHaveLength(30);
      for (const u of moves) expect(JSON.parse(u.after_json)).toEqual({ [m.col('skill_history', 'user_id')]: Number(target[m.col('users', 'id')]) });
      // The form journals had before: every update's after_json the whole row.
      for (const u of updates) {
        await db('md_merge_journal').where({ run_id: r.runId, seq: u.seq }).update({ after_json: JSON.stringify({ ...JSON.parse(u.before_json), ...JSON.parse(u.after_json) }) });
      }
      const u = await undoRun(db, m, r.runId, fx.admin);
      expect(u.outcome).toBe('undone');
      expect(u.changedSince).toEqual([]);
      expect(await snapshotLms(db, m)).toEqual(before);
    });
  });
}
