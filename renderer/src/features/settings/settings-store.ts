import { create } from 'zustand';
import type { ClientView, JobProfileRuleView, PortfolioRuleView, SettingsView } from '@shared/ipc/admin-channels';
import { SETTING_KEYS, type GeneralSettings } from '@shared/merge-settings';
import { ENROLMENT_STATUSES } from '@shared/enrolment-statuses';
import { api, call } from '../../api';
import { runTask } from '../../store-task';
import { shownError, type ShownError } from '../../app/shown-error';

export type SettingsTab = 'general' | 'portfolio' | 'job' | 'clients';
/** A notice's words: a catalogue key of the settings namespace (worded when shown, so a language switch applies), or a failure. */
export type NoticeMessage =
  | { key: 'generalSaved' | 'jobSaved' }
  | { key: 'consistent' | 'portfolioSaved'; count: number }
  | { key: 'clientKept' | 'clientNotKept'; name: string }
  | { key: 'duplicateEntry'; problems: PortfolioProblem[] }
  | { key: 'failed'; error: ShownError };
export interface Notice {
  intent: 'success' | 'error' | 'warning';
  message: NoticeMessage;
}
export interface PortfolioProblem {
  target: number;
  source: number;
}

interface SettingsState {
  tab: SettingsTab;
  loaded: SettingsView | null;
  loading: boolean;
  loadError: ShownError | null;
  /** Drafts the tabs edit; saved as a whole. */
  general: GeneralSettings | null;
  portfolio: PortfolioRuleView[];
  job: JobProfileRuleView[];
  /** The target status whose portfolio entries are shown. */
  target: number;
  notices: Partial<Record<SettingsTab, Notice>>;
  saving: SettingsTab | null;
  setTab(tab: SettingsTab): void;
  load(): Promise<void>;
  editGeneral(change: Partial<GeneralSettings>): void;
  saveGeneral(): Promise<void>;
  selectTarget(target: number): void;
  addEntry(): void;
  updateEntry(index: number, change: Partial<PortfolioRuleView>): void;
  removeEntry(index: number): void;
  checkPortfolio(): boolean;
  savePortfolio(): Promise<void>;
  setJobResult(target: string, source: string, result: string | null): void;
  saveJob(): Promise<void>;
  setClient(client: ClientView, keep: boolean): Promise<void>;
}

const general = (g: SettingsView['general']): GeneralSettings => Object.fromEntries(SETTING_KEYS.map((k) => [k, g[k]])) as GeneralSettings;

