import { z } from 'zod';
import { channel } from './define';
import { MAX_LOGFILE_BYTES } from './admin-channels';

/** The engagement report from History: the period as YYYY-MM-DD days (UTC), both optional. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as YYYY-MM-DD.');

export interface ReportSavedView {
  /** Where it was saved; null when the save dialog was cancelled. */
  savedTo: string | null;
  scans: number;
  merged: number;
  remaining: number;
}

/** A report workbook as the viewer shows it: each sheet's header and rows (dates as ISO text). */
export interface ReportWorkbookView {
  name: string;
  sheets: { name: string; header: string[]; rows: (string | number | boolean | null)[][] }[];
}

export const reportChannels = {
  /** Reads an engagement report workbook for the offline viewer (no database needed). */
  readReportWorkbook: channel(
    z
      .object({
        name: z.string().trim().min(1, 'The file name is missing.').max(260),
        base64: z.string().max(Math.ceil(MAX_LOGFILE_BYTES / 3) * 4, 'The file is larger than 100 MB.'),
      })
      .strict(),
  ).returns<ReportWorkbookView>(),
  /** Asks for a file in the main process's save dialog and writes the engagement report there. */
  saveEngagementReport: channel(z.object({ from: day.optional(), to: day.optional() }).strict()).returns<ReportSavedView>(),
};
