import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { runBatch } from '../../electron/usecases/batch';
import { parseWorklistCsv } from '../../electron/workbooks/index';
import { listRuns } from '../../electron/engine/runs/ledger';
import { licencesFreedByRuns } from '../../electron/engine/runs/licences';
import { undoRun } from '../../electron/engine/undo/index';
import { Fixture, settingsWith } from '../merge/fixtures';
import { useFixtureDatabase } from '../merge/fixture-database';

/** Licences freed per batch and per run, checked against the accounts' statuses in the database. */
for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`licences freed on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    const statusOf = async (uids: string[]) => {
      const rows = (await db(m.table('users')).select({ uid: m.col('users', 'uid'), status: m.col('users', 'status') }).whereIn(m.col('users', 'uid'), uids)) as { uid: string; status: string }[];
      return new Map(rows.map((r) => [r.uid, String(m.logicalValue('users', 'status', r.status))]));
    };

    for (const disposition of ['delete', 'deactivate'] as const) {
      it(`a batch frees one licence per active account it removes (${disposition})`, async () => {
        const pairs = [await fx.pair(), await fx.pair({ status: 'inactive' }), await fx.pair(), await fx.pair({ status: 'inactive' }), await fx.pair()];
        const sources = pairs.map((p) => p.source.uid);
        const before = await statusOf(sources);
        const activeBefore = sources.filter((u) => before.get(u) === 'active');
        expect(activeBefore).toHaveLength(3);
        const wl = parseWorklistCsv(`source_uid,target_uid\n${pairs.map((p) => `${p.source.uid},${p.target.uid}`).join('\n')}\n`);
        const settings = settingsWith({ source_disposition: disposition });

        const dry = await runBatch(db, m, wl, settings, fx.admin, { dryRun: true });
        expect(dry.licencesFreed).toBe(activeBefore.length);
        expect(await statusOf(sources)).toEqual(before);

        const done = await runBatch(db, m, wl, settings, fx.admin);
        expect(done.counts.merged).toBe(pairs.length);
        const after = await statusOf(sources);
        // Freed: active before, and now gone or not active.
        const freed = activeBefore.filter((u) => after.get(u) !== 'active');
        expect(freed).toHaveLength(3);
        expect(done.licencesFreed).toBe(freed.length);

        const runs = (await listRuns(db)).filter((r) => sources.includes(r.sourceUid));
        const perRun = await licencesFreedByRuns(db, runs);
        const real = runs.filter((r) => !r.dryRun);
        expect(real.filter((r) => perRun.get(r.id) === 1).map((r) => r.sourceUid).sort()).toEqual([...freed].sort());
        // A dry run frees nothing.
        for (const r of runs.filter((x) => x.dryRun)) expect(perRun.get(r.id)).toBe(0);

        // Undone: the account is back (active again), the licence used again.
        const first = real.find((r) => r.sourceUid === freed[0])!;
        expect((await undoRun(db, m, first.id, fx.admin)).outcome).toBe('undone');
        expect((await statusOf([freed[0]!])).get(freed[0]!)).toBe('active');
        const again = await licencesFreedByRuns(db, (await listRuns(db)).filter((r) => r.id === first.id));
        expect(again.get(first.id)).toBe(0);
      });
    }
  });
}