/** What the validator will refuse, found before sending: two entries for the same status pair. */
export function portfolioProblems(rules: readonly PortfolioRuleView[]): PortfolioProblem[] {
  const seen = new Map<string, number>();
  const problems: PortfolioProblem[] = [];
  rules.forEach((r, i) => {
    const key = `${r.target_status_id}/${r.source_status_id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ target: r.target_status_id, source: r.source_status_id });
    } else seen.set(key, i);
  });
  return problems;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function isDirty(s: Pick<SettingsState, 'loaded' | 'general' | 'portfolio' | 'job'>, tab: SettingsTab): boolean {
  if (!s.loaded) return false;
  if (tab === 'general') return !sameJson(s.general, general(s.loaded.general));
  if (tab === 'portfolio') return !sameJson(s.portfolio, s.loaded.portfolioRules);
  if (tab === 'job') return !sameJson(s.job, s.loaded.jobProfileRules);
  return false;
}

export const useSettings = create<SettingsState>((set, get) => {
  const notice = (tab: SettingsTab, n: Notice | undefined) => set({ notices: { ...get().notices, [tab]: n } });
  /** Saves one tab: busy while it runs, a failure as that tab's error notice. */
  const saving = (tab: SettingsTab, fn: () => Promise<void>) =>
    runTask(set, { start: { saving: tab }, end: { saving: null } }, async () => {
      try {
        await fn();
      } catch (err) {
        notice(tab, { intent: 'error', message: { key: 'failed', error: shownError(err) } });
      }
    });
  return {
    tab: 'general',
    loaded: null,
    loading: false,
    loadError: null,
    general: null,
    portfolio: [],
    job: [],
    target: ENROLMENT_STATUSES[0].id,
    notices: {},
    saving: null,
    setTab: (tab) => set({ tab }),
    load: async () => {
      await runTask(set, { start: { loading: true, loadError: null }, end: { loading: false } }, async () => {
        try {
          const s = await call(api.getSettings({}));
          set({ loaded: s, general: general(s.general), portfolio: s.portfolioRules, job: s.jobProfileRules, notices: {} });
        } catch (err) {
          set({ loadError: shownError(err) });
        }
      });
    },
    editGeneral: (change) => {
      const g = get().general;
      if (g) set({ general: { ...g, ...change } });
      notice('general', undefined);
    },
    saveGeneral: async () => {
      const g = get().general;
      if (!g) return;
      await saving('general', async () => {
        const saved = await call(api.saveGeneralSettings({ general: g }));
        set({ loaded: { ...get().loaded!, general: saved }, general: general(saved) });
        notice('general', { intent: 'success', message: { key: 'generalSaved' } });
      });
    },
    selectTarget: (target) => set({ target }),
    addEntry: () => {
      const { portfolio, target } = get();
      const used = new Set(portfolio.filter((r) => r.target_status_id === target).map((r) => r.source_status_id));
      const source = ENROLMENT_STATUSES.find((s) => !used.has(s.id))?.id ?? ENROLMENT_STATUSES[0].id;
      set({ portfolio: [...portfolio, { target_status_id: target, source_status_id: source, result_status_id: target, dates_merge_type: 'latest' }] });
      notice('portfolio', undefined);
    },
    updateEntry: (index, change) => {
      set({ portfolio: get().portfolio.map((r, i) => (i === index ? { ...r, ...change } : r)) });
      notice('portfolio', undefined);
    },
    removeEntry: (index) => {
      set({ portfolio: get().portfolio.filter((_, i) => i !== index) });
      notice('portfolio', undefined);
    },
    checkPortfolio: () => {
      const problems = portfolioProblems(get().portfolio);
      notice('portfolio', problems.length ? { intent: 'error', message: { key: 'duplicateEntry', problems } } : { intent: 'success', message: { key: 'consistent', count: get().portfolio.length } });
      return problems.length === 0;
    },
    savePortfolio: async () => {
      await saving('portfolio', async () => {
        const rules = await call(api.savePortfolioRules({ rules: get().portfolio }));
        set({ loaded: { ...get().loaded!, portfolioRules: rules }, portfolio: rules });
        notice('portfolio', { intent: 'success', message: { key: 'portfolioSaved', count: rules.length } });
      });
    },
    setJobResult: (target, source, result) => {
      const rest = get().job.filter((r) => !(r.target_status === target && r.source_status === source));
      set({ job: result ? [...rest, { target_status: target, source_status: source, result_status: result }] : rest });
      notice('job', undefined);
    },
    saveJob: async () => {
      await saving('job', async () => {
        const rules = await call(api.saveJobProfileRules({ rules: get().job }));
        set({ loaded: { ...get().loaded!, jobProfileRules: rules }, job: rules });
        notice('job', { intent: 'success', message: { key: 'jobSaved' } });
      });
    },
    setClient: async (client, keep) => {
      await saving('clients', async () => {
        const saved = await call(api.setClientLevelProtection({ clientId: client.id, keep }));
        const loaded = get().loaded!;
        set({ loaded: { ...loaded, clients: loaded.clients.map((c) => (c.id === saved.id ? saved : c)) } });
        notice('clients', { intent: 'success', message: { key: saved.keepHighestLevelProtection ? 'clientKept' : 'clientNotKept', name: saved.name } });
      });
    },
  };
});
