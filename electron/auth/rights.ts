import type { Knex } from 'knex';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';
import { loadClearance, loadClearances, type Clearance } from './clearance';
import type { Operator } from './operator';

/**
 * Rights beyond "may I see / edit / delete this account", all derived from the LMS's own
 * clearances (no tool-side permission table: the LMS stays the one place where rights are
 * granted, and a database copy keeps its rights).
 *
 * - The **settings right** (global merge settings, portfolio and job-profile rules, client
 *   settings such as level protection): Edit clearance on the whole organisation, i.e. on
 *   every root org unit including its subunits. These settings change what every merge of
 *   every account does, so only an administrator who may edit every account may change them.
 *   A regional or read-only administrator may view them.
 * - A **full administrator**: an active LMS administrator with View, Edit and Delete
 *   clearance on the whole organisation. A merge may never remove the last one.
 */

export const SETTINGS_RIGHT = 'Edit clearance on the whole organisation (every root org unit, including its subunits)';

/** Why this operator may not change the settings, or null when they may. */
export function settingsRefusal(operator: Operator, clearance: Clearance, what = 'the merge settings and rules'): string | null {
  return clearance.coversAll('edit') ? null : `${operator.login} may view ${what} but not change them: that needs ${SETTINGS_RIGHT}.`;
}

/** The settings right of the signed-in operator, for the session view. */
export async function settingsRight(db: Knex, m: LmsMapping, operator: Operator): Promise<{ allowed: boolean; reason: string | null }> {
  const reason = settingsRefusal(operator, await loadClearance(db, m, operator.id));
  return { allowed: reason === null, reason };
}

/** Refuses (nothing changed) unless the operator holds the settings right. `what` names the change. */
export async function assertMayChangeSettings(db: Knex, m: LmsMapping, operator: Operator, what: string): Promise<void> {
  const reason = settingsRefusal(operator, await loadClearance(db, m, operator.id), what);
  if (reason) {
    throw new UserInputError(`Not saved: ${reason}`, 'Ask an administrator with clearance on the whole organisation to make this change.', 'NO_CLEARANCE');
  }
}

const isFull = (c: Clearance) => c.coversAll('view') && c.coversAll('edit') && c.coversAll('delete');

/** Active LMS administrators with full clearance, as ids (admins are few; their grants are read in chunks). */
export async function fullAdministrators(db: Knex, m: LmsMapping): Promise<number[]> {
  const rows = (await db(m.table('users'))
    .select(m.select('users', ['id']))
    .where(m.col('users', 'is_admin'), true)
    .where(m.col('users', 'status'), m.value('users', 'status', 'active'))) as { id: unknown }[];
  const admins = rows.map((u) => Number(u.id));
  const clearances = await loadClearances(db, m, admins);
  return admins.filter((id) => isFull(clearances.get(id)!));
}
