/**
 * Scan benchmark: end-to-end duplicate scan (read, block, score, rank) on a generated
 * demo database.
 *
 *   npx tsx test/bench/scan-bench.ts [users=100000] [--db sqlite:FILE|postgres://…] [--seed 7]
 *
 * Without --db the demo database is generated once into the temp folder and reused.
 * Prints users, candidates per user, pairs scored per second, phase timings and peak memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/db/connect';
import { parseConnectionUrl } from '../../electron/db/connection-url';
import { LmsMapping } from '../../electron/db/mapping';
import { scan } from '../../electron/engine/detect/scan';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const users = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const seed = Number(opt('--seed') ?? 7);
const mapping = new LmsMapping();

let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

let url = opt('--db');
if (!url) {
  const file = path.join(os.tmpdir(), `mergedesk-scan-bench-${users}-${seed}.db`);
  if (!fs.existsSync(file)) {
    console.log(`Generating a demo database with ${users.toLocaleString('en')} users (seed ${seed}) at ${file} …`);
    const db = await openDatabase({ kind: 'sqlite', file });
    const { generateDemo } = await import('../../electron/demo/index');
    const t = performance.now();
    try {
      await generateDemo(db, mapping, { users, seed });
    } catch (err) {
      await db.destroy();
      fs.rmSync(file, { force: true });
      throw err;
    }
    await db.destroy();
    console.log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  url = `sqlite:${file}`;
}

const db = await openDatabase(parseConnectionUrl(url));
peakRss = process.memoryUsage().rss;
const t0 = performance.now();
const result = await scan(db, mapping, {});
const total = (performance.now() - t0) / 1000;
await db.destroy();
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

const s = result.stats;
console.log(`users                 ${result.users.toLocaleString('en')}`);
console.log(`candidate pairs       ${result.candidates.toLocaleString('en')} (${s.candidatesPerUser.toFixed(2)} per user)`);
console.log(`pairs scored / s      ${Math.round(s.pairsScoredPerSecond).toLocaleString('en')}`);
console.log(`pairs reported        ${result.pairs.length.toLocaleString('en')} in ${result.clusters.length.toLocaleString('en')} clusters`);
console.log(`oversized blocks      ${s.oversizedBlocks.length}${s.oversizedBlocks.length ? ` (largest ${Math.max(...s.oversizedBlocks.map((b) => b.size))})` : ''}`);
console.log(`read                  ${s.timings.readSeconds.toFixed(2)} s`);
console.log(`block + score         ${s.timings.compareSeconds.toFixed(2)} s`);
console.log(`  read attributes     ${s.timings.attributesSeconds.toFixed(2)} s`);
console.log(`  block + compare     ${s.timings.blockCompareSeconds.toFixed(2)} s`);
console.log(`  estimate model      ${s.timings.estimateSeconds.toFixed(2)} s`);
console.log(`explain + keep + rank ${s.timings.explainSeconds.toFixed(2)} s`);
console.log(`total (end to end)    ${total.toFixed(2)} s`);
console.log(`peak memory (RSS)     ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
for (const k of s.perKey) console.log(`  key ${k.keyType.padEnd(10)} ${String(k.blocks).padStart(9)} blocks ${String(k.pairs).padStart(10)} pairs`);
