import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { LmsMapping } from '../../electron/db/mapping';
import { generateDemo, type DemoResult } from '../../electron/demo/index';
import { scan } from '../../electron/engine/detect/scan';
import { evaluate, formatQuality, stripIdentifiers } from './quality';

/**
 * Detection quality on a small generated demo (a seed the model was not tuned on). The
 * issue's targets (precision 0.97, recall 0.95, right cause 90%) hold on 5,000-user demos;
 * small demos have few pairs, so the thresholds here keep some margin.
 */
const USERS = 2500;
const SEED = 4711;

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`detection quality on a generated demo (${kind.kind})`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    let demo: DemoResult;
    const m = new LmsMapping();
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      demo = await generateDemo(db, m, { users: USERS, seed: SEED });
    });
    afterAll(async () => tdb?.drop());

    it('finds the planted pairs with high precision and names their cause', async () => {
      const result = await scan(db, m);
      const q = evaluate(result, demo.plantedPairs, demo.hardNegatives);
      console.log(`${kind.kind}, ${USERS} users, seed ${SEED}:\n${formatQuality(q)}`);
      expect(q.planted).toBeGreaterThan(50);
      expect(q.precision).toBeGreaterThanOrEqual(0.94);
      expect(q.recall).toBeGreaterThanOrEqual(0.92);
      expect(q.causeAccuracy).toBeGreaterThanOrEqual(0.88);
      expect(q.hardNegativesFlagged).toBeLessThanOrEqual(q.hardNegatives / 2);
    });

    it('still works without e-mails, logins and employee IDs', async () => {
      await stripIdentifiers(db, m);
      const result = await scan(db, m);
      const q = evaluate(result, demo.plantedPairs, demo.hardNegatives);
      console.log(`${kind.kind}, ${USERS} users, seed ${SEED}, no identifiers:\n${formatQuality(q)}`);
      expect(q.precision).toBeGreaterThanOrEqual(0.9);
      expect(q.recall).toBeGreaterThanOrEqual(0.8);
      for (const p of result.pairs) expect(p.reasons.join(' ')).not.toMatch(/employee ID|e-mail address/);
    });
  });
}
