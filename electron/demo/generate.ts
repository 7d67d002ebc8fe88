import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { faker as fakerDE } from '@faker-js/faker/locale/de';
import { faker as fakerEN } from '@faker-js/faker/locale/en';
import { UserInputError } from '../errors';
import { bulkInsert, resetIdentity, withBulkLoadSettings } from '../db/bulk-insert';
import {
  FEEDBACK_STATUSES,
  JOB_PROFILE_STATUSES,
  LMS_TABLE_NAMES,
  OJT_TASK_STATUSES,
  SCORM_COMPLETION,
  TEST_ATTEMPT_STATUSES,
  tableSpec,
  type LmsTable,
} from '../db/lms-tables';
import type { LmsMapping } from '../db/mapping';
import { DUPLICATE_CAUSE_IDS, type DuplicateCause } from '../../shared/causes';
import { ENROLMENT_STATUS_IDS } from '../../shared/enrolment-statuses';
import { Rng } from './rng';
import { buildCatalogue, COMPANY_DOMAINS, type Catalogue, type Row } from './catalogue';
import {
  commonName,
  emailLocal,
  firstName,
  hasUmlaut,
  lastName,
  phoneNumber,
  privateEmail,
  transliterate,
  transposeDigits,
  typo,
  type Gender,
  type Locale,
} from './names';

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

export interface DemoOptions {
  users: number;
  seed: number;
  onProgress?: (p: DemoProgress) => void;
}

/** uid_a < uid_b */
export interface PlantedPair {
  uid_a: string;
  uid_b: string;
  cause: DuplicateCause;
}

export type HardNegativeKind = 'namesake' | 'namesake_same_birth_date' | 'family_shared_email';

export interface HardNegative {
  uid_a: string;
  uid_b: string;
  kind: HardNegativeKind;
}

export interface DemoAdmin {
  login: string;
  password: string;
  description: string;
}

export interface DemoResult {
  users: number;
  plantedPairs: PlantedPair[];
  hardNegatives: HardNegative[];
  admins: DemoAdmin[];
  seconds: number;
}

/** The fixed "now" of every demo database. */
export const DEMO_NOW = Date.UTC(2026, 5, 30, 12, 0, 0);
const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** Share of users that take part in a planted duplicate. */
export const DUPLICATE_SHARE = 0.08;
const HARD_NEGATIVE_SHARE = 0.012;
const CHUNK_USERS = 4000;
const ADMIN_PASSWORD = 'demo';
const BCRYPT_COST = 8;

/** Tables filled per chunk of users, in foreign-key order. */
const USER_TABLES = [
  'users',
  'user_attributes',
  'group_members',
  'course_tutors',
  'enrolments',
  'media_progress',
  'scorm_data',
  'ojt_assignments',
  'ojt_task_results',
  'test_attempts',
  'feedback_responses',
  'user_job_profiles',
  'user_skills',
  'skill_history',
  'audit_log',
  'level_protections',
] as const satisfies readonly LmsTable[];

const ENROLMENT_WEIGHTS: Record<number, number> = { 11: 35, 12: 5, 9: 12, 8: 12, 18: 3, 6: 3, 19: 2, 3: 5, 2: 4, 17: 6, 1: 3, 5: 3, 7: 7 };

// ---------------------------------------------------------------------------------------

interface Person {
  locale: Locale;
  gender: Gender;
  first: string;
  last: string;
  birth: string;
  phone: string;
}

/** Shared training objects planted on every account of a duplicate cluster (merge conflicts). */
interface Shared {
  courses: number[];
  skills: number[];
  jobProfiles: number[];
  learningPath?: number;
  ojt?: number;
  tutorCourse?: number;
  group?: number;
}

/** An account before it gets its id, uid and login. */
interface Draft {
  first: string;
  last: string;
  locale: Locale;
  birth: string | null;
  employeeId: string | null;
  phone: string | null;
  client: number;
  unit: number;
  origin: 'interface' | 'manual' | 'self_registration';
  status: 'active' | 'inactive' | 'deleted' | 'anonymised';
  createdMs: number;
  /** End of the account's activity (last login); history happens before it. */
  untilMs: number;
  lastLoginMs: number | null;
  /** login: local part from the name, or an e-mail address (self-registration). */
  loginFrom: { kind: 'name'; first: string; last: string } | { kind: 'email'; email: string };
  /** company: <login>@<client domain>; fixed: this address; cluster: the first member's address. */
  email: { kind: 'company' } | { kind: 'fixed'; value: string | null } | { kind: 'cluster' } | { kind: 'company-named'; first: string; last: string };
  passwordHash: string | null;
  shared?: Shared;
  attributes: { department: string; language: string; location?: string; position?: string };
  historyScale: number;
}

interface Cluster {
  type: 'dup' | 'neg';
  cause?: DuplicateCause;
  kind?: HardNegativeKind;
  expected: number;
  uids: string[];
  firstEmail?: string | null;
}

interface Scheduled {
  due: number;
  seq: number;
  draft: Draft;
  cluster?: Cluster;
}

// ---------------------------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, '0');

function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** A date-time at whole seconds. */
function at(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

function between(rng: Rng, from: number, to: number): number {
  return to <= from ? from : from + Math.floor(rng.next() * (to - from));
}

/** A deterministic bcrypt hash: the salt comes from the seeded generator. */
function bcryptHash(rng: Rng, password: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) bytes.push(rng.int(0, 255));
  const salt = `$2b$${pad2(BCRYPT_COST)}$${bcrypt.encodeBase64(bytes, 16)}`;
  return bcrypt.hashSync(password, salt);
}

/**
 * Employee numbers: a different number for every record, 8 digits for client 1 and 6
 * (zero-padded) for client 2, in an order that looks random (a keyed Feistel permutation
 * with cycle walking, so numbers never repeat).
 */
