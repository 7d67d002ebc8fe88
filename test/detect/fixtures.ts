/**
 * Hand-built LMS accounts for the detection tests: one planted pair per cause, the hard
 * negatives (namesakes, a family sharing an address) and unrelated filler users.
 */
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import type { DuplicateCause } from '@shared/causes';
import { bulkInsert, resetIdentity } from '../../electron/db/bulk-insert';
import { LmsMapping } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { migrateToolTables } from '../../electron/db/tool-schema';

export interface FixtureUser {
  uid: string;
  login?: string;
  email?: string | null;
  first_name: string;
  last_name: string;
  birth_date?: string | null;
  employee_id?: string | null;
  phone?: string | null;
  org_unit_id?: number;
  origin?: 'interface' | 'manual' | 'self_registration';
  status?: 'active' | 'inactive' | 'deleted' | 'anonymised';
  is_admin?: boolean;
  password?: string;
  last_login_at?: string | null;
  created_at?: string;
}

/** Org units: 1 Head office ← 2 Sales ← 4 Sales North; 1 ← 3 Plant. */
export const ORG_UNITS = [
  { id: 1, parent_id: null, name: 'Head office' },
  { id: 2, parent_id: 1, name: 'Sales' },
  { id: 3, parent_id: 1, name: 'Plant' },
  { id: 4, parent_id: 2, name: 'Sales North' },
];

export const PLANTED: { a: string; b: string; cause: DuplicateCause }[] = [
  { a: 'hr-1', b: 'hr-2', cause: 'hr_multiple_records' },
  { a: 'mb-1', b: 'mb-2', cause: 'manual_before_interface' },
  { a: 'sr-1', b: 'sr-2', cause: 'self_registration' },
  { a: 'rt-1', b: 'rt-2', cause: 'returning_employee' },
  { a: 'nc-1', b: 'nc-2', cause: 'name_change' },
];

export const HARD_NEGATIVES: { a: string; b: string; kind: string }[] = [
  { a: 'ns-1', b: 'ns-2', kind: 'namesakes with different birth dates' },
  { a: 'fm-1', b: 'fm-2', kind: 'family sharing an e-mail address' },
];

const FILLER_FIRST = ['Lena', 'Tobias', 'Miriam', 'Oliver', 'Greta', 'Volker', 'Ines', 'Rainer', 'Carla', 'Dieter', 'Nora', 'Florian', 'Helga', 'Sven', 'Paula', 'Emil', 'Frieda', 'Konrad', 'Ute', 'Malte'];
const FILLER_LAST = ['Albrecht', 'Brandt', 'Dietrich', 'Engel', 'Franke', 'Graf', 'Haas', 'Jung', 'Kuhn', 'Lorenz', 'Martin', 'Nagel', 'Otto', 'Pohl', 'Ritter', 'Seidel', 'Thiel', 'Ulrich', 'Voigt', 'Winkler'];

export function fixtureUsers(): FixtureUser[] {
  const users: FixtureUser[] = [
    // Administrators.
    { uid: 'adm-1', login: 'admin', first_name: 'Ada', last_name: 'Administrator', is_admin: true, password: 'demo', org_unit_id: 1, origin: 'manual' },
    { uid: 'adm-2', login: 'sales-admin', first_name: 'Sam', last_name: 'Salesadmin', is_admin: true, password: 'demo', org_unit_id: 2, origin: 'manual' },

    // hr_multiple_records: one HR record per position, both active.
    { uid: 'hr-1', first_name: 'Katharina', last_name: 'Obermeier', birth_date: '1984-03-12', employee_id: '10001', email: 'k.obermeier@firma.de', org_unit_id: 2, created_at: '2021-04-01' },
    { uid: 'hr-2', first_name: 'Katharina', last_name: 'Obermeier', birth_date: '1984-03-12', employee_id: '10002', email: null, org_unit_id: 3, created_at: '2021-04-01' },

    // manual_before_interface: typed in by hand before the start date, then HR sent the record.
    { uid: 'mb-1', origin: 'manual', first_name: 'jürgen', last_name: 'Weißenborn', birth_date: '1979-07-30', employee_id: null, email: 'j.weissenborn@firma.de', org_unit_id: 3, created_at: '2023-01-10', last_login_at: null },
    { uid: 'mb-2', first_name: 'Juergen', last_name: 'Weissenborn', birth_date: '1979-07-30', employee_id: '20001', email: 'juergen.weissenborn@firma.de', org_unit_id: 3, created_at: '2023-02-01' },

    // self_registration: registered with a private address.
    { uid: 'sr-1', first_name: 'Anna-Lena', last_name: 'Brückner', birth_date: '1990-11-02', employee_id: '30011', email: 'anna-lena.brueckner@firma.de', org_unit_id: 4 },
    { uid: 'sr-2', origin: 'self_registration', login: 'annalena.b@gmail.com', first_name: 'anna lena', last_name: 'brueckner', birth_date: '1990-11-02', employee_id: null, email: 'annalena.b@gmail.com', org_unit_id: 4 },

    // returning_employee: old record inactive, new employee ID years later.
    { uid: 'rt-1', status: 'inactive', first_name: 'Henrik', last_name: 'Wendeborn', birth_date: '1975-05-05', employee_id: '40001', email: 'henrik.wendeborn@firma.de', org_unit_id: 2, created_at: '2012-03-01', last_login_at: '2016-08-30' },
    { uid: 'rt-2', first_name: 'Henrik', last_name: 'Wendeborn', birth_date: '1975-05-05', employee_id: '48877', email: 'henrik.wendeborn2@firma.de', org_unit_id: 3, created_at: '2023-06-01' },

    // name_change: married, HR created a new account under the new name.
    { uid: 'nc-1', first_name: 'Sabine', last_name: 'Kästner', birth_date: '1988-08-18', employee_id: '50001', email: 'sabine.kaestner@firma.de', phone: '+49 170 5550123', org_unit_id: 4, created_at: '2015-01-01' },
    { uid: 'nc-2', first_name: 'Sabine', last_name: 'Lohmeyer', birth_date: '1988-08-18', employee_id: '50001', email: 'sabine.lohmeyer@firma.de', phone: '0170 555 01 23', org_unit_id: 4, created_at: '2022-05-01' },

    // Hard negatives.
    { uid: 'ns-1', first_name: 'Thomas', last_name: 'Müller', birth_date: '1971-01-02', employee_id: '60001', email: 'thomas.mueller@firma.de', org_unit_id: 2 },
    { uid: 'ns-2', first_name: 'Thomas', last_name: 'Mueller', birth_date: '1982-06-15', employee_id: '60002', email: 'thomas.mueller2@firma.de', org_unit_id: 3 },
    { uid: 'fm-1', origin: 'self_registration', first_name: 'Peter', last_name: 'Hansen', birth_date: '1960-02-03', email: 'familie.hansen@web.de', org_unit_id: 2 },
    { uid: 'fm-2', origin: 'self_registration', first_name: 'Maria', last_name: 'Hansen', birth_date: '1962-09-21', email: 'familie.hansen@web.de', org_unit_id: 2 },
  ];
  for (let i = 0; i < FILLER_FIRST.length; i++) {
    const first = FILLER_FIRST[i]!;
    const last = FILLER_LAST[(i * 7) % FILLER_LAST.length]!;
    users.push({
      uid: `fl-${String(i + 1).padStart(2, '0')}`,
      first_name: first,
      last_name: last,
      birth_date: `19${60 + i}-0${(i % 9) + 1}-1${i % 10}`,
      employee_id: String(70000 + i),
      email: `${first.toLowerCase()}.${last.toLowerCase()}@firma.de`,
      org_unit_id: (i % 4) + 1,
    });
  }
  return users;
}

