import i18next from 'i18next';
import { create } from 'zustand';
import { MAX_LOGFILE_BYTES, type LogfileView } from '@shared/ipc/admin-channels';
import type { ReportWorkbookView } from '@shared/ipc/report-channels';
import { api, call } from '../../api';
import { runTask } from '../../store-task';

export type LogTab = 'summary' | 'records' | 'conflicts' | 'actions';
type LogRecordView = LogfileView['records'][number];

interface LogfilesState {
  log: LogfileView | null;
  /** An engagement report workbook opened instead of a merge logfile. */
  report: ReportWorkbookView | null;
  loading: string | null;
  error: string | null;
  tab: LogTab;
  category: string;
  action: string;
  search: string;
  /** "Verify against database" is running. */
  verifying: boolean;
  /** Compares the shown logfile with what the connected database's run record makes. */
  verifyWithDatabase(): Promise<void>;
  /** Reads a picked or dropped file (no database needed). */
  openFile(file: File): Promise<void>;
  /** Shows a logfile already read (History opens run logfiles this way). */
  show(log: LogfileView): void;
  setTab(tab: LogTab): void;
  setFilter(f: Partial<Pick<LogfilesState, 'category' | 'action' | 'search'>>): void;
}

/** The bytes as base64, in chunks (a 100 MB file must not blow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) out += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(out);
}

export const useLogfiles = create<LogfilesState>((set) => ({
  log: null,
  report: null,
  loading: null,
  error: null,
  tab: 'summary',
  category: 'all',
  action: 'all',
  search: '',
  verifying: false,
  verifyWithDatabase: async () => {
    set({ verifying: true, error: null });
    try {
      const verification = await call(api.verifyLogfileWithDatabase({}));
      set((s) => ({ log: s.log ? { ...s.log, verification } : s.log }));
    } catch (err) {
      set({ error: (err as Error).message });
    } finally {
      set({ verifying: false });
    }
  },
  openFile: async (file) => {
    if (file.size > MAX_LOGFILE_BYTES) {
      set({ error: i18next.t('logfiles:tooLarge', { name: file.name }) });
      return;
    }
    await runTask(set, { start: { loading: file.name, error: null }, end: { loading: null } }, async () => {
      const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      try {
        const log = await call(api.readLogfile({ name: file.name, base64 }));
        set({ log, report: null, tab: 'summary', category: 'all', action: 'all', search: '' });
      } catch (err) {
        // Not a merge logfile: it may be an engagement report; otherwise the logfile's own message stands.
        const report = await call(api.readReportWorkbook({ name: file.name, base64 })).catch(() => null);
        if (!report) throw err;
        set({ log: null, report });
      }
    });
  },
  show: (log) => set({ log, report: null, error: null, tab: 'summary', category: 'all', action: 'all', search: '' }),
  setTab: (tab) => set({ tab }),
  setFilter: (f) => set(f),
}));

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The records the table shows: filtered by category and action, searched in every column. */
export function visibleRecords(s: Pick<LogfilesState, 'log' | 'category' | 'action' | 'search'>): LogRecordView[] {
  const q = s.search.trim().toLowerCase();
  return (s.log?.records ?? []).filter(
    (r) =>
      (s.category === 'all' || r.category === s.category) &&
      (s.action === 'all' || r.action === s.action) &&
      (!q || Object.values(r).some((v) => text(v).toLowerCase().includes(q))),
  );
}
