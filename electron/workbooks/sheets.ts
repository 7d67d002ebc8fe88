/**
 * The one way MergeDesk writes a workbook: every sheet is laid out as rows of plain cells
 * (so the same rows give the file and its content checksum), written by exceljs's streaming
 * writer with a handful of shared styles, and printable as a reviewer needs it — landscape,
 * one page wide, the header row repeated on every page, a footer with the file's name and
 * "Page n of m". The Summary sheet of a logfile prints on one page.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import * as fflate from 'fflate';
import type { Language } from '@shared/i18n/languages';
import { logfileLabels } from './logfile-labels';

/** A cell as MergeDesk writes it; a link shows `text` and opens `hyperlink` (relative paths work). */
export type Cell = string | number | boolean | Date | null | { text: string; hyperlink: string };

export interface Column {
  header: string;
  width: number;
  /** Long text: wrapped, so the sheet stays one page wide. */
  wrap?: boolean;
}

/** Wide enough for "2026-12-01 21:55:07" whole, in print too. */
export const DATE_TIME_WIDTH = 20;
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export type RowStyle = 'plain' | 'header' | 'title';
export interface LaidRow {
  cells: Cell[];
  style: RowStyle;
}

/** A sheet as rows, ready to write (and to checksum). */
export interface LaidSheet {
  name: string;
  widths: number[];
  wrap: boolean[];
  rows: LaidRow[];
  /** Row number of the header repeated on every printed page and frozen on screen (null: none). */
  headerRow: number | null;
  /** Print on one page (the Summary). */
  onePage: boolean;
}

/** A table: one header row, then one row per item. */
export function tableSheet(name: string, columns: readonly Column[], rows: Iterable<Cell[]>): LaidSheet {
  const laid: LaidRow[] = [{ cells: columns.map((c) => c.header), style: 'header' }];
  for (const cells of rows) laid.push({ cells, style: 'plain' });
  return { name, widths: columns.map((c) => c.width), wrap: columns.map((c) => c.wrap ?? false), rows: laid, headerRow: 1, onePage: false };
}

export interface SummaryBlock {
  columns: readonly string[];
  rows: Cell[][];
}

/**
 * A Summary sheet: an optional sentence for a person (row 1), small tables (e.g. counts per
 * category and action), and last the Field/Value rows that programs read back.
 */
export function summarySheet(opts: { sentence?: string; blocks?: SummaryBlock[]; fields: [string, Cell][]; widths?: number[]; language?: Language; name?: string }): LaidSheet {
  const words = logfileLabels(opts.language ?? 'en');
  const rows: LaidRow[] = [];
  const gap = () => rows.push({ cells: [], style: 'plain' });
  if (opts.sentence) {
    rows.push({ cells: [opts.sentence], style: 'title' });
    gap();
  }
  for (const b of opts.blocks ?? []) {
    if (b.rows.length === 0) continue;
    rows.push({ cells: [...b.columns], style: 'header' });
    for (const r of b.rows) rows.push({ cells: r, style: 'plain' });
    gap();
  }
  rows.push({ cells: [words.summary.field, words.summary.value], style: 'header' });
  for (const [k, v] of opts.fields) rows.push({ cells: [k, v], style: 'plain' });
  const widths = opts.widths ?? [34, 70, 10];
  return { name: opts.name ?? words.sheet.summary, widths, wrap: widths.map((_, i) => i === 1), rows, headerRow: null, onePage: true };
}

/** "&" starts a code in Excel's header/footer language; a literal one is doubled. */
const footerText = (s: string) => s.replace(/&/g, '&&');

