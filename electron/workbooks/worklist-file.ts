/** Reading a worklist from a .csv or .xlsx file, and writing one as CSV. */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { worklistFromTable, worklistProblem, WORKLIST_COLUMNS, type Worklist } from '../engine/batch/worklist';
import { UserInputError } from '../errors';
import { csvLine, unguardCsvCell } from '../files/csv-cells';
import { readXlsxWorkbook, XlsxRefusedError } from '../files/xlsx-guard';
import { readCell } from './content';
import type { Language } from '@shared/i18n/languages';
import { logfileLabels, workbookT } from './logfile-labels';
import { tableSheet, writeWorkbook } from './sheets';

/** Parses CSV text (comma or semicolon separated, optional BOM); row numbers are file lines. */
export function parseWorklistCsv(text: string, file: string | null = null): Worklist {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { bom: true, delimiter, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { file, rows: [], problems: [worklistProblem(e.lines ?? null, 'FILE_MALFORMED', `${file ? path.basename(file) : 'the worklist'} is not valid CSV: ${e.message}.`)] };
  }
  if (records.length === 0) return { file, rows: [], problems: [worklistProblem(null, 'EMPTY', `${file ? path.basename(file) : 'The worklist'} is empty (no header row).`)] };
  const [head, ...rest] = records;
  return worklistFromTable(
    file,
    head!.record,
    rest.map((r) => ({ row: r.info.lines, cells: r.record.map(unguardCsvCell) })),
  );
}

type ExportPair = { source: string; target: string; note?: string };

/** One exported row in WORKLIST_COLUMNS order; take_employee_id left empty, so each pair gets the default. */
function exportRow(p: ExportPair): (string | null)[] {
  const row: Record<(typeof WORKLIST_COLUMNS)[number], string | null> = { source_uid: p.source, target_uid: p.target, take_email: 'no', take_login: 'no', take_employee_id: null, note: p.note ?? null };
  return WORKLIST_COLUMNS.map((c) => row[c]);
}

/** A worklist as CSV, the form parseWorklistCsv reads back to the same UIDs and notes. */
export function worklistToCsv(pairs: ExportPair[]): string {
  const lines = [csvLine(WORKLIST_COLUMNS), ...pairs.map((p) => csvLine(exportRow(p).map((v) => v ?? '')))];
  return `${lines.join('\r\n')}\r\n`;
}

function cellText(v: ExcelJS.CellValue): string {
  const r = readCell(v);
  return r === null ? '' : r instanceof Date ? r.toISOString() : String(r);
}

/** Parses the first sheet of an XLSX workbook; row numbers are sheet rows. */
export async function parseWorklistXlsx(file: string): Promise<Worklist> {
  let wb: ExcelJS.Workbook;
  try {
    wb = await readXlsxWorkbook(file);
  } catch (err) {
    // A zip bomb or a file that is not a workbook at all, refused before parsing.
    if (err instanceof XlsxRefusedError && err.code === 'XLSX_TOO_LARGE') return { file, rows: [], problems: [worklistProblem(null, 'FILE_TOO_LARGE', `${err.problem} ${err.fix}`)] };
    if (err instanceof XlsxRefusedError) return { file, rows: [], problems: [worklistProblem(null, 'FILE_MALFORMED', `${path.basename(file)} is not a readable XLSX workbook (${err.reason}).`)] };
    return { file, rows: [], problems: [worklistProblem(null, 'FILE_MALFORMED', `${path.basename(file)} is not a readable XLSX workbook (${(err as Error).message}).`)] };
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) return { file, rows: [], problems: [worklistProblem(null, 'EMPTY', `${path.basename(file)} is empty (no header row).`)] };
  const width = Math.max(ws.columnCount, 1);
  const cells = (r: number) => Array.from({ length: width }, (_, i) => cellText(ws.getRow(r).getCell(i + 1).value));
  const data: { row: number; cells: string[] }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) data.push({ row: r, cells: cells(r) });
  return worklistFromTable(file, cells(1), data);
}

/** Reads a worklist file (.csv or .xlsx). Problems are collected, not thrown, so all can be shown at once. */
export async function readWorklist(file: string): Promise<Worklist> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    throw new UserInputError(`The worklist ${file} is neither .csv nor .xlsx.`, 'Give a CSV or XLSX file with the columns source_uid, target_uid (and optionally take_email, take_login, take_employee_id, note).', 'WORKLIST_INVALID');
  }
  if (!fs.existsSync(file)) throw new UserInputError(`The worklist ${file} does not exist.`, 'Check the path given with --worklist.', 'WORKLIST_MISSING');
  if (ext === '.xlsx') return parseWorklistXlsx(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { file, rows: [], problems: [worklistProblem(null, 'FILE_UNREADABLE', `${file} cannot be read (${(err as Error).message}).`)] };
  }
  return parseWorklistCsv(text, file);
}

/**
 * Saves a worklist: as a workbook when the name ends in .xlsx (print-ready, readable by
 * parseWorklistXlsx; its column names are the worklist's contract, the same in every language,
 * the sheet and footer in `language`), otherwise as CSV.
 */
export async function writeWorklistFile(file: string, pairs: { source: string; target: string; note?: string }[], language: Language = 'en'): Promise<void> {
  if (path.extname(file).toLowerCase() !== '.xlsx') {
    fs.writeFileSync(file, worklistToCsv(pairs), 'utf8');
    return;
  }
  const widths = [16, 16, 11, 11, 17, 50];
  const columns = WORKLIST_COLUMNS.map((header, i) => ({ header, width: widths[i]!, wrap: header === 'note' }));
  await writeWorkbook(file, workbookT(language)('logfile:worklist.title', { file: path.basename(file) }), [tableSheet(logfileLabels(language).worklist.sheet, columns, pairs.map(exportRow))], new Date(), language);
}
