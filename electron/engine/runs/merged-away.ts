import type { Knex } from 'knex';
import { mergedRunsBySource } from './ledger';

/**
 * "This account was merged away in run N": a committed merge run (outcome `merged`, not a
 * dry run) that names the account as its source. An undone merge has outcome `undone`, so
 * after an undo the account counts as merged away no more. Whatever the source disposition
 * (deleted, anonymised or deactivated), such an account is never again a source or a
 * target of a merge until that merge is undone: its training history already went to the
 * run's target.
 */
export interface MergedAway {
  uid: string;
  runId: number;
  targetUid: string;
  /** When the merge finished (committed); the start time if the finish was not recorded. */
  at: Date | null;
  operator: string;
}

/** The merge run that merged each of these accounts away (the latest, if ever more than one). */
export async function findMergedAway(db: Knex, uids: readonly string[], options: { settled?: boolean } = {}): Promise<Map<string, MergedAway>> {
  const out = new Map<string, MergedAway>();
  // Oldest first, so the latest run per account wins.
  for (const r of await mergedRunsBySource(db, [...new Set(uids)], options)) {
    out.set(r.sourceUid, { uid: r.sourceUid, runId: r.id, targetUid: r.targetUid, at: r.finishedAt ?? r.startedAt, operator: r.operator });
  }
  return out;
}

/** "2026-12-01 22:10 UTC": the date the messages give. */
export const runDate = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an unknown date');

/** The refusal text for an account merged away, used as `role` ("source" or "target") of a new merge. */
export function mergedAwayMessage(role: 'source' | 'target', m: MergedAway): { problem: string; fix: string } {
  return {
    // The undo command is in the problem itself: a refused run records only the problem.
    problem: `The ${role} account ${m.uid} was already merged into ${m.targetUid} in run ${m.runId} on ${runDate(m.at)} (by ${m.operator}); a merged account is never merged again or given another account until that merge is undone (mergedesk undo --run ${m.runId} --as LOGIN).`,
    fix: `Undo run ${m.runId} first (in the app: History → Undo), or choose another account.`,
  };
}
