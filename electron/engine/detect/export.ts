/** Writing a scan result to a spreadsheet (.xlsx, via exceljs) or a CSV file. */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { causeLabel } from '../../../shared/causes';
import { UserInputError } from '../../errors';
import { csvLine } from '../../files/csv-cells';
import type { ScanResult } from './scan';

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
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MergeDesk';
  const pairs = wb.addWorksheet('Pairs', { views: [{ state: 'frozen', ySplit: 1 }] });
  pairs.columns = [
    { header: 'UID A', key: 'a', width: 16 },
    { header: 'UID B', key: 'b', width: 16 },
    { header: 'Score', key: 'score', width: 8 },
    { header: 'Likely cause', key: 'cause', width: 40 },
    { header: 'Reasons', key: 'reasons', width: 80 },
    { header: 'Keep', key: 'keep', width: 16 },
    { header: 'Why keep', key: 'keepReasons', width: 80 },
  ];
  for (const p of result.pairs) {
    pairs.addRow({ ...p, cause: causeLabel(p.cause), reasons: p.reasons.join('; '), keepReasons: p.keepReasons.join('; ') });
  }
  pairs.getRow(1).font = { bold: true };
  const clusters = wb.addWorksheet('Clusters', { views: [{ state: 'frozen', ySplit: 1 }] });
  clusters.columns = [
    { header: 'Cluster', key: 'n', width: 8 },
    { header: 'Accounts', key: 'uids', width: 60 },
    { header: 'Keep', key: 'keep', width: 16 },
    { header: 'Merge order', key: 'order', width: 80 },
  ];
  result.clusters.forEach((c, i) =>
    clusters.addRow({ n: i + 1, uids: c.uids.join(', '), keep: c.keep, order: c.mergeOrder.map((s) => `${s.source} → ${s.target}`).join('; ') }),
  );
  clusters.getRow(1).font = { bold: true };
  await wb.xlsx.writeFile(file);
}
