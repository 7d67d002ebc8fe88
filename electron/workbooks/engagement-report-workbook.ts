import fs from 'node:fs';
import { printSetup } from './sheets';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { causeLabel } from '@shared/causes';
import { LANGUAGES, type Language } from '@shared/i18n/languages';
import { logfileLabels, type LogfileLabels } from './logfile-labels';
import type { BreakdownRow, EngagementReport, ScanHeadline } from '../engine/report/engagement-report';
import { UserInputError } from '../errors';
import { readXlsxWorkbook, XlsxRefusedError } from '../files/xlsx-guard';

/**
 * The engagement report workbook (.xlsx): Summary, Runs and Remaining sheets, written with
 * the merge logfile's conventions (frozen bold header, autofilter, readable widths, real
 * Excel dates, identifiers as text cells). Kept in its own file so it can move with the
 * other workbook writers. `readReportWorkbook` reads it back as plain sheets (viewer, tests).
 */
export const REPORT_FORMAT = 'MergeDesk engagement report v1';
type Labels = LogfileLabels['report'];

type Value = string | number | boolean | Date | null;
type Host = ExcelJS.stream.xlsx.WorkbookWriter;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

interface Col {
  header: string;
  width: number;
  text?: boolean;
}

function header(ws: ExcelJS.Worksheet, cols: Col[]): void {
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
}

function addRow(ws: ExcelJS.Worksheet, values: (Value | ExcelJS.CellHyperlinkValue)[], bold = false): void {
  const row = ws.addRow(values);
  values.forEach((v, i) => {
    if (v instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
  });
  if (bold) row.font = { bold: true };
  row.commit();
}

function scanRows(L: Labels, which: 'first' | 'latest', s: ScanHeadline | null): [string, Value][] {
  const S = L.summary;
  const label = which === 'first' ? { at: S.firstScanAt, by: S.firstScanBy, t: S.firstScanThreshold, n: S.firstScanPairs } : { at: S.latestScanAt, by: S.latestScanBy, t: S.latestScanThreshold, n: S.latestScanPairs };
  if (!s) return [[label.at, L.values.noScan]];
  return [
    [label.at, s.at],
    [label.by, s.by],
    [label.t, s.minScore],
    [label.n, s.pairs],
  ];
}

/** An org unit without a name: "(unknown org unit)" or "Org unit 12". */
const orgUnitWords = (L: Labels, id: string | number | null) => (id === null ? L.values.noOrgUnit : L.values.orgUnit.replace('{{id}}', String(id)));

function summarySheet(wb: Host, L: Labels, r: EngagementReport, database: string, language: Language): void {
  const S = L.summary;
  const B = L.breakdown;
  const ws = wb.addWorksheet(L.sheet.summary, { views: [{ state: 'frozen', ySplit: 1 }], ...printSetup(L.title, false, 1, language) });
  header(ws, [
    { header: S.field, width: 48 },
    { header: S.value, width: 34 },
    { header: '', width: 22 },
    { header: '', width: 14 },
    { header: '', width: 22 },
  ]);
  const limited = [r.firstScan, r.latestScan].some((s) => s && (s.pairLimit !== null || s.scopedToOperator));
  const rows: [string, Value][] = [
    [S.format, REPORT_FORMAT],
    [S.generatedAt, r.generatedAt],
    [S.database, database],
    [S.periodFrom, r.period.from],
    [S.periodTo, r.period.to],
    [S.scans, r.scans],
    ...scanRows(L, 'first', r.firstScan),
    ...scanRows(L, 'latest', r.latestScan),
    ...(limited ? ([[S.limitedScan, S.limitedScanText]] as [string, Value][]) : []),
    [S.merged, r.outcomes.merged],
    [S.aborted, r.outcomes.aborted],
    [S.refused, r.outcomes.refused],
    [S.failed, r.outcomes.failed],
    [S.undone, r.outcomes.undone],
    [S.interrupted, r.outcomes.interrupted],
    [S.running, r.outcomes.running],
    [S.dryRuns, r.dryRuns],
    [S.undoRuns, r.undoRuns],
    [S.activeFreed, r.activeAccountsFreed],
  ];
  for (const [k, v] of rows) addRow(ws, [k, v]);
  const block = (title: string, items: BreakdownRow[], unnamed: (key: BreakdownRow['key']) => string) => {
    addRow(ws, []);
    addRow(ws, [title, B.firstScan, B.latestScan, B.merged, B.activeFreed], true);
    for (const b of items) addRow(ws, [b.name ?? unnamed(b.key), b.firstScan, b.latestScan, b.merged, b.activeFreed]);
  };
  block(S.byCause, r.byCause, () => L.values.notFromScan);
  block(S.byOrgUnit, r.byOrgUnit, (key) => orgUnitWords(L, key));
  ws.commit();
}

function runsSheet(wb: Host, L: Labels, r: EngagementReport, language: Language): void {
  const R = L.runs;
  const yesNo = (b: boolean) => (b ? L.values.yes : L.values.no);
  const ws = wb.addWorksheet(L.sheet.runs, { views: [{ state: 'frozen', ySplit: 1 }], ...printSetup(L.title, false, 1, language) });
  header(ws, [
    { header: R.run, width: 8 }, { header: R.kind, width: 8 }, { header: R.undoOf, width: 12 }, { header: R.operator, width: 18, text: true },
    { header: R.startedAt, width: 20 }, { header: R.finishedAt, width: 20 }, { header: R.outcome, width: 12 }, { header: R.dryRun, width: 8 },
    { header: R.source, width: 22, text: true }, { header: R.target, width: 22, text: true }, { header: R.cause, width: 40 },
    { header: R.records, width: 14 }, { header: R.conflicts, width: 10 }, { header: R.reason, width: 60 }, { header: R.logfile, width: 60 },
  ]);
  for (const x of r.runs) {
    const logfile: Value | ExcelJS.CellHyperlinkValue = x.logfile ? { text: x.logfile, hyperlink: pathToFileURL(x.logfile).href } : null;
    addRow(ws, [
      x.id, x.kind === 'undo' ? L.values.undo : L.values.merge, x.undoOf, x.operator, x.startedAt, x.finishedAt,
      x.outcome === 'running' ? L.values.running : x.outcome, yesNo(x.dryRun), x.source, x.target,
      x.cause ? causeLabel(x.cause) : x.kind === 'merge' ? L.values.notFromScan : null, x.records, x.conflicts, x.reason, logfile,
    ]);
  }
  ws.commit();
}

function remainingSheet(wb: Host, L: Labels, r: EngagementReport, language: Language): void {
  const M = L.remaining;
  const ws = wb.addWorksheet(L.sheet.remaining, { views: [{ state: 'frozen', ySplit: 1 }], ...printSetup(L.title, false, 1, language) });
  header(ws, [
    { header: M.a, width: 22, text: true }, { header: M.b, width: 22, text: true }, { header: M.score, width: 8 }, { header: M.cause, width: 44 },
    { header: M.keep, width: 22, text: true }, { header: M.remove, width: 22, text: true }, { header: M.orgUnit, width: 36 },
  ]);
  for (const p of r.remaining) addRow(ws, [p.a, p.b, p.score, causeLabel(p.cause), p.keep, p.remove, p.orgUnit ?? orgUnitWords(L, p.orgUnitId)]);
  ws.commit();
}

/** Writes the report workbook in `language` (the folder must exist); rows stream to the file. */
export async function writeReportWorkbook(file: string, report: EngagementReport, database: string, language: Language = 'en'): Promise<void> {
  const L = logfileLabels(language).report;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  wb.creator = 'MergeDesk';
  wb.created = report.generatedAt;
  summarySheet(wb, L, report, database, language);
  runsSheet(wb, L, report, language);
  remainingSheet(wb, L, report, language);
  await wb.commit();
}

/** A sheet as read back: its header row and its rows of plain values (a hyperlink as its text). */
export interface ReadSheet {
  name: string;
  header: string[];
  rows: Value[][];
}

function plain(v: ExcelJS.CellValue): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'result' in v) return (v.result as Value) ?? null;
  return String(v);
}

