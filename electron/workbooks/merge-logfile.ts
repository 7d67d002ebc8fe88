import fs from 'node:fs';
import { UserInputError } from '../errors';
import { readXlsxWorkbook, XlsxRefusedError } from '../files/xlsx-guard';
import type { MergeResult } from '../engine/merge/engine';
import type { ActionRequired, Conflict } from '../engine/merge/types';
import type { LogRecord, LogSummaryOf, MergeLogOf } from '@shared/logfile-types';
import { CHECKSUM_FIELD, readCell, sealWithChecksum } from './content';
import { plainRecordId } from './plain-text';
import { summarySheet, tableSheet, writeWorkbook, DATE_TIME_WIDTH, type Cell, type Column, type LaidSheet } from './sheets';
import { mergeSentence } from './summary-sentence';
import type ExcelJS from 'exceljs';

/**
 * The merge logfile (.xlsx): Summary (a sentence, counts per category and action, then the
 * fields programs read), Records, Conflicts and Action required; print-ready (sheets.ts)
 * and sealed with a content checksum (content.ts). `readMergeLogfile` parses a logfile back
 * into the same structure (offline review), also one written by the previous version.
 */
export const LOGFILE_FORMAT = 'MergeDesk merge logfile v2';
/** Written before the summary sentence and the checksum; still read. */
const FORMATS_READ = [LOGFILE_FORMAT, 'MergeDesk merge logfile v1'];
export type { LogRecord } from '@shared/logfile-types';
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
  return withPlainIds({
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
  });
}

/**
 * Record ids in plain words (plans keep a composite key as JSON; a v1 logfile printed it so).
 * Also brings a v1 logfile's content to today's form, to compare it with the database.
 */
export function withPlainIds(log: MergeLog): MergeLog {
  return {
    ...log,
    records: log.records.map((x) => ({ ...x, objectId: plainRecordId(x.objectId), sourceRecordId: plainRecordId(x.sourceRecordId), targetRecordId: plainRecordId(x.targetRecordId) })),
    conflicts: log.conflicts.map((c) => ({ ...c, objectId: plainRecordId(c.objectId) })),
    actionRequired: log.actionRequired.map((a) => ({ ...a, objectId: plainRecordId(a.objectId), recordId: plainRecordId(a.recordId) })),
  };
}

interface Col<T> extends Column {
  key: keyof T & string;
}

const RECORD_COLUMNS: Col<LogRecord>[] = [
  { header: 'Category', key: 'category', width: 14 },
  { header: 'Object type', key: 'objectType', width: 14 },
  { header: 'Object id', key: 'objectId', width: 12 },
  { header: 'Source record id', key: 'sourceRecordId', width: 18, wrap: true },
  { header: 'Target record id', key: 'targetRecordId', width: 18, wrap: true },
  { header: 'Action', key: 'action', width: 13 },
  { header: 'Status before (source)', key: 'statusBeforeSource', width: DATE_TIME_WIDTH, wrap: true },
  { header: 'Status before (target)', key: 'statusBeforeTarget', width: DATE_TIME_WIDTH, wrap: true },
  { header: 'Status after', key: 'statusAfter', width: DATE_TIME_WIDTH, wrap: true },
  { header: 'Rule applied', key: 'rule', width: 44, wrap: true },
  { header: 'Note', key: 'note', width: 30, wrap: true },
];
const CONFLICT_COLUMNS: Col<Conflict>[] = [
  { header: 'Category', key: 'category', width: 14 },
  { header: 'Object type', key: 'objectType', width: 14 },
  { header: 'Object id', key: 'objectId', width: 12 },
  { header: 'Conflict', key: 'description', width: 60, wrap: true },
  { header: 'Resolution with abort on conflict off', key: 'resolution', width: 70, wrap: true },
];
const ACTION_COLUMNS: Col<ActionRequired>[] = [
  { header: 'Category', key: 'category', width: 14 },
  { header: 'Object type', key: 'objectType', width: 16 },
  { header: 'Object id', key: 'objectId', width: 12 },
  { header: 'Record id', key: 'recordId', width: 16, wrap: true },
  { header: 'Action required', key: 'description', width: 100, wrap: true },
];

