import path from 'node:path';
import ExcelJS from 'exceljs';
import type { BatchResult } from './run';

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
  { header: 'Reason', key: 'reason', width: 60 },
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
  { header: 'Note', key: 'note', width: 30 },
  { header: 'Logfile', key: 'logfile', width: 60 },
] as const;

/**
 * The batch summary workbook: Summary (counts), Pairs (one row per pair with the outcome
 * it had or would have, counts, and a hyperlink to its logfile, relative to the summary's
 * folder), Conflicts (every training conflict per pair) and Validation (chains resolved).
 */
export async function writeBatchSummary(file: string, r: BatchResult): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MergeDesk';
  wb.created = r.startedAt;
  const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ ...c }));
    ws.getRow(1).font = { bold: true };
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    return ws;
  };
  const summary = sheet('Summary', [
    { header: 'Field', key: 'field', width: 30 },
    { header: 'Value', key: 'value', width: 60 },
  ]);
  const rows: [string, ExcelJS.CellValue][] = [
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
  for (const [k, v] of rows) {
    const row = summary.addRow([k, v]);
    if (v instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
  }
  const pairs = sheet('Pairs', PAIR_COLUMNS.map((c) => ({ ...c })));
  const dir = path.dirname(file);
  for (const p of r.pairs) {
    const row = pairs.addRow({
      index: p.pair.index,
      row: p.pair.row,
      source: p.pair.source,
      target: p.pair.target,
      listedTarget: p.pair.listedTarget,
      takeEmail: p.pair.takeEmail,
      takeLogin: p.pair.takeLogin,
      outcome: r.dryRun && p.outcome === 'merged' ? 'would merge' : r.dryRun && p.outcome === 'aborted' ? 'would abort' : p.outcome,
      reason: p.reason,
      runId: p.runId,
      move: p.actions.move ?? 0,
      keep_target: p.actions.keep_target ?? 0,
      take_source: p.actions.take_source ?? 0,
      combine: p.actions.combine ?? 0,
      copy: p.actions.copy ?? 0,
      not_merged: p.actions.not_merged ?? 0,
      conflicts: p.conflicts.length,
      actionRequired: p.actionRequired,
      journalEntries: p.journalEntries,
      seconds: Math.round(p.seconds * 1000) / 1000,
      note: p.pair.note,
      logfile: null,
    });
    if (p.logfile) {
      const rel = path.relative(dir, p.logfile).split(path.sep).join('/');
      const cell = row.getCell(PAIR_COLUMNS.length);
      cell.value = { text: path.basename(p.logfile), hyperlink: rel };
      cell.font = { color: { argb: 'FF0563C1' }, underline: true };
    }
  }
  const conflicts = sheet('Conflicts', [
    { header: '#', key: 'index', width: 6 },
    { header: 'Worklist row', key: 'row', width: 12 },
    { header: 'Source UID', key: 'source', width: 16 },
    { header: 'Target UID', key: 'target', width: 16 },
    { header: 'Category', key: 'category', width: 16 },
    { header: 'Object type', key: 'objectType', width: 14 },
    { header: 'Object id', key: 'objectId', width: 12 },
    { header: 'Conflict', key: 'description', width: 60 },
    { header: 'Resolution with abort on conflict off', key: 'resolution', width: 60 },
  ]);
  for (const p of r.pairs) for (const c of p.conflicts) conflicts.addRow({ index: p.pair.index, row: p.pair.row, source: p.pair.source, target: p.pair.target, ...c });
  const validation = sheet('Validation', [
    { header: 'Rows', key: 'rows', width: 16 },
    { header: 'Chain', key: 'chain', width: 40 },
    { header: 'Resolution', key: 'message', width: 120 },
  ]);
  for (const c of r.validation.chains) validation.addRow({ rows: c.rows.join(', '), chain: c.uids.join(' → '), message: c.message });
  await wb.xlsx.writeFile(file);
}
