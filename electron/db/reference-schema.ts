import type { Knex } from 'knex';
import { ENROLMENT_STATUSES } from '@shared/enrolment-statuses';
import { tableSpec, tablesInDependencyOrder, type LmsTable } from './lms-tables';
import type { LmsMapping } from './mapping';
import { addColumn } from './schema-builder';

/** The statement that creates one empty LMS table under its mapped names. */
export function createLmsTable(db: Knex, mapping: LmsMapping, t: LmsTable): Knex.SchemaBuilder {
  const spec = tableSpec(t);
  const phys = (c: string) => mapping.col(t, c as never);
  return db.schema.createTable(mapping.table(t), (tb) => {
    for (const [name, col] of Object.entries(spec.columns)) {
      addColumn(tb, phys(name), col, col.references ? mapping.table(col.references as LmsTable) : undefined);
    }
    if (spec.primary) tb.primary(spec.primary.map(phys));
    for (const u of spec.unique ?? []) tb.unique(u.map(phys));
    // Every foreign key column is indexed, unless a key already starts with it.
    const leading = new Set([spec.primary?.[0], ...(spec.unique ?? []).map((u) => u[0])]);
    for (const [name, col] of Object.entries(spec.columns)) {
      if (col.references && !leading.has(name)) tb.index([phys(name)]);
    }
    for (const cols of spec.indexed ?? []) tb.index(cols.map(phys));
  });
}

/** The rows that seed `enrolment_statuses`. */
export function enrolmentStatusRows(mapping: LmsMapping): Record<string, unknown>[] {
  return ENROLMENT_STATUSES.map((s) =>
    mapping.toDbRow('enrolment_statuses', { id: mapping.value('enrolments', 'status_id', s.id), name: `${s.name} (${s.code})` }),
  );
}

/** Every statement that builds the reference schema from nothing, in order. */
export function referenceSchemaStatements(db: Knex, mapping: LmsMapping): (Knex.SchemaBuilder | Knex.QueryBuilder)[] {
  return [
    ...tablesInDependencyOrder().map((t) => createLmsTable(db, mapping, t)),
    db(mapping.table('enrolment_statuses')).insert(enrolmentStatusRows(mapping)),
  ];
}

/**
 * Creates the empty LMS reference schema, for demos and tests only.
 * Idempotent: tables that exist are left alone, missing ones are created.
 */
export async function createReferenceSchema(db: Knex, mapping: LmsMapping): Promise<{ created: LmsTable[] }> {
  const created: LmsTable[] = [];
  await db.transaction(async (trx) => {
    for (const t of tablesInDependencyOrder()) {
      if (await trx.schema.hasTable(mapping.table(t))) continue;
      await createLmsTable(trx, mapping, t);
      created.push(t);
    }
    if (created.includes('enrolment_statuses')) {
      await trx(mapping.table('enrolment_statuses')).insert(enrolmentStatusRows(mapping));
    }
  });
  return { created };
}
