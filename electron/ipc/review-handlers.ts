import type { PairAccountView, PairView, ScanView } from '@shared/ipc/contract';
import type { CancellableTask } from '@shared/ipc/define';
import type { ScanOptions } from '../engine/detect/scan';
import { recordPairDecision, scanInWorker, type ScanPair, type ScanProgress } from '../engine/detect/index';
import { accountSummaries as accountViews } from '../read-models/accounts';
import { scanUseCase } from '../usecases/scan';
import { scanOverview } from '../read-models/scan-overview';
import { loadSettings } from '../settings/merge-settings';
import type { HandlerContext } from './registry';
import type { Session } from './session';

const missing = (uid: string): PairAccountView => ({ uid, name: '(no longer in the database)', email: null, login: '', employeeId: null, status: 'deleted' });

/** Scan and review decisions, as the Duplicates screen uses them. */
export function createReviewHandlers(session: Session) {
  return {
    async scanDuplicates(input: { minScore?: number; limit?: number }, ctx: HandlerContext): Promise<ScanView> {
      const { db, mapping, operator } = session.requireOperator();
      const connection = session.connection;
      return session.runTask('scan', async (signal) => {
        const options = {
          operator,
          ...(input.minScore !== undefined ? { minScore: input.minScore } : {}),
          ...(input.limit !== undefined ? { limit: input.limit } : {}),
          signal,
          onProgress: (p: ScanProgress) => ctx.progress({ task: 'scan', phase: p.phase, done: p.done, total: p.total }),
        };
        // In a worker thread, so the window stays responsive and a cancel stops it at once;
        // an in-memory SQLite database cannot be opened twice, so it is scanned here.
        const inWorker = connection && !(connection.kind === 'sqlite' && connection.file === ':memory:') ? connection : null;
        const result = await scanUseCase(db, mapping, options, inWorker ? (o: ScanOptions) => scanInWorker(inWorker, mapping.file, o) : undefined);
        const uids = [...new Set(result.pairs.flatMap((p: ScanPair) => [p.a, p.b]))];
        const views = await accountViews(db, mapping, uids);
        const pairs: PairView[] = result.pairs.map((p) => ({
          a: views.get(p.a) ?? missing(p.a),
          b: views.get(p.b) ?? missing(p.b),
          score: p.score,
          cause: p.cause,
          reasons: p.reasons,
          reasonKeys: p.reasonKeys,
          keep: p.keep,
          keepReasons: p.keepReasons,
          decision: p.decision ?? null,
          evidence: p.evidence,
          priorLog2: result.model.priorLog2,
        }));
        return {
          users: result.users,
          candidates: result.candidates,
          seconds: result.seconds,
          pairs,
          clusters: result.clusters.map((c) => ({ uids: c.uids, keep: c.keep })),
          model: result.model,
          overview: await scanOverview(db, mapping, { pairs: result.pairs, clusters: result.clusters, threshold: result.model.threshold, disposition: (await loadSettings(db)).source_disposition }),
        };
      });
    },
    async cancelTask({ task }: { task: CancellableTask }): Promise<{ cancelled: boolean }> {
      return { cancelled: session.cancelTask(task) };
    },
    async decidePair(input: { a: string; b: string; decision: 'not_duplicate' | 'later'; note?: string }) {
      const { db, mapping, operator } = session.requireOperator();
      const row = await recordPairDecision(db, mapping, { uids: [input.a, input.b], decision: input.decision, operator, note: input.note ?? null });
      return { a: row.uidA, b: row.uidB, decision: row.decision };
    },
  };
}
