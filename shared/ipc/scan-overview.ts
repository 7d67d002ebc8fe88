import type { DetectedCause } from '../causes';
import type { SourceDisposition } from '../merge-settings';

/** The Duplicates screen's overview in pictures: aggregates of one scan, made in the main process. */
export interface ScanOverviewView {
  pairs: number;
  /** The model's threshold (the lowest score reported), marked in the score distribution. */
  threshold: number;
  /** Pairs per likely cause, most first (causes without pairs left out). */
  byCause: { cause: DetectedCause; pairs: number }[];
  /** Pairs per org unit of the account each pair would remove, by name, most first; the rest summed in `otherOrgUnits`. */
  byOrgUnit: { orgUnit: string; pairs: number }[];
  otherOrgUnits: { units: number; pairs: number };
  /** Score bins of 0.05 from below the threshold to 1 (1.00 counts in the last bin). */
  scoreBins: { from: number; to: number; pairs: number }[];
  /** Clusters (one person's accounts) by how many accounts they hold, smallest first. */
  clusterSizes: { size: number; clusters: number }[];
  /** Merging every cluster into its kept account: accounts removed, and those active now (a licence each). */
  licences: { accountsToRemove: number; activeToRemove: number; disposition: SourceDisposition };
}
