import fs from 'node:fs';
import type { Knex } from 'knex';
import { UserInputError } from '../errors';
import type { LmsMapping } from '../db/mapping';
import { createReferenceSchema } from '../db/reference-schema';
import { migrateToolTables } from '../db/tool-schema';
import { assertEmptyLms, DemoGenerator } from './generate';
import type { DemoOptions, DemoResult, PlantedPair } from './types';

export type { DemoAdmin, DemoOptions, DemoProgress, DemoResult, HardNegative, HardNegativeKind, PlantedPair } from './types';
export { DUPLICATE_SHARE } from './planted';
export { DEMO_NOW, uidOf } from './values';

/**
 * Fills an empty LMS database with a deterministic demo: organisation, catalogue,
 * users with training history, planted duplicates (the five causes) and hard negatives.
 * The same seed and size give byte-identical table contents.
 */
export async function generateDemo(db: Knex, mapping: LmsMapping, options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  if (!Number.isInteger(options.users) || options.users < 10) {
    throw new UserInputError(`A demo needs at least 10 users (asked for ${options.users}).`, 'Give a whole number of users of 10 or more.', 'DEMO_SIZE');
  }
  if (!Number.isInteger(options.seed)) {
    throw new UserInputError(`The demo seed must be a whole number (got ${options.seed}).`, 'Give a whole number as seed, e.g. 42.', 'DEMO_SEED');
  }
  await migrateToolTables(db);
  await createReferenceSchema(db, mapping);
  await assertEmptyLms(db, mapping);
  const gen = new DemoGenerator(db, mapping, options);
  await gen.run();
  return {
    users: options.users,
    plantedPairs: gen.plantedPairs,
    hardNegatives: gen.hardNegatives,
    admins: gen.admins,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The planted pairs as CSV: header `uid_a,uid_b,cause`, one pair per row. */
export function writeTruthCsv(file: string, pairs: PlantedPair[]): void {
  const lines = ['uid_a,uid_b,cause', ...pairs.map((p) => [p.uid_a, p.uid_b, p.cause].map(csvField).join(','))];
  fs.writeFileSync(file, `${lines.join('\n')}\n`, 'utf8');
}

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
