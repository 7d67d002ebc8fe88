import type { Language } from '@shared/i18n/languages';
import { objectNameOf, type ObjectNames } from '@shared/object-names';
import type { MergeResult } from '../engine/merge/engine';
import type { MergePlan } from '../engine/merge/types';
import type { LogActionRequired, LogConflict, LogRecord, LogSummaryOf, MergeLogOf } from '@shared/logfile-types';
import { checksumPart, laidContent, sealWithChecksum } from './content';
import { workbookT, logfileLabels, wordFor, type LogfileLabels, type WordKind } from './logfile-labels';
import { plainRecordId } from './plain-text';
import { stageWorkbook, summarySheet, tableSheet, writeWorkbook, DATE_TIME_WIDTH, type Cell, type Column, type LaidSheet } from './sheets';
import { mergeSentence } from './summary-sentence';

/**
 * The merge logfile (.xlsx): Summary (a sentence, counts per category and action, then the
 * fields programs read), Records, Conflicts and Action required; print-ready (sheets.ts)
 * and sealed with a content checksum (content.ts). Its words (sheets, columns, fields, the
 * sentence, categories and actions) are in the language asked for; ids, values and the
 * fields' values are the same in every language. merge-logfile-reader.ts reads one back.
 */
export const LOGFILE_FORMAT = 'MergeDesk merge logfile v3';
/** v2: before the object names, English only; v1: before the summary sentence and the checksum. Both still read. */
export const EARLIER_LOGFILE_FORMATS = ['MergeDesk merge logfile v2', 'MergeDesk merge logfile v1'];
export type { LogRecord } from '@shared/logfile-types';
export type LogSummary = LogSummaryOf<Date>;
export type MergeLog = MergeLogOf<Date>;

/** The tables of a merge's logfile (records, conflicts, actions required), from its plan alone: they are known before it applies. */
export type MergeLogTables = Omit<MergeLog, 'summary'>;

/** The logfile content of a merge result (also for refused or aborted merges), its objects named from `names`. */
export function logFromResult(r: MergeResult, names: ObjectNames = {}): MergeLog {
  return { summary: logSummaryOf(r), ...logTablesOf(r.plan, names) };
}

/** The Summary's content of a merge result. */
export function logSummaryOf(r: MergeResult): LogSummary {
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
  };
}

/** The tables of a plan's logfile (none without a plan), record ids in plain words. */
export function logTablesOf(p: MergePlan | null, names: ObjectNames = {}): MergeLogTables {
  const nameOf = (x: { objectType: string; objectId: unknown }) => objectNameOf(names, x.objectType, x.objectId) ?? null;
  return plainTables({
    records: (p?.records ?? []).map((x) => ({
      category: x.category,
      objectType: x.objectType,
      objectId: x.objectId,
      objectName: nameOf(x),
      sourceRecordId: x.sourceRecordId,
      targetRecordId: x.targetRecordId,
      action: x.action,
      statusBeforeSource: x.statusBefore.source,
      statusBeforeTarget: x.statusBefore.target,
      statusAfter: x.statusAfter,
      rule: x.rule,
      note: x.note ?? null,
    })),
    conflicts: (p?.conflicts ?? []).map((c) => ({ category: c.category, objectType: c.objectType, objectId: c.objectId, objectName: nameOf(c), description: c.description, resolution: c.resolution })),
    actionRequired: (p?.actionRequired ?? []).map((a) => ({ category: a.category, objectType: a.objectType, objectId: a.objectId, objectName: nameOf(a), recordId: a.recordId, description: a.description })),
  });
}

/**
 * Record ids in plain words (plans keep a composite key as JSON; a v1 logfile printed it so).
 * Also brings a v1 logfile's content to today's form, to compare it with the database.
 */
export function withPlainIds(log: MergeLog): MergeLog {
  return { ...log, ...plainTables(log) };
}

function plainTables(t: MergeLogTables): MergeLogTables {
  return {
    records: t.records.map((x) => ({ ...x, objectId: plainRecordId(x.objectId), sourceRecordId: plainRecordId(x.sourceRecordId), targetRecordId: plainRecordId(x.targetRecordId) })),
    conflicts: t.conflicts.map((c) => ({ ...c, objectId: plainRecordId(c.objectId) })),
    actionRequired: t.actionRequired.map((a) => ({ ...a, objectId: plainRecordId(a.objectId), recordId: plainRecordId(a.recordId) })),
  };
}

