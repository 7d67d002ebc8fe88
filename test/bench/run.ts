/**
 * `npm run bench`: runs every test/bench/*-bench.ts one after another (each in its own
 * process so one's memory does not colour the next's figures) and prints their figures.
 * `npm run bench -- scan` runs only the benchmarks whose name contains "scan".
 * `npm run bench -- --json` prints only the figures, as one JSON array
 * `[{ "name", "db", "seconds", "floorSeconds", "rssMb" }]` (the benchmarks' own output goes to stderr).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const filter = args.find((a) => !a.startsWith('--'));
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('-bench.ts') && (!filter || f.includes(filter)))
  .sort();
const figures = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mergedesk-bench-figures-')), 'figures.jsonl');
const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

let failed = 0;
for (const file of benches) {
  say(`\n=== ${file} ===`);
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, file)], {
    stdio: ['ignore', json ? process.stderr : 'inherit', 'inherit'],
    env: { ...process.env, BENCH_FIGURES: figures },
  });
  say(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s wall, exit ${res.status})`);
  if (res.status !== 0) failed++;
}
if (benches.length === 0) say('No benchmark matched.');
if (json) {
  const lines = fs.existsSync(figures) ? fs.readFileSync(figures, 'utf8').split('\n').filter(Boolean) : [];
  const list = lines.map((l) => JSON.parse(l) as Record<string, unknown>).map((f) => ({ name: f.name, db: f.db, seconds: f.seconds, floorSeconds: f.floorSeconds, rssMb: f.rssMb }));
  process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
}
fs.rmSync(path.dirname(figures), { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
