import path from 'node:path';
import type { BatchResult } from '../usecases/batch';
import type { Language } from '@shared/i18n/languages';
import { logfileLabels, wordFor, workbookT, type LogfileLabels } from './logfile-labels';
import { summarySheet, tableSheet, writeWorkbook, DATE_TIME_WIDTH, type Cell } from './sheets';

export const BATCH_SUMMARY_FORMAT = 'MergeDesk batch summary v1';
type BatchColumn = keyof LogfileLabels['batch']['column'];
/** The Pairs sheet's columns: the key each row holds and its header in the catalogue (batch.column.<key>). */
export const PAIR_COLUMNS = [
  { key: 'index', width: 6 },
  { key: 'row', width: 12 },
  { key: 'source', width: 16 },
  { key: 'target', width: 16 },
  { key: 'listedTarget', width: 18 },
  { key: 'takeEmail', width: 11 },
  { key: 'takeLogin', width: 11 },
  { key: 'outcome', width: 14 },
  { key: 'reason', width: 40, wrap: true },
  { key: 'runId', width: 8 },
  { key: 'move', width: 10 },
  { key: 'keep_target', width: 12 },
  { key: 'take_source', width: 13 },
  { key: 'combine', width: 10 },
  { key: 'copy', width: 8 },
  { key: 'not_merged', width: 11 },
  { key: 'conflicts', width: 10 },
  { key: 'actionRequired', width: 15 },
  { key: 'journalEntries', width: 12 },
  { key: 'seconds', width: 9 },
  { key: 'note', width: 24, wrap: true },
  { key: 'logfile', width: 40, wrap: true },
] as const satisfies readonly { key: BatchColumn; width: number; wrap?: boolean }[];

/**
 * The batch summary workbook in `language`: Summary (counts), Pairs (one row per pair with the
 * outcome it had or would have, counts, and a hyperlink to its logfile, relative to the
 * summary's folder), Conflicts (every training conflict per pair) and Validation (chains resolved).
 */
export async function writeBatchSummary(file: string, r: BatchResult, language: Language = 'en'): Promise<void> {
  const words = logfileLabels(language).batch;
  const F = words.field;
  const C = words.column;
  const fields: [string, Cell][] = [
    [F.format, BATCH_SUMMARY_FORMAT],
    [F.dryRun, r.dryRun],
    [F.cancelled, r.cancelled],
    [F.startedAt, r.startedAt],
    [F.finishedAt, r.finishedAt],
    [F.seconds, Math.round(r.seconds * 10) / 10],
    [F.pairs, r.counts.total],
    [r.dryRun ? F.wouldMerge : F.merged, r.counts.merged],
    [r.dryRun ? F.wouldAbort : F.aborted, r.counts.aborted],
    [F.failed, r.counts.failed],
    [F.refused, r.counts.refused],
    [F.skipped, r.counts.skipped],
    [F.notRun, r.counts.notRun],
    [F.conflicts, r.pairs.reduce((n, p) => n + p.conflicts.length, 0)],
    [F.chains, r.validation.chains.length],
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
    r.dryRun && p.outcome === 'merged' ? words.outcome.wouldMerge : r.dryRun && p.outcome === 'aborted' ? words.outcome.wouldAbort : p.outcome,
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
  const conflicts = r.pairs.flatMap((p) =>
    p.conflicts.map((c): Cell[] => [p.pair.index, p.pair.row, p.pair.source, p.pair.target, wordFor('category', c.category, language), wordFor('objectType', c.objectType, language), c.objectId, c.description, c.resolution]),
  );
  await writeWorkbook(
    file,
    workbookT(language)('logfile:batch.title', { file: path.basename(file) }),
    [
      summarySheet({ fields, widths: [34, DATE_TIME_WIDTH + 40], language, name: words.sheet.summary }),
      tableSheet(words.sheet.pairs, PAIR_COLUMNS.map((c) => ({ ...c, header: C[c.key] })), pairs),
      tableSheet(
        words.sheet.conflicts,
        [
          { header: C.index, width: 6 },
          { header: C.row, width: 10 },
          { header: C.source, width: 14 },
          { header: C.target, width: 14 },
          { header: C.category, width: 16 },
          { header: C.objectType, width: 14 },
          { header: C.objectId, width: 12 },
          { header: C.conflict, width: 50, wrap: true },
          { header: C.resolution, width: 50, wrap: true },
        ],
        conflicts,
      ),
      tableSheet(
        words.sheet.validation,
        [
          { header: C.rows, width: 16 },
          { header: C.chain, width: 40, wrap: true },
          { header: C.chainResolution, width: 90, wrap: true },
        ],
        r.validation.chains.map((c) => [c.rows.join(', '), c.uids.join(' → '), c.message]),
      ),
    ],
    r.startedAt,
    language,
  );
}
