import type { Knex } from 'knex';
import { loadClearance } from '../../auth/clearance';
import type { LmsMapping } from '../../db/mapping';
import type { RunRecord } from './ledger';

/**
 * Which runs an administrator may see: those on accounts they may view. An account's org
 * unit is its current one; for an account that no longer exists (the merged-away source),
 * the one its run recorded. A run is hidden when any of its accounts is in an org unit the
 * administrator has no View clearance on.
 */
export async function runsVisibleTo(db: Knex, m: LmsMapping, operatorId: number): Promise<(runs: RunRecord[]) => Promise<RunRecord[]>> {
  const clearance = await loadClearance(db, m, operatorId);
  return async (runs) => {
    const uids = [...new Set(runs.flatMap((r) => [r.sourceUid, r.targetUid]))];
    const unitOf = new Map<string, number>();
    for (let i = 0; i < uids.length; i += 1000) {
      const rows = (await db(m.table('users')).select(m.select('users', ['uid', 'org_unit_id'])).whereIn(m.col('users', 'uid'), uids.slice(i, i + 1000))) as { uid: string; org_unit_id: number }[];
      for (const u of rows) unitOf.set(String(u.uid), Number(u.org_unit_id));
    }
    return runs.filter((r) => {
      const recorded = (r.summary.orgUnits ?? {}) as { source?: number | null; target?: number | null };
      const units = [unitOf.get(r.sourceUid) ?? recorded.source ?? null, unitOf.get(r.targetUid) ?? recorded.target ?? null];
      return units.every((u) => u === null || clearance.can('view', u));
    });
  };
}
