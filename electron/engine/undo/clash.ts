import type { Knex } from 'knex';
import type { LmsMapping } from '../../db/mapping';
import type { Row } from '../merge/types';
import { UndoRefusedError } from './undo';

/** One account the merge journaled: its row before the merge, and whether the undo leaves it as it is now (partial undo). */
export interface JournaledAccount {
  id: unknown;
  before: Row | null;
  skipped: boolean;
}

const same = (a: unknown, b: unknown) => a !== null && a !== undefined && b !== null && b !== undefined && String(a).toLowerCase() === String(b).toLowerCase();

/**
 * Before the undo writes anything: every account it gives back its UID, login and email must
 * not find them taken. Taken means by any other account that keeps its current row (a third
 * account, or a journaled one a partial undo leaves as it is, e.g. a target that took over
 * the login and changed since). UID and login are unique keys; the email only counts as taken
 * by a journaled account that did not have it before the merge (emails may be shared).
 */
export async function assertNoRestoreClash(trx: Knex.Transaction, m: LmsMapping, accounts: JournaledAccount[]): Promise<void> {
  const restoredIds = accounts.filter((a) => !a.skipped).map((a) => a.id);
  const kept = new Map(accounts.filter((a) => a.skipped).map((a) => [String(a.id), a]));
  for (const a of accounts) {
    if (a.skipped || !a.before) continue;
    const first = a.before;
    const q = trx(m.table('users')).select(m.select('users', ['id', 'uid', 'login', 'email']));
    if (restoredIds.length) q.whereNotIn(m.col('users', 'id'), restoredIds as never);
    q.where((w) => {
      w.where(m.col('users', 'uid'), first.uid as never).orWhere(m.col('users', 'login'), first.login as never);
      if (first.email) w.orWhere(m.col('users', 'email'), first.email as never);
    });
    for (const other of (await q) as Row[]) {
      const what = same(other.uid, first.uid) ? 'UID' : same(other.login, first.login) ? 'login' : 'email';
      const wasTheirs = kept.get(String(other.id))?.before;
      if (what === 'email' && (!kept.has(String(other.id)) || same(wasTheirs?.email, first.email))) continue;
      const value = what === 'UID' ? first.uid : what === 'login' ? first.login : first.email;
      const partial = kept.has(String(other.id)) ? ' (it changed since the merge, so a partial undo keeps its row as it is now)' : '';
      throw new UndoRefusedError(
        `The account ${String(first.uid)} cannot get back its ${what} "${String(value)}": account ${String(other.uid)} uses it now${partial}. Nothing was changed.`,
        `Give account ${String(other.uid)} another ${what} first, then undo again.`,
        'RESTORE_CLASH',
      );
    }
  }
}