/** A column: its label in the catalogue, the field it shows, and whether its values are keys shown as words. */
export interface Col<T> extends Omit<Column, 'header'> {
  label: keyof LogfileLabels['column'];
  key: keyof T & string;
  words?: WordKind;
  /** Not in logfiles of earlier versions. */
  sinceV3?: true;
}

const OBJECT_COLUMNS = [
  { label: 'category', key: 'category', width: 16, words: 'category' },
  { label: 'objectType', key: 'objectType', width: 14, words: 'objectType' },
  { label: 'objectId', key: 'objectId', width: 12 },
  { label: 'objectName', key: 'objectName', width: 30, wrap: true, sinceV3: true },
] as const;

export const RECORD_COLUMNS: Col<LogRecord>[] = [
  ...OBJECT_COLUMNS,
  { label: 'sourceRecordId', key: 'sourceRecordId', width: 18, wrap: true },
  { label: 'targetRecordId', key: 'targetRecordId', width: 18, wrap: true },
  { label: 'action', key: 'action', width: 16, wrap: true, words: 'action' },
  { label: 'statusBeforeSource', key: 'statusBeforeSource', width: DATE_TIME_WIDTH, wrap: true },
  { label: 'statusBeforeTarget', key: 'statusBeforeTarget', width: DATE_TIME_WIDTH, wrap: true },
  { label: 'statusAfter', key: 'statusAfter', width: DATE_TIME_WIDTH, wrap: true },
  { label: 'rule', key: 'rule', width: 44, wrap: true },
  { label: 'note', key: 'note', width: 30, wrap: true },
];
export const CONFLICT_COLUMNS: Col<LogConflict>[] = [
  ...OBJECT_COLUMNS,
  { label: 'conflict', key: 'description', width: 60, wrap: true },
  { label: 'resolution', key: 'resolution', width: 70, wrap: true },
];
export const ACTION_COLUMNS: Col<LogActionRequired>[] = [
  ...OBJECT_COLUMNS,
  { label: 'recordId', key: 'recordId', width: 16, wrap: true },
  { label: 'actionRequired', key: 'description', width: 100, wrap: true },
];

/** The columns a logfile of `format` has, with their headers in `language`. */
export function columnsOf<T>(cols: Col<T>[], language: Language, format = LOGFILE_FORMAT): (Col<T> & Column)[] {
  const words = logfileLabels(language);
  return cols.filter((c) => format === LOGFILE_FORMAT || !c.sinceV3).map((c) => ({ ...c, header: words.column[c.label] }));
}

export type SummaryValue = string | number | boolean | Date | null;
type FieldName = Exclude<keyof LogfileLabels['field'], 'settingPrefix' | 'countPrefix' | 'checksum'>;

/** The Summary's fields in order, each with the value it holds. */
export const SUMMARY_FIELDS: [FieldName, (s: LogSummary) => SummaryValue][] = [
  ['format', () => LOGFILE_FORMAT],
  ['run', (s) => s.runId],
  ['outcome', (s) => s.outcome],
  ['reason', (s) => s.reason],
  ['dryRun', (s) => s.dryRun],
  ['sourceUid', (s) => s.sourceUid],
  ['sourceName', (s) => s.sourceName],
  ['targetUid', (s) => s.targetUid],
  ['targetName', (s) => s.targetName],
  ['operator', (s) => s.operator],
  ['startedAt', (s) => s.startedAt],
  ['finishedAt', (s) => s.finishedAt],
  ['planHash', (s) => s.planHash],
  ['sourceAccount', (s) => s.sourceAccount],
];

function summaryFields(s: LogSummary, words: LogfileLabels): [string, SummaryValue][] {
  const rows: [string, SummaryValue][] = SUMMARY_FIELDS.map(([name, value]) => [words.field[name], value(s)]);
  // Setting and count keys are what programs filter on: the same in every language.
  for (const [k, v] of Object.entries(s.settings)) rows.push([`${words.field.settingPrefix}${k}`, v]);
  for (const [c, byAction] of Object.entries(s.counts)) for (const [a, n] of Object.entries(byAction)) rows.push([`${words.field.countPrefix}${c} / ${a}`, n]);
  rows.push([words.field.checksum, null]);
  return rows;
}

