import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, tempDir, type TestDatabase } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import {
  FEEDBACK_STATUSES,
  JOB_PROFILE_STATUSES,
  LMS_TABLE_NAMES,
  OJT_TASK_STATUSES,
  SCORM_COMPLETION,
  TEST_ATTEMPT_STATUSES,
  tableSpec,
  type LmsColumn,
  type LmsTable,
} from '../../electron/db/lms-tables';
import { UserInputError } from '../../electron/errors';
import { DUPLICATE_CAUSE_IDS } from '@shared/causes';
import { ENROLMENT_STATUS_IDS } from '@shared/enrolment-statuses';
import { generateDemo, writeTruthCsv, type DemoResult, type PlantedPair } from '../../electron/demo/index';
import { transliterate } from '../../electron/demo/names';

const mapping = new LmsMapping();
const PRIVATE_DOMAINS = /@(gmail\.com|web\.de|gmx\.de|gmx\.net|t-online\.de|outlook\.com|yahoo\.com|icloud\.com)$/i;

interface UserRow {
  id: number;
  uid: string;
  login: string;
  email: string | null;
  first_name: string;
  last_name: string;
  birth_date: unknown;
  employee_id: string | null;
  phone: string | null;
  org_unit_id: number;
  client_id: number;
  origin: string;
  status: string;
  is_admin: unknown;
  password_hash: string | null;
  created_at: unknown;
}

/** Every row of a table, under logical names, in key order. */
async function dump(db: Knex, t: LmsTable): Promise<Record<string, unknown>[]> {
  const spec = tableSpec(t);
  const key = (spec.primary ?? ['id']).map((c) => mapping.col(t, c as LmsColumn<typeof t>));
  return db(mapping.table(t)).select(mapping.select(t)).orderBy(key);
}

async function distinctValues<T extends LmsTable>(db: Knex, t: T, c: LmsColumn<T>): Promise<string[]> {
  const rows = await db(mapping.table(t)).distinct({ v: mapping.col(t, c) });
  return rows.map((r: { v: unknown }) => String(mapping.logicalValue(t, c, r.v as string)));
}

async function count(db: Knex, t: LmsTable): Promise<number> {
  return Number((await db(mapping.table(t)).count({ n: '*' }).first())?.n ?? 0);
}

