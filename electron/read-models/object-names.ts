import type { Knex } from 'knex';
import { objectNameKey, type ObjectNames } from '@shared/object-names';
import type { LmsTable } from '../db/lms-tables';
import type { LmsMapping } from '../db/mapping';

/**
 * Resolves the (objectType, objectId) pairs of merge plans to the names administrators know
 * from the LMS: courses by code and title, skills, job profiles, groups, media, trainings… by name.
 * One query per LMS table (not per object), in chunks far below SQL Server's 2,100 parameters,
 * through the mapping so a renamed customer schema reads the same.
 */

export interface ObjectRef {
  objectType: string;
  objectId: unknown;
}

interface NameSource {
  table: LmsTable;
  /** The column the object id is matched against. */
  key: string;
  columns: readonly string[];
  name(row: Record<string, unknown>): string;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
const titled = (table: LmsTable): NameSource => ({ table, key: 'id', columns: ['id', 'title'], name: (r) => text(r.title) });
const named = (table: LmsTable): NameSource => ({ table, key: 'id', columns: ['id', 'name'], name: (r) => text(r.name) });

/**
 * Where each object type's name lives. Audit entries use the LMS's component types as object
 * types ('course', 'test', 'media', 'skill', 'ojt'), so those appear here too.
 */
export const NAME_SOURCES: Readonly<Record<string, NameSource>> = {
  course: { table: 'courses', key: 'id', columns: ['id', 'code', 'title'], name: (r) => [text(r.code), text(r.title)].filter(Boolean).join(' ') },
  sco: titled('scos'),
  media: titled('media'),
  test: titled('tests'),
  feedback_form: titled('feedback_forms'),
  learning_path: titled('learning_paths'),
  ojt_training: titled('ojt_trainings'),
  ojt_assignment: titled('ojt_trainings'), // a plan names an assignment by its training
  ojt: titled('ojt_trainings'),
  skill: named('skills'),
  skill_history: named('skills'),
  job_profile: named('job_profiles'),
  group: named('groups'),
  user: { table: 'users', key: 'uid', columns: ['uid', 'first_name', 'last_name'], name: (r) => `${text(r.first_name)} ${text(r.last_name)}`.trim() },
};

/** Object types whose id is already the name (attribute names). */
const SELF_NAMED = new Set(['attribute']);

export const NAME_CHUNK = 1000;

/**
 * Names of every object in `refs` that exists and has a name; keys from objectNameKey.
 * Unknown object types, null ids and vanished objects are simply absent.
 */
export async function resolveObjectNames(db: Knex, m: LmsMapping, refs: Iterable<ObjectRef>, chunkSize = NAME_CHUNK): Promise<ObjectNames> {
  const names: ObjectNames = {};
  // table → key value → the object types asking for it
  const wanted = new Map<LmsTable, { source: NameSource; ids: Map<string, { id: unknown; types: Set<string> }> }>();
  for (const { objectType, objectId } of refs) {
    if (objectId === null || objectId === undefined || objectId === '') continue;
    if (SELF_NAMED.has(objectType)) {
      names[objectNameKey(objectType, objectId)] = String(objectId);
      continue;
    }
    const source = NAME_SOURCES[objectType];
    if (!source) continue;
    if (source.key === 'id' && !Number.isInteger(Number(objectId))) continue;
    const entry = wanted.get(source.table) ?? { source, ids: new Map() };
    wanted.set(source.table, entry);
    const k = String(objectId);
    const slot = entry.ids.get(k) ?? { id: source.key === 'id' ? Number(objectId) : String(objectId), types: new Set<string>() };
    slot.types.add(objectType);
    entry.ids.set(k, slot);
  }
  for (const [table, { source, ids }] of wanted) {
    const all = [...ids.values()];
    const col = (c: string) => m.col(table, c as never); // the columns above are reference columns of `table`
    const select = Object.fromEntries(source.columns.map((c) => [c, col(c)]));
    for (let i = 0; i < all.length; i += chunkSize) {
      const rows = await db(m.table(table))
        .select(select)
        .whereIn(col(source.key), all.slice(i, i + chunkSize).map((s) => s.id as string | number));
      for (const raw of rows as Record<string, unknown>[]) {
        const name = source.name(m.fromDbRow(table, raw));
        const slot = ids.get(String(raw[source.key]));
        if (!name || !slot) continue;
        for (const t of slot.types) names[objectNameKey(t, raw[source.key])] = name;
      }
    }
  }
  return names;
}

/** The names of everything a plan (or its view) mentions: records, conflicts and required actions. */
export function planObjectNames(db: Knex, m: LmsMapping, plan: { records: readonly ObjectRef[]; conflicts?: readonly ObjectRef[]; actionRequired?: readonly ObjectRef[] }): Promise<ObjectNames> {
  return resolveObjectNames(db, m, [...plan.records, ...(plan.conflicts ?? []), ...(plan.actionRequired ?? [])]);
}
