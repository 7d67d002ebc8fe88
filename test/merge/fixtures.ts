import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import type { Operator } from '../../electron/auth/operator';
import { LMS_TABLES, type LmsColumn, type LmsTable } from '../../electron/db/lms-tables';
import { LmsMapping, validateMappingFile } from '../../electron/db/mapping';
import { createReferenceSchema } from '../../electron/db/reference-schema';
import { migrateToolTables } from '../../electron/db/tool-schema';
import { DEFAULT_SETTINGS, type MergeSettings } from '../../electron/settings/merge-settings';

type Row = Record<string, unknown>;

/**
 * A small builder for hand-made merge fixtures. Every row goes in through the mapping
 * (logical names and values in, physical out), so the tests also hold for renamed schemas.
 */
export class Fixture {
  private seq = 0;
  clientId = 0;
  keepingClientId = 0;
  rootUnit = 0;
  unitA = 0;
  unitB = 0;
  admin!: Operator;

  constructor(
    public db: Knex,
    readonly m: LmsMapping,
  ) {}

  static async create(db: Knex, m: LmsMapping): Promise<Fixture> {
    await createReferenceSchema(db, m);
    await migrateToolTables(db);
    const fx = new Fixture(db, m);
    fx.clientId = await fx.add('clients', { name: 'Client', keep_highest_level_protection: false });
    fx.keepingClientId = await fx.add('clients', { name: 'Keeping client', keep_highest_level_protection: true });
    fx.rootUnit = await fx.add('org_units', { parent_id: null, name: 'Root' });
    fx.unitA = await fx.add('org_units', { parent_id: fx.rootUnit, name: 'Unit A' });
    fx.unitB = await fx.add('org_units', { parent_id: fx.rootUnit, name: 'Unit B' });
    const admin = await fx.user({ uid: 'ADMIN', login: 'admin', is_admin: true, password_hash: bcrypt.hashSync('demo', 4), org_unit_id: fx.rootUnit });
    await fx.add('clearances', { admin_id: admin.id, org_unit_id: fx.rootUnit, include_subunits: true, can_view: true, can_edit: true, can_delete: true });
    fx.admin = { id: admin.id, uid: 'ADMIN', login: 'admin', orgUnitId: fx.rootUnit };
    return fx;
  }

  next(): number {
    return ++this.seq;
  }

  /** Inserts a logical row and returns its id (by lookup: the largest id). */
  async add<T extends LmsTable>(t: T, row: Partial<Record<LmsColumn<T>, unknown>>): Promise<number> {
    const { db, m } = this;
    await db(m.table(t)).insert(m.toDbRow(t, row));
    if (!('id' in LMS_TABLES[t].columns)) return 0;
    const r = await db(m.table(t)).max({ id: m.col(t, 'id' as LmsColumn<T>) }).first();
    return Number(r?.id);
  }

  async user(over: Row = {}): Promise<{ id: number; uid: string }> {
    const n = this.next();
    const uid = String(over.uid ?? `U${String(n).padStart(5, '0')}`);
    const id = await this.add('users', {
      uid,
      login: `login${n}`,
      email: `user${n}@example.com`,
      first_name: `First${n}`,
      last_name: `Last${n}`,
      birth_date: null,
      employee_id: null,
      phone: null,
      client_id: this.clientId,
      org_unit_id: this.unitA,
      origin: 'manual',
      status: 'active',
      is_admin: false,
      password_hash: null,
      last_login_at: null,
      created_at: new Date('2024-01-01T00:00:00Z'),
      updated_at: new Date('2024-01-01T00:00:00Z'),
      ...over,
    } as never);
    return { id, uid };
  }

  /** A source and a target account. */
  async pair(sourceOver: Row = {}, targetOver: Row = {}): Promise<{ source: { id: number; uid: string }; target: { id: number; uid: string } }> {
    return { source: await this.user(sourceOver), target: await this.user(targetOver) };
  }

  async course(): Promise<number> {
    const n = this.next();
    return this.add('courses', { code: `C${n}`, title: `Course ${n}` });
  }

  async enrol(userId: number, courseId: number, statusId: number, statusAt: string, extra: Row = {}): Promise<number> {
    return this.add('enrolments', { user_id: userId, course_id: courseId, status_id: statusId, status_at: new Date(statusAt), completed_at: null, score: null, ...extra } as never);
  }

  /** Rows of a table (logical names and values) matching a logical filter, ordered by key. */
  async rows<T extends LmsTable>(t: T, where: Partial<Record<LmsColumn<T>, unknown>>, orderBy: LmsColumn<T>[] = []): Promise<Row[]> {
    const { db, m } = this;
    const q = db(m.table(t)).select(m.select(t)).where(m.toDbRow(t, where));
    for (const c of orderBy) q.orderBy(m.col(t, c));
    return (await q).map((r: Row) => m.fromDbRow(t, r));
  }

  async one<T extends LmsTable>(t: T, where: Partial<Record<LmsColumn<T>, unknown>>): Promise<Row | undefined> {
    return (await this.rows(t, where))[0];
  }
}

export function settingsWith(over: Partial<MergeSettings> = {}): MergeSettings {
  return { ...DEFAULT_SETTINGS, abort_on_conflict: false, ...over };
}

/** Dates as the driver returns them → epoch ms (SQLite stores ms numbers, PostgreSQL returns Date). */
export function ms(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  return new Date(String(v)).getTime();
}

/**
 * A customer LMS with other table, column (keys included) and value names. The engine and
 * undo must follow it everywhere: the journal holds physical names, undo maps them back.
 */
export const RENAMED_MAPPING = new LmsMapping(
  validateMappingFile({
    tables: {
      users: { name: 'person', columns: { uid: 'person_uid', first_name: 'given_name', login: 'username' }, values: { status: { active: 'A', inactive: 'I', deleted: 'D', anonymised: 'X' } } },
      enrolments: { name: 'course_booking', columns: { user_id: 'person_id' }, values: { status_id: { '11': 110, '12': 120, '8': 80 } } },
      scorm_data: { columns: { completion_status: 'lesson_status' }, values: { completion_status: { completed: 'C', incomplete: 'I' } } },
      audit_log: { name: 'history', columns: { comment: 'remark', id: 'history_id' } },
      user_job_profiles: { values: { status: { completed: 'DONE', confirmed: 'OK' } } },
      group_members: { columns: { user_id: 'member_id' } },
      course_tutors: { columns: { user_id: 'tutor_id' } },
      user_attributes: { name: 'person_attr', columns: { name: 'attr_key' } },
    },
  }),
);
