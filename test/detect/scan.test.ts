import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { buildFixture, fixtureUsers, HARD_NEGATIVES, PLANTED, withoutIdentifiers } from './fixtures';
import type { LmsMapping } from '../../electron/db/mapping';
import { authenticateOperator } from '../../electron/auth/operator';
import { readUsers, scan, ScanCancelledError } from '../../electron/engine/detect/scan';
import { FieldStats, Scorer } from '../../electron/engine/detect/scoring';
import { getPairDecision, recordPairDecision } from '../../electron/engine/detect/decisions';
import { UserInputError } from '../../electron/errors';

const NOW = new Date('2025-06-01T00:00:00Z');
const key = (a: string, b: string) => [a, b].sort().join('+');

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`duplicate scan on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let m: LmsMapping;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      m = await buildFixture(db);
    });
    afterAll(async () => tdb?.drop());

    it('catches each cause on hand-built accounts and names it', async () => {
      const result = await scan(db, m, { now: NOW });
      const byKey = new Map(result.pairs.map((p) => [key(p.a, p.b), p]));
      for (const planted of PLANTED) {
        const p = byKey.get(key(planted.a, planted.b));
        expect(p, `${planted.cause} pair ${planted.a}/${planted.b}`).toBeDefined();
        expect(p!.cause, `${planted.a}/${planted.b}`).toBe(planted.cause);
        expect(p!.score).toBeGreaterThanOrEqual(0.5);
        expect(p!.reasons.length).toBeGreaterThan(0);
      }
      expect(result.pairs).toHaveLength(PLANTED.length);
      expect(result.users).toBe(fixtureUsers().length);
      expect(result.candidates).toBeGreaterThan(0);
    });

    it('explains pairs in plain words', async () => {
      const result = await scan(db, m, { now: NOW });
      const nc = result.pairs.find((p) => key(p.a, p.b) === key('nc-1', 'nc-2'))!;
      expect(nc.reasons).toEqual(expect.arrayContaining(['same date of birth', 'last name differs — possible name change', 'same employee ID', 'same phone number']));
      const hr = result.pairs.find((p) => key(p.a, p.b) === key('hr-1', 'hr-2'))!;
      expect(hr.reasons).toEqual(expect.arrayContaining(['same first name', 'same last name', 'different employee IDs']));
    });

    it('does not flag namesakes with different birth dates nor a family sharing an address', async () => {
      const result = await scan(db, m, { now: NOW });
      const keys = new Set(result.pairs.map((p) => key(p.a, p.b)));
      for (const neg of HARD_NEGATIVES) expect(keys.has(key(neg.a, neg.b)), neg.kind).toBe(false);
      // Scored directly, the namesakes score low for their different birth dates.
      const records = await readUsers(db, m, { now: NOW });
      const stats = new FieldStats();
      records.forEach((r) => stats.add(r));
      stats.finish();
      const rec = (uid: string) => records.find((r) => r.uid === uid)!;
      const ns = new Scorer(stats).score(rec('ns-1'), rec('ns-2'), true);
      expect(ns.score).toBeLessThan(0.01);
      expect(ns.reasons!.some((r) => r.startsWith('different dates of birth'))).toBe(true);
      expect(new Scorer(stats).score(rec('fm-1'), rec('fm-2')).score).toBeLessThan(0.01);
    });

    it('recommends the account to keep with reasons', async () => {
      const result = await scan(db, m, { now: NOW });
      const get = (a: string, b: string) => result.pairs.find((p) => key(p.a, p.b) === key(a, b))!;
      // The HR interface maintains the active interface account: keep it.
      expect(get('mb-1', 'mb-2').keep).toBe('mb-2');
      expect(get('mb-1', 'mb-2').keepReasons[0]).toMatch(/HR interface/);
      expect(get('sr-1', 'sr-2').keep).toBe('sr-1');
      expect(get('rt-1', 'rt-2').keep).toBe('rt-2');
      for (const c of result.clusters) expect(c.uids).toContain(c.keep);
    });

    it('returns the same result in the same order twice', async () => {
      const one = await scan(db, m, { now: NOW, minScore: 0 });
      const two = await scan(db, m, { now: NOW, minScore: 0 });
      expect(two.pairs).toEqual(one.pairs);
      expect(two.clusters).toEqual(one.clusters);
      for (let i = 1; i < one.pairs.length; i++) expect(one.pairs[i - 1]!.score).toBeGreaterThanOrEqual(one.pairs[i]!.score);
    });

    it('shows an admin only pairs where both accounts are in clearance', async () => {
      const limited = await authenticateOperator(db, m, 'sales-admin', 'demo');
      const result = await scan(db, m, { now: NOW, operator: limited });
      const keys = result.pairs.map((p) => key(p.a, p.b)).sort();
      // Sales (2) and Sales North (4): sr-* (4/4) and nc-* (4/4); hr-* (2/3) and rt-* (2/3) straddle units.
      expect(keys).toEqual([key('nc-1', 'nc-2'), key('sr-1', 'sr-2')].sort());
      expect(result.stats.hiddenByClearance).toBe(3);
      const admin = await authenticateOperator(db, m, 'admin', 'demo');
      expect((await scan(db, m, { now: NOW, operator: admin })).pairs).toHaveLength(PLANTED.length);
    });

    it('never returns a pair marked not a duplicate; keeps one marked for later', async () => {
      const admin = await authenticateOperator(db, m, 'admin', 'demo');
      await recordPairDecision(db, m, { uids: ['hr-2', 'hr-1'], decision: 'not_duplicate', operator: admin, note: 'two people after all' });
      await recordPairDecision(db, m, { uids: ['rt-1', 'rt-2'], decision: 'later', operator: admin });
      const stored = await getPairDecision(db, 'hr-1', 'hr-2');
      expect(stored).toMatchObject({ uidA: 'hr-1', uidB: 'hr-2', decision: 'not_duplicate', decidedBy: 'admin', note: 'two people after all' });
      const result = await scan(db, m, { now: NOW });
      const keys = new Set(result.pairs.map((p) => key(p.a, p.b)));
      expect(keys.has(key('hr-1', 'hr-2'))).toBe(false);
      expect(result.pairs.find((p) => key(p.a, p.b) === key('rt-1', 'rt-2'))?.decision).toBe('later');
      expect(result.stats.dismissed).toBe(1);
      // Deciding again replaces the decision.
      await recordPairDecision(db, m, { uids: ['hr-1', 'hr-2'], decision: 'later', operator: admin });
      expect((await getPairDecision(db, 'hr-1', 'hr-2'))?.decision).toBe('later');
      expect((await scan(db, m, { now: NOW })).pairs).toHaveLength(PLANTED.length);
      await db('md_pair_decisions').del();
    });

    it('refuses bad decisions', async () => {
      const admin = await authenticateOperator(db, m, 'admin', 'demo');
      const limited = await authenticateOperator(db, m, 'sales-admin', 'demo');
      await expect(recordPairDecision(db, m, { uids: ['hr-1', 'hr-1'], decision: 'later', operator: admin })).rejects.toThrow(UserInputError);
      await expect(recordPairDecision(db, m, { uids: ['hr-1', 'nobody'], decision: 'later', operator: admin })).rejects.toThrow(/No account with UID "nobody"/);
      await expect(recordPairDecision(db, m, { uids: ['hr-1', 'hr-2'], decision: 'later', operator: limited })).rejects.toThrow(/lacks Edit clearance on .*a review decision needs Edit clearance on both accounts/);
    });

    it('can be cancelled', async () => {
      const ctl = new AbortController();
      ctl.abort();
      await expect(scan(db, m, { now: NOW, signal: ctl.signal })).rejects.toThrow(ScanCancelledError);
    });

    it('reports progress', async () => {
      const phases = new Set<string>();
      await scan(db, m, { now: NOW, onProgress: (p) => phases.add(p.phase) });
      expect([...phases]).toEqual(['reading', 'comparing', 'estimating', 'explaining', 'done']);
    });

    it('honours --limit and --min-score', async () => {
      const two = await scan(db, m, { now: NOW, limit: 2 });
      expect(two.pairs).toHaveLength(2);
      const all = await scan(db, m, { now: NOW, minScore: 0.999 });
      expect(all.pairs.every((p) => p.score >= 0.999)).toBe(true);
    });
  });

  describe.skipIf(kind.skip)(`duplicate scan without e-mails, logins or employee IDs on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let m: LmsMapping;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      m = await buildFixture(db, withoutIdentifiers(fixtureUsers()));
    });
    afterAll(async () => tdb?.drop());

    it('still finds every planted pair and no hard negative', async () => {
      const result = await scan(db, m, { now: NOW });
      const keys = new Set(result.pairs.map((p) => key(p.a, p.b)));
      for (const planted of PLANTED) expect(keys.has(key(planted.a, planted.b)), planted.cause).toBe(true);
      for (const neg of HARD_NEGATIVES) expect(keys.has(key(neg.a, neg.b)), neg.kind).toBe(false);
      for (const p of result.pairs) {
        expect(p.reasons.join(' ')).not.toMatch(/e-mail|employee ID/);
      }
      const byKey = new Map(result.pairs.map((p) => [key(p.a, p.b), p]));
      for (const planted of PLANTED) expect(byKey.get(key(planted.a, planted.b))?.cause).toBe(planted.cause);
    });
  });
}
