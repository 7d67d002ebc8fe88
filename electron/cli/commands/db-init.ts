import type { Command } from 'commander';
import { describeConnection } from '../../db/connection-url';
import { createReferenceSchema } from '../../db/reference-schema';
import { migrateToolTables } from '../../db/tool-schema';
import { withDatabase, type DbOptions } from '../context';
import type { Output } from '../output';

export function registerDbInit(program: Command, out: Output): void {
  const db = program.command('db').description('Database set-up');
  db.command('init')
    .description('Create or upgrade the MergeDesk tool tables (md_*); idempotent')
    .option('--db <url>', 'database URL (default: $MERGEDESK_DB, then the demo database)')
    .option('--mapping <file>', 'JSON mapping file for renamed LMS tables and columns')
    .option('--reference', 'also create the empty LMS reference schema (demos and tests only)')
    .option('--json', 'machine-readable output')
    .action(async (opts: DbOptions & { reference?: boolean }) => {
      await withDatabase(
        opts,
        out,
        async (knex, mapping, connection) => {
          const tool = await migrateToolTables(knex);
          const reference = opts.reference ? await createReferenceSchema(knex, mapping) : { created: [] };
          out.data({ database: describeConnection(connection), toolTablesVersion: tool.version, migrationsApplied: tool.applied, referenceTablesCreated: reference.created });
          const t = out.t;
          out.line(t('dbInit.database', { database: describeConnection(connection) }));
          out.line(tool.applied.length ? t('dbInit.upgraded', { migrations: tool.applied.join(', ') }) : t('dbInit.current', { version: tool.version }));
          if (opts.reference) {
            out.line(reference.created.length ? t('dbInit.referenceCreated', { count: reference.created.length }) : t('dbInit.referencePresent'));
          }
        },
        { createDemoIfMissing: false, createFile: true, checkSchema: false },
      );
    });
}
