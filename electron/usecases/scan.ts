import type { Knex } from 'knex';
import type { LmsMapping } from '../db/mapping';
import { scan, type ScanOptions, type ScanResult } from '../engine/detect/scan';
import { DEFAULT_MIN_SCORE } from '../engine/detect/scoring';
import { recordScanSummary } from '../engine/scans/scan-summaries';

/**
 * The scan use case the CLI and the app call: the detection engine's scan, then a summary
 * row of what it found (md_scan_summaries) for the engagement report. A cancelled or failed
 * scan records nothing.
 */
export async function scanUseCase(
  db: Knex,
  m: LmsMapping,
  options: ScanOptions = {},
  /** Where the scan runs: here by default; the app passes its worker thread (same scan()). */
  run: (options: ScanOptions) => Promise<ScanResult> = (o) => scan(db, m, o),
): Promise<ScanResult> {
  const scannedAt = new Date();
  const result = await run(options);
  await recordScanSummary(db, m, {
    scannedAt,
    operator: options.operator?.login ?? null,
    minScore: options.minScore ?? DEFAULT_MIN_SCORE,
    pairLimit: options.limit ?? null,
    users: result.users,
    pairs: result.pairs,
  });
  return result;
}
