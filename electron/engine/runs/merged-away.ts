import type { Knex } from 'knex';

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

const CHUNK = 1000;

function when(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : typeof v === 'number' || /^\d+$/.test(String(v)) ? new Date(Number(v)) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The merge run that merged each of these accounts away (the latest, if ever more than one). */
export async function findMergedAway(db: Knex, uids: readonly string[]): Promise<Map<string, MergedAway>> {
  const out = new Map<string, MergedAway>();
  const unique = [...new Set(uids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = (await db('md_merge_runs')
      .select('id', 'source_uid', 'target_uid', 'operator_login', 'started_at', 'finished_at')
      .where('outcome', 'merged')
      .where('dry_run', false)
      .whereIn('source_uid', unique.slice(i, i + CHUNK))
      .orderBy('id')) as Record<string, unknown>[];
    for (const r of rows) {
      const uid = String(r.source_uid);
      out.set(uid, { uid, runId: Number(r.id), targetUid: String(r.target_uid), at: when(r.finished_at) ?? when(r.started_at), operator: String(r.operator_login) });
    }
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