export class EmployeeIds {
  private seq1 = 0;
  private seq2 = 0;
  private readonly keys: number[];
  constructor(rng: Rng) {
    this.keys = [rng.int(0, 0x7fffffff), rng.int(0, 0x7fffffff), rng.int(0, 0x7fffffff), rng.int(0, 0x7fffffff)];
  }
  private feistel(v: number, halfBits: number): number {
    const mask = (1 << halfBits) - 1;
    let l = Math.floor(v / (1 << halfBits)) & mask;
    let r = v & mask;
    for (const k of this.keys) {
      let f = Math.imul(r ^ k, 0x9e3779b1);
      f = (f ^ (f >>> 15)) & mask;
      [l, r] = [r, l ^ f];
    }
    return l * (1 << halfBits) + r;
  }
  private permute(i: number, size: number, halfBits: number): number {
    let v = this.feistel(i, halfBits);
    while (v >= size) v = this.feistel(v, halfBits);
    return v;
  }
  next(client: number): string {
    if (client === 1) return String(10_000_000 + this.permute(this.seq1++ % 90_000_000, 90_000_000, 14));
    return String(this.permute(this.seq2++ % 1_000_000, 1_000_000, 10)).padStart(6, '0');
  }
}

// ---------------------------------------------------------------------------------------

export class DemoGenerator {
  private readonly rng: Rng;
  private readonly histRng: Rng;
  private readonly cat: Catalogue;
  private readonly emp: EmployeeIds;
  private readonly nextId = new Map<LmsTable, number>();
  private readonly buf = new Map<LmsTable, Row[]>();
  private readonly logins = new Set<string>();
  private readonly loginNext = new Map<string, number>();
  private readonly cover = new Map<string, number>();
  private readonly pending: Scheduled[] = [];
  private pendingSorted = true;
  private readonly unitRegion = new Map<number, number>();
  private seq = 0;
  private emitted = 0;
  private scheduled = 0;
  private dupUsers = 0;
  private negUsers = 0;
  private clusterCount = 0;
  private negCount = 0;
  private hrClusters = 0;
  private firstRegularId = 1;
  private passwordHashes: string[] = [];
  readonly plantedPairs: PlantedPair[] = [];
  readonly hardNegatives: HardNegative[] = [];
  readonly admins: DemoAdmin[] = [];

  constructor(
    private readonly db: Knex,
    private readonly mapping: LmsMapping,
    private readonly options: DemoOptions,
  ) {
    const root = new Rng(options.seed);
    this.rng = root.fork(1);
    this.histRng = root.fork(2);
    fakerDE.seed(options.seed);
    fakerEN.seed(options.seed + 1);
    this.cat = buildCatalogue(root.fork(3), options.users);
    this.emp = new EmployeeIds(root.fork(4));
    for (const l of this.cat.leaves) this.unitRegion.set(l.id, l.region);
    const hashRng = root.fork(5);
    this.passwordHashes = [bcryptHash(hashRng, ADMIN_PASSWORD), bcryptHash(hashRng, ADMIN_PASSWORD), bcryptHash(hashRng, ADMIN_PASSWORD)];
    // Accounts that log in with a password (not through single sign-on) share one hash of a password nobody knows.
    this.passwordHashes.push(bcryptHash(hashRng, `locked-${options.seed}-${hashRng.next()}`));
  }

  private id(t: LmsTable): number {
    const n = (this.nextId.get(t) ?? 0) + 1;
    this.nextId.set(t, n);
    return n;
  }

  private push(t: LmsTable, row: Row): void {
    let list = this.buf.get(t);
    if (!list) this.buf.set(t, (list = []));
    list.push(row);
  }

  /** Walks through every value of an enumeration first, then draws by weight: small demos still show every status. */
  private covered<T>(key: string, values: readonly T[], weighted: () => T): T {
    const n = this.cover.get(key) ?? 0;
    if (n < values.length) {
      this.cover.set(key, n + 1);
      return values[n]!;
    }
    return weighted();
  }

  private async insertRows(db: Knex, t: LmsTable, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const physical = rows.map((r) => this.mapping.toDbRow(t, r as never));
    const spec = tableSpec(t);
    await bulkInsert(db, this.mapping.table(t), physical, spec.columns.id?.type === 'id' ? { identityColumn: this.mapping.col(t, 'id' as never) } : {});
  }

  private progress(phase: string, done: number, total: number): void {
    this.options.onProgress?.({ phase, done, total });
  }

  // -------------------------------------------------------------------------------------

  async run(): Promise<void> {
    await withBulkLoadSettings(this.db, () => this.generate());
  }

  private async generate(): Promise<void> {
    const total = this.options.users;
    this.progress('catalogue', 0, 1);
    const c = this.cat;
    await this.db.transaction(async (trx) => {
      await this.insertRows(trx, 'clients', c.clients);
      await this.insertRows(trx, 'org_units', c.orgUnits);
      await this.insertRows(trx, 'groups', c.groups);
      await this.insertRows(trx, 'courses', c.courses);
      await this.insertRows(trx, 'media', c.media);
      await this.insertRows(trx, 'scos', c.scos);
      await this.insertRows(trx, 'ojt_trainings', c.ojtTrainings);
      await this.insertRows(trx, 'tests', c.tests);
      await this.insertRows(trx, 'feedback_forms', c.feedbackForms);
      await this.insertRows(trx, 'job_profiles', c.jobProfiles);
      await this.insertRows(trx, 'skills', c.skills);
      await this.insertRows(trx, 'learning_paths', c.learningPaths);
    });
    this.progress('catalogue', 1, 1);

    this.addAdmins();
    let lastFlush = 0;
    while (this.scheduled < total || this.pending.length > 0) {
      if (this.scheduled < total) this.schedule(total - this.scheduled);
      this.emitDue(this.scheduled >= total);
      if (this.emitted - lastFlush >= CHUNK_USERS) {
        await this.flush();
        lastFlush = this.emitted;
        this.progress('users', this.emitted, total);
      }
    }
    await this.flush();
    this.progress('users', this.emitted, total);

    this.progress('finish', 0, 1);
    for (const t of LMS_TABLE_NAMES) {
      if (tableSpec(t).columns.id?.type === 'id') await resetIdentity(this.db, this.mapping.table(t), this.mapping.col(t, 'id' as never));
    }
    this.plantedPairs.sort((a, b) => (a.uid_a < b.uid_a ? -1 : a.uid_a > b.uid_a ? 1 : a.uid_b < b.uid_b ? -1 : a.uid_b > b.uid_b ? 1 : 0));
    this.progress('finish', 1, 1);
  }

