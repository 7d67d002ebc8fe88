import crypto from 'node:crypto';
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

/** How a password is checked against a stored hash; bcryptjs unless a test counts the calls. */
export interface PasswordHasher {
  compare(password: string, hash: string): Promise<boolean>;
}

const bcryptHasher: PasswordHasher = { compare: (password, hash) => bcrypt.compare(password, hash) };

const BCRYPT_COST = /^\$2[abxy]?\$(\d{2})\$/;
const costOfDatabase = new WeakMap<Knex, number>();
const dummyOfCost = new Map<number, string>();

/**
 * A hash of a random password with the cost the LMS's own hashes use, compared against
 * when the login is unknown or has no password: sign-in then takes as long as for a real
 * administrator, so the time does not tell which logins exist.
 */
async function dummyHash(db: Knex, m: LmsMapping): Promise<string> {
  let cost = costOfDatabase.get(db);
  if (cost === undefined) {
    const row = await db(m.table('users')).select({ hash: m.col('users', 'password_hash') }).whereNotNull(m.col('users', 'password_hash')).first();
    cost = Number(BCRYPT_COST.exec(String(row?.hash ?? ''))?.[1] ?? 10);
    costOfDatabase.set(db, cost);
  }
  let dummy = dummyOfCost.get(cost);
  if (!dummy) {
    dummy = bcrypt.hashSync(crypto.randomBytes(18).toString('base64'), cost);
    dummyOfCost.set(cost, dummy);
  }
  return dummy;
}

/**
 * Checks an LMS administrator's login and password against `users.password_hash`.
 * One message for unknown login and wrong password, and one bcrypt comparison either
 * way, so logins can be probed neither by the answer nor by its time.
 */
export async function authenticateOperator(db: Knex, m: LmsMapping, login: string, password: string, hasher: PasswordHasher = bcryptHasher): Promise<Operator> {
  const row = await db(m.table('users'))
    .select(m.select('users', ['id', 'uid', 'login', 'org_unit_id', 'is_admin', 'status', 'password_hash']))
    .where(m.col('users', 'login'), login)
    .first();
  const user = row ? m.fromDbRow('users', row) : undefined;
  const hash = user && typeof user.password_hash === 'string' ? user.password_hash : undefined;
  const matches = await hasher.compare(password, hash ?? (await dummyHash(db, m)));
  const ok = hash !== undefined && matches;
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
