import type { Knex } from 'knex';
import { ENROLMENT_STATUSES } from '@shared/enrolment-statuses';
import { dialectOf, serverVersion, type Dialect } from './dialect';
import { LMS_TABLE_NAMES, tableSpec } from './lms-tables';
import type { LmsMapping } from './mapping';
import { UserInputError } from '../errors';
import { appliedMigrations, latestMigrationName } from './tool-schema';
import { MIGRATIONS } from './migrations/index';

export interface DoctorCheck {
  /** Stable id, e.g. `table:users`, `column:users.uid`, `tool-tables`. */
  id: string;
  ok: boolean;
  label: string;
  problem?: string;
  fix?: string;
}

export interface DoctorReport {
  dialect: Dialect;
  server: string;
  ok: boolean;
  toolTables: { applied: string[] | null; latest: string };
  checks: DoctorCheck[];
  problems: DoctorCheck[];
}

const renameHint = (what: string) => `or name the right one in the mapping file (${what})`;

/**
 * Checks a connected database against the effective mapping and the tool-table version.
 * Reads only; every problem comes with its fix.
 */
export async function runDoctor(db: Knex, m: LmsMapping): Promise<DoctorReport> {
  const dialect = dialectOf(db);
  const server = await serverVersion(db);
  const checks: DoctorCheck[] = [];

  for (const t of LMS_TABLE_NAMES) {
    const physical = m.table(t);
    const mapped = physical === t ? '' : ` (mapped to "${physical}")`;
    if (!(await db.schema.hasTable(physical))) {
      checks.push({
        id: `table:${t}`,
        ok: false,
        label: `Table ${t}${mapped}`,
        problem: `Table ${t}${mapped} is missing.`,
        fix: `Check that this is the LMS database, ${renameHint(`"tables": {"${t}": {"name": "..."}}`)}.`,
      });
      continue;
    }
    const present = new Set(Object.keys(await db(physical).columnInfo()).map((c) => c.toLowerCase()));
    const missing = Object.keys(tableSpec(t).columns).filter((c) => !present.has(m.col(t, c as never).toLowerCase()));
    checks.push({ id: `table:${t}`, ok: true, label: `Table ${t}${mapped}` });
    for (const c of missing) {
      const pc = m.col(t, c as never);
      const cm = pc === c ? '' : ` (mapped to "${pc}")`;
      checks.push({
        id: `column:${t}.${c}`,
        ok: false,
        label: `Column ${t}.${c}${cm}`,
        problem: `Column ${t}.${c}${cm} is missing from table "${physical}".`,
        fix: `Map it to the table's real column name (${`"tables": {"${t}": {"columns": {"${c}": "..."}}`}).`,
      });
    }
  }

  if (checks.find((c) => c.id === 'table:enrolment_statuses')?.ok && !checks.some((c) => c.id.startsWith('column:enrolment_statuses'))) {
    checks.push(await checkStatusCodes(db, m));
  }

  const applied = await appliedMigrations(db);
  const latest = latestMigrationName();
  checks.push(toolTableCheck(applied, latest));

  const problems = checks.filter((c) => !c.ok);
  return { dialect, server, ok: problems.length === 0, toolTables: { applied, latest }, checks, problems };
}

async function checkStatusCodes(db: Knex, m: LmsMapping): Promise<DoctorCheck> {
  const rows = await db(m.table('enrolment_statuses')).select({ id: m.col('enrolment_statuses', 'id') });
  const present = new Set(rows.map((r: { id: number | string }) => String(m.logicalValue('enrolments', 'status_id', r.id))));
  const missing = ENROLMENT_STATUSES.filter((s) => !present.has(String(s.id)));
  return missing.length === 0
    ? { id: 'enrolment-statuses', ok: true, label: 'Enrolment status codes (13)' }
    : {
        id: 'enrolment-statuses',
        ok: false,
        label: 'Enrolment status codes (13)',
        problem: `Enrolment status codes missing: ${missing.map((s) => `${s.id} ${s.name}`).join(', ')}.`,
        fix: 'Map the LMS\'s codes in the mapping file ("tables": {"enrolments": {"values": {"status_id": {"11": ...}}}}).',
      };
}

function toolTableCheck(applied: string[] | null, latest: string): DoctorCheck {
  const label = 'MergeDesk tool tables (md_*)';
  if (applied === null || applied.length === 0) {
    return { id: 'tool-tables', ok: false, label, problem: 'The MergeDesk tool tables have not been created in this database.', fix: 'Run "mergedesk db init --db <URL>" once.' };
  }
  const known = new Set(MIGRATIONS.map((x) => x.name));
  const unknown = applied.filter((a) => !known.has(a));
  if (unknown.length > 0) {
    return { id: 'tool-tables', ok: false, label, problem: `The tool tables are newer than this MergeDesk (${unknown.join(', ')}).`, fix: 'Update MergeDesk to the version that created them.' };
  }
  if (!applied.includes(latest)) {
    return { id: 'tool-tables', ok: false, label, problem: `The tool tables are at version ${applied.at(-1)}, this MergeDesk needs ${latest}.`, fix: 'Run "mergedesk db init --db <URL>" to upgrade them.' };
  }
  return { id: 'tool-tables', ok: true, label: `${label}, version ${latest}` };
}


/**
 * Refuses to work on a database that does not match the mapping (or lacks the tool
 * tables) before anything is read or written, with doctor's findings in the message.
 */
export async function assertDatabaseReady(db: Knex, m: LmsMapping): Promise<void> {
  const report = await runDoctor(db, m);
  if (report.ok) return;
  const shown = report.problems.slice(0, 5).map((p) => p.problem);
  const more = report.problems.length > shown.length ? ` …and ${report.problems.length - shown.length} more.` : '';
  const onlyToolTables = report.problems.every((p) => p.id === 'tool-tables');
  throw new UserInputError(
    `The database does not match what MergeDesk needs: ${shown.join(' ')}${more}`,
    onlyToolTables ? report.problems[0]!.fix! : 'Run "mergedesk doctor" for every problem and its fix (a mapping file for renamed tables or columns, or "mergedesk db init").',
    'SCHEMA_MISMATCH',
  );
}