function tableRows<T>(cols: Col<T>[], rows: readonly T[], language: Language): Cell[][] {
  return rows.map((r) =>
    cols.map((c) => {
      const v = ((r as Record<string, unknown>)[c.key] ?? null) as Cell;
      return c.words && typeof v === 'string' ? wordFor(c.words, v, language) : v;
    }),
  );
}

/** The logfile's sheets as rows in `language`, sealed with their checksum. */
export function mergeLogSheets(log: MergeLog, language: Language = 'en'): LaidSheet[] {
  const sheets = [mergeSummarySheet(log.summary, log, language), ...mergeTableSheets(log, language)];
  sealWithChecksum(sheets);
  return sheets;
}

/** The Summary sheet (its checksum still to be sealed); `tables` for the numbers of conflicts and actions in its sentence. */
function mergeSummarySheet(summary: LogSummary, tables: MergeLogTables, language: Language): LaidSheet {
  const words = logfileLabels(language);
  const counts = Object.entries(summary.counts).flatMap(([c, byAction]) => Object.entries(byAction).map(([a, n]): Cell[] => [wordFor('category', c, language), wordFor('action', a, language), n]));
  return summarySheet({
    sentence: mergeSentence(summary, tables.conflicts.length, tables.actionRequired.length, language),
    blocks: [{ columns: [words.summary.category, words.summary.action, words.summary.records], rows: counts }],
    fields: summaryFields(summary, words),
    widths: [34, 70, 10],
    language,
  });
}

function mergeTableSheets(tables: MergeLogTables, language: Language): LaidSheet[] {
  const words = logfileLabels(language);
  const table = <T>(name: string, cols: Col<T>[], rows: readonly T[]) => tableSheet(name, columnsOf(cols, language), tableRows(cols, rows, language));
  return [table(words.sheet.records, RECORD_COLUMNS, tables.records), table(words.sheet.conflicts, CONFLICT_COLUMNS, tables.conflicts), table(words.sheet.actionRequired, ACTION_COLUMNS, tables.actionRequired)];
}

/** The name in the footer of every printed page. */
export function mergeLogTitle(s: LogSummary, language: Language = 'en'): string {
  return workbookT(language)(s.dryRun ? 'logfile:title.mergeDryRun' : 'logfile:title.merge', { run: s.runId, source: s.sourceUid, target: s.targetUid });
}

/** Writes the logfile in `language` (the folder must exist), streaming its rows to the file. */
export async function writeMergeLogfile(file: string, log: MergeLog, language: Language = 'en'): Promise<void> {
  await writeWorkbook(file, mergeLogTitle(log.summary, language), mergeLogSheets(log, language), log.summary.startedAt, language);
}

/** A merge logfile whose Summary is written once the merge has ended; see stageMergeLogfile. */
export interface StagedMergeLogfile {
  /** Writes the logfile with the merge's final Summary (same run, same plan as staged). */
  finish(file: string, summary: LogSummary): Promise<void>;
}

/**
 * Lays out and renders a merge logfile's tables now, from the plan, while the merge applies it;
 * `finish` adds the Summary and writes the file. `provisional` is the Summary as far as it is
 * known before the merge ends: its run, accounts, start and dry-run flag name the file's pages.
 * The file is the same as writeMergeLogfile's with the final content.
 */
export function stageMergeLogfile(tables: MergeLogTables, provisional: LogSummary, language: Language = 'en'): StagedMergeLogfile {
  const sheets = mergeTableSheets(tables, language);
  const parts = sheets.map((s) => checksumPart(laidContent([s])[0]!));
  const shape = mergeSummarySheet(provisional, tables, language);
  const staged = stageWorkbook(mergeLogTitle(provisional, language), shape, sheets, provisional.startedAt, language);
  return {
    async finish(file, summary) {
      if (summary.runId !== provisional.runId || summary.planHash !== provisional.planHash) throw new Error(`The logfile staged for run ${provisional.runId} is not this run's (${summary.runId}).`);
      const first = mergeSummarySheet(summary, tables, language);
      sealWithChecksum([first, ...sheets], [undefined, ...parts]);
      await staged.finish(file, first);
    },
  };
}
