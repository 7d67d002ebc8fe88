import type { Language } from '@shared/i18n/languages';
import type { UndoResult } from '../engine/undo/undo';
import { sealWithChecksum } from './content';
import { workbookT, logfileLabels } from './logfile-labels';
import { plainKey, plainValue, plainValues } from './plain-text';
import { summarySheet, tableSheet, writeWorkbook, type Cell, type LaidSheet } from './sheets';
import { undoSentence } from './summary-sentence';

export const UNDO_LOGFILE_FORMAT = 'MergeDesk undo logfile v2';

/**
 * The undo's own logfile (.xlsx): Summary (a sentence, rows restored per table and action,
 * then the fields), Restored (every row the undo wrote, newest merge step first) and Changed
 * since (rows the merge wrote that changed later; kept as they are with a partial undo, the
 * reason for a refusal otherwise). Keys and values are plain text, never JSON; the words are
 * in `language`, the values the same in every language.
 */
export function undoLogSheets(r: UndoResult, language: Language = 'en'): LaidSheet[] {
  const words = logfileLabels(language);
  const U = words.undo;
  const fields: [string, Cell][] = [
    [U.format, UNDO_LOGFILE_FORMAT],
    [U.undoRun, r.runId],
    [U.undoesRun, r.undoneRunId],
    [U.outcome, r.outcome],
    [U.reason, r.reason],
    [U.dryRun, r.dryRun],
    [U.acceptPartial, r.acceptPartial],
    [U.sourceUid, r.sourceUid],
    [U.targetUid, r.targetUid],
    [U.operator, r.operator],
    [U.startedAt, r.startedAt],
    [U.finishedAt, r.finishedAt],
    [U.restoredRows, r.restored.length],
    [U.changedRows, r.changedSince.length],
  ];
  for (const [table, byAction] of Object.entries(r.counts)) fields.push([`${U.restoredPrefix}${table}`, Object.entries(byAction).map(([a, n]) => `${a} ${n}`).join(', ')]);
  fields.push([words.field.checksum, null]);
  const counts = Object.entries(r.counts).flatMap(([t, byAction]) => Object.entries(byAction).map(([a, n]): Cell[] => [t, a, n]));
  const changed: Cell[][] = [];
  for (const c of r.changedSince) {
    const base = [c.table, plainKey(c.key), c.kind];
    if (c.columns.length === 0) changed.push([...base, null, null, null, c.description]);
    for (const col of c.columns) changed.push([...base, col.column, plainValue(col.mergeLeft), plainValue(col.now), c.description]);
  }
  const sheets = [
    summarySheet({
      sentence: undoSentence({ ...r, restored: r.restored.length, changedSince: r.changedSince.length }, language),
      blocks: [{ columns: [words.summary.table, words.summary.undoAction, words.summary.rows], rows: counts }],
      fields,
      language,
    }),
    tableSheet(
      words.sheet.restored,
      [
        { header: U.seq, width: 12 },
        { header: U.table, width: 20 },
        { header: U.undoAction, width: 12 },
        { header: U.key, width: 24, wrap: true },
        { header: U.mergeLeft, width: 60, wrap: true },
        { header: U.restoredTo, width: 60, wrap: true },
      ],
      r.restored.map((x) => [x.seq, x.table, x.action, plainKey(x.key), plainValues(x.mergeLeft), plainValues(x.restored)]),
    ),
    tableSheet(
      words.sheet.changedSince,
      [
        { header: U.table, width: 20 },
        { header: U.key, width: 24, wrap: true },
        { header: U.kind, width: 12 },
        { header: U.column, width: 18 },
        { header: U.mergeLeft, width: 24, wrap: true },
        { header: U.now, width: 24, wrap: true },
        { header: U.description, width: 70, wrap: true },
      ],
      changed,
    ),
  ];
  sealWithChecksum(sheets);
  return sheets;
}

export const undoLogTitle = (r: Pick<UndoResult, 'runId' | 'undoneRunId' | 'dryRun'>, language: Language = 'en') =>
  workbookT(language)(r.dryRun ? 'logfile:title.undoDryRun' : 'logfile:title.undo', { run: r.runId, undone: r.undoneRunId });

export async function writeUndoLogfile(file: string, r: UndoResult, language: Language = 'en'): Promise<void> {
  await writeWorkbook(file, undoLogTitle(r, language), undoLogSheets(r, language), r.startedAt, language);
}
