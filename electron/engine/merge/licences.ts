import type { MergeResult } from './engine';

/**
 * Active accounts a merge freed: the removed account was active before and is deleted,
 * anonymised or deactivated after it (every disposition ends its activity). The same rule
 * as the engagement report's activeAccountsFreed, for one run.
 */
export function licencesFreed(result: Pick<MergeResult, 'outcome' | 'plan' | 'dryRun'>): number {
  if (result.outcome !== 'merged' || result.dryRun || !result.plan) return 0;
  return result.plan.source.status === 'active' ? 1 : 0;
}
