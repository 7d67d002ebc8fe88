import type { Knex } from 'knex';
import { assertMayChangeSettings } from '../auth/rights';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { storedBool } from '../db/stored-values';
import { UserInputError } from '../errors';

export interface ClientSetting {
  id: number;
  name: string;
  keepHighestLevelProtection: boolean;
}

/** Every client with its merge setting, by name; only client `id` when given. */
export async function listClientSettings(db: Knex, m: LmsMapping, id?: number): Promise<ClientSetting[]> {
  const q = db(m.table('clients')).select(m.select('clients', ['id', 'name', 'keep_highest_level_protection'])).orderBy(m.col('clients', 'name'));
  if (id !== undefined) q.where(m.col('clients', 'id'), id);
  const rows: Record<string, unknown>[] = await q;
  return rows.map((raw) => {
    const r = m.fromDbRow('clients', raw);
    return { id: Number(r.id), name: String(r.name ?? ''), keepHighestLevelProtection: storedBool(r.keep_highest_level_protection) };
  });
}

/**
 * Per-client merge settings, stored in the LMS's own clients table (keep the highest level
 * protection). An LMS table write that changes every merge of that client's users, so it
 * needs the settings right like the global settings.
 */
export async function setClientLevelProtection(db: Knex, m: LmsMapping, clientId: number, keep: boolean, operator: Operator): Promise<void> {
  await assertMayChangeSettings(db, m, operator, 'the client settings');
  const n = await db(m.table('clients'))
    .where(m.col('clients', 'id'), clientId)
    .update(m.toDbRow('clients', { keep_highest_level_protection: keep }));
  if (!n) throw new UserInputError(`There is no client with id ${clientId}.`, 'Reload the Clients tab and pick a listed client.', 'NOT_FOUND');
}
