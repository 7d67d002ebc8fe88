import { z } from 'zod';
import { channel } from './define';
import { settingsOverrideSchema, type GeneralSettings } from '../merge-settings';
import type { ObjectNames } from '../object-names';

export interface AccountDetail {
  id: number;
  uid: string;
  login: string;
  email: string | null;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  employeeId: string | null;
  phone: string | null;
  origin: string;
  status: string;
  orgUnit: string;
  client: string;
  createdAt: string | null;
  lastLoginAt: string | null;
  /** Records per category, e.g. {"Enrolments": 12, "Completions": 5, …}. */
  counts: Record<string, number>;
  /** Enrolments per status name. */
  enrolmentsByStatus: Record<string, number>;
}

export interface CompareView {
  accounts: [AccountDetail, AccountDetail];
  keep: string;
  keepReasons: string[];
}

/** A plan as the preview shows it: the engine's MergePlan, plain data. */
export interface PlanView {
  hash: string;
  source: { uid: string; name: string; login: string; email: string | null };
  target: { uid: string; name: string; login: string; email: string | null };
  settings: GeneralSettings & Record<string, unknown>;
  counts: Record<string, Record<string, number>>;
  records: {
    category: string;
    objectType: string;
    objectId: string | number | boolean | null;
    /** The kept account's record the source's is paired with; null when the kept account has none. */
    targetRecordId: string | number | boolean | null;
    action: string;
    rule: string;
    statusBefore: { source: unknown; target: unknown };
    statusAfter: unknown;
    note?: string;
  }[];
  conflicts: { category: string; objectType: string; objectId: unknown; description: string; resolution: string }[];
  actionRequired: { category: string; objectType: string; objectId: unknown; recordId: unknown; description: string }[];
  sourceAccount: { disposition: string; description: string; leftWithSource: Record<string, number> };
  /** Whether the kept account takes over the employee ID, the default and why. */
  employeeIdTakeOver: { take: boolean; byDefault: boolean; reason: string };
  /** Display names of the objects above (objectNameKey → "FS-101 Fire safety basics"); not part of the plan or its hash. */
  names: ObjectNames;
  /** The kept account's rows per category before the merge (the preview's "now" column). */
  keptNow: Record<string, number>;
}

export interface MergeOutcomeView {
  runId: number;
  outcome: 'merged' | 'aborted' | 'failed' | 'refused';
  reason: string | null;
  message: string;
  /** The logfile written; null when it could not be written (see warnings). */
  logfile: string | null;
  /** Problems after the outcome was settled, e.g. the logfile could not be written; the outcome stands. */
  warnings: string[];
  counts: Record<string, Record<string, number>>;
  conflicts: PlanView['conflicts'];
  actionRequired: PlanView['actionRequired'];
  names: ObjectNames;
  /** Active accounts this merge freed (0 or 1): the removed account was active and is not any more. */
  licencesFreed: number;
  /** What happened to the removed account (the plan's words); null when refused before planning. */
  sourceAccount: PlanView['sourceAccount'] | null;
  /** The kept account's rows per category as the database holds them after the run. */
  keptAfter: Record<string, number>;
  /** The planned records (what was done when merged), with the names above. */
  records: PlanView['records'];
}

const uid = z.string().trim().min(1, 'A UID is required.').max(64);

const mergeInput = {
  source: uid,
  target: uid,
  takeEmail: z.boolean().default(false),
  takeLogin: z.boolean().default(false),
  /** null or absent: the default (on when the removed account is interface-maintained and the kept one is not). */
  takeEmployeeId: z.boolean().nullable().optional(),
  overrides: settingsOverrideSchema.default({}),
};

/** Channels of the Compare, Preview and Result screens. */
export const mergeChannels = {
  searchUsers: channel(z.object({ query: z.string().trim().min(2, 'Type at least two characters.').max(100), limit: z.number().int().min(1).max(200).default(50) }).strict()).returns<
    { uid: string; name: string; email: string | null; login: string; status: string; orgUnit: string }[]
  >(),
  compareAccounts: channel(z.object({ a: uid, b: uid }).strict()).returns<CompareView>(),
  previewMerge: channel(z.object(mergeInput).strict()).returns<PlanView>(),
  executeMerge: channel(z.object({ ...mergeInput, expectPlanHash: z.string().regex(/^[0-9a-f]{64}$/, 'The plan hash is not valid.') }).strict()).returns<MergeOutcomeView>(),
  saveRunLogfile: channel(z.object({ runId: z.number().int().positive() }).strict()).returns<{ savedTo: string | null }>(),
  openRunLogfileExternally: channel(z.object({ runId: z.number().int().positive() }).strict()).returns<null>(),
};