const dateText = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v);
const ms = (v: unknown): number => (v instanceof Date ? v.getTime() : Number(v));
const norm = (s: string) => transliterate(s).toLowerCase().replace(/[^a-z]/g, '');
const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** Could a careful human (or a matcher) find this pair? Names close plus one more shared fact. */
function findable(a: UserRow, b: UserRow, cause: string): boolean {
  const sameBirth = (() => {
    const x = dateText(a.birth_date);
    const y = dateText(b.birth_date);
    if (!x || !y) return false;
    const [yx, mx, dx] = x.split('-');
    return x === y || `${yx}-${dx}-${mx}` === y;
  })();
  const sameEmail = !!a.email && !!b.email && a.email.toLowerCase() === b.email.toLowerCase();
  const samePhone = digits(a.phone).length > 5 && [...digits(a.phone)].sort().join() === [...digits(b.phone)].sort().join();
  const sameEmployee = !!a.employee_id && a.employee_id === b.employee_id;
  if (cause === 'name_change') return norm(a.first_name) === norm(b.first_name) && sameBirth;
  const na = norm(a.first_name) + norm(a.last_name);
  const nameClose = Math.min(levenshtein(na, norm(b.first_name) + norm(b.last_name)), levenshtein(na, norm(b.last_name) + norm(b.first_name))) <= 2;
  return nameClose && (sameBirth || sameEmail || samePhone || sameEmployee || a.org_unit_id === b.org_unit_id);
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`demo generator on ${kind.kind}`, () => {
    const created: TestDatabase[] = [];
    let db: Knex;
    let result: DemoResult;
    let users: Map<string, UserRow>;
    const open = async () => {
      const t = await kind.create();
      created.push(t);
      return t.open();
    };

    beforeAll(async () => {
      db = await open();
      result = await generateDemo(db, mapping, { users: 600, seed: 20260630 });
      const rows = (await db(mapping.table('users')).select(mapping.select('users'))) as UserRow[];
      users = new Map(rows.map((r) => [r.uid, mapping.fromDbRow('users', r as never) as unknown as UserRow]));
    });
    afterAll(async () => {
      for (const t of created) await t.drop();
    });

    it('writes exactly the asked number of users and fills every LMS table', async () => {
      expect(result.users).toBe(600);
      expect(await count(db, 'users')).toBe(600);
      for (const t of LMS_TABLE_NAMES) expect.soft(await count(db, t), t).toBeGreaterThan(0);
      expect(await db('md_merge_settings').select('*')).toHaveLength(1);
      const clients = await dump(db, 'clients');
      expect(clients).toHaveLength(2);
      expect(clients.filter((c) => Boolean(c.keep_highest_level_protection))).toHaveLength(1);
    });

    it('leaves auto-increment ids usable: the next insert without an id follows the largest one', async () => {
      const units = mapping.table('org_units');
      const max = Number((await db(units).max({ m: mapping.col('org_units', 'id') }).first())?.m);
      await db(units).insert(mapping.toDbRow('org_units', { parent_id: 1, name: 'Added later' }));
      const added = await db(units).where(mapping.col('org_units', 'name'), 'Added later').first();
      expect(Number(added[mapping.col('org_units', 'id')])).toBe(max + 1);
      await db(units).where(mapping.col('org_units', 'name'), 'Added later').delete();
    });

    it('handles tiny demos', async () => {
      for (const n of [10, 11, 25]) {
        const small = await open();
        const r = await generateDemo(small, mapping, { users: n, seed: n });
        expect(await count(small, 'users')).toBe(n);
        expect(r.users).toBe(n);
      }
      const err = await generateDemo(await open(), mapping, { users: 3, seed: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserInputError);
    });

    it('is deterministic: same seed gives identical tables, another seed does not', async () => {
      const [a, b, c] = [await open(), await open(), await open()];
      const ra = await generateDemo(a, mapping, { users: 300, seed: 99 });
      const rb = await generateDemo(b, mapping, { users: 300, seed: 99 });
      await generateDemo(c, mapping, { users: 300, seed: 100 });
      expect(rb.plantedPairs).toEqual(ra.plantedPairs);
      expect(rb.hardNegatives).toEqual(ra.hardNegatives);
      let differs = 0;
      for (const t of LMS_TABLE_NAMES) {
        const da = await dump(a, t);
        expect(await dump(b, t), t).toEqual(da);
        if (JSON.stringify(await dump(c, t)) !== JSON.stringify(da)) differs++;
      }
      expect(differs).toBeGreaterThan(10);
    });

    it('plants every cause, with pairs of the right shape that can be found', () => {
      const byCause = new Map<string, PlantedPair[]>();
      for (const p of result.plantedPairs) {
        expect(p.uid_a < p.uid_b).toBe(true);
        byCause.set(p.cause, [...(byCause.get(p.cause) ?? []), p]);
      }
      expect([...byCause.keys()].sort()).toEqual([...DUPLICATE_CAUSE_IDS].sort());
      const keys = new Set(result.plantedPairs.map((p) => `${p.uid_a}|${p.uid_b}`));
      expect(keys.size).toBe(result.plantedPairs.length);
      for (const p of result.plantedPairs) {
        const a = users.get(p.uid_a)!;
        const b = users.get(p.uid_b)!;
        expect(a, p.uid_a).toBeDefined();
        expect(b, p.uid_b).toBeDefined();
        expect(Boolean(a.is_admin) || Boolean(b.is_admin)).toBe(false);
        expect.soft(findable(a, b, p.cause), `${p.cause} ${JSON.stringify([a, b])}`).toBe(true);
        const pair = [a, b];
        switch (p.cause) {
          case 'hr_multiple_records':
            expect(pair.every((u) => u.origin === 'interface' && u.status === 'active' && u.employee_id)).toBe(true);
            expect(a.employee_id).not.toBe(b.employee_id);
            expect(a.org_unit_id).not.toBe(b.org_unit_id);
            break;
          case 'manual_before_interface': {
            const manual = pair.find((u) => u.origin === 'manual')!;
            const iface = pair.find((u) => u.origin === 'interface')!;
            expect(manual && iface).toBeTruthy();
            expect(ms(manual.created_at)).toBeLessThan(ms(iface.created_at));
            break;
          }
          case 'self_registration': {
            const self = pair.find((u) => u.origin === 'self_registration')!;
            expect(self).toBeDefined();
            expect(self.employee_id).toBeNull();
            expect(self.email).toMatch(PRIVATE_DOMAINS);
            expect(pair.find((u) => u !== self)!.origin).toBe('interface');
            break;
          }
          case 'returning_employee': {
            const old = pair.find((u) => u.status === 'inactive')!;
            const back = pair.find((u) => u.status === 'active')!;
            expect(old && back).toBeTruthy();
            expect(old.employee_id).toBeTruthy();
            expect(back.employee_id).toBeTruthy();
            expect(old.employee_id).not.toBe(back.employee_id);
            expect(ms(old.created_at)).toBeLessThan(ms(back.created_at));
            break;
          }
          case 'name_change': {
            expect(a.first_name).toBe(b.first_name);
            expect(dateText(a.birth_date)).toBe(dateText(b.birth_date));
            expect(a.last_name).not.toBe(b.last_name);
            const newer = ms(a.created_at) > ms(b.created_at) ? a : b;
            expect(newer.email?.toLowerCase()).toContain(transliterate(newer.last_name).toLowerCase().split('-')[0]!);
            expect(a.email).not.toBe(b.email);
            break;
          }
        }
      }
      // Some persons have three HR records: all three pairs are planted.
      const hrUids = (byCause.get('hr_multiple_records') ?? []).flatMap((p) => [p.uid_a, p.uid_b]);
      const perUid = new Map<string, number>();
      for (const u of hrUids) perUid.set(u, (perUid.get(u) ?? 0) + 1);
      expect([...perUid.values()].some((n) => n === 2)).toBe(true);
    });

    it('puts about 8% of users into planted duplicates', () => {
      const uids = new Set(result.plantedPairs.flatMap((p) => [p.uid_a, p.uid_b]));
      const share = uids.size / 600;
      expect(share).toBeGreaterThan(0.065);
      expect(share).toBeLessThan(0.095);
    });

    it('adds realistic noise to duplicates: umlauts spelled out, case, missing fields', () => {
      const pairs = result.plantedPairs.map((p) => [users.get(p.uid_a)!, users.get(p.uid_b)!] as const);
      const umlautSpelled = pairs.some(([a, b]) => /[äöüß]/i.test(a.last_name + b.last_name) && /(ae|oe|ue|ss)/.test(a.last_name + b.last_name) && norm(a.last_name) === norm(b.last_name) && a.last_name !== b.last_name);
      const missing = pairs.some(([a, b]) => (a.birth_date === null) !== (b.birth_date === null) || (a.employee_id === null) !== (b.employee_id === null));
      const differ = pairs.filter(([a, b]) => a.first_name !== b.first_name || a.last_name !== b.last_name).length;
      expect(umlautSpelled || differ > 5).toBe(true);
      expect(missing).toBe(true);
      expect(differ).toBeGreaterThan(3);
    });

    it('records hard negatives that really are different people', () => {
      const kinds = new Set(result.hardNegatives.map((h) => h.kind));
      expect([...kinds].sort()).toEqual(['family_shared_email', 'namesake', 'namesake_same_birth_date']);
      const planted = new Set(result.plantedPairs.flatMap((p) => [p.uid_a, p.uid_b]));
      for (const h of result.hardNegatives) {
        const a = users.get(h.uid_a)!;
        const b = users.get(h.uid_b)!;
        expect(h.uid_a < h.uid_b).toBe(true);
        expect(planted.has(h.uid_a) || planted.has(h.uid_b)).toBe(false);
        if (h.kind === 'family_shared_email') {
          expect(a.last_name).toBe(b.last_name);
          expect(a.first_name).not.toBe(b.first_name);
          expect(dateText(a.birth_date)).not.toBe(dateText(b.birth_date));
          expect(a.email).toBeTruthy();
          expect(a.email!.toLowerCase()).toBe(b.email!.toLowerCase());
        } else {
          expect(`${a.first_name} ${a.last_name}`).toBe(`${b.first_name} ${b.last_name}`);
          expect(a.employee_id).not.toBe(b.employee_id);
          expect(a.org_unit_id).not.toBe(b.org_unit_id);
          if (h.kind === 'namesake_same_birth_date') expect(dateText(a.birth_date)).toBe(dateText(b.birth_date));
          else expect(dateText(a.birth_date)).not.toBe(dateText(b.birth_date));
        }
      }
    });

    it('stores every status of every enumeration', async () => {
      expect((await distinctValues(db, 'enrolments', 'status_id')).map(Number).sort((x, y) => x - y)).toEqual([...ENROLMENT_STATUS_IDS].sort((x, y) => x - y));
      expect((await distinctValues(db, 'ojt_task_results', 'status')).sort()).toEqual([...OJT_TASK_STATUSES].sort());
      expect((await distinctValues(db, 'test_attempts', 'status')).sort()).toEqual([...TEST_ATTEMPT_STATUSES].sort());
      expect((await distinctValues(db, 'feedback_responses', 'status')).sort()).toEqual([...FEEDBACK_STATUSES].sort());
      expect((await distinctValues(db, 'user_job_profiles', 'status')).sort()).toEqual([...JOB_PROFILE_STATUSES].sort());
      expect((await distinctValues(db, 'scorm_data', 'completion_status')).sort()).toEqual([...SCORM_COMPLETION].sort());
      expect((await distinctValues(db, 'users', 'origin')).sort()).toEqual(['interface', 'manual', 'self_registration']);
      expect((await distinctValues(db, 'users', 'status')).sort()).toEqual(['active', 'anonymised', 'deleted', 'inactive']);
    });

    it('has course-independent media, open-ended level protections, expiring skills and level-based paths', async () => {
      const mp = mapping.table('media_progress');
      expect(await count(db, 'media_progress')).toBeGreaterThan(0);
      expect(Number((await db(mp).whereNull(mapping.col('media_progress', 'course_id')).count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
      expect(Number((await db(mp).whereNotNull(mapping.col('media_progress', 'course_id')).count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
      const lp = mapping.table('level_protections');
      expect(Number((await db(lp).whereNull(mapping.col('level_protections', 'protection_end_date')).count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
      expect(Number((await db(lp).whereNotNull(mapping.col('level_protections', 'protection_end_date')).count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
      expect(Number((await db(mapping.table('user_skills')).whereNotNull(mapping.col('user_skills', 'expires_at')).count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
      const paths = await dump(db, 'learning_paths');
      expect(paths.some((p) => Boolean(p.level_based))).toBe(true);
      expect(paths.some((p) => !p.level_based)).toBe(true);
      const tests = await dump(db, 'tests');
      expect(tests.some((t) => t.course_id === null)).toBe(true);
      expect(await count(db, 'course_tutors')).toBeGreaterThan(0);
      const mentors = await db(mapping.table('ojt_assignments')).whereNotNull(mapping.col('ojt_assignments', 'mentor_id')).count({ n: '*' }).first();
      expect(Number(mentors?.n)).toBeGreaterThan(0);
      const attrs = await distinctValues(db, 'user_attributes', 'name');
      expect(attrs).toEqual(expect.arrayContaining(['department', 'cost_center', 'language']));
    });

    it('gives both halves of duplicates training history, with conflicts on the same course, skill and job profile', async () => {
      const idOf = (uid: string) => users.get(uid)!.id;
      const shared = async (t: 'enrolments' | 'user_skills' | 'user_job_profiles' | 'level_protections', col: string) => {
        let n = 0;
        for (const p of result.plantedPairs) {
          const rows = await db(mapping.table(t))
            .whereIn(mapping.col(t, 'user_id'), [idOf(p.uid_a), idOf(p.uid_b)])
            .select({ user_id: mapping.col(t, 'user_id'), obj: mapping.col(t, col as never) });
          const a = new Set(rows.filter((r) => r.user_id === idOf(p.uid_a)).map((r) => r.obj));
          if (rows.some((r) => r.user_id === idOf(p.uid_b) && a.has(r.obj))) n++;
        }
        return n;
      };
      const withHistory = await db(mapping.table('enrolments'))
        .whereIn(mapping.col('enrolments', 'user_id'), result.plantedPairs.flatMap((p) => [idOf(p.uid_a), idOf(p.uid_b)]))
        .countDistinct({ n: mapping.col('enrolments', 'user_id') })
        .first();
      expect(Number(withHistory?.n)).toBeGreaterThan(result.plantedPairs.length);
      expect(await shared('enrolments', 'course_id')).toBeGreaterThan(result.plantedPairs.length / 3);
      expect(await shared('user_skills', 'skill_id')).toBeGreaterThan(0);
      expect(await shared('user_job_profiles', 'job_profile_id')).toBeGreaterThan(0);
      expect(await shared('level_protections', 'learning_path_id')).toBeGreaterThan(0);
    });

    it('refuses a database that already holds users, and changes nothing', async () => {
      const before = await count(db, 'users');
      const err = await generateDemo(db, mapping, { users: 50, seed: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserInputError);
      expect((err as UserInputError).code).toBe('DEMO_DB_NOT_EMPTY');
      expect((err as UserInputError).problem).toMatch(/already holds 600 user accounts/);
      expect((err as UserInputError).fix).toMatch(/empty database/);
      expect(await count(db, 'users')).toBe(before);
    });

    it('writes the truth CSV: header uid_a,uid_b,cause and one row per planted pair', () => {
      const file = path.join(tempDir('mergedesk-truth-'), 'truth.csv');
      writeTruthCsv(file, result.plantedPairs);
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('uid_a,uid_b,cause');
      expect(lines).toHaveLength(result.plantedPairs.length + 1);
      for (const [i, line] of lines.slice(1).entries()) {
        const [a, b, cause] = line.split(',');
        expect(users.has(a!) && users.has(b!)).toBe(true);
        expect(a! < b!).toBe(true);
        expect(DUPLICATE_CAUSE_IDS).toContain(cause);
        expect({ uid_a: a, uid_b: b, cause }).toEqual(result.plantedPairs[i]);
      }
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it('lets admin log in with "demo" and limits hr.north to one subtree', async () => {
      const admin = [...users.values()].find((u) => u.login === 'admin')!;
      expect(Boolean(admin.is_admin)).toBe(true);
      expect(admin.password_hash).toMatch(/^\$2[aby]\$08\$/);
      expect(bcrypt.compareSync('demo', admin.password_hash!)).toBe(true);
      expect(bcrypt.compareSync('wrong', admin.password_hash!)).toBe(false);
      expect(result.admins.map((a) => a.login)).toEqual(expect.arrayContaining(['admin', 'hr.north']));
      expect(result.admins.every((a) => a.password === 'demo' && a.description.length > 10)).toBe(true);

      const units = await dump(db, 'org_units');
      const clearances = await dump(db, 'clearances');
      const children = new Map<unknown, unknown[]>();
      for (const u of units) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
      const subtree = (root: unknown) => {
        const out = new Set<unknown>([root]);
        const stack = [root];
        while (stack.length) for (const c of children.get(stack.pop()) ?? []) if (!out.has(c)) (out.add(c), stack.push(c));
        return out;
      };
      const full = clearances.find((c) => c.admin_id === admin.id)!;
      expect(full.org_unit_id).toBe(units.find((u) => u.parent_id === null)!.id);
      expect([full.include_subunits, full.can_view, full.can_edit, full.can_delete].every(Boolean)).toBe(true);

      const limited = [...users.values()].find((u) => u.login === 'hr.north')!;
      expect(bcrypt.compareSync('demo', limited.password_hash!)).toBe(true);
      const own = clearances.filter((c) => c.admin_id === limited.id);
      expect(own).toHaveLength(1);
      const covered = subtree(own[0]!.org_unit_id);
      expect(covered.size).toBeGreaterThan(1);
      expect(covered.size).toBeLessThan(units.length / 2);
      const regular = [...users.values()].filter((u) => !u.is_admin);
      const inside = regular.filter((u) => covered.has(u.org_unit_id)).length;
      expect(inside).toBeGreaterThan(0);
      expect(inside).toBeLessThan(regular.length * 0.5);
    });
  });
}
