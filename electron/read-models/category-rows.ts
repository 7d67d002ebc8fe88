import type { Knex } from 'knex';
import type { LmsMapping } from '../db/mapping';
import { CATEGORIES } from '../engine/merge/index';

/**
 * How many rows one account owns per merge category (every user reference the category claims),
 * so the preview can say what the kept account has now next to what it will have.
 */
export async function categoryRowCounts(db: Knex, m: LmsMapping, userId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of CATEGORIES) {
    for (const ref of c.claims) {
      const row = (await db(m.table(ref.table)).count({ n: '*' }).where(m.col(ref.table, ref.column as never), userId).first()) as { n: number | string } | undefined;
      out[c.name] = (out[c.name] ?? 0) + Number(row?.n ?? 0);
    }
  }
  return out;
}