/** Landscape, one page wide (and one page tall when asked), footer "name … Page n of m" in the workbook's language. */
export function printSetup(title: string, onePage: boolean, headerRow: number | null, language: Language = 'en'): Partial<ExcelJS.WorksheetProperties> & { pageSetup: Partial<ExcelJS.PageSetup>; headerFooter: Partial<ExcelJS.HeaderFooter> } {
  return {
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9, // A4; Letter users' printers scale it
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: onePage ? 1 : 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(headerRow ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
    },
    headerFooter: { oddFooter: `&L${footerText(title)}&R${logfileLabels(language).title.page}` },
  };
}

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * Shared style objects, one per kind of cell, assigned whole: exceljs recognises a style
 * object it has seen (a WeakMap) and reuses its id, instead of building and comparing the
 * style's XML for every cell, which was most of the cost of writing a sheet.
 */
const BOLD: Partial<ExcelJS.Font> = { bold: true };
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top', horizontal: 'left' };
/** Every cell at the top of its row, so a row's values line up beside wrapped text. */
const TOP: Partial<ExcelJS.Alignment> = { vertical: 'top' };
const STYLE = {
  plain: { alignment: TOP },
  wrap: { alignment: WRAP },
  header: { font: BOLD, alignment: TOP },
  title: { font: BOLD, alignment: WRAP },
  date: { numFmt: DATE_TIME_FORMAT, alignment: TOP },
  link: { font: { color: { argb: 'FF0563C1' }, underline: true }, alignment: TOP },
} satisfies Record<string, Partial<ExcelJS.Style>>;

/** Points per line of 11-point text. */
const LINE_HEIGHT = 15;

/** About how many lines a text takes in a column `width` characters wide (words are not split). */
function wrappedLines(text: string, width: number): number {
  const perLine = Math.max(1, Math.floor(width * 0.95));
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

function styleOf(v: Cell, rowStyle: RowStyle, wrap: boolean): Partial<ExcelJS.Style> {
  if (rowStyle === 'title') return STYLE.title;
  if (rowStyle === 'header') return STYLE.header;
  if (v instanceof Date) return STYLE.date;
  if (v !== null && typeof v === 'object') return STYLE.link;
  return wrap ? STYLE.wrap : STYLE.plain;
}

type SheetShape = Pick<LaidSheet, 'name' | 'onePage' | 'headerRow'>;

function openSheet(wb: Writer, title: string, s: SheetShape, language: Language): ExcelJS.Worksheet {
  const setup = printSetup(title, s.onePage, s.headerRow, language);
  return wb.addWorksheet(s.name, { ...setup, views: s.headerRow ? [{ state: 'frozen', ySplit: s.headerRow }] : [] } as Partial<ExcelJS.AddWorksheetOptions>);
}

function fillSheet(ws: ExcelJS.Worksheet, s: LaidSheet): void {
  ws.columns = s.widths.map((width) => ({ width }));
  if (s.headerRow) ws.autoFilter = { from: { row: s.headerRow, column: 1 }, to: { row: s.headerRow, column: s.widths.length } };
  const span = s.widths.length;
  s.rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    let lines = 1;
    r.cells.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      cell.value = v as ExcelJS.CellValue;
      cell.style = styleOf(v, r.style, s.wrap[c] ?? false);
      if (s.wrap[c] && typeof v === 'string') lines = Math.max(lines, wrappedLines(v, s.widths[c]!));
    });
    // Spreadsheet applications do not grow a row for wrapped text on opening; the row says how tall it is.
    if (lines > 1 && r.style === 'plain') row.height = LINE_HEIGHT * lines;
    if (r.style === 'title') {
      ws.mergeCells(i + 1, 1, i + 1, span);
      row.height = LINE_HEIGHT * wrappedLines(String(r.cells[0] ?? ''), s.widths.reduce((a, b) => a + b, 0));
    }
    row.commit();
  });
  ws.commit();
}

/**
 * Below this many cells a workbook is zipped in one go at the end (its parts stored by exceljs,
 * then each deflated at once): exceljs's zip hands every part to its own asynchronous deflate
 * stream, which for the dozen small parts of an ordinary logfile costs more than the deflating.
 * A larger workbook keeps the streams, which deflate its sheets in the thread pool while
 * the rows are still being written.
 */
const ZIP_AT_END_BELOW_CELLS = 20_000;

