/**
 * Scan benchmark: the end-to-end duplicate scan (read, attributes, block + compare,
 * estimate, score, explain, cluster) with its time split per phase, beside a reference
 * measured in the same run on the same database: a plain read of the users table (the
 * same columns, the same keyset chunks, nothing done with the rows). On a shared machine
 * only the ratio to the reference is comparable between runs.
 *
 *   npx tsx test/bench/scan-bench.ts [users=100000] [--population company|demo] [--seed 7] [--db sqlite:FILE|postgres://…]
 *
 * company (default): the company population of test/detect/population.ts (namesakes, five
 * causes); its planted pairs are known, so recall and precision at the default threshold
 * are printed too. demo: the demo generator. Without --db the database is generated once
 * into the temp folder and reused. Targets (issue 11, 2 cores): 100,000 users ≤ 3 s,
 * 1,000,000 ≤ 35 s, peak memory ≤ 1.5 GB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../electron/db/connect';
import { parseConnectionUrl } from '../../electron/db/connection-url';
import { LmsMapping } from '../../electron/db/mapping';
import { scan } from '../../electron/engine/detect/scan';
import { USER_COLUMNS } from '../../electron/engine/detect/records';
import { report } from './figures';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const users = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const seed = Number(opt('--seed') ?? 7);
const population = opt('--population') ?? 'company';
const mapping = new LmsMapping();

let peakRss = 0;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

interface Truth {
  uid_a: string;
  uid_b: string;
}

async function generate(file: string): Promise<void> {
  console.log(`Generating a ${population} database with ${users.toLocaleString('en')} users (seed ${seed}) at ${file} …`);
  const t = performance.now();
  const db = await openDatabase({ kind: 'sqlite', file });
  try {
    if (population === 'demo') {
      const { generateDemo } = await import('../../electron/demo/index');
      await generateDemo(db, mapping, { users, seed });
    } else {
      const { generatePopulation } = await import('../detect/population');
      const { loadUsers } = await import('../detect/load-users');
      const pop = generatePopulation(users, seed);
      await loadUsers(db, pop.units, pop.users, mapping);
      fs.writeFileSync(`${file}.truth.json`, JSON.stringify(pop.truth.map((x) => [x.uid_a, x.uid_b])));
    }
  } catch (err) {
    await db.destroy();
    fs.rmSync(file, { force: true });
    throw err;
  }
  await db.destroy();
  console.log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** The reference: the users the scan reads, read the same way (keyset chunks) and touched once. */
async function plainRead(db: Knex): Promise<{ seconds: number; rows: number }> {
  const t = performance.now();
  const idCol = mapping.col('users', 'id');
  let last = -Infinity;
  let rows = 0;
  let touched = 0;
  for (;;) {
    const q = db(mapping.table('users')).select(mapping.select('users', USER_COLUMNS)).orderBy(idCol).limit(20_000);
    if (last !== -Infinity) q.where(idCol, '>', last);
    const chunk = (await q) as Record<string, unknown>[];
    for (const r of chunk) touched += String(r.last_name ?? '').length;
    rows += chunk.length;
    if (chunk.length < 20_000) break;
    last = Number(chunk[chunk.length - 1]!.id);
  }
  if (touched < 0) console.log(touched);
  return { seconds: (performance.now() - t) / 1000, rows };
}

let url = opt('--db');
let truthFile: string | undefined;
if (!url) {
  const file = path.join(os.tmpdir(), `mergedesk-scan-bench-${population}-${users}-${seed}.db`);
  if (!fs.existsSync(file)) await generate(file);
  url = `sqlite:${file}`;
  if (fs.existsSync(`${file}.truth.json`)) truthFile = `${file}.truth.json`;
}

const db = await openDatabase(parseConnectionUrl(url));
const reference = await plainRead(db);
global.gc?.();
peakRss = process.memoryUsage().rss;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const result = await scan(db, mapping, { connection: parseConnectionUrl(url) });
const total = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await db.destroy();
clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

const s = result.stats;
const t = s.timings;
const line = (label: string, seconds: number) => console.log(`${label.padEnd(22)}${seconds.toFixed(2).padStart(7)} s`);
console.log(`users                 ${result.users.toLocaleString('en')}`);
console.log(`pairs compared        ${s.pairsCompared.toLocaleString('en')} (${s.candidatesPerUser.toFixed(2)} per user), ${Math.round(s.pairsScoredPerSecond).toLocaleString('en')} / s`);
const split = s.oversizedBlocks.filter((b) => b.method === 'split');
console.log(`oversized blocks      ${split.length} split by birth date and evidence (largest ${Math.max(0, ...split.map((b) => b.size))}), ${s.blocksCapped} capped by a window`);
console.log(`pairs reported        ${result.pairs.length.toLocaleString('en')} in ${result.clusters.length.toLocaleString('en')} clusters`);
console.log(`model                 ${Math.round(result.model.expectedDuplicates).toLocaleString('en')} duplicate pairs expected, expected precision ${(result.model.expectedPrecision * 100).toFixed(1)} %, prior ${result.model.priorLog2.toFixed(2)} bits`);
line('reference: plain read', reference.seconds);
line('read users', t.readSeconds);
line('read attributes', t.attributesSeconds);
line('block + compare', t.blockCompareSeconds);
line('estimate model', t.estimateSeconds);
line('score + transitive', t.compareSeconds - t.attributesSeconds - t.blockCompareSeconds - t.estimateSeconds);
line('explain + keep + rank', t.explainSeconds);
line('total (end to end)', total);
console.log(`total / reference     ${(total / reference.seconds).toFixed(1)}×`);
console.log(`CPU time (all threads of this process) ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
console.log(`peak memory (RSS)     ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
for (const k of s.perKey) console.log(`  key ${k.keyType.padEnd(10)} ${String(k.blocks).padStart(9)} blocks ${String(k.pairs).padStart(10)} pairs`);
if (truthFile) {
  const truth = (JSON.parse(fs.readFileSync(truthFile, 'utf8')) as [string, string][]).map(([a, b]): Truth => ({ uid_a: a, uid_b: b }));
  const planted = new Set(truth.map((x) => [x.uid_a, x.uid_b].sort().join('+')));
  const found = result.pairs.filter((p) => planted.has([p.a, p.b].sort().join('+'))).length;
  console.log(`planted pairs found   ${found} of ${planted.size} (recall ${((found / planted.size) * 100).toFixed(1)} %, precision ${((found / Math.max(1, result.pairs.length)) * 100).toFixed(1)} %)`);
}
report({ name: `scan ${users.toLocaleString('en')} users (${population})`, db: url.startsWith('sqlite:') ? 'sqlite' : 'server', seconds: total, floorSeconds: reference.seconds, rssMb: Math.round(peakRss / 2 ** 20) }, 'floor = plain read of the users table');
