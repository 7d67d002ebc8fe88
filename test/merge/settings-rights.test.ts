import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import type { Operator } from '../../electron/auth/operator';
import { LmsMapping } from '../../electron/db/mapping';
import { setClientLevelProtection } from '../../electron/settings/client-settings';
import { Fixture } from './fixtures';

/**
 * Defect 4: a read-only administrator (view on the whole organisation) and a limited one
 * (everything in one unit) may not change what every merge does, nor decide on pairs they
 * cannot edit; the full administrator may. Through the CLI (exit codes) and the engine.
 */
for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`settings, rules, client settings and decisions need their right on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    const dir = tempDir('mergedesk-rights-');
    const saved = process.env.MERGEDESK_PASSWORD;
    const ops: Record<'auditor' | 'hr.north', Operator> = {} as never;
    let inA: [string, string];
    let across: [string, string];
    const portfolio = path.join(dir, 'portfolio.json');
    const job = path.join(dir, 'job.json');

    beforeAll(async () => {
      process.env.MERGEDESK_PASSWORD = 'demo';
      tdb = await kind.create();
      db = await tdb.open();
      fx = await Fixture.create(db, m);
      const hash = bcrypt.hashSync('demo', 4);
      for (const [login, unit, rights] of [
        ['auditor', fx.rootUnit, [true, false, false]],
        ['hr.north', fx.unitA, [true, true, true]],
      ] as const) {
        const u = await fx.user({ uid: login.toUpperCase(), login, is_admin: true, password_hash: hash, org_unit_id: unit });
        await fx.add('clearances', { admin_id: u.id, org_unit_id: unit, include_subunits: true, can_view: rights[0], can_edit: rights[1], can_delete: rights[2] });
        ops[login] = { id: u.id, uid: u.uid, login, orgUnitId: unit };
      }
      inA = [(await fx.user({ org_unit_id: fx.unitA })).uid, (await fx.user({ org_unit_id: fx.unitA })).uid];
      across = [(await fx.user({ org_unit_id: fx.unitA })).uid, (await fx.user({ org_unit_id: fx.unitB })).uid];
      fs.writeFileSync(portfolio, JSON.stringify([{ target_status_id: 8, source_status_id: 11, result_status_id: 11, dates_merge_type: 'earliest' }]));
      fs.writeFileSync(job, JSON.stringify([{ target_status: 'confirmed', source_status: 'not_confirmed', result_status: 'confirmed' }]));
    });
    afterAll(async () => {
      process.env.MERGEDESK_PASSWORD = saved;
      await tdb?.drop();
    });

    const stored = async () => ({
      settings: await db('md_merge_settings').select('abort_on_conflict', 'updated_by').first(),
      portfolio: await db('md_portfolio_rules').count({ n: '*' }).first(),
      job: await db('md_job_profile_rules').count({ n: '*' }).first(),
      clients: await fx.rows('clients', {}, ['id']),
      decisions: await db('md_pair_decisions').select('uid_a', 'uid_b', 'decision').orderBy('id'),
    });

    it('auditor and hr.north are refused (exit 3) on settings set, rules and client settings; nothing changes', async () => {
      const before = await stored();
      for (const login of ['auditor', 'hr.north'] as const) {
        const set = await runCli('settings', 'set', 'abort_on_conflict=false', '--db', tdb.url, '--as', login, '--json');
        expect(set.code).toBe(3);
        expect(set.json().error).toEqual({
          code: 'NO_CLEARANCE',
          message: `Not saved: ${login} may view the merge settings but not change them: that needs Edit clearance on the whole organisation (every root org unit, including its subunits). Ask an administrator with clearance on the whole organisation to make this change.`,
        });
        const rules = await runCli('settings', 'rules', '--portfolio', portfolio, '--db', tdb.url, '--as', login);
        expect(rules.code).toBe(3);
        expect(rules.stderr).toContain(`${login} may view the portfolio rules but not change them`);
        const jobRules = await runCli('settings', 'rules', '--job-profile', job, '--db', tdb.url, '--as', login);
        expect(jobRules.code).toBe(3);
        await expect(setClientLevelProtection(db, m, fx.clientId, true, ops[login])).rejects.toMatchObject({ code: 'NO_CLEARANCE', problem: expect.stringContaining('the client settings') });
      }
      expect(await stored()).toEqual(before);
    });

    it('a review decision needs Edit clearance on both accounts: auditor and hr.north (across units) refused, hr.north in its unit allowed', async () => {
      const refusedAuditor = await runCli('decide', '--pair', inA[0], inA[1], '--as', 'auditor', '--db', tdb.url, 'not-duplicate', '--json');
      expect(refusedAuditor.code).toBe(3);
      expect(refusedAuditor.json().error).toMatchObject({ code: 'NO_CLEARANCE', message: expect.stringContaining('auditor lacks Edit clearance on') });
      const refusedNorth = await runCli('decide', '--pair', across[0], across[1], '--as', 'hr.north', '--db', tdb.url, 'not-duplicate', '--json');
      expect(refusedNorth.code).toBe(3);
      expect(refusedNorth.json().error.message).toContain(`hr.north lacks Edit clearance on "${across[1]}"; a review decision needs Edit clearance on both accounts.`);
      expect(Number((await db('md_pair_decisions').count({ n: '*' }).first())!.n)).toBe(0);
      const ok = await runCli('decide', '--pair', inA[0], inA[1], '--as', 'hr.north', '--db', tdb.url, 'later');
      expect(ok.code).toBe(0);
      expect(await db('md_pair_decisions').select('decision', 'decided_by')).toEqual([{ decision: 'later', decided_by: 'hr.north' }]);
    });

    it('the full administrator changes settings, rules and client settings', async () => {
      expect((await runCli('settings', 'set', 'abort_on_conflict=false', '--db', tdb.url, '--as', 'admin')).code).toBe(0);
      expect((await runCli('settings', 'rules', '--portfolio', portfolio, '--job-profile', job, '--db', tdb.url, '--as', 'admin')).code).toBe(0);
      await setClientLevelProtection(db, m, fx.clientId, true, fx.admin);
      const after = await stored();
      expect(after.settings).toMatchObject({ updated_by: 'admin' });
      expect([Boolean(after.settings.abort_on_conflict), Number(after.portfolio!.n), Number(after.job!.n)]).toEqual([false, 1, 1]);
      expect(Boolean(after.clients.find((c) => Number(c.id) === fx.clientId)!.keep_highest_level_protection)).toBe(true);
    });
  });
}