  private async flush(): Promise<void> {
    const tables = USER_TABLES.filter((t) => (this.buf.get(t)?.length ?? 0) > 0);
    if (tables.length === 0 && !this.buf.get('clearances')?.length) return;
    await this.db.transaction(async (trx) => {
      for (const t of USER_TABLES) {
        await this.insertRows(trx, t, this.buf.get(t) ?? []);
        if (t === 'users') await this.insertRows(trx, 'clearances', this.buf.get('clearances') ?? []);
      }
    });
    this.buf.clear();
  }

  // -------------------------------------------------------------------------------------
  // Admins

  private addAdmins(): void {
    const c = this.cat;
    const north = c.regionUnits[0]!;
    const defs = [
      { login: 'admin', first: 'Demo', last: 'Administrator', description: 'Full administrator: view, edit and delete on the whole organisation (root unit including subunits).', unit: c.rootUnit, rights: [true, true, true] },
      { login: 'hr.north', first: 'Hanna', last: 'Nordmann', description: `Limited administrator: view, edit and delete only in "${north.name}" and its subunits.`, unit: north.id, rights: [true, true, true] },
      { login: 'auditor', first: 'Arne', last: 'Prüfer', description: 'Read-only administrator: may view every user but neither edit nor delete (cannot merge).', unit: c.rootUnit, rights: [true, false, false] },
    ] as const;
    defs.forEach((a, i) => {
      const id = this.id('users');
      this.logins.add(a.login);
      const created = DEMO_NOW - 3 * YEAR + i * DAY;
      this.push('users', {
        id,
        uid: uidOf(id),
        login: a.login,
        email: `${a.login}@${COMPANY_DOMAINS[1]}`,
        first_name: a.first,
        last_name: a.last,
        birth_date: null,
        employee_id: null,
        phone: null,
        client_id: 1,
        org_unit_id: a.unit,
        origin: 'manual',
        status: 'active',
        is_admin: true,
        password_hash: this.passwordHashes[i]!,
        last_login_at: at(DEMO_NOW - (i + 1) * 3_600_000),
        created_at: at(created),
        updated_at: at(created + DAY),
      });
      this.push('clearances', {
        id: this.id('clearances'),
        admin_id: id,
        org_unit_id: a.unit,
        include_subunits: true,
        can_view: a.rights[0],
        can_edit: a.rights[1],
        can_delete: a.rights[2],
      });
      this.admins.push({ login: a.login, password: ADMIN_PASSWORD, description: a.description });
    });
    this.emitted = defs.length;
    this.scheduled = defs.length;
    this.firstRegularId = defs.length + 1;
  }

  // -------------------------------------------------------------------------------------
  // Scheduling: singles, duplicate clusters and hard negatives

  private schedule(room: number): void {
    const rng = this.rng;
    const upcoming = this.scheduled + 3;
    if (room >= 3 && this.dupUsers < DUPLICATE_SHARE * upcoming && rng.chance(0.5)) {
      this.scheduleDuplicate(room);
      return;
    }
    if (room >= 2 && this.negUsers < HARD_NEGATIVE_SHARE * upcoming && rng.chance(0.3)) {
      this.scheduleHardNegative();
      return;
    }
    this.add(this.single(this.person()));
  }

  private add(draft: Draft, cluster?: Cluster, delay = 0): void {
    this.pending.push({ due: this.scheduled + delay, seq: this.seq++, draft, cluster });
    this.pendingSorted = false;
    this.scheduled++;
  }

  private emitDue(all: boolean): void {
    if (this.pending.length === 0) return;
    if (!this.pendingSorted) {
      this.pending.sort((a, b) => a.due - b.due || a.seq - b.seq);
      this.pendingSorted = true;
    }
    while (this.pending.length > 0 && (all || this.pending[0]!.due <= this.scheduled)) {
      const s = this.pending.shift()!;
      this.emit(s.draft, s.cluster);
    }
  }

  private person(locale?: Locale): Person {
    const rng = this.rng;
    const loc: Locale = locale ?? (rng.chance(0.72) ? 'de' : 'en');
    const gender: Gender = rng.chance(0.5) ? 'female' : 'male';
    return {
      locale: loc,
      gender,
      first: firstName(rng, loc, gender),
      last: lastName(rng, loc),
      birth: ymd(Date.UTC(1958, 0, 1) + Math.floor(rng.next() * 46 * YEAR)),
      phone: phoneNumber(rng, loc),
    };
  }

  private leaf(region?: number): { unit: number; client: number; department: string; city: string } {
    const rng = this.rng;
    const c = this.cat;
    const idx = region === undefined ? rng.int(0, c.leaves.length - 1) : rng.pick(c.leavesByRegion[region]!);
    const l = c.leaves[idx]!;
    return { unit: l.id, client: l.client, department: l.department, city: l.city };
  }

  private regionOf(unit: number): number {
    return this.unitRegion.get(unit) ?? 0;
  }

  /** An interface account of a person, in a random (or given) team. */
  private interfaceDraft(p: Person, opts: { createdMs: number; status?: Draft['status']; region?: number; unit?: ReturnType<DemoGenerator['leaf']> }): Draft {
    const rng = this.rng;
    const l = opts.unit ?? this.leaf(opts.region);
    const status = opts.status ?? 'active';
    const untilMs = status === 'active' ? DEMO_NOW : between(rng, opts.createdMs + 30 * DAY, DEMO_NOW - 60 * DAY);
    const lastLoginMs = rng.chance(0.9) ? between(rng, Math.max(opts.createdMs, untilMs - (status === 'active' ? 120 : 400) * DAY), untilMs) : null;
    return {
      first: p.first,
      last: p.last,
      locale: p.locale,
      birth: rng.chance(0.93) ? p.birth : null,
      employeeId: this.emp.next(l.client),
      phone: rng.chance(0.7) ? p.phone : null,
      client: l.client,
      unit: l.unit,
      origin: 'interface',
      status,
      createdMs: opts.createdMs,
      untilMs: Math.max(opts.createdMs + DAY, lastLoginMs ?? untilMs),
      lastLoginMs,
      loginFrom: { kind: 'name', first: p.first, last: p.last },
      email: { kind: 'company' },
      passwordHash: null,
      attributes: this.attributes(p.locale, l),
      historyScale: 1,
    };
  }

