/**
 * Verifying a logfile: against its own content checksum (was it edited since MergeDesk wrote
 * it?), and against the database (is it the logfile the run record makes?). Both compare cell
 * values (content.ts), so a file saved again unchanged by a spreadsheet application passes.
 */
import type ExcelJS from 'exceljs';
import { UserInputError } from '../errors';
import type { Language } from '@shared/i18n/languages';
import { contentChecksum, isChecksumRow, readCell, statedChecksum, workbookContent, type Plain, type SheetContent } from './content';
import { SUMMARY_SHEETS } from './logfile-labels';
import { logfileSummary, openLogfileWorkbook } from './merge-logfile-reader';

export interface LogfileIdentity {
  kind: 'merge' | 'undo';
  run: number;
  format: string;
  /** The language of its words; the database's logfile is made in the same language to compare. */
  language: Language;
}

/** The file is not a logfile MergeDesk wrote (exit 3 in the CLI). */
export class NotALogfileError extends UserInputError {
  constructor(file: string, why: string) {
    super(`${file} is not a MergeDesk logfile: ${why}.`, 'Give a merge or undo logfile written by MergeDesk (its first sheet is "Summary").', 'NOT_A_LOGFILE');
  }
}

/** What the Summary says the file is. */
function identify(file: string, wb: ExcelJS.Workbook): LogfileIdentity {
  if (!wb.worksheets.some((w) => SUMMARY_SHEETS.has(w.name))) throw new NotALogfileError(file, 'it has no sheet "Summary"');
  const merge = logfileSummary(wb, (w) => w.field.format);
  const undo = logfileSummary(wb, (w) => w.undo.format);
  const mergeFormat = merge?.fields.get(merge.words.field.format);
  const undoFormat = undo?.fields.get(undo.words.undo.format);
  const kind = typeof mergeFormat === 'string' && mergeFormat.startsWith('MergeDesk merge logfile') ? 'merge' : typeof undoFormat === 'string' && undoFormat.startsWith('MergeDesk undo logfile') ? 'undo' : null;
  if (!kind) throw new NotALogfileError(file, 'its Summary does not name a MergeDesk logfile format');
  const summary = kind === 'merge' ? merge! : undo!;
  const run = Number(readCell(summary.fields.get(kind === 'merge' ? summary.words.field.run : summary.words.undo.undoRun) ?? null));
  if (!Number.isInteger(run) || run < 0) throw new NotALogfileError(file, 'its Summary has no run number');
  return { kind, run, format: String(kind === 'merge' ? mergeFormat : undoFormat), language: summary.language };
}

export interface OpenedLogfile extends LogfileIdentity {
  content: SheetContent[];
}

/** Reads a logfile's identity and content; a file that is not one is refused with NotALogfileError. */
export async function openLogfileContent(file: string): Promise<OpenedLogfile> {
  const wb = await openLogfileWorkbook(file, (why) => new NotALogfileError(file, why));
  return { ...identify(file, wb), content: workbookContent(wb) };
}

export interface ChecksumVerdict {
  /** unchanged: the content is as written; changed: it is not; missing: the file has no checksum (written before checksums). */
  verdict: 'unchanged' | 'changed' | 'missing';
  stated: string | null;
  actual: string;
}

export function checkChecksum(content: SheetContent[]): ChecksumVerdict {
  const stated = statedChecksum(content);
  const actual = contentChecksum(content);
  return { verdict: stated === null ? 'missing' : stated === actual ? 'unchanged' : 'changed', stated, actual };
}

export interface Difference {
  sheet: string;
  /** changed: a cell differs; missing: a row the database has is not in the file; extra: a row only the file has. */
  kind: 'changed' | 'missing' | 'extra' | 'sheet missing' | 'sheet extra';
  /** Row number in the file (for missing rows: in the logfile made from the database). */
  row: number | null;
  /** The column's header (or, in the Summary, the field's name). */
  field: string | null;
  file: Plain;
  database: Plain;
}

type Row = SheetContent['rows'][number];
const key = (r: Row) => JSON.stringify(r.cells);
const text = (r: Row) => r.cells.map((c) => (c === null ? '' : String(c))).join(' | ');
/** Beyond this many cells in the LCS table, rows are paired by position instead. */
const MAX_ALIGN = 4_000_000;

