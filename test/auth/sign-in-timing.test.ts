import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateOperator, type PasswordHasher } from '../../electron/auth/operator';
import { LmsMapping } from '../../electron/db/mapping';
import { databaseKinds, type TestDatabase } from '../helpers/databases';
import { Fixture } from '../merge/fixtures';

const m = new LmsMapping();
const COST = 10;

/** The real bcrypt, counting the comparisons and the cost of each hash compared against. */
function countingHasher(): PasswordHasher & { costs: number[] } {
  const costs: number[] = [];
  return {
    costs,
    compare: async (password, hash) => {
      costs.push(Number(/^\$2[abxy]?\$(\d{2})\$/.exec(hash)?.[1]));
      return bcrypt.compare(password, hash);
    },
  };
}

async function failedSignIn(db: Knex, login: string, password: string, hasher?: PasswordHasher): Promise<number> {
  const started = performance.now();
  await expect(authenticateOperator(db, m, login, password, hasher)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  return performance.now() - started;
}

for (const kind of await databaseKinds()) {
  describe.skipIf(kind.skip)(`sign-in takes one bcrypt comparison whoever signs in (${kind.kind})`, () => {
    let tdb: TestDatabase;
    let db: Knex;
    beforeAll(async () => {
      tdb = await kind.create();
      db = await tdb.open();
      const fx = await Fixture.create(db, m);
      await db(m.table('users')).where(m.col('users', 'login'), 'admin').update({ [m.col('users', 'password_hash')]: bcrypt.hashSync('demo', COST) });
      await fx.user({ login: 'no.password', is_admin: true, password_hash: null });
    });
    afterAll(async () => tdb?.drop());

    it('compares against a hash of the LMS\'s own cost for an unknown login and a login without a password', async () => {
      for (const login of ['nobody.here', 'no.password', 'admin']) {
        const hasher = countingHasher();
        await failedSignIn(db, login, 'guess', hasher);
        expect(hasher.costs, login).toEqual([COST]);
      }
      const hasher = countingHasher();
      await expect(authenticateOperator(db, m, 'admin', 'demo', hasher)).resolves.toMatchObject({ login: 'admin' });
      expect(hasher.costs).toEqual([COST]);
    });

    it('an unknown login takes about as long as a wrong password (loose bound)', async () => {
      await failedSignIn(db, 'warm.up', 'x'); // the dummy hash is made once, on first use
      const median = async (login: string) => {
        const times = [];
        for (let i = 0; i < 5; i++) times.push(await failedSignIn(db, login, 'guess'));
        return times.sort((a, b) => a - b)[2]!;
      };
      const known = await median('admin');
      const unknown = await median('nobody.here');
      // Before: 0.25 ms against 21.5 ms (ratio 0.01). Now both run one comparison of the same cost.
      expect(unknown / known).toBeGreaterThan(0.4);
      expect(unknown / known).toBeLessThan(2.5);
    });
  });
}
