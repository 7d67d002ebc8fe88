import fs from 'node:fs';
import path from 'node:path';
import type { CompareView, MergeOutcomeView, PlanView } from '@shared/ipc/merge-channels';
import { licencesFreed, plan, type MergePlan } from '../engine/merge/index';
import { UserInputError } from '../errors';
import { compareAccounts, searchUsers } from '../read-models/accounts';
import { categoryRowCounts } from '../read-models/category-rows';
import { planObjectNames } from '../read-models/object-names';
import { loadSettings, withOverrides } from '../settings/merge-settings';
import { mergeUseCase } from '../usecases/merge';
import { findRunLogfile, runLogfilePath } from './logfile-locations';
import type { Session } from './session';

/** What the main process offers the handlers beyond the database: native dialogs and the shell. */
export interface DesktopServices {
  /** Asks where to save a file; null when the user cancels. */
  saveFileDialog(defaultName: string): Promise<string | null>;
  openPath(file: string): Promise<void>;
}

export const SEED_FAILURE_MESSAGE = 'The merge was not successful, please check the linked logfile for more information.';

/** null from the screen means "not chosen": the engine applies its default. */
const employeeIdChoice = (v: boolean | null | undefined) => (v === null || v === undefined ? {} : { takeEmployeeId: v });

function toPlanView(p: MergePlan, names: PlanView['names'], keptNow: PlanView['keptNow']): PlanView {
  const side = (a: MergePlan['source']) => ({ uid: a.uid, name: `${a.firstName} ${a.lastName}`.trim(), login: a.login, email: a.email });
  const counts: PlanView['counts'] = {};
  for (const [c, byAction] of Object.entries(p.counts)) for (const [a, n] of Object.entries(byAction)) if (n) (counts[c] ??= {})[a] = n;
  return {
    hash: p.hash,
    source: side(p.source),
    target: side(p.target),
    settings: { ...p.settings },
    counts,
    records: p.records.map((r) => ({
      category: r.category,
      objectType: r.objectType,
      objectId: r.objectId,
      targetRecordId: r.targetRecordId,
      action: r.action,
      rule: r.rule,
      statusBefore: r.statusBefore,
      statusAfter: r.statusAfter,
      ...(r.note ? { note: r.note } : {}),
    })),
    conflicts: p.conflicts,
    actionRequired: p.actionRequired,
    sourceAccount: p.sourceAccount,
    employeeIdTakeOver: p.employeeIdTakeOver,
    names,
    keptNow,
  };
}

/** Compare, preview, execute: the same engine calls as `mergedesk merge`. */
export function createMergeHandlers(session: Session, desktop: DesktopServices) {
  return {
    async searchUsers({ query, limit }: { query: string; limit: number }) {
      const { db, mapping, operator } = session.requireOperator();
      return searchUsers(db, mapping, operator.id, query, limit);
    },

    async compareAccounts({ a, b }: { a: string; b: string }): Promise<CompareView> {
      const { db, mapping, operator } = session.requireOperator();
      return compareAccounts(db, mapping, operator.id, a, b);
    },

    async previewMerge(input: { source: string; target: string; takeEmail: boolean; takeLogin: boolean; takeEmployeeId?: boolean | null; overrides: Record<string, unknown> }): Promise<PlanView> {
      const { db, mapping, operator } = session.requireOperator();
      const settings = withOverrides(await loadSettings(db), input.overrides);
      const p = await plan(db, mapping, input.source, input.target, settings, operator, { takeEmail: input.takeEmail, takeLogin: input.takeLogin, ...employeeIdChoice(input.takeEmployeeId) });
      const [names, keptNow] = await Promise.all([planObjectNames(db, mapping, p), categoryRowCounts(db, mapping, p.target.id)]);
      return toPlanView(p, names, keptNow);
    },

    async executeMerge(input: { source: string; target: string; takeEmail: boolean; takeLogin: boolean; takeEmployeeId?: boolean | null; overrides: Record<string, unknown>; expectPlanHash: string }): Promise<MergeOutcomeView> {
      const { db, mapping, operator } = session.requireOperator();
      const { result, logfile, warnings } = await mergeUseCase(db, mapping, operator, {
        source: input.source,
        target: input.target,
        expectPlanHash: input.expectPlanHash,
        takeEmail: input.takeEmail,
        takeLogin: input.takeLogin,
        ...employeeIdChoice(input.takeEmployeeId),
        overrides: input.overrides,
        language: session.language,
        logfile: (r) => {
          const file = runLogfilePath(r.runId);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          return file;
        },
      });
      const view = result.plan ? toPlanView(result.plan, await planObjectNames(db, mapping, result.plan), {}) : null;
      return {
        runId: result.runId,
        outcome: result.outcome,
        reason: result.reason,
        message: result.outcome === 'merged' ? `${result.sourceUid} was merged into ${result.targetUid}.` : `Warning: ${SEED_FAILURE_MESSAGE}`,
        logfile,
        warnings: warnings.map((w) => w.replace(/mergedesk logfile --run \d+ --out FILE\.xlsx/, '"Create logfile" in History')),
        counts: view?.counts ?? {},
        conflicts: view?.conflicts ?? [],
        actionRequired: view?.actionRequired ?? [],
        names: view?.names ?? {},
        licencesFreed: licencesFreed(result),
        sourceAccount: view?.sourceAccount ?? null,
        keptAfter: result.plan ? await categoryRowCounts(db, mapping, result.plan.target.id) : {},
        records: view?.records ?? [],
      };
    },

    async saveRunLogfile({ runId }: { runId: number }) {
      const file = findRunLogfile(runId);
      if (!file) throw new UserInputError(`The logfile of run ${runId} is not on this computer.`, 'Open it from the computer that ran the merge.', 'NOT_FOUND');
      const target = await desktop.saveFileDialog(`MergeDesk-run-${runId}.xlsx`);
      if (!target) return { savedTo: null };
      fs.copyFileSync(file, target);
      return { savedTo: target };
    },

    async openRunLogfileExternally({ runId }: { runId: number }) {
      const file = findRunLogfile(runId);
      if (!file) throw new UserInputError(`The logfile of run ${runId} is not on this computer.`, 'Open it from the computer that ran the merge.', 'NOT_FOUND');
      await desktop.openPath(file);
      return null;
    },
  };
}
