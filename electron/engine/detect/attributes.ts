/**
 * User attributes for duplicate detection: the most filled attribute names of the LMS
 * (address, department, cost centre …) read into the records' attribute slots, folded
 * (case, umlauts, accents) once per distinct value.
 *
 * The values are read as a table of typed arrays (user id, slot, value index into a list
 * of distinct values) so that a second thread can read them while the scan reads the
 * users (attribute-thread.ts): the arrays cross the thread boundary without a copy.
 */
import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';
import { ATTRIBUTE_SLOTS } from './levels';
import { Interner, type UserRecord } from './records';

/** Users per query: the id range of this many users at a time. */
const USERS_PER_QUERY = 20_000;

export interface AttributeTable {
  /** Attribute names in slot order (most filled first, then by name). */
  names: string[];
  /** One entry per value: the user's id, the slot and the index of the folded value in `values`. */
  userIds: Float64Array;
  slots: Uint8Array;
  valueIndex: Int32Array;
  values: string[];
  length: number;
}

/** Reads the ATTRIBUTE_SLOTS most filled attribute names' values, for an LMS of `users` users (the 1 % rule). */
export async function readAttributeTable(db: Knex, m: LmsMapping, users: number, signal?: AbortSignal): Promise<AttributeTable> {
  const t = m.table('user_attributes');
  const nameCol = m.col('user_attributes', 'name');
  const userCol = m.col('user_attributes', 'user_id');
  const valueCol = m.col('user_attributes', 'value');
  const counts = (await db(t).select({ name: nameCol }).count({ n: '*' }).whereNotNull(valueCol).groupBy(nameCol)) as { name: string; n: number | string }[];
  const names = counts
    .map((c) => ({ name: String(c.name), n: Number(c.n) }))
    // An attribute on fewer than 1 % of the users says too little to learn a weight for.
    .filter((c) => c.n >= Math.max(2, users * 0.01))
    .sort((x, y) => y.n - x.n || (x.name < y.name ? -1 : 1))
    .slice(0, ATTRIBUTE_SLOTS)
    .map((c) => c.name);
  const table: AttributeTable = { names, userIds: new Float64Array(1024), slots: new Uint8Array(1024), valueIndex: new Int32Array(1024), values: [], length: 0 };
  if (!names.length) return table;
  const slot = new Map(names.map((n, i) => [n, i]));
  const intern = new Interner();
  const index = new Map<string, number>();
  const bounds = (await db(t).min({ lo: userCol }).max({ hi: userCol }).first()) as { lo: number | string | null; hi: number | string | null } | undefined;
  if (bounds?.lo === null || bounds?.lo === undefined || bounds.hi === null) return table;
  const hi = Number(bounds.hi);
  // Id ranges of about USERS_PER_QUERY users each (ids need not be dense: the range adapts).
  let lo = Number(bounds.lo);
  while (lo <= hi) {
    if (signal?.aborted) return table;
    const rows = (await db(t)
      .select({ user_id: userCol, name: nameCol, value: valueCol })
      .where(userCol, '>=', lo)
      .orderBy(userCol)
      .whereIn(nameCol, names)
      .limit(USERS_PER_QUERY * names.length)) as { user_id: number; name: string; value: string | null }[];
    if (!rows.length) break;
    // The last user of a full chunk may be cut off: read it again with the next chunk.
    const full = rows.length === USERS_PER_QUERY * names.length;
    const last = Number(rows[rows.length - 1]!.user_id);
    for (const row of rows) {
      const id = Number(row.user_id);
      if (full && id === last && last > lo) continue;
      const k = slot.get(String(row.name));
      if (k === undefined || row.value === null) continue;
      const folded = intern.fold(String(row.value));
      let v = index.get(folded);
      if (v === undefined) {
        v = table.values.length;
        index.set(folded, v);
        table.values.push(folded);
      }
      push(table, id, k, v);
    }
    lo = full && last > lo ? last : last + 1;
  }
  return table;
}

function push(t: AttributeTable, id: number, slot: number, value: number): void {
  if (t.length === t.userIds.length) {
    const grow = <A extends Float64Array | Uint8Array | Int32Array>(a: A, make: (n: number) => A): A => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    t.userIds = grow(t.userIds, (n) => new Float64Array(n));
    t.slots = grow(t.slots, (n) => new Uint8Array(n));
    t.valueIndex = grow(t.valueIndex, (n) => new Int32Array(n));
  }
  t.userIds[t.length] = id;
  t.slots[t.length] = slot;
  t.valueIndex[t.length] = value;
  t.length++;
}

/** Fills `attrs` of every record (index = slot, '' = missing) from the table; returns the names. */
export function applyAttributes(records: UserRecord[], table: AttributeTable): string[] {
  if (!table.names.length) return table.names;
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const r of records) r.attrs = new Array<string>(table.names.length).fill('');
  for (let x = 0; x < table.length; x++) {
    const r = byId.get(table.userIds[x]!);
    if (r) r.attrs[table.slots[x]!] = table.values[table.valueIndex[x]!]!;
  }
  return table.names;
}

/** Reads the attributes into the records here, in this thread. */
export async function readAttributes(db: Knex, m: LmsMapping, records: UserRecord[], signal?: AbortSignal): Promise<string[]> {
  return applyAttributes(records, await readAttributeTable(db, m, records.length, signal));
}
