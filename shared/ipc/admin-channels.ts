import { z } from 'zod';
import { channel } from './define';
import type { MergeLogOf } from '../logfile-types';
import { settingsOverrideSchema, type GeneralSettings } from '../merge-settings';

/**
 * Channels of the Settings, History and Logfile screens. Spread into the one contract in
 * contract.ts; kept in their own file so the screens can grow without touching the rest.
 */

export const RUN_OUTCOMES = ['merged', 'aborted', 'failed', 'refused', 'undone', 'interrupted', 'running'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** The general person-merge settings (md_merge_settings) as the Settings tab shows them. */
export interface GeneralSettingsView extends GeneralSettings {
  /** Who last changed the settings and when (ISO text); null when never changed. */
  updated_by: string | null;
  updated_at: string | null;
}

export interface PortfolioRuleView {
  target_status_id: number;
  source_status_id: number;
  result_status_id: number;
  dates_merge_type: string;
}

export interface JobProfileRuleView {
  target_status: string;
  source_status: string;
  result_status: string;
}

export interface ClientView {
  id: number;
  name: string;
  keepHighestLevelProtection: boolean;
}

export interface SettingsView {
  general: GeneralSettingsView;
  portfolioRules: PortfolioRuleView[];
  jobProfileRules: JobProfileRuleView[];
  clients: ClientView[];
}

/** One row of md_merge_runs as the History screen lists it. */
export interface RunView {
  id: number;
  /** 'running' while the run has no outcome yet; 'interrupted' when its process ended before it finished (nothing committed). */
  outcome: RunOutcome;
  /** A merge, or an undo of merge run `undoOf`. */
  kind: 'merge' | 'undo';
  undoOf: number | null;
  reason: string | null;
  operator: string;
  startedAt: string | null;
  finishedAt: string | null;
  sourceUid: string;
  targetUid: string;
  dryRun: boolean;
  /** Whether <user data>/logfiles/run-<id>.xlsx exists on this computer. */
  hasLogfile: boolean;
  /** Active accounts this run freed (0 or 1): a committed merge, not undone, whose removed account was active. */
  licencesFreed: number;
  /** Records the merge planned per category (category key → count), largest first; empty for undos and refused runs. */
  categories: [string, number][];
}

/** Whether a logfile is as MergeDesk wrote it (see `mergedesk logfile --verify`). */
export interface LogfileVerificationView {
  /** unchanged since MergeDesk wrote it; changed; cannot tell (no checksum: an earlier MergeDesk wrote it, and not compared with the database). */
  verdict: 'unchanged' | 'changed' | 'cannot tell';
  checksum: 'unchanged' | 'changed' | 'missing';
  /** Compared with the logfile the run record makes; null until verified against the database. */
  database: { verdict: 'matches' | 'differs' | 'no run'; differences: string[] } | null;
}

/** A merge logfile as the viewer shows it (times as ISO text so every transport carries it). */
export interface LogfileView extends MergeLogOf<string> {
  /** The file name it was read from. */
  name: string;
  verification: LogfileVerificationView;
}

/** 100 MB of file as base64 text. */
export const MAX_LOGFILE_BYTES = 100 * 1024 * 1024;
const MAX_BASE64 = Math.ceil(MAX_LOGFILE_BYTES / 3) * 4;

// Rules: shapes only. The settings validator checks status ids, values and contradictions and
// gives the clear message, so nothing here duplicates (or pre-empts) its rules.
const portfolioRule = z
  .object({
    target_status_id: z.number().int(),
    source_status_id: z.number().int(),
    result_status_id: z.number().int(),
    dates_merge_type: z.string().max(32),
  })
  .strict();
const jobProfileRule = z.object({ target_status: z.string().max(32), source_status: z.string().max(32), result_status: z.string().max(32) }).strict();

export const adminChannels = {
  getSettings: channel(z.object({}).strict()).returns<SettingsView>(),
  saveGeneralSettings: channel(
    z
      .object({
        general: settingsOverrideSchema,
      })
      .strict(),
  ).returns<GeneralSettingsView>(),
  savePortfolioRules: channel(z.object({ rules: z.array(portfolioRule).max(1000) }).strict()).returns<PortfolioRuleView[]>(),
  saveJobProfileRules: channel(z.object({ rules: z.array(jobProfileRule).max(100) }).strict()).returns<JobProfileRuleView[]>(),
  setClientLevelProtection: channel(z.object({ clientId: z.number().int().positive(), keep: z.boolean() }).strict()).returns<ClientView>(),
  listRuns: channel(z.object({ limit: z.number().int().min(1).max(100_000).optional(), outcome: z.enum(RUN_OUTCOMES).optional() }).strict()).returns<RunView[]>(),
  /** Makes a merge run's missing logfile again from the database, on this computer. */
  createRunLogfile: channel(z.object({ runId: z.number().int().positive() }).strict()).returns<RunView>(),
  openRunLogfile: channel(z.object({ runId: z.number().int().positive() }).strict()).returns<LogfileView>(),
  /** Compares the logfile shown last with the logfile its run record in the connected database makes. */
  verifyLogfileWithDatabase: channel(z.object({}).strict()).returns<LogfileVerificationView>(),
  /** The logfile given as a file argument when the app was started (a double-clicked .xlsx), if any. */
  startupLogfile: channel(z.object({}).strict()).returns<LogfileView | null>(),
  readLogfile: channel(
    z
      .object({
        name: z.string().trim().min(1, 'The file name is missing.').max(260),
        base64: z.string().max(MAX_BASE64, 'The file is larger than 100 MB.'),
      })
      .strict(),
  ).returns<LogfileView>(),
};
