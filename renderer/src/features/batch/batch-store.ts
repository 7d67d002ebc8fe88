import { create } from 'zustand';
import type { BatchResultView, WorklistReportView } from '@shared/ipc/batch-channels';
import { api, call, type ProgressEvent } from '../../api';
import { runTask } from '../../store-task';
import { toBase64 } from '../logfiles/logfiles-store';
import type { GeneralSettings, SettingsOverrides as Overrides } from '@shared/merge-settings';

interface BatchState {
  file: { name: string; base64: string } | null;
  report: WorklistReportView | null;
  running: 'idle' | 'validating' | 'dry-run' | 'run';
  progress: (ProgressEvent & { startedAt: number }) | null;
  result: BatchResultView | null;
  error: string | null;
  /** The saved settings, and what this batch changes of them (applied to every pair). */
  saved: Pick<GeneralSettings, 'abort_on_conflict' | 'source_disposition'> | null;
  overrides: Overrides;
  loadSettings(): Promise<void>;
  setOverride(o: Overrides): void;
  pick(file: File): Promise<void>;
  run(dryRun: boolean): Promise<void>;
  cancel(): Promise<void>;
}

export const useBatch = create<BatchState>((set, get) => ({
  file: null,
  report: null,
  running: 'idle',
  progress: null,
  result: null,
  error: null,
  saved: null,
  overrides: {},
  loadSettings: async () => {
    await runTask(set, {}, async () => {
      const { general } = await call(api.getSettings({}));
      set({ saved: { abort_on_conflict: general.abort_on_conflict, source_disposition: general.source_disposition } });
    });
  },
  setOverride: (o) => {
    // Only what differs from the saved settings is sent, so the runs record real overrides.
    const saved = get().saved as Record<string, unknown> | null;
    const next: Record<string, unknown> = { ...get().overrides, ...o };
    for (const [k, v] of Object.entries(next)) if (saved && saved[k] === v) delete next[k];
    set({ overrides: next as Overrides });
  },
  pick: async (file) => {
    await runTask(set, { start: { file: null, report: null, result: null, error: null, running: 'validating' }, end: { running: 'idle' } }, async () => {
      const picked = { name: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) };
      set({ file: picked, report: await call(api.validateWorklist(picked)) });
    });
  },
  run: async (dryRun) => {
    const file = get().file;
    if (!file) return;
    const startedAt = Date.now();
    set({ running: dryRun ? 'dry-run' : 'run', result: null, error: null, progress: null });
    const stop = api.onEvent((e) => e.task === 'batch' && set({ progress: { ...e, startedAt } }));
    const end = () => (stop(), { running: 'idle' as const, progress: null });
    await runTask(set, { end }, async () => {
      set({ result: await call(api.runBatch({ ...file, dryRun, overrides: get().overrides })) });
      // After a real run, the same worklist re-validates to show which pairs are done.
      if (!dryRun) set({ report: await call(api.validateWorklist(file)) });
    });
  },
  cancel: async () => {
    await call(api.cancelTask({ task: 'batch' }));
  },
}));

/** Time left from the pace so far (seconds under a minute, else minutes); null before the first pair or at the end. */
export function timeLeft(p: ProgressEvent & { startedAt: number }): { value: number; minutes: boolean } | null {
  if (!p.done || p.done >= p.total) return null;
  const ms = ((Date.now() - p.startedAt) / p.done) * (p.total - p.done);
  return ms < 60_000 ? { value: Math.ceil(ms / 1000), minutes: false } : { value: Math.ceil(ms / 60_000), minutes: true };
}
