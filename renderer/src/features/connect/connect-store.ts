import { create } from 'zustand';
import type { DoctorView } from '@shared/ipc/contract';
import type { ProfileView } from '@shared/profiles';
import { api, call } from '../../api';
import { runTask } from '../../store-task';
import { shownError, type ShownError } from '../../app/shown-error';
import { useSession } from '../../app/session-store';

interface ConnectState {
  profiles: ProfileView[];
  selectedId: string;
  password: string;
  busy: 'idle' | 'testing' | 'connecting' | 'saving';
  /** The last failure, with its code so that it can be shown in the admin's language. */
  error: ShownError | null;
  doctor: DoctorView | null;
  load(): Promise<void>;
  select(id: string): void;
  setPassword(p: string): void;
  test(): Promise<void>;
  connect(): Promise<boolean>;
  save(profile: Parameters<typeof api.saveProfile>[0]): Promise<void>;
  remove(id: string): Promise<void>;
  /** Opens the main process's file dialog; only a file chosen there can go into a profile. */
  chooseFile(purpose: 'sqlite' | 'mapping'): Promise<string | null>;
}

export const useConnect = create<ConnectState>((set, get) => {
  const run = <T,>(busy: ConnectState['busy'], fn: () => Promise<T>): Promise<T | undefined> => runTask(set, { start: { busy, error: null }, end: { busy: 'idle' } }, failing(fn));
  // runTask keeps only the message; the code goes into the store here, before it would see the error.
  const failing = <T,>(fn: () => Promise<T>) => async (): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      set({ error: shownError(err) });
      return undefined;
    }
  };
  const password = () => (get().password ? { password: get().password } : {});
  return {
    profiles: [],
    selectedId: 'demo',
    password: '',
    busy: 'idle',
    error: null,
    doctor: null,
    load: async () => {
      await run('idle', async () => set({ profiles: await call(api.listProfiles({})) }));
    },
    select: (selectedId) => set({ selectedId, doctor: null, error: null, password: '' }),
    setPassword: (p) => set({ password: p }),
    test: async () => {
      set({ doctor: null });
      await run('testing', async () => set({ doctor: await call(api.testConnection({ profileId: get().selectedId, ...password() })) }));
    },
    connect: async () => {
      const session = await run('connecting', () => call(api.connect({ profileId: get().selectedId, ...password() })));
      if (!session) return false;
      useSession.getState().setSession(session);
      return true;
    },
    save: async (input) => {
      const saved = await run('saving', () => call(api.saveProfile(input)));
      if (saved) {
        await get().load();
        set({ selectedId: saved.id });
      }
    },
    chooseFile: async (purpose) => {
      return (await runTask(set, { start: { error: null } }, failing(async () => (await call(api.chooseProfileFile({ purpose })))?.path ?? null))) ?? null;
    },
    remove: async (id) => {
      await run('saving', () => call(api.deleteProfile({ id })));
      await get().load();
      set({ selectedId: 'demo' });
    },
  };
});