type SummaryValue = string | number | boolean | Date | null;

function summaryFields(s: LogSummary): [string, SummaryValue][] {
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
  rows.push([CHECKSUM_FIELD, null]);
  return rows;
}

const tableRows = <T>(cols: Col<T>[], rows: readonly T[]): Cell[][] => rows.map((r) => cols.map((c) => ((r as Record<string, unknown>)[c.key] ?? null) as Cell));

/** The logfile's sheets as rows, sealed with their checksum. */
export function mergeLogSheets(log: MergeLog): LaidSheet[] {
  const counts = Object.entries(log.summary.counts).flatMap(([c, byAction]) => Object.entries(byAction).map(([a, n]): Cell[] => [c, a, n]));
  const sheets = [
    summarySheet({
      sentence: mergeSentence(log.summary, log.conflicts.length, log.actionRequired.length),
      blocks: [{ columns: ['Category', 'Action', 'Records'], rows: counts }],
      fields: summaryFields(log.summary),
    }),
    tableSheet('Records', RECORD_COLUMNS, tableRows(RECORD_COLUMNS, log.records)),
    tableSheet('Conflicts', CONFLICT_COLUMNS, tableRows(CONFLICT_COLUMNS, log.conflicts)),
    tableSheet('Action required', ACTION_COLUMNS, tableRows(ACTION_COLUMNS, log.actionRequired)),
  ];
  sealWithChecksum(sheets);
  return sheets;
}

/** The name in the footer of every printed page. */
export const mergeLogTitle = (s: LogSummary) => `MergeDesk run ${s.runId}: ${s.sourceUid} into ${s.targetUid}${s.dryRun ? ' (dry run)' : ''}`;

/**
 * Writes the logfile (the folder must exist), streaming its rows to the file.
 */
export async function writeMergeLogfile(file: string, log: MergeLog): Promise<void> {
  await writeWorkbook(file, mergeLogTitle(log.summary), mergeLogSheets(log), log.summary.startedAt);
}

const cellValue = (v: ExcelJS.CellValue): SummaryValue => readCell(v);

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

/**
 * Opens a logfile to read: a missing file and a zip bomb get their own refusal (the limit
 * it broke); anything else that is no workbook is refused with `notLogfile`.
 */
export async function openLogfileWorkbook(file: string, notLogfile: (why: string) => Error): Promise<ExcelJS.Workbook> {
  if (!fs.existsSync(file)) throw new UserInputError(`The logfile ${file} does not exist.`, 'Check the path.', 'LOGFILE_MISSING');
  try {
    return await readXlsxWorkbook(file);
  } catch (err) {
    if (err instanceof XlsxRefusedError && err.code === 'XLSX_TOO_LARGE') throw err;
    throw notLogfile(`it is not an Excel (.xlsx) file (${err instanceof XlsxRefusedError ? err.reason : (err as Error).message})`);
  }
}

/** The Field/Value rows of a Summary sheet: below its "Field | Value" header (row 1 in v1 files). */
export function summaryFieldMap(ws: ExcelJS.Worksheet): Map<string, SummaryValue> {
  const fields = new Map<string, SummaryValue>();
  let start = 0;
  for (let r = 1; r <= ws.rowCount && !start; r++) if (cellValue(ws.getRow(r).getCell(1).value) === 'Field' && cellValue(ws.getRow(r).getCell(2).value) === 'Value') start = r + 1;
  for (let r = start || 2; r <= ws.rowCount; r++) {
    const k = cellValue(ws.getRow(r).getCell(1).value);
    if (typeof k === 'string') fields.set(k, cellValue(ws.getRow(r).getCell(2).value));
  }
  return fields;
}

/** Reads a logfile back into the structure it was written from. */
export async function readMergeLogfile(file: string): Promise<MergeLog> {
  const wb = await openLogfileWorkbook(file, (why) => malformed(file, why));
  const ws = wb.getWorksheet('Summary');
  if (!ws) throw malformed(file, 'the sheet "Summary" is missing');
  const fields = summaryFieldMap(ws);
  if (!FORMATS_READ.includes(String(fields.get('Logfile format')))) throw malformed(file, `its Summary sheet does not say "${LOGFILE_FORMAT}"`);
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
