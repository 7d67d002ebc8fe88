import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, sqliteTestDatabase, type TestDatabase } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { execute, plan } from '../../electron/engine/merge/index';
import { Fixture, settingsWith } from './fixtures';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Server databases lock rows (PostgreSQL FOR UPDATE; SQL Server UPDLOCK, ROWLOCK, HOLDLOCK); SQLite is below.
for (const server of (await databaseKinds()).filter((k) => k.kind !== 'sqlite')) describe.skipIf(server.skip)(`merge concurrency on ${server.kind}`, () => {
  let tdb: TestDatabase;
  let db: Knex;
  let other: Knex;
  let fx: Fixture;
  const m = new LmsMapping();
  beforeAll(async () => {
    tdb = await server.create();
    db = await tdb.open();
    other = await tdb.open(); // a second client with its own connections, like a second MergeDesk
    fx = await Fixture.create(db, m);
  });
  afterAll(async () => tdb?.drop());

  for (const side of ['source', 'target'] as const) {
    it(`a change to the ${side} account between preview and execute is detected`, async () => {
      const { source, target } = await fx.pair();
      await fx.enrol(source.id, await fx.course(), 11, '2024-01-01Z');
      const preview = await plan(db, m, source.uid, target.uid, settingsWith(), fx.admin);
      const changed = side === 'source' ? source : target;
      await other(m.table('enrolments')).insert(m.toDbRow('enrolments', { user_id: changed.id, course_id: await fx.course(), status_id: 8, status_at: new Date() }));
      const r = await execute(db, m, preview, settingsWith(), fx.admin);
      expect(r.outcome).toBe('refused');
      expect(r.reason).toMatch(/changed since the preview/);
      expect(await fx.rows('users', { id: source.id })).toHaveLength(1);
    });
  }

  it('two merges on the same account at once: only one succeeds', async () => {
    for (let round = 0; round < 3; round++) {
      const { source, target } = await fx.pair();
      const third = await fx.user();
      await fx.enrol(source.id, await fx.course(), 11, '2024-01-01Z');
      const slow = { faultInjection: async () => sleep(20) };
      const results = await Promise.all([
        execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, slow),
        execute(other, m, { source: source.uid, target: third.uid }, settingsWith(), fx.admin, slow),
      ]);
      const outcomes = results.map((r) => r.outcome).sort();
      expect(outcomes).toEqual(['merged', 'refused']);
      const enrolled = await fx.rows('enrolments', {});
      expect(enrolled.filter((e) => [target.id, third.id].includes(Number(e.user_id)))).toHaveLength(1);
    }
  });

  it('the row locks hold a second merge until the first commits; it then sees the source gone and is refused', async () => {
    const { source, target } = await fx.pair();
    const third = await fx.user();
    await fx.enrol(source.id, await fx.course(), 11, '2024-01-01Z');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    let first = true;
    const p1 = execute(db, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, {
      faultInjection: async () => {
        if (!first) return;
        first = false;
        entered();
        await gate;
      },
    });
    await inside;
    // Pretend the runs check was passed (as in a race): mark the first run finished while it still holds its locks.
    await other('md_merge_runs').whereNull('outcome').where('source_uid', source.uid).update({ outcome: 'merged' });
    const p2 = execute(other, m, { source: source.uid, target: third.uid }, settingsWith(), fx.admin);
    await sleep(300);
    release();
    const [r1, r2] = await Promise.all([p1, p2]);
    expect(r1.outcome).toBe('merged');
    expect(r2.outcome).toBe('refused');
    expect(r2.reason).toMatch(new RegExp(`was already merged into ${target.uid} in run ${r1.runId}`));
    expect(await fx.rows('enrolments', { user_id: target.id })).toHaveLength(1);
    expect(await fx.rows('enrolments', { user_id: third.id })).toHaveLength(0);
  });
});

describe('merge concurrency on sqlite (two connections to one file)', () => {
  it('two merges on the same account at once: only one succeeds', async () => {
    const tdb = sqliteTestDatabase();
    try {
      const m = new LmsMapping();
      const a = await tdb.open();
      const b = await tdb.open();
      const fx = await Fixture.create(a, m);
      const { source, target } = await fx.pair();
      const third = await fx.user();
      await fx.enrol(source.id, await fx.course(), 11, '2024-01-01Z');
      const slow = { faultInjection: async () => sleep(10) };
      const results = await Promise.all([
        execute(a, m, { source: source.uid, target: target.uid }, settingsWith(), fx.admin, slow),
        execute(b, m, { source: source.uid, target: third.uid }, settingsWith(), fx.admin, slow),
      ]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['merged', 'refused']);
      expect((await fx.rows('enrolments', {})).filter((e) => [target.id, third.id].includes(Number(e.user_id)))).toHaveLength(1);
    } finally {
      await tdb.drop();
    }
  });
});
