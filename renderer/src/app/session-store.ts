import { create } from 'zustand';
import type { SessionView } from '../../../shared/ipc/contract';
import { api, call } from '../api';

export type Screen = 'connect' | 'signin' | 'duplicates' | 'compare' | 'settings' | 'logfiles' | 'history';

interface SessionState {
  session: SessionView | null;
  screen: Screen;
  setSession(s: SessionView | null): void;
  go(screen: Screen): void;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>((set) => ({
  session: null,
  screen: 'connect',
  setSession: (session) => set({ session, screen: !session ? 'connect' : session.operator ? 'duplicates' : 'signin' }),
  go: (screen) => set({ screen }),
  signOut: async () => {
    const session = await call(api.signOut({}));
    set({ session, screen: 'signin' });
  },
}));
