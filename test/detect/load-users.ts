/**
 * Writes a list of plain users (and their user attributes) into a fresh SQLite LMS database
 * with the reference schema: for the quality scripts that measure detection on populations
 * other than the demo (population.ts, febrl-quality.ts).
 */
import type { Knex } from 'knex';
import { bulkInsert, withBulkLoadSettings } from '../../electron/db/bulk-insert';
import { LmsMapping } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { migrateToolTables } from '../../electron/db/tool-schema';
import { scan } from '../../electron/engine/detect/scan';
import type { DuplicateCause } from '@shared/causes';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';
import { evaluate, formatQuality } from './quality';

export interface PlainUser {
  uid: string;
  login: string;
  email: string | null;
  first_name: string;
  last_name: string;
  /** yyyy-mm-dd or null. */
  birth_date: string | null;
  employee_id: string | null;
  phone: string | null;
  org_unit_id: number;
  origin: 'interface' | 'manual' | 'self_registration';
  status: 'active' | 'inactive';
  created_at: Date;
  attributes?: Record<string, string | null>;
}

export interface OrgUnit {
  id: number;
  parent_id: number | null;
  name: string;
}

export async function loadUsers(db: Knex, units: OrgUnit[], users: PlainUser[], m = new LmsMapping()): Promise<LmsMapping> {
  await createReferenceSchema(db, m);
  await migrateToolTables(db);
  await db(m.table('clients')).insert(m.toDbRow('clients', { id: 1, name: 'Company' }));
  await bulkInsert(
    db,
    m.table('org_units'),
    units.map((u) => m.toDbRow('org_units', u)),
  );
  await withBulkLoadSettings(db, async () => {
    const chunk = 5_000;
    for (let s = 0; s < users.length; s += chunk) {
      const part = users.slice(s, s + chunk);
      await bulkInsert(
        db,
        m.table('users'),
        part.map((u, k) =>
          m.toDbRow('users', {
            id: s + k + 1,
            uid: u.uid,
            login: u.login,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            birth_date: u.birth_date,
            employee_id: u.employee_id,
            phone: u.phone,
            client_id: 1,
            org_unit_id: u.org_unit_id,
            origin: u.origin,
            status: u.status,
            is_admin: false,
            password_hash: null,
            last_login_at: null,
            created_at: u.created_at,
            updated_at: u.created_at,
          }),
        ),
      );
      const attrs: Record<string, unknown>[] = [];
      part.forEach((u, k) => {
        for (const [name, value] of Object.entries(u.attributes ?? {})) {
          if (value !== null && value !== '') attrs.push(m.toDbRow('user_attributes', { user_id: s + k + 1, name, value }));
        }
      });
      await bulkInsert(db, m.table('user_attributes'), attrs);
    }
  });
  return m;
}

export interface TruePair {
  uid_a: string;
  uid_b: string;
  cause: DuplicateCause;
  dobMissing?: boolean;
}

/**
 * Planted pairs that share nothing but a name held by three or more accounts (no employee
 * ID, phone, e-mail, attribute value or org unit in common): no method can tell which
 * namesake such an account belongs to, so they bound the recall that can be reached.
 */
export function nameOnlyPairs(users: PlainUser[], pairs: TruePair[]): number {
  const by = new Map(users.map((u) => [u.uid, u]));
  const name = (u: PlainUser) => `${String(u.first_name ?? '').toLowerCase()} ${String(u.last_name ?? '').toLowerCase()}`;
  const holders = new Map<string, number>();
  for (const u of users) holders.set(name(u), (holders.get(name(u)) ?? 0) + 1);
  const same = (x: unknown, y: unknown) => x !== null && x !== undefined && x !== '' && x === y;
  return pairs.filter((t) => {
    const a = by.get(t.uid_a)!;
    const b = by.get(t.uid_b)!;
    const attributes = Object.entries(a.attributes ?? {}).some(([k, v]) => same(v, b.attributes?.[k]));
    const shared = same(a.employee_id, b.employee_id) || same(a.phone, b.phone) || same(a.email, b.email) || a.org_unit_id === b.org_unit_id || attributes;
    return !shared && name(a) === name(b) && (holders.get(name(a)) ?? 0) >= 3;
  }).length;
}

/** Loads the users into a throw-away SQLite database, scans, and measures against the truth. */
export async function measure(units: OrgUnit[], users: PlainUser[], truth: TruePair[], opts: { minScore?: number; verbose?: boolean } = {}) {
  const tdb = sqliteTestDatabase(tempDir('mergedesk-population-'));
  const db = await tdb.open();
  try {
    const m = await loadUsers(db, units, users);
    const t = performance.now();
    const result = await scan(db, m, { minScore: opts.minScore });
    const seconds = (performance.now() - t) / 1000;
    const quality = evaluate(result, truth, []);
    const found = new Set(result.pairs.map((p) => [p.a, p.b].sort().join('+')));
    const noDob = truth.filter((x) => x.dobMissing);
    const noDobFound = noDob.filter((x) => found.has([x.uid_a, x.uid_b].sort().join('+'))).length;
    return { result, quality, seconds, noDob: noDob.length, noDobRecall: noDob.length ? noDobFound / noDob.length : 1, noDobNameOnly: nameOnlyPairs(users, noDob) };
  } finally {
    await tdb.drop();
  }
}

export function printMeasure(label: string, r: Awaited<ReturnType<typeof measure>>, verbose = false): void {
  console.log(`${label}: ${r.result.users} users, ${r.result.candidates} candidates, scan ${r.seconds.toFixed(2)} s; model ${r.result.model.learned ? 'learned' : 'defaults'}, ${r.result.model.expectedDuplicates} duplicates expected, expected precision ${(r.result.model.expectedPrecision * 100).toFixed(1)} %`);
  const t = r.result.stats.timings;
  console.log(`  time: read ${t.readSeconds.toFixed(2)} s, attributes ${t.attributesSeconds.toFixed(2)} s, block + compare ${t.blockCompareSeconds.toFixed(2)} s, estimate ${t.estimateSeconds.toFixed(2)} s, explain ${t.explainSeconds.toFixed(2)} s`);
  console.log(formatQuality(r.quality));
  console.log(`  recall where one birth date is missing: ${(r.noDobRecall * 100).toFixed(1)} % of ${r.noDob} (${r.noDobNameOnly} of them share nothing but a name three or more accounts hold: at most ${((1 - r.noDobNameOnly / Math.max(1, r.noDob)) * 100).toFixed(1)} % can be told apart)`);
  if (verbose) {
    console.log('  false positives:\n    ' + r.quality.falsePositiveExamples.join('\n    '));
    console.log('  missed:\n    ' + r.quality.missedExamples.join('\n    '));
  }
}