  private attributes(locale: Locale, l: { department: string; city: string }): Draft['attributes'] {
    const rng = this.rng;
    return {
      department: l.department,
      language: locale === 'de' ? (rng.chance(0.9) ? 'de' : 'en') : 'en',
      ...(rng.chance(0.7) ? { location: l.city } : {}),
      ...(rng.chance(0.6) ? { position: rng.pick(this.cat.jobTitles) } : {}),
    };
  }

  private single(p: Person): Draft {
    const rng = this.rng;
    const origin = rng.weighted([
      ['interface', 85],
      ['manual', 10],
      ['self_registration', 5],
    ] as const);
    const status = rng.weighted([
      ['active', 90],
      ['inactive', 6],
      ['deleted', 2.5],
      ['anonymised', 1.5],
    ] as const);
    const createdMs = between(rng, DEMO_NOW - 12 * YEAR, DEMO_NOW - 5 * DAY);
    const d = this.interfaceDraft(p, { createdMs, status: status === 'active' ? 'active' : 'inactive' });
    d.status = status;
    if (origin === 'manual') {
      d.origin = 'manual';
      if (rng.chance(0.6)) d.employeeId = null;
      if (rng.chance(0.4)) d.birth = null;
      d.passwordHash = this.passwordHashes[3]!;
    } else if (origin === 'self_registration') {
      this.makeSelfRegistered(d, p);
    }
    if (status === 'anonymised') {
      d.first = 'Anonymised';
      d.last = 'User';
      d.birth = null;
      d.phone = null;
      d.employeeId = null;
      d.email = { kind: 'fixed', value: null };
      d.loginFrom = { kind: 'name', first: 'anonymised', last: 'user' };
      d.historyScale = 0.5;
    }
    return d;
  }

  private makeSelfRegistered(d: Draft, p: Person): void {
    const rng = this.rng;
    const mail = privateEmail(rng, p.first, p.last);
    d.origin = 'self_registration';
    d.employeeId = null;
    d.unit = this.cat.selfRegistrationUnit;
    d.email = { kind: 'fixed', value: mail };
    d.loginFrom = { kind: 'email', email: mail };
    d.passwordHash = this.passwordHashes[3]!;
    d.phone = rng.chance(0.5) ? p.phone : null;
    if (rng.chance(0.4)) d.birth = null;
  }

  /** Realistic differences in a second account of the same person; never so many that nothing is left to match. */
  private noisy(d: Draft, p: Person, opts: { manual?: boolean } = {}): void {
    const rng = this.rng;
    const r = rng.next() * (opts.manual ? 0.8 : 1);
    let first = p.first;
    let last = p.last;
    let nameIntact = false;
    if (r < 0.3 && hasUmlaut(first + last)) {
      first = transliterate(first);
      last = transliterate(last);
    } else if (r < 0.42) {
      if (rng.chance(0.6)) last = typo(rng, last);
      else first = typo(rng, first);
    } else if (r < 0.47) {
      [first, last] = [last, first];
    } else if (r < 0.55) {
      if (rng.chance(0.5)) last = last.toUpperCase();
      else {
        first = first.toLowerCase();
        last = last.toLowerCase();
      }
    } else {
      nameIntact = true;
    }
    d.first = first;
    d.last = last;
    if (d.loginFrom.kind === 'name') d.loginFrom = { kind: 'name', first, last };
    // A transposed day and month only where everything else is clean.
    if (nameIntact && d.birth && rng.chance(0.06)) {
      const [y, m, day] = d.birth.split('-');
      if (Number(day) <= 12 && day !== m) d.birth = `${y}-${day}-${m}`;
    }
    if (d.phone && rng.chance(0.12)) d.phone = transposeDigits(rng, d.phone);
  }

  private sharedHistory(): Shared {
    const rng = this.rng;
    const c = this.cat;
    const courses: number[] = [];
    if (rng.chance(0.75)) {
      const n = rng.chance(0.3) ? 2 : 1;
      for (const i of rng.distinct(c.courses.length, n)) courses.push(i + 1);
      // Prefer a course with SCORM content for the first, so SCO conflicts appear too.
      if (rng.chance(0.5)) {
        const start = rng.int(0, c.courses.length - 1);
        let withScos = c.courseScos.findIndex((s, i) => s.length > 0 && i >= start);
        if (withScos < 0) withScos = c.courseScos.findIndex((s) => s.length > 0);
        if (withScos >= 0 && !courses.includes(withScos + 1)) courses[0] = withScos + 1;
      }
    }
    return {
      courses,
      skills: rng.chance(0.5) ? [rng.int(1, c.skills.length)] : [],
      jobProfiles: rng.chance(0.4) ? [rng.int(1, c.jobProfiles.length)] : [],
      ...(rng.chance(0.3) && c.levelBasedPaths.length ? { learningPath: rng.pick(c.levelBasedPaths) } : {}),
      ...(rng.chance(0.15) ? { ojt: rng.int(1, c.ojtTrainings.length) } : {}),
      ...(rng.chance(0.08) ? { tutorCourse: rng.int(1, c.courses.length) } : {}),
      ...(rng.chance(0.4) ? { group: rng.int(1, c.groups.length) } : {}),
    };
  }

