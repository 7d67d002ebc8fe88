/**
 * `npm run bench`: runs every test/bench/*-bench.ts one after another (each in its own
 * process so one's memory does not colour the next's figures) and prints their figures.
 * `npm run bench -- scan` runs only the benchmarks whose name contains "scan".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('-bench.ts') && (!filter || f.includes(filter)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' });
  console.log(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s wall, exit ${res.status})`);
  if (res.status !== 0) failed++;
}
if (benches.length === 0) console.log('No benchmark matched.');
process.exitCode = failed ? 1 : 0;
