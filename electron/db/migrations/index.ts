import type { Knex } from 'knex';
import { toolTables } from './001_tool_tables';
import { runLedger } from './002_run_ledger';
import { scanSummaries } from './003_scan_summaries';

/**
 * A versioned change to the tool tables. `up` returns its statements unexecuted so the
 * same code can be compiled for SQL Server in tests without a server.
 */
export interface Migration {
  name: string;
  up: (db: Knex) => (Knex.SchemaBuilder | Knex.QueryBuilder)[];
}

/** Every migration, oldest first. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [toolTables, runLedger, scanSummaries];

export const MIGRATIONS_TABLE = 'md_schema_migrations';
