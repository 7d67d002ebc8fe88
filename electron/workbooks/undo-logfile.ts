import type { UndoResult } from '../engine/undo/undo';
import { CHECKSUM_FIELD, sealWithChecksum } from './content';
import { plainKey, plainValue, plainValues } from './plain-text';
import { summarySheet, tableSheet, writeWorkbook, type Cell, type LaidSheet } from './sheets';
import { undoSentence } from './summary-sentence';

export const UNDO_LOGFILE_FORMAT = 'MergeDesk undo logfile v2';

/**
 * The undo's own logfile (.xlsx): Summary (a sentence, rows restored per table and action,
 * then the fields), Restored (every row the undo wrote, newest merge step first) and Changed
 * since (rows the merge wrote that changed later; kept as they are with a partial undo, the
 * reason for a refusal otherwise). Keys and values are plain text, never JSON.
 */
export function undoLogSheets(r: UndoResult): LaidSheet[] {
  const fields: [string, Cell][] = [
    ['Format', UNDO_LOGFILE_FORMAT],
    ['Undo run', r.runId],
    ['Undoes merge run', r.undoneRunId],
    ['Outcome', r.outcome],
    ['Reason', r.reason],
    ['Dry run', r.dryRun],
    ['Partial undo accepted', r.acceptPartial],
    ['Source account (recreated)', r.sourceUid],
    ['Target account', r.targetUid],
    ['Operator', r.operator],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
    ['Rows restored', r.restored.length],
    ['Rows changed since the merge', r.changedSince.length],
  ];
  for (const [table, byAction] of Object.entries(r.counts)) fields.push([`Restored: ${table}`, Object.entries(byAction).map(([a, n]) => `${a} ${n}`).join(', ')]);
  fields.push([CHECKSUM_FIELD, null]);
  const counts = Object.entries(r.counts).flatMap(([t, byAction]) => Object.entries(byAction).map(([a, n]): Cell[] => [t, a, n]));
  const changed: Cell[][] = [];
  for (const c of r.changedSince) {
    const base = [c.table, plainKey(c.key), c.kind];
    if (c.columns.length === 0) changed.push([...base, null, null, null, c.description]);
    for (const col of c.columns) changed.push([...base, col.column, plainValue(col.mergeLeft), plainValue(col.now), c.description]);
  }
  const sheets = [
    summarySheet({
      sentence: undoSentence({ ...r, restored: r.restored.length, changedSince: r.changedSince.length }),
      blocks: [{ columns: ['Table', 'Undo action', 'Rows'], rows: counts }],
      fields,
    }),
    tableSheet(
      'Restored',
      [
        { header: 'Merge step (seq)', width: 10 },
        { header: 'Table', width: 20 },
        { header: 'Undo action', width: 12 },
        { header: 'Key', width: 24, wrap: true },
        { header: 'As the merge left it', width: 60, wrap: true },
        { header: 'Restored to', width: 60, wrap: true },
      ],
      r.restored.map((x) => [x.seq, x.table, x.action, plainKey(x.key), plainValues(x.mergeLeft), plainValues(x.restored)]),
    ),
    tableSheet(
      'Changed since',
      [
        { header: 'Table', width: 20 },
        { header: 'Key', width: 24, wrap: true },
        { header: 'Kind', width: 12 },
        { header: 'Column', width: 18 },
        { header: 'As the merge left it', width: 24, wrap: true },
        { header: 'Now', width: 24, wrap: true },
        { header: 'Description', width: 70, wrap: true },
      ],
      changed,
    ),
  ];
  sealWithChecksum(sheets);
  return sheets;
}

export const undoLogTitle = (r: Pick<UndoResult, 'runId' | 'undoneRunId' | 'dryRun'>) => `MergeDesk undo run ${r.runId} of merge run ${r.undoneRunId}${r.dryRun ? ' (dry run)' : ''}`;

export async function writeUndoLogfile(file: string, r: UndoResult): Promise<void> {
  await writeWorkbook(file, undoLogTitle(r), undoLogSheets(r), r.startedAt);
}
