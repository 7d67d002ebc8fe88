/**
 * Demo generator benchmark: `npx tsx test/bench/demo-bench.ts [users]` (default 100000).
 * Generates into a temporary SQLite file and prints seconds, rows per table and peak RSS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/connect';
import { LmsMapping } from '../../electron/db/mapping';
import { LMS_TABLE_NAMES } from '../../electron/db/lms-tables';
import { generateDemo } from '../../electron/demo/index';

const users = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 42);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergedesk-bench-'));
const file = path.join(dir, 'demo.db');

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

const mapping = new LmsMapping();
const db = await openDatabase({ kind: 'sqlite', file });
try {
  let lastPrint = 0;
  const result = await generateDemo(db, mapping, {
    users,
    seed,
    onProgress: (p) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (p.phase === 'users' && p.done - lastPrint >= users / 10) {
        lastPrint = p.done;
        process.stderr.write(`  ${p.done}/${p.total} users\n`);
      }
    },
  });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`users: ${users}  seed: ${seed}`);
  console.log(`seconds: ${result.seconds.toFixed(1)}`);
  console.log(`planted pairs: ${result.plantedPairs.length}, hard negatives: ${result.hardNegatives.length}`);
  let total = 0;
  console.log('rows per table:');
  for (const t of LMS_TABLE_NAMES) {
    const n = Number((await db(mapping.table(t)).count({ n: '*' }).first())?.n ?? 0);
    total += n;
    console.log(`  ${t.padEnd(20)} ${String(n).padStart(12)}`);
  }
  console.log(`  ${'total'.padEnd(20)} ${String(total).padStart(12)}`);
  console.log(`file size: ${(fs.statSync(file).size / 1e6).toFixed(0)} MB`);
  console.log(`peak RSS: ${(peakRss / 1e6).toFixed(0)} MB`);
} finally {
  clearInterval(sampler);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
