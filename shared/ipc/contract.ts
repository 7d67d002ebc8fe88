import { z } from 'zod';
import { profileSchema, type ProfileView } from '../profiles';
import { adminChannels } from './admin-channels';
import { batchChannels } from './batch-channels';
import { reportChannels } from './report-channels';
import { connectionStringChannels } from './connection-string-channels';
import { mergeChannels } from './merge-channels';
import { lookupChannels } from './lookup-channels';
import { CANCELLABLE_TASKS, channel, type ApiOf } from './define';
import { LANGUAGES } from '../i18n/languages';
import type { DoctorCheckKey, DoctorParams } from '../doctor-texts';
import type { Reason } from '../detect-reasons';
import type { ScanOverviewView } from './scan-overview';

/**
 * What `doctor` found, as the renderer shows it: a checklist with fixes. Each check's `key` and
 * `params` word it from the catalogue (shared/doctor-texts.ts); label/problem/fix are the English.
 */
export interface DoctorView {
  database: string;
  dialect: string;
  server: string;
  ok: boolean;
  checks: { id: string; ok: boolean; key: DoctorCheckKey; params: DoctorParams; label: string; problem?: string; fix?: string }[];
}

export interface SessionView {
  database: string;
  dialect: string;
  profileId: string;
  operator: {
    login: string;
    uid: string;
    /** May change the merge settings, rules and client settings (the settings right, checked again on every save). */
    canChangeSettings: boolean;
    /** Why not, in plain words, when canChangeSettings is false. */
    settingsReadOnlyReason: string | null;
  } | null;
}

/** One side of a candidate pair, as the review table shows it. */
export interface PairAccountView {
  uid: string;
  name: string;
  email: string | null;
  login: string;
  employeeId: string | null;
  status: string;
}

export interface PairView {
  a: PairAccountView;
  b: PairAccountView;
  score: number;
  cause: string;
  reasons: string[];
  /** The same reasons as data, for words in the admin's language (duplicates:reason.<key>). */
  reasonKeys: Reason[];
  keep: string;
  keepReasons: string[];
  decision: string | null;
  /** The weight (bits, log2 m/u) of every compared field: the waterfall in the Compare screen. */
  evidence: { field: string; level: string; weight: number }[];
  /** Where the waterfall starts: the prior in bits. */
  priorLog2: number;
}

export interface ScanView {
  users: number;
  candidates: number;
  seconds: number;
  pairs: PairView[];
  clusters: { uids: string[]; keep: string }[];
  /** The model's prior in bits (where the waterfall starts), expected duplicates and precision. */
  model: { learned: boolean; expectedDuplicates: number; threshold: number; expectedPrecision: number; priorLog2: number };
  /** The overview in pictures: pairs per cause and org unit, scores, cluster sizes, licences. */
  overview: ScanOverviewView;
}

const empty = z.object({}).strict();
const uid = z.string().trim().min(1, 'A UID is required.').max(64);
const password = z.string().max(1024);

/**
 * The one IPC contract: preload, the handler registry and the renderer all derive from it.
 * Adding a channel here without a handler fails at start-up and in the tests.
 */
export const contract = {
  appInfo: channel(empty).returns<{ version: string; userDataDir: string; demoDatabase: string }>(),
  /** The UI's language, so that what the main process writes (logfiles, messages) speaks it too. */
  setLanguage: channel(z.object({ language: z.enum(LANGUAGES) }).strict()).returns<null>(),
  listProfiles: channel(empty).returns<ProfileView[]>(),
  saveProfile: channel(
    z.object({ profile: profileSchema.omit({ id: true }).extend({ id: profileSchema.shape.id.optional() }), password: password.nullable().optional() }).strict(),
  ).returns<ProfileView>(),
  /** Opens the main process's file dialog; only paths chosen there may be saved in a profile. */
  chooseProfileFile: channel(z.object({ purpose: z.enum(['mapping', 'sqlite']) }).strict()).returns<{ path: string } | null>(),
  deleteProfile: channel(z.object({ id: z.string().min(1).max(64) }).strict()).returns<null>(),
  testConnection: channel(z.object({ profileId: z.string().min(1).max(64), password: password.optional() }).strict()).returns<DoctorView>(),
  connect: channel(z.object({ profileId: z.string().min(1).max(64), password: password.optional() }).strict()).returns<SessionView>(),
  signIn: channel(z.object({ login: z.string().trim().min(1, 'Enter the login.').max(255), password: password.min(1, 'Enter the password.') }).strict()).returns<SessionView>(),
  signOut: channel(empty).returns<SessionView | null>(),
  currentSession: channel(empty).returns<SessionView | null>(),
  scanDuplicates: channel(z.object({ minScore: z.number().min(0).max(1).optional(), limit: z.number().int().min(1).max(1_000_000).optional() }).strict()).returns<ScanView>(),
  cancelTask: channel(z.object({ task: z.enum(CANCELLABLE_TASKS) }).strict()).returns<{ cancelled: boolean }>(),
  decidePair: channel(
    z.object({ a: uid, b: uid, decision: z.enum(['not_duplicate', 'later']), note: z.string().max(2000).optional() }).strict(),
  ).returns<{ a: string; b: string; decision: string }>(),
  ...mergeChannels,
  ...adminChannels,
  ...batchChannels,
  ...reportChannels,
  ...connectionStringChannels,
  ...lookupChannels,
};

export type Contract = typeof contract;
export type MergeDeskApi = ApiOf<Contract>;
export const CHANNEL_KEYS = Object.keys(contract) as (keyof Contract & string)[];
