import { create } from 'zustand';
import type { PairView } from '@shared/ipc/contract';
import type { ScanOverviewView } from '@shared/ipc/scan-overview';
import { api, call, type ProgressEvent } from '../../api';
import { runTask } from '../../store-task';

export type SortKey = 'score' | 'a' | 'b' | 'cause';

interface DuplicatesState {
  pairs: PairView[];
  /** Account → the account its cluster keeps (one person with three accounts is one cluster). */
  keepOf: Map<string, string>;
  summary: { users: number; candidates: number; seconds: number } | null;
  /** The last scan's overview in pictures (made in the main process). */
  overview: ScanOverviewView | null;
  view: 'pairs' | 'overview';
  setView(view: 'pairs' | 'overview'): void;
  scanning: boolean;
  progress: ProgressEvent | null;
  error: string | null;
  cause: string;
  minScore: number;
  search: string;
  sort: { key: SortKey; desc: boolean };
  scan(): Promise<void>;
  cancel(): Promise<void>;
  decide(pair: PairView, decision: 'not_duplicate' | 'later'): Promise<void>;
  setFilter(f: Partial<Pick<DuplicatesState, 'cause' | 'minScore' | 'search'>>): void;
  sortBy(key: SortKey): void;
  /** Where the last worklist export was saved. */
  exported: string | null;
  exportWorklist(rows: PairView[]): Promise<void>;
}

export const useDuplicates = create<DuplicatesState>((set, get) => ({
  pairs: [],
  keepOf: new Map(),
  summary: null,
  overview: null,
  view: 'pairs',
  setView: (view) => set({ view }),
  scanning: false,
  progress: null,
  error: null,
  cause: 'all',
  minScore: 0,
  search: '',
  sort: { key: 'score', desc: true },
  scan: async () => {
    set({ scanning: true, error: null, progress: null });
    const stop = api.onEvent((e) => e.task === 'scan' && set({ progress: e }));
    const end = () => (stop(), { scanning: false, progress: null });
    await runTask(set, { end }, async () => {
      const r = await call(api.scanDuplicates({}));
      const keepOf = new Map<string, string>();
      for (const c of r.clusters) for (const uid of c.uids) keepOf.set(uid, c.keep);
      set({ pairs: r.pairs, keepOf, overview: r.overview, summary: { users: r.users, candidates: r.candidates, seconds: r.seconds } });
    });
  },
  cancel: async () => {
    await call(api.cancelTask({ task: 'scan' }));
  },
  decide: async (pair, decision) => {
    await runTask(set, {}, async () => {
      await call(api.decidePair({ a: pair.a.uid, b: pair.b.uid, decision }));
      set({
        pairs:
          decision === 'not_duplicate'
            ? get().pairs.filter((p) => p !== pair)
            : get().pairs.map((p) => (p === pair ? { ...p, decision: 'later' } : p)),
      });
    });
  },
  setFilter: (f) => set(f),
  sortBy: (key) => set(({ sort }) => ({ sort: { key, desc: sort.key === key ? !sort.desc : key === 'score' } })),
  exported: null,
  exportWorklist: async (rows) => {
    await runTask(set, {}, async () => {
      // Every account of a shown pair goes into the account its cluster keeps, once, so a
      // person with three accounts becomes two rows into one target, not a chain.
      const keepOf = get().keepOf;
      const seen = new Set<string>();
      const pairs: { source: string; target: string; note: string }[] = [];
      for (const p of rows) {
        for (const uid of [p.a.uid, p.b.uid]) {
          const target = keepOf.get(uid) ?? p.keep;
          if (uid === target || seen.has(uid)) continue;
          seen.add(uid);
          pairs.push({ source: uid, target, note: `${p.cause} (${p.score.toFixed(2)})` });
        }
      }
      set({ exported: (await call(api.exportWorklist({ pairs }))).savedTo, error: null });
    });
  },
}));

/** The pairs as the table shows them: filtered and sorted (derived, never stored). */
export function visiblePairs(s: Pick<DuplicatesState, 'pairs' | 'cause' | 'minScore' | 'search' | 'sort'>): PairView[] {
  const q = s.search.trim().toLowerCase();
  const rows = s.pairs.filter(
    (p) =>
      (s.cause === 'all' || p.cause === s.cause) &&
      p.score >= s.minScore &&
      (!q || [p.a.name, p.b.name, p.a.uid, p.b.uid, p.a.email ?? '', p.b.email ?? ''].some((x) => x.toLowerCase().includes(q))),
  );
  const dir = s.sort.desc ? -1 : 1;
  const key = (p: PairView): string | number => (s.sort.key === 'score' ? p.score : s.sort.key === 'a' ? p.a.name : s.sort.key === 'b' ? p.b.name : p.cause);
  return rows.sort((x, y) => {
    const a = key(x);
    const b = key(y);
    return (a < b ? -1 : a > b ? 1 : 0) * dir || (x.a.uid < y.a.uid ? -1 : 1);
  });
}
