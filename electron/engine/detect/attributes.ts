/**
 * User attributes for duplicate detection: the most filled attribute names of the LMS
 * (address, department, cost centre …) read into the records' attribute slots, folded
 * (case, umlauts, accents) once.
 */
import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';
import { ATTRIBUTE_SLOTS } from './levels';
import { foldText } from './normalise';
import type { Interner, UserRecord } from './records';

/** Users per query: the id range of this many users at a time. */
const USERS_PER_QUERY = 20_000;

/**
 * Fills `attrs` of every record (index = slot, '' = missing) with the ATTRIBUTE_SLOTS most
 * filled attribute names; returns those names in slot order (most filled first, then by name).
 */
export async function readAttributes(db: Knex, m: LmsMapping, records: UserRecord[], intern: Interner, signal?: AbortSignal): Promise<string[]> {
  const t = m.table('user_attributes');
  const nameCol = m.col('user_attributes', 'name');
  const userCol = m.col('user_attributes', 'user_id');
  const valueCol = m.col('user_attributes', 'value');
  const counts = (await db(t).select({ name: nameCol }).count({ n: '*' }).whereNotNull(valueCol).groupBy(nameCol)) as { name: string; n: number | string }[];
  const names = counts
    .map((c) => ({ name: String(c.name), n: Number(c.n) }))
    // An attribute on fewer than 1 % of the users says too little to learn a weight for.
    .filter((c) => c.n >= Math.max(2, records.length * 0.01))
    .sort((x, y) => y.n - x.n || (x.name < y.name ? -1 : 1))
    .slice(0, ATTRIBUTE_SLOTS)
    .map((c) => c.name);
  if (!names.length) return names;
  const slot = new Map(names.map((n, i) => [n, i]));
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const r of records) r.attrs = new Array<string>(names.length).fill('');
  const ids = records.map((r) => r.id).sort((x, y) => x - y);
  for (let s = 0; s < ids.length; s += USERS_PER_QUERY) {
    if (signal?.aborted) return names;
    const lo = ids[s]!;
    const hi = ids[Math.min(ids.length, s + USERS_PER_QUERY) - 1]!;
    const rows = (await db(t)
      .select({ user_id: userCol, name: nameCol, value: valueCol })
      .whereBetween(userCol, [lo, hi])
      .whereIn(nameCol, names)) as { user_id: number; name: string; value: string | null }[];
    for (const row of rows) {
      const r = byId.get(Number(row.user_id));
      const k = slot.get(String(row.name));
      if (!r || k === undefined || row.value === null) continue;
      r.attrs[k] = intern.get(foldText(row.value));
    }
  }
  return names;
}
