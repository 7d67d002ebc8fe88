import type { Knex } from 'knex';
import { assertMayChangeSettings } from '../auth/rights';
import type { Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';

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