/** Pairs rows of two versions of a sheet: equal rows by their longest common subsequence. */
function align(a: Row[], b: Row[]): [Row | null, Row | null][] {
  let pre = 0;
  while (pre < a.length && pre < b.length && key(a[pre]!) === key(b[pre]!)) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && key(a[a.length - 1 - suf]!) === key(b[b.length - 1 - suf]!)) suf++;
  const ma = a.slice(pre, a.length - suf);
  const mb = b.slice(pre, b.length - suf);
  const out: [Row | null, Row | null][] = a.slice(0, pre).map((r, i) => [r, b[i]!]);
  const n = ma.length;
  const m = mb.length;
  const ops: [Row | null, Row | null][] = [];
  if (n * m > MAX_ALIGN) {
    for (let i = 0; i < Math.max(n, m); i++) ops.push([ma[i] ?? null, mb[i] ?? null]);
  } else {
    const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = key(ma[i]!) === key(mb[j]!) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    // Unmatched rows between two matches are paired up (a changed row), the rest stand alone.
    let i = 0;
    let j = 0;
    const onlyA: Row[] = [];
    const onlyB: Row[] = [];
    const flush = () => {
      for (let k = 0; k < Math.max(onlyA.length, onlyB.length); k++) ops.push([onlyA[k] ?? null, onlyB[k] ?? null]);
      onlyA.length = 0;
      onlyB.length = 0;
    };
    while (i < n || j < m) {
      if (i < n && j < m && key(ma[i]!) === key(mb[j]!)) {
        flush();
        ops.push([ma[i++]!, mb[j++]!]);
      } else if (j >= m || (i < n && L[i + 1]![j]! >= L[i]![j + 1]!)) onlyA.push(ma[i++]!);
      else onlyB.push(mb[j++]!);
    }
    flush();
  }
  return [...out, ...ops, ...a.slice(a.length - suf).map((r, k): [Row, Row] => [r, b[b.length - suf + k]!])];
}

/** Every difference between a logfile's content and the content the database makes (checksum rows aside). */
export function compareContent(file: SheetContent[], database: SheetContent[]): Difference[] {
  const out: Difference[] = [];
  const strip = (s: SheetContent) => s.rows.filter((r) => !isChecksumRow(r.cells));
  for (const d of database) {
    const f = file.find((s) => s.name === d.name);
    if (!f) {
      out.push({ sheet: d.name, kind: 'sheet missing', row: null, field: null, file: null, database: null });
      continue;
    }
    const header = SUMMARY_SHEETS.has(d.name) ? null : (d.rows[0]?.cells ?? []);
    const field = (r: Row, c: number): string => (header ? String(header[c] ?? `column ${c + 1}`) : c === 0 ? 'Field' : c === 1 ? String(r.cells[0] ?? '') : `${String(r.cells[0] ?? '')} / ${String(r.cells[1] ?? '')}`);
    for (const [fr, dr] of align(strip(f), strip(d))) {
      if (fr && dr) {
        for (let c = 0; c < Math.max(fr.cells.length, dr.cells.length); c++) {
          const a = fr.cells[c] ?? null;
          const b = dr.cells[c] ?? null;
          if (a !== b) out.push({ sheet: d.name, kind: 'changed', row: fr.row, field: field(dr, c), file: a, database: b });
        }
      } else if (fr) out.push({ sheet: d.name, kind: 'extra', row: fr.row, field: null, file: text(fr), database: null });
      else if (dr) out.push({ sheet: d.name, kind: 'missing', row: dr.row, field: null, file: null, database: text(dr) });
    }
  }
  for (const f of file) if (!database.some((d) => d.name === f.name)) out.push({ sheet: f.name, kind: 'sheet extra', row: null, field: null, file: null, database: null });
  return out;
}

/** One difference in words, for the CLI and the viewer. */
export function describeDifference(d: Difference): string {
  const show = (v: Plain) => (v === null ? '(empty)' : `"${String(v)}"`);
  if (d.kind === 'sheet missing') return `Sheet "${d.sheet}" is missing from the file.`;
  if (d.kind === 'sheet extra') return `Sheet "${d.sheet}" is in the file but not in the logfile the database makes.`;
  if (d.kind === 'missing') return `${d.sheet}, row ${d.row} of the logfile made from the database is missing from the file: ${show(d.database)}.`;
  if (d.kind === 'extra') return `${d.sheet}, row ${d.row} is only in the file: ${show(d.file)}.`;
  return `${d.sheet}, row ${d.row}, ${d.field}: the file has ${show(d.file)}, the database makes ${show(d.database)}.`;
}