function startWriter(created: Date, cells: number): { wb: Writer; bytes: () => Buffer } {
  // Zipped into memory and written with one call: many small appends to a file stream left
  // the writer waiting on I/O for a third of its time (a logfile is a few hundred KiB at most).
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const atEnd = cells < ZIP_AT_END_BELOW_CELLS;
  const zip = atEnd ? { store: true } : { zlib: { level: 1 } };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false, zip } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  wb.creator = 'MergeDesk';
  wb.created = created;
  return { wb, bytes: () => (atEnd ? deflated(Buffer.concat(chunks)) : Buffer.concat(chunks)) };
}

/** A stored zip's parts deflated, each in one synchronous call (fflate writes the zip around them). */
function deflated(stored: Buffer): Buffer {
  const out: Uint8Array[] = [];
  const zip = new fflate.Zip((err, chunk) => {
    if (err) throw err;
    out.push(chunk);
  });
  for (const [filename, data] of Object.entries(fflate.unzipSync(stored))) {
    // Dated now, as exceljs's own zip dates its parts (a zip cannot hold dates before 1980; a run's start may be unknown, 1970).
    const part: fflate.ZipInputFile = { filename, size: data.length, crc: zlib.crc32(data), compression: 8 };
    zip.add(part);
    part.ondata!(null, zlib.deflateRawSync(data, { level: 1 }), true);
  }
  zip.end();
  return Buffer.concat(out);
}

const cellsOf = (sheets: LaidSheet[]) => sheets.reduce((n, s) => n + s.rows.length * s.widths.length, 0);

/**
 * Writes the sheets to `file` (the folder must exist), streaming row by row. `title` is
 * the name in every printed page's footer (the run, or the file's name); `language` the footer's.
 */
export async function writeWorkbook(file: string, title: string, sheets: LaidSheet[], created = new Date(), language: Language = 'en'): Promise<void> {
  const { wb, bytes } = startWriter(created, cellsOf(sheets));
  for (const s of sheets) fillSheet(openSheet(wb, title, s, language), s);
  await wb.commit();
  await fs.promises.writeFile(file, bytes());
}

/** A workbook whose first sheet is written last; see stageWorkbook. */
export interface StagedWorkbook {
  /** Writes the first sheet (its name and shape as staged) and the file. */
  finish(file: string, first: LaidSheet): Promise<void>;
}

/**
 * Lays out and renders every sheet but the first now, the first (a Summary that says how
 * something ended) when `finish` is called: a merge's record sheets are written while its
 * transaction runs. The file is the same as writeWorkbook's with all the sheets.
 */
export function stageWorkbook(title: string, first: SheetShape, rest: LaidSheet[], created: Date, language: Language = 'en'): StagedWorkbook {
  const { wb, bytes } = startWriter(created, cellsOf(rest));
  // exceljs zips a sheet's part from the moment the sheet is added, one part after the other:
  // the first sheet added now would hold the others' compression back until `finish`. So its
  // place (the first tab, sheet1.xml) is kept free in the writer's list and it is added then.
  const slots = (wb as unknown as { _worksheets?: unknown })._worksheets;
  const keepPlace = Array.isArray(slots) && slots.length === 0;
  if (keepPlace) slots[1] = { kept: 'for the first sheet' };
  let firstSheet = keepPlace ? null : openSheet(wb, title, first, language);
  for (const s of rest) fillSheet(openSheet(wb, title, s, language), s);
  return {
    async finish(file, sheet) {
      if (sheet.name !== first.name || sheet.onePage !== first.onePage || sheet.headerRow !== first.headerRow) throw new Error(`The first sheet is not the one staged (${sheet.name}, staged ${first.name}).`);
      if (!firstSheet) {
        (slots as unknown[])[1] = undefined;
        firstSheet = openSheet(wb, title, first, language);
        if (firstSheet.id !== 1) throw new Error(`The first sheet was added as sheet ${firstSheet.id}.`);
      }
      fillSheet(firstSheet, sheet);
      await wb.commit();
      await fs.promises.writeFile(file, bytes());
    },
  };
}
