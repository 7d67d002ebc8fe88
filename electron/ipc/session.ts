import type { Knex } from 'knex';
import type { Operator } from '../auth/operator';
import type { ConnectionDescription } from '../db/connection-url';
import type { LmsMapping } from '../db/mapping';
import { UserInputError } from '../errors';

/** The open database and the signed-in administrator, held in the main process only. */
export class Session {
  db: Knex | null = null;
  mapping: LmsMapping | null = null;
  connection: ConnectionDescription | null = null;
  profileId: string | null = null;
  operator: Operator | null = null;
  /** The operator's settings right as of sign-in, for the renderer only (the engine checks on every save). */
  settingsRight: { allowed: boolean; reason: string | null } | null = null;
  /** Long work that may be cancelled (a scan, a batch between pairs), by task name. */
  private readonly tasks = new Map<string, AbortController>();

  /** Starts a cancellable task; a second start of the same task cancels the first. */
  startTask(name: string, parent?: AbortSignal): { signal: AbortSignal; done(): void } {
    this.tasks.get(name)?.abort();
    const controller = new AbortController();
    parent?.addEventListener('abort', () => controller.abort());
    this.tasks.set(name, controller);
    return {
      signal: controller.signal,
      done: () => {
        if (this.tasks.get(name) === controller) this.tasks.delete(name);
      },
    };
  }

  cancelTask(name: string): boolean {
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
