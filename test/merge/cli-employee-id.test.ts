import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { readMergeLogfile } from '../../electron/workbooks/index';
import { Fixture } from './fixtures';

type Pair = { source: { id: number; uid: string }; target: { id: number; uid: string } };

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`mergedesk merge --take-employee-id (CLI on ${kind.kind})`, () => {
    let tdb: TestDatabase;
    const m = new LmsMapping();
    const dir = tempDir('mergedesk-cli-eid-');
    const saved = process.env.MERGEDESK_PASSWORD;
    const pairs: Record<'byDefault' | 'optedOut' | 'forced' | 'clash', Pair> = {} as never;
    let clashHolder = '';
    const withDb = async <T>(fn: (db: Knex, fx: Fixture) => Promise<T>): Promise<T> => {
      const db = await tdb.open();
      try {
        return await fn(db, new Fixture(db, m));
      } finally {
        await db.destroy();
      }
    };
    const employeeIds = (p: Pair) => withDb(async (_db, fx) => [(await fx.one('users', { id: p.source.id }))?.employee_id ?? null, (await fx.one('users', { id: p.target.id }))?.employee_id ?? null]);
    const merge = (p: Pair, ...flags: string[]) =>
      runCli('merge', '--db', tdb.url, '--source', p.source.uid, '--target', p.target.uid, '--as', 'admin', '--set', 'source_disposition=deactivate', '--logfile', path.join(dir, `${p.source.uid}.xlsx`), ...flags);

    beforeAll(async () => {
      process.env.MERGEDESK_PASSWORD = 'demo';
      tdb = await kind.create();
      const db = await tdb.open();
      const fx = await Fixture.create(db, m);
      pairs.byDefault = await fx.pair({ origin: 'interface', employee_id: 'P-1' }, { origin: 'manual' });
      pairs.optedOut = await fx.pair({ origin: 'interface', employee_id: 'P-2' }, { origin: 'manual' });
      pairs.forced = await fx.pair({ origin: 'manual', employee_id: 'P-3' }, { origin: 'interface', employee_id: 'P-4' });
      pairs.clash = await fx.pair({ origin: 'interface', employee_id: 'P-5' }, { origin: 'manual' });
      clashHolder = (await fx.user({ origin: 'interface', employee_id: 'P-5' })).uid;
      await db.destroy(); // the CLI opens its own connection
    });
    afterAll(async () => {
      process.env.MERGEDESK_PASSWORD = saved;
      await tdb?.drop();
    });

    it('takes the employee ID over by default, says why in --json and the logfile', async () => {
      const r = await merge(pairs.byDefault, '--json');
      expect(r.code).toBe(0);
      const j = r.json();
      expect(j).toMatchObject({ outcome: 'merged', employeeIdTakeOver: { take: true, byDefault: true } });
      expect(j.employeeIdTakeOver.reason).toMatch(/^On by default: the removed account .* is maintained by the HR interface/);
      expect(await employeeIds(pairs.byDefault)).toEqual([null, 'P-1']);
      const log = await readMergeLogfile(j.logfile);
      expect(log.summary.settings).toMatchObject({ take_employee_id: true, take_employee_id_reason: j.employeeIdTakeOver.reason });
    });

    it('--no-take-employee-id keeps the ID with the source; --take-employee-id hands it over against the default', async () => {
      const out = await merge(pairs.optedOut, '--no-take-employee-id', '--json');
      expect(out.code).toBe(0);
      expect(out.json().employeeIdTakeOver).toMatchObject({ take: false, byDefault: true });
      expect(await employeeIds(pairs.optedOut)).toEqual(['P-2', null]);

      const forced = await merge(pairs.forced, '--take-employee-id');
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain('Employee ID: Taken over as chosen, although the default is off');
      expect(await employeeIds(pairs.forced)).toEqual([null, 'P-3']);
    });

    it('refuses (exit 3) when another account holds the employee ID, and changes nothing', async () => {
      const r = await merge(pairs.clash);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain(`Merge refused; nothing was changed: The kept account ${pairs.clash.target.uid} cannot take over employee ID P-5: it is also held by ${clashHolder} (active, origin interface)`);
      expect(await employeeIds(pairs.clash)).toEqual(['P-5', null]);
      const json = await merge(pairs.clash, '--json');
      expect(json.code).toBe(3);
      expect(json.json()).toMatchObject({ outcome: 'refused', employeeIdTakeOver: null });
    });
  });
}
