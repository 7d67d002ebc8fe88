import type { Knex } from 'knex';
import { faker as fakerDE } from '@faker-js/faker/locale/de';
import { faker as fakerEN } from '@faker-js/faker/locale/en';
import { UserInputError } from '../errors';
import { withBulkLoadSettings } from '../db/bulk-insert';
import { LMS_TABLE_NAMES } from '../db/lms-tables';
import type { LmsMapping } from '../db/mapping';
import { Accounts, ADMIN_COUNT, ADMIN_PASSWORD } from './accounts';
import { buildCatalogue, type Catalogue } from './catalogue';
import { EmployeeIds } from './employee-ids';
import { TrainingHistory } from './history';
import { People } from './people';
import { Planting } from './planted';
import { DraftQueue } from './queue';
import { Rng } from './rng';
import type { DemoOptions } from './types';
import { bcryptHash } from './values';
import { DemoWriter } from './writer';

const CHUNK_USERS = 4000;

/**
 * The demo generator: wires its parts (writer, people, planting, accounts, history) to
 * their random streams and runs them. Every stream is forked from the seed in a fixed
 * order and each part draws only from its own, so the same seed gives the same database.
 */
export class DemoGenerator {
  private readonly cat: Catalogue;
  private readonly writer: DemoWriter;
  private readonly queue = new DraftQueue();
  private readonly planting: Planting;
  private readonly accounts: Accounts;
  private readonly passwordHashes: string[];

  constructor(
    private readonly db: Knex,
    mapping: LmsMapping,
    private readonly options: DemoOptions,
  ) {
    const root = new Rng(options.seed);
    const rng = root.fork(1);
    const histRng = root.fork(2);
    fakerDE.seed(options.seed);
    fakerEN.seed(options.seed + 1);
    this.cat = buildCatalogue(root.fork(3), options.users);
    const emp = new EmployeeIds(root.fork(4));
    const hashRng = root.fork(5);
    this.passwordHashes = [bcryptHash(hashRng, ADMIN_PASSWORD), bcryptHash(hashRng, ADMIN_PASSWORD), bcryptHash(hashRng, ADMIN_PASSWORD)];
    // Accounts that log in with a password (not through single sign-on) share one hash of a password nobody knows.
    const lockedHash = bcryptHash(hashRng, `locked-${options.seed}-${hashRng.next()}`);
    this.passwordHashes.push(lockedHash);
    this.writer = new DemoWriter(db, mapping);
    const people = new People(rng, this.cat, emp, lockedHash);
    this.planting = new Planting(rng, this.cat, emp, people, this.queue, lockedHash);
    this.accounts = new Accounts(histRng, this.writer, new TrainingHistory(histRng, this.cat, this.writer, ADMIN_COUNT + 1));
  }

  get plantedPairs() {
    return this.accounts.plantedPairs;
  }

  get hardNegatives() {
    return this.accounts.hardNegatives;
  }

  get admins() {
    return this.accounts.admins;
  }

  private progress(phase: string, done: number, total: number): void {
    this.options.onProgress?.({ phase, done, total });
  }

  async run(): Promise<void> {
    await withBulkLoadSettings(this.db, () => this.generate());
  }

  private async generate(): Promise<void> {
    const total = this.options.users;
    const { accounts, queue } = this;
    this.progress('catalogue', 0, 1);
    await this.writer.writeCatalogue(this.cat);
    this.progress('catalogue', 1, 1);

    accounts.addAdmins(this.cat, this.passwordHashes);
    queue.scheduled = accounts.emitted;
    let lastFlush = 0;
    while (queue.scheduled < total || queue.size > 0) {
      if (queue.scheduled < total) this.planting.scheduleNext(total - queue.scheduled);
      queue.emitDue(queue.scheduled >= total, (draft, cluster) => accounts.emit(draft, cluster));
      if (accounts.emitted - lastFlush >= CHUNK_USERS) {
        await this.writer.flush();
        lastFlush = accounts.emitted;
        this.progress('users', accounts.emitted, total);
      }
    }
    await this.writer.flush();
    this.progress('users', accounts.emitted, total);

    this.progress('finish', 0, 1);
    await this.writer.resetIdentities();
    accounts.plantedPairs.sort((a, b) => (a.uid_a < b.uid_a ? -1 : a.uid_a > b.uid_a ? 1 : a.uid_b < b.uid_b ? -1 : a.uid_b > b.uid_b ? 1 : 0));
    this.progress('finish', 1, 1);
  }
}

/** Refuses a database that already holds LMS data (the generator writes fixed ids). */
export async function assertEmptyLms(db: Knex, mapping: LmsMapping): Promise<void> {
  const usersTable = mapping.table('users');
  const users = Number((await db(usersTable).count({ n: '*' }).first())?.n ?? 0);
  if (users > 0) {
    throw new UserInputError(
      `The database already holds ${users} user account${users === 1 ? '' : 's'} in table "${usersTable}"; the demo generator only fills an empty LMS database.`,
      'Choose a new, empty database file (or an empty database) for the demo, e.g. "mergedesk demo --db demo.db".',
      'DEMO_DB_NOT_EMPTY',
    );
  }
  for (const t of LMS_TABLE_NAMES) {
    if (t === 'enrolment_statuses' || t === 'users') continue;
    const n = Number((await db(mapping.table(t)).count({ n: '*' }).first())?.n ?? 0);
    if (n > 0) {
      throw new UserInputError(
        `The database has no users but table "${mapping.table(t)}" already holds ${n} row${n === 1 ? '' : 's'}; the demo generator only fills an empty LMS database.`,
        'Choose a new, empty database for the demo.',
        'DEMO_DB_NOT_EMPTY',
      );
    }
  }
}
