/**
 * A workbook's content as a reviewer sees it — sheet by sheet, row by row, the values of the
 * cells — and its checksum. The checksum covers values, not bytes or styles, so a logfile a
 * spreadsheet application opened and saved again unchanged still verifies, while any edited,
 * added or deleted value does not.
 */
import crypto from 'node:crypto';
import type ExcelJS from 'exceljs';
import { CHECKSUM_FIELDS, SUMMARY_SHEETS } from './logfile-labels';
import type { Cell, LaidSheet } from './sheets';


/** A cell value as read from any workbook (rich text, links and formulas as their text/result). */
export function readCell(v: ExcelJS.CellValue): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v && v.result !== undefined) return (v.result as string | number | boolean | Date | null) ?? null;
  // LibreOffice saves a boolean cell as the formula TRUE() or FALSE(), without a cached result.
  if (typeof v === 'object' && 'formula' in v && typeof v.formula === 'string') {
    const b = /^(TRUE|FALSE)(\(\))?$/i.exec(v.formula.trim());
    if (b) return b[1]!.toUpperCase() === 'TRUE';
  }
  return String(v);
}

/** A comparable value: what survives a save by Excel or LibreOffice unchanged. */
export type Plain = string | number | null;

/**
 * Normalised so a re-save does not count as a change: times to the second (a serial day
 * number holds them to microseconds), numbers to 12 digits, booleans as 1/0 (LibreOffice may
 * store TRUE as a number), an empty text as an empty cell.
 */
export function plain(v: Cell | ExcelJS.CellValue): Plain {
  const r = v !== null && typeof v === 'object' && !(v instanceof Date) ? readCell(v as ExcelJS.CellValue) : (v as string | number | boolean | Date | null | undefined);
  if (r === null || r === undefined || r === '') return null;
  if (r instanceof Date) return Number.isNaN(r.getTime()) ? null : `${r.toISOString().slice(0, 19).replace('T', ' ')}`;
  if (typeof r === 'boolean') return r ? 1 : 0;
  if (typeof r === 'number') return Number(r.toPrecision(12));
  return String(r);
}

export interface SheetContent {
  name: string;
  /** Non-empty rows, each with its row number in the sheet. */
  rows: { row: number; cells: Plain[] }[];
}

const trimRow = (cells: Plain[]): Plain[] => {
  let n = cells.length;
  while (n > 0 && cells[n - 1] === null) n--;
  return cells.slice(0, n);
};

/** The content of sheets about to be written. */
export function laidContent(sheets: LaidSheet[]): SheetContent[] {
  return sheets.map((s) => ({
    name: s.name,
    rows: s.rows.map((r, i) => ({ row: i + 1, cells: trimRow(r.cells.map(plain)) })).filter((r) => r.cells.length > 0),
  }));
}

/** The content of a workbook read from a file. */
export function workbookContent(wb: ExcelJS.Workbook): SheetContent[] {
  return wb.worksheets.map((ws) => {
    const rows: SheetContent['rows'] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Plain[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        // A merged range repeats its first cell's value in every cell; only the first counts.
        cells.push(cell.isMerged && cell.master !== cell ? null : plain(cell.value));
      }
      const t = trimRow(cells);
      if (t.length > 0) rows.push({ row: r, cells: t });
    }
    return { name: ws.name, rows };
  });
}

/** The checksum row, in whichever language the logfile is written: its label is left out of what the checksum covers, so is its value. */
export const isChecksumRow = (cells: readonly (Plain | Cell)[]) => typeof cells[0] === 'string' && CHECKSUM_FIELDS.has(cells[0]);

/**
 * What the checksum hashes of one sheet: its name, then its rows' values in order (the checksum
 * row left out). A sheet laid out early gives its part early (a logfile's record sheets are
 * laid out while the merge runs); the checksum is the same as hashing everything at the end.
 */
export function checksumPart(s: SheetContent): string {
  const parts = [JSON.stringify(['sheet', s.name])];
  for (const r of s.rows) if (!isChecksumRow(r.cells)) parts.push(`\n${JSON.stringify(r.cells)}`);
  parts.push('\n');
  return parts.join('');
}

/** sha256 over every sheet's name and rows (their values, in order), without the checksum row itself. */
export function contentChecksum(content: SheetContent[], parts: (string | undefined)[] = []): string {
  const h = crypto.createHash('sha256');
  content.forEach((s, i) => h.update(parts[i] ?? checksumPart(s)));
  return `sha256:${h.digest('hex')}`;
}

/** The checksum a workbook's Summary says it had when written (null when it has none). */
export function statedChecksum(content: SheetContent[]): string | null {
  const summary = content.find((s) => SUMMARY_SHEETS.has(s.name));
  const row = summary?.rows.find((r) => isChecksumRow(r.cells));
  return row && typeof row.cells[1] === 'string' ? row.cells[1] : null;
}

/**
 * Fills in the Summary's checksum field of sheets about to be written (the field must be there).
 * `parts`: the checksum parts of sheets already laid out (checksumPart), by position.
 */
export function sealWithChecksum(sheets: LaidSheet[], parts: (string | undefined)[] = []): void {
  const sum = contentChecksum(laidContent(sheets.map((s, i) => (parts[i] === undefined ? s : { ...s, rows: [] }))), parts);
  const row = sheets.find((s) => SUMMARY_SHEETS.has(s.name))?.rows.find((r) => isChecksumRow(r.cells));
  if (!row) throw new Error('The Summary sheet has no content checksum field.');
  row.cells[1] = sum;
}
