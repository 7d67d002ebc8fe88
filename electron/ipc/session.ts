import type { Knex } from 'knex';
import type { Operator } from '../auth/operator';
import type { ConnectionDescription } from '../db/connection-url';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';
import type { CancellableTask } from '@shared/ipc/define';
import type { Language } from '@shared/i18n/languages';

/** Thrown by Session.runTask when its task was cancelled; IPC reports it as CANCELLED. */
export class TaskCancelledError extends Error {
  constructor(readonly task: CancellableTask, options?: { cause?: unknown }) {
    super(`The ${task} was cancelled.`, options);
    this.name = 'TaskCancelledError';
  }
}

/** The open database and the signed-in administrator, held in the main process only. */
export class Session {
  db: Knex | null = null;
  mapping: LmsMapping | null = null;
  connection: ConnectionDescription | null = null;
  profileId: string | null = null;
  operator: Operator | null = null;
  /** The operator's settings right as of sign-in, for the renderer only (the engine checks on every save). */
  settingsRight: { allowed: boolean; reason: string | null } | null = null;
  /** The language the UI speaks; logfiles written for it use the same. Kept across database changes. */
  language: Language = 'en';
  /** Long work that may be cancelled (a scan, a batch between pairs), by task name: the app's one cancellation path. */
  private readonly tasks = new Map<CancellableTask, AbortController>();

  /**
   * Runs long work that cancelTask(name) may stop; a second start of the same task cancels
   * the first. Work that throws after its cancellation throws TaskCancelledError; work that
   * stops on its own (a batch between pairs) returns what it has.
   */
  async runTask<T>(name: CancellableTask, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.tasks.get(name)?.abort();
    const controller = new AbortController();
    this.tasks.set(name, controller);
    try {
      return await work(controller.signal);
    } catch (err) {
      if (controller.signal.aborted) throw new TaskCancelledError(name, { cause: err });
      throw err;
    } finally {
      if (this.tasks.get(name) === controller) this.tasks.delete(name);
    }
  }

  cancelTask(name: CancellableTask): boolean {
    const controller = this.tasks.get(name);
    controller?.abort();
    return controller !== undefined;
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.mapping = null;
    this.connection = null;
    this.profileId = null;
    this.operator = null;
    this.settingsRight = null;
    await db?.destroy();
  }

  requireDb(): { db: Knex; mapping: LmsMapping } {
    if (!this.db || !this.mapping) throw new UserInputError('No database is connected.', 'Connect to a database first.', 'NOT_CONNECTED');
    return { db: this.db, mapping: this.mapping };
  }

  requireOperator(): { db: Knex; mapping: LmsMapping; operator: Operator } {
    const { db, mapping } = this.requireDb();
    if (!this.operator) throw new UserInputError('No LMS administrator is signed in.', 'Sign in first.', 'NOT_SIGNED_IN');
    return { db, mapping, operator: this.operator };
  }
}
