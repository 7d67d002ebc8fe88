import path from 'node:path';

/*
 * The worklist as data and its checks. Reading it from a .csv or .xlsx file (and writing
 * one) is in electron/workbooks/worklist-file.ts: engine folders do no file I/O.
 */

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

export const worklistProblem = (row: number | null, code: WorklistProblemCode, message: string): WorklistProblem => ({ row, code, message: row === null ? message : `Row ${row}: ${message}` });

/** Turns a header and data rows (cells as text) into worklist rows, collecting every problem. */
export function worklistFromTable(file: string | null, header: string[], data: { row: number; cells: string[] }[]): Worklist {
  const problems: WorklistProblem[] = [];
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (n === '') return;
    if (!(WORKLIST_COLUMNS as readonly string[]).includes(n)) problems.push(worklistProblem(1, 'UNKNOWN_COLUMN', `unknown column "${header[i]!.trim()}" (columns: ${WORKLIST_COLUMNS.join(', ')}).`));
    else if (index.has(n)) problems.push(worklistProblem(1, 'DUPLICATE_COLUMN', `the column "${n}" appears twice.`));
    else index.set(n, i);
  });
  for (const c of REQUIRED) if (!index.has(c)) problems.push(worklistProblem(1, 'MISSING_COLUMN', `the required column "${c}" is missing (found: ${names.filter(Boolean).join(', ') || 'none'}).`));
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
      if (!FALSE.has(v)) problems.push(worklistProblem(d.row, 'BAD_FLAG', `${c} is "${cell(d.cells, c)}"; use yes or no (or leave it empty for no).`));
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
    for (const c of REQUIRED) if (r[c] === '') problems.push(worklistProblem(d.row, 'MISSING_UID', `${c} is empty.`));
    rows.push(r);
  }
  if (rows.length === 0 && problems.length === 0) problems.push(worklistProblem(null, 'EMPTY', `${file ? path.basename(file) : 'The worklist'} has no pairs (only a header row).`));
  return { file, rows, problems };
}
