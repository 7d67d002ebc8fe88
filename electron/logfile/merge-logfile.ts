import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { UserInputError } from '../errors';
import { readXlsxWorkbook, XlsxRefusedError } from '../files/xlsx-guard';
import type { MergeResult } from '../engine/merge/engine';
import type { ActionRequired, Conflict } from '../engine/merge/types';
import type { LogRecord, LogSummaryOf, MergeLogOf } from '../../shared/logfile-types';

/**
 * The merge logfile (.xlsx): Summary, Records, Conflicts and Action required sheets, each
 * with a frozen header row, autofilter and readable widths; times are real Excel dates.
 * `readMergeLogfile` parses a logfile back into the same structure (offline review).
 */
export const LOGFILE_FORMAT = 'MergeDesk merge logfile v1';

export type { LogRecord } from '../../shared/logfile-types';
export type LogSummary = LogSummaryOf<Date>;
export type MergeLog = MergeLogOf<Date>;

/** The logfile content of a merge result (also for refused or aborted merges). */
export function logFromResult(r: MergeResult): MergeLog {
  const p = r.plan;
  const settings: Record<string, string | boolean> = {
    merge_person_attributes: r.settings.merge_person_attributes,
    abort_on_conflict: r.settings.abort_on_conflict,
    ignore_custom_rules: r.settings.ignore_custom_rules,
    merge_group_assignments: r.settings.merge_group_assignments,
    source_disposition: r.settings.source_disposition,
    portfolio_rules: JSON.stringify(r.settings.portfolioRules),
    job_profile_rules: JSON.stringify(r.settings.jobProfileRules),
  };
  if (p) {
    settings.take_email = Boolean(p.options.takeEmail);
    settings.take_login = Boolean(p.options.takeLogin);
    settings.take_employee_id = Boolean(p.options.takeEmployeeId);
    if (p.employeeIdTakeOver) settings.take_employee_id_reason = p.employeeIdTakeOver.reason;
  }
  const counts: Record<string, Record<string, number>> = {};
  for (const [c, byAction] of Object.entries(p?.counts ?? {})) {
    for (const [a, n] of Object.entries(byAction)) if (n) (counts[c] ??= {})[a] = n;
  }
  return {
    summary: {
      runId: r.runId,
      outcome: r.outcome,
      reason: r.reason,
      dryRun: r.dryRun,
      sourceUid: r.sourceUid,
      sourceName: p ? `${p.source.firstName} ${p.source.lastName}` : null,
      targetUid: r.targetUid,
      targetName: p ? `${p.target.firstName} ${p.target.lastName}` : null,
      operator: r.operator,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      planHash: p?.hash ?? null,
      sourceAccount: p?.sourceAccount.description ?? null,
      settings,
      counts,
    },
    records: (p?.records ?? []).map((x) => ({
      category: x.category,
      objectType: x.objectType,
      objectId: x.objectId,
      sourceRecordId: x.sourceRecordId,
      targetRecordId: x.targetRecordId,
      action: x.action,
      statusBeforeSource: x.statusBefore.source,
      statusBeforeTarget: x.statusBefore.target,
      statusAfter: x.statusAfter,
      rule: x.rule,
      note: x.note ?? null,
    })),
    conflicts: p?.conflicts ?? [],
    actionRequired: p?.actionRequired ?? [],
  };
}

interface Col<T> {
  header: string;
  key: keyof T & string;
  width: number;
}

