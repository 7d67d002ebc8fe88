/**
 * The LMS reference schema (docs/lms-schema.md, version 1) as data.
 * Everything that names an LMS table or column (mapping, doctor, demo data, the engine)
 * starts from these logical names; the effective mapping turns them into physical ones.
 */

export type ColumnType = 'id' | 'int' | 'float' | 'string' | 'text' | 'bool' | 'date' | 'datetime';

export interface ColumnSpec {
  type: ColumnType;
  nullable?: boolean;
  length?: number;
  /** Logical table this column refers to (a foreign key, always indexed). */
  references?: string;
  default?: boolean | number | string;
  /** Enumerated values; a mapping file may rename them. */
  values?: readonly (string | number)[];
}

export interface TableSpec {
  columns: Record<string, ColumnSpec>;
  /** Composite primary key for tables without an `id`. */
  primary?: readonly string[];
  unique?: readonly (readonly string[])[];
  /** Plain (not unique) indexes beside the foreign keys' own. */
  indexed?: readonly (readonly string[])[];
}

const id: ColumnSpec = { type: 'id' };
const ref = (table: string, nullable = false): ColumnSpec => ({ type: 'int', references: table, nullable });
const str = (nullable = false, length = 255): ColumnSpec => ({ type: 'string', nullable, length });
const when = (nullable = false): ColumnSpec => ({ type: 'datetime', nullable });
const bool = (dflt = false): ColumnSpec => ({ type: 'bool', default: dflt });
const oneOf = (values: readonly string[], nullable = false): ColumnSpec => ({ type: 'string', length: 32, values, nullable });

export const USER_ORIGINS = ['interface', 'manual', 'self_registration'] as const;
export const USER_STATUSES = ['active', 'inactive', 'deleted', 'anonymised'] as const;
export const SCORM_COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'] as const;
export const OJT_TASK_STATUSES = ['open', 'submitted', 'approved', 'rejected'] as const;
export const TEST_ATTEMPT_STATUSES = ['in_progress', 'submitted', 'pending_review', 'completed'] as const;
export const FEEDBACK_STATUSES = ['draft', 'submitted'] as const;
export const JOB_PROFILE_STATUSES = ['not_confirmed', 'confirmed', 'in_progress', 'completed'] as const;

