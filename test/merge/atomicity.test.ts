import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds } from '../helpers/databases';
import { snapshotLms } from '../helpers/db-snapshot';
import { LmsMapping } from '../../electron/db/mapping';
import { execute } from '../../electron/engine/merge/index';
import { Fixture, settingsWith } from './fixtures';
import { richPair } from './rich-pair';
import { useFixtureDatabase } from './fixture-database';

const TOOL_TABLES = ['md_merge_journal', 'md_pair_decisions', 'md_merge_settings', 'md_portfolio_rules', 'md_job_profile_rules'];

/** Every row of every table (LMS and tool tables, except the runs log), as stored; as text, so byte-for-byte. */
const snapshot = async (db: Knex, m: LmsMapping): Promise<string> => JSON.stringify(await snapshotLms(db, m, TOOL_TABLES));

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`merge atomicity on ${kind.kind}`, () => {
    let db: Knex;
    let fx: Fixture;
    const m = new LmsMapping();
    useFixtureDatabase(kind, m, (opened) => ({ db, fx } = opened));

    it('a failure after any write step leaves every table byte-for-byte unchanged', async () => {
      const { source, target } = await richPair(fx);
      const settings = settingsWith({ merge_group_assignments: true });
      const steps: string[] = [];
      for (let i = 0; ; i++) {
        const before = await snapshot(db, m);
        let calls = 0;
        const r = await execute(db, m, { source: source.uid, target: target.uid }, settings, fx.admin, {
          takeEmail: true,
          takeLogin: true,
          faultInjection: (step) => {
            if (calls++ === i) {
              steps.push(step);
              throw new Error(`injected after "${step}"`);
            }
          },
        });
        if (r.outcome === 'merged') {
          expect(i).toBe(steps.length);
          break;
        }
        expect({ step: steps[i], outcome: r.outcome, reason: r.reason }).toEqual({ step: steps[i], outcome: 'failed', reason: expect.stringContaining('injected after') });
        expect(await snapshot(db, m)).toBe(before);
        const run = await db('md_merge_runs').where('id', r.runId).first();
        expect(run.outcome).toBe('failed');
      }
      // every category wrote something, and the last steps are the journal, the pair decision, the run's plan and its outcome
      expect(steps.length).toBeGreaterThan(25);
      expect(steps.slice(-4)).toEqual(['journal: write', 'pair decision: record', 'run details: record', 'run outcome: record']);
      for (const c of ['attributes', 'groups', 'enrolments', 'media progress', 'scorm', 'ojt', 'tests', 'feedback', 'job profiles', 'skills', 'tutors', 'audit log', 'level protections', 'account', 'source account']) {
        expect(steps.some((s) => s.startsWith(c))).toBe(true);
      }
      expect(await fx.rows('users', { id: source.id })).toEqual([]);
    });
  });
}
