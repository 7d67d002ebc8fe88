/**
 * Detection quality on the company population (population.ts), a noise model of its own:
 *
 *   npx tsx test/detect/population-quality.ts [--users 100000] [--seeds 1,2] [--verbose] [--analyse]
 *
 * --analyse also scans with a threshold near zero and prints, for every missed pair and
 * every false positive at the default threshold, its score and evidence (why it fell short).
 */
import { DEFAULT_MIN_SCORE } from '../../electron/engine/detect/scoring';
import { scan } from '../../electron/engine/detect/scan';
import { sqliteTestDatabase, tempDir } from '../helpers/databases';
import { loadUsers, measure, printMeasure } from './load-users';
import { generatePopulation } from './population';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const users = Number(arg('--users') ?? 20_000);
for (const seed of (arg('--seeds') ?? '1').split(',').map(Number)) {
  const pop = generatePopulation(users, seed);
  if (process.argv.includes('--analyse')) {
    await analyse(pop);
    continue;
  }
  const r = await measure(pop.units, pop.users, pop.truth);
  printMeasure(`population seed ${seed}`, r, process.argv.includes('--verbose'));
}

async function analyse(pop: ReturnType<typeof generatePopulation>): Promise<void> {
  const tdb = sqliteTestDatabase(tempDir('mergedesk-analyse-'));
  const db = await tdb.open();
  try {
    const m = await loadUsers(db, pop.units, pop.users);
    const result = await scan(db, m, { minScore: 1e-9 });
    const key = (a: string, b: string) => (a < b ? `${a}+${b}` : `${b}+${a}`);
    const byPair = new Map(result.pairs.map((p) => [key(p.a, p.b), p]));
    const truth = new Map(pop.truth.map((t) => [key(t.uid_a, t.uid_b), t]));
    const line = (p: (typeof result.pairs)[number]) => p.evidence.map((e) => `${e.field}=${e.level}(${e.weight})`).join(' ');
    console.log(`prior ${result.model.priorLog2} bits`);
    for (const [k, t] of truth) {
      const p = byPair.get(k);
      if (p && p.score >= DEFAULT_MIN_SCORE) continue;
      console.log(`MISS ${t.cause}${t.dobMissing ? ' nodob' : ''} ${k} ${p ? p.score.toExponential(2) + ' ' + line(p) : 'not compared'}`);
    }
    for (const p of result.pairs) {
      if (p.score < DEFAULT_MIN_SCORE || truth.has(key(p.a, p.b))) continue;
      console.log(`FP ${key(p.a, p.b)} ${p.score} ${line(p)}`);
    }
  } finally {
    await tdb.drop();
  }
}
