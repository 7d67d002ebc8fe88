import { create } from 'zustand';
import type { PairView, SessionView } from '@shared/ipc/contract';
import { api, call } from '../api';

export type Screen = 'connect' | 'signin' | 'duplicates' | 'lookup' | 'compare' | 'batch' | 'settings' | 'logfiles' | 'history';

interface SessionState {
  session: SessionView | null;
  screen: Screen;
  setSession(s: SessionView | null): void;
  go(screen: Screen): void;
  signOut(): Promise<void>;
  /** The pair the Compare screen shows; `keep` is the account to keep (swappable there). */
  compare: { pair: PairView; keep: string } | null;
  openCompare(pair: PairView): void;
}

export const useSession = create<SessionState>((set) => ({
  session: null,
  screen: 'connect',
  setSession: (session) => set({ session, screen: !session ? 'connect' : session.operator ? 'duplicates' : 'signin' }),
  go: (screen) => set({ screen }),
  compare: null,
  openCompare: (pair) => set({ compare: { pair, keep: pair.keep }, screen: 'compare' }),
  signOut: async () => {
    const session = await call(api.signOut({}));
    set({ session, screen: 'signin' });
  },
}));
