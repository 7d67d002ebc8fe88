import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { UserInputError } from '../../errors';
import { csvLine, unguardCsvCell } from '../../files/csv-cells';
import { readXlsxWorkbook, XlsxRefusedError } from '../../files/xlsx-guard';

/** A worklist row as read from the file; `row` is its row number in the file (header = row 1). */
export interface WorklistRow {
  row: number;
  source_uid: string;
  target_uid: string;
  take_email: boolean;
  take_login: boolean;
  /** null (column absent or cell empty): the merge's default, see engine/merge/employee-id.ts. */
  take_employee_id?: boolean | null;
  note: string | null;
}

export type WorklistProblemCode =
  | 'FILE_UNREADABLE'
  | 'FILE_MALFORMED'
  | 'FILE_TOO_LARGE'
  | 'MISSING_COLUMN'
  | 'UNKNOWN_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'EMPTY'
  | 'MISSING_UID'
  | 'BAD_FLAG'
  | 'SAME_UID'
  | 'DUPLICATE_PAIR'
  | 'CONFLICTING_ROLES'
  | 'CHAIN_CYCLE'
  | 'TAKE_CONFLICT'
  | 'UNKNOWN_UID'
  | 'ACCOUNT_GONE'
  | 'ALREADY_MERGED'
  | 'NO_CLEARANCE';

/** One problem of a worklist; `row` is the file's row number (null for the whole file). */
export interface WorklistProblem {
  row: number | null;
  code: WorklistProblemCode;
  message: string;
}

export interface Worklist {
  /** Where it was read from (for messages); null when built in memory. */
  file: string | null;
  rows: WorklistRow[];
  /** Problems found while reading (columns, malformed file, bad cells). */
  problems: WorklistProblem[];
}

export const WORKLIST_COLUMNS = ['source_uid', 'target_uid', 'take_email', 'take_login', 'take_employee_id', 'note'] as const;
const REQUIRED = ['source_uid', 'target_uid'] as const;
const TRUE = new Set(['1', 'true', 'yes', 'y', 'x', 'ja', 'wahr']);
const FALSE = new Set(['', '0', 'false', 'no', 'n', 'nein', 'falsch']);

const at = (row: number | null, code: WorklistProblemCode, message: string): WorklistProblem => ({ row, code, message: row === null ? message : `Row ${row}: ${message}` });

/** Turns a header and data rows (cells as text) into worklist rows, collecting every problem. */
export function worklistFromTable(file: string | null, header: string[], data: { row: number; cells: string[] }[]): Worklist {
  const problems: WorklistProblem[] = [];
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (n === '') return;
    if (!(WORKLIST_COLUMNS as readonly string[]).includes(n)) problems.push(at(1, 'UNKNOWN_COLUMN', `unknown column "${header[i]!.trim()}" (columns: ${WORKLIST_COLUMNS.join(', ')}).`));
    else if (index.has(n)) problems.push(at(1, 'DUPLICATE_COLUMN', `the column "${n}" appears twice.`));
    else index.set(n, i);
  });
  for (const c of REQUIRED) if (!index.has(c)) problems.push(at(1, 'MISSING_COLUMN', `the required column "${c}" is missing (found: ${names.filter(Boolean).join(', ') || 'none'}).`));
  if (problems.some((p) => p.code === 'MISSING_COLUMN')) return { file, rows: [], problems };
  const rows: WorklistRow[] = [];
  const cell = (cells: string[], c: string) => {
    const i = index.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  for (const d of data) {
    if (d.cells.every((c) => c.trim() === '')) continue;
    const flag = (c: string): boolean => {
      const v = cell(d.cells, c).toLowerCase();
      if (TRUE.has(v)) return true;
      if (!FALSE.has(v)) problems.push(at(d.row, 'BAD_FLAG', `${c} is "${cell(d.cells, c)}"; use yes or no (or leave it empty for no).`));
      return false;
    };
    const r: WorklistRow = {
      row: d.row,
      source_uid: cell(d.cells, 'source_uid'),
      target_uid: cell(d.cells, 'target_uid'),
      take_email: flag('take_email'),
      take_login: flag('take_login'),
      take_employee_id: cell(d.cells, 'take_employee_id') === '' ? null : flag('take_employee_id'),
      note: cell(d.cells, 'note') || null,
    };
    for (const c of REQUIRED) if (r[c] === '') problems.push(at(d.row, 'MISSING_UID', `${c} is empty.`));
    rows.push(r);
  }
  if (rows.length === 0 && problems.length === 0) problems.push(at(null, 'EMPTY', `${file ? path.basename(file) : 'The worklist'} has no pairs (only a header row).`));
  return { file, rows, problems };
}

/** Parses CSV text (comma or semicolon separated, optional BOM); row numbers are file lines. */
export function parseWorklistCsv(text: string, file: string | null = null): Worklist {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { bom: true, delimiter, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { file, rows: [], problems: [at(e.lines ?? null, 'FILE_MALFORMED', `${file ? path.basename(file) : 'the worklist'} is not valid CSV: ${e.message}.`)] };
  }
  if (records.length === 0) return { file, rows: [], problems: [at(null, 'EMPTY', `${file ? path.basename(file) : 'The worklist'} is empty (no header row).`)] };
  const [head, ...rest] = records;
  return worklistFromTable(
    file,
    head!.record,
    rest.map((r) => ({ row: r.info.lines, cells: r.record.map(unguardCsvCell) })),
  );
}

/** A worklist as CSV, the form parseWorklistCsv reads back to the same UIDs and notes. */
export function worklistToCsv(pairs: { source: string; target: string; note?: string }[]): string {
  // take_employee_id left empty: each pair gets the default (on for an interface-maintained source).
  const row = (p: (typeof pairs)[number]): Record<(typeof WORKLIST_COLUMNS)[number], string> => ({ source_uid: p.source, target_uid: p.target, take_email: 'no', take_login: 'no', take_employee_id: '', note: p.note ?? '' });
  const lines = [csvLine(WORKLIST_COLUMNS), ...pairs.map((p) => csvLine(WORKLIST_COLUMNS.map((c) => row(p)[c])))];
  return `${lines.join('\r\n')}\r\n`;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
  return String(v);
}

/** Parses the first sheet of an XLSX workbook; row numbers are sheet rows. */
export async function parseWorklistXlsx(file: string): Promise<Worklist> {
  let wb: ExcelJS.Workbook;
  try {
    wb = await readXlsxWorkbook(file);
  } catch (err) {
    // A zip bomb or a file that is not a workbook at all, refused before parsing.
    if (err instanceof XlsxRefusedError && err.code === 'XLSX_TOO_LARGE') return { file, rows: [], problems: [at(null, 'FILE_TOO_LARGE', `${err.problem} ${err.fix}`)] };
    if (err instanceof XlsxRefusedError) return { file, rows: [], problems: [at(null, 'FILE_MALFORMED', `${path.basename(file)} is not a readable XLSX workbook (${err.reason}).`)] };
    return { file, rows: [], problems: [at(null, 'FILE_MALFORMED', `${path.basename(file)} is not a readable XLSX workbook (${(err as Error).message}).`)] };
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) return { file, rows: [], problems: [at(null, 'EMPTY', `${path.basename(file)} is empty (no header row).`)] };
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
    return { file, rows: [], problems: [at(null, 'FILE_UNREADABLE', `${file} cannot be read (${(err as Error).message}).`)] };
  }
  return parseWorklistCsv(text, file);
}