const RECORD_COLUMNS: Col<LogRecord>[] = [
  { header: 'Category', key: 'category', width: 16 },
  { header: 'Object type', key: 'objectType', width: 16 },
  { header: 'Object id', key: 'objectId', width: 14 },
  { header: 'Source record id', key: 'sourceRecordId', width: 16 },
  { header: 'Target record id', key: 'targetRecordId', width: 16 },
  { header: 'Action', key: 'action', width: 15 },
  { header: 'Status before (source)', key: 'statusBeforeSource', width: 22 },
  { header: 'Status before (target)', key: 'statusBeforeTarget', width: 22 },
  { header: 'Status after', key: 'statusAfter', width: 22 },
  { header: 'Rule applied', key: 'rule', width: 60 },
  { header: 'Note', key: 'note', width: 50 },
];
const CONFLICT_COLUMNS: Col<Conflict>[] = [
  { header: 'Category', key: 'category', width: 16 },
  { header: 'Object type', key: 'objectType', width: 16 },
  { header: 'Object id', key: 'objectId', width: 14 },
  { header: 'Conflict', key: 'description', width: 60 },
  { header: 'Resolution with abort on conflict off', key: 'resolution', width: 70 },
];
const ACTION_COLUMNS: Col<ActionRequired>[] = [
  { header: 'Category', key: 'category', width: 16 },
  { header: 'Object type', key: 'objectType', width: 18 },
  { header: 'Object id', key: 'objectId', width: 14 },
  { header: 'Record id', key: 'recordId', width: 14 },
  { header: 'Action required', key: 'description', width: 100 },
];

type SummaryValue = string | number | boolean | Date | null;

function summaryRows(s: LogSummary): [string, SummaryValue][] {
  const rows: [string, SummaryValue][] = [
    ['Logfile format', LOGFILE_FORMAT],
    ['Run', s.runId],
    ['Outcome', s.outcome],
    ['Reason', s.reason],
    ['Dry run', s.dryRun],
    ['Source UID', s.sourceUid],
    ['Source name', s.sourceName],
    ['Target UID', s.targetUid],
    ['Target name', s.targetName],
    ['Operator', s.operator],
    ['Started (UTC)', s.startedAt],
    ['Finished (UTC)', s.finishedAt],
    ['Plan hash', s.planHash],
    ['Source account', s.sourceAccount],
  ];
  for (const [k, v] of Object.entries(s.settings)) rows.push([`Setting: ${k}`, v]);
  for (const [c, byAction] of Object.entries(s.counts)) for (const [a, n] of Object.entries(byAction)) rows.push([`Count: ${c} / ${a}`, n]);
  return rows;
}

type SheetHost = ExcelJS.stream.xlsx.WorkbookWriter;

function addTableSheet<T>(wb: SheetHost, name: string, cols: Col<T>[], rows: readonly T[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for (const r of rows) ws.addRow(cols.map((c) => (r as Record<string, unknown>)[c.key] ?? null)).commit();
  ws.commit();
}

/**
 * Writes the logfile (the folder must exist). Streams rows to the file as they are added,
 * so memory does not grow with the number of records.
 */
export async function writeMergeLogfile(file: string, log: MergeLog): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  wb.creator = 'MergeDesk';
  wb.created = log.summary.startedAt;
  const ws = wb.addWorksheet('Summary', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Field', key: 'field', width: 40 },
    { header: 'Value', key: 'value', width: 90 },
  ];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 2 } };
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for (const [k, v] of summaryRows(log.summary)) {
    const row = ws.addRow([k, v]);
    if (v instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
    row.commit();
  }
  ws.commit();
  addTableSheet(wb, 'Records', RECORD_COLUMNS, log.records);
  addTableSheet(wb, 'Conflicts', CONFLICT_COLUMNS, log.conflicts);
  addTableSheet(wb, 'Action required', ACTION_COLUMNS, log.actionRequired);
  await wb.commit();
}

function cellValue(v: ExcelJS.CellValue): SummaryValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return (v.result as SummaryValue) ?? null;
  return String(v);
}

function malformed(file: string, problem: string): UserInputError {
  return new UserInputError(`${file} is not a readable MergeDesk merge logfile: ${problem}.`, 'Open a logfile written by MergeDesk (mergedesk merge … --logfile FILE.xlsx).', 'LOGFILE_INVALID');
}

