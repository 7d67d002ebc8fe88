import type { Knex } from 'knex';
import { ENROLMENT_STATUSES } from '@shared/enrolment-statuses';
import { dialectOf, serverVersion, type Dialect } from './dialect';
import { LMS_TABLE_NAMES, tableSpec } from './lms-tables';
import type { LmsMapping } from './mapping';
import { UserInputError } from '../errors';
import { appliedMigrations, latestMigrationName } from './tool-schema';
import { MIGRATIONS } from './migrations/index';
import { doctorCheckTexts, type DoctorCheckKey, type DoctorParams, type DoctorTranslator } from '@shared/doctor-texts';
import { translatorFor } from '@shared/i18n/translator';

export interface DoctorCheck {
  /** Stable id, e.g. `table:users`, `column:users.uid`, `tool-tables`. */
  id: string;
  ok: boolean;
  /** What was found, as a catalogue key and its parameters (the renderer words it in the admin's language). */
  key: DoctorCheckKey;
  params: DoctorParams;
  /** The same in English, for the CLI and its JSON. */
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

// The English words of a check; its keys carry their namespace, so the default-namespace translator serves.
const english = () => translatorFor('en') as unknown as DoctorTranslator;

function check(id: string, ok: boolean, key: DoctorCheckKey, params: DoctorParams = {}): DoctorCheck {
  return { id, ok, key, params, ...doctorCheckTexts(english(), { key, params }) };
}

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
    const mapped: DoctorParams = physical === t ? {} : { physicalTable: physical };
    if (!(await db.schema.hasTable(physical))) {
      checks.push(check(`table:${t}`, false, 'tableMissing', { table: t, ...mapped }));
      continue;
    }
    const present = new Set(Object.keys(await db(physical).columnInfo()).map((c) => c.toLowerCase()));
    const missing = Object.keys(tableSpec(t).columns).filter((c) => !present.has(m.col(t, c as never).toLowerCase()));
    checks.push(check(`table:${t}`, true, 'tableFound', { table: t, ...mapped }));
    for (const c of missing) {
      const pc = m.col(t, c as never);
      checks.push(check(`column:${t}.${c}`, false, 'columnMissing', { table: t, column: c, physicalTable: physical, ...(pc === c ? {} : { physicalColumn: pc }) }));
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
  const total = ENROLMENT_STATUSES.length;
  return missing.length === 0
    ? check('enrolment-statuses', true, 'statusesFound', { total })
    : check('enrolment-statuses', false, 'statusesMissing', { total, missing: missing.map((s) => s.id).join(',') });
}

function toolTableCheck(applied: string[] | null, latest: string): DoctorCheck {
  if (applied === null || applied.length === 0) return check('tool-tables', false, 'toolTablesMissing');
  const known = new Set(MIGRATIONS.map((x) => x.name));
  const unknown = applied.filter((a) => !known.has(a));
  if (unknown.length > 0) return check('tool-tables', false, 'toolTablesNewer', { unknown: unknown.join(', ') });
  if (!applied.includes(latest)) return check('tool-tables', false, 'toolTablesOutdated', { version: applied.at(-1)!, latest });
  return check('tool-tables', true, 'toolTablesCurrent', { latest });
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
