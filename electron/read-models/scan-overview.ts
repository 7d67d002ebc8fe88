import type { Knex } from 'knex';
import { DUPLICATE_CAUSE_IDS, type DetectedCause } from '@shared/causes';
import type { ScanOverviewView } from '@shared/ipc/scan-overview';
import type { SourceDisposition } from '@shared/merge-settings';
import type { LmsMapping } from '../db/mapping';
import { freesLicence } from '../engine/runs/licences';

/**
 * The aggregates behind the Duplicates screen's overview. Linear in the pairs; the database
 * is read once per 1,000 accounts involved (far below SQL Server's 2,100 parameters) and once
 * per 1,000 org units, so a scan of 100,000 users stays a matter of milliseconds here.
 */
const CHUNK = 1000;
const BIN = 0.05;
/** Org units shown by name; the rest is one "other" bar. */
export const ORG_UNITS_SHOWN = 8;

export interface OverviewInput {
  pairs: readonly { a: string; b: string; score: number; cause: DetectedCause; keep: string }[];
  clusters: readonly { uids: readonly string[]; keep: string }[];
  threshold: number;
  disposition: SourceDisposition;
}

async function accounts(db: Knex, m: LmsMapping, uids: string[]): Promise<Map<string, { status: string; orgUnitId: number }>> {
  const out = new Map<string, { status: string; orgUnitId: number }>();
  for (let i = 0; i < uids.length; i += CHUNK) {
    const rows = await db(m.table('users')).select(m.select('users', ['uid', 'status', 'org_unit_id'])).whereIn(m.col('users', 'uid'), uids.slice(i, i + CHUNK));
    for (const raw of rows) {
      const r = m.fromDbRow('users', raw);
      out.set(String(r.uid), { status: String(r.status), orgUnitId: Number(r.org_unit_id) });
    }
  }
  return out;
}

async function orgUnitNames(db: Knex, m: LmsMapping, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db(m.table('org_units')).select(m.select('org_units', ['id', 'name'])).whereIn(m.col('org_units', 'id'), ids.slice(i, i + CHUNK));
    for (const raw of rows) {
      const r = m.fromDbRow('org_units', raw);
      out.set(Number(r.id), String(r.name));
    }
  }
  return out;
}

const mostFirst = <T extends { pairs: number }>(rows: T[], name: (r: T) => string) => rows.sort((x, y) => y.pairs - x.pairs || (name(x) < name(y) ? -1 : 1));

export async function scanOverview(db: Knex, m: LmsMapping, s: OverviewInput): Promise<ScanOverviewView> {
  // The account a pair would remove, as the scan summaries count it (md_scan_summaries).
  const removed = (p: { a: string; b: string; keep: string }) => (p.keep === p.a ? p.b : p.a);
  const toRemove = s.clusters.flatMap((c) => c.uids.filter((u) => u !== c.keep));
  const facts = await accounts(db, m, [...new Set([...s.pairs.map(removed), ...toRemove])]);

  const causes = new Map<DetectedCause, number>();
  const units = new Map<number, number>();
  const low = Math.max(0, Math.floor(s.pairs.reduce((min, p) => Math.min(min, p.score), s.threshold) / BIN + 1e-9) * BIN);
  const binCount = Math.max(1, Math.round((1 - low) / BIN));
  const bins = Array.from({ length: binCount }, (_, i) => ({ from: Math.round((low + i * BIN) * 100) / 100, to: Math.round((low + (i + 1) * BIN) * 100) / 100, pairs: 0 }));
  for (const p of s.pairs) {
    causes.set(p.cause, (causes.get(p.cause) ?? 0) + 1);
    const unit = facts.get(removed(p))?.orgUnitId;
    if (unit !== undefined) units.set(unit, (units.get(unit) ?? 0) + 1);
    bins[Math.min(binCount - 1, Math.max(0, Math.floor((p.score - low) / BIN + 1e-9)))]!.pairs++;
  }
  const names = await orgUnitNames(db, m, [...units.keys()]);
  const byUnit = mostFirst([...units].map(([id, pairs]) => ({ orgUnit: names.get(id) ?? String(id), pairs })), (r) => r.orgUnit);
  const rest = byUnit.slice(ORG_UNITS_SHOWN);

  const sizes = new Map<number, number>();
  for (const c of s.clusters) sizes.set(c.uids.length, (sizes.get(c.uids.length) ?? 0) + 1);

  return {
    pairs: s.pairs.length,
    threshold: s.threshold,
    byCause: mostFirst([...DUPLICATE_CAUSE_IDS, 'unknown' as const].filter((c) => causes.has(c)).map((cause) => ({ cause, pairs: causes.get(cause)! })), (r) => r.cause),
    byOrgUnit: byUnit.slice(0, ORG_UNITS_SHOWN),
    otherOrgUnits: { units: rest.length, pairs: rest.reduce((n, r) => n + r.pairs, 0) },
    scoreBins: bins,
    clusterSizes: [...sizes].sort((x, y) => x[0] - y[0]).map(([size, clusters]) => ({ size, clusters })),
    licences: { accountsToRemove: toRemove.length, activeToRemove: toRemove.filter((u) => freesLicence(facts.get(u)?.status)).length, disposition: s.disposition },
  };
}