/** Creates the reference schema and tool tables and inserts the users. */
export async function buildFixture(db: Knex, users: FixtureUser[] = fixtureUsers(), m = new LmsMapping()): Promise<LmsMapping> {
  await createReferenceSchema(db, m);
  await migrateToolTables(db);
  // Explicit ids go through the tool's own identity-insert path, so this holds on SQL Server too.
  await insertWithIds(db, m, 'clients', [m.toDbRow('clients', { id: 1, name: 'Firma' })]);
  await insertWithIds(db, m, 'org_units', ORG_UNITS.map((u) => m.toDbRow('org_units', u)));
  const rows = await Promise.all(
    users.map(async (u, i) =>
      m.toDbRow('users', {
        id: i + 1,
        uid: u.uid,
        login: u.login ?? `login-${u.uid}`,
        email: u.email === undefined ? null : u.email,
        first_name: u.first_name,
        last_name: u.last_name,
        birth_date: u.birth_date ?? null,
        employee_id: u.employee_id ?? null,
        phone: u.phone ?? null,
        client_id: 1,
        org_unit_id: u.org_unit_id ?? 1,
        origin: u.origin ?? 'interface',
        status: u.status ?? 'active',
        is_admin: u.is_admin ?? false,
        password_hash: u.password ? await bcrypt.hash(u.password, 4) : null,
        last_login_at: u.last_login_at === undefined ? new Date('2024-05-01T08:00:00Z') : u.last_login_at === null ? null : new Date(u.last_login_at),
        created_at: new Date(u.created_at ?? '2020-01-01'),
        updated_at: new Date(u.created_at ?? '2020-01-01'),
      }),
    ),
  );
  await insertWithIds(db, m, 'users', rows);
  // Clearances: admin sees everything, sales-admin sees Sales and its subunits.
  await db(m.table('clearances')).insert([
    m.toDbRow('clearances', { admin_id: 1, org_unit_id: 1, include_subunits: true, can_view: true, can_edit: true, can_delete: true }),
    m.toDbRow('clearances', { admin_id: 2, org_unit_id: 2, include_subunits: true, can_view: true, can_edit: true, can_delete: false }),
  ]);
  return m;
}

/** Rows with explicit ids: IDENTITY_INSERT on SQL Server, and the next generated id follows the largest. */
async function insertWithIds(db: Knex, m: LmsMapping, t: 'clients' | 'org_units' | 'users', rows: Record<string, unknown>[]): Promise<void> {
  const id = m.col(t, 'id');
  await bulkInsert(db, m.table(t), rows, { identityColumn: id });
  await resetIdentity(db, m.table(t), id);
}

/** The same users with no e-mail, no employee ID and logins that say nothing. */
export function withoutIdentifiers(users: FixtureUser[]): FixtureUser[] {
  return users.map((u, i) => ({ ...u, email: null, employee_id: null, login: u.is_admin ? u.login : `x${1000 + i}` }));
}