  private scheduleDuplicate(room: number): void {
    const rng = this.rng;
    const cause: DuplicateCause =
      this.clusterCount < DUPLICATE_CAUSE_IDS.length
        ? DUPLICATE_CAUSE_IDS[this.clusterCount]!
        : rng.weighted([
            ['hr_multiple_records', 25],
            ['manual_before_interface', 25],
            ['self_registration', 20],
            ['returning_employee', 15],
            ['name_change', 15],
          ] as const);
    this.clusterCount++;
    const p = this.person();
    const shared = this.sharedHistory();
    const drafts: Draft[] = [];
    switch (cause) {
      case 'hr_multiple_records': {
        // The first person with several HR records has three of them, so every demo shows a cluster.
        const size = room >= 4 && (this.hrClusters++ === 0 || rng.chance(0.2)) ? 3 : 2;
        const createdMs = between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 90 * DAY);
        const first = this.interfaceDraft(p, { createdMs });
        drafts.push(first);
        const region = this.regionOf(first.unit);
        for (let i = 1; i < size; i++) {
          let other = this.interfaceDraft(p, { createdMs: between(rng, createdMs + 30 * DAY, DEMO_NOW - 10 * DAY), region: rng.chance(0.7) ? region : undefined });
          for (let tries = 0; tries < 5 && drafts.some((d) => d.unit === other.unit); tries++) {
            other = this.interfaceDraft(p, { createdMs: other.createdMs });
          }
          other.birth = first.birth ?? p.birth;
          first.birth = other.birth;
          other.email = rng.chance(0.5) ? { kind: 'cluster' } : { kind: 'company' };
          this.noisy(other, p);
          drafts.push(other);
        }
        break;
      }
      case 'manual_before_interface': {
        const interfaceMs = between(rng, DEMO_NOW - 8 * YEAR, DEMO_NOW - 20 * DAY);
        const iface = this.interfaceDraft(p, { createdMs: interfaceMs });
        iface.birth = p.birth;
        const manual = this.interfaceDraft(p, { createdMs: interfaceMs - rng.int(3, 60) * DAY, unit: { unit: iface.unit, client: iface.client, department: iface.attributes.department, city: iface.attributes.location ?? '' } });
        manual.origin = 'manual';
        manual.employeeId = rng.chance(0.7) ? null : iface.employeeId;
        if (rng.chance(0.6)) manual.birth = null;
        manual.passwordHash = this.passwordHashes[3]!;
        // The manual account usually got the company address already; the interface account then reuses it.
        manual.email = rng.chance(0.6) ? { kind: 'company' } : { kind: 'fixed', value: null };
        if (rng.chance(0.25)) manual.status = 'inactive';
        // Without birth date and employee ID the name must do: keep the e-mail address too.
        if (!manual.birth && !manual.employeeId) manual.email = { kind: 'company' };
        iface.email = manual.email.kind === 'company' && (rng.chance(0.85) || (!manual.birth && !manual.employeeId)) ? { kind: 'cluster' } : { kind: 'company' };
        this.noisy(manual, p, { manual: true });
        drafts.push(manual, iface);
        break;
      }
      case 'self_registration': {
        const ifaceMs = between(rng, DEMO_NOW - 8 * YEAR, DEMO_NOW - 60 * DAY);
        const iface = this.interfaceDraft(p, { createdMs: ifaceMs });
        iface.birth = p.birth;
        iface.phone = p.phone;
        const self = this.interfaceDraft(p, { createdMs: between(rng, ifaceMs - 2 * YEAR, DEMO_NOW - 5 * DAY) });
        this.makeSelfRegistered(self, p);
        // Findable: the self-registration keeps the birth date or the phone number.
        if (!self.birth && !self.phone) self.birth = p.birth;
        this.noisy(self, p);
        drafts.push(...(self.createdMs < iface.createdMs ? [self, iface] : [iface, self]));
        break;
      }
      case 'returning_employee': {
        const oldMs = between(rng, DEMO_NOW - 15 * YEAR, DEMO_NOW - 7 * YEAR);
        const old = this.interfaceDraft(p, { createdMs: oldMs, status: 'inactive' });
        old.untilMs = Math.min(old.untilMs, DEMO_NOW - 2 * YEAR);
        old.lastLoginMs = old.lastLoginMs === null ? null : Math.min(old.lastLoginMs, old.untilMs);
        old.birth = p.birth;
        const returned = this.interfaceDraft(p, { createdMs: between(rng, DEMO_NOW - 2 * YEAR, DEMO_NOW - 10 * DAY), region: rng.chance(0.6) ? this.regionOf(old.unit) : undefined });
        returned.birth = rng.chance(0.9) ? p.birth : null;
        if (returned.employeeId === old.employeeId) returned.employeeId = this.emp.next(returned.client);
        returned.email = rng.chance(0.6) ? { kind: 'cluster' } : { kind: 'company' };
        this.noisy(returned, p);
        if (!returned.birth) {
          returned.first = p.first;
          returned.last = p.last;
        }
        drafts.push(old, returned);
        break;
      }
      case 'name_change': {
        if (p.gender === 'male' && rng.chance(0.7)) {
          p.gender = 'female';
          p.first = firstName(rng, p.locale, 'female');
        }
        const oldMs = between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 2 * YEAR);
        const old = this.interfaceDraft(p, { createdMs: oldMs, status: rng.chance(0.5) ? 'active' : 'inactive' });
        old.birth = p.birth;
        const newLast = lastName(rng, p.locale);
        const renamed: Person = { ...p, last: rng.chance(0.25) ? `${newLast}-${p.last}` : newLast };
        const fresh = this.interfaceDraft(renamed, {
          createdMs: between(rng, Math.max(oldMs + 180 * DAY, DEMO_NOW - 3 * YEAR), DEMO_NOW - 5 * DAY),
          unit: rng.chance(0.7) ? { unit: old.unit, client: old.client, department: old.attributes.department, city: old.attributes.location ?? '' } : undefined,
        });
        fresh.birth = p.birth;
        if (rng.chance(0.4) && fresh.client === old.client) fresh.employeeId = old.employeeId;
        if (rng.chance(0.6)) {
          old.phone = p.phone;
          fresh.phone = p.phone;
        }
        fresh.email = { kind: 'company-named', first: renamed.first, last: renamed.last };
        drafts.push(old, fresh);
        break;
      }
    }
    const cluster: Cluster = { type: 'dup', cause, expected: drafts.length, uids: [] };
    let delay = 0;
    for (const d of drafts) {
      d.shared = shared;
      this.add(d, cluster, delay);
      delay += rng.int(1, 1500);
    }
    this.dupUsers += drafts.length;
  }

  private scheduleHardNegative(): void {
    const rng = this.rng;
    const kinds: HardNegativeKind[] = ['namesake', 'namesake_same_birth_date', 'family_shared_email'];
    const kind: HardNegativeKind = this.negCount < kinds.length ? kinds[this.negCount]! : rng.weighted([['namesake', 45], ['namesake_same_birth_date', 25], ['family_shared_email', 30]] as const);
    this.negCount++;
    const locale: Locale = rng.chance(0.75) ? 'de' : 'en';
    const drafts: Draft[] = [];
    if (kind === 'family_shared_email') {
      const a = this.person(locale);
      const b = this.person(locale);
      b.last = a.last;
      if (b.first === a.first) b.first = firstName(rng, locale, a.gender === 'female' ? 'male' : 'female');
      if (b.first === a.first) b.first = `${b.first}a`;
      const gap = rng.chance(0.5) ? rng.int(1, 6) : rng.int(22, 32);
      const [y, m, d] = a.birth.split('-').map(Number) as [number, number, number];
      b.birth = `${y! + gap}-${pad2(((m! + 4) % 12) + 1)}-${pad2(Math.min(28, ((d! + 9) % 28) + 1))}`;
      const shared = `${rng.pick(['familie', 'family', 'fam'])}.${transliterate(a.last).toLowerCase()}${rng.chance(0.5) ? rng.int(1, 99) : ''}@${rng.pick(['web.de', 'gmx.de', 'gmail.com', 't-online.de'])}`;
      for (const p of [a, b]) {
        const d = this.interfaceDraft(p, { createdMs: between(rng, DEMO_NOW - 6 * YEAR, DEMO_NOW - 5 * DAY) });
        this.makeSelfRegistered(d, p);
        d.birth = p.birth;
        d.email = { kind: 'fixed', value: shared };
        d.loginFrom = drafts.length === 0 ? { kind: 'email', email: shared } : { kind: 'name', first: p.first, last: p.last };
        drafts.push(d);
      }
    } else {
      const gender: Gender = rng.chance(0.5) ? 'female' : 'male';
      const name = commonName(rng, locale, gender);
      const a: Person = { ...this.person(locale), gender, first: name.first, last: name.last };
      const b: Person = { ...this.person(locale), gender, first: name.first, last: name.last };
      if (kind === 'namesake_same_birth_date') b.birth = a.birth;
      else if (b.birth === a.birth) b.birth = `${Number(a.birth.slice(0, 4)) - 3}${a.birth.slice(4)}`;
      const da = this.interfaceDraft(a, { createdMs: between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 5 * DAY) });
      const regionA = this.regionOf(da.unit);
      const db = this.interfaceDraft(b, { createdMs: between(rng, DEMO_NOW - 10 * YEAR, DEMO_NOW - 5 * DAY), region: (regionA + rng.int(1, 3)) % 4 });
      da.birth = a.birth;
      db.birth = b.birth;
      drafts.push(da, db);
    }
    const cluster: Cluster = { type: 'neg', kind, expected: 2, uids: [] };
    this.add(drafts[0]!, cluster, 0);
    this.add(drafts[1]!, cluster, rng.int(1, 1500));
    this.negUsers += 2;
  }

  // -------------------------------------------------------------------------------------
  // Emitting accounts

  private uniqueLogin(base: string): string {
    if (!this.logins.has(base)) {
      this.logins.add(base);
      return base;
    }
    let n = this.loginNext.get(base) ?? 2;
    const at = base.indexOf('@');
    const make = (k: number) => (at >= 0 ? `${base.slice(0, at)}${k}${base.slice(at)}` : `${base}${k}`);
    while (this.logins.has(make(n))) n++;
    this.loginNext.set(base, n + 1);
    const login = make(n);
    this.logins.add(login);
    return login;
  }

  private emit(d: Draft, cluster?: Cluster): void {
    const rng = this.histRng;
    const id = this.id('users');
    const uid = uidOf(id);
    const login = d.loginFrom.kind === 'email' ? this.uniqueLogin(d.loginFrom.email.toLowerCase()) : this.uniqueLogin(emailLocal(d.loginFrom.first, d.loginFrom.last) || `user${id}`);
    let email: string | null;
    switch (d.email.kind) {
      case 'company':
        email = d.loginFrom.kind === 'name' ? `${login}@${COMPANY_DOMAINS[d.client]}` : d.loginFrom.email;
        break;
      case 'company-named':
        email = `${this.uniqueLogin(emailLocal(d.email.first, d.email.last))}@${COMPANY_DOMAINS[d.client]}`;
        break;
      case 'fixed':
        email = d.email.value;
        break;
      case 'cluster':
        email = cluster?.firstEmail ?? `${login}@${COMPANY_DOMAINS[d.client]}`;
        break;
    }
    if (cluster && cluster.uids.length === 0) cluster.firstEmail = email;
    if (email && rng.chance(0.03)) email = email.replace(/^./, (ch) => ch.toUpperCase());
    const updatedMs = between(rng, d.createdMs, Math.max(d.createdMs + 1000, d.lastLoginMs ?? d.untilMs));
    this.push('users', {
      id,
      uid,
      login,
      email,
      first_name: d.first,
      last_name: d.last,
      birth_date: d.birth,
      employee_id: d.employeeId,
      phone: d.phone,
      client_id: d.client,
      org_unit_id: d.unit,
      origin: d.origin,
      status: d.status,
      is_admin: false,
      password_hash: d.passwordHash,
      last_login_at: d.lastLoginMs === null ? null : at(d.lastLoginMs),
      created_at: at(d.createdMs),
      updated_at: at(updatedMs),
    });
    this.emitted++;
    this.history(id, d);

    if (cluster) {
      cluster.uids.push(uid);
      if (cluster.uids.length === cluster.expected) {
        const u = [...cluster.uids].sort();
        for (let i = 0; i < u.length; i++) {
          for (let j = i + 1; j < u.length; j++) {
            if (cluster.type === 'dup') this.plantedPairs.push({ uid_a: u[i]!, uid_b: u[j]!, cause: cluster.cause! });
            else this.hardNegatives.push({ uid_a: u[i]!, uid_b: u[j]!, kind: cluster.kind! });
          }
        }
      }
    }
  }

  // -------------------------------------------------------------------------------------
  // Training history of one account

  private history(userId: number, d: Draft): void {
    const rng = this.histRng;
    const c = this.cat;
    const from = d.createdMs;
    const until = Math.max(d.untilMs, from + DAY);
    const when = () => between(rng, from, until);
    const scale = d.historyScale;
    const shared = d.shared;

    // Personal attributes
    const attrs: [string, string | null][] = [
      ['department', d.attributes.department],
      ['cost_center', rng.chance(0.9) ? `CC-${rng.int(1000, 9999)}` : null],
      ['language', d.attributes.language],
    ];
    if (d.attributes.location) attrs.push(['location', d.attributes.location]);
    if (d.attributes.position) attrs.push(['position', d.attributes.position]);
    for (const [name, value] of attrs) this.push('user_attributes', { user_id: userId, name, value });

    // Groups
    const groupIds = new Set<number>(rng.distinct(c.groups.length, rng.weighted([[0, 30], [1, 40], [2, 20], [3, 10]] as const)).map((i) => i + 1));
    if (shared?.group) groupIds.add(shared.group);
    for (const g of groupIds) this.push('group_members', { group_id: g, user_id: userId, assigned_at: at(when()) });

    // Tutors
    if (userId >= this.firstRegularId && (rng.chance(0.006) || shared?.tutorCourse)) {
      const tc = new Set<number>(shared?.tutorCourse ? [shared.tutorCourse] : []);
      for (const i of rng.distinct(c.courses.length, rng.int(0, 2))) tc.add(i + 1);
      for (const course of tc) this.push('course_tutors', { course_id: course, user_id: userId });
    }

    // Enrolments (+ SCORM, tests, audit)
    const nEnrol = Math.round(rng.weighted([[0, 8], [1, 12], [2, 15], [3, 16], [4, 15], [5, 12], [6, 10], [7, 7], [8, 5]] as const) * scale);
    const courseSet = new Set<number>(rng.distinct(c.courses.length, nEnrol).map((i) => i + 1));
    for (const sc of shared?.courses ?? []) courseSet.add(sc);
    const enrolled: number[] = [];
    for (const course of courseSet) {
      const status = this.covered('enrol', ENROLMENT_STATUS_IDS, () => rng.weighted(ENROLMENT_STATUS_IDS.map((s) => [s, ENROLMENT_WEIGHTS[s] ?? 1] as const)));
      const statusAt = when();
      const done = status === 11 || status === 12;
      const score = done ? (status === 11 ? rng.int(60, 100) : rng.int(0, 59)) : null;
      this.push('enrolments', {
        id: this.id('enrolments'),
        user_id: userId,
        course_id: course,
        status_id: status,
        status_at: at(statusAt),
        completed_at: done ? at(statusAt) : null,
        score,
      });
      enrolled.push(course);
      const bookedAt = Math.max(from, statusAt - rng.int(1, 60) * DAY);
      this.audit(userId, 'course', course, 'enrolled', 'booked', bookedAt);
      if (done) this.audit(userId, 'course', course, 'completed', status === 11 ? 'passed' : 'failed', statusAt);
      else if (status === 7) this.audit(userId, 'course', course, 'cancelled', 'cancelled', statusAt);

      const scos = c.courseScos[course - 1]!;
      if (scos.length > 0 && (status === 11 || status === 12 || status === 9 || status === 8)) {
        for (const sco of scos) {
          const completion = this.covered('scorm', SCORM_COMPLETION, () =>
            status === 11
              ? rng.weighted([['completed', 90], ['incomplete', 10]] as const)
              : status === 8
                ? rng.weighted([['not attempted', 70], ['unknown', 30]] as const)
                : rng.weighted([['completed', 30], ['incomplete', 50], ['not attempted', 10], ['unknown', 10]] as const),
          );
          const completed = completion === 'completed';
          this.push('scorm_data', {
            id: this.id('scorm_data'),
            user_id: userId,
            sco_id: sco,
            completion_status: completion,
            success_status: completed ? (rng.chance(0.85) ? 'passed' : 'failed') : completion === 'incomplete' ? 'unknown' : null,
            score: completed ? rng.int(40, 100) : null,
            suspend_data: completion === 'incomplete' ? `cmi.location=page-${rng.int(2, 30)}` : null,
            updated_at: at(Math.min(statusAt + rng.int(0, 5) * DAY, until)),
          });
        }
      }
      const tests = c.courseTests[course - 1]!;
      if (tests.length > 0 && status !== 7 && status !== 5 && rng.chance(0.6)) this.testAttempt(userId, tests[0]!, statusAt);
    }
    if (rng.chance(0.2 * scale)) this.testAttempt(userId, rng.pick(c.standaloneTests), when());

    // Media progress (in a course or course-independent)
    const nMedia = Math.round(rng.weighted([[0, 25], [1, 30], [2, 25], [3, 15], [4, 5]] as const) * scale);
    for (const m of rng.distinct(c.media.length, nMedia)) {
      const inCourse = enrolled.length > 0 && rng.chance(0.55);
      const accessed = when();
      this.push('media_progress', {
        id: this.id('media_progress'),
        user_id: userId,
        media_id: m + 1,
        course_id: inCourse ? rng.pick(enrolled) : null,
        progress: rng.chance(0.45) ? 100 : rng.int(0, 99),
        last_accessed_at: at(accessed),
      });
      if (rng.chance(0.3)) this.audit(userId, 'media', m + 1, 'viewed', null, accessed);
    }

    // Feedback
    const nFeedback = rng.chance(0.45 * scale) ? rng.int(1, 2) : 0;
    for (const f of rng.distinct(c.feedbackForms.length, nFeedback)) {
      const status = this.covered('feedback', FEEDBACK_STATUSES, () => rng.weighted([['submitted', 75], ['draft', 25]] as const));
      const t = when();
      this.push('feedback_responses', { id: this.id('feedback_responses'), user_id: userId, form_id: f + 1, status, submitted_at: status === 'submitted' ? at(t) : null });
    }

    // On-the-job training
    if (shared?.ojt || rng.chance(0.18 * scale)) {
      const ojt = shared?.ojt ?? rng.int(1, c.ojtTrainings.length);
      const assigned = when();
      const aStatus = rng.weighted([['assigned', 25], ['in_progress', 45], ['completed', 30]] as const);
      const mentor = userId > this.firstRegularId + 1 && rng.chance(0.9) ? rng.int(this.firstRegularId, userId - 1) : null;
      const aid = this.id('ojt_assignments');
      this.push('ojt_assignments', { id: aid, ojt_id: ojt, trainee_id: userId, mentor_id: mentor, status: aStatus, assigned_at: at(assigned) });
      const tasks = c.ojtTaskCount[ojt - 1]!;
      for (let task = 1; task <= tasks; task++) {
        const status = this.covered('ojt', OJT_TASK_STATUSES, () =>
          aStatus === 'completed'
            ? rng.weighted([['approved', 92], ['rejected', 8]] as const)
            : aStatus === 'assigned'
              ? rng.weighted([['open', 85], ['submitted', 15]] as const)
              : rng.weighted([['approved', 40], ['submitted', 25], ['open', 25], ['rejected', 10]] as const),
        );
        const submitted = status === 'open' ? null : between(rng, assigned, until);
        const reviewed = submitted !== null && (status === 'approved' || status === 'rejected') ? Math.min(until, submitted + rng.int(0, 14) * DAY) : null;
        this.push('ojt_task_results', {
          id: this.id('ojt_task_results'),
          assignment_id: aid,
          task_no: task,
          status,
          submitted_at: submitted === null ? null : at(submitted),
          reviewed_at: reviewed === null ? null : at(reviewed),
        });
      }
      this.audit(userId, 'ojt', ojt, 'assigned', aStatus, assigned);
    }

    // Job profiles
    const jp = new Set<number>(rng.distinct(c.jobProfiles.length, Math.round(rng.weighted([[0, 35], [1, 45], [2, 20]] as const) * scale)).map((i) => i + 1));
    for (const j of shared?.jobProfiles ?? []) jp.add(j);
    for (const j of jp) {
      const status = this.covered('jobprofile', JOB_PROFILE_STATUSES, () => rng.weighted([['not_confirmed', 15], ['confirmed', 35], ['in_progress', 25], ['completed', 25]] as const));
      const assigned = when();
      this.push('user_job_profiles', {
        id: this.id('user_job_profiles'),
        user_id: userId,
        job_profile_id: j,
        status,
        assigned_at: at(assigned),
        completed_at: status === 'completed' ? at(between(rng, assigned, until)) : null,
      });
    }

    // Skills with history
    const sk = new Set<number>(rng.distinct(c.skills.length, Math.round(rng.weighted([[0, 25], [1, 25], [2, 20], [3, 15], [4, 15]] as const) * scale)).map((i) => i + 1));
    for (const s of shared?.skills ?? []) sk.add(s);
    for (const s of sk) {
      const value = rng.int(1, 5);
      const achieved = when();
      this.push('user_skills', {
        id: this.id('user_skills'),
        user_id: userId,
        skill_id: s,
        achieved_value: value,
        achieved_at: at(achieved),
        expires_at: rng.chance(0.6) ? at(achieved + rng.int(1, 3) * YEAR) : null,
      });
      const steps = Math.min(value, rng.int(1, 3));
      let changed = Math.max(from, achieved - steps * rng.int(30, 200) * DAY);
      for (let k = steps - 1; k >= 0; k--) {
        const t = k === 0 ? achieved : changed;
        this.push('skill_history', {
          id: this.id('skill_history'),
          user_id: userId,
          skill_id: s,
          value: value - k,
          changed_at: at(t),
          trigger: rng.pick(['course completion', 'manual assessment', 'job profile review', 'interface import', 'self assessment confirmed']),
        });
        changed = Math.min(achieved, changed + rng.int(30, 200) * DAY);
      }
      this.audit(userId, 'skill', s, 'achieved', `level ${value}`, achieved);
    }

    // Individual level protection on level-based learning paths
    const lp = new Set<number>(shared?.learningPath ? [shared.learningPath] : []);
    if (rng.chance(0.12 * scale) && c.levelBasedPaths.length) lp.add(rng.pick(c.levelBasedPaths));
    for (const path of lp) {
      this.push('level_protections', {
        id: this.id('level_protections'),
        user_id: userId,
        learning_path_id: path,
        protected_level: rng.int(1, 5),
        protection_end_date: rng.chance(0.3) ? null : ymd(DEMO_NOW + rng.int(-400, 900) * DAY),
      });
    }
  }

  private testAttempt(userId: number, test: number, t: number): void {
    const rng = this.histRng;
    const status = this.covered('test', TEST_ATTEMPT_STATUSES, () => rng.weighted([['completed', 55], ['submitted', 12], ['pending_review', 10], ['in_progress', 23]] as const));
    this.push('test_attempts', {
      id: this.id('test_attempts'),
      user_id: userId,
      test_id: test,
      status,
      score: status === 'completed' ? rng.int(20, 100) : null,
      submitted_at: status === 'in_progress' ? null : at(t),
    });
    if (status !== 'in_progress') this.audit(userId, 'test', test, 'submitted', status, t);
  }

  private audit(userId: number, type: string, componentId: number, event: string, status: string | null, t: number): void {
    this.push('audit_log', { id: this.id('audit_log'), user_id: userId, component_type: type, component_id: componentId, event, status, occurred_at: at(t), comment: null });
  }
}