function readTable<T>(file: string, wb: ExcelJS.Workbook, name: string, cols: Col<T>[]): T[] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw malformed(file, `the sheet "${name}" is missing`);
  const header = cols.map((_, i) => cellValue(ws.getRow(1).getCell(i + 1).value));
  const expected = cols.map((c) => c.header);
  if (JSON.stringify(header) !== JSON.stringify(expected)) throw malformed(file, `the sheet "${name}" has the columns ${JSON.stringify(header)} instead of ${JSON.stringify(expected)}`);
  const out: T[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const o: Record<string, unknown> = {};
    cols.forEach((c, i) => (o[c.key] = cellValue(row.getCell(i + 1).value)));
    if (cols.every((c) => o[c.key] === null)) continue;
    out.push(o as T);
  }
  return out;
}

/** Reads a logfile back into the structure it was written from. */
export async function readMergeLogfile(file: string): Promise<MergeLog> {
  if (!fs.existsSync(file)) throw new UserInputError(`The logfile ${file} does not exist.`, 'Check the path.', 'LOGFILE_MISSING');
  let wb: ExcelJS.Workbook;
  try {
    wb = await readXlsxWorkbook(file);
  } catch (err) {
    // A zip bomb is refused with the limit it broke; anything else is not a logfile.
    if (err instanceof XlsxRefusedError && err.code === 'XLSX_TOO_LARGE') throw err;
    throw malformed(file, `it is not an Excel (.xlsx) file (${err instanceof XlsxRefusedError ? err.reason : (err as Error).message})`);
  }
  const ws = wb.getWorksheet('Summary');
  if (!ws) throw malformed(file, 'the sheet "Summary" is missing');
  const fields = new Map<string, SummaryValue>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const k = cellValue(ws.getRow(r).getCell(1).value);
    if (typeof k === 'string') fields.set(k, cellValue(ws.getRow(r).getCell(2).value));
  }
  if (fields.get('Logfile format') !== LOGFILE_FORMAT) throw malformed(file, `its Summary sheet does not say "${LOGFILE_FORMAT}"`);
  const str = (k: string): string | null => {
    const v = fields.get(k);
    return v === null || v === undefined ? null : String(v);
  };
  const need = (k: string): string => {
    const v = str(k);
    if (v === null) throw malformed(file, `the Summary field "${k}" is missing`);
    return v;
  };
  const date = (k: string): Date => {
    const v = fields.get(k);
    if (!(v instanceof Date)) throw malformed(file, `the Summary field "${k}" is not a date`);
    return v;
  };
  const settings: Record<string, string | boolean> = {};
  const counts: Record<string, Record<string, number>> = {};
  for (const [k, v] of fields) {
    if (k.startsWith('Setting: ')) settings[k.slice(9)] = typeof v === 'boolean' ? v : String(v ?? '');
    const c = /^Count: (.+) \/ (.+)$/.exec(k);
    if (c) (counts[c[1]!] ??= {})[c[2]!] = Number(v);
  }
  const runId = Number(need('Run'));
  if (!Number.isInteger(runId)) throw malformed(file, 'the Summary field "Run" is not a run number');
  return {
    summary: {
      runId,
      outcome: need('Outcome'),
      reason: str('Reason'),
      dryRun: fields.get('Dry run') === true,
      sourceUid: need('Source UID'),
      sourceName: str('Source name'),
      targetUid: need('Target UID'),
      targetName: str('Target name'),
      operator: need('Operator'),
      startedAt: date('Started (UTC)'),
      finishedAt: date('Finished (UTC)'),
      planHash: str('Plan hash'),
      sourceAccount: str('Source account'),
      settings,
      counts,
    },
    records: readTable(file, wb, 'Records', RECORD_COLUMNS),
    conflicts: readTable(file, wb, 'Conflicts', CONFLICT_COLUMNS),
    actionRequired: readTable(file, wb, 'Action required', ACTION_COLUMNS),
  };
}