/** The labels of the language an engagement report is written in (its Summary names the report format); null for any other workbook. */
export function reportWorkbookLabels(wb: ExcelJS.Workbook): Labels | null {
  for (const language of LANGUAGES) {
    const L = logfileLabels(language).report;
    const ws = wb.getWorksheet(L.sheet.summary);
    if (plain(ws?.getRow(2).getCell(1).value ?? null) === L.summary.format && plain(ws?.getRow(2).getCell(2).value ?? null) === REPORT_FORMAT) return L;
  }
  return null;
}

/** True when the workbook is an engagement report, in any language. */
export const isReportWorkbook = (wb: ExcelJS.Workbook): boolean => reportWorkbookLabels(wb) !== null;

/** Reads a report workbook back into its three sheets, refusing any other file with the reason. */
export async function readReportWorkbook(file: string): Promise<ReadSheet[]> {
  if (!fs.existsSync(file)) throw new UserInputError(`The report ${file} does not exist.`, 'Check the path.', 'LOGFILE_MISSING');
  let wb: ExcelJS.Workbook;
  try {
    wb = await readXlsxWorkbook(file);
  } catch (err) {
    if (err instanceof XlsxRefusedError && err.code === 'XLSX_TOO_LARGE') throw err;
    throw new UserInputError(`${file} is not an Excel (.xlsx) file.`, 'Open a report written by MergeDesk (mergedesk report … --out FILE.xlsx).', 'LOGFILE_INVALID');
  }
  const L = reportWorkbookLabels(wb);
  if (!L) throw new UserInputError(`${file} is not a MergeDesk engagement report.`, 'Open a report written by MergeDesk (mergedesk report … --out FILE.xlsx).', 'LOGFILE_INVALID');
  return [L.sheet.summary, L.sheet.runs, L.sheet.remaining].map((name) => {
    const ws = wb.getWorksheet(name);
    if (!ws) throw new UserInputError(`${file} has no "${name}" sheet.`, 'Write the report again with MergeDesk.', 'LOGFILE_INVALID');
    const width = Math.max(ws.getRow(1).cellCount, ws.columnCount);
    const read = (r: number) => Array.from({ length: width }, (_, i) => plain(ws.getRow(r).getCell(i + 1).value));
    const rows: Value[][] = [];
    for (let r = 2; r <= ws.rowCount; r++) rows.push(read(r));
    return { name, header: read(1).map((h) => String(h ?? '')), rows };
  });
}
