import type { Knex } from 'knex';
import type { Migration } from './index';

/**
 * The run ledger (electron/engine/runs/ledger.ts): who runs a run, so a run whose process is
 * gone is recognised at once, and what a run did, so its logfile can be made again from the
 * database alone.
 */
export const runLedger: Migration = {
  name: '002_run_ledger',
  up: (db: Knex) => [
    db.schema.alterTable('md_merge_runs', (tb) => {
      // The owner: the computer and process that runs it, and until when it is known to be alive.
      tb.string('owner_host', 255).nullable();
      tb.integer('owner_pid').nullable();
      tb.datetime('lease_until', { useTz: false }).nullable();
    }),
    // One row per run that got as far as a plan: the plan (merge) or the restore report (undo)
    // as JSON, written inside the run's own transaction when it commits. Text is nvarchar(max)
    // on SQL Server, so large plans fit.
    db.schema.createTable('md_merge_run_details', (tb) => {
      tb.integer('run_id').notNullable().primary().references('id').inTable('md_merge_runs');
      tb.string('kind', 16).notNullable();
      tb.text('details_json').notNullable();
    }),
  ],
};
