import { afterAll, beforeAll } from 'vitest';
import type { Knex } from 'knex';
import type { LmsMapping } from '../../electron/db/mapping';
import type { DatabaseKind, TestDatabase } from '../helpers/databases';
import { Fixture } from './fixtures';

/**
 * A fresh database of one kind with the reference schema (under `m`) for the suite it is
 * called in, dropped afterwards. `ready` receives the open connection and its fixture.
 */
export function useFixtureDatabase(kind: DatabaseKind, m: LmsMapping, ready: (opened: { db: Knex; fx: Fixture }) => void): void {
  let tdb: TestDatabase | undefined;
  beforeAll(async () => {
    tdb = await kind.create();
    const db = await tdb.open();
    ready({ db, fx: await Fixture.create(db, m) });
  });
  afterAll(async () => tdb?.drop());
}
