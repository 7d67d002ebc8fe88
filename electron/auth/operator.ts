import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { UserInputError } from '../errors';
import type { LmsMapping } from '../db/mapping';

/** The LMS administrator a merge, scan or decision is done as. */
export interface Operator {
  id: number;
  uid: string;
  login: string;
  orgUnitId: number;
}

/**
 * Checks an LMS administrator's login and password against `users.password_hash`.
 * One message for unknown login and wrong password, so logins cannot be probed.
 */
export async function authenticateOperator(db: Knex, m: LmsMapping, login: string, password: string): Promise<Operator> {
  const row = await db(m.table('users'))
    .select(m.select('users', ['id', 'uid', 'login', 'org_unit_id', 'is_admin', 'status', 'password_hash']))
    .where(m.col('users', 'login'), login)
    .first();
  const user = row ? m.fromDbRow('users', row) : undefined;
  const ok = user && typeof user.password_hash === 'string' && (await bcrypt.compare(password, user.password_hash));
  if (!user || !ok) {
    throw new UserInputError(`Sign-in failed for "${login}": unknown login or wrong password.`, 'Check the LMS administrator login and password.', 'AUTH_FAILED');
  }
  if (!user.is_admin) {
    throw new UserInputError(`"${login}" is not an LMS administrator.`, 'Sign in with an account that has administrator rights in the LMS.', 'NOT_ADMIN');
  }
  if (user.status !== 'active') {
    throw new UserInputError(`The administrator account "${login}" is ${String(user.status)}.`, 'Sign in with an active administrator account.', 'NOT_ADMIN');
  }
  return { id: Number(user.id), uid: String(user.uid), login: String(user.login), orgUnitId: Number(user.org_unit_id) };
}
