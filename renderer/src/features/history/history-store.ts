import { create } from 'zustand';
import type { RunOutcome, RunView } from '@shared/ipc/admin-channels';
import { api, call } from '../../api';
import { runTask } from '../../store-task';
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
    await runTask(set, { start: { loading: true, error: null }, end: { loading: false } }, async () => {
      const outcome = get().outcome;
      const runs = await call(api.listRuns(outcome === 'all' ? {} : { outcome }));
      set({ runs, loaded: true });
    });
  },
  setOutcome: async (outcome) => {
    set({ outcome });
    await get().load();
  },
  createLogfile: async (run) => {
    await runTask(set, { start: { opening: run.id, error: null }, end: { opening: null } }, async () => {
      const updated = await call(api.createRunLogfile({ runId: run.id }));
      set({ runs: get().runs.map((r) => (r.id === updated.id ? updated : r)) });
    });
  },
  openLogfile: async (run) => {
    await runTask(set, { start: { opening: run.id, error: null }, end: { opening: null } }, async () => {
      const log = await call(api.openRunLogfile({ runId: run.id }));
      useLogfiles.getState().show(log);
      useSession.getState().go('logfiles');
    });
  },
}));
