import { z } from 'zod';
import { channel } from './define';

/** The engagement report from History: the period as YYYY-MM-DD days (UTC), both optional. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as YYYY-MM-DD.');

export interface ReportSavedView {
  /** Where it was saved; null when the save dialog was cancelled. */
  savedTo: string | null;
  scans: number;
  merged: number;
  remaining: number;
}

export const reportChannels = {
  /** Asks for a file in the main process's save dialog and writes the engagement report there. */
  saveEngagementReport: channel(z.object({ from: day.optional(), to: day.optional() }).strict()).returns<ReportSavedView>(),
};
