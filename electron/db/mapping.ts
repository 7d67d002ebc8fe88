import fs from 'node:fs';
import { z } from 'zod';
import { UserInputError } from '../errors';
import { LMS_TABLES, LMS_TABLE_NAMES, tableSpec, type LmsColumn, type LmsTable } from './lms-tables';

type EnumValue = string | number;

/** The mapping file a customer supplies: only what differs from the reference names. */
export const mappingFileSchema = z
  .object({
    tables: z
      .record(
        z.string(),
        z
          .object({
            name: z.string().min(1).optional(),
            columns: z.record(z.string(), z.string().min(1)).optional(),
            values: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number()]))).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type MappingFile = z.infer<typeof mappingFileSchema>;

interface TableMapping {
  name: string;
  columns: Record<string, string>;
  /** logical value (as text) → physical value, per column */
  toDb: Record<string, Map<string, EnumValue>>;
  /** physical value (as text) → logical value, per column */
  fromDb: Record<string, Map<string, EnumValue>>;
}

/**
 * The effective mapping: reference names overlaid with the mapping file.
 * All code that touches LMS tables asks this object for names and enumerated values.
 */
export class LmsMapping {
  private readonly tables: Record<string, TableMapping>;
  /** Tables whose columns and values the mapping file leaves as the reference has them. */
  private readonly unchanged = new Set<LmsTable>();

  /** The mapping file it was made from (a scan worker rebuilds the mapping from it). */
  constructor(readonly file: MappingFile = {}) {
    this.tables = {};
    for (const t of LMS_TABLE_NAMES) {
      const over = file.tables?.[t];
      const columns: Record<string, string> = {};
      for (const c of Object.keys(tableSpec(t).columns)) columns[c] = over?.columns?.[c] ?? c;
      const toDb: TableMapping['toDb'] = {};
      const fromDb: TableMapping['fromDb'] = {};
      for (const [col, values] of Object.entries(over?.values ?? {})) {
        toDb[col] = new Map();
        fromDb[col] = new Map();
        const logical = tableSpec(t).columns[col]?.values ?? [];
        for (const [from, to] of Object.entries(values)) {
          const logicalValue = logical.find((v) => String(v) === from) ?? from;
          toDb[col].set(from, to);
          fromDb[col].set(String(to), logicalValue);
        }
      }
      this.tables[t] = { name: over?.name ?? t, columns, toDb, fromDb };
      if (Object.entries(columns).every(([l, p]) => l === p) && Object.keys(toDb).length === 0) this.unchanged.add(t);
    }
  }

  private get(t: LmsTable): TableMapping {
    const m = this.tables[t];
    if (!m) throw new Error(`No mapping for table ${t}`);
    return m;
  }

  /** Physical table name. */
  table(t: LmsTable): string {
    return this.get(t).name;
  }

  /** Physical column name. */
  col<T extends LmsTable>(t: T, c: LmsColumn<T>): string {
    const name = this.get(t).columns[c];
    if (name === undefined) throw new Error(`Unknown column ${t}.${c}`);
    return name;
  }

  /** `table.column`, for joins and qualified conditions. */
  qcol<T extends LmsTable>(t: T, c: LmsColumn<T>, alias?: string): string {
    return `${alias ?? this.table(t)}.${this.col(t, c)}`;
  }

  /** A Knex select object `{logical: physical}` so rows come back under logical names. */
  select<T extends LmsTable>(t: T, cols?: readonly LmsColumn<T>[], alias?: string): Record<string, string> {
    const out: Record<string, string> = {};
    const names = cols ?? (Object.keys(tableSpec(t).columns) as LmsColumn<T>[]);
    for (const c of names) out[c] = alias ? `${alias}.${this.col(t, c)}` : this.col(t, c);
    return out;
  }

  /** The physical value to store for a logical enumerated value. */
  value<T extends LmsTable>(t: T, c: LmsColumn<T>, logical: EnumValue): EnumValue {
    return this.get(t).toDb[c]?.get(String(logical)) ?? logical;
  }

  /** The logical value for a physical one read from the database. */
  logicalValue<T extends LmsTable>(t: T, c: LmsColumn<T>, physical: EnumValue): EnumValue {
    return this.get(t).fromDb[c]?.get(String(physical)) ?? physical;
  }

  hasValueMapping<T extends LmsTable>(t: T, c: LmsColumn<T>): boolean {
    return (this.get(t).toDb[c]?.size ?? 0) > 0;
  }

  /**
   * A logical row (logical columns, logical values) as a physical row for insert/update. For a
   * table the mapping leaves as it is, that is the row itself (checked, not copied: a merge's
   * journal asks for tens of thousands), so treat the result as read-only.
   */
  toDbRow<T extends LmsTable>(t: T, row: Partial<Record<LmsColumn<T>, unknown>>): Record<string, unknown> {
    const m = this.get(t);
    if (this.unchanged.has(t)) {
      for (const c in row) if (!(c in m.columns)) throw new Error(`Unknown column ${t}.${c}`);
      return row;
    }
    const out: Record<string, unknown> = {};
    for (const [c, v] of Object.entries(row)) {
      const physical = m.columns[c];
      if (physical === undefined) throw new Error(`Unknown column ${t}.${c}`);
      out[physical] = v !== null && v !== undefined && m.toDb[c] ? (m.toDb[c].get(String(v)) ?? v) : v;
    }
    return out;
  }

  /** A row selected under logical names (see `select`) with enumerated values made logical. */
  fromDbRow<T extends LmsTable>(t: T, row: Record<string, unknown>): Record<string, unknown> {
    const m = this.get(t);
    if (Object.keys(m.fromDb).length === 0) return row;
    const out: Record<string, unknown> = { ...row };
    for (const [c, map] of Object.entries(m.fromDb)) {
      const v = row[c];
      if (v !== null && v !== undefined) out[c] = map.get(String(v)) ?? v;
    }
    return out;
  }

  /** Is this the reference mapping (no renames)? */
  isReference(): boolean {
    return LMS_TABLE_NAMES.every((t) => {
      const m = this.get(t);
      return m.name === t && Object.entries(m.columns).every(([l, p]) => l === p) && Object.keys(m.toDb).length === 0;
    });
  }
}

/** Checks a parsed mapping file against the reference schema; every mistake is named. */
export function validateMappingFile(raw: unknown, source = 'the mapping file'): MappingFile {
  const parsed = mappingFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'top level';
    throw new UserInputError(
      `${source} is malformed at ${where}: ${issue?.message ?? 'invalid'}.`,
      'A mapping file looks like {"tables": {"users": {"name": "...", "columns": {"uid": "..."}, "values": {"status": {"active": "A"}}}}}.',
      'MAPPING_INVALID',
    );
  }
  const file = parsed.data;
  const problems: string[] = [];
  for (const [t, over] of Object.entries(file.tables ?? {})) {
    if (!(t in LMS_TABLES)) {
      problems.push(`unknown table "${t}" (reference tables: ${LMS_TABLE_NAMES.join(', ')})`);
      continue;
    }
    const spec = tableSpec(t as LmsTable);
    const physical = new Map<string, string>();
    for (const c of Object.keys(spec.columns)) {
      const p = (over.columns?.[c] ?? c).toLowerCase();
      const clash = physical.get(p);
      if (clash) problems.push(`columns ${t}.${clash} and ${t}.${c} both map to "${p}"`);
      physical.set(p, c);
    }
    for (const c of Object.keys(over.columns ?? {})) {
      if (!(c in spec.columns)) problems.push(`unknown column "${t}.${c}" (columns: ${Object.keys(spec.columns).join(', ')})`);
    }
    for (const [c, values] of Object.entries(over.values ?? {})) {
      const allowed = spec.columns[c]?.values;
      if (!allowed) {
        problems.push(`column "${t}.${c}" has no enumerated values to rename`);
        continue;
      }
      for (const v of Object.keys(values)) {
        if (!allowed.some((a) => String(a) === v)) problems.push(`unknown value "${v}" for ${t}.${c} (values: ${allowed.join(', ')})`);
      }
      const targets = Object.values(values).map(String);
      if (new Set(targets).size !== targets.length) problems.push(`two values of ${t}.${c} map to the same database value`);
    }
  }
  const tableNames = LMS_TABLE_NAMES.map((t) => (file.tables?.[t]?.name ?? t).toLowerCase());
  if (new Set(tableNames).size !== tableNames.length) problems.push('two tables map to the same database table name');
  if (problems.length > 0) {
    throw new UserInputError(`${source} does not fit the reference schema: ${problems.join('; ')}.`, 'Correct these entries and try again.', 'MAPPING_INVALID');
  }
  return file;
}

/** Reads and validates a mapping file; no path means the reference names. */
export function loadMapping(filePath?: string): LmsMapping {
  if (!filePath) return new LmsMapping();
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    throw new UserInputError(`The mapping file ${filePath} cannot be read.`, 'Check the path given with --mapping.', 'MAPPING_MISSING');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // The parser's message quotes the file's text; name only the place (it may not be a mapping file at all).
    throw new UserInputError(`The mapping file ${filePath} is not valid JSON${jsonErrorPlace(text, err)}.`, 'Fix the JSON syntax, or choose the right file.', 'MAPPING_INVALID');
  }
  return new LmsMapping(validateMappingFile(raw, `The mapping file ${filePath}`));
}

/** " (line L, column C)" of a JSON.parse error, from its position only, never its quoted text. */
function jsonErrorPlace(text: string, err: unknown): string {
  const position = /position (\d+)/.exec(String((err as Error).message))?.[1];
  if (position === undefined) return /end of JSON/i.test(String((err as Error).message)) ? ' (it ends too early)' : '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}
