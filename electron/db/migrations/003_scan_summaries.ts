import type { Knex } from 'knex';
import type { Migration } from './index';

/**
 * One small row per completed scan (electron/engine/scans/scan-summaries.ts), so an
 * engagement report can say how many duplicates the first scan of a period found and which
 * pairs the latest one left open, from data rather than a guess.
 */
export const scanSummaries: Migration = {
  name: '003_scan_summaries',
  up: (db: Knex) => [
    db.schema.createTable('md_scan_summaries', (tb) => {
      tb.increments('id');
      tb.datetime('scanned_at', { useTz: false }).notNullable();
      // The LMS administrator the scan was limited to (--as, the app's sign-in), if any, and
      // the computer account that ran it: "by whom" either way.
      tb.string('operator_login', 255).nullable();
      tb.string('os_user', 255).notNullable();
      tb.float('min_score').notNullable();
      // Set when the scan was cut to the N best pairs: its pairs are then not all there were.
      tb.integer('pair_limit').nullable();
      tb.integer('users_scanned').notNullable();
      tb.integer('pair_count').notNullable();
      // {"cause": pairs} and the open pairs [{a, b, score, cause, keep, orgUnitId}] as JSON
      // (nvarchar(max) on SQL Server): about 100 bytes a pair.
      tb.text('per_cause_json').notNullable();
      tb.text('pairs_json').notNullable();
      tb.index(['scanned_at']);
    }),
  ],
};
