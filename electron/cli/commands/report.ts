import type { Command } from 'commander';
import { runsVisibleTo } from '../../engine/runs/visibility';
import { describeConnection } from '../../db/connection-url';
import { UserInputError } from '../../errors';
import { parseReportDate } from '../../engine/report/report-dates';
import { engagementReportUseCase } from '../../usecases/report';
import { withDatabase, type DbOptions } from '../context';
import { EXIT } from '../exit-codes';
import { signInOperator } from '../operator';
import type { Output } from '../output';

interface ReportOptions extends DbOptions {
  as?: string;
  from?: string;
  to?: string;
  out?: string;
}

export function registerReport(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Write the engagement report for a period: Summary (scans, merges by outcome, per cause and org unit), Runs and Remaining pairs, as one .xlsx')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--from <date>', 'first day of the period, YYYY-MM-DD (UTC; default: since the first run or scan)')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (UTC; default: up to now)')
    .option('--out <file.xlsx>', 'where to write the report workbook (required)')
    .option('--as <login>', 'only runs on accounts this LMS administrator may view (password from MERGEDESK_PASSWORD or a prompt)')
    .option('--json', 'machine-readable output: the report\'s figures, runs and remaining pairs')
    .action(async (opts: ReportOptions) => {
      if (!opts.out) throw new UserInputError('No report file given.', 'Pass --out FILE.xlsx.', 'USAGE');
      const from = opts.from !== undefined ? parseReportDate(opts.from, 'from') : undefined;
      const to = opts.to !== undefined ? parseReportDate(opts.to, 'to') : undefined;
      const file = opts.out;
      await withDatabase(opts, out, async (db, mapping, connection) => {
        const visible = opts.as ? await runsVisibleTo(db, mapping, (await signInOperator(db, mapping, opts.as)).id) : undefined;
        const r = await engagementReportUseCase(db, mapping, { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(visible ? { visible } : {}), out: file, database: describeConnection(connection), language: out.language });
        out.data({ out: file, ...r });
        const o = r.outcomes;
        out.line(out.t('report.written', { file }));
        out.line(out.t('report.scans', { scans: r.scans, first: r.firstScan?.pairs ?? '–', latest: r.latestScan?.pairs ?? '–' }));
        out.line(out.t('report.outcomes', { ...o, freed: r.activeAccountsFreed, remaining: r.remaining.length }));
        setExit(EXIT.ok);
      });
    });
}
