import type { Knex } from 'knex';
import { bulkInsert, resetIdentity } from '../db/bulk-insert';
import { LMS_TABLE_NAMES, tableSpec, type LmsTable } from '../db/lms-tables';
import type { LmsMapping } from '../db/mapping';
import type { Catalogue, Row } from './catalogue';

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

/**
 * The generator's buffered writer: hands out ids per table (the generator writes fixed
 * ids), collects logical rows and writes them through the mapping in bulk, one
 * transaction per chunk of users.
 */
export class DemoWriter {
  private readonly nextId = new Map<LmsTable, number>();
  private readonly buf = new Map<LmsTable, Row[]>();

  constructor(
    private readonly db: Knex,
    private readonly mapping: LmsMapping,
  ) {}

  id(t: LmsTable): number {
    const n = (this.nextId.get(t) ?? 0) + 1;
    this.nextId.set(t, n);
    return n;
  }

  push(t: LmsTable, row: Row): void {
    let list = this.buf.get(t);
    if (!list) this.buf.set(t, (list = []));
    list.push(row);
  }

  private async insertRows(db: Knex, t: LmsTable, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const physical = rows.map((r) => this.mapping.toDbRow(t, r as never));
    const spec = tableSpec(t);
    await bulkInsert(db, this.mapping.table(t), physical, spec.columns.id?.type === 'id' ? { identityColumn: this.mapping.col(t, 'id' as never) } : {});
  }

  /** The organisation and the training catalogue, in one transaction. */
  async writeCatalogue(c: Catalogue): Promise<void> {
    const tables: [LmsTable, Row[]][] = [
      ['clients', c.clients],
      ['org_units', c.orgUnits],
      ['groups', c.groups],
      ['courses', c.courses],
      ['media', c.media],
      ['scos', c.scos],
      ['ojt_trainings', c.ojtTrainings],
      ['tests', c.tests],
      ['feedback_forms', c.feedbackForms],
      ['job_profiles', c.jobProfiles],
      ['skills', c.skills],
      ['learning_paths', c.learningPaths],
    ];
    await this.db.transaction(async (trx) => {
      for (const [t, rows] of tables) await this.insertRows(trx, t, rows);
    });
  }

  /** Writes the buffered accounts and their history in one transaction. */
  async flush(): Promise<void> {
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

  /** After writing fixed ids, the identity columns continue after the largest. */
  async resetIdentities(): Promise<void> {
    for (const t of LMS_TABLE_NAMES) {
      if (tableSpec(t).columns.id?.type === 'id') await resetIdentity(this.db, this.mapping.table(t), this.mapping.col(t, 'id' as never));
    }
  }
}
