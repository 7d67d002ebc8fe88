import type { Knex } from 'knex';
import type { Migration } from './index';

/** The tool's own tables (docs/lms-schema.md, "Tool tables"), with the default person-merge settings. */
export const toolTables: Migration = {
  name: '001_tool_tables',
  up: (db: Knex) => [
    db.schema.createTable('md_merge_settings', (tb) => {
      tb.integer('id').notNullable().primary();
      tb.boolean('merge_person_attributes').notNullable().defaultTo(true);
      tb.boolean('abort_on_conflict').notNullable().defaultTo(true);
      tb.boolean('ignore_custom_rules').notNullable().defaultTo(true);
      tb.boolean('merge_group_assignments').notNullable().defaultTo(false);
      tb.string('source_disposition', 16).notNullable().defaultTo('delete');
      tb.string('updated_by', 255).nullable();
      tb.datetime('updated_at', { useTz: false }).nullable();
    }),
    db('md_merge_settings').insert({ id: 1 }),
    db.schema.createTable('md_portfolio_rules', (tb) => {
      tb.increments('id');
      tb.integer('target_status_id').notNullable();
      tb.integer('source_status_id').notNullable();
      tb.integer('result_status_id').notNullable();
      tb.string('dates_merge_type', 16).notNullable();
      tb.unique(['target_status_id', 'source_status_id']);
    }),
    db.schema.createTable('md_job_profile_rules', (tb) => {
      tb.increments('id');
      tb.string('target_status', 16).notNullable();
      tb.string('source_status', 16).notNullable();
      tb.string('result_status', 16).notNullable();
      tb.unique(['target_status', 'source_status']);
    }),
    db.schema.createTable('md_merge_runs', (tb) => {
      tb.increments('id');
      tb.string('source_uid', 64).notNullable().index();
      tb.string('target_uid', 64).notNullable().index();
      tb.string('operator_login', 255).notNullable();
      tb.boolean('dry_run').notNullable().defaultTo(false);
      tb.datetime('started_at', { useTz: false }).notNullable();
      tb.datetime('finished_at', { useTz: false }).nullable();
      // NULL while the merge is running: lets a second merge on the same account be refused.
      tb.string('outcome', 16).nullable();
      tb.text('settings_json').notNullable();
      tb.text('summary_json').nullable();
      tb.string('plan_hash', 64).nullable();
    }),
    db.schema.createTable('md_merge_journal', (tb) => {
      tb.increments('id');
      tb.integer('run_id').notNullable().references('id').inTable('md_merge_runs');
      tb.integer('seq').notNullable();
      tb.string('table_name', 128).notNullable();
      tb.string('op', 8).notNullable();
      tb.text('row_key').notNullable();
      tb.text('before_json').nullable();
      tb.text('after_json').nullable();
      tb.index(['run_id', 'seq']);
    }),
    db.schema.createTable('md_pair_decisions', (tb) => {
      tb.increments('id');
      tb.string('uid_a', 64).notNullable();
      tb.string('uid_b', 64).notNullable();
      tb.string('decision', 16).notNullable();
      tb.string('decided_by', 255).notNullable();
      tb.datetime('decided_at', { useTz: false }).notNullable();
      tb.text('note').nullable();
      tb.unique(['uid_a', 'uid_b']);
    }),
  ],
};
