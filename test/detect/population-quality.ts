/**
 * Detection quality on the company population (population.ts), a noise model of its own:
 *
 *   npx tsx test/detect/population-quality.ts [--users 100000] [--seeds 1,2] [--verbose]
 */
import { measure, printMeasure } from './load-users';
import { generatePopulation } from './population';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const users = Number(arg('--users') ?? 20_000);
for (const seed of (arg('--seeds') ?? '1').split(',').map(Number)) {
  const pop = generatePopulation(users, seed);
  const r = await measure(pop.units, pop.users, pop.truth);
  printMeasure(`population seed ${seed}`, r, process.argv.includes('--verbose'));
}
