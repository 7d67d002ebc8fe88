import type { TFunction } from 'i18next';
import { ENROLMENT_STATUSES, type EnrolmentStatusId } from './enrolment-statuses';

/**
 * What a doctor check found, as a stable key and its parameters: the main process words it
 * in English for the CLI's JSON, the renderer in the admin's language, both from the
 * `doctor` catalogue through `doctorCheckTexts`.
 */
export const DOCTOR_CHECK_KEYS = [
  'tableFound',
  'tableMissing',
  'columnMissing',
  'statusesFound',
  'statusesMissing',
  'toolTablesMissing',
  'toolTablesNewer',
  'toolTablesOutdated',
  'toolTablesCurrent',
] as const;
export type DoctorCheckKey = (typeof DOCTOR_CHECK_KEYS)[number];

/**
 * Parameters by name: `table`/`column` (logical names), `physicalTable`/`physicalColumn`
 * (the mapped names, only when they differ), `missing` (status ids, comma-separated),
 * `version`/`latest`/`unknown` (tool-table migrations).
 */
export type DoctorParams = Record<string, string | number>;

export interface DoctorCheckTexts {
  label: string;
  problem?: string;
  fix?: string;
}

type WithProblem = Extract<DoctorCheckKey, 'tableMissing' | 'columnMissing' | 'statusesMissing' | 'toolTablesMissing' | 'toolTablesNewer' | 'toolTablesOutdated'>;
const WITH_PROBLEM = new Set<DoctorCheckKey>(['tableMissing', 'columnMissing', 'statusesMissing', 'toolTablesMissing', 'toolTablesNewer', 'toolTablesOutdated']);

/** The mapping file's JSON a fix points to: machine syntax, the same in every language. */
function example(key: DoctorCheckKey, p: DoctorParams): string {
  if (key === 'tableMissing') return `"tables": {"${p.table}": {"name": "..."}}`;
  if (key === 'columnMissing') return `"tables": {"${p.table}": {"columns": {"${p.column}": "..."}}}`;
  return '"tables": {"enrolments": {"values": {"status_id": {"11": ...}}}}';
}

/** A translator that knows the doctor's and the category names' catalogues (`useTranslation(['doctor', 'categories'])`). */
export type DoctorTranslator = TFunction<['doctor', 'categories']>;

export function doctorCheckTexts(t: DoctorTranslator, check: { key: DoctorCheckKey; params: DoctorParams }): DoctorCheckTexts {
  const { key, params } = check;
  const mappedName = key === 'columnMissing' ? params.physicalColumn : key === 'tableFound' || key === 'tableMissing' ? params.physicalTable : undefined;
  const missing = String(params.missing ?? '')
    .split(',')
    .filter(Boolean)
    .map((id) => {
      const known = ENROLMENT_STATUSES.some((s) => String(s.id) === id);
      return known ? `${id} ${t(`categories:enrolmentStatus.${id as `${EnrolmentStatusId}`}`)}` : id;
    })
    .join(', ');
  const values = {
    ...params,
    physicalTable: params.physicalTable ?? params.table,
    mapped: mappedName === undefined ? '' : t('doctor:mappedTo', { name: String(mappedName) }),
    missing,
    example: example(key, params),
  };
  const label = t(`doctor:check.${key}.label`, values);
  if (!WITH_PROBLEM.has(key)) return { label };
  const k = key as WithProblem;
  return { label, problem: t(`doctor:check.${k}.problem`, values), fix: t(`doctor:check.${k}.fix`, values) };
}
