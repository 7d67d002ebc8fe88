import ExcelJS from 'exceljs';
import type { UndoResult } from './undo';

export const UNDO_LOGFILE_FORMAT = 'MergeDesk undo logfile v1';

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * The undo's own logfile (.xlsx): Summary, Restored (every row the undo wrote, newest merge
 * step first) and Changed since (rows the merge wrote that changed later; kept as they are
 * with a partial undo, the reason for a refusal otherwise).
 */
export async function writeUndoLogfile(file: string, r: UndoResult): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MergeDesk';
  wb.created = r.startedAt;
  const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns;
    ws.getRow(1).font = { bold: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    return ws;
  };
  const summary = sheet('Summary', [
    { header: 'Field', key: 'field', width: 34 },
    { header: 'Value', key: 'value', width: 90 },
  ]);
  const rows: [string, ExcelJS.CellValue][] = [
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
  for (const [table, byAction] of Object.entries(r.counts)) rows.push([`Restored: ${table}`, Object.entries(byAction).map(([a, n]) => `${a} ${n}`).join(', ')]);
  for (const [k, v] of rows) {
    const row = summary.addRow([k, v ?? null]);
    if (v instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
  }
  const restored = sheet('Restored', [
    { header: 'Merge step (seq)', key: 'seq', width: 16 },
    { header: 'Table', key: 'table', width: 22 },
    { header: 'Undo action', key: 'action', width: 14 },
    { header: 'Key', key: 'key', width: 30 },
    { header: 'As the merge left it', key: 'mergeLeft', width: 70 },
    { header: 'Restored to', key: 'restored', width: 70 },
  ]);
  for (const x of r.restored) restored.addRow({ seq: x.seq, table: x.table, action: x.action, key: json(x.key), mergeLeft: json(x.mergeLeft), restored: json(x.restored) });
  const changed = sheet('Changed since', [
    { header: 'Table', key: 'table', width: 22 },
    { header: 'Key', key: 'key', width: 30 },
    { header: 'Kind', key: 'kind', width: 12 },
    { header: 'Column', key: 'column', width: 20 },
    { header: 'As the merge left it', key: 'mergeLeft', width: 30 },
    { header: 'Now', key: 'now', width: 30 },
    { header: 'Description', key: 'description', width: 90 },
  ]);
  for (const c of r.changedSince) {
    const base = { table: c.table, key: json(c.key), kind: c.kind, description: c.description };
    if (c.columns.length === 0) changed.addRow(base);
    for (const col of c.columns) changed.addRow({ ...base, column: col.column, mergeLeft: JSON.stringify(col.mergeLeft), now: JSON.stringify(col.now) });
  }
  await wb.xlsx.writeFile(file);
}
