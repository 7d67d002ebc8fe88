import type { Knex } from 'knex';
import type { LmsTable } from '../../db/lms-tables';
import type { LmsMapping } from '../../db/mapping';
import type { MergeSettings } from '../../settings/merge-settings';
import type { EmployeeIdTakeOver } from './employee-id';
import type { Journal } from './journal';

export const ACTIONS = ['move', 'keep_target', 'take_source', 'combine', 'copy', 'drop', 'not_merged', 'conflict', 'action_required'] as const;
/**
 * move: the source's record becomes the target's.
 * keep_target: both had one; the target's record is kept, the source's is removed.
 * take_source: both had one; the source's record or values replace the target's.
 * combine: both had one; the target's record is kept with values from both.
 * copy: a copy is added to the target; the source's original stays with the source account.
 * drop: removed without replacement.
 * not_merged: stays with the source account (and shares its fate).
 * conflict: a training conflict that aborts the merge (abort on conflict).
 * action_required: the merge leaves something for an administrator to do.
 */
export type Action = (typeof ACTIONS)[number];

export type Scalar = string | number | boolean | null;
/** A record's values under logical column names, serialisable (dates as ISO text). */
export type Values = Record<string, Scalar>;

export interface PlannedRecord {
  category: string;
  /** What the record is about, e.g. "course", "skill", "sco". */
  objectType: string;
  objectId: Scalar;
  /** Key of the source account's record (JSON of its key when composite); null if none. */
  sourceRecordId: Scalar;
  targetRecordId: Scalar;
  action: Action;
  /** The rule that decided the action, in words. */
  rule: string;
  statusBefore: { source: Scalar; target: Scalar };
  statusAfter: Scalar;
  before: { source: Values | null; target: Values | null };
  /** The target's record as it will be (null when nothing is left with the target). */
  after: Values | null;
  note?: string;
}

export interface Conflict {
  category: string;
  objectType: string;
  objectId: Scalar;
  description: string;
  /** What would happen with abort on conflict off. */
  resolution: string;
}

export interface ActionRequired {
  category: string;
  objectType: string;
  objectId: Scalar;
  recordId: Scalar;
  description: string;
}

export interface AccountSummary {
  id: number;
  uid: string;
  login: string;
  email: string | null;
  firstName: string;
  lastName: string;
  status: string;
  orgUnitId: number;
  clientId: number;
}

export interface MergePlan {
  version: 1;
  source: AccountSummary;
  target: AccountSummary;
  operator: string;
  settings: MergeSettings;
  options: PlanOptions;
  records: PlannedRecord[];
  /** counts[category][action] */
  counts: Record<string, Partial<Record<Action, number>>>;
  conflicts: Conflict[];
  actionRequired: ActionRequired[];
  /** What happens to the source account. */
  sourceAccount: { disposition: MergeSettings['source_disposition']; description: string; leftWithSource: Record<string, number> };
  /** Whether the target takes over the source's employee ID, the default and why. */
  employeeIdTakeOver: EmployeeIdTakeOver;
  /** Digest of every row of both accounts the plan read, and of how many rows each account owns per table. */
  fingerprint: string;
  /** sha256 of the canonical JSON of everything above. */
  hash: string;
}

export interface PlanOptions {
  takeEmail?: boolean;
  takeLogin?: boolean;
  /** The target takes over the source's employee ID; unset = the default (see employee-id.ts). In a plan: the choice made. */
  takeEmployeeId?: boolean;
}

/** A raw row as read from the database, under logical column names. */
export type Row = Record<string, unknown>;

export interface User {
  id: number;
  uid: string;
  login: string;
  email: string | null;
  first_name: string;
  last_name: string;
  birth_date: unknown;
  employee_id: string | null;
  phone: string | null;
  client_id: number;
  org_unit_id: number;
  status: string;
  raw: Row;
}

export interface PlanContext {
  db: Knex;
  m: LmsMapping;
  source: User;
  target: User;
  settings: MergeSettings;
  options: PlanOptions;
  /** Rows read while planning; they enter the plan hash so any change to them is detected. */
  observe(table: string, rows: readonly Row[]): void;
}

export interface ApplyContext {
  db: Knex.Transaction | Knex;
  m: LmsMapping;
  source: User;
  target: User;
  settings: MergeSettings;
  options: PlanOptions;
  journal: Journal;
  /** The merge's time (UTC), used in audit comments. */
  mergeTime: Date;
  /** Called after each write step; tests throw from it to prove atomicity. */
  step(name: string): Promise<void>;
  /** The source's rows of a user reference as read while planning, when its category declared them untouched (CategoryPlan.untouched). */
  untouchedSourceRows(table: LmsTable, column: string): readonly Row[] | undefined;
}

export interface CategoryPlan {
  records: PlannedRecord[];
  conflicts?: Conflict[];
  actionRequired?: ActionRequired[];
  /** Applies this category's part; it closes over the rows read while planning. */
  apply(ctx: ApplyContext): Promise<void>;
  /**
   * The source's rows of a reference this category claims, as read while planning, which its
   * apply leaves exactly as they are (the audit log is copied, not moved): the account step
   * that deletes what the source still owns takes them instead of reading 20,000 rows again.
   */
  untouched?: { table: LmsTable; column: string; rows: readonly Row[] };
}

/** A column that refers to a user account, by logical names. */
export interface UserReference {
  table: LmsTable;
  column: string;
  /**
   * The lines these rows give in the Compare screen's record counts (a label, and a column
   * that must be set, e.g. completed_at for completions). Absent: not counted there.
   */
  counted?: readonly CountLine[];
}

export interface CountLine {
  label: string;
  whereSet?: string;
}

/** A declarative rule module: one per category; the engine runs them in the listed order. */
export interface Category {
  name: string;
  /** The user references whose rows this category plans (each is claimed by exactly one category). */
  claims: readonly UserReference[];
  plan(ctx: PlanContext): Promise<CategoryPlan>;
}
