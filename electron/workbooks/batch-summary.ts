import path from 'node:path';
import type { BatchResult } from '../usecases/batch';
import { summarySheet, tableSheet, writeWorkbook, DATE_TIME_WIDTH, type Cell } from './sheets';

export const BATCH_SUMMARY_FORMAT = 'MergeDesk batch summary v1';
/** Column headers of the Pairs sheet (a contract for readers of the summary). */
export const PAIR_COLUMNS = [
  { header: '#', key: 'index', width: 6 },
  { header: 'Worklist row', key: 'row', width: 12 },
  { header: 'Source UID', key: 'source', width: 16 },
  { header: 'Target UID', key: 'target', width: 16 },
  { header: 'Target in worklist', key: 'listedTarget', width: 18 },
  { header: 'Take email', key: 'takeEmail', width: 11 },
  { header: 'Take login', key: 'takeLogin', width: 11 },
  { header: 'Outcome', key: 'outcome', width: 12 },
  { header: 'Reason', key: 'reason', width: 40, wrap: true },
  { header: 'Run', key: 'runId', width: 8 },
  { header: 'Moved', key: 'move', width: 8 },
  { header: 'Kept (target)', key: 'keep_target', width: 12 },
  { header: 'Taken (source)', key: 'take_source', width: 13 },
  { header: 'Combined', key: 'combine', width: 10 },
  { header: 'Copied', key: 'copy', width: 8 },
  { header: 'Not merged', key: 'not_merged', width: 11 },
  { header: 'Conflicts', key: 'conflicts', width: 10 },
  { header: 'Action required', key: 'actionRequired', width: 15 },
  { header: 'Rows written', key: 'journalEntries', width: 12 },
  { header: 'Seconds', key: 'seconds', width: 9 },
  { header: 'Note', key: 'note', width: 24, wrap: true },
  { header: 'Logfile', key: 'logfile', width: 40, wrap: true },
] as const;

/**
 * The batch summary workbook: Summary (counts), Pairs (one row per pair with the outcome
 * it had or would have, counts, and a hyperlink to its logfile, relative to the summary's
 * folder), Conflicts (every training conflict per pair) and Validation (chains resolved).
 */
export async function writeBatchSummary(file: string, r: BatchResult): Promise<void> {
  const fields: [string, Cell][] = [
    ['Format', BATCH_SUMMARY_FORMAT],
    ['Dry run', r.dryRun],
    ['Cancelled', r.cancelled],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
    ['Seconds', Math.round(r.seconds * 10) / 10],
    ['Pairs', r.counts.total],
    [r.dryRun ? 'Would merge' : 'Merged', r.counts.merged],
    [r.dryRun ? 'Would abort' : 'Aborted', r.counts.aborted],
    ['Failed', r.counts.failed],
    ['Refused', r.counts.refused],
    ['Skipped (already merged)', r.counts.skipped],
    ['Not run (cancelled)', r.counts.notRun],
    ['Conflicts', r.pairs.reduce((n, p) => n + p.conflicts.length, 0)],
    ['Chains resolved', r.validation.chains.length],
  ];
  const dir = path.dirname(file);
  const link = (f: string | null): Cell => (f ? { text: path.basename(f), hyperlink: path.relative(dir, f).split(path.sep).join('/') } : null);
  const pairs = r.pairs.map((p): Cell[] => [
    p.pair.index,
    p.pair.row,
    p.pair.source,
    p.pair.target,
    p.pair.listedTarget,
    p.pair.takeEmail,
    p.pair.takeLogin,
    r.dryRun && p.outcome === 'merged' ? 'would merge' : r.dryRun && p.outcome === 'aborted' ? 'would abort' : p.outcome,
    p.reason,
    p.runId,
    p.actions.move ?? 0,
    p.actions.keep_target ?? 0,
    p.actions.take_source ?? 0,
    p.actions.combine ?? 0,
    p.actions.copy ?? 0,
    p.actions.not_merged ?? 0,
    p.conflicts.length,
    p.actionRequired,
    p.journalEntries,
    Math.round(p.seconds * 1000) / 1000,
    p.pair.note,
    link(p.logfile),
  ]);
  const conflicts = r.pairs.flatMap((p) => p.conflicts.map((c): Cell[] => [p.pair.index, p.pair.row, p.pair.source, p.pair.target, c.category, c.objectType, c.objectId, c.description, c.resolution]));
  await writeWorkbook(
    file,
    `MergeDesk batch summary ${path.basename(file)}`,
    [
      summarySheet({ fields, widths: [30, DATE_TIME_WIDTH + 40] }),
      tableSheet('Pairs', PAIR_COLUMNS, pairs),
      tableSheet(
        'Conflicts',
        [
          { header: '#', width: 6 },
          { header: 'Worklist row', width: 10 },
          { header: 'Source UID', width: 14 },
          { header: 'Target UID', width: 14 },
          { header: 'Category', width: 14 },
          { header: 'Object type', width: 14 },
          { header: 'Object id', width: 12 },
          { header: 'Conflict', width: 50, wrap: true },
          { header: 'Resolution with abort on conflict off', width: 50, wrap: true },
        ],
        conflicts,
      ),
      tableSheet(
        'Validation',
        [
          { header: 'Rows', width: 16 },
          { header: 'Chain', width: 40, wrap: true },
          { header: 'Resolution', width: 90, wrap: true },
        ],
        r.validation.chains.map((c) => [c.rows.join(', '), c.uids.join(' → '), c.message]),
      ),
    ],
    r.startedAt,
  );
}
