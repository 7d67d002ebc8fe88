import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';
import { MergeRefusedError } from './admit';
import { decideEmployeeIdTakeOver as decideTakeOver, type EmployeeIdTakeOver, type KeyFacts } from '@shared/employee-id-take-over';
import type { User } from './types';

export type { EmployeeIdTakeOver } from '@shared/employee-id-take-over';

const facts = (u: User): KeyFacts => ({ uid: u.uid, origin: String(u.raw.origin ?? ''), employee_id: u.employee_id });

/** The take-over for the two accounts of a merge; `requested` (an explicit choice) overrides the default. */
export const decideEmployeeIdTakeOver = (source: User, target: User, requested: boolean | undefined | null): EmployeeIdTakeOver => decideTakeOver(facts(source), facts(target), requested);

/**
 * Refuses before anything is written when another account than the two merged ones still
 * holds the employee ID the kept account would take over: the HR import would then find two
 * accounts for one person, which is the duplicate the merge is meant to end.
 */
export async function refuseSharedEmployeeId(db: Knex, m: LmsMapping, source: User, target: User): Promise<void> {
  const id = source.employee_id;
  if (id === null || id === '') return;
  const holders = (await db(m.table('users'))
    .select(m.select('users', ['uid', 'status', 'origin']))
    .where(m.col('users', 'employee_id'), id)
    .whereNotIn(m.col('users', 'id'), [source.id, target.id])
    .whereNotIn(m.col('users', 'status'), ['deleted', 'anonymised'])
    .orderBy(m.col('users', 'uid'))
    .limit(5)) as Record<string, unknown>[];
  if (holders.length === 0) return;
  const names = holders.map((r) => m.fromDbRow('users', r)).map((u) => `${String(u.uid)} (${String(u.status)}, origin ${String(u.origin)})`);
  throw new MergeRefusedError(
    `The kept account ${target.uid} cannot take over employee ID ${id}: it is also held by ${names.join(', ')}, so two accounts would carry it.`,
    `Merge ${names.length === 1 ? 'that account' : 'those accounts'} as well or clear ${names.length === 1 ? 'its' : 'their'} employee ID first, or merge without taking over the employee ID (untick the box, --no-take-employee-id, take_employee_id = no).`,
    'EMPLOYEE_ID_TAKEN',
  );
}