/** The uid admins see: sortable, so uid order is creation order. */
export function uidOf(id: number): string {
  return `U${String(id).padStart(7, '0')}`;
}

/** Refuses a database that already holds LMS data (the generator writes fixed ids). */
export async function assertEmptyLms(db: Knex, mapping: LmsMapping): Promise<void> {
  const usersTable = mapping.table('users');
  const users = Number((await db(usersTable).count({ n: '*' }).first())?.n ?? 0);
  if (users > 0) {
    throw new UserInputError(
      `The database already holds ${users} user account${users === 1 ? '' : 's'} in table "${usersTable}"; the demo generator only fills an empty LMS database.`,
      'Choose a new, empty database file (or an empty database) for the demo, e.g. "mergedesk demo --db demo.db".',
      'DEMO_DB_NOT_EMPTY',
    );
  }
  for (const t of LMS_TABLE_NAMES) {
    if (t === 'enrolment_statuses' || t === 'users') continue;
    const n = Number((await db(mapping.table(t)).count({ n: '*' }).first())?.n ?? 0);
    if (n > 0) {
      throw new UserInputError(
        `The database has no users but table "${mapping.table(t)}" already holds ${n} row${n === 1 ? '' : 's'}; the demo generator only fills an empty LMS database.`,
        'Choose a new, empty database for the demo.',
        'DEMO_DB_NOT_EMPTY',
      );
    }
  }
}
