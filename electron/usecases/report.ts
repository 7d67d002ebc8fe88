import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Language } from '@shared/i18n/languages';
import type { LmsMapping } from '../db/mapping';
import { buildEngagementReport, type EngagementReport, type ReportOptions } from '../engine/report/engagement-report';
import type { RunRecord } from '../engine/runs/ledger';
import { OperationalError, UserInputError } from '../errors';
import { runLogfileIndex, undoLogfilePath } from '../ipc/logfile-locations';
import { writeReportWorkbook } from '../workbooks/engagement-report-workbook';
import { describeFileProblem } from './file-problem';

/** Where each run's logfile is on this computer: the app's and batches' folders, listed once. */
export function localLogfiles(): (run: RunRecord) => string | null {
  const index = runLogfileIndex();
  return (run) => {
    if (run.kind === 'undo') {
      const file = undoLogfilePath(run.id);
      return fs.existsSync(file) ? file : null;
    }
    return index.get(run.id) ?? null;
  };
}

/**
 * The engagement report use case the CLI and the app call: assembles the report for the
 * period and writes the workbook. `database` is the connection's description (no secrets).
 */
export async function engagementReportUseCase(
  db: Knex,
  m: LmsMapping,
  opts: Omit<ReportOptions, 'logfileOf'> & { out: string; database: string; /** The workbook's language (default English). */ language?: Language },
): Promise<EngagementReport> {
  if (!/\.xlsx$/i.test(opts.out)) throw new UserInputError(`The report "${opts.out}" must end in .xlsx.`, 'Give a file name like report.xlsx.', 'USAGE');
  if (opts.from && opts.to && opts.from > opts.to) {
    throw new UserInputError('The period ends before it starts.', 'Give a start date (--from) on or before the end date (--to).', 'USAGE');
  }
  const report = await buildEngagementReport(db, m, { ...opts, logfileOf: localLogfiles() });
  try {
    await writeReportWorkbook(opts.out, report, opts.database, opts.language ?? 'en');
  } catch (err) {
    throw new OperationalError(`The report could not be written to ${opts.out}: ${describeFileProblem(err)}.`, 'Choose a folder you can write to, and close the file if it is open in Excel.', 'FILE_WRITE_FAILED');
  }
  return report;
}
