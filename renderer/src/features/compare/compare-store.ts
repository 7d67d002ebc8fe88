import { create } from 'zustand';
import type { CompareView, MergeOutcomeView, PlanView } from '@shared/ipc/merge-channels';
import type { SettingsOverrides } from '@shared/merge-settings';
import { api, call } from '../../api';
import { runTask } from '../../store-task';

/** One merge's changes to the saved settings (the shape is declared in shared/merge-settings.ts). */
export type Overrides = SettingsOverrides;

/** The guided merge: Compare → Preview → Confirm → Result. */
export const STEPS = ['compare', 'preview', 'confirm', 'result'] as const;
export type Step = (typeof STEPS)[number];

interface CompareState {
  step: Step;
  uids: [string, string] | null;
  view: CompareView | null;
  keep: string | null;
  takeEmail: boolean;
  takeLogin: boolean;
  /** null: not chosen, the engine's default applies (shown from shared/employee-id-take-over). */
  takeEmployeeId: boolean | null;
  overrides: Overrides;
  plan: PlanView | null;
  outcome: MergeOutcomeView | null;
  busy: 'idle' | 'loading' | 'previewing' | 'merging';
  error: string | null;
  load(a: string, b: string, keep?: string): Promise<void>;
  swap(): void;
  set(patch: Partial<Pick<CompareState, 'takeEmail' | 'takeLogin' | 'takeEmployeeId'>>): void;
  /** Moves to a step that is reachable now (see reachable). */
  goTo(step: Step): void;
  setOverride(patch: Overrides): Promise<void>;
  preview(): Promise<void>;
  execute(): Promise<void>;
  reset(): void;
}

const initial = { step: 'compare' as Step, uids: null, view: null, keep: null, takeEmail: false, takeLogin: false, takeEmployeeId: null, overrides: {}, plan: null, outcome: null, busy: 'idle' as const, error: null };

/** Which steps can be opened: earlier ones until the merge ran, later ones once their input exists. */
export function reachable(st: Pick<CompareState, 'view' | 'plan' | 'outcome'>, step: Step): boolean {
  if (st.outcome) return step === 'result';
  if (step === 'compare') return true;
  if (step === 'preview' || step === 'confirm') return Boolean(st.plan);
  return false;
}

export const useCompare = create<CompareState>((set, get) => {
  const sides = () => {
    const { uids, keep } = get();
    if (!uids || !keep) throw new Error('No pair chosen.');
    const source = uids[0] === keep ? uids[1] : uids[0];
    return { source, target: keep };
  };
  const guard = async (busy: CompareState['busy'], fn: () => Promise<void>) => {
    await runTask(set, { start: { busy, error: null }, end: { busy: 'idle' } }, fn);
  };
  return {
    ...initial,
    load: (a, b, keep) =>
      guard('loading', async () => {
        set({ ...initial, uids: [a, b] });
        const view = await call(api.compareAccounts({ a, b }));
        set({ view, keep: keep ?? view.keep });
      }),
    swap: () => {
      const { uids, keep } = get();
      if (uids && keep) set({ keep: uids[0] === keep ? uids[1] : uids[0], takeEmployeeId: null, plan: null, outcome: null, step: 'compare' });
    },
    // Any change of the options makes the plan stale: it has to be previewed again.
    set: (patch) => set({ ...patch, plan: null }),
    goTo: (step) => {
      if (reachable(get(), step)) set({ step, error: null });
    },
    setOverride: async (patch) => {
      set({ overrides: { ...get().overrides, ...patch } });
      if (get().plan) await get().preview();
    },
    preview: () =>
      guard('previewing', async () => {
        const { takeEmail, takeLogin, takeEmployeeId, overrides } = get();
        set({ plan: await call(api.previewMerge({ ...sides(), takeEmail, takeLogin, takeEmployeeId, overrides })), outcome: null, step: 'preview' });
      }),
    execute: () =>
      guard('merging', async () => {
        const { takeEmail, takeLogin, takeEmployeeId, overrides, plan } = get();
        if (!plan) throw new Error('Preview the merge first.');
        const outcome = await call(api.executeMerge({ ...sides(), takeEmail, takeLogin, takeEmployeeId, overrides, expectPlanHash: plan.hash }));
        set({ outcome, step: 'result' });
      }),
    reset: () => set(initial),
  };
});
