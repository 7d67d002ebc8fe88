import type { Contract, DoctorView, SessionView } from '@shared/ipc/contract';
import { authenticateOperator } from '../auth/operator';
import { settingsRight } from '../auth/rights';
import { openDatabase } from '../db/connect';
import { describeConnection, type ConnectionDescription } from '../db/connection-url';
import { dialectOf } from '../db/dialect';
import { assertDatabaseReady, runDoctor } from '../db/doctor';
import { loadMapping } from '../db/mapping';
import { generateDemoIfMissing } from '../demo-database';
import { ChosenFiles, type FileDialogs } from '../profiles/chosen-files';
import type { ProfileStore } from '../profiles/store';
import { defaultDemoDatabaseFile, userDataDir } from '../user-data';
import type { Handlers } from './registry';
import { createReviewHandlers } from './review-handlers';
import { createAdminHandlers } from './admin-handlers';
import { createBatchHandlers } from './batch-handlers';
import { createMergeHandlers, type DesktopServices } from './merge-handlers';
import { createReportHandlers } from './report-handlers';
import { createConnectionStringHandlers } from './connection-string-handlers';
import { createLookupHandlers } from './lookup-handlers';
import { Session } from './session';

export interface HandlerDeps {
  profiles: ProfileStore;
  version: string;
  session?: Session;
  /** Native dialogs and the shell; the browser tests pass their own. */
  desktop?: DesktopServices;
  /** A logfile named on the command line when the app was started. */
  startupFile?: string;
  /** The main process's file dialog, the only source of a profile's file paths. */
  dialogs?: FileDialogs;
}

const noDesktop: DesktopServices = {
  saveFileDialog: async () => null,
  openPath: async () => undefined,
};

/**
 * The handlers behind every IPC channel. Thin: they validate nothing themselves (the
 * registry did), hold no Electron objects, and call the same modules as the CLI.
 */
export function createHandlers(deps: HandlerDeps): Handlers<Contract> & { session: Session } {
  const session = deps.session ?? new Session();
  const chosenFiles = new ChosenFiles(deps.dialogs);

  const view = (): SessionView | null =>
    session.db && session.connection && session.profileId
      ? {
          database: describeConnection(session.connection),
          dialect: dialectOf(session.db),
          profileId: session.profileId,
          operator: session.operator
            ? {
                login: session.operator.login,
                uid: session.operator.uid,
                canChangeSettings: session.settingsRight?.allowed ?? false,
                settingsReadOnlyReason: session.settingsRight?.reason ?? null,
              }
            : null,
        }
      : null;

  const open = async (connection: ConnectionDescription, isDemo: boolean, progress?: (p: { phase: string; done: number; total: number }) => void) => {
    if (isDemo && connection.kind === 'sqlite') return generateDemoIfMissing(connection.file, progress);
    return openDatabase(connection, { mustExist: connection.kind === 'sqlite' });
  };

  return {
    session,
    ...createReviewHandlers(session),
    ...createAdminHandlers(session, deps.startupFile ? { startupFile: deps.startupFile } : {}),
    ...createMergeHandlers(session, deps.desktop ?? noDesktop),
    ...createBatchHandlers(session, deps.desktop ?? noDesktop),
    ...createReportHandlers(session, deps.desktop ?? noDesktop),
    ...createConnectionStringHandlers(),
    ...createLookupHandlers(session),
    async appInfo() {
      return { version: deps.version, userDataDir: userDataDir(), demoDatabase: defaultDemoDatabaseFile() };
    },
    async setLanguage({ language }) {
      session.language = language;
      return null;
    },
    async listProfiles() {
      return deps.profiles.list();
    },
    async chooseProfileFile({ purpose }) {
      const file = await chosenFiles.choose(purpose);
      return file === null ? null : { path: file };
    },
    async saveProfile({ profile, password }) {
      chosenFiles.assertChosen(profile, profile.id ? deps.profiles.list().find((p) => p.id === profile.id) : undefined);
      return deps.profiles.save(profile, password);
    },
    async deleteProfile({ id }) {
      deps.profiles.remove(id);
      return null;
    },
    async testConnection({ profileId, password }): Promise<DoctorView> {
      const profile = deps.profiles.get(profileId);
      const connection = deps.profiles.connectionFor(profileId, password);
      const mapping = loadMapping(profile.mappingFile);
      const db = await open(connection, profile.connection.kind === 'demo');
      try {
        const report = await runDoctor(db, mapping);
        return { database: describeConnection(connection), dialect: report.dialect, server: report.server, ok: report.ok, checks: report.checks };
      } finally {
        await db.destroy();
      }
    },
    async connect({ profileId, password }, ctx) {
      const profile = deps.profiles.get(profileId);
      const connection = deps.profiles.connectionFor(profileId, password);
      const mapping = loadMapping(profile.mappingFile);
      const db = await open(connection, profile.connection.kind === 'demo', (p) => ctx.progress({ task: 'connect', ...p }));
      try {
        await assertDatabaseReady(db, mapping);
      } catch (err) {
        await db.destroy();
        throw err;
      }
      await session.close();
      Object.assign(session, { db, mapping, connection, profileId });
      return view()!;
    },
    async signIn({ login, password }) {
      const { db, mapping } = session.requireDb();
      const operator = await authenticateOperator(db, mapping, login, password);
      session.settingsRight = await settingsRight(db, mapping, operator);
      session.operator = operator;
      return view()!;
    },
    async signOut() {
      session.operator = null;
      session.settingsRight = null;
      return view();
    },
    async currentSession() {
      return view();
    },
  };
}

