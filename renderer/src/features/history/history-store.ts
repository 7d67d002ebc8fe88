import { create } from 'zustand';
import type { RunOutcome, RunView } from '../../../../shared/ipc/admin-channels';
import { api, call } from '../../api';
import { useSession } from '../../app/session-store';
import { useLogfiles } from '../logfiles/logfiles-store';

interface HistoryState {
  runs: RunView[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  outcome: RunOutcome | 'all';
  /** The run whose logfile is being opened. */
  opening: number | null;
  load(): Promise<void>;
  setOutcome(outcome: RunOutcome | 'all'): Promise<void>;
  openLogfile(run: RunView): Promise<void>;
  /** Makes a run's missing logfile again from the database. */
  createLogfile(run: RunView): Promise<void>;
}

export const useHistory = create<HistoryState>((set, get) => ({
  runs: [],
  loaded: false,
  loading: false,
  error: null,
  outcome: 'all',
  opening: null,
  load: async () => {
    set({ loading: true, error: null });
    try {
      const outcome = get().outcome;
      const runs = await call(api.listRuns(outcome === 'all' ? {} : { outcome }));
      set({ runs, loaded: true });
    } catch (err) {
      set({ error: (err as Error).message });
    } finally {
      set({ loading: false });
    }
  },
  setOutcome: async (outcome) => {
    set({ outcome });
    await get().load();
  },
  createLogfile: async (run) => {
    set({ opening: run.id, error: null });
    try {
      const updated = await call(api.createRunLogfile({ runId: run.id }));
      set({ runs: get().runs.map((r) => (r.id === updated.id ? updated : r)) });
    } catch (err) {
      set({ error: (err as Error).message });
    } finally {
      set({ opening: null });
    }
  },
  openLogfile: async (run) => {
    set({ opening: run.id, error: null });
    try {
      const log = await call(api.openRunLogfile({ runId: run.id }));
      useLogfiles.getState().show(log);
      useSession.getState().go('logfiles');
    } catch (err) {
      set({ error: (err as Error).message });
    } finally {
      set({ opening: null });
    }
  },
}));
