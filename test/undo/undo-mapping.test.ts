import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { execute } from '../../electron/engine/merge/index';
import { undoRun } from '../../electron/engine/undo/index';
import { Fixture, RENAMED_MAPPING, settingsWith } from '../merge/fixtures';
import { richPair } from '../merge/rich-pair';
import { changedTables, snapshotLms } from '../helpers/db-snapshot';
import { useFixtureDatabase } from '../merge/fixture-database';

const renamed = RENAMED_MAPPING;

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`undo with a renamed schema on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    useFixtureDatabase(kind, renamed, (opened) => ({ db, fx } = opened));

    for (const d of ['delete', 'anonymise'] as const) {
      it(`merge (${d}, take login and email) then undo restores every table byte-for-byte`, async () => {
        const { source, target } = await richPair(fx);
        const before = await snapshotLms(db, renamed);
        const r = await execute(db, renamed, { source: source.uid, target: target.uid }, settingsWith({ merge_group_assignments: true, source_disposition: d }), fx.admin, { takeLogin: true, takeEmail: true });
        expect(r.outcome).toBe('merged');
        const u = await undoRun(db, renamed, r.runId, fx.admin);
        expect({ outcome: u.outcome, reason: u.reason }).toEqual({ outcome: 'undone', reason: null });
        expect(u.counts.enrolments).toBeDefined();
        const after = await snapshotLms(db, renamed);
        expect(changedTables(before, after)).toEqual([]);
        expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      });
    }
  });
}
