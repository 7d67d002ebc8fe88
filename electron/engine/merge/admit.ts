import type { Knex } from 'knex';
import { loadClearance } from '../../auth/clearance';
import { fullAdministrators } from '../../auth/rights';
import type { Operator } from '../../auth/operator';
import type { LmsMapping } from '../../db/mapping';
import { UserInputError } from '../../errors';
import { findMergedAway, mergedAwayMessage } from '../runs/merged-away';
import type { Row, User } from './types';

/**
 * The checks that refuse a merge before anything is written: the accounts exist and were
 * not merged away already, the operator has the clearance, the source is not the operator
 * and not the last full administrator. Shared by plan() and execute() (via makePlan).
 */

export type RefusalCode = 'UNKNOWN_UID' | 'SAME_ACCOUNT' | 'ACCOUNT_GONE' | 'NO_CLEARANCE' | 'MERGE_RUNNING' | 'PLAN_CHANGED' | 'ALREADY_MERGED' | 'OWN_ACCOUNT' | 'LAST_FULL_ADMIN' | 'EMPLOYEE_ID_TAKEN';

/** A merge refused before anything was written; the CLI maps it to exit code 3. */
export class MergeRefusedError extends UserInputError {
  constructor(problem: string, fix: string, readonly refusal: RefusalCode) {
    super(problem, fix, refusal);
    this.name = 'MergeRefusedError';
  }
}

async function readUser(db: Knex, m: LmsMapping, uid: string): Promise<User | undefined> {
  const row = await db(m.table('users')).select(m.select('users')).where(m.col('users', 'uid'), uid).first();
  if (!row) return undefined;
  const raw = m.fromDbRow('users', row) as Row;
  return {
    id: Number(raw.id),
    uid: String(raw.uid),
    login: String(raw.login),
    email: (raw.email as string | null) ?? null,
    first_name: String(raw.first_name),
    last_name: String(raw.last_name),
    birth_date: raw.birth_date,
    employee_id: (raw.employee_id as string | null) ?? null,
    phone: (raw.phone as string | null) ?? null,
    client_id: Number(raw.client_id),
    org_unit_id: Number(raw.org_unit_id),
    status: String(raw.status),
    raw,
  };
}

async function orgUnitName(db: Knex, m: LmsMapping, id: number): Promise<string> {
  const row = await db(m.table('org_units')).select(m.select('org_units', ['name'])).where(m.col('org_units', 'id'), id).first();
  return row ? `"${String(row.name)}" (${id})` : String(id);
}

/** The checks that refuse a merge before anything beyond the two accounts is read. */
export async function admit(db: Knex, m: LmsMapping, sourceUid: string, targetUid: string, operator: Operator, runsSettled = false): Promise<{ source: User; target: User }> {
  if (sourceUid === targetUid) throw new MergeRefusedError(`Source and target are the same account (${sourceUid}).`, 'Choose two different accounts.', 'SAME_ACCOUNT');
  // Before the existence check: a deleted merged source gets the run that removed it, not "unknown UID".
  const mergedAway = await findMergedAway(db, [sourceUid, targetUid], { settled: runsSettled });
  for (const [role, uid] of [['source', sourceUid], ['target', targetUid]] as const) {
    const earlier = mergedAway.get(uid);
    if (earlier) {
      const { problem, fix } = mergedAwayMessage(role, earlier);
      throw new MergeRefusedError(problem, fix, 'ALREADY_MERGED');
    }
  }
  const [source, target] = await Promise.all([readUser(db, m, sourceUid), readUser(db, m, targetUid)]);
  for (const [role, uid, u] of [['source', sourceUid, source], ['target', targetUid, target]] as const) {
    if (!u) throw new MergeRefusedError(`There is no account with UID "${uid}" (given as ${role}).`, 'Check the UID.', 'UNKNOWN_UID');
    if (u.status === 'deleted' || u.status === 'anonymised') {
      throw new MergeRefusedError(`The ${role} account ${uid} is already ${u.status}.`, 'Only active or inactive accounts can be merged.', 'ACCOUNT_GONE');
    }
  }
  if (source!.id === operator.id) {
    throw new MergeRefusedError(
      `The source account ${sourceUid} is your own account (${operator.login}); merging it away would end your own administrator access.`,
      'Merge it as another administrator, or keep your account as the target.',
      'OWN_ACCOUNT',
    );
  }
  const clearance = await loadClearance(db, m, operator.id);
  if (!clearance.can('delete', source!.org_unit_id)) {
    throw new MergeRefusedError(
      `${operator.login} lacks Delete clearance on org unit ${await orgUnitName(db, m, source!.org_unit_id)} of the source account ${sourceUid}.`,
      'Ask for Delete clearance on that org unit (or an ancestor with subunits), or merge as an administrator who has it.',
      'NO_CLEARANCE',
    );
  }
  if (!clearance.can('edit', target!.org_unit_id)) {
    throw new MergeRefusedError(
      `${operator.login} lacks Edit clearance on org unit ${await orgUnitName(db, m, target!.org_unit_id)} of the target account ${targetUid}.`,
      'Ask for Edit clearance on that org unit (or an ancestor with subunits), or merge as an administrator who has it.',
      'NO_CLEARANCE',
    );
  }
  await refuseLastFullAdministrator(db, m, source!);
  return { source: source!, target: target! };
}

/**
 * Every source disposition ends the source's sign-in (deleted, anonymised without login and
 * password, or inactive) and its clearances stay with it, so merging away the only active
 * administrator with full clearance would leave nobody able to administer everything.
 */
async function refuseLastFullAdministrator(db: Knex, m: LmsMapping, source: User): Promise<void> {
  if (!(source.raw.is_admin === true || Number(source.raw.is_admin) === 1)) return;
  const full = await fullAdministrators(db, m);
  if (full.includes(source.id) && full.length === 1) {
    throw new MergeRefusedError(
      `The source account ${source.uid} (${source.login}) is the last active administrator with full clearance (View, Edit and Delete on the whole organisation); merging it away would leave none.`,
      'Give another active administrator full clearance first, or keep this account as the target.',
      'LAST_FULL_ADMIN',
    );
  }
}

