import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type {
  ClientView,
  GeneralSettingsView,
  JobProfileRuleView,
  LogfileVerificationView,
  LogfileView,
  PortfolioRuleView,
  RunOutcome,
  RunView,
  SettingsView,
} from '@shared/ipc/admin-channels';
import type { SettingsOverrides } from '@shared/merge-settings';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';
import { readMergeLogfile, type MergeLog } from '../workbooks/index';
import { listClientSettings, setClientLevelProtection } from '../settings/client-settings';
import { loadSettings, loadSettingsChange, pickGeneral, saveGeneralSettings, saveJobProfileRules, savePortfolioRules } from '../settings/merge-settings';
import { getRun, listRuns, type RunRecord } from '../engine/runs/ledger';
import { licencesFreedByRuns } from '../engine/runs/licences';
import { runsVisibleTo } from '../engine/runs/visibility';
import { recreateLogfile, verifyLogfile, type LogfileVerification } from '../usecases/logfile';
import { describeDifference } from '../workbooks/verify';
import { findRunLogfile, runLogfileIndex, runLogfilePath } from './logfile-locations';
import type { Session } from './session';


async function generalView(db: Knex): Promise<GeneralSettingsView> {
  const [settings, change] = await Promise.all([loadSettings(db), loadSettingsChange(db)]);
  return { ...pickGeneral(settings), ...change };
}

/** At most this many differences travel to the viewer (the CLI lists all). */
const MAX_SHOWN_DIFFERENCES = 200;

function verificationView(v: LogfileVerification): LogfileVerificationView {
  const database = v.database ? { verdict: v.database.verdict, differences: v.database.differences.slice(0, MAX_SHOWN_DIFFERENCES).map(describeDifference) } : null;
  if (v.database && v.database.differences.length > MAX_SHOWN_DIFFERENCES) database!.differences.push(`… and ${v.database.differences.length - MAX_SHOWN_DIFFERENCES} more (mergedesk logfile --verify FILE --db URL lists them all).`);
  return { verdict: v.verdict, checksum: v.checksum.verdict, database };
}

function logView(name: string, log: MergeLog, verification: LogfileVerificationView): LogfileView {
  return {
    name,
    verification,
    summary: { ...log.summary, startedAt: log.summary.startedAt.toISOString(), finishedAt: log.summary.finishedAt.toISOString() },
    records: log.records,
    conflicts: log.conflicts,
    actionRequired: log.actionRequired,
  };
}

/** Runs `fn` on a file, naming it by `name` (not by a temporary path) in any error. */
async function named<T>(file: string, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserInputError) throw new UserInputError(err.problem.split(file).join(name), err.fix, err.code);
    throw err;
  }
}

/** Reads a logfile with its checksum verdict. */
const readNamed = (file: string, name: string): Promise<LogfileView> => named(file, name, async () => logView(name, await readMergeLogfile(file), verificationView(await verifyLogfile(file))));

