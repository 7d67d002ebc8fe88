import type { Knex } from 'knex';
import { keyListSize, whereInList } from '../../db/dialect';
import { tableSpec, type LmsColumn, type LmsTable } from '../../db/lms-tables';
import type { LmsMapping } from '../../db/mapping';
import type { ApplyContext, PlanContext, Row, Scalar, Values } from './types';

/** Ids per statement: below SQL Server's 2,100 parameters with room for the other bindings. */
export const CHUNK = 1000;

export function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const keyColumnsOf = new Map<LmsTable, readonly string[]>();

/** The key columns of a table: its composite key, or `id` (one shared list per table: undo asks for it per row). */
export function keyColumns(t: LmsTable): readonly string[] {
  let cols = keyColumnsOf.get(t);
  if (!cols) keyColumnsOf.set(t, (cols = Object.freeze([...(tableSpec(t).primary ?? ['id'])])));
  return cols;
}

export function keyOf(t: LmsTable, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of keyColumns(t)) out[c] = row[c];
  return out;
}

/** A record id for the plan: the id, or the JSON of a composite key. */
export function recordId(t: LmsTable, row: Row | undefined): Scalar {
  if (!row) return null;
  const cols = keyColumns(t);
  if (cols.length === 1) return scalar(row[cols[0]!]);
  return JSON.stringify(keyOf(t, row));
}

function scalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** A value as the plan shows it: dates as ISO text, booleans as booleans. */
export function normaliseValue(t: LmsTable, col: string, v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  const type = tableSpec(t).columns[col]?.type;
  if (type === 'date' || type === 'datetime') {
    const d = toDate(v);
    if (!d) return scalar(v);
    return type === 'date' ? d.toISOString().slice(0, 10) : d.toISOString();
  }
  if (type === 'bool') return v === true || v === 1 || v === '1' || v === 't' || v === 'true';
  if ((type === 'int' || type === 'float' || type === 'id') && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return scalar(v);
}

export function normalise(t: LmsTable, row: Row | undefined | null): Values | null {
  if (!row) return null;
  const out: Values = {};
  for (const [k, v] of Object.entries(row)) out[k] = normaliseValue(t, k, v);
  return out;
}

/** Dates as stored by any driver (Date, epoch milliseconds, ISO text) → Date. */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  if (typeof v === 'string') {
    const n = Number(v);
    const d = /^\d+$/.test(v) ? new Date(n) : new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export function toTime(v: unknown): number | null {
  return toDate(v)?.getTime() ?? null;
}

/** All rows of a table where a user column names the user, under logical names. */
export async function readUserRows(db: Knex, m: LmsMapping, t: LmsTable, userCol: string, userIds: number[]): Promise<Row[]> {
  const rows = await db(m.table(t))
    .select(m.select(t))
    .whereIn(m.col(t, userCol as LmsColumn<typeof t>), userIds)
    .orderBy(keyColumns(t).map((c) => m.col(t, c as LmsColumn<typeof t>)));
  return rows.map((r: Row) => m.fromDbRow(t, r));
}

/** readUserRows for planning: the rows also enter the plan's fingerprint of both accounts. */
export async function readPlanRows(ctx: PlanContext, t: LmsTable, userCol: string, userIds: number[]): Promise<Row[]> {
  const rows = await readUserRows(ctx.db, ctx.m, t, userCol, userIds);
  ctx.observe(t, rows);
  return rows;
}

function physicalRow(m: LmsMapping, t: LmsTable, row: Row): Record<string, unknown> {
  return m.toDbRow(t, row as never);
}

/** Items of one table grouped for key-restricted statements: equal other key values, one IN list each. */
export interface KeyGroup<T> {
  fixed: Record<string, unknown>;
  inCol: string;
  values: unknown[];
  items: T[];
}

/**
 * Groups items by key, set-based: one IN list per group of equal other key values, at most
 * `size` items per group (SQL Server's parameter limit).
 */
export function keyGroupsOf<T>(t: LmsTable, items: readonly T[], key: (item: T) => Row, size = CHUNK): KeyGroup<T>[] {
  const cols = keyColumns(t);
  if (cols.length === 1) return chunks(items, size).map((c) => ({ fixed: {}, inCol: cols[0]!, values: c.map((it) => key(it)[cols[0]!]), items: c }));
  const keys = items.map(key);
  // The key column with the most distinct values carries the IN list.
  const inCol = cols.reduce((best, c) => (new Set(keys.map((r) => r[c])).size > new Set(keys.map((r) => r[best])).size ? c : best), cols[0]!);
  const others = cols.filter((c) => c !== inCol);
  const groups = new Map<string, { fixed: Record<string, unknown>; items: T[] }>();
  items.forEach((it, i) => {
    const r = keys[i]!;
    const fixed: Record<string, unknown> = {};
    for (const c of others) fixed[c] = r[c];
    const k = JSON.stringify(fixed);
    const g = groups.get(k) ?? { fixed, items: [] };
    g.items.push(it);
    groups.set(k, g);
  });
  return [...groups.values()].flatMap((g) => chunks(g.items, size).map((c) => ({ fixed: g.fixed, inCol, values: c.map((it) => key(it)[inCol]), items: c })));
}

/** keyGroupsOf in lists as long as the connection's dialect takes in one whereKeys (keyListSize). */
export function keyGroupsFor<T>(db: Knex, t: LmsTable, items: readonly T[], key: (item: T) => Row): KeyGroup<T>[] {
  return keyGroupsOf(t, items, key, keyListSize(db, CHUNK));
}

/** Restricts a query to one key group's rows. */
export function whereKeys(m: LmsMapping, t: LmsTable, q: Knex.QueryBuilder, g: { fixed: Record<string, unknown>; inCol: string; values: unknown[] }): Knex.QueryBuilder {
  for (const [c, v] of Object.entries(g.fixed)) q.where(m.col(t, c as never), v as never);
  return whereInList(q, m.col(t, g.inCol as never), g.values);
}

/** Deletes rows (read earlier, under logical names), journaling each before-image. */
export async function deleteRows(ctx: ApplyContext, t: LmsTable, rows: readonly Row[], step: string): Promise<void> {
  if (rows.length === 0) return;
  const { m, db } = ctx;
  for (const r of rows) ctx.journal.add(m.table(t), 'delete', physicalRow(m, t, keyOf(t, r)), physicalRow(m, t, r), null);
  for (const g of keyGroupsFor(db, t, rows, (r) => r)) await whereKeys(m, t, db(m.table(t)), g).delete();
  await ctx.step(step);
}

/** Applies the same change to many rows with one UPDATE per chunk, journaling before and after. */
export async function updateRows(ctx: ApplyContext, t: LmsTable, rows: readonly Row[], change: Row, step: string): Promise<void> {
  if (rows.length === 0) return;
  const { m, db } = ctx;
  const set = physicalRow(m, t, change);
  ctx.journal.addUpdates(
    m.table(t),
    rows.map((r) => ({ key: physicalRow(m, t, keyOf(t, r)), before: physicalRow(m, t, r) })),
    set,
  );
  for (const g of keyGroupsFor(db, t, rows, (r) => r)) await whereKeys(m, t, db(m.table(t)), g).update(set);
  await ctx.step(step);
}

/** Applies a different change per row: rows with equal changes share their UPDATE statements. */
export async function updateEach(ctx: ApplyContext, t: LmsTable, items: readonly { row: Row; change: Row }[], step: string): Promise<void> {
  const groups = new Map<string, { change: Row; rows: Row[] }>();
  for (const it of items) {
    const k = JSON.stringify(Object.entries(it.change).map(([c, v]) => [c, v instanceof Date ? v.toISOString() : v]));
    const g = groups.get(k) ?? { change: it.change, rows: [] };
    g.rows.push(it.row);
    groups.set(k, g);
  }
  for (const g of groups.values()) await updateRows(ctx, t, g.rows, g.change, step);
}

/** Inserts rows whose key is known in advance (composite-key tables). */
export async function insertKeyedRows(ctx: ApplyContext, t: LmsTable, rows: readonly Row[], step: string): Promise<void> {
  if (rows.length === 0) return;
  const { m, db } = ctx;
  for (const r of rows) ctx.journal.add(m.table(t), 'insert', physicalRow(m, t, keyOf(t, r)), null, physicalRow(m, t, r));
  for (const c of chunks(rows, Math.floor(2000 / Math.max(1, Object.keys(rows[0]!).length)))) {
    await db(m.table(t)).insert(c.map((r) => physicalRow(m, t, r)));
  }
  await ctx.step(step);
}
