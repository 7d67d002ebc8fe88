import { z } from 'zod';
import { channel } from './define';
import { settingsOverrideSchema } from '../merge-settings';

export interface WorklistReportView {
  ok: boolean;
  problems: { row: number | null; code: string; message: string }[];
  pairs: { index: number; row: number; source: string; target: string; listedTarget: string | null; takeEmail: boolean; takeLogin: boolean; takeEmployeeId: boolean | null; alreadyMergedRun: number | null }[];
  chains: { message: string }[];
}

export interface BatchCountsView {
  total: number;
  merged: number;
  aborted: number;
  failed: number;
  refused: number;
  skipped: number;
  notRun: number;
}

export interface BatchResultView {
  dryRun: boolean;
  cancelled: boolean;
  counts: BatchCountsView;
  seconds: number;
  logDir: string | null;
  summaryFile: string | null;
  /** Active accounts the merged pairs removed: licences freed (in a dry run: that would be freed). */
  licencesFreed: number;
  pairs: { row: number; source: string; target: string; outcome: string; reason: string | null; runId: number | null; logfile: string | null }[];
}

export interface UndoResultView {
  runId: number;
  undoneRunId: number;
  outcome: 'undone' | 'refused' | 'failed';
  dryRun: boolean;
  refusal: string | null;
  reason: string | null;
  sourceUid: string;
  targetUid: string;
  changedSince: { table: string; kind: string; description: string }[];
  restored: number;
  logfile: string | null;
  /** Problems after the outcome was settled, e.g. the logfile could not be written. */
  warnings: string[];
}

/** A worklist file as the renderer sends it: its name and its bytes (base64). */
const worklistFile = z.object({
  name: z.string().trim().min(1).max(260).regex(/\.(csv|xlsx)$/i, 'A worklist is a .csv or .xlsx file.'),
  base64: z.string().min(1, 'The worklist is empty.').max(70_000_000, 'The worklist is larger than 50 MB.'),
});

/** Channels of the Batch screen, the worklist export and Undo in History. */
export const batchChannels = {
  validateWorklist: channel(worklistFile.strict()).returns<WorklistReportView>(),
  runBatch: channel(worklistFile.extend({ dryRun: z.boolean(), overrides: settingsOverrideSchema.default({}) }).strict()).returns<BatchResultView>(),
  exportWorklist: channel(
    z.object({ pairs: z.array(z.object({ source: z.string().min(1).max(64), target: z.string().min(1).max(64), note: z.string().max(500).optional() }).strict()).min(1, 'No pairs to export.').max(1_000_000) }).strict(),
  ).returns<{ savedTo: string | null }>(),
  openPath: channel(z.object({ kind: z.enum(['batchSummary', 'batchFolder']), path: z.string().min(1).max(1024) }).strict()).returns<null>(),
  undoMerge: channel(z.object({ runId: z.number().int().positive(), dryRun: z.boolean().default(false), acceptPartial: z.boolean().default(false) }).strict()).returns<UndoResultView>(),
};
