import type { Knex } from 'knex';
import { readRunDetails, type RunRecord } from './ledger';

/**
 * Licences freed by merges. Every source disposition (delete, anonymise, deactivate) leaves
 * the removed account not active, so a merge frees a licence exactly when the account it
 * removed was active before.
 */
export function freesLicence(statusBefore: string | null | undefined): boolean {
  return statusBefore === 'active';
}

/** Whether the removed account was active before the merge (from the run's summary, else its stored plan). */
export async function sourceWasActive(db: Knex, run: RunRecord): Promise<boolean> {
  const recorded = run.summary.sourceStatus;
  if (typeof recorded === 'string') return freesLicence(recorded);
  const plan = await readRunDetails<{ source?: { status?: string } }>(db, run.id);
  return freesLicence(plan?.source?.status);
}

/**
 * Licences each run freed: 1 for a committed merge (not a dry run, not undone since) whose
 * removed account was active, else 0. The stored plan is read only for runs recorded
 * before their summary carried the status.
 */
export async function licencesFreedByRuns(db: Knex, runs: readonly RunRecord[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const r of runs) {
    const freed = r.kind === 'merge' && r.outcome === 'merged' && !r.dryRun;
    out.set(r.id, freed && (await sourceWasActive(db, r)) ? 1 : 0);
  }
  return out;
}
