import type { Command } from 'commander';
import { describeConnection } from '../../db/connection-url';
import { runDoctor } from '../../db/doctor';
import { EXIT } from '../exit-codes';
import { withDatabase, type DbOptions } from '../context';
import type { Output } from '../output';

export function registerDoctor(program: Command, out: Output, setExit: (code: number) => void): void {
  program
    .command('doctor')
    .description('Check the connection, every mapped table and column, and the tool-table version')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--json', 'machine-readable output')
    .action(async (opts: DbOptions) => {
      await withDatabase(opts, out, async (db, mapping, connection) => {
        const report = await runDoctor(db, mapping);
        out.data({ database: describeConnection(connection), ...report });
        const t = out.t;
        out.line(t('doctor.database', { database: describeConnection(connection) }));
        out.line(t('doctor.server', { server: report.server, dialect: report.dialect }));
        out.line(t('doctor.mapping', { mapping: mapping.isReference() ? t('doctor.referenceNames') : opts.mapping }));
        out.line();
        const tables = report.checks.filter((c) => c.id.startsWith('table:') && c.ok).length;
        out.line(t('doctor.tables', { found: tables, total: report.checks.filter((c) => c.id.startsWith('table:')).length }));
        for (const c of report.checks.filter((x) => !x.id.startsWith('table:') || !x.ok)) {
          out.line(c.ok ? `✔ ${c.label}` : `✖ ${c.problem}\n    ${t('doctor.fix', { fix: c.fix })}`);
        }
        out.line();
        out.line(report.ok ? t('doctor.noProblems') : t('doctor.problems', { count: report.problems.length }));
        if (!report.ok) setExit(EXIT.failed);
      }, { checkSchema: false });
    });
}
