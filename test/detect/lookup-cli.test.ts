import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase, type TestDatabase } from '../helpers/databases';
import { runCli } from '../helpers/cli';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo, type PlantedPair } from '../../electron/demo/index';
import { EXIT } from '../../electron/cli/exit-codes';

describe('mergedesk lookup', () => {
  let tdb: TestDatabase;
  let pair: PlantedPair;
  let person: { first_name: string; last_name: string; email: string };
  /** A planted pair outside hr.north's region (both accounts), and its typed account. */
  let far: PlantedPair;
  let farPerson: { first_name: string; last_name: string; birth_date: string | null };
  const savedPassword = process.env.MERGEDESK_PASSWORD;

  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    const db = await tdb.open();
    const planted = (await generateDemo(db, new LmsMapping(), { users: 800, seed: 5 })).plantedPairs;
    pair = planted.find((p) => p.cause === 'manual_before_interface')!;
    person = await db('users').where('uid', pair.uid_b).first();
    const units = [Number((await db('users').where('login', 'hr.north').first()).org_unit_id)];
    for (let i = 0; i < units.length; i++) units.push(...(await db('org_units').where('parent_id', units[i]).pluck('id')).map(Number));
    const unitOf = async (uid: string) => Number((await db('users').where('uid', uid).first()).org_unit_id);
    for (const p of planted) if (!far && p.cause === 'hr_multiple_records' && (await db('users').where('uid', p.uid_b).first()).birth_date && !units.includes(await unitOf(p.uid_a)) && !units.includes(await unitOf(p.uid_b))) far = p;
    farPerson = await db('users').where('uid', far.uid_b).first();
    process.env.MERGEDESK_PASSWORD = 'demo';
  }, 120_000);
  afterAll(async () => {
    if (savedPassword === undefined) delete process.env.MERGEDESK_PASSWORD;
    else process.env.MERGEDESK_PASSWORD = savedPassword;
    await tdb?.drop();
  });

  it('--json prints the documented document: matches with their evidence, and the count outside the clearance', async () => {
    const r = await runCli('lookup', '--db', tdb.url, '--first', person.first_name, '--last', person.last_name, '--email', person.email, '--as', 'admin', '--json');
    expect(r.code).toBe(EXIT.ok);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['matches', 'withinClearance', 'outsideClearance', 'minScore', 'priorLog2', 'users']);
    expect(doc.outsideClearance).toBe(0);
    expect(doc.matches.map((x: { uid: string }) => x.uid)).toEqual(expect.arrayContaining([pair.uid_a, pair.uid_b]));
    for (const x of doc.matches) {
      expect(Object.keys(x)).toEqual(['uid', 'firstName', 'lastName', 'birthDate', 'email', 'login', 'employeeId', 'status', 'orgUnit', 'score', 'reasons', 'evidence']);
      for (const e of x.evidence) expect(Object.keys(e)).toEqual(['field', 'level', 'weight']);
      expect(x.score).toBeGreaterThanOrEqual(doc.minScore);
    }
    const typed = doc.matches.find((x: { uid: string }) => x.uid === pair.uid_b);
    expect(typed).toMatchObject({ firstName: person.first_name, lastName: person.last_name, email: person.email });
    expect(typed.reasons).toEqual(expect.arrayContaining(['same first name', 'same e-mail address']));
  });

  it('as a regional admin: fewer accounts listed, the rest counted and not named', async () => {
    // SQLite holds the demo's birth dates as YYYY-MM-DD text, as an admin types them.
    const args = ['lookup', '--db', tdb.url, '--first', farPerson.first_name, '--last', farPerson.last_name, '--birth', farPerson.birth_date!, '--json', '--limit', '1000'];
    const all = (await runCli(...args, '--as', 'admin')).json();
    expect(all.matches.map((x: { uid: string }) => x.uid)).toEqual(expect.arrayContaining([far.uid_a, far.uid_b]));
    const north = await runCli(...args, '--as', 'hr.north');
    expect(north.code).toBe(EXIT.ok);
    const doc = north.json();
    expect(doc.outsideClearance).toBeGreaterThanOrEqual(2);
    expect(doc.withinClearance + doc.outsideClearance).toBe(all.withinClearance);
    const seen = new Set(doc.matches.map((x: { uid: string }) => x.uid));
    for (const x of all.matches) if (!seen.has(x.uid)) expect(north.stdout).not.toContain(x.uid);
    // The human text names the count and whom to ask.
    const text = await runCli(...args.filter((a) => a !== '--json'), '--as', 'hr.north', '--lang', 'en');
    expect(text.stdout).toContain(`${doc.outsideClearance} more matches outside your clearance: ask a system administrator.`);
    expect(text.stdout).not.toContain(far.uid_a);
    const german = await runCli(...args.filter((a) => a !== '--json'), '--as', 'hr.north', '--lang', 'de');
    expect(german.stdout).toContain(`${doc.outsideClearance} weitere Übereinstimmungen außerhalb Ihrer Berechtigung: Wenden Sie sich an einen Systemadministrator.`);
  });

  it('refuses missing names and a bad date with the fix, exit code 3', async () => {
    const noLast = await runCli('lookup', '--db', tdb.url, '--first', 'Anna');
    expect(noLast.code).toBe(EXIT.refused);
    expect(noLast.stderr).toContain('No last name given. Pass both names, e.g. mergedesk lookup --first Anna --last Müller.');
    const badDate = await runCli('lookup', '--db', tdb.url, '--first', 'Anna', '--last', 'Müller', '--birth', '1990-13-01', '--json');
    expect(badDate.code).toBe(EXIT.refused);
    expect(badDate.json()).toEqual({ error: { code: 'INVALID_PERSON', message: expect.stringContaining('"1990-13-01" is not a date of birth MergeDesk can compare. Write it as YYYY-MM-DD or DD.MM.YYYY') } });
    const badScore = await runCli('lookup', '--db', tdb.url, '--first', 'Anna', '--last', 'Müller', '--min-score', '2');
    expect(badScore.code).toBe(EXIT.refused);
    expect(badScore.stderr).toContain('--min-score "2"');
  });
});
