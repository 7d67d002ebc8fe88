import type { Session } from './session';

/** Handlers of the Settings, History and Logfile screens (see shared/ipc/admin-channels.ts). */
export function createAdminHandlers(_session: Session) {
  return {
    async ping(): Promise<'pong'> {
      return 'pong';
    },
  };
}
