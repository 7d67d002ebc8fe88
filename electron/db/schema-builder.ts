import type { Knex } from 'knex';
import type { ColumnSpec } from './lms-tables';

/** Adds one declared column to a table being created; the same code serves every dialect. */
export function addColumn(tb: Knex.CreateTableBuilder, name: string, spec: ColumnSpec, referencedTable?: string): void {
  let col: Knex.ColumnBuilder;
  switch (spec.type) {
    case 'id':
      tb.increments(name);
      return;
    case 'int':
      col = tb.integer(name);
      break;
    case 'float':
      col = tb.double(name);
      break;
    case 'string':
      col = tb.string(name, spec.length ?? 255);
      break;
    case 'text':
      col = tb.text(name);
      break;
    case 'bool':
      col = tb.boolean(name);
      break;
    case 'date':
      col = tb.date(name);
      break;
    case 'datetime':
      col = tb.datetime(name, { useTz: false });
      break;
  }
  if (spec.nullable) col.nullable();
  else col.notNullable();
  if (spec.default !== undefined) col.defaultTo(spec.default);
  if (referencedTable) col.references('id').inTable(referencedTable);
}
