/** Writing a scan result to a spreadsheet (.xlsx) or a CSV file. */
import fs from 'node:fs';
import path from 'node:path';
import { causeLabel } from '@shared/causes';
import type { ScanResult } from '../engine/detect/scan';
import { UserInputError } from '../errors';
import { csvLine } from '../files/csv-cells';
import type { Language } from '@shared/i18n/languages';
import { logfileLabels, workbookT } from './logfile-labels';
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

/** Writes the scan to a .csv (machine-readable columns) or .xlsx file (its words in `language`). */
export async function writeScanFile(file: string, result: ScanResult, language: Language = 'en'): Promise<void> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    fs.writeFileSync(file, `\uFEFF${scanToCsv(result)}`, 'utf8');
    return;
  }
  if (ext !== '.xlsx') throw new UserInputError(`Cannot write "${file}": unknown file type.`, 'Name a .xlsx or .csv file with --out.', 'USAGE');
  const words = logfileLabels(language).scan;
  const C = words.column;
  const pairs = tableSheet(
    words.sheet.pairs,
    [
      { header: C.a, width: 16 },
      { header: C.b, width: 16 },
      { header: C.score, width: 10 },
      { header: C.cause, width: 30, wrap: true },
      { header: C.reasons, width: 60, wrap: true },
      { header: C.keep, width: 16 },
      { header: C.keepReasons, width: 60, wrap: true },
    ],
    result.pairs.map((p) => [p.a, p.b, p.score, causeLabel(p.cause), p.reasons.join('; '), p.keep, p.keepReasons.join('; ')]),
  );
  const clusters = tableSheet(
    words.sheet.clusters,
    [
      { header: C.cluster, width: 8 },
      { header: C.accounts, width: 60, wrap: true },
      { header: C.keep, width: 16 },
      { header: C.mergeOrder, width: 80, wrap: true },
    ],
    result.clusters.map((c, i) => [i + 1, c.uids.join(', '), c.keep, c.mergeOrder.map((s) => `${s.source} → ${s.target}`).join('; ')]),
  );
  await writeWorkbook(file, workbookT(language)('logfile:scan.title', { file: path.basename(file) }), [pairs, clusters], new Date(), language);
}