/** Works on a private temporary copy of a logfile's bytes (the viewer gets bytes, or a file that may change). */
async function withTempCopy<T>(bytes: Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergedesk-logfile-'));
  const file = path.join(dir, `${crypto.randomUUID()}.xlsx`);
  try {
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runView(r: RunRecord, logfiles: Map<number, string>, licences: Map<number, number>): RunView {
  return {
    id: r.id,
    outcome: r.outcome ?? 'running',
    kind: r.kind,
    undoOf: r.undoOf,
    reason: (r.summary.reason as string | null | undefined) ?? null,
    operator: r.operator,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    sourceUid: r.sourceUid,
    targetUid: r.targetUid,
    dryRun: r.dryRun,
    hasLogfile: logfiles.has(r.id),
    licencesFreed: licences.get(r.id) ?? 0,
    categories: recordsPerCategory(r.summary.counts),
  };
}

/** The run summary's counts[category][action] as records per category, largest first. */
function recordsPerCategory(counts: unknown): [string, number][] {
  if (!counts || typeof counts !== 'object') return [];
  return Object.entries(counts as Record<string, Record<string, number>>)
    .map(([c, byAction]): [string, number] => [c, Object.values(byAction ?? {}).reduce((n, x) => n + (Number(x) || 0), 0)])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A run the operator may see, or the refusal a missing one gets (a hidden run looks missing). */
async function visibleRun(db: Knex, m: LmsMapping, operatorId: number, runId: number): Promise<RunRecord> {
  const run = await getRun(db, runId);
  const shown = run ? await (await runsVisibleTo(db, m, operatorId))([run]) : [];
  if (!run || shown.length === 0) throw new UserInputError(`There is no merge run ${runId} in this database that you may see.`, 'Pick a run listed in History.', 'NOT_FOUND');
  return run;
}

/** Handlers of the Settings, History and Logfile screens (see shared/ipc/admin-channels.ts). */
export function createAdminHandlers(session: Session, options: { startupFile?: string } = {}) {
  let startupFile = options.startupFile;
  /** The logfile the viewer shows (its bytes as read), for "Verify against database". */
  let shown: { name: string; bytes: Buffer } | null = null;
  const show = async (name: string, bytes: Buffer): Promise<LogfileView> => {
    const view = await withTempCopy(bytes, (file) => readNamed(file, name));
    shown = { name, bytes };
    return view;
  };
  return {
    async startupLogfile(): Promise<LogfileView | null> {
      // Offered once: a reload of the page must not reopen it over what the user opened since.
      const file = startupFile;
      startupFile = undefined;
      if (!file) return null;
      if (!fs.existsSync(file)) throw new UserInputError(`The file ${file} given to MergeDesk does not exist.`, 'Open the logfile from the Logfiles screen.', 'NOT_FOUND');
      return show(path.basename(file), fs.readFileSync(file));
    },
    async getSettings(): Promise<SettingsView> {
      const { db, mapping } = session.requireDb();
      const [general, settings, clients] = await Promise.all([generalView(db), loadSettings(db), listClientSettings(db, mapping)]);
      return { general, portfolioRules: settings.portfolioRules, jobProfileRules: settings.jobProfileRules, clients };
    },

    async saveGeneralSettings({ general }: { general: SettingsOverrides }): Promise<GeneralSettingsView> {
      const { db, mapping, operator } = session.requireOperator();
      await saveGeneralSettings(db, mapping, general, operator);
      return generalView(db);
    },

    async savePortfolioRules({ rules }: { rules: PortfolioRuleView[] }): Promise<PortfolioRuleView[]> {
      const { db, mapping, operator } = session.requireOperator();
      return savePortfolioRules(db, mapping, rules, operator);
    },

    async saveJobProfileRules({ rules }: { rules: JobProfileRuleView[] }): Promise<JobProfileRuleView[]> {
      const { db, mapping, operator } = session.requireOperator();
      return saveJobProfileRules(db, mapping, rules, operator);
    },

    async setClientLevelProtection({ clientId, keep }: { clientId: number; keep: boolean }): Promise<ClientView> {
      const { db, mapping, operator } = session.requireOperator();
      await setClientLevelProtection(db, mapping, clientId, keep, operator);
      return (await listClientSettings(db, mapping, clientId))[0]!;
    },

    async listRuns({ limit, outcome }: { limit?: number; outcome?: RunOutcome }): Promise<RunView[]> {
      const { db, mapping, operator } = session.requireOperator();
      const runs = await listRuns(db, { ...(limit ? { limit } : {}), ...(outcome ? { outcome } : {}), visible: await runsVisibleTo(db, mapping, operator.id) });
      const [logfiles, licences] = [runLogfileIndex(), await licencesFreedByRuns(db, runs)];
      return runs.map((r) => runView(r, logfiles, licences));
    },

    async createRunLogfile({ runId }: { runId: number }): Promise<RunView> {
      const { db, mapping, operator } = session.requireOperator();
      const run = await visibleRun(db, mapping, operator.id, runId);
      if (run.kind !== 'merge') throw new UserInputError(`Run ${runId} is an undo; the app shows merge logfiles only.`, `Make it with: mergedesk logfile --run ${runId}`, 'NOT_A_MERGE');
      const file = runLogfilePath(runId);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await recreateLogfile(db, runId, file, session.language);
      return runView(run, runLogfileIndex(), await licencesFreedByRuns(db, [run]));
    },

    async openRunLogfile({ runId }: { runId: number }): Promise<LogfileView> {
      const { db, mapping, operator } = session.requireOperator();
      const found = await visibleRun(db, mapping, operator.id, runId);
      const run = { source_uid: found.sourceUid, target_uid: found.targetUid };
      const file = findRunLogfile(runId);
      if (!file) {
        throw new UserInputError(
          `The logfile of run ${runId} is not on this computer.`,
          'Logfiles are written on the computer the merge ran on; open a copy from there with "Open logfile…".',
          'LOGFILE_MISSING',
        );
      }
      const view = await show(path.basename(file), fs.readFileSync(file));
      if (view.summary.runId !== runId || view.summary.sourceUid !== String(run.source_uid) || view.summary.targetUid !== String(run.target_uid)) {
        throw new UserInputError(
          `The file ${path.basename(file)} on this computer is the logfile of another merge (run ${view.summary.runId}, ${view.summary.sourceUid} into ${view.summary.targetUid}), not of run ${runId} of this database.`,
          'It probably belongs to another database; open the right logfile with "Open logfile…".',
          'LOGFILE_MISMATCH',
        );
      }
      return view;
    },

    /** Works without a database: the renderer sends the picked or dropped file's bytes. */
    async readLogfile({ name, base64 }: { name: string; base64: string }): Promise<LogfileView> {
      const display = path.basename(name.replace(/\\/g, '/'));
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length === 0) throw new UserInputError(`${display} is empty.`, 'Open a logfile written by MergeDesk.', 'LOGFILE_INVALID');
      return show(display, bytes);
    },

    async verifyLogfileWithDatabase(): Promise<LogfileVerificationView> {
      const { db, mapping, operator } = session.requireOperator();
      if (!shown) throw new UserInputError('No logfile is open.', 'Open a logfile first.', 'NOT_FOUND');
      const { name, bytes } = shown;
      return withTempCopy(bytes, (file) =>
        named(file, name, async () => {
          const v = await verifyLogfile(file, db);
          // A run the operator may not see is reported as absent, its content not revealed.
          const visible = v.database?.verdict !== 'no run' && (await visibleRun(db, mapping, operator.id, v.run).then(() => true, () => false));
          return verificationView(visible ? v : { ...v, database: { verdict: 'no run', differences: [] }, verdict: 'changed' });
        }),
      );
    },
  };
}
