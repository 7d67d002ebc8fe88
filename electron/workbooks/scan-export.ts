/** Writing a scan result to a spreadsheet (.xlsx) or a CSV file. */
import fs from 'node:fs';
import path from 'node:path';
import { causeLabel } from '@shared/causes';
import type { ScanResult } from '../engine/detect/scan';
import { UserInputError } from '../errors';
import { csvLine } from '../files/csv-cells';
import { tableSheet, writeWorkbook } from './sheets';

export function scanToCsv(result: ScanResult): string {
  const lines = [csvLine(['uid_a', 'uid_b', 'score', 'cause', 'reasons', 'keep', 'keep_reasons', 'cluster'])];
  const clusterOf = new Map<string, number>();
  result.clusters.forEach((c, i) => c.uids.forEach((u) => clusterOf.set(u, i + 1)));
  for (const p of result.pairs) {
    // csvLine neutralises values a spreadsheet would run as a formula (a UID like "=cmd|…").
    lines.push(csvLine([p.a, p.b, p.score, p.cause, p.reasons.join('; '), p.keep, p.keepReasons.join('; '), clusterOf.get(p.a) ?? '']));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function writeScanFile(file: string, result: ScanResult): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    fs.writeFileSync(file, `\uFEFF${scanToCsv(result)}`, 'utf8');
    return;
  }
  if (ext !== '.xlsx') throw new UserInputError(`Cannot write "${file}": unknown file type.`, 'Name a .xlsx or .csv file with --out.', 'USAGE');
  const pairs = tableSheet(
    'Pairs',
    [
      { header: 'UID A', width: 16 },
      { header: 'UID B', width: 16 },
      { header: 'Score', width: 8 },
      { header: 'Likely cause', width: 30, wrap: true },
      { header: 'Reasons', width: 60, wrap: true },
      { header: 'Keep', width: 16 },
      { header: 'Why keep', width: 60, wrap: true },
    ],
    result.pairs.map((p) => [p.a, p.b, p.score, causeLabel(p.cause), p.reasons.join('; '), p.keep, p.keepReasons.join('; ')]),
  );
  const clusters = tableSheet(
    'Clusters',
    [
      { header: 'Cluster', width: 8 },
      { header: 'Accounts', width: 60, wrap: true },
      { header: 'Keep', width: 16 },
      { header: 'Merge order', width: 80, wrap: true },
    ],
    result.clusters.map((c, i) => [i + 1, c.uids.join(', '), c.keep, c.mergeOrder.map((s) => `${s.source} → ${s.target}`).join('; ')]),
  );
  await writeWorkbook(file, `MergeDesk scan ${path.basename(file)}`, [pairs, clusters]);
}