export const LMS_TABLES = {
  clients: { columns: { id, name: str(), keep_highest_level_protection: bool(false) } },
  org_units: { columns: { id, parent_id: ref('org_units', true), name: str() } },
  users: {
    columns: {
      id,
      uid: str(false, 64),
      login: str(),
      email: str(true),
      first_name: str(),
      last_name: str(),
      birth_date: { type: 'date', nullable: true },
      employee_id: str(true, 64),
      phone: str(true, 64),
      client_id: ref('clients'),
      org_unit_id: ref('org_units'),
      origin: oneOf(USER_ORIGINS),
      status: oneOf(USER_STATUSES),
      is_admin: bool(false),
      password_hash: str(true),
      last_login_at: when(true),
      created_at: when(),
      updated_at: when(),
    },
    unique: [['uid'], ['login']],
    // The HR interface finds people by it, and so does the merge's check that no other account holds an ID it hands over.
    indexed: [['employee_id']],
  },
  user_attributes: { columns: { user_id: ref('users'), name: str(false, 128), value: str(true) }, primary: ['user_id', 'name'] },
  clearances: {
    columns: {
      id,
      admin_id: ref('users'),
      org_unit_id: ref('org_units'),
      include_subunits: bool(false),
      can_view: bool(false),
      can_edit: bool(false),
      can_delete: bool(false),
    },
  },
  groups: { columns: { id, name: str() } },
  group_members: { columns: { group_id: ref('groups'), user_id: ref('users'), assigned_at: when() }, primary: ['group_id', 'user_id'] },
  enrolment_statuses: { columns: { id: { type: 'int' }, name: str(false, 64) }, primary: ['id'] },
  courses: { columns: { id, code: str(false, 64), title: str() }, unique: [['code']] },
  enrolments: {
    columns: {
      id,
      user_id: ref('users'),
      course_id: ref('courses'),
      status_id: { type: 'int', references: 'enrolment_statuses', values: [11, 12, 9, 8, 18, 6, 19, 3, 2, 17, 1, 5, 7] },
      status_at: when(),
      completed_at: when(true),
      score: { type: 'float', nullable: true },
    },
    unique: [['user_id', 'course_id']],
  },
  course_tutors: { columns: { course_id: ref('courses'), user_id: ref('users') }, primary: ['course_id', 'user_id'] },
  media: { columns: { id, title: str() } },
  media_progress: {
    columns: {
      id,
      user_id: ref('users'),
      media_id: ref('media'),
      course_id: ref('courses', true),
      progress: { type: 'int' },
      last_accessed_at: when(),
    },
  },
  scos: { columns: { id, course_id: ref('courses'), identifier: str(false, 128), title: str() } },
  scorm_data: {
    columns: {
      id,
      user_id: ref('users'),
      sco_id: ref('scos'),
      completion_status: oneOf(SCORM_COMPLETION),
      success_status: str(true, 32),
      score: { type: 'float', nullable: true },
      suspend_data: { type: 'text', nullable: true },
      updated_at: when(),
    },
    unique: [['user_id', 'sco_id']],
  },
  ojt_trainings: { columns: { id, title: str() } },
  ojt_assignments: {
    columns: {
      id,
      ojt_id: ref('ojt_trainings'),
      trainee_id: ref('users'),
      mentor_id: ref('users', true),
      status: str(false, 32),
      assigned_at: when(),
    },
  },
  ojt_task_results: {
    columns: {
      id,
      assignment_id: ref('ojt_assignments'),
      task_no: { type: 'int' },
      status: oneOf(OJT_TASK_STATUSES),
      submitted_at: when(true),
      reviewed_at: when(true),
    },
  },
  tests: { columns: { id, course_id: ref('courses', true), title: str() } },
  test_attempts: {
    columns: {
      id,
      user_id: ref('users'),
      test_id: ref('tests'),
      status: oneOf(TEST_ATTEMPT_STATUSES),
      score: { type: 'float', nullable: true },
      submitted_at: when(true),
    },
  },
  feedback_forms: { columns: { id, title: str() } },
  feedback_responses: {
    columns: { id, user_id: ref('users'), form_id: ref('feedback_forms'), status: oneOf(FEEDBACK_STATUSES), submitted_at: when(true) },
  },
  job_profiles: { columns: { id, name: str() } },
  user_job_profiles: {
    columns: {
      id,
      user_id: ref('users'),
      job_profile_id: ref('job_profiles'),
      status: oneOf(JOB_PROFILE_STATUSES),
      assigned_at: when(),
      completed_at: when(true),
    },
    unique: [['user_id', 'job_profile_id']],
  },
  skills: { columns: { id, name: str() } },
  user_skills: {
    columns: {
      id,
      user_id: ref('users'),
      skill_id: ref('skills'),
      achieved_value: { type: 'int' },
      achieved_at: when(),
      expires_at: when(true),
    },
    unique: [['user_id', 'skill_id']],
  },
  skill_history: {
    columns: { id, user_id: ref('users'), skill_id: ref('skills'), value: { type: 'int' }, changed_at: when(), trigger: { type: 'text' } },
  },
  audit_log: {
    columns: {
      id,
      user_id: ref('users'),
      component_type: str(false, 64),
      component_id: { type: 'int' },
      event: str(false, 64),
      status: str(true, 64),
      occurred_at: when(),
      comment: { type: 'text', nullable: true },
    },
  },
  learning_paths: { columns: { id, title: str(), level_based: bool(false) } },
  level_protections: {
    columns: {
      id,
      user_id: ref('users'),
      learning_path_id: ref('learning_paths'),
      protected_level: { type: 'int' },
      protection_end_date: { type: 'date', nullable: true },
    },
    unique: [['user_id', 'learning_path_id']],
  },
} as const satisfies Record<string, TableSpec>;

export type LmsTable = keyof typeof LMS_TABLES;
export type LmsColumn<T extends LmsTable> = keyof (typeof LMS_TABLES)[T]['columns'] & string;

export const LMS_TABLE_NAMES = Object.keys(LMS_TABLES) as LmsTable[];

export function tableSpec(table: LmsTable): TableSpec {
  return LMS_TABLES[table] as TableSpec;
}

/** Tables in an order where every referenced table comes before the tables that refer to it. */
export function tablesInDependencyOrder(): LmsTable[] {
  const done = new Set<LmsTable>();
  const order: LmsTable[] = [];
  const visit = (t: LmsTable) => {
    if (done.has(t)) return;
    done.add(t);
    for (const col of Object.values(tableSpec(t).columns)) {
      if (col.references && col.references !== t) visit(col.references as LmsTable);
    }
    order.push(t);
  };
  LMS_TABLE_NAMES.forEach(visit);
  return order;
}
