import type { Knex } from 'knex';
import { authenticateOperator, type Operator } from '../auth/operator';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';

/**
 * The LMS administrator's password: MERGEDESK_PASSWORD, else a hidden prompt on a
 * terminal. Never echoed, logged or passed on the command line.
 */
export async function readOperatorPassword(login: string): Promise<string> {
  const fromEnv = process.env.MERGEDESK_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UserInputError(`No password for "${login}".`, 'Set MERGEDESK_PASSWORD, or run the command in a terminal to be asked for it.', 'AUTH_FAILED');
  }
  const { default: password } = await import('@inquirer/password');
  return password({ message: `LMS password for ${login}:`, mask: '*' }, { output: process.stderr });
}

/** Signs the operator named by --as in, asking for the password as above. */
export async function signInOperator(db: Knex, mapping: LmsMapping, login: string | undefined): Promise<Operator> {
  if (!login) throw new UserInputError('No LMS administrator given.', 'Pass --as LOGIN (the admin you act as).', 'AUTH_FAILED');
  return authenticateOperator(db, mapping, login, await readOperatorPassword(login));
}
