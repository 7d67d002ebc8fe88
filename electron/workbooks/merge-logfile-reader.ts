/**
 * Reading a merge logfile back into the structure it was written from (offline review, the
 * viewer, verification): written in any language MergeDesk speaks, or by an earlier version
 * (v2, v1: English, without object names). Words for categories, object types and actions
 * read back to their keys, so every language gives the same content.
 */
import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import type { Language } from '@shared/i18n/languages';
import { UserInputError } from '../errors';
import { readXlsxWorkbook, XlsxRefusedError } from '../files/xlsx-guard';
import { readCell } from './content';
import { keyFor, languagesOfSheets, logfileLabels, type LogfileLabels } from './logfile-labels';
import { ACTION_COLUMNS, columnsOf, CONFLICT_COLUMNS, EARLIER_LOGFILE_FORMATS, LOGFILE_FORMAT, RECORD_COLUMNS, type Col, type MergeLog, type SummaryValue } from './merge-logfile';

const FORMATS_READ = [LOGFILE_FORMAT, ...EARLIER_LOGFILE_FORMATS];

const cellValue = (v: ExcelJS.CellValue): SummaryValue => readCell(v);

function malformed(file: string, problem: string): UserInputError {
  return new UserInputError(`${file} is not a readable MergeDesk merge logfile: ${problem}.`, 'Open a logfile written by MergeDesk (mergedesk merge … --logfile FILE.xlsx).', 'LOGFILE_INVALID');
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

/** The Field/Value rows of a Summary sheet: below its "Field | Value" header in the logfile's language (row 1 in v1 files). */
export function summaryFieldMap(ws: ExcelJS.Worksheet, words: LogfileLabels = logfileLabels('en')): Map<string, SummaryValue> {
  const fields = new Map<string, SummaryValue>();
  let start = 0;
  for (let r = 1; r <= ws.rowCount && !start; r++) {
    if (cellValue(ws.getRow(r).getCell(1).value) === words.summary.field && cellValue(ws.getRow(r).getCell(2).value) === words.summary.value) start = r + 1;
  }
  for (let r = start || 2; r <= ws.rowCount; r++) {
    const k = cellValue(ws.getRow(r).getCell(1).value);
    if (typeof k === 'string') fields.set(k, cellValue(ws.getRow(r).getCell(2).value));
  }
  return fields;
}

export interface LogfileSummarySheet {
  language: Language;
  words: LogfileLabels;
  fields: Map<string, SummaryValue>;
}

/**
 * The Summary of a workbook and the language it is written in: the language whose Summary
 * sheet is there and whose Field/Value rows name `formatField` (a German sheet named like an
 * English one still tells by its fields). Null when no language fits.
 */
export function logfileSummary(wb: ExcelJS.Workbook, formatField: (words: LogfileLabels) => string): LogfileSummarySheet | null {
  for (const language of languagesOfSheets(wb.worksheets.map((w) => w.name))) {
    const words = logfileLabels(language);
    const fields = summaryFieldMap(wb.getWorksheet(words.sheet.summary)!, words);
    if (fields.has(formatField(words))) return { language, words, fields };
  }
  return null;
}

function readTable<T>(file: string, wb: ExcelJS.Workbook, name: string, cols: Col<T>[], language: Language, format: string): T[] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw malformed(file, `the sheet "${name}" is missing`);
  const columns = columnsOf(cols, language, format);
  const header = columns.map((_, i) => cellValue(ws.getRow(1).getCell(i + 1).value));
  const expected = columns.map((c) => c.header);
  if (JSON.stringify(header) !== JSON.stringify(expected)) throw malformed(file, `the sheet "${name}" has the columns ${JSON.stringify(header)} instead of ${JSON.stringify(expected)}`);
  const out: T[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const o: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = cellValue(row.getCell(i + 1).value);
      o[c.key] = c.words && typeof v === 'string' ? keyFor(c.words, v) : v;
    });
    if (columns.every((c) => o[c.key] === null)) continue;
    // Logfiles before v3 name no objects.
    for (const c of cols) if (!(c.key in o)) o[c.key] = null;
    out.push(o as T);
  }
  return out;
}

/** Reads a logfile back into the structure it was written from, whatever its language. */
export async function readMergeLogfile(file: string): Promise<MergeLog> {
  const wb = await openLogfileWorkbook(file, (why) => malformed(file, why));
  const summary = logfileSummary(wb, (w) => w.field.format);
  if (!summary) {
    if (languagesOfSheets(wb.worksheets.map((w) => w.name)).length === 0) throw malformed(file, 'the sheet "Summary" is missing');
    throw malformed(file, `its Summary sheet does not say "${LOGFILE_FORMAT}"`);
  }
  const { language, words, fields } = summary;
  const format = String(fields.get(words.field.format));
  if (!FORMATS_READ.includes(format)) throw malformed(file, `its Summary sheet does not say "${LOGFILE_FORMAT}"`);
  const str = (k: keyof LogfileLabels['field']): string | null => {
    const v = fields.get(words.field[k]);
    return v === null || v === undefined ? null : String(v);
  };
  const need = (k: keyof LogfileLabels['field']): string => {
    const v = str(k);
    if (v === null) throw malformed(file, `the Summary field "${words.field[k]}" is missing`);
    return v;
  };
  const date = (k: keyof LogfileLabels['field']): Date => {
    const v = fields.get(words.field[k]);
    if (!(v instanceof Date)) throw malformed(file, `the Summary field "${words.field[k]}" is not a date`);
    return v;
  };
  const settings: Record<string, string | boolean> = {};
  const counts: Record<string, Record<string, number>> = {};
  for (const [k, v] of fields) {
    if (k.startsWith(words.field.settingPrefix)) settings[k.slice(words.field.settingPrefix.length)] = typeof v === 'boolean' ? v : String(v ?? '');
    if (k.startsWith(words.field.countPrefix)) {
      const c = /^(.+) \/ (.+)$/.exec(k.slice(words.field.countPrefix.length));
      if (c) (counts[c[1]!] ??= {})[c[2]!] = Number(v);
    }
  }
  const runId = Number(need('run'));
  if (!Number.isInteger(runId)) throw malformed(file, `the Summary field "${words.field.run}" is not a run number`);
  return {
    summary: {
      runId,
      outcome: need('outcome'),
      reason: str('reason'),
      dryRun: fields.get(words.field.dryRun) === true,
      sourceUid: need('sourceUid'),
      sourceName: str('sourceName'),
      targetUid: need('targetUid'),
      targetName: str('targetName'),
      operator: need('operator'),
      startedAt: date('startedAt'),
      finishedAt: date('finishedAt'),
      planHash: str('planHash'),
      sourceAccount: str('sourceAccount'),
      settings,
      counts,
    },
    records: readTable(file, wb, words.sheet.records, RECORD_COLUMNS, language, format),
    conflicts: readTable(file, wb, words.sheet.conflicts, CONFLICT_COLUMNS, language, format),
    actionRequired: readTable(file, wb, words.sheet.actionRequired, ACTION_COLUMNS, language, format),
  };
}

/** The language a merge logfile is written in and its format (verification compares it in that language). */
export async function mergeLogfileLanguage(file: string): Promise<{ language: Language; format: string } | null> {
  const wb = await openLogfileWorkbook(file, (why) => malformed(file, why));
  const summary = logfileSummary(wb, (w) => w.field.format);
  return summary ? { language: summary.language, format: String(summary.fields.get(summary.words.field.format)) } : null;
}
