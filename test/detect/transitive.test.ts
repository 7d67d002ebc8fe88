/**
 * Rules added for recall: transitive evidence inside a cluster (one person, one HR record
 * per position), one typing error in a name, and the first-name + org-unit blocking key
 * for hand-made accounts without birth date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { buildFixture, fixtureUsers, type FixtureUser } from './fixtures';
import type { LmsMapping } from '../../electron/db/mapping';
import { authenticateOperator } from '../../electron/auth/operator';
import { forEachCandidatePair } from '../../electron/engine/detect/blocking';
import { transitiveCandidates } from '../../electron/engine/detect/clusters';
import { recordPairDecision } from '../../electron/engine/detect/decisions';
import { Interner, toRecord } from '../../electron/engine/detect/records';
import { readUsers, scan } from '../../electron/engine/detect/scan';
import { compareNames, FieldStats, oneTypo, Scorer } from '../../electron/engine/detect/scoring';

const NOW = new Date('2025-06-01T00:00:00Z');
const key = (a: string, b: string) => [a, b].sort().join('+');

describe('one typing error in a name', () => {
  it('is one letter replaced, missing, extra, or two neighbours swapped, in names of four or more letters', () => {
    expect(oneTypo('lynn', 'lymn')).toBe(true);
    expect(oneTypo('nick', 'nixk')).toBe(true);
    expect(oneTypo('meier', 'mier')).toBe(true);
    expect(oneTypo('tonn', 'tnn')).toBe(true);
    expect(oneTypo('schmidt', 'schmdit')).toBe(true);
    expect(oneTypo('anna', 'anna')).toBe(false);
    expect(oneTypo('jan', 'jon')).toBe(false); // too short to tell a typo from another name
    expect(oneTypo('lynn', 'lyam')).toBe(false);
    expect(oneTypo('schmidt', 'schmitz')).toBe(false);
    expect(oneTypo('abcd', 'cdab')).toBe(false);
  });

  it('counts as similar, not as a different name', () => {
    expect(compareNames('lynn', ['lynn'], 'lymn', ['lymn']).level).toBe('high');
    expect(compareNames('kyra', ['kyra'], 'kxra', ['kxra']).level).toBe('high');
    expect(compareNames('jan', ['jan'], 'jon', ['jon']).level).toBe('differ');
    expect(compareNames('peter', ['peter'], 'maria', ['maria']).level).toBe('differ');
  });
});

describe('first name + org unit blocking', () => {
  it('compares a hand-made account without birth date and with a mistyped surname to the interface account in its unit', () => {
    const intern = new Interner();
    const rec = (id: number, f: Record<string, unknown>) =>
      toRecord({ id, uid: `u${id}`, login: `x${id}`, client_id: 1, origin: 'interface', status: 'active', created_at: '2020-01-01', ...f }, id - 1, intern, NOW);
    const records = [
      rec(1, { first_name: 'Thorben', last_name: 'Schmdit', org_unit_id: 7, origin: 'manual' }),
      rec(2, { first_name: 'Thorben', last_name: 'Schmidt', birth_date: '1974-03-25', org_unit_id: 7 }),
      rec(3, { first_name: 'Thorben', last_name: 'Schmidt', birth_date: '1974-03-25', org_unit_id: 8 }),
    ];
    const pairs: string[] = [];
    forEachCandidatePair(records, (i, j) => pairs.push(`${i}-${j}`));
    expect(pairs).toContain('0-1');
  });
});

describe('transitive evidence', () => {
  it('proposes the pair of two accounts strongly linked to a third', () => {
    const t = transitiveCandidates(
      [
        { i: 0, j: 1, score: 0.99 },
        { i: 0, j: 2, score: 0.95 },
        { i: 3, j: 4, score: 0.99 },
        { i: 3, j: 5, score: 0.6 }, // weak: no evidence
      ],
      0.9,
    );
    expect(t).toEqual([{ i: 1, j: 2, via: 0, score: 0.99 * 0.95 }]);
  });

  it('leaves out pairs already linked and accounts with too many links', () => {
    expect(transitiveCandidates([{ i: 0, j: 1, score: 0.99 }, { i: 0, j: 2, score: 0.99 }, { i: 1, j: 2, score: 0.2 }], 0.9)).toEqual([]);
    const star = [1, 2, 3, 4].map((j) => ({ i: 0, j, score: 0.99 }));
    expect(transitiveCandidates(star, 0.9, 3)).toEqual([]);
  });
});

// One person with three HR records (one per position). tc-1 is strongly linked to tc-2
// (same address) and to tc-3 (same birth date and phone); tc-2 and tc-3 alone share only
// the name and sit in different parts of the organisation.
const CLUSTER: FixtureUser[] = [
  { uid: 'tc-1', first_name: 'Mareike', last_name: 'Schwanitz', birth_date: '1979-04-17', employee_id: '81001', email: 'm.schwanitz@firma.de', phone: '+49 171 4440001', org_unit_id: 2, created_at: '2019-02-01' },
  { uid: 'tc-2', first_name: 'Mareike', last_name: 'Schwanitz', birth_date: null, employee_id: '81002', email: 'm.schwanitz@firma.de', org_unit_id: 4, created_at: '2021-09-01' },
  { uid: 'tc-3', first_name: 'Mareike', last_name: 'Schwanitz', birth_date: '1979-04-17', employee_id: '81003', email: 'mareike.schwanitz@firma.de', phone: '0171 4440001', org_unit_id: 3, created_at: '2023-05-01' },
];

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`transitive evidence in a scan on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let m: LmsMapping;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      m = await buildFixture(db, [...fixtureUsers(), ...CLUSTER]);
    });
    afterAll(async () => tdb?.drop());

    it('finds all three pairs of a three-account cluster, the third by transitive evidence', async () => {
      const result = await scan(db, m, { now: NOW });
      const byKey = new Map(result.pairs.map((p) => [key(p.a, p.b), p]));
      expect(byKey.get(key('tc-1', 'tc-2'))!.score).toBeGreaterThanOrEqual(0.9);
      expect(byKey.get(key('tc-1', 'tc-3'))!.score).toBeGreaterThanOrEqual(0.9);
      const inferred = byKey.get(key('tc-2', 'tc-3'));
      expect(inferred).toBeDefined();
      expect(inferred!.cause).toBe('hr_multiple_records');
      expect(inferred!.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^both accounts are likely duplicates of account tc-1 \([01]\.\d\d and [01]\.\d\d\)$/)]));
      const cluster = result.clusters.find((c) => c.uids.includes('tc-1'))!;
      expect(cluster.uids).toEqual(['tc-1', 'tc-2', 'tc-3']);
      // Other pairs are unaffected.
      expect(result.pairs.filter((p) => p.a.startsWith('tc-') !== p.b.startsWith('tc-'))).toEqual([]);
    });

    it('the pair alone scores below the threshold', async () => {
      const records = await readUsers(db, m, { now: NOW });
      const stats = new FieldStats();
      records.forEach((r) => stats.add(r));
      stats.finish();
      const rec = (uid: string) => records.find((r) => r.uid === uid)!;
      const direct = new Scorer(stats).score(rec('tc-2'), rec('tc-3'));
      expect(direct.score).toBeLessThan(0.5);
      expect(direct.weight).toBeGreaterThanOrEqual(0);
    });

    it('a link dismissed as not a duplicate is no evidence', async () => {
      const admin = await authenticateOperator(db, m, 'admin', 'demo');
      await recordPairDecision(db, m, { uids: ['tc-1', 'tc-3'], decision: 'not_duplicate', operator: admin, now: NOW });
      const result = await scan(db, m, { now: NOW });
      const keys = new Set(result.pairs.map((p) => key(p.a, p.b)));
      expect(keys.has(key('tc-1', 'tc-3'))).toBe(false);
      expect(keys.has(key('tc-2', 'tc-3'))).toBe(false);
      expect(keys.has(key('tc-1', 'tc-2'))).toBe(true);
    });
  });
}
