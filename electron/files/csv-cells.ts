/**
 * CSV cells that a spreadsheet cannot run (OWASP "CSV injection"): a value that begins
 * with =, +, -, @, tab or carriage return would be read by Excel as a formula, so it is
 * written with a leading single quote and always quoted. The worklist reader strips that
 * one quote again, so MergeDesk reads its own exports back to the same values.
 */

/** What makes Excel, LibreOffice or Sheets treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A value already starting with quotes before such a character gets one more, so reading strips exactly one. */
const GUARDED = /^'+[=+\-@\t\r]/;

/** One CSV field: neutralised if it could start a formula, quoted if it needs quoting. */
export function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  const guarded = FORMULA_START.test(s) || GUARDED.test(s) ? `'${s}` : s;
  return guarded !== s || /[",\n\r;]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One CSV line of fields. */
export const csvLine = (values: readonly unknown[]): string => values.map(csvField).join(',');

/** Undoes csvField's guard on a cell read back from CSV. */
export function unguardCsvCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
