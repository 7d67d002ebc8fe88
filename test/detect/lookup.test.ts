import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { authenticateOperator, type Operator } from '../../electron/auth/operator';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo, type PlantedPair } from '../../electron/demo/index';
import { scan } from '../../electron/engine/detect/scan';
import { FRESHNESS_MS, lookupPerson, type LookupResult } from '../../electron/usecases/lookup';
import type { PersonProbe } from '../../electron/engine/detect/person-index';
import { UserInputError } from '../../electron/errors';

const NOW = new Date('2025-06-01T00:00:00Z');
const pad = (n: number) => String(n).padStart(2, '0');

/** A birth date as the admin would type it, from whatever the driver returns (text, epoch ms, a local-midnight Date). */
function typedDate(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  if (typeof v === 'number') return new Date(v).toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`person lookup on ${kind.kind}`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    const m = new LmsMapping();
    let planted: PlantedPair[];
    let admin: Operator;
    let north: Operator;
    /** hr.north's org units (their region and its subunits), read from the database. */
    let region: Set<number>;

    /** The person of account `uid`, typed in from its row: names, birth date, e-mail, employee ID. */
    const personOf = async (uid: string): Promise<PersonProbe> => {
      const u = await db(m.table('users')).where('uid', uid).first();
      return { firstName: u.first_name, lastName: u.last_name, birthDate: typedDate(u.birth_date), email: u.email, employeeId: u.employee_id };
    };
    const unitOf = async (uid: string) => Number((await db('users').where('uid', uid).first()).org_unit_id);
    const uids = (r: LookupResult) => r.matches.map((x) => x.uid);

    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      planted = (await generateDemo(db, m, { users: 1500, seed: 11 })).plantedPairs;
      admin = await authenticateOperator(db, m, 'admin', 'demo');
      north = await authenticateOperator(db, m, 'hr.north', 'demo');
      const units = [north.orgUnitId];
      for (let i = 0; i < units.length; i++) units.push(...(await db('org_units').where('parent_id', units[i]).pluck('id')).map(Number));
      region = new Set(units);
    }, 120_000);
    afterAll(async () => tdb?.drop());

    it('finds the planted duplicate when the other account of the pair is typed in', async () => {
      // Causes where the person keeps their name: typing one account's data must bring up the other.
      const sameName = planted.filter((p) => ['hr_multiple_records', 'manual_before_interface', 'returning_employee'].includes(p.cause));
      expect(sameName.length).toBeGreaterThan(10);
      for (const p of sameName) {
        const r = await lookupPerson(db, m, await personOf(p.uid_b), { operator: admin, now: NOW });
        // Among the first three: the typed account itself, its duplicate, perhaps one more.
        const rank = uids(r).indexOf(p.uid_a);
        expect(rank, `${p.cause} ${p.uid_a} from ${p.uid_b}`).toBeGreaterThanOrEqual(0);
        expect(rank, `${p.cause} ${p.uid_a} from ${p.uid_b}`).toBeLessThan(3);
        expect(r.matches[rank]!.reasons.length).toBeGreaterThan(1);
        expect(r.matches.map((x) => x.score)).toEqual([...r.matches.map((x) => x.score)].sort((x, y) => y - x));
      }
      // A name change: the old account is found from the new name with the birth date and employee ID.
      const changed = planted.filter((p) => p.cause === 'name_change');
      let found = 0;
      for (const p of changed) {
        const r = await lookupPerson(db, m, await personOf(p.uid_b), { operator: admin, now: NOW });
        if (uids(r).includes(p.uid_a)) found++;
      }
      expect(found).toBeGreaterThanOrEqual(Math.ceil(changed.length / 2));
    });

    it('scores and explains like the scan: the same weight per field for the same pair', async () => {
      const p = planted.find((x) => x.cause === 'manual_before_interface')!;
      const person = await personOf(p.uid_b);
      const r = await lookupPerson(db, m, person, { operator: admin, now: NOW });
      const hit = r.matches.find((x) => x.uid === p.uid_a)!;
      const s = await scan(db, m, { now: NOW, explain: [p.uid_a, p.uid_b], limit: 1 });
      expect(r.priorLog2).toBe(s.model.priorLog2);
      const typedFields = ['first_name', 'last_name', 'birth_date', 'employee_id'];
      const pick = (ev: { field: string }[]) => ev.filter((e) => typedFields.includes(e.field));
      expect(pick(hit.evidence).length).toBeGreaterThanOrEqual(2);
      expect(pick(hit.evidence)).toEqual(pick(s.explained!.evidence));
      // The score follows the evidence exactly as the scan's does.
      const bits = r.priorLog2 + hit.evidence.reduce((t, e) => t + e.weight, 0);
      expect(1 / (1 + 2 ** -bits)).toBeCloseTo(hit.score, 2);
      expect(hit).toMatchObject({ firstName: expect.any(String), lastName: expect.any(String), login: expect.any(String), status: expect.stringMatching(/^(active|inactive)$/), orgUnit: expect.any(String) });
    });

    it('lists only what the admin may view and counts the rest, checked against the clearances in the database', async () => {
      const pairUnits = await Promise.all(planted.map(async (p) => ({ p, a: await unitOf(p.uid_a), b: await unitOf(p.uid_b) })));
      const outside = pairUnits.find((x) => !region.has(x.a) && !region.has(x.b) && x.p.cause === 'hr_multiple_records')!;
      const inside = pairUnits.find((x) => region.has(x.a) && region.has(x.b))!;
      expect(outside && inside).toBeTruthy();
      for (const { p } of [outside, inside]) {
        const person = await personOf(p.uid_b);
        const all = await lookupPerson(db, m, person, { operator: admin, now: NOW, limit: 10_000 });
        expect(all.outsideClearance).toBe(0);
        const seen = await lookupPerson(db, m, person, { operator: north, now: NOW, limit: 10_000 });
        const expected: string[] = [];
        for (const uid of uids(all)) if (region.has(await unitOf(uid))) expected.push(uid);
        expect(uids(seen)).toEqual(expected);
        expect(seen.withinClearance).toBe(expected.length);
        expect(seen.outsideClearance).toBe(all.matches.length - expected.length);
      }
      // Outside the region: both accounts counted, neither named.
      const seen = await lookupPerson(db, m, await personOf(outside.p.uid_b), { operator: north, now: NOW });
      expect(seen.outsideClearance).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(seen)).not.toContain(outside.p.uid_a);
      expect(JSON.stringify(seen)).not.toContain(outside.p.uid_b);
      const within = await lookupPerson(db, m, await personOf(inside.p.uid_b), { operator: north, now: NOW });
      expect(uids(within)).toEqual(expect.arrayContaining([inside.p.uid_a, inside.p.uid_b]));
    });

    it('refuses a person without names or with a birth date, e-mail or ID it cannot compare, naming the fix', async () => {
      const bad: [PersonProbe, RegExp][] = [
        [{ firstName: 'Anna', lastName: '  ' }, /The last name is missing\. Type the person's last name \(--last NAME\)/],
        [{ firstName: '', lastName: 'Müller' }, /The first name is missing/],
        [{ firstName: 'Anna', lastName: 'Müller', birthDate: '31.02.1990' }, /"31\.02\.1990" is not a date of birth MergeDesk can compare\. Write it as YYYY-MM-DD or DD\.MM\.YYYY/],
        [{ firstName: 'Anna', lastName: 'Müller', birthDate: '2030-01-01' }, /"2030-01-01" is not a date of birth/],
        [{ firstName: 'Anna', lastName: 'Müller', email: 'anna at home' }, /"anna at home" is not an e-mail address/],
      ];
      for (const [person, message] of bad) {
        const err = await lookupPerson(db, m, person, { operator: admin, now: NOW }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(UserInputError);
        expect((err as UserInputError).message).toMatch(message);
      }
      // German dates are accepted as typed.
      const p = planted.find((x) => x.cause === 'returning_employee')!;
      const person = await personOf(p.uid_b);
      const [y, mo, d] = (person.birthDate ?? '1980-01-01').split('-');
      const german = await lookupPerson(db, m, { ...person, birthDate: `${d}.${mo}.${y}` }, { operator: admin, now: NOW });
      const iso = await lookupPerson(db, m, person, { operator: admin, now: NOW });
      expect(uids(german)).toEqual(uids(iso));
    });

    it('answers from its index after the first query; leaves a deleted account out at once and finds a new one within a second', async () => {
      const p = planted.find((x) => x.cause === 'hr_multiple_records')!;
      const person = await personOf(p.uid_b);
      await lookupPerson(db, m, person, { operator: admin, now: NOW });
      const again = await lookupPerson(db, m, person, { operator: admin, now: NOW });
      expect(again.indexBuilt).toBe(false);
      expect(uids(again)).toContain(p.uid_a);
      const status = (await db('users').where('uid', p.uid_a).first()).status;
      await db('users').where('uid', p.uid_a).update({ status: 'deleted' });
      try {
        const after = await lookupPerson(db, m, person, { operator: admin, now: NOW });
        expect(uids(after)).not.toContain(p.uid_a);
        expect(uids(after)).toContain(p.uid_b);
        expect(after.withinClearance).toBe(again.withinClearance - 1);
      } finally {
        await db('users').where('uid', p.uid_a).update({ status });
      }
      // An account created by hand a moment ago (a copy of the typed account under a new uid and login).
      const { id: _id, ...row } = await db('users').where('uid', p.uid_b).first();
      await db('users').insert({ ...row, uid: 'NEW-0001', login: 'new.account.0001', email: null });
      try {
        // Queries typed within FRESHNESS_MS of a check trust it; the next one sees the new account.
        await new Promise((r) => setTimeout(r, FRESHNESS_MS + 50));
        const withNew = await lookupPerson(db, m, person, { operator: admin, now: NOW });
        expect(withNew.indexBuilt).toBe(true);
        expect(uids(withNew)).toContain('NEW-0001');
      } finally {
        await db('users').where('uid', 'NEW-0001').delete();
      }
    });
  });
}
