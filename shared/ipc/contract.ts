import { z } from 'zod';
import { profileSchema, type ProfileView } from '../profiles';
import { channel, type ApiOf } from './define';

/** What `doctor` found, as the renderer shows it: a checklist with fixes. */
export interface DoctorView {
  database: string;
  dialect: string;
  server: string;
  ok: boolean;
  checks: { id: string; ok: boolean; label: string; problem?: string; fix?: string }[];
}

export interface SessionView {
  database: string;
  dialect: string;
  profileId: string;
  operator: { login: string; uid: string } | null;
}

const empty = z.object({}).strict();
const password = z.string().max(1024);

/**
 * The one IPC contract: preload, the handler registry and the renderer all derive from it.
 * Adding a channel here without a handler fails at start-up and in the tests.
 */
export const contract = {
  appInfo: channel(empty).returns<{ version: string; userDataDir: string; demoDatabase: string }>(),
  listProfiles: channel(empty).returns<ProfileView[]>(),
  saveProfile: channel(
    z.object({ profile: profileSchema.omit({ id: true }).extend({ id: profileSchema.shape.id.optional() }), password: password.nullable().optional() }).strict(),
  ).returns<ProfileView>(),
  deleteProfile: channel(z.object({ id: z.string().min(1).max(64) }).strict()).returns<null>(),
  testConnection: channel(z.object({ profileId: z.string().min(1).max(64), password: password.optional() }).strict()).returns<DoctorView>(),
  connect: channel(z.object({ profileId: z.string().min(1).max(64), password: password.optional() }).strict(), { cancellable: true }).returns<SessionView>(),
  signIn: channel(z.object({ login: z.string().trim().min(1, 'Enter the login.').max(255), password: password.min(1, 'Enter the password.') }).strict()).returns<SessionView>(),
  signOut: channel(empty).returns<SessionView | null>(),
  currentSession: channel(empty).returns<SessionView | null>(),
};

export type Contract = typeof contract;
export type MergeDeskApi = ApiOf<Contract>;
export const CHANNEL_KEYS = Object.keys(contract) as (keyof Contract & string)[];
