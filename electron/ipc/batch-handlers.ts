import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BatchResultView, UndoResultView, WorklistReportView } from '@shared/ipc/batch-channels';
import { validateWorklist, type Worklist, type WorklistValidation } from '../engine/batch/index';
import { runBatch } from '../usecases/batch';
import { readWorklist, writeWorklistFile } from '../workbooks/index';
import { undoUseCase } from '../usecases/undo';
import { UserInputError } from '../errors';
import { loadSettings, withOverrides } from '../settings/merge-settings';
import { userDataDir } from '../user-data';
import type { DesktopServices } from './merge-handlers';
import { undoLogfilePath } from './logfile-locations';
import type { HandlerContext } from './registry';
import type { Session } from './session';

/** Reads a worklist the renderer sent as bytes, through the same reader as `mergedesk batch`. */
async function worklistFromBytes(name: string, base64: string): Promise<Worklist> {
  const display = path.basename(name.replace(/\\/g, '/'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergedesk-worklist-'));
  const file = path.join(dir, `${crypto.randomUUID()}${path.extname(display).toLowerCase()}`);
  try {
    fs.writeFileSync(file, Buffer.from(base64, 'base64'), { mode: 0o600 });
    const worklist = await readWorklist(file);
    // Messages name the file the user picked, not the temporary copy.
    return { ...worklist, file: display, problems: worklist.problems.map((p) => ({ ...p, message: p.message.split(file).join(display) })) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function reportView(v: WorklistValidation): WorklistReportView {
  return {
    ok: v.ok,
    problems: v.problems.map((p) => ({ row: p.row, code: p.code, message: p.message })),
    pairs: v.pairs.map((p) => ({ index: p.index, row: p.row, source: p.source, target: p.target, listedTarget: p.listedTarget, takeEmail: p.takeEmail, takeLogin: p.takeLogin, takeEmployeeId: p.takeEmployeeId, alreadyMergedRun: p.alreadyMergedRun })),
    chains: v.chains.map((c) => ({ message: c.message })),
  };
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-').slice(0, 19);

/** The Batch screen, the worklist export of the review screen, and Undo in History. */
export function createBatchHandlers(session: Session, desktop: DesktopServices) {
  /** Paths the batch handler produced and may therefore open: nothing else is opened. */
  const produced = new Set<string>();
  return {
    async validateWorklist({ name, base64 }: { name: string; base64: string }): Promise<WorklistReportView> {
      const { db, mapping, operator } = session.requireOperator();
      return reportView(await validateWorklist(db, mapping, await worklistFromBytes(name, base64), operator));
    },

    async runBatch(input: { name: string; base64: string; dryRun: boolean; overrides: Record<string, unknown> }, ctx: HandlerContext): Promise<BatchResultView> {
      const { db, mapping, operator } = session.requireOperator();
      const worklist = await worklistFromBytes(input.name, input.base64);
      const logDir = path.join(userDataDir(), 'batches', `${stamp(new Date())}${input.dryRun ? '-dry-run' : ''}`);
      return session.runTask('batch', async (signal) => {
        const result = await runBatch(db, mapping, worklist, withOverrides(await loadSettings(db), input.overrides), operator, {
          dryRun: input.dryRun,
          logDir,
          signal,
          overrides: input.overrides,
          language: session.language,
          onProgress: (p) => ctx.progress({ task: 'batch', phase: p.current ? `${p.current.source} → ${p.current.target}` : 'done', done: p.done, total: p.total }),
        });
        if (result.summaryFile) produced.add(result.summaryFile);
        if (result.logDir) produced.add(result.logDir);
        return {
          dryRun: result.dryRun,
          cancelled: result.cancelled,
          counts: result.counts,
          seconds: result.seconds,
          logDir: result.logDir,
          summaryFile: result.summaryFile,
          licencesFreed: result.licencesFreed,
          pairs: result.pairs.map((p) => ({ row: p.pair.row, source: p.pair.source, target: p.pair.target, outcome: p.outcome, reason: p.reason, runId: p.runId, logfile: p.logfile })),
        };
      });
    },

    async exportWorklist({ pairs }: { pairs: { source: string; target: string; note?: string }[] }) {
      const target = await desktop.saveFileDialog('mergedesk-worklist.csv');
      if (!target) return { savedTo: null };
      await writeWorklistFile(target, pairs, session.language);
      return { savedTo: target };
    },

    async openPath({ path: file }: { kind: 'batchSummary' | 'batchFolder'; path: string }) {
      if (!produced.has(file)) throw new UserInputError('MergeDesk opens only the files its own batch runs wrote.', 'Run the batch again or open the file from its folder.', 'FORBIDDEN');
      await desktop.openPath(file);
      return null;
    },

    async undoMerge({ runId, dryRun, acceptPartial }: { runId: number; dryRun: boolean; acceptPartial: boolean }): Promise<UndoResultView> {
      const { db, mapping, operator } = session.requireOperator();
      const { result, logfile, warnings } = await undoUseCase(db, mapping, operator, runId, { dryRun, acceptPartial }, (r) => {
        const file = undoLogfilePath(r.runId);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        return file;
      }, session.language);
      return {
        runId: result.runId,
        undoneRunId: result.undoneRunId,
        outcome: result.outcome,
        dryRun: result.dryRun,
        refusal: result.refusal,
        reason: result.reason,
        sourceUid: result.sourceUid,
        targetUid: result.targetUid,
        changedSince: result.changedSince.map((c) => ({ table: c.table, kind: c.kind, description: c.description })),
        restored: result.restored.length,
        logfile,
        warnings,
      };
    },
  };
}
